//! Reply decoding and encoding (RFC 5321 §4.2, RFC 2034, RFC 3463).

use mail_core::status::EnhancedStatusCode;
use smtp_proto::decode::{ReplyDecoderConfig, ReplyFramer};
use smtp_proto::{DecodeErrorKind, Decoded, Encode, Reply, ReplyDecoder};

fn decode(input: &[u8]) -> Reply<'_> {
    let (r, used) = ReplyDecoder::new()
        .decode(input)
        .unwrap()
        .complete()
        .unwrap();
    assert_eq!(used, input.len());
    r
}

/// RFC 5321 §4.2: single and multi-line replies, text optional, a bare code accepted.
#[test]
fn shapes() {
    let r = decode(b"250 OK\r\n");
    assert_eq!(
        (r.code().get(), r.lines().len(), r.lines()[0].text()),
        (250, 1, "OK")
    );
    let r = decode(b"250\r\n");
    assert_eq!(r.lines()[0].text(), "");
    assert_eq!(r.to_bytes(), b"250\r\n");
    let r = decode(b"250 \r\n");
    assert_eq!(r.lines()[0].text(), "");
    let r = decode(b"250-First line\r\n250-Second\r\n250 Last\r\n");
    assert_eq!(r.lines().len(), 3);
    assert_eq!(r.text(), "First line\nSecond\nLast");
    let r = decode(b"220-\r\n220 ready\r\n");
    assert_eq!(r.lines().len(), 2);
    // textstring allows HT; a code followed directly by HT is not a reply.
    let r = decode(b"554 \ttab ok\r\n");
    assert_eq!(r.lines()[0].text(), "\ttab ok");
    assert!(ReplyDecoder::new().decode(b"554\tx\r\n").is_err());
}

/// RFC 2034 §4 / RFC 3463: status codes recognised on each line; values up to 999; a class
/// that does not match the reply code is just text.
#[test]
fn enhanced_status_codes() {
    let r = decode(b"550-5.1.1 first\r\n550 5.1.1 second\r\n");
    assert!(
        r.lines()
            .iter()
            .all(|l| l.status() == Some(EnhancedStatusCode::BAD_DESTINATION_MAILBOX))
    );
    assert_eq!(r.lines()[1].text(), "second");
    let r = decode(b"451 4.999.999 odd\r\n");
    assert_eq!(r.status().unwrap().subject(), 999);
    let r = decode(b"250 5.1.1 mismatched\r\n");
    assert_eq!(
        (r.status(), r.lines()[0].text()),
        (None, "5.1.1 mismatched")
    );
    let r = decode(b"250 2.0.0\r\n");
    assert_eq!(
        (r.status(), r.lines()[0].text()),
        (Some(EnhancedStatusCode::SUCCESS), "")
    );
    assert_eq!(r.to_bytes(), b"250 2.0.0\r\n");
    let r = decode(b"250 2.0.0x\r\n");
    assert_eq!(r.status(), None);
}

/// Malformed replies: differing codes, bad codes, bare LF, control characters, limits.
#[test]
fn errors() {
    let d = ReplyDecoder::new();
    let e = d.decode(b"250-a\r\n251 b\r\n").unwrap_err();
    assert!(matches!(e.kind, DecodeErrorKind::Invalid { .. }));
    assert_eq!(e.skip, Some(14));
    // RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39.
    for bad in [
        &b"199 x\r\n"[..],
        b"600 x\r\n",
        b"260 x\r\n",
        b"25 x\r\n",
        b"250x\r\n",
        b"abc\r\n",
    ] {
        assert!(d.decode(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        d.decode(b"250 ok\n").unwrap_err().kind,
        DecodeErrorKind::BareLf
    );
    assert!(d.decode(b"250 a\x00b\r\n").is_err());
    assert!(d.decode(b"250 a\rb\r\n").is_err());
    // Early failure on a wrong prefix, before the line ends.
    assert!(d.decode(b"250-ok\r\n251").is_err());
    assert!(d.decode(b"6").is_err());
    let mut long = b"250 ".to_vec();
    long.resize(600, b'x');
    assert_eq!(
        d.decode(&long).unwrap_err().kind,
        DecodeErrorKind::LineTooLong { limit: 512 }
    );
    let many: Vec<u8> = std::iter::repeat_n(&b"250-x\r\n"[..], 300)
        .flatten()
        .copied()
        .collect();
    assert!(matches!(
        d.decode(&many).unwrap_err().kind,
        DecodeErrorKind::LimitExceeded { .. }
    ));
    assert!(
        ReplyDecoder::new()
            .with_max_lines(1000)
            .decode(&many)
            .unwrap()
            == Decoded::Incomplete
    );
}

/// Every prefix of a valid reply is need-more input.
#[test]
fn every_prefix_is_incomplete() {
    let input =
        b"250-mx.example.com greets you\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 2.0.0 OK\r\n";
    for n in 0..input.len() {
        assert_eq!(
            ReplyDecoder::new().decode(&input[..n]),
            Ok(Decoded::Incomplete),
            "{n}"
        );
    }
}

/// The resumable framer, fed byte by byte, gives the same reply as a single call; it keeps
/// its place so the work stays linear.
#[test]
fn framer_byte_by_byte() {
    let mut wire = Vec::new();
    for i in 0..200 {
        wire.extend_from_slice(format!("250-line {i} with some text\r\n").as_bytes());
    }
    wire.extend_from_slice(b"250 end\r\n");
    let whole = ReplyDecoder::new()
        .with_max_lines(1000)
        .decode(&wire)
        .unwrap();
    let mut config = ReplyDecoderConfig::default();
    config.max_lines = 1000;
    let mut framer = ReplyFramer::new(config);
    for n in 0..wire.len() {
        assert_eq!(framer.decode(&wire[..n]), Ok(Decoded::Incomplete));
    }
    assert_eq!(framer.decode(&wire).unwrap(), whole);
}

/// Reply text with CR or LF is split into lines or refused: it can never forge a reply.
#[test]
fn encoder_never_forges_lines() {
    let r = Reply::new(250, "ok\r\n550 forged\nmore").unwrap();
    let bytes = r.to_bytes();
    assert_eq!(bytes, b"250-ok\r\n250-550 forged\r\n250 more\r\n");
    assert_eq!(decode(&bytes), r);
    assert!(smtp_proto::ReplyLine::new("x\r\n550 y").is_err());
    assert!(Reply::new(250, "bell\x07").is_err());
}
