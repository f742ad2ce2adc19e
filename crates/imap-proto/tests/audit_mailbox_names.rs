//! Mailbox names in LIST responses as real servers send them (RFC 3501 §5.1.3 modified UTF-7).

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, Response};
use imap_proto::types::utf7;
use imap_proto::{Decoded, Encode};

fn list_name(d: &ResponseDecoder, line: &[u8]) -> String {
    match d.decode(line) {
        Ok(Decoded::Complete {
            value: Response::Data(Data::List(l)),
            consumed,
        }) => {
            assert_eq!(consumed, line.len());
            l.mailbox.as_str().to_owned()
        }
        other => panic!("{other:?}"),
    }
}

/// Yandex Mail encodes `&` inside BASE64 (`Абв&где` as `&BBAEMQQyACYEMwQ0BDU-`, the example
/// of modern-email/defects issue #46, in Yandex's LIST form with its `|` delimiter). RFC 3501
/// §5.1.3 only forbids BASE64 for "any printing US-ASCII character which can represent
/// itself", and `&` cannot (it is written `&-`), so strict mode reads the name; it encodes back
/// in the canonical form.
#[test]
fn yandex_ampersand_in_base64() {
    let line = b"* LIST (\\HasNoChildren \\Marked) \"|\" \"&BBAEMQQyACYEMwQ0BDU-\"\r\n";
    for d in [
        ResponseDecoder::default(),
        ResponseDecoder::new(ResponseConfig::lenient()),
    ] {
        assert_eq!(list_name(&d, line), "Абв&где");
        let Ok(Decoded::Complete { value, .. }) = d.decode(line) else {
            panic!()
        };
        let enc = value.to_bytes();
        assert!(
            enc.windows(22).any(|w| w == b"&BBAEMQQy-&-&BDMENAQ1-"),
            "{}",
            String::from_utf8_lossy(&enc)
        );
        assert_eq!(list_name(&ResponseDecoder::default(), &enc), "Абв&где");
    }
    // A character that can represent itself ("A") in BASE64 stays an error, with the exact
    // skip, and the next response decodes.
    assert!(utf7::decode(b"&AEE-").is_err());
    let bad = b"* LIST () \"|\" \"&AEE-\"\r\n";
    let mut stream = bad.to_vec();
    stream.extend_from_slice(line);
    let e = ResponseDecoder::default().decode(&stream).unwrap_err();
    assert_eq!(e.skip, Some(bad.len()));
    assert_eq!(
        list_name(&ResponseDecoder::default(), &stream[bad.len()..]),
        "Абв&где"
    );
}
