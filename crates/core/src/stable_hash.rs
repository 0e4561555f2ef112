//! A hash that is the same on every run, platform and compiler version
//! (unlike `std`'s), for names that must not change between syntheses.

/// FNV-1a over bytes fed in pieces, folded to 32 bits.
///
/// ```
/// use cfnkit_core::StableHash;
///
/// let mut hash = StableHash::new();
/// hash.write(b"Vpc/PublicSubnet1/Subnet");
/// assert_eq!(format!("{:08X}", hash.finish()), "8F7720FB");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StableHash(u64);

impl StableHash {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// An empty hash.
    pub fn new() -> StableHash {
        StableHash(Self::OFFSET)
    }

    /// Feeds bytes in.
    pub fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(Self::PRIME);
        }
    }

    /// The 64-bit state folded to 32 bits.
    pub fn finish(&self) -> u32 {
        ((self.0 >> 32) ^ self.0) as u32
    }

    /// The hash of one string.
    pub fn of(text: &str) -> u32 {
        let mut hash = StableHash::new();
        hash.write(text.as_bytes());
        hash.finish()
    }
}

impl Default for StableHash {
    fn default() -> StableHash {
        StableHash::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hash_like_the_whole_and_the_value_is_fixed() {
        let mut pieces = StableHash::new();
        pieces.write(b"Api/Default/");
        pieces.write(b"graphql/POST");
        assert_eq!(pieces.finish(), StableHash::of("Api/Default/graphql/POST"));
        // FNV-1a-64 of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(StableHash::of("a"), 0xaf63_dc4c ^ 0x8601_ec8c);
    }
}
