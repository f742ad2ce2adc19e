//! FLAGS and flag lists in the forms real servers send them (RFC 9051 §9 `flag-list`).

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::core::Flag;
use imap_proto::types::response::{Data, Response};
use imap_proto::{Decoded, Encode};

fn decode_one<'a>(d: &ResponseDecoder, line: &'a [u8]) -> Response<'a> {
    match d.decode(line) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, line.len());
            value
        }
        other => panic!("{other:?} for {:?}", String::from_utf8_lossy(line)),
    }
}

/// Courier-IMAP answers SELECT and EXAMINE with `\Recent` in FLAGS (published session logs,
/// e.g. "a select inbox" on a Courier-IMAP 4 server). `\Recent` matches
/// `flag-extension = "\" atom` of RFC 3501 §9 and RFC 9051 §9, so strict mode reads it.
#[test]
fn courier_flags_with_recent() {
    let strict = ResponseDecoder::default();
    let session: &[&[u8]] = &[
        b"* FLAGS (\\Draft \\Answered \\Flagged \\Deleted \\Seen \\Recent)\r\n",
        b"* OK [PERMANENTFLAGS (\\* \\Draft \\Answered \\Flagged \\Deleted \\Seen)] Limited\r\n",
        b"* 5 EXISTS\r\n",
        b"* 1 RECENT\r\n",
        b"* OK [UIDVALIDITY 1219836018] Ok\r\n",
        b"* OK [MYRIGHTS \"acdilrsw\"] ACL\r\n",
        b"a OK [READ-WRITE] Ok\r\n",
        b"* BYE Courier-IMAP server shutting down\r\n",
    ];
    for line in session {
        let r = decode_one(&strict, line);
        let enc = r.to_bytes();
        assert_eq!(decode_one(&strict, &enc), r);
        for n in 0..line.len() {
            assert_eq!(strict.decode(&line[..n]).unwrap(), Decoded::Incomplete);
        }
    }
    let Response::Data(Data::Flags(flags)) = decode_one(&strict, session[0]) else {
        panic!()
    };
    assert_eq!(flags.len(), 6);
    assert_eq!(flags[4], Flag::Seen);
    let Flag::Extension(recent) = &flags[5] else {
        panic!("{flags:?}")
    };
    assert_eq!(recent.as_str(), "Recent");
    // Written back as `\Recent`.
    assert!(
        Response::Data(Data::Flags(flags.clone()))
            .to_bytes()
            .ends_with(b" \\Seen \\Recent)\r\n")
    );
    // `\*` is still not a flag of FLAGS (greenmail sent it; net-imap issue #228).
    assert!(
        strict
            .decode(b"* FLAGS (\\Answered \\Deleted \\Draft \\Flagged \\Seen \\*)\r\n")
            .is_err()
    );
    // And the lenient preset reads the same.
    decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), session[0]);
}

/// RFC 9051 §9 `flag-perm = flag / "\*"`: `\Recent` in PERMANENTFLAGS is a `flag-extension`
/// by the grammar, so the code is kept (not read as plain text).
#[test]
fn permanentflags_with_recent_keeps_the_code() {
    use imap_proto::types::core::FlagPerm;
    use imap_proto::types::response::Code;
    let line = b"* OK [PERMANENTFLAGS (\\Seen \\Recent \\*)] Limited\r\n";
    let r = decode_one(&ResponseDecoder::default(), line);
    let Some(Code::PermanentFlags(flags)) = r.code() else {
        panic!("{r:?}")
    };
    assert_eq!(flags.len(), 3);
    assert_eq!(flags[0], FlagPerm::Flag(Flag::Seen));
    assert!(matches!(&flags[1], FlagPerm::Flag(Flag::Extension(e)) if e.as_str() == "Recent"));
    assert_eq!(flags[2], FlagPerm::Asterisk);
    assert_eq!(decode_one(&ResponseDecoder::default(), &r.to_bytes()), r);
}
