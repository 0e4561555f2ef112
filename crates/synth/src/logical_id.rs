//! Logical IDs from construct paths.
//!
//! A logical ID depends on its own path and nothing else, so adding,
//! removing or reordering other constructs never renames a resource (a
//! rename is a replacement in CloudFormation).
//!
//! - A top-level construct whose id is already a valid logical ID keeps it:
//!   `Api` stays `Api`.
//! - A resource whose content must rename it (an API Gateway deployment)
//!   gets a hash of its path and that content instead: see
//!   [`content_logical_id`].
//! - Anything else is its path's letters and digits, without the `Resource`
//!   and `Default` components that L2 constructs give their main resource,
//!   followed by eight hex digits of a hash of the full path, which keeps
//!   `A/BC` and `AB/C` apart: `Vpc/PublicSubnet1/Subnet` becomes
//!   `VpcPublicSubnet1Subnet` and a suffix.

use cfnkit_core::StableHash;

/// CloudFormation's limit on a logical ID's length.
pub const MAX_LOGICAL_ID_LEN: usize = 255;

const HASH_LEN: usize = 8;

/// Path components that name an L2 construct's main resource and add nothing
/// to a reader.
const HIDDEN_COMPONENTS: [&str; 2] = ["Resource", "Default"];

/// The logical ID for a construct path.
///
/// ```
/// use cfnkit_synth::logical_id;
///
/// assert_eq!(logical_id("Api"), "Api");
/// let subnet = logical_id("Vpc/PublicSubnet1/Subnet");
/// assert!(subnet.starts_with("VpcPublicSubnet1Subnet"));
/// assert_eq!(subnet.len(), "VpcPublicSubnet1Subnet".len() + 8);
/// ```
pub fn logical_id(path: &str) -> String {
    if is_valid_logical_id(path) {
        return path.to_owned();
    }
    format!("{}{:08X}", readable(path), path_hash(path))
}

/// The letters and digits of a path without its hidden components, cut so
/// that a hash still fits.
fn readable(path: &str) -> String {
    path.split('/')
        .filter(|component| !HIDDEN_COMPONENTS.contains(component))
        .flat_map(|component| component.chars().filter(char::is_ascii_alphanumeric))
        .take(MAX_LOGICAL_ID_LEN - HASH_LEN)
        .collect()
}

/// Whether a string is a logical ID CloudFormation accepts: 1 to 255 ASCII
/// letters and digits.
pub fn is_valid_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LOGICAL_ID_LEN && id.chars().all(|c| c.is_ascii_alphanumeric())
}

fn path_hash(path: &str) -> u32 {
    StableHash::of(path)
}

/// The logical ID of a resource whose name must change when `content`
/// does (see `ResourceOptions::replace_when_changed`): the path's letters
/// and digits, then a hash of the path and the content together.
pub fn content_logical_id(path: &str, content: u32) -> String {
    let mut hash = StableHash::new();
    hash.write(path.as_bytes());
    hash.write(&content.to_be_bytes());
    format!("{}{:08X}", readable(path), hash.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_alphanumeric_ids_are_kept() {
        assert_eq!(logical_id("Api"), "Api");
        assert_eq!(logical_id("Mongo2"), "Mongo2");
    }

    #[test]
    fn nested_paths_get_readable_prefix_and_hash() {
        let id = logical_id("Vpc/PublicSubnet1/Subnet");
        assert!(id.starts_with("VpcPublicSubnet1Subnet"), "{id}");
        assert_eq!(id.len(), 22 + HASH_LEN);
        assert!(is_valid_logical_id(&id));
    }

    #[test]
    fn resource_component_is_hidden_but_still_hashed() {
        let id = logical_id("Vpc/Resource");
        assert!(id.starts_with("Vpc") && id.len() == 3 + HASH_LEN, "{id}");
        assert_ne!(id, logical_id("Vpc/Default"));
    }

    #[test]
    fn paths_that_read_alike_still_differ() {
        assert_ne!(logical_id("A/BC"), logical_id("AB/C"));
        assert_ne!(logical_id("my-api"), logical_id("myapi"));
    }

    #[test]
    fn hash_is_fnv1a_folded_and_fixed() {
        // Computed independently (Python FNV-1a 64, high ^ low 32 bits). If
        // this ever changed, every deployed stack would see its nested
        // resources replaced.
        assert_eq!(logical_id("Vpc/PublicSubnet1/Subnet"), "VpcPublicSubnet1Subnet8F7720FB");
    }

    #[test]
    fn content_ids_change_with_content_only() {
        let first = content_logical_id("Api/Deployment", 1);
        assert!(first.starts_with("ApiDeployment") && is_valid_logical_id(&first), "{first}");
        assert_eq!(first, content_logical_id("Api/Deployment", 1));
        assert_ne!(first, content_logical_id("Api/Deployment", 2));
        assert_ne!(first, content_logical_id("Other/Deployment", 1));
        assert_eq!(content_logical_id(&"x".repeat(400), 7).len(), MAX_LOGICAL_ID_LEN);
    }

    #[test]
    fn very_long_paths_are_cut_to_the_limit() {
        let path = vec!["Segment".repeat(10); 10].join("/");
        let id = logical_id(&path);
        assert_eq!(id.len(), MAX_LOGICAL_ID_LEN);
        assert!(is_valid_logical_id(&id));
    }

    #[test]
    fn ids_of_symbols_only_are_hash_only() {
        let id = logical_id("Vpc/--");
        assert!(is_valid_logical_id(&id));
    }
}
