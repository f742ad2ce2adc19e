//! Status texts and FETCH item lists as real servers send them, with the leniencies that
//! read them (each named after the server).

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, FetchData, Response, State};
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

fn strict_refuses(line: &[u8]) {
    let strict = ResponseDecoder::default();
    let mut stream = line.to_vec();
    stream.extend_from_slice(b"* 3 EXISTS\r\n");
    let e = strict.decode(&stream).unwrap_err();
    assert_eq!(e.skip, Some(line.len()), "{e:?}");
    assert_eq!(
        decode_one(&strict, &stream[line.len()..]),
        Response::Data(Data::Exists(3))
    );
}

/// GreenMail 2.1 and Dovecot 2.4 quote a mailbox name in Latin-1 in a NO text (the exchange
/// of DirectoryTree/ImapEngine issue #175): `lossy_text` keeps the tagged completion.
#[test]
fn latin1_in_tagged_no_text() {
    let line = b"T2 NO DELETE failed. No such folder : Missing_\xe0\xe8\xec\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_lossy_text(true));
    let r = decode_one(&d, line);
    let Response::Tagged { tag, state, text } = &r else {
        panic!("{r:?}")
    };
    assert_eq!((tag.as_str(), *state), ("T2", State::No));
    assert_eq!(
        text.text_str(),
        "DELETE failed. No such folder : Missing_\u{fffd}\u{fffd}\u{fffd}"
    );
    // Written back as UTF-8, which a strict client reads.
    let enc = r.to_bytes();
    assert_eq!(decode_one(&ResponseDecoder::default(), &enc), r);
    // Valid UTF-8 text (RFC 9051 §9 `text`) needs no option, and stays borrowed.
    let utf8 = "a NO [NONEXISTENT] Папка не найдена\r\n".as_bytes();
    decode_one(&ResponseDecoder::default(), utf8);
    // Untagged, after a code, and in the lenient preset.
    let lenient = ResponseDecoder::new(ResponseConfig::lenient());
    decode_one(&lenient, b"* NO [ALERT] Quota \xfcberschritten\r\n");
    decode_one(&lenient, line);
    // NUL stays an error.
    assert!(lenient.decode(b"a NO x\0y\r\n").is_err());
}

/// `lossy_text` reads the line as if every invalid sequence were U+FFFD, the response code
/// included: a code whose free-form arguments (RFC 9051 §9 `atom [SP 1*<any TEXT-CHAR except
/// "]">]`) hold Latin-1 is a code, so that what is decoded is what its encoding decodes to.
#[test]
fn latin1_in_response_code_arguments() {
    let line = b"* NO [X-FOLDER Entw\xfcrfe] Ordner \xfcbervoll\r\n";
    strict_refuses(line);
    for config in [
        ResponseConfig::new().with_lossy_text(true),
        ResponseConfig::lenient(),
        ResponseConfig::lenient().with_utf8(true),
    ] {
        let r = decode_one(&ResponseDecoder::new(config), line);
        let Response::Status { text, .. } = &r else {
            panic!("{r:?}")
        };
        assert_eq!(text.text_str(), "Ordner \u{fffd}bervoll");
        let enc = r.to_bytes();
        assert_eq!(
            enc,
            "* NO [X-FOLDER Entw\u{fffd}rfe] Ordner \u{fffd}bervoll\r\n".as_bytes()
        );
        assert_eq!(decode_one(&ResponseDecoder::new(config), &enc), r);
        assert_eq!(decode_one(&ResponseDecoder::default(), &enc), r);
    }
    // A line that is no `resp-text` once converted stays an error, as its encoding would be.
    let lenient = ResponseDecoder::new(ResponseConfig::lenient());
    let line = b"* OK [X-FOLDER Entw\xfcrfe]Ordner\r\n";
    assert!(lenient.decode(line).is_err());
    assert!(
        lenient
            .decode("* OK [X-FOLDER Entw\u{fffd}rfe]Ordner\r\n".as_bytes())
            .is_err()
    );
    // The text ends at the response's only CRLF: a literal after it is no text.
    assert!(
        lenient
            .decode(b"0 OK hell\xeb {6}\r\nXXXXXX more\r\n")
            .is_err()
    );
    // A bracket that is no code stays text.
    let r = decode_one(&lenient, b"* OK [\xfc ready\r\n");
    let Response::Status { text, .. } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(text.text_str(), "[\u{fffd} ready");
    assert_eq!(decode_one(&lenient, &r.to_bytes()), r);
}

/// QQ Mail (imap.qq.com): `* 11487 FETCH (UID 19436 )`, the line of jakartaee/mail-api issue
/// #209, read with `fetch_space_before_paren`.
#[test]
fn qq_mail_space_before_fetch_paren() {
    let line = b"* 11487 FETCH (UID 19436 )\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_fetch_space_before_paren(true));
    let r = decode_one(&d, line);
    let Response::Data(Data::Fetch { seq, items }) = &r else {
        panic!()
    };
    assert_eq!(seq.get(), 11487);
    assert_eq!(items[..], [FetchData::Uid(19436.try_into().unwrap())]);
    assert_eq!(decode_one(&ResponseDecoder::default(), &r.to_bytes()), r);
    decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), line);
    // Several items; a single SP only; no empty item list.
    decode_one(&d, b"* 1 FETCH (UID 2 FLAGS (\\Seen) )\r\n");
    assert!(d.decode(b"* 1 FETCH (UID 2  )\r\n").is_err());
    assert!(d.decode(b"* 1 FETCH ( )\r\n").is_err());
    assert!(d.decode(b"* 1 FETCH ()\r\n").is_err());
}

/// RFC 9051 §9 `msg-att`: at most `max_items` items, a typed limit error.
#[test]
fn fetch_items_limit() {
    let d = ResponseDecoder::new(ResponseConfig::new().with_max_items(2));
    decode_one(&d, b"* 1 FETCH (UID 2 RFC822.SIZE 3)\r\n");
    let e = d
        .decode(b"* 1 FETCH (UID 2 RFC822.SIZE 3 FLAGS ())\r\n")
        .unwrap_err();
    assert!(
        matches!(
            e.kind,
            imap_proto::DecodeErrorKind::LimitExceeded { limit: 2, .. }
        ),
        "{e:?}"
    );
}

/// DavMail answers SELECT with `*  1688 EXISTS` (two SP: a keepalive SP written before the
/// folder was loaded; the line of mguessan/davmail issue #122), read with `spaces_after_star`.
#[test]
fn davmail_keepalive_space_after_star() {
    let line = b"*  1688 EXISTS\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_spaces_after_star(true));
    let r = decode_one(&d, line);
    assert_eq!(r, Response::Data(Data::Exists(1688)));
    assert_eq!(r.to_bytes(), b"* 1688 EXISTS\r\n");
    // Several keepalives, and the rest of its SELECT answer (DavMail writes
    // `* OK [UIDVALIDITY 1]` without text, read with `missing_text`).
    decode_one(&d, b"*    1688 RECENT\r\n");
    let lenient = ResponseDecoder::new(ResponseConfig::lenient());
    decode_one(&lenient, line);
    decode_one(&lenient, b"* OK [UIDVALIDITY 1]\r\n");
    // Tagged responses and `*` without any SP are unaffected.
    assert!(d.decode(b"*1688 EXISTS\r\n").is_err());
    assert!(d.decode(b"*  \r\n").is_err());
}

/// Archiveopteryx 3.2 writes two SP between QUOTA numbers (djc/imap-proto pull request #169,
/// the form of imap-codec's test of the same server bug): read with `spaces_in_quota`.
#[test]
fn archiveopteryx_quota_spaces() {
    use imap_proto::types::response::QuotaResource;
    let line = b"* QUOTA \"#user/alice\" (STORAGE 54 111 MESSAGE 42  1000)\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_spaces_in_quota(true));
    let r = decode_one(&d, line);
    let Response::Data(Data::Quota { resources, .. }) = &r else {
        panic!("{r:?}")
    };
    let got: Vec<(&str, u64, u64)> = resources
        .iter()
        .map(|q: &QuotaResource<'_>| (q.name.as_str(), q.usage, q.limit))
        .collect();
    assert_eq!(got, [("STORAGE", 54, 111), ("MESSAGE", 42, 1000)]);
    assert_eq!(decode_one(&ResponseDecoder::default(), &r.to_bytes()), r);
    decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), line);
    // Still at least one SP, and only between the fields.
    assert!(d.decode(b"* QUOTA \"\" (STORAGE 54111)\r\n").is_err());
    assert!(d.decode(b"* QUOTA \"\" ( STORAGE 1 2)\r\n").is_err());
}

/// Proton Mail Bridge 3.6 writes header text as raw UTF-8 inside quoted strings (the FETCH of
/// modern-email/defects issue #38; the published line is cut after the sender's name, so the
/// rest of this envelope is filled in). RFC 9051 §9 `QUOTED-CHAR` includes UTF-8, and strict
/// mode reads it; invalid UTF-8 in a quoted string stays an error.
#[test]
fn proton_bridge_utf8_in_quoted_strings() {
    let line = "* 2 FETCH (UID 4 FLAGS (\\Seen) ENVELOPE (\"Thu, 22 Aug 2024 07:48:03 +0000\" \"Test\" ((\"Clément DOUIN\" NIL \"clement.douin\" \"localhost\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    let r = decode_one(&ResponseDecoder::default(), line.as_bytes());
    let Response::Data(Data::Fetch { items, .. }) = &r else {
        panic!()
    };
    let FetchData::Envelope(env) = &items[2] else {
        panic!("{items:?}")
    };
    assert_eq!(
        env.from[0].name.as_ref().unwrap().as_str(),
        Some("Clément DOUIN")
    );
    assert_eq!(decode_one(&ResponseDecoder::default(), &r.to_bytes()), r);
    let latin1 = b"* 2 FETCH (ENVELOPE (NIL \"Cl\xe9ment\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
    strict_refuses(latin1);
}

/// The "David.fx Mail Access Server" ends SEARCH with SP (MailKit issue #422) and writes
/// `RECENT` in lower case: `trailing_space` reads the first, strict mode the second.
#[test]
fn david_fx_search_and_recent() {
    let search = b"* SEARCH 28219 29170 29200 29242 29352 \r\n";
    strict_refuses(search);
    let d = ResponseDecoder::new(ResponseConfig::new().with_trailing_space(true));
    assert!(matches!(
        decode_one(&d, search),
        Response::Data(Data::Search { ids, .. }) if ids.len() == 5
    ));
    assert_eq!(
        decode_one(&ResponseDecoder::default(), b"* 3 Recent\r\n"),
        Response::Data(Data::Recent(3))
    );
}
