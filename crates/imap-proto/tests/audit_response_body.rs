//! BODYSTRUCTURE and ENVELOPE forms of real servers, and the RFC 9051 §9 rule that lets a
//! `MESSAGE/RFC822` part be a `body-type-basic`.

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, FetchData, Response};
use imap_proto::types::response_body::Body;
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

fn body_of(r: &Response<'_>) -> Body<'static> {
    use imap_proto::IntoOwned;
    let Response::Data(Data::Fetch { items, .. }) = r else {
        panic!("{r:?}")
    };
    items
        .iter()
        .find_map(|i| match i {
            FetchData::Body(b) | FetchData::BodyStructure(b) => Some((**b).clone().into_owned()),
            _ => None,
        })
        .expect("a body")
}

/// A strict decoder refuses `line` with `skip` = its length, and the next response decodes.
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

/// Re-encoded (what the server should have sent), a strict client reads the same value.
fn strict_reads_encoding(v: &Response<'_>) {
    let enc = v.to_bytes();
    assert_eq!(&decode_one(&ResponseDecoder::default(), &enc), v);
}

/// RFC 9051 §9 / RFC 3501 §9: `body-type-basic = media-basic SP body-fields` and
/// `media-basic` includes `"MESSAGE"` with any subtype, so a message/rfc822 part without
/// envelope, body and line count is valid (as a basic body) in strict mode.
#[test]
fn rfc9051_message_rfc822_as_body_type_basic() {
    let strict = ResponseDecoder::default();
    let line = b"* 1 FETCH (BODY ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 23925) \"report\"))\r\n";
    let r = decode_one(&strict, line);
    let body = body_of(&r);
    let Some(Body::Basic {
        media_type,
        subtype,
        fields,
        ext: None,
    }) = body.part(&[2])
    else {
        panic!("{body:?}")
    };
    assert_eq!(media_type.as_bytes(), b"message");
    assert_eq!(subtype.as_bytes(), b"rfc822");
    assert_eq!(fields.octets, 23925);
    strict_reads_encoding(&r);
    // With extension data (BODYSTRUCTURE): body-fld-md5 follows, not an envelope.
    let line = b"* 1 FETCH (BODYSTRUCTURE (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 300 NIL (\"attachment\" NIL) NIL NIL))\r\n";
    let r = decode_one(&strict, line);
    assert!(matches!(body_of(&r), Body::Basic { ext: Some(_), .. }));
    strict_reads_encoding(&r);
    // The full body-type-msg form still reads as a message.
    let line = b"* 1 FETCH (BODY (\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 412 (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1) 21))\r\n";
    assert!(matches!(
        body_of(&decode_one(&strict, line)),
        Body::Message { lines: 21, .. }
    ));
    // An envelope without its body is still an error.
    strict_refuses(b"* 1 FETCH (BODY (\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 412 (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL)))\r\n");
}

/// Mail.ru (imap.mail.ru): `()` for an empty body-fld-param, and message parts in the basic
/// form. The line as published in emersion/go-imap issue #557 (the trailing ENVELOPE and
/// BODY[] of the original cut off; the multipart kept whole).
#[test]
fn mail_ru_empty_body_params() {
    let line = b"* 85648 FETCH (UID 369004 BODY (((\"text\" \"plain\" (\"charset\" \"koi8-r\") NIL NIL \"quoted-printable\" 5716 0)(\"text\" \"html\" (\"charset\" \"koi8-r\") NIL NIL \"quoted-printable\" 6181 0) \"alternative\")(\"message\" \"delivery-status\" () NIL NIL \"7bit\" 340)(\"message\" \"rfc822\" () NIL NIL \"7bit\" 23925) \"report\"))\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_empty_body_params(true));
    let r = decode_one(&d, line);
    let body = body_of(&r);
    assert_eq!(body.subtype(), b"report");
    assert_eq!(body.part(&[1, 2]).unwrap().subtype(), b"html");
    let Some(Body::Basic { fields, .. }) = body.part(&[3]) else {
        panic!("{body:?}")
    };
    assert!(fields.params.is_empty());
    strict_reads_encoding(&r);
    // The lenient preset has it.
    decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), line);
}

/// Servers built on go-imap v1 (before emersion/go-imap pull request #684) wrote empty
/// parameter lists as `()`, in the content type and in the disposition; the line is the one
/// quoted in that pull request, wrapped in a FETCH response.
#[test]
fn go_imap_v1_empty_params_in_disposition() {
    let line = b"* 2 FETCH (BODYSTRUCTURE (\"image\" \"png\" () \"<logo>\" NIL \"BASE64\" 3608 NIL (\"inline\" ()) NIL NIL))\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_empty_body_params(true));
    let r = decode_one(&d, line);
    let Body::Basic { ext: Some(ext), .. } = body_of(&r) else {
        panic!()
    };
    let disp = ext.tail.unwrap().disposition.unwrap();
    assert_eq!(disp.kind.as_bytes(), b"inline");
    assert!(disp.params.is_empty());
    strict_reads_encoding(&r);
}

/// `()` for an empty envelope address list (reported to JavaMail, jakartaee/mail-api issue
/// #82, and to swift-nio-imap, issue #821): read as `NIL` with `empty_address_lists`.
#[test]
fn empty_address_list_as_nil() {
    let line = b"* 7 FETCH (ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800\" \"Hi\" ((NIL NIL \"a\" \"example.com\")) ((NIL NIL \"a\" \"example.com\")) ((NIL NIL \"a\" \"example.com\")) () () NIL NIL \"<1@example.com>\"))\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_empty_address_lists(true));
    let r = decode_one(&d, line);
    let Response::Data(Data::Fetch { items, .. }) = &r else {
        panic!()
    };
    let [FetchData::Envelope(env)] = &items[..] else {
        panic!("{items:?}")
    };
    assert!(env.to.is_empty() && env.cc.is_empty() && env.bcc.is_empty());
    assert_eq!(env.from.len(), 1);
    strict_reads_encoding(&r);
    decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), line);
    // `(` followed by anything but `)` is still an address list.
    strict_refuses(b"* 7 FETCH (ENVELOPE (NIL NIL ( ) NIL NIL NIL NIL NIL NIL NIL))\r\n");
}

/// Microsoft Exchange sends the disposition of a part as a lone string: the Office 365 line of
/// jakartaee/mail-api issue #31 and the Exchange 2016 line of javaee/javamail issue #278
/// (a multipart), as published.
#[test]
fn exchange_string_disposition() {
    let office365 = b"* 3099 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 802 19 NIL \"inline\" NIL NIL))\r\n";
    let exchange2016 = b"* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 21 0 NIL (\"inline\" NIL) NIL NIL)(\"application\" \"octet-stream\" (\"name\" \"private.txt\") NIL NIL \"base64\" 690 NIL (\"attachment\" (\"filename\" \"private.txt\")) NIL NIL) \"mixed\" (\"boundary\" \"----=_Part_0_-1731707885.1504253815584\") \"S/MIME Encrypted Message\" NIL))\r\n";
    let d = ResponseDecoder::new(ResponseConfig::new().with_string_disposition(true));
    for line in [&office365[..], &exchange2016[..]] {
        strict_refuses(line);
        let r = decode_one(&d, line);
        strict_reads_encoding(&r);
        decode_one(&ResponseDecoder::new(ResponseConfig::lenient()), line);
    }
    let Body::Text { ext: Some(ext), .. } = body_of(&decode_one(&d, office365)) else {
        panic!()
    };
    let tail = ext.tail.unwrap();
    let disp = tail.disposition.unwrap();
    assert_eq!(disp.kind.as_bytes(), b"inline");
    assert!(disp.params.is_empty());
    assert!(tail.language.unwrap().language.is_empty());
    let Body::Multipart { ext: Some(ext), .. } = body_of(&decode_one(&d, exchange2016)) else {
        panic!()
    };
    assert_eq!(
        ext.tail.unwrap().disposition.unwrap().kind.as_bytes(),
        b"S/MIME Encrypted Message"
    );
    // A literal disposition type inside the list stays valid in strict mode (MailKit issue
    // #486, the form of its server).
    let line = b"* 1 FETCH (BODYSTRUCTURE (\"IMAGE\" \"GIF\" (\"name\" \"image1.gif\") \"<PHP-image-1>\" NIL \"base64\" 6 NIL ({8}\r\n\"inline\" NIL)))\r\n";
    strict_reads_encoding(&decode_one(&ResponseDecoder::default(), line));
}

/// Microsoft Exchange: STATUS with a SP before CRLF (ruby bug #13649, imap-codec pull request
/// #468), read with `trailing_space`.
#[test]
fn exchange_status_trailing_space() {
    let line = b"* STATUS INBOX (MESSAGES 100 UNSEEN 0) \r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_trailing_space(true));
    let r = decode_one(&d, line);
    assert!(matches!(&r, Response::Data(Data::Status { items, .. }) if items.len() == 2));
    strict_reads_encoding(&r);
    // Only one SP.
    assert!(d.decode(b"* STATUS INBOX (MESSAGES 100)  \r\n").is_err());
}

/// Mail.ru: `()` for the empty To of a Bcc-only message, the envelope of swift-nio-imap issue
/// #821 as published (its subject elided there), wrapped in a FETCH response.
#[test]
fn mail_ru_empty_address_list() {
    let line = b"* 9 FETCH (ENVELOPE (\"Wed, 11 Oct 2023 02:11:04 +0000\" \"=?utf-8?B?...?=\" ((\"Tn\" NIL \"info\" \"e.geekbrains.ru\")) NIL NIL () NIL NIL \"<msg-id-1>\" \"<msg-id-2>\"))\r\n";
    strict_refuses(line);
    let d = ResponseDecoder::new(ResponseConfig::new().with_empty_address_lists(true));
    let r = decode_one(&d, line);
    let Response::Data(Data::Fetch { items, .. }) = &r else {
        panic!()
    };
    let [FetchData::Envelope(env)] = &items[..] else {
        panic!("{items:?}")
    };
    assert!(env.to.is_empty());
    assert_eq!(
        env.from[0].host.as_ref().unwrap().as_bytes(),
        b"e.geekbrains.ru"
    );
    assert_eq!(env.message_id.as_ref().unwrap().as_bytes(), b"<msg-id-2>");
    strict_reads_encoding(&r);
}
