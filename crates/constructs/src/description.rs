//! Descriptions that constructs generate from construct paths, made safe
//! for the services that store them.

/// The characters EC2 accepts in security group and rule descriptions
/// (and a subset of what IAM accepts in role descriptions), besides ASCII
/// letters and digits.
const EC2_PUNCTUATION: &str = ". _-:/()#,@[]+=&;{}!$*";

/// Whether EC2 accepts `text` as a security group or rule description.
pub(crate) fn is_ec2_text(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphanumeric() || EC2_PUNCTUATION.contains(c))
}

/// `text` with every character EC2 would refuse replaced by `_`, cut to
/// `max` characters: construct ids may hold any printable character, the
/// descriptions made from them may not.
pub(crate) fn ec2_text(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() || EC2_PUNCTUATION.contains(c) { c } else { '_' })
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_characters_are_replaced_and_length_is_cut() {
        assert_eq!(ec2_text("Función→API/Sg", 255), "Funci_n_API/Sg");
        assert!(is_ec2_text(&ec2_text("a'b?c%d~e\"f", 255)));
        assert_eq!(ec2_text(&"x".repeat(300), 255).len(), 255);
        assert!(is_ec2_text("from Graphql/SecurityGroup on tcp 27017"));
        assert!(!is_ec2_text("it's"));
    }
}
