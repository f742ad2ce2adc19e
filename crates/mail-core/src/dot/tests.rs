use super::*;
use proptest::prelude::*;

use crate::harness::{
    DotOutcome, check_dot_decoder, check_dot_roundtrip, dot_decode as decode_chunked,
};

fn decode_whole(wire: &[u8]) -> DotOutcome {
    decode_chunked(wire, &[], BareLineEndings::Reject)
}

/// (wire bytes, unstuffed body, bytes after the terminator when the block ends)
type DecoderCase = (&'static [u8], &'static [u8], Option<&'static [u8]>);

/// RFC 5321 §4.5.2 transparency, and the end of data of §4.1.1.4.
#[test]
fn decoder_table() {
    let cases: &[DecoderCase] = &[
        // A `.` line right at the start ends an empty body.
        (b".\r\n", b"", Some(b"")),
        (b".\r\nQUIT\r\n", b"", Some(b"QUIT\r\n")),
        // `..x` on the first line is unstuffed.
        (b"..x\r\n.\r\n", b".x\r\n", Some(b"")),
        (b"a\r\n..\r\n.\r\n", b"a\r\n.\r\n", Some(b"")),
        (b"a\r\n...\r\nb\r\n.\r\n", b"a\r\n..\r\nb\r\n", Some(b"")),
        // A line starting with `.` and more text: the first `.` is removed (RFC 5321 §4.5.2).
        (b".a.b\r\n.\r\n", b"a.b\r\n", Some(b"")),
        (
            b"x\r\n.\r\nMAIL FROM:<a@b>\r\n",
            b"x\r\n",
            Some(b"MAIL FROM:<a@b>\r\n"),
        ),
        // No terminator yet.
        (b"x\r\n", b"x\r\n", None),
        (b"x\r\n.", b"x\r\n", None),
        (b"x\r\n.\r", b"x\r\n", None),
    ];
    for (wire, body, rest) in cases {
        let (got_body, got_rest, errors) = decode_whole(wire);
        assert!(errors.is_empty(), "{wire:?}: {errors:?}");
        assert_eq!(&got_body[..], *body, "{:?}", String::from_utf8_lossy(wire));
        assert_eq!(
            got_rest.as_deref(),
            *rest,
            "{:?}",
            String::from_utf8_lossy(wire)
        );
    }
}

/// SMTP smuggling (CVE-2023-51764, -51765, -51766): only CR LF `.` CR LF ends the data.
#[test]
fn smuggling_sequences_never_end_the_data() {
    let sequences: &[&[u8]] = &[
        b"\n.\n",
        b"\n.\r\n",
        b"\r.\r",
        b"\r.\n",
        b"\r\n.\n",
        b"\r\n.\r\r\n",
        b"\r\r\n.\r\r\n",
        b"\r\n\x00.\r\n",
        b"\r\n.\r",
        b"\n.\r",
    ];
    for seq in sequences {
        let mut wire = b"Subject: x\r\n\r\nbody".to_vec();
        wire.extend_from_slice(seq);
        wire.extend_from_slice(b"MAIL FROM:<evil@x>\r\n");
        for policy in [BareLineEndings::Reject, BareLineEndings::Preserve] {
            let (body, rest, errors) = decode_chunked(&wire, &[], policy);
            assert_eq!(rest, None, "{seq:?} ended the data under {policy:?}");
            if policy == BareLineEndings::Preserve {
                assert!(errors.is_empty());
                // Preserve passes everything through; only a `.` that starts a real line (after
                // CR LF) is removed as stuffing, as RFC 5321 §4.5.2 says.
                let mut expected = wire.clone();
                if let Some(i) = memchr::memmem::find(&expected, b"\r\n.") {
                    expected.remove(i + 2);
                }
                assert_eq!(body, expected, "{seq:?}");
            }
            // The real terminator still ends it afterwards.
            let mut ended = wire.clone();
            ended.extend_from_slice(b"\r\n.\r\n");
            let (_, rest, _) = decode_chunked(&ended, &[], policy);
            assert_eq!(rest.as_deref(), Some(&b""[..]), "{seq:?} under {policy:?}");
        }
    }
}

#[test]
fn bare_line_endings_are_rejected_with_offsets_and_data_is_kept() {
    let wire = b"ab\ncd\r\nx\ry\r\n.\r\n";
    let (body, rest, errors) = decode_whole(wire);
    assert_eq!(
        errors,
        vec![(2, DecodeErrorKind::BareLf), (8, DecodeErrorKind::BareCr)]
    );
    // Everything but the offending bytes is still handed out, and the end is found.
    assert_eq!(body, b"abcd\r\nxy\r\n");
    assert_eq!(rest.as_deref(), Some(&b""[..]));
}

#[test]
fn every_prefix_needs_more_and_every_split_agrees() {
    let wire = b"..a\r\nb\r\n..\r\n.\r\nNEXT";
    let (body, rest, _) = decode_whole(wire);
    for cut in 0..=wire.len() {
        for cut2 in cut..=wire.len() {
            let (b2, r2, e2) = decode_chunked(wire, &[cut, cut2], BareLineEndings::Reject);
            assert!(e2.is_empty());
            assert_eq!((&b2, &r2), (&body, &rest), "cuts at {cut},{cut2}");
        }
    }
    // Before the terminator is complete nothing ends.
    let end = wire.len() - 4;
    for n in 0..end {
        let (_, rest, _) = decode_whole(&wire[..n]);
        assert_eq!(rest, None, "prefix of {n} bytes");
    }
}

#[test]
fn encoder_table() {
    let cases: &[(&[u8], &[u8])] = &[
        (b"", b".\r\n"),
        (b"a", b"a\r\n.\r\n"),
        (b"a\r\n", b"a\r\n.\r\n"),
        (b".", b"..\r\n.\r\n"),
        (b".\r\n", b"..\r\n.\r\n"),
        (b"a\r\n.b\r\n..\r\n", b"a\r\n..b\r\n...\r\n.\r\n"),
        (b"\r\n", b"\r\n.\r\n"),
    ];
    for (body, wire) in cases {
        let mut out = Vec::new();
        DotEncoder::new().encode_body(body, &mut out).unwrap();
        assert_eq!(out, *wire, "{:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn encoder_bare_line_endings() {
    for body in [&b"a\nb"[..], b"a\rb", b"a\r", b"\n", b"x\r\r\n"] {
        let mut out = Vec::new();
        let err = DotEncoder::new().encode_body(body, &mut out).unwrap_err();
        assert!(
            matches!(err, ValidationError::InvalidByte { .. }),
            "{body:?}"
        );
    }
    let cases: &[(&[u8], &[u8])] = &[
        (b"a\nb", b"a\r\nb\r\n.\r\n"),
        (b"a\n.b", b"a\r\n..b\r\n.\r\n"),
        (b"a\r.b\r", b"a\r\n..b\r\n.\r\n"),
        (b"\n.\n", b"\r\n..\r\n.\r\n"),
    ];
    for (body, wire) in cases {
        let mut out = Vec::new();
        DotEncoder::with_policy(BareLineEndingEncoding::Normalize)
            .encode_body(body, &mut out)
            .unwrap();
        assert_eq!(out, *wire, "{:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn encoder_error_position() {
    let mut enc = DotEncoder::new();
    let mut out = Vec::new();
    enc.encode(b"ab\r", &mut out).unwrap();
    let err = enc.encode(b"c", &mut out).unwrap_err();
    assert_eq!(
        err,
        ValidationError::InvalidByte {
            what: "message body (bare CR or LF)",
            byte: b'\r',
            position: 2
        }
    );
}

fn crlf_text() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b"\r\n".to_vec()),
            Just(b".".to_vec()),
            Just(b"..".to_vec()),
            Just(b".\r\n".to_vec()),
            "[a-z ]{0,8}".prop_map(String::into_bytes),
            proptest::collection::vec(
                any::<u8>().prop_filter("no CR/LF", |b| *b != b'\r' && *b != b'\n'),
                0..4
            ),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// Stuff then unstuff is the identity (plus the CR LF added to a body without a final one).
    #[test]
    fn stuff_unstuff_identity(body in crlf_text(), cuts in proptest::collection::vec(any::<usize>(), 0..6)) {
        check_dot_roundtrip(&body, &cuts);
    }

    /// Bodies with bare CR and LF are refused by the encoder, and the rest round-trips.
    #[test]
    fn stuff_unstuff_any_bytes(
        body in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), any::<u8>()], 0..64),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        check_dot_roundtrip(&body, &cuts);
    }

    /// No body, however hostile, makes the decoder stop before the real terminator.
    #[test]
    fn decoder_stops_only_at_the_real_terminator(
        raw in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a'), any::<u8>()], 0..64),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        check_dot_decoder(&raw, &cuts);
    }
}

proptest! {
    /// RFC 5321 §4.5.2 transparency and §2.3.8 (no bare CR or LF): the fast path (a search
    /// for CR LF `.` and a pairing check over whole regions) answers exactly as the
    /// byte-by-byte scan, or leaves the input to it, from any start and under both policies.
    #[test]
    fn fast_path_agrees_with_the_exact_scan(
        raw in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a')], 0..64),
        start in 0usize..3,
    ) {
        let start = start.min(raw.len());
        for policy in [BareLineEndings::Reject, BareLineEndings::Preserve] {
            let mut fast = DotDecoder::with_policy(policy);
            fast.at_line_start = false;
            let mut exact = fast.clone();
            match fast.fast_step(&raw, start) {
                Some(chunk) => {
                    prop_assert_eq!(Ok(chunk), exact.exact_step(&raw, start));
                    prop_assert_eq!(fast.at_line_start, exact.at_line_start);
                }
                None => prop_assert_eq!(policy, BareLineEndings::Reject),
            }
        }
    }
}
