//! Every command form as a table of (input, expected value), with the RFC rule each row
//! protects. Each row also re-encodes the value and decodes it again.

use std::num::{NonZeroU32, NonZeroU64};

use imap_proto::decode::CommandDecoder;
use imap_proto::types::command::*;
use imap_proto::types::core::*;
use imap_proto::types::ext::{CompItem, Label, TaggedExt, TaggedExtVal};
use imap_proto::types::fetch::{FetchItem, FetchItems, FetchModifier, PartialRange};
use imap_proto::types::search::*;
use imap_proto::types::status::StatusItem;
use imap_proto::{Decoded, Encode};
use mail_core::Secret;
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;

fn s(v: &str) -> IString<'_> {
    IString::try_from(v).unwrap()
}
fn mb(v: &str) -> Mailbox<'_> {
    Mailbox::new(v).unwrap()
}
fn set(v: &str) -> SequenceSet {
    SequenceSet::parse(v).unwrap()
}
fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}
fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}
fn pat(v: &str) -> ListMailbox<'_> {
    ListMailbox::new(v).unwrap()
}
fn atom(v: &str) -> Atom<'_> {
    Atom::new(v).unwrap()
}
fn label(v: &str) -> Label<'_> {
    Label::new(v).unwrap()
}
fn kw(v: &str) -> FlagKeyword<'_> {
    FlagKeyword::new(v).unwrap()
}

fn check(rows: Vec<(&str, &str, CommandBody<'static>)>) {
    let dec = CommandDecoder::default();
    for (rfc, input, expected) in rows {
        let wire = format!("{input}\r\n");
        let got = dec.decode(wire.as_bytes());
        match got {
            Ok(Decoded::Complete { value, consumed }) => {
                assert_eq!(consumed, wire.len(), "{rfc}: {input}");
                assert_eq!(value.tag.as_str(), "a", "{rfc}: {input}");
                assert_eq!(value.body, expected, "{rfc}: {input}");
                let again = value.to_bytes();
                match dec.decode(&again) {
                    Ok(Decoded::Complete { value: v2, .. }) => {
                        assert_eq!(v2, value, "{rfc}: {input} re-encoded")
                    }
                    other => panic!(
                        "{rfc}: {input}: re-encoded {:?}: {other:?}",
                        String::from_utf8_lossy(&again)
                    ),
                }
            }
            other => panic!("{rfc}: {input}: {other:?}"),
        }
    }
}

use CommandBody as B;

#[test]
fn any_state_and_not_authenticated() {
    check(vec![
        ("RFC 9051 §6.1.1", "a CAPABILITY", B::Capability),
        (
            "RFC 9051 §9 case-insensitive",
            "a capability",
            B::Capability,
        ),
        ("RFC 9051 §6.1.2", "a NOOP", B::Noop),
        ("RFC 9051 §6.1.3", "a LOGOUT", B::Logout),
        ("RFC 2971 §3.1 ID NIL", "a ID NIL", B::Id(None)),
        (
            "RFC 2971 §3.1",
            r#"a ID ("name" "sodr" "version" NIL)"#,
            B::Id(Some(vec![
                (s("name"), Some(s("sodr"))),
                (s("version"), None),
            ])),
        ),
        ("RFC 9051 §6.2.1", "a STARTTLS", B::StartTls),
        (
            "RFC 9051 §6.2.2",
            "a AUTHENTICATE GSSAPI",
            B::Authenticate {
                mechanism: Mechanism::GSSAPI,
                initial_response: None,
            },
        ),
        (
            "RFC 4959 §3 SASL-IR",
            "a AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=",
            B::Authenticate {
                mechanism: Mechanism::PLAIN,
                initial_response: Some(SaslResponse::data(b"test\0test\0test".to_vec())),
            },
        ),
        (
            "RFC 4959 §3 empty initial response",
            "a AUTHENTICATE EXTERNAL =",
            B::Authenticate {
                mechanism: Mechanism::EXTERNAL,
                initial_response: Some(SaslResponse::Empty),
            },
        ),
        (
            "RFC 9051 §6.2.3",
            "a LOGIN SMITH SESAME",
            B::Login {
                username: s("SMITH"),
                password: Secret::new(s("SESAME")),
            },
        ),
        (
            "RFC 9051 §6.2.3 quoted and literal",
            "a LOGIN \"fred foo\" {3}\r\nx\"y",
            B::Login {
                username: s("fred foo"),
                password: Secret::new(s("x\"y")),
            },
        ),
    ]);
}

#[test]
fn authenticated_state() {
    check(vec![
        (
            "RFC 5161 §3.1",
            "a ENABLE CONDSTORE X-GOOD-IDEA",
            B::Enable(vec![atom("CONDSTORE"), atom("X-GOOD-IDEA")]),
        ),
        (
            "RFC 9051 §6.3.2",
            "a SELECT inbox",
            B::Select {
                mailbox: Mailbox::INBOX,
                params: vec![],
            },
        ),
        (
            "RFC 7162 §3.1.8 CONDSTORE",
            "a SELECT INBOX (CONDSTORE)",
            B::Select {
                mailbox: Mailbox::INBOX,
                params: vec![SelectParam::CondStore],
            },
        ),
        (
            "RFC 7162 §3.2.5 QRESYNC",
            "a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:*,5 2:40,41)))",
            B::Select {
                mailbox: Mailbox::INBOX,
                params: vec![SelectParam::QResync(QResync {
                    uidvalidity: nz(67890007),
                    modseq: NonZeroU64::new(20050715194045000).unwrap(),
                    known_uids: Some(set("41,43:211,214:541")),
                    seq_match: Some((set("1:*,5"), set("2:40,41"))),
                })],
            },
        ),
        (
            "RFC 4466 §2.1 select-param",
            r#"a EXAMINE INBOX (ANNOTATE RESPONSES ("UID Responses") CONDSTORE)"#,
            B::Examine {
                mailbox: Mailbox::INBOX,
                params: vec![
                    SelectParam::Other(TaggedExt {
                        name: label("ANNOTATE"),
                        value: None,
                    }),
                    SelectParam::Other(TaggedExt {
                        name: label("RESPONSES"),
                        value: Some(TaggedExtVal::Comp(vec![CompItem::AString(s(
                            "UID Responses",
                        ))])),
                    }),
                    SelectParam::CondStore,
                ],
            },
        ),
        (
            "RFC 9051 §6.3.4",
            "a CREATE owatagusiam/",
            B::Create {
                mailbox: mb("owatagusiam/"),
                params: vec![],
            },
        ),
        (
            "RFC 6154 §5.1 CREATE USE",
            r"a CREATE MySpecial (USE (\Drafts \Sent))",
            B::Create {
                mailbox: mb("MySpecial"),
                params: vec![CreateParam::Use(vec![UseAttr::Drafts, UseAttr::Sent])],
            },
        ),
        (
            "RFC 9051 §6.3.5",
            "a DELETE foo/bar",
            B::Delete(mb("foo/bar")),
        ),
        (
            "RFC 9051 §6.3.6",
            "a RENAME INBOX old-mail",
            B::Rename {
                from: Mailbox::INBOX,
                to: mb("old-mail"),
                params: vec![],
            },
        ),
        (
            "RFC 9051 §6.3.7",
            "a SUBSCRIBE #news.comp.mail.mime",
            B::Subscribe(mb("#news.comp.mail.mime")),
        ),
        (
            "RFC 9051 §6.3.8",
            "a UNSUBSCRIBE x",
            B::Unsubscribe(mb("x")),
        ),
        (
            "RFC 9051 §6.3.9",
            r#"a LIST "" *"#,
            B::List {
                selection: None,
                reference: mb(""),
                pattern: pat("*"),
                more_patterns: vec![],
                return_opts: None,
            },
        ),
        (
            "RFC 5258 §3 selection, patterns, return",
            r#"a LIST (SUBSCRIBED REMOTE RECURSIVEMATCH SPECIAL-USE) "" (% music/rock) RETURN (CHILDREN SUBSCRIBED SPECIAL-USE MYRIGHTS STATUS (MESSAGES UNSEEN))"#,
            B::List {
                selection: Some(vec![
                    ListSelectOption::Subscribed,
                    ListSelectOption::Remote,
                    ListSelectOption::RecursiveMatch,
                    ListSelectOption::SpecialUse,
                ]),
                reference: mb(""),
                pattern: pat("%"),
                more_patterns: vec![pat("music/rock")],
                return_opts: Some(vec![
                    ListReturnOption::Children,
                    ListReturnOption::Subscribed,
                    ListReturnOption::SpecialUse,
                    ListReturnOption::MyRights,
                    ListReturnOption::Status(vec![StatusItem::Messages, StatusItem::Unseen]),
                ]),
            },
        ),
        (
            "RFC 5258 §3 empty options",
            r#"a LIST () "" % RETURN ()"#,
            B::List {
                selection: Some(vec![]),
                reference: mb(""),
                pattern: pat("%"),
                more_patterns: vec![],
                return_opts: Some(vec![]),
            },
        ),
        (
            "RFC 3501 §6.3.9 LSUB",
            r##"a LSUB "#news." "comp.mail.*""##,
            B::Lsub {
                reference: mb("#news."),
                pattern: pat("comp.mail.*"),
            },
        ),
        ("RFC 2342 §5", "a NAMESPACE", B::Namespace),
        (
            "RFC 9051 §6.3.11 and extensions",
            "a STATUS blurdybloop (UIDNEXT MESSAGES UIDVALIDITY UNSEEN DELETED SIZE RECENT HIGHESTMODSEQ APPENDLIMIT MAILBOXID DELETED-STORAGE)",
            B::Status {
                mailbox: mb("blurdybloop"),
                items: vec![
                    StatusItem::UidNext,
                    StatusItem::Messages,
                    StatusItem::UidValidity,
                    StatusItem::Unseen,
                    StatusItem::Deleted,
                    StatusItem::Size,
                    StatusItem::Recent,
                    StatusItem::HighestModSeq,
                    StatusItem::AppendLimit,
                    StatusItem::MailboxId,
                    StatusItem::DeletedStorage,
                ],
            },
        ),
        (
            "RFC 9051 §6.3.12 APPEND flags date literal",
            "a APPEND saved-messages (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {5}\r\nhello",
            B::Append {
                mailbox: mb("saved-messages"),
                messages: vec![AppendMessage {
                    flags: Some(vec![Flag::Seen]),
                    date: Some(DateTime::new(date(2024, 1, 5), 10, 0, 0, 60).unwrap()),
                    data: AppendData::Literal(s("hello")),
                }],
            },
        ),
        (
            "RFC 3502 MULTIAPPEND, RFC 3516 literal8, RFC 6855 §4 UTF8",
            "a APPEND x {1+}\r\na (\\Draft) ~{2}\r\nb\0 UTF8 (~{1+}\r\nc)",
            B::Append {
                mailbox: mb("x"),
                messages: vec![
                    AppendMessage {
                        flags: None,
                        date: None,
                        data: AppendData::Literal(s("a")),
                    },
                    AppendMessage {
                        flags: Some(vec![Flag::Draft]),
                        date: None,
                        data: AppendData::Binary(Literal8::new(&b"b\0"[..])),
                    },
                    AppendMessage {
                        flags: None,
                        date: None,
                        data: AppendData::Utf8(Literal8::new(&b"c"[..])),
                    },
                ],
            },
        ),
        ("RFC 2177 §3", "a IDLE", B::Idle),
        ("RFC 9208 §4.2", "a GETQUOTA \"\"", B::GetQuota(s(""))),
        (
            "RFC 9208 §4.3",
            "a GETQUOTAROOT INBOX",
            B::GetQuotaRoot(Mailbox::INBOX),
        ),
        (
            "RFC 9208 §4.1.4",
            "a SETQUOTA \"#user/alice\" (STORAGE 510 MESSAGE 1000)",
            B::SetQuota {
                root: s("#user/alice"),
                limits: vec![(atom("STORAGE"), 510), (atom("MESSAGE"), 1000)],
            },
        ),
        (
            "RFC 5464 §4.2",
            "a GETMETADATA (MAXSIZE 1024 DEPTH infinity) INBOX (/shared/comment /private/comment)",
            B::GetMetadata {
                options: vec![
                    GetMetadataOption::MaxSize(1024),
                    GetMetadataOption::Depth(MetadataDepth::Infinity),
                ],
                mailbox: Mailbox::INBOX,
                entries: vec![s("/shared/comment"), s("/private/comment")],
            },
        ),
        (
            "RFC 5464 §4.3",
            "a SETMETADATA INBOX (/private/comment {3}\r\nabc /shared/x NIL /shared/y ~{1}\r\n\0)",
            B::SetMetadata {
                mailbox: Mailbox::INBOX,
                entries: vec![
                    (s("/private/comment"), MetadataValue::String(s("abc"))),
                    (s("/shared/x"), MetadataValue::Nil),
                    (
                        s("/shared/y"),
                        MetadataValue::Binary(Literal8::new(&b"\0"[..])),
                    ),
                ],
            },
        ),
        (
            "RFC 4314 §3.1",
            "a SETACL INBOX/Drafts Chris +cda",
            B::SetAcl {
                mailbox: mb("INBOX/Drafts"),
                identifier: s("Chris"),
                rights: s("+cda"),
            },
        ),
        (
            "RFC 4314 §3.2",
            "a DeleteAcl INBOX Fred",
            B::DeleteAcl {
                mailbox: Mailbox::INBOX,
                identifier: s("Fred"),
            },
        ),
        ("RFC 4314 §3.3", "a getacl INBOX", B::GetAcl(Mailbox::INBOX)),
        (
            "RFC 4314 §3.4",
            "a LISTRIGHTS ~/Mail/saved smith",
            B::ListRights {
                mailbox: mb("~/Mail/saved"),
                identifier: s("smith"),
            },
        ),
        (
            "RFC 4314 §3.5",
            "a MYRIGHTS INBOX",
            B::MyRights(Mailbox::INBOX),
        ),
        (
            "RFC 4978 §3",
            "a COMPRESS DEFLATE",
            B::Compress(atom("DEFLATE")),
        ),
        ("RFC 8437 §3", "a UNAUTHENTICATE", B::Unauthenticate),
    ]);
}

#[test]
fn selected_state() {
    check(vec![
        ("RFC 3501 §6.4.1", "a CHECK", B::Check),
        ("RFC 9051 §6.4.1", "a CLOSE", B::Close),
        ("RFC 3691 §2", "a UNSELECT", B::Unselect),
        ("RFC 9051 §6.4.3", "a EXPUNGE", B::Expunge),
        (
            "RFC 4315 §2.1",
            "a UID EXPUNGE 3000:3002",
            B::UidExpunge(set("3000:3002")),
        ),
        (
            "RFC 9051 §6.4.4",
            r#"a SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith""#,
            B::Search {
                uid: false,
                return_opts: None,
                charset: None,
                criteria: vec![
                    SearchKey::Flagged,
                    SearchKey::Since(date(1994, 2, 1)),
                    SearchKey::Not(Box::new(SearchKey::From(s("Smith")))),
                ],
            },
        ),
        (
            "RFC 4731 §3.1, RFC 5182 SAVE, RFC 5267 CONTEXT/UPDATE/PARTIAL, RFC 6203",
            "a UID SEARCH RETURN (MIN MAX ALL COUNT SAVE CONTEXT UPDATE PARTIAL 1:500 RELEVANCY) CHARSET UTF-8 $",
            B::Search {
                uid: true,
                return_opts: Some(vec![
                    SearchReturnOption::Min,
                    SearchReturnOption::Max,
                    SearchReturnOption::All,
                    SearchReturnOption::Count,
                    SearchReturnOption::Save,
                    SearchReturnOption::Context,
                    SearchReturnOption::Update,
                    SearchReturnOption::Partial(PartialRange::new(1, 500).unwrap()),
                    SearchReturnOption::Relevancy,
                ]),
                charset: Some(Charset::new("UTF-8").unwrap()),
                criteria: vec![SearchKey::SequenceSet(SequenceSet::saved())],
            },
        ),
        (
            "RFC 3501 §6.4.4 / RFC 9051 every key",
            "a SEARCH ALL ANSWERED BCC a BEFORE 1-Feb-1994 BODY b CC c DELETED DRAFT FLAGGED FROM d HEADER X-Y e KEYWORD $Junk LARGER 10 NEW OLD ON 2-Feb-1994 RECENT SEEN SENTBEFORE 3-Feb-1994 SENTON 4-Feb-1994 SENTSINCE 5-Feb-1994 SINCE 6-Feb-1994 SMALLER 20 SUBJECT f TEXT g TO h UID 1:* UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $Seen UNSEEN 2,4:*",
            B::Search {
                uid: false,
                return_opts: None,
                charset: None,
                criteria: vec![
                    SearchKey::All,
                    SearchKey::Answered,
                    SearchKey::Bcc(s("a")),
                    SearchKey::Before(date(1994, 2, 1)),
                    SearchKey::Body(s("b")),
                    SearchKey::Cc(s("c")),
                    SearchKey::Deleted,
                    SearchKey::Draft,
                    SearchKey::Flagged,
                    SearchKey::From(s("d")),
                    SearchKey::Header(s("X-Y"), s("e")),
                    SearchKey::Keyword(kw("$Junk")),
                    SearchKey::Larger(10),
                    SearchKey::New,
                    SearchKey::Old,
                    SearchKey::On(date(1994, 2, 2)),
                    SearchKey::Recent,
                    SearchKey::Seen,
                    SearchKey::SentBefore(date(1994, 2, 3)),
                    SearchKey::SentOn(date(1994, 2, 4)),
                    SearchKey::SentSince(date(1994, 2, 5)),
                    SearchKey::Since(date(1994, 2, 6)),
                    SearchKey::Smaller(20),
                    SearchKey::Subject(s("f")),
                    SearchKey::Text(s("g")),
                    SearchKey::To(s("h")),
                    SearchKey::Uid(set("1:*")),
                    SearchKey::Unanswered,
                    SearchKey::Undeleted,
                    SearchKey::Undraft,
                    SearchKey::Unflagged,
                    SearchKey::Unkeyword(kw("$Seen")),
                    SearchKey::Unseen,
                    SearchKey::SequenceSet(set("2,4:*")),
                ],
            },
        ),
        (
            "RFC 7162 §3.1.5 MODSEQ, RFC 5032 OLDER/YOUNGER, RFC 8514, RFC 8474, RFC 6203 FUZZY, nesting and OR",
            r#"a SEARCH MODSEQ "/flags/\\draft" all 620162338 MODSEQ 5 OLDER 3600 YOUNGER 60 SAVEDBEFORE 1-Jan-2020 SAVEDON 2-Jan-2020 SAVEDSINCE 3-Jan-2020 SAVEDATESUPPORTED EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9 FUZZY (SUBJECT x OR SEEN (DRAFT))"#,
            B::Search {
                uid: false,
                return_opts: None,
                charset: None,
                criteria: vec![
                    SearchKey::ModSeq {
                        entry: Some((s("/flags/\\draft"), EntryType::All)),
                        modseq: 620162338,
                    },
                    SearchKey::ModSeq {
                        entry: None,
                        modseq: 5,
                    },
                    SearchKey::Older(nz(3600)),
                    SearchKey::Younger(nz(60)),
                    SearchKey::SavedBefore(date(2020, 1, 1)),
                    SearchKey::SavedOn(date(2020, 1, 2)),
                    SearchKey::SavedSince(date(2020, 1, 3)),
                    SearchKey::SaveDateSupported,
                    SearchKey::EmailId(ObjectId::new("M6d99ac3275bb4e").unwrap()),
                    SearchKey::ThreadId(ObjectId::new("T64b478a75b7ea9").unwrap()),
                    SearchKey::Fuzzy(Box::new(SearchKey::And(vec![
                        SearchKey::Subject(s("x")),
                        SearchKey::Or(
                            Box::new(SearchKey::Seen),
                            Box::new(SearchKey::And(vec![SearchKey::Draft])),
                        ),
                    ]))),
                ],
            },
        ),
        (
            "RFC 9051 §6.4.5 macro",
            "a FETCH 2:4 ALL",
            B::Fetch {
                uid: false,
                set: set("2:4"),
                items: FetchItems::All,
                modifiers: vec![],
            },
        ),
        (
            "RFC 9051 §6.4.5 FAST / FULL",
            "a FETCH * FAST",
            B::Fetch {
                uid: false,
                set: set("*"),
                items: FetchItems::Fast,
                modifiers: vec![],
            },
        ),
        (
            "RFC 9051 §6.4.5 every item",
            "a FETCH 1 (ENVELOPE FLAGS INTERNALDATE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT UID BODY BODYSTRUCTURE BODY[] BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.2048> BODY[1.2.MIME] BODY[3.HEADER.FIELDS.NOT (X)] BODY[TEXT] BINARY[1] BINARY.PEEK[]<5.10> BINARY.SIZE[2] MODSEQ EMAILID THREADID SAVEDATE PREVIEW PREVIEW (LAZY))",
            B::Fetch {
                uid: false,
                set: set("1"),
                items: FetchItems::Items(vec![
                    FetchItem::Envelope,
                    FetchItem::Flags,
                    FetchItem::InternalDate,
                    FetchItem::Rfc822,
                    FetchItem::Rfc822Header,
                    FetchItem::Rfc822Size,
                    FetchItem::Rfc822Text,
                    FetchItem::Uid,
                    FetchItem::Body,
                    FetchItem::BodyStructure,
                    FetchItem::BodySection {
                        peek: false,
                        section: Section::full(),
                        partial: None,
                    },
                    FetchItem::BodySection {
                        peek: true,
                        section: Section::new(
                            None,
                            Some(SectionText::HeaderFields(
                                HeaderList::new(vec![s("DATE"), s("FROM")]).unwrap(),
                            )),
                        )
                        .unwrap(),
                        partial: Some(Partial::new(0, NonZeroU64::new(2048).unwrap()).unwrap()),
                    },
                    FetchItem::BodySection {
                        peek: false,
                        section: Section::new(
                            Some(Part::new(vec![nz(1), nz(2)]).unwrap()),
                            Some(SectionText::Mime),
                        )
                        .unwrap(),
                        partial: None,
                    },
                    FetchItem::BodySection {
                        peek: false,
                        section: Section::new(
                            Some(Part::new(vec![nz(3)]).unwrap()),
                            Some(SectionText::HeaderFieldsNot(
                                HeaderList::new(vec![s("X")]).unwrap(),
                            )),
                        )
                        .unwrap(),
                        partial: None,
                    },
                    FetchItem::BodySection {
                        peek: false,
                        section: Section::new(None, Some(SectionText::Text)).unwrap(),
                        partial: None,
                    },
                    FetchItem::Binary {
                        peek: false,
                        part: Some(Part::new(vec![nz(1)]).unwrap()),
                        partial: None,
                    },
                    FetchItem::Binary {
                        peek: true,
                        part: None,
                        partial: Some(Partial::new(5, NonZeroU64::new(10).unwrap()).unwrap()),
                    },
                    FetchItem::BinarySize {
                        part: Some(Part::new(vec![nz(2)]).unwrap()),
                    },
                    FetchItem::ModSeq,
                    FetchItem::EmailId,
                    FetchItem::ThreadId,
                    FetchItem::SaveDate,
                    FetchItem::Preview { lazy: false },
                    FetchItem::Preview { lazy: true },
                ]),
                modifiers: vec![],
            },
        ),
        (
            "RFC 7162 §3.2.6 CHANGEDSINCE and VANISHED",
            "a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
            B::Fetch {
                uid: true,
                set: set("300:500"),
                items: FetchItems::Items(vec![FetchItem::Flags]),
                modifiers: vec![FetchModifier::ChangedSince(12345), FetchModifier::Vanished],
            },
        ),
        (
            "RFC 9051 §6.4.6 STORE",
            r"a STORE 2:4 +FLAGS (\Deleted)",
            B::Store {
                uid: false,
                set: set("2:4"),
                modifiers: vec![],
                kind: StoreKind::Add,
                silent: false,
                flags: vec![Flag::Deleted],
            },
        ),
        (
            "RFC 7162 §3.1.3 UNCHANGEDSINCE, .SILENT, flags without parentheses",
            r"a UID STORE 7,3:9 (UNCHANGEDSINCE 12121230045) -FLAGS.SILENT \Deleted $Junk",
            B::Store {
                uid: true,
                set: set("7,3:9"),
                modifiers: vec![StoreModifier::UnchangedSince(12121230045)],
                kind: StoreKind::Remove,
                silent: true,
                flags: vec![Flag::Deleted, Flag::Keyword(kw("$Junk"))],
            },
        ),
        (
            "RFC 9051 §6.4.6 FLAGS ()",
            "a STORE 1 FLAGS ()",
            B::Store {
                uid: false,
                set: set("1"),
                modifiers: vec![],
                kind: StoreKind::Replace,
                silent: false,
                flags: vec![],
            },
        ),
        (
            "RFC 9051 §6.4.7 COPY",
            "a COPY 2:4 MEETING",
            B::Copy {
                uid: false,
                set: set("2:4"),
                mailbox: mb("MEETING"),
            },
        ),
        (
            "RFC 6851 §3 UID MOVE",
            "a UID MOVE 42:69 foo",
            B::Move {
                uid: true,
                set: set("42:69"),
                mailbox: mb("foo"),
            },
        ),
        (
            "RFC 8508 §3 REPLACE",
            "a UID REPLACE 2 Drafts (\\Draft) {3}\r\nnew",
            B::Replace {
                uid: true,
                number: SeqNumber::new(2).unwrap(),
                mailbox: mb("Drafts"),
                message: AppendMessage {
                    flags: Some(vec![Flag::Draft]),
                    date: None,
                    data: AppendData::Literal(s("new")),
                },
            },
        ),
        (
            "RFC 5256 §3 SORT",
            "a UID SORT (REVERSE ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO) UTF-8 SINCE 1-Feb-1994",
            B::Sort {
                uid: true,
                return_opts: None,
                criteria: [
                    (true, SortKey::Arrival),
                    (false, SortKey::Cc),
                    (false, SortKey::Date),
                    (false, SortKey::From),
                    (false, SortKey::Size),
                    (false, SortKey::Subject),
                    (false, SortKey::To),
                    (false, SortKey::DisplayFrom),
                    (false, SortKey::DisplayTo),
                ]
                .into_iter()
                .map(|(reverse, key)| SortCriterion { reverse, key })
                .collect(),
                charset: Charset::new("UTF-8").unwrap(),
                keys: vec![SearchKey::Since(date(1994, 2, 1))],
            },
        ),
        (
            "RFC 5267 §3 ESORT",
            "a SORT RETURN (COUNT) (DATE) US-ASCII ALL",
            B::Sort {
                uid: false,
                return_opts: Some(vec![SearchReturnOption::Count]),
                criteria: vec![SortCriterion {
                    reverse: false,
                    key: SortKey::Date,
                }],
                charset: Charset::new("US-ASCII").unwrap(),
                keys: vec![SearchKey::All],
            },
        ),
        (
            "RFC 5256 §3 THREAD",
            "a THREAD REFERENCES UTF-8 SINCE 5-MAR-2000",
            B::Thread {
                uid: false,
                algorithm: ThreadAlgorithm::References,
                charset: Charset::new("UTF-8").unwrap(),
                keys: vec![SearchKey::Since(date(2000, 3, 5))],
            },
        ),
        (
            "RFC 5256 §3 THREAD ORDEREDSUBJECT",
            "a UID THREAD ORDEREDSUBJECT \"US-ASCII\" ALL",
            B::Thread {
                uid: true,
                algorithm: ThreadAlgorithm::OrderedSubject,
                charset: Charset::new("US-ASCII").unwrap(),
                keys: vec![SearchKey::All],
            },
        ),
        (
            "RFC 5267 §4.3 CANCELUPDATE",
            r#"a CANCELUPDATE "B01" "B02""#,
            B::CancelUpdate(vec![s("B01"), s("B02")]),
        ),
    ]);
}

/// RFC 9051 §9 note 1: keywords are case-insensitive; RFC 3501 §5.1.3: mailbox names in
/// modified UTF-7 decode to UTF-8.
#[test]
fn case_and_utf7() {
    check(vec![
        (
            "RFC 9051 §9 note 1",
            "a uid fetch 1 (body.peek[header] flags)",
            B::Fetch {
                uid: true,
                set: set("1"),
                items: FetchItems::Items(vec![
                    FetchItem::BodySection {
                        peek: true,
                        section: Section::new(None, Some(SectionText::Header)).unwrap(),
                        partial: None,
                    },
                    FetchItem::Flags,
                ]),
                modifiers: vec![],
            },
        ),
        (
            "RFC 3501 §5.1.3",
            "a SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-",
            B::Select {
                mailbox: mb("~peter/mail/台北/日本語"),
                params: vec![],
            },
        ),
    ]);
}
