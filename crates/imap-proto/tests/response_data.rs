//! One table row per response form of RFC 9051 §7 and the extensions: each line decodes to the
//! expected value, re-encodes to a line that decodes to the same value, and every prefix of it
//! needs more input.

use std::num::NonZeroU32;

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::core::{FlagFetch, FlagPerm};
use imap_proto::types::response::{
    BinaryData, Code, Condition, Continue, Data, FetchData, ListAttribute, ListExtItem,
    MetadataCode, MetadataEntries, Response, SearchReturn, State, StatusValue,
};
use imap_proto::types::response_body::Body;
use imap_proto::{DecodeErrorKind, Decoded, Encode};

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

fn check(line: &[u8], ok: impl FnOnce(&Response<'_>) -> bool) {
    let d = ResponseDecoder::default();
    let (v, n) = match d.decode(line) {
        Ok(Decoded::Complete { value, consumed }) => (value, consumed),
        other => panic!("{other:?} for {:?}", String::from_utf8_lossy(line)),
    };
    assert_eq!(n, line.len());
    assert!(ok(&v), "{v:?}");
    let enc = v.to_bytes();
    let back = d.decode(&enc).unwrap().complete().unwrap().0;
    assert_eq!(back, v, "{}", String::from_utf8_lossy(&enc));
    for k in 0..line.len() {
        assert_eq!(d.decode(&line[..k]).unwrap(), Decoded::Incomplete);
    }
}

fn code_of(r: &Response<'_>) -> Code<'static> {
    use imap_proto::IntoOwned;
    r.code().cloned().unwrap().into_owned()
}

/// RFC 9051 §7.1 status responses: tagged and untagged OK/NO/BAD, BYE, PREAUTH, with and
/// without codes, and continuation requests (text and base64).
#[test]
fn status_and_continuations() {
    check(
        b"a1 OK done\r\n",
        |r| matches!(r, Response::Tagged { state: State::Ok, text, .. } if text.text_str() == "done"),
    );
    check(b"a1 no [TRYCREATE] x\r\n", |r| {
        matches!(
            r,
            Response::Tagged {
                state: State::No,
                ..
            }
        ) && r.code() == Some(&Code::TryCreate)
    });
    check(
        b"* BAD \r\n",
        |r| matches!(r, Response::Status { condition: Condition::Bad, text } if text.text_str().is_empty()),
    );
    check(b"* BYE bye\r\n", |r| r.is_bye());
    check(b"* PREAUTH hi\r\n", |r| {
        matches!(
            r,
            Response::Status {
                condition: Condition::PreAuth,
                ..
            }
        )
    });
    check(
        b"+ Ready for literal data\r\n",
        |r| matches!(r, Response::Continue(Continue::Text(t)) if t.text_str() == "Ready for literal data"),
    );
    check(b"+ [ALERT] go on\r\n", |r| {
        matches!(r, Response::Continue(Continue::Text(_))) && r.code() == Some(&Code::Alert)
    });
    check(
        b"+ YWJjZA==\r\n",
        |r| matches!(r, Response::Continue(Continue::Base64(b)) if b.as_str() == "YWJjZA=="),
    );
    check(b"+ \r\n", |r| {
        matches!(r, Response::Continue(Continue::Base64(_)))
    });
}

/// RFC 9051 §7.1: every response code, RFC 5530, RFC 4315, RFC 7162, RFC 4978, RFC 5464,
/// RFC 8474, RFC 6154, and an unknown code kept as atom plus text.
#[test]
fn response_codes() {
    let table: &[(&[u8], Code<'static>)] = &[
        (b"ALERT", Code::Alert),
        (b"PARSE", Code::Parse),
        (b"READ-ONLY", Code::ReadOnly),
        (b"READ-WRITE", Code::ReadWrite),
        (b"TRYCREATE", Code::TryCreate),
        (b"UIDNEXT 4392", Code::UidNext(nz(4392))),
        (b"UIDVALIDITY 3857529045", Code::UidValidity(nz(3857529045))),
        (b"UNSEEN 12", Code::Unseen(nz(12))),
        (b"ALREADYEXISTS", Code::AlreadyExists),
        (b"AUTHENTICATIONFAILED", Code::AuthenticationFailed),
        (b"AUTHORIZATIONFAILED", Code::AuthorizationFailed),
        (b"CANNOT", Code::Cannot),
        (b"CLIENTBUG", Code::ClientBug),
        (b"CONTACTADMIN", Code::ContactAdmin),
        (b"CORRUPTION", Code::Corruption),
        (b"EXPIRED", Code::Expired),
        (b"EXPUNGEISSUED", Code::ExpungeIssued),
        (b"HASCHILDREN", Code::HasChildren),
        (b"INUSE", Code::InUse),
        (b"LIMIT", Code::Limit),
        (b"NONEXISTENT", Code::NonExistent),
        (b"NOPERM", Code::NoPerm),
        (b"OVERQUOTA", Code::OverQuota),
        (b"PRIVACYREQUIRED", Code::PrivacyRequired),
        (b"SERVERBUG", Code::ServerBug),
        (b"UNAVAILABLE", Code::Unavailable),
        (b"UIDNOTSTICKY", Code::UidNotSticky),
        (b"NOMODSEQ", Code::NoModSeq),
        (
            b"HIGHESTMODSEQ 715194045007",
            Code::HighestModSeq(715194045007),
        ),
        (b"CLOSED", Code::Closed),
        (b"COMPRESSIONACTIVE", Code::CompressionActive),
        (
            b"METADATA LONGENTRIES 2199",
            Code::Metadata(MetadataCode::LongEntries(2199)),
        ),
        (
            b"METADATA MAXSIZE 1024",
            Code::Metadata(MetadataCode::MaxSize(1024)),
        ),
        (b"METADATA TOOMANY", Code::Metadata(MetadataCode::TooMany)),
        (
            b"METADATA NOPRIVATE",
            Code::Metadata(MetadataCode::NoPrivate),
        ),
        (b"USEATTR", Code::UseAttr),
        (b"NOTSAVED", Code::NotSaved),
        (b"UNKNOWN-CTE", Code::UnknownCte),
        (b"BADCHARSET", Code::BadCharset(vec![])),
    ];
    for (code, want) in table {
        let mut line = b"a OK [".to_vec();
        line.extend_from_slice(code);
        line.extend_from_slice(b"] text\r\n");
        check(&line, |r| r.code() == Some(want));
    }
    check(
        b"* NO [BADCHARSET (UTF-8 \"ISO 8859-1\")] x\r\n",
        |r| matches!(code_of(r), Code::BadCharset(v) if v.len() == 2 && v[1].as_str() == "ISO 8859-1"),
    );
    check(
        b"* OK [CAPABILITY IMAP4rev2 AUTH=PLAIN] x\r\n",
        |r| matches!(code_of(r), Code::Capability(v) if v.len() == 2),
    );
    check(
        b"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] x\r\n",
        |r| matches!(code_of(r), Code::PermanentFlags(v) if v.len() == 3 && v[2] == FlagPerm::Asterisk),
    );
    // RFC 4315 §3: APPENDUID and COPYUID.
    check(
        b"A003 OK [APPENDUID 38505 3955] APPEND completed\r\n",
        |r| matches!(code_of(r), Code::AppendUid { uid_validity, .. } if uid_validity.get() == 38505),
    );
    check(
        b"A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n",
        |r| matches!(code_of(r), Code::CopyUid { source, .. } if source.items().unwrap().len() == 2),
    );
    // RFC 7162 §3.1.3: MODIFIED.
    check(
        b"d105 OK [MODIFIED 7,9] Conditional STORE failed\r\n",
        |r| matches!(code_of(r), Code::Modified(_)),
    );
    // RFC 8474 §4.1: MAILBOXID.
    check(
        b"3 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Completed\r\n",
        |r| matches!(code_of(r), Code::MailboxId(id) if id.as_str().starts_with("F2212")),
    );
    // RFC 9051 §9: unknown codes, with and without arguments.
    check(
        b"* OK [X-FOO bar baz] x\r\n",
        |r| matches!(code_of(r), Code::Other(o) if o.name().as_str() == "X-FOO" && o.args() == Some("bar baz")),
    );
    check(
        b"* NO [XPROTO] x\r\n",
        |r| matches!(code_of(r), Code::Other(o) if o.args().is_none()),
    );
}

/// RFC 9051 §7.2 - §7.4 and extensions: every kind of untagged data.
#[test]
fn untagged_data() {
    check(
        b"* CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n",
        |r| matches!(r, Response::Data(Data::Capability(v)) if v.len() == 4),
    );
    check(
        b"* ENABLED CONDSTORE QRESYNC\r\n",
        |r| matches!(r, Response::Data(Data::Enabled(v)) if v.len() == 2),
    );
    // RFC 5258 §5: LIST with CHILDINFO; RFC 6154 special use; NIL delimiter; escaped delimiter.
    check(
        b"* LIST (\\Subscribed) \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n",
        |r| {
            matches!(r, Response::Data(Data::List(l))
                if l.attributes == [ListAttribute::Subscribed]
                && matches!(&l.extended[..], [ListExtItem::ChildInfo(v)] if v.len() == 1))
        },
    );
    check(
        b"* LIST (\\HasNoChildren \\Sent) NIL Sent\r\n",
        |r| matches!(r, Response::Data(Data::List(l)) if l.delimiter.is_none() && l.attributes[1] == ListAttribute::Sent),
    );
    check(
        b"* LIST () \"\\\\\" \"Foo\\\\Bar\"\r\n",
        |r| matches!(r, Response::Data(Data::List(l)) if l.delimiter == Some('\\')),
    );
    check(b"* LIST (\\X-Custom) \".\" \"&ZeVnLIqe-\"\r\n", |r| {
        matches!(r, Response::Data(Data::List(l)) if l.mailbox.as_str() == "日本語"
            && matches!(&l.attributes[0], ListAttribute::Extension(a) if a.as_str() == "X-Custom"))
    });
    check(b"* LSUB () \".\" #news.comp.mail.misc\r\n", |r| {
        matches!(r, Response::Data(Data::Lsub(_)))
    });
    // RFC 2342 §5: namespace extensions.
    check(
        b"* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))(\"#public/\" \"/\"))\r\n",
        |r| {
            matches!(r, Response::Data(Data::Namespace { shared: Some(s), .. })
                if s.len() == 2 && s[0].extensions.len() == 1)
        },
    );
    // STATUS with RFC 9051, RFC 7162, RFC 8474, RFC 7889 items.
    check(
        b"* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 UNSEEN 3 DELETED 0 SIZE 123456789 RECENT 2 HIGHESTMODSEQ 7011231777 MAILBOXID (F2212ea87) APPENDLIMIT NIL DELETED-STORAGE 9)\r\n",
        |r| {
            matches!(r, Response::Data(Data::Status { items, .. }) if items.len() == 11
                && items[9] == StatusValue::AppendLimit(None))
        },
    );
    // RFC 4731 / RFC 9051 §7.3.4 ESEARCH; RFC 7162 MODSEQ; RFC 9394 PARTIAL.
    check(
        b"* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800 COUNT 15 MODSEQ 12345\r\n",
        |r| {
            matches!(r, Response::Data(Data::ESearch(e)) if e.uid && e.items.len() == 4
                && e.items[0] == SearchReturn::Min(nz(7)))
        },
    );
    check(
        b"* ESEARCH (TAG \"A01\") UID PARTIAL (-1:-100 200:250,252:300)\r\n",
        |r| matches!(r, Response::Data(Data::ESearch(e)) if matches!(&e.items[0], SearchReturn::Partial(p, Some(_)) if p.first() == -1)),
    );
    check(
        b"* ESEARCH (TAG \"A02\") UID PARTIAL (23500:24000 NIL)\r\n",
        |r| matches!(r, Response::Data(Data::ESearch(e)) if matches!(&e.items[0], SearchReturn::Partial(_, None))),
    );
    check(
        b"* ESEARCH (TAG \"a\") RELEVANCY (4 99 42)\r\n",
        |r| matches!(r, Response::Data(Data::ESearch(e)) if matches!(&e.items[0], SearchReturn::Other(n, v) if n.as_str() == "RELEVANCY" && v.as_bytes() == b"(4 99 42)")),
    );
    check(
        b"* ESEARCH\r\n",
        |r| matches!(r, Response::Data(Data::ESearch(e)) if e.items.is_empty() && !e.uid),
    );
    // SEARCH and SORT with the RFC 7162 MODSEQ.
    check(
        b"* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)\r\n",
        |r| matches!(r, Response::Data(Data::Search { ids, modseq: Some(917162500) }) if ids.len() == 10),
    );
    check(
        b"* SORT 2 84 882\r\n",
        |r| matches!(r, Response::Data(Data::Sort { ids, .. }) if ids.len() == 3),
    );
    // RFC 5256 §4 THREAD examples.
    check(
        b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
        |r| matches!(r, Response::Data(Data::Thread(t)) if t.len() == 2 && t[1].members.len() == 2 && t[1].children.len() == 2),
    );
    check(
        b"* THREAD ((3)(5))\r\n",
        |r| matches!(r, Response::Data(Data::Thread(t)) if t[0].members.is_empty() && t[0].children.len() == 2),
    );
    check(
        b"* THREAD\r\n",
        |r| matches!(r, Response::Data(Data::Thread(t)) if t.is_empty()),
    );
    check(
        b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Junk)\r\n",
        |r| matches!(r, Response::Data(Data::Flags(f)) if f.len() == 6),
    );
    check(b"* 23 EXISTS\r\n", |r| {
        *r == Response::Data(Data::Exists(23))
    });
    check(b"* 0 RECENT\r\n", |r| *r == Response::Data(Data::Recent(0)));
    check(b"* 44 EXPUNGE\r\n", |r| {
        *r == Response::Data(Data::Expunge(nz(44)))
    });
    // RFC 7162 §3.2.10 VANISHED.
    check(
        b"* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n",
        |r| matches!(r, Response::Data(Data::Vanished { earlier: true, .. })),
    );
    check(b"* VANISHED 405,407,410,425\r\n", |r| {
        matches!(r, Response::Data(Data::Vanished { earlier: false, .. }))
    });
    // RFC 9208 §5 QUOTA and QUOTAROOT.
    check(
        b"* QUOTA \"\" (STORAGE 10 512 MESSAGE 100 1000)\r\n",
        |r| matches!(r, Response::Data(Data::Quota { resources, .. }) if resources.len() == 2 && resources[1].limit == 1000),
    );
    check(
        b"* QUOTAROOT INBOX \"\"\r\n",
        |r| matches!(r, Response::Data(Data::QuotaRoot { roots, .. }) if roots.len() == 1),
    );
    check(
        b"* QUOTAROOT comp.mail.mime\r\n",
        |r| matches!(r, Response::Data(Data::QuotaRoot { roots, .. }) if roots.is_empty()),
    );
    // RFC 5464 §4.4 METADATA: values (with a literal) and the unsolicited list.
    check(
        b"* METADATA \"INBOX\" (/private/comment \"My own comment\" /shared/comment {5}\r\nhello)\r\n",
        |r| {
            matches!(r, Response::Data(Data::Metadata { entries: MetadataEntries::Values(v), .. }) if v.len() == 2)
        },
    );
    check(
        b"* METADATA \"\" /shared/comment /private/comment\r\n",
        |r| matches!(r, Response::Data(Data::Metadata { entries: MetadataEntries::Changed(v), .. }) if v.len() == 2),
    );
    check(
        b"* METADATA INBOX (/private/x NIL /shared/y ~{3}\r\na\0b)\r\n",
        |r| {
            matches!(r, Response::Data(Data::Metadata { entries: MetadataEntries::Values(v), .. })
            if v[0].1.is_none() && v[1].1.as_deref() == Some(&b"a\0b"[..]))
        },
    );
    // RFC 4314 §3.6 - §3.8 ACL, LISTRIGHTS, MYRIGHTS.
    check(
        b"* ACL INBOX Fred rwipsldexta\r\n",
        |r| matches!(r, Response::Data(Data::Acl { entries, .. }) if entries.len() == 1),
    );
    check(
        b"* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n",
        |r| matches!(r, Response::Data(Data::ListRights { optional, .. }) if optional.len() == 2),
    );
    check(b"* MYRIGHTS INBOX rwiptsldaex\r\n", |r| {
        matches!(r, Response::Data(Data::MyRights { .. }))
    });
    // RFC 2971 §3.2 ID.
    check(
        b"* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" NIL)\r\n",
        |r| matches!(r, Response::Data(Data::Id(Some(v))) if v.len() == 3 && v[2].1.is_none()),
    );
    check(b"* ID NIL\r\n", |r| *r == Response::Data(Data::Id(None)));
    // Unknown untagged data: kept raw, with its literal.
    check(
        b"* XLIST (\\HasNoChildren \\Inbox) \"/\" \"Inbox\"\r\n",
        |r| matches!(r, Response::Data(Data::Other { name, rest, .. }) if name.as_str() == "XLIST" && rest.starts_with(b"(\\HasNoChildren")),
    );
    check(
        b"* 3 XFOO {3}\r\nabc\r\n",
        |r| matches!(r, Response::Data(Data::Other { number: Some(3), rest, .. }) if &rest[..] == b"{3}\r\nabc"),
    );
    check(
        b"* NOOP\r\n",
        |r| matches!(r, Response::Data(Data::Other { rest, .. }) if rest.is_empty()),
    );
}

/// RFC 9051 §7.5.2 FETCH: every data item, BODY[section]<origin> as quoted, literal and NIL,
/// BINARY with literal8, and the extensions.
#[test]
fn fetch_items() {
    check(
        b"* 12 FETCH (FLAGS (\\Seen \\Recent $Forwarded) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 UID 447)\r\n",
        |r| {
            matches!(r, Response::Data(Data::Fetch { seq, items }) if seq.get() == 12 && items.len() == 4
                && matches!(&items[0], FetchData::Flags(f) if f[1] == FlagFetch::Recent))
        },
    );
    check(
        b"* 1 FETCH (BODY[HEADER.FIELDS (DATE FROM)] {16}\r\nDate: x\r\nFrom: y BODY[1.2.MIME] \"a\" BODY[TEXT]<1024> NIL BODY[] \"\")\r\n",
        |r| {
            let Response::Data(Data::Fetch { items, .. }) = r else { return false };
            matches!(&items[0], FetchData::BodySection { data: Some(d), origin: None, .. } if d.len() == 16)
                && matches!(&items[2], FetchData::BodySection { data: None, origin: Some(1024), .. })
                && matches!(&items[3], FetchData::BodySection { data: Some(d), .. } if d.is_empty())
        },
    );
    // RFC 3516 BINARY and BINARY.SIZE.
    check(
        b"* 3 FETCH (BINARY[1] ~{4}\r\n\0\x01\x02\x03 BINARY[2]<0> \"x\" BINARY[] NIL BINARY.SIZE[1.1] 4)\r\n",
        |r| {
            let Response::Data(Data::Fetch { items, .. }) = r else { return false };
            matches!(&items[0], FetchData::Binary { data: BinaryData::Literal8(l), .. } if l.as_bytes() == b"\0\x01\x02\x03")
                && matches!(&items[1], FetchData::Binary { origin: Some(0), data: BinaryData::String(_), .. })
                && matches!(&items[2], FetchData::Binary { part: None, data: BinaryData::Nil, .. })
                && matches!(&items[3], FetchData::BinarySize { size: 4, .. })
        },
    );
    // RFC 3501 RFC822 items.
    check(
        b"* 2 FETCH (RFC822 {4}\r\nab\r\n RFC822.HEADER NIL RFC822.TEXT \"t\")\r\n",
        |r| matches!(r, Response::Data(Data::Fetch { items, .. }) if items.len() == 3),
    );
    // RFC 7162 MODSEQ, RFC 8474 EMAILID/THREADID, RFC 8514 SAVEDATE, RFC 8970 PREVIEW.
    check(
        b"* 5 FETCH (MODSEQ (624140003) EMAILID (M6d99ac3275bb4e) THREADID NIL SAVEDATE \"01-Jan-2024 10:00:00 +0000\" PREVIEW \"Hello\")\r\n",
        |r| {
            let Response::Data(Data::Fetch { items, .. }) = r else { return false };
            items[0] == FetchData::ModSeq(624140003)
                && matches!(&items[1], FetchData::EmailId(id) if id.as_str() == "M6d99ac3275bb4e")
                && items[2] == FetchData::ThreadId(None)
                && matches!(items[3], FetchData::SaveDate(Some(_)))
                && matches!(&items[4], FetchData::Preview(Some(_)))
        },
    );
    check(
        b"* 6 FETCH (THREADID (T64b478a75b7ea9) SAVEDATE NIL PREVIEW NIL)\r\n",
        |r| matches!(r, Response::Data(Data::Fetch { items, .. }) if matches!(&items[0], FetchData::ThreadId(Some(_)))),
    );
    // Unknown items are kept raw (name plus value), including lists and literals.
    check(
        b"* 7 FETCH (X-PRIVATE (1 \"two\" (three)) X-BLOB {2}\r\nhi UID 9)\r\n",
        |r| {
            let Response::Data(Data::Fetch { items, .. }) = r else {
                return false;
            };
            matches!(&items[0], FetchData::Other { name, value } if name.as_str() == "X-PRIVATE" && value.as_bytes() == b"(1 \"two\" (three))")
                && matches!(&items[1], FetchData::Other { value, .. } if value.as_bytes() == b"{2}\r\nhi")
                && items[2] == FetchData::Uid(nz(9))
        },
    );
    // ENVELOPE: group syntax and NIL fields (RFC 9051 §7.5.2).
    check(
        b"* 8 FETCH (ENVELOPE (NIL NIL NIL NIL NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL))\r\n",
        |r| {
            let Response::Data(Data::Fetch { items, .. }) = r else { return false };
            matches!(&items[0], FetchData::Envelope(e) if e.from.is_empty() && e.to.len() == 2
                && e.to[0].is_group_start() && e.to[1].is_group_end())
        },
    );
}

/// RFC 9051 §7.5.2 BODYSTRUCTURE table: multipart/mixed holding multipart/alternative (text
/// and html) and a message/rfc822 attachment whose body is a basic part; every extension field
/// form (disposition with parameters, language as string and as list, location, extensions).
#[test]
fn bodystructure_table() {
    let line: &[u8] = b"* 1 FETCH (BODYSTRUCTURE (((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 1152 23 NIL NIL \"EN\" NIL)(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") \"<id@x>\" \"desc\" \"QUOTED-PRINTABLE\" 4096 80 \"md5==\" (\"INLINE\" NIL) (\"EN\" \"DE\") \"http://x/y\" 7 (\"ext\" 1)) \"ALTERNATIVE\" (\"BOUNDARY\" \"b1\") NIL NIL NIL)(\"MESSAGE\" \"RFC822\" (\"NAME\" \"fwd.eml\") NIL NIL \"7BIT\" 3000 (\"Mon, 7 Feb 1994 21:52:25 -0800\" \"Fwd\" ((\"A\" NIL \"a\" \"example.org\")) NIL NIL ((NIL NIL \"b\" \"example.org\")) NIL NIL NIL \"<m@x>\") (\"APPLICATION\" \"PDF\" (\"NAME\" \"r.pdf\") NIL NIL \"BASE64\" 2000 NIL (\"ATTACHMENT\" (\"FILENAME\" \"r.pdf\")) NIL NIL) 40 NIL (\"ATTACHMENT\" (\"FILENAME\" \"fwd.eml\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b0\") NIL NIL NIL))\r\n";
    check(line, |r| {
        let Response::Data(Data::Fetch { items, .. }) = r else {
            return false;
        };
        let FetchData::BodyStructure(b) = &items[0] else {
            return false;
        };
        let alt = b.part(&[1]).unwrap();
        let html = b.part(&[1, 2]).unwrap();
        let msg = b.part(&[2]).unwrap();
        let pdf = b.part(&[2, 1]).unwrap();
        let Body::Text {
            ext: Some(html_ext),
            ..
        } = html
        else {
            return false;
        };
        let tail = html_ext.tail.as_ref().unwrap();
        let lang = tail.language.as_ref().unwrap();
        let loc = lang.location.as_ref().unwrap();
        b.subtype() == b"MIXED"
            && alt.subtype() == b"ALTERNATIVE"
            && b.part(&[1, 1]).unwrap().subtype() == b"PLAIN"
            && tail.disposition.as_ref().unwrap().kind.as_bytes() == b"INLINE"
            && lang.language.len() == 2
            && loc.extensions.len() == 2
            && matches!(msg, Body::Message { lines: 40, .. })
            && matches!(pdf, Body::Basic { media_type, .. } if media_type.as_bytes() == b"APPLICATION")
    });
}

/// Limits: a 10,000-deep `((((` is a clean depth error (no stack overflow), in a BODYSTRUCTURE,
/// a THREAD and an unknown FETCH item; address lists, list items and literal sizes are bounded.
#[test]
fn limits() {
    let d = ResponseDecoder::default();
    for prefix in [
        &b"* 1 FETCH (BODYSTRUCTURE "[..],
        b"* THREAD ",
        b"* 1 FETCH (X-DEEP ",
        b"* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL NIL NIL ",
    ] {
        let mut line = prefix.to_vec();
        line.extend(std::iter::repeat_n(b'(', 10_000));
        line.extend_from_slice(b"\r\n");
        let e = d.decode(&line).unwrap_err();
        assert!(
            matches!(
                e.kind,
                DecodeErrorKind::LimitExceeded {
                    what: "nesting depth",
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.skip, Some(line.len()));
    }
    // Address list length.
    let small = ResponseDecoder::new(ResponseConfig::new().with_max_addresses(1));
    let env = b"* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    assert!(d.decode(env).is_ok());
    assert!(matches!(
        small.decode(env).unwrap_err().kind,
        DecodeErrorKind::LimitExceeded {
            what: "addresses",
            ..
        }
    ));
    // List length.
    let few = ResponseDecoder::new(ResponseConfig::new().with_max_items(2));
    assert!(few.decode(b"* SEARCH 1 2 3\r\n").is_err());
    assert!(few.decode(b"* SEARCH 1 2\r\n").is_ok());
    // Literal size, before any data arrives.
    let lit = ResponseDecoder::new(ResponseConfig::new().with_max_literal_size(10));
    assert!(matches!(
        lit.decode(b"* 1 FETCH (BODY[] {11}\r\n").unwrap_err().kind,
        DecodeErrorKind::LimitExceeded {
            what: "literal size",
            ..
        }
    ));
    // Depth limit is configurable: a nesting of 3 bodies passes with 3 and fails with 2.
    let nested = b"* 1 FETCH (BODY (((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) \"MIXED\") \"MIXED\"))\r\n";
    assert!(
        ResponseDecoder::new(ResponseConfig::new().with_max_depth(3))
            .decode(nested)
            .is_ok()
    );
    assert!(
        ResponseDecoder::new(ResponseConfig::new().with_max_depth(2))
            .decode(nested)
            .is_err()
    );
}

/// Zero-copy: a large BODY[] literal is a slice of the input, not a copy.
#[test]
fn literal_is_borrowed() {
    let size = 8 * 1024 * 1024;
    let mut input = format!("* 1 FETCH (UID 5 BODY[] {{{size}}}\r\n").into_bytes();
    let start = input.len();
    input.resize(start + size, b'x');
    input.extend_from_slice(b")\r\n");
    let d = ResponseDecoder::default();
    let (r, n) = d.decode(&input).unwrap().complete().unwrap();
    assert_eq!(n, input.len());
    let Response::Data(Data::Fetch { items, .. }) = r else {
        panic!()
    };
    let FetchData::BodySection {
        data: Some(data), ..
    } = &items[1]
    else {
        panic!()
    };
    assert_eq!(data.len(), size);
    assert!(std::ptr::eq(
        data.as_bytes().as_ptr(),
        input[start..].as_ptr()
    ));
}

/// Keywords in any case (RFC 5234 §2.3: ABNF strings are case-insensitive), in strict mode.
#[test]
fn lower_case_keywords() {
    check(
        b"* 3 fetch (flags (\\seen) uid 7 body[header] nil)\r\n",
        |r| matches!(r, Response::Data(Data::Fetch { items, .. }) if items.len() == 3),
    );
    check(b"* ok [uidnext 5] x\r\n", |r| {
        r.code() == Some(&Code::UidNext(nz(5)))
    });
    check(
        b"* 1 fetch (bodystructure (\"text\" \"plain\" nil nil nil \"7bit\" 1 1))\r\n",
        |r| matches!(r, Response::Data(Data::Fetch { .. })),
    );
}
