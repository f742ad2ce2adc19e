//! Reply decoding against RFC 5321 §4.2 and the forms real servers send.

use std::time::Instant;

use smtp_proto::client::{Client, ClientConfig, ClientEvent};
use smtp_proto::{CommandKind, DecodeErrorKind, Decoded, ReplyDecoder, ReplyDecoderConfig};

fn decode(d: &ReplyDecoder, wire: &[u8]) -> smtp_proto::Reply<'static> {
    use smtp_proto::IntoOwned;
    match d.decode(wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            value.into_owned()
        }
        other => panic!("{other:?}"),
    }
}

/// QQ Mail answers a failed AUTH with GBK text (`535 Error: \xc7\xeb...`); RFC 5321 §4.2
/// `textstring` is ASCII, so the strict decoder refuses it, and the `lossy_text` leniency reads
/// it with U+FFFD in place of the bytes, keeping the code.
#[test]
fn qq_mail_gbk_reply_text() {
    let wire = b"535 Error: \xc7\xeb\xca\xb9\xd3\xc3\xca\xda\xc8\xa8\xc2\xeb\xb5\xc7\xc2\xbc\r\n";
    let err = ReplyDecoder::new().decode(wire).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::InvalidUtf8);
    assert_eq!(err.skip, Some(wire.len()));
    let r = decode(&ReplyDecoder::new().with_lossy_text(true), wire);
    assert_eq!(r.code().get(), 535);
    assert!(r.text().starts_with("Error: \u{fffd}"));
    // Control bytes stay errors under the leniency.
    assert!(
        ReplyDecoder::new()
            .with_lossy_text(true)
            .decode(b"220 a\x01b\r\n")
            .is_err()
    );
}

/// A Latin-1 greeting (`220 ... Grüße`) and a GB2312 `550` (`550 black ip. (\xb7\xa2...)`,
/// seen from a Chinese government server): a client configured with `lossy_text` gets the
/// greeting and the reply instead of failing the session.
#[test]
fn client_survives_legacy_charset_greeting_and_reply() {
    let mut config = ReplyDecoderConfig::default();
    config.lossy_text = true;
    let mut c = Client::new(ClientConfig::default().with_decoder(config), Instant::now());
    c.handle_input(b"220 mx.example.de ESMTP Gr\xfc\xdfe\r\n");
    assert!(matches!(c.poll_event(), Some(ClientEvent::Greeting(_))));
    c.send_ehlo("client.example").unwrap();
    c.handle_input(b"550 black ip. (\xb7\xa2\xd0\xc5IP\xb1\xbb\xbd\xfb\xd6\xb9)\r\n");
    match c.poll_event() {
        Some(ClientEvent::Reply { command, reply }) => {
            assert_eq!(command, CommandKind::Ehlo);
            assert_eq!(reply.code().get(), 550);
        }
        other => panic!("{other:?}"),
    }
}

/// RFC 5321 §4.2: `250` alone, `250 ` with a trailing SP and empty text, and a multi-line
/// greeting (Postfix and Exim send `220-` banners) are valid; text keeps UTF-8 (RFC 6531
/// §3.7.4) borrowed from the input.
#[test]
fn reply_shapes_real_servers_send() {
    let d = ReplyDecoder::new();
    assert_eq!(decode(&d, b"250\r\n").text(), "");
    assert_eq!(decode(&d, b"250 \r\n").text(), "");
    let r = decode(
        &d,
        b"220-mx.example.com ESMTP Exim 4.97\r\n220-We do not authorize the use of this system\r\n220 to transport unsolicited mail\r\n",
    );
    assert_eq!(r.lines().len(), 3);
    let r = decode(&d, b"250-mx Hello gr\xc3\xbc\xc3\x9fe\r\n250 8BITMIME\r\n");
    assert_eq!(r.lines()[0].text(), "mx Hello grüße");
    // All lines share one code (RFC 5321 §4.2.1).
    assert!(d.decode(b"250-mx\r\n251 ok\r\n").is_err());
}

/// RFC 3463 §2 (via RFC 2034 §4): `status-code = class "." subject "." detail` with subject
/// and detail of 1 to 3 digits (values up to 999), recognised on every line when the class
/// matches the reply code; anything else stays text.
#[test]
fn enhanced_status_codes_up_to_999_on_every_line() {
    let d = ReplyDecoder::new();
    let r = decode(
        &d,
        b"550-5.999.999 first\r\n550-5.1.1 second\r\n550 third\r\n",
    );
    let s: Vec<_> = r
        .lines()
        .iter()
        .map(|l| l.status().map(|s| s.to_string()))
        .collect();
    assert_eq!(
        s,
        vec![Some("5.999.999".to_owned()), Some("5.1.1".to_owned()), None]
    );
    assert_eq!(r.lines()[0].text(), "first");
    // Four digits, a wrong class or no separating SP: plain text.
    for wire in [
        &b"550 5.1000.1 x\r\n"[..],
        b"550 2.1.1 x\r\n",
        b"550 5.1.1x\r\n",
    ] {
        let r = decode(&d, wire);
        assert_eq!(r.status(), None, "{}", String::from_utf8_lossy(wire));
    }
}
