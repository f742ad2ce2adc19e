//! The base64 wire form of SASL exchanges (`mail_core::sasl::wire`).

use mail_core::DecodeErrorKind;
use mail_core::sasl::wire::{
    self, DEFAULT_MAX_DECODED_LEN, SaslResponse, decode_challenge, decode_initial_response,
    decode_response, encode_challenge, encode_initial_response, encode_response, encoded_len,
};
use proptest::prelude::*;

const MAX: usize = DEFAULT_MAX_DECODED_LEN;

fn data(bytes: &[u8]) -> SaslResponse {
    SaslResponse::data(bytes.to_vec())
}

/// Known answers from the RFCs' example exchanges.
#[test]
fn rfc_example_lines() {
    let table: &[(&[u8], &[u8])] = &[
        // RFC 4616 §4 (PLAIN, without authzid)
        (b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm", b"\0tim\0tanstaaftanstaaf"),
        // draft-murchison-sasl-login-00 §2.3 (LOGIN responses)
        (b"dGlt", b"tim"),
        (b"dGFuc3RhYWZ0YW5zdGFhZg==", b"tanstaaftanstaaf"),
        // RFC 2195 §2 (CRAM-MD5 response)
        (
            b"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
            b"tim b913a602c7eda7a495b4e6e7334d3890",
        ),
        // RFC 4505 §4 (ANONYMOUS trace)
        (b"c2lyaGM=", b"sirhc"),
        // RFC 7628 §4.3 (OAUTHBEARER dummy response)
        (b"AQ==", b"\x01"),
    ];
    for (line, expected) in table {
        assert_eq!(decode_response(line, MAX).unwrap(), data(expected));
        assert_eq!(decode_initial_response(line, MAX).unwrap(), data(expected));
        let mut out = Vec::new();
        encode_response(&data(expected), &mut out);
        assert_eq!(&out, line);
    }
}

/// draft-murchison-sasl-login-00 §2.3 and RFC 2195 §2: server challenges.
#[test]
fn rfc_example_challenges() {
    let table: &[(&[u8], &[u8])] = &[
        (b"VXNlciBOYW1lAA==", b"User Name\0"),
        (b"UGFzc3dvcmQA", b"Password\0"),
        (
            b"PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
            b"<1896.697170952@postoffice.reston.mci.net>",
        ),
        // An empty challenge ("334 " / "+ " with nothing after it).
        (b"", b""),
    ];
    for (line, expected) in table {
        assert_eq!(&decode_challenge(line, MAX).unwrap(), expected);
        let mut out = Vec::new();
        encode_challenge(expected, &mut out);
        assert_eq!(&out, line);
    }
}

/// RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2: a single "*" cancels the exchange.
#[test]
fn star_is_cancel() {
    assert_eq!(decode_response(b"*", MAX).unwrap(), SaslResponse::Cancel);
    assert!(decode_response(b"*", MAX).unwrap().is_cancel());
    assert_eq!(SaslResponse::Cancel.as_bytes(), None);
    let mut out = Vec::new();
    encode_response(&SaslResponse::Cancel, &mut out);
    assert_eq!(out, b"*");
    // "*" is not base64 and not an initial response.
    assert!(decode_initial_response(b"*", MAX).is_err());
    assert!(decode_challenge(b"*", MAX).is_err());
    // "**" or "* " is not a cancel line.
    assert!(decode_response(b"**", MAX).is_err());
    assert!(decode_response(b"* ", MAX).is_err());
}

/// RFC 4954 §4, RFC 9051 §6.2.2, RFC 4959 §3: "=" is the zero-length initial response, and only
/// that.
#[test]
fn equals_is_empty_initial_response_only() {
    assert_eq!(
        decode_initial_response(b"=", MAX).unwrap(),
        SaslResponse::Empty
    );
    assert_eq!(SaslResponse::Empty.as_bytes(), Some(&b""[..]));
    let mut out = Vec::new();
    encode_initial_response(b"", &mut out);
    assert_eq!(out, b"=");

    let err = decode_response(b"=", MAX).unwrap_err();
    assert_eq!(err.offset, 0);
    assert!(matches!(err.kind, DecodeErrorKind::Syntax { .. }));
    // An empty initial response must be written "=", not as nothing.
    assert!(decode_initial_response(b"", MAX).is_err());
}

/// An empty line after a challenge is a zero-length response; it is written as nothing.
#[test]
fn empty_line_is_empty_response() {
    assert_eq!(decode_response(b"", MAX).unwrap(), SaslResponse::Empty);
    let mut out = Vec::new();
    encode_response(&SaslResponse::Empty, &mut out);
    assert!(out.is_empty());
    // A Data response holding nothing is encoded the same way.
    encode_response(&SaslResponse::Data(Vec::new().into()), &mut out);
    assert!(out.is_empty());
    assert_eq!(SaslResponse::data(Vec::new()), SaslResponse::Empty);
}

/// RFC 9051 §6.2.2: characters outside the alphabet and non-terminal "=" are invalid ("=AAA",
/// "AAA=BBB"); whitespace, line breaks and missing padding too (strict RFC 4648 §4).
#[test]
fn invalid_base64_is_a_syntax_error_at_its_offset() {
    let table: &[(&[u8], usize)] = &[
        (b"=AAA", 0),
        (b"AAA=BBBB", 3),
        (b"dGlt dGlt", 4),
        (b" dGlt", 0),
        (b"dGlt ", 4),
        (b"dGlt\r\n", 4),
        (b"dG\tlt", 2),
        (b"dGl!", 3),
        (b"dGl\xc3\xa9", 3),
        (b"dGltdGl-", 7), // URL-safe alphabet is not accepted
        (b"dGltdGl_", 7),
    ];
    for (line, offset) in table {
        for result in [
            decode_response(line, MAX).map(|_| ()),
            decode_initial_response(line, MAX).map(|_| ()),
            decode_challenge(line, MAX).map(|_| ()),
        ] {
            let err = result.unwrap_err();
            assert_eq!(err.offset, *offset, "{:?}", String::from_utf8_lossy(line));
            assert!(
                matches!(err.kind, DecodeErrorKind::Syntax { .. }),
                "{err:?}"
            );
        }
    }
}

/// RFC 4648 §3.2: padding is required; a final group must have 2 to 4 characters.
#[test]
fn padding_is_required_and_length_checked() {
    for line in [
        &b"dGltZQ"[..],
        b"dGltZQ=",
        b"dGltZQ===",
        b"dGltZ",
        b"dGltZQ==dGlt",
        b"A",
    ] {
        let err = decode_response(line, MAX).unwrap_err();
        assert!(
            matches!(err.kind, DecodeErrorKind::Syntax { .. }),
            "{line:?}: {err:?}"
        );
    }
    assert_eq!(decode_response(b"dGltZQ==", MAX).unwrap(), data(b"time"));
}

/// RFC 4648 §3.5: the unused bits of the last character must be zero. The base64 crate's STANDARD
/// engine rejects non-canonical trailing bits (`InvalidLastSymbol`); "QR==" and "QUJ=" would
/// decode to the same octets as "QQ==" and "QUI=" in a lax decoder.
#[test]
fn non_canonical_trailing_bits_are_rejected() {
    assert_eq!(decode_response(b"QQ==", MAX).unwrap(), data(b"A"));
    assert_eq!(decode_response(b"QUI=", MAX).unwrap(), data(b"AB"));
    for (line, offset) in [(&b"QR=="[..], 1), (b"QUJ=", 2), (b"dGltQR==", 5)] {
        let err = decode_response(line, MAX).unwrap_err();
        assert_eq!(err.offset, offset, "{line:?}");
        assert_eq!(
            err.kind,
            DecodeErrorKind::Syntax {
                expected: "canonical base64 (unused bits must be zero)"
            }
        );
    }
}

/// The caller's maximum decoded length is enforced exactly, with a typed error.
#[test]
fn size_limit_is_a_typed_error() {
    let limit_kind = |limit: u64| DecodeErrorKind::LimitExceeded {
        what: "sasl data octets",
        limit,
    };
    // 3 octets fit a limit of 3; 4 do not.
    assert_eq!(decode_response(b"dGlt", 3).unwrap(), data(b"tim"));
    assert_eq!(
        decode_response(b"dGltZQ==", 3).unwrap_err().kind,
        limit_kind(3)
    );
    // Same quantum count, different lengths: "dGk=" is 2 octets, "dGlt" is 3.
    assert_eq!(decode_response(b"dGk=", 2).unwrap(), data(b"ti"));
    assert_eq!(decode_response(b"dGlt", 2).unwrap_err().kind, limit_kind(2));
    assert_eq!(
        decode_challenge(b"dGlt", 2).unwrap_err().kind,
        limit_kind(2)
    );
    assert_eq!(
        decode_initial_response(b"dGlt", 2).unwrap_err().kind,
        limit_kind(2)
    );
    // A limit of zero only accepts the zero-length forms.
    assert_eq!(decode_response(b"", 0).unwrap(), SaslResponse::Empty);
    assert_eq!(
        decode_initial_response(b"=", 0).unwrap(),
        SaslResponse::Empty
    );
    assert_eq!(decode_response(b"*", 0).unwrap(), SaslResponse::Cancel);
    assert_eq!(decode_response(b"QQ==", 0).unwrap_err().kind, limit_kind(0));
    // A huge line is refused before it is decoded, even if it is not base64.
    let huge = vec![b'!'; 20_000];
    assert_eq!(
        decode_response(&huge, MAX).unwrap_err().kind,
        limit_kind(MAX as u64)
    );
    // RFC 4954 §4: 12288 characters of base64 are accepted by default.
    let full = vec![b'A'; 12288];
    assert_eq!(
        decode_response(&full, MAX)
            .unwrap()
            .as_bytes()
            .map(<[u8]>::len),
        Some(9216)
    );
}

/// RFC 4954 §4: a client checks the encoded length before sending an initial response.
#[test]
fn encoded_len_matches_encoding() {
    for len in [0usize, 1, 2, 3, 4, 100, 9216] {
        let bytes = vec![0xA5u8; len];
        let mut out = Vec::new();
        encode_challenge(&bytes, &mut out);
        assert_eq!(encoded_len(len), Some(out.len()));
    }
    assert_eq!(encoded_len(usize::MAX), None);
}

/// Credentials never show in `Debug` output.
#[test]
fn debug_redacts_response_data() {
    let response = decode_response(b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm", MAX).unwrap();
    let debug = format!("{response:?}");
    assert!(!debug.contains("tanstaaf"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

proptest! {
    /// Round trip: encode then decode gives the same response.
    #[test]
    fn response_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let response = SaslResponse::data(bytes.clone());
        let mut line = Vec::new();
        encode_response(&response, &mut line);
        prop_assert_eq!(decode_response(&line, bytes.len()).unwrap(), response.clone());
        let mut initial = Vec::new();
        encode_initial_response(&bytes, &mut initial);
        prop_assert_eq!(decode_initial_response(&initial, bytes.len()).unwrap(), response);
        let mut challenge = Vec::new();
        encode_challenge(&bytes, &mut challenge);
        prop_assert_eq!(decode_challenge(&challenge, bytes.len()).unwrap(), bytes);
    }

    /// Strictness: whatever decodes re-encodes to the same text (one encoding per value).
    #[test]
    fn accepted_lines_are_canonical(line in proptest::collection::vec(
        prop_oneof![Just(b'='), Just(b'A'), Just(b'Q'), Just(b'/'), Just(b'+'), Just(b'z'), Just(b'B')],
        0..16,
    )) {
        if let Ok(bytes) = decode_challenge(&line, MAX) {
            let mut again = Vec::new();
            encode_challenge(&bytes, &mut again);
            prop_assert_eq!(again, line);
        }
    }

    /// Decoders never panic, and errors point inside the line.
    #[test]
    fn decoders_never_panic(line in proptest::collection::vec(any::<u8>(), 0..64), max in 0usize..64) {
        for result in [
            decode_response(&line, max).map(|_| ()),
            decode_initial_response(&line, max).map(|_| ()),
            decode_challenge(&line, max).map(|_| ()),
        ] {
            if let Err(err) = result {
                prop_assert!(err.offset <= line.len());
            }
        }
        let _ = wire::decode_response(&line, usize::MAX);
    }
}
