//! RFC 3461 §4 xtext: round trips and robustness over arbitrary input.

use std::borrow::Cow;

use mail_core::Encode;
use mail_core::xtext::{self, XText, XtextConfig};
use proptest::prelude::*;

proptest! {
    /// RFC 3461 §4: for any octets, decode(encode(v)) == v, and the encoding is pure xtext.
    #[test]
    fn round_trip_arbitrary_bytes(value in proptest::collection::vec(any::<u8>(), 0..300)) {
        let wire = XText::new(value.as_slice()).to_bytes();
        prop_assert_eq!(wire.len(), xtext::encoded_len(&value));
        prop_assert!(wire.iter().all(|&b| xtext::is_xchar(b) || b == b'+' || b.is_ascii_hexdigit()));
        let decoded = xtext::decode(&wire).unwrap();
        prop_assert_eq!(decoded.as_ref(), value.as_slice());
    }

    /// Values made only of xchar encode to themselves and decode borrowed (zero copy).
    #[test]
    fn xchar_only_is_identity(value in "[!-*,-<>-~]{0,100}") {
        let wire = XText::new(value.as_bytes()).to_bytes();
        prop_assert_eq!(wire.as_slice(), value.as_bytes());
        prop_assert!(matches!(xtext::decode(&wire).unwrap(), Cow::Borrowed(_)));
    }

    /// The decoders never panic; whatever they accept re-encodes to something they accept
    /// with the same value.
    #[test]
    fn decode_never_panics(input in proptest::collection::vec(
        prop_oneof![Just(b'+'), Just(b'='), Just(b'A'), Just(b'f'), Just(b'3'), any::<u8>()], 0..200)) {
        for config in [XtextConfig::new(), XtextConfig::new().with_lower_case_hex(true)] {
            if let Ok(value) = xtext::decode_with(&input, &config) {
                prop_assert!(value.len() <= input.len());
                let again = XText::new(value.as_ref()).to_bytes();
                let redecoded = xtext::decode(&again).unwrap();
                prop_assert_eq!(redecoded.as_ref(), value.as_ref());
            }
        }
    }
}
