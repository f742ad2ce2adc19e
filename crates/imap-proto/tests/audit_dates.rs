//! `date-time` with a one-digit day and no leading SP (RFC 9051 §9 `date-day-fixed = (SP DIGIT)
//! / 2DIGIT`), as real clients and servers send it: refused in strict mode, read with
//! `unpadded_day`.

use imap_proto::decode::{CommandDecoder, CommandDecoderConfig, ResponseConfig, ResponseDecoder};
use imap_proto::types::command::CommandBody;
use imap_proto::types::response::{Data, FetchData, Response};
use imap_proto::{Decoded, Encode};

/// Apple Mail on iOS 18.3 appends to Sent with `"3-Feb-2025 18:28:47 +0000"` (the line
/// logged in mjl-/mox issue #279; its 311-octet message replaced by a short one, and the
/// literal length with it).
#[test]
fn ios_mail_append_date() {
    let line = b"AV68 APPEND \"Sent\" (\\Seen) \"3-Feb-2025 18:28:47 +0000\" {5+}\r\nhello\r\n";
    let strict = CommandDecoder::default();
    let e = strict.decode(line).unwrap_err();
    assert_eq!(e.tag.as_ref().map(|t| t.as_str()), Some("AV68"));
    assert_eq!(e.error.skip, Some(line.len()));
    let d = CommandDecoder::new(CommandDecoderConfig::default().with_unpadded_day(true));
    assert!(matches!(
        CommandDecoder::new(CommandDecoderConfig::lenient()).decode(line),
        Ok(Decoded::Complete { .. })
    ));
    let Ok(Decoded::Complete { value, consumed }) = d.decode(line) else {
        panic!()
    };
    assert_eq!(consumed, line.len());
    let CommandBody::Append { messages, .. } = &value.body else {
        panic!("{value:?}")
    };
    let date = messages[0].date.as_ref().unwrap();
    assert_eq!((date.date().day(), date.date().month()), (3, 2));
    // Encoded back with a two-digit day, which a strict server reads.
    let enc = value.to_bytes();
    assert!(
        enc.windows(12).any(|w| w == b"\"03-Feb-2025"),
        "{}",
        String::from_utf8_lossy(&enc)
    );
    assert!(matches!(
        strict.decode(&enc),
        Ok(Decoded::Complete { value: v, .. }) if v == value
    ));
    // The RFC forms stay valid in both.
    for ok in [
        &b"a APPEND Sent \" 3-Feb-2025 18:28:47 +0000\" {1}\r\nx\r\n"[..],
        b"a APPEND Sent \"03-Feb-2025 18:28:47 +0000\" {1}\r\nx\r\n",
    ] {
        assert!(matches!(strict.decode(ok), Ok(Decoded::Complete { .. })));
        assert!(matches!(d.decode(ok), Ok(Decoded::Complete { .. })));
    }
    // Still exactly one or two digits.
    assert!(
        d.decode(b"a APPEND Sent \"123-Feb-2025 18:28:47 +0000\" {1}\r\nx\r\n")
            .is_err()
    );
}

/// INTERNALDATE `"8-Mar-2023 12:16:47 +0800"`, the form of swift-nio-imap pull request #735.
#[test]
fn server_internaldate_unpadded() {
    let line = b"* 12 FETCH (UID 40 INTERNALDATE \"8-Mar-2023 12:16:47 +0800\")\r\n";
    assert!(ResponseDecoder::default().decode(line).is_err());
    for d in [
        ResponseDecoder::new(ResponseConfig::new().with_unpadded_day(true)),
        ResponseDecoder::new(ResponseConfig::lenient()),
    ] {
        let Ok(Decoded::Complete { value, consumed }) = d.decode(line) else {
            panic!()
        };
        assert_eq!(consumed, line.len());
        let Response::Data(Data::Fetch { items, .. }) = &value else {
            panic!()
        };
        let FetchData::InternalDate(dt) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!((dt.date().day(), dt.zone_minutes()), (8, 480));
        let enc = value.to_bytes();
        assert!(matches!(
            ResponseDecoder::default().decode(&enc),
            Ok(Decoded::Complete { value: v, .. }) if v == value
        ));
    }
}
