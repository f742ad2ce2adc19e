//! RFC 3463 enhanced status codes: round trips and robustness over arbitrary input.

use mail_core::Encode;
use mail_core::status::EnhancedStatusCode;
use proptest::prelude::*;

proptest! {
    /// RFC 3463 §2: every valid code encodes without leading zeros and parses back, using
    /// exactly the bytes it wrote, also when reply text follows.
    #[test]
    fn round_trip(class in prop_oneof![Just(2u8), Just(4), Just(5)], subject in 0u16..=999, detail in 0u16..=999) {
        let code = EnhancedStatusCode::new(class, subject, detail).unwrap();
        let mut wire = code.to_bytes();
        prop_assert_eq!(&wire, &code.to_string().into_bytes());
        let len = wire.len();
        prop_assert_eq!(EnhancedStatusCode::parse(&wire), Ok((code, len)));
        wire.extend_from_slice(b" text");
        prop_assert_eq!(EnhancedStatusCode::parse(&wire), Ok((code, len)));
        prop_assert_eq!(code.to_string().parse::<EnhancedStatusCode>(), Ok(code));
    }

    /// Out-of-range sub-codes are refused by the constructor (RFC 3463 §2, 1*3digit).
    #[test]
    fn constructor_range(subject in 1000u16.., detail in 0u16..=999) {
        prop_assert!(EnhancedStatusCode::new(2, subject, detail).is_err());
        prop_assert!(EnhancedStatusCode::new(2, detail, subject).is_err());
    }

    /// The parsers never panic, and what they accept re-encodes and parses to the same value.
    #[test]
    fn parse_never_panics(input in proptest::collection::vec(
        prop_oneof![Just(b'.'), Just(b'0'), Just(b'2'), Just(b'5'), Just(b'9'), any::<u8>()], 0..20)) {
        for parse in [EnhancedStatusCode::parse, EnhancedStatusCode::parse_lenient] {
            if let Ok((code, used)) = parse(&input) {
                prop_assert!(used <= input.len());
                let wire = code.to_bytes();
                prop_assert_eq!(EnhancedStatusCode::parse(&wire), Ok((code, wire.len())));
            }
        }
    }
}
