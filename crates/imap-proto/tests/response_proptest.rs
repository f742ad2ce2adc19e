//! decode(encode(v)) == v for every response type (RFC 9051 §7, §9 and the extensions), with
//! strings of every shape (atoms, quoted, literals, 8-bit), and the encoded bytes framed as one
//! response whose every prefix needs more input.

use std::borrow::Cow;
use std::num::NonZeroU32;

use imap_proto::decode::ResponseDecoder;
use imap_proto::types::core::{
    Atom, Charset, Date, DateTime, Flag, FlagFetch, FlagPerm, HeaderList, IString, Literal8,
    Mailbox, ObjectId, Part, Section, SectionText, SeqItem, SeqNumber, SequenceSet, Tag,
};
use imap_proto::types::fetch::PartialRange;
use imap_proto::types::response::{
    Base64, BinaryData, Code, Condition, Continue, Data, ESearch, FetchData, ListAttribute,
    ListExtItem, MailboxList, MetadataCode, MetadataEntries, NamespaceDescr, OtherCode,
    QuotaResource, RawValue, RespText, Response, SearchReturn, State, StatusValue, Text, Thread,
};
use imap_proto::types::response_body::{
    Address, Body, BodyExtension, BodyFields, Disposition, Envelope, ExtDisposition, ExtLanguage,
    ExtLocation, MultipartExt, Param, SinglePartExt,
};
use imap_proto::{Decoded, Encode};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn istring() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        "[a-zA-Z0-9.-]{1,8}".prop_map(|s| s.into_bytes()),
        "[ -~]{0,12}".prop_map(|s| s.into_bytes()),
        vec(1u8..=255, 0..16),
        vec(1u8..=255, 1020..1040),
    ]
    .prop_map(|b| IString::try_from(b).unwrap())
}

fn atom() -> impl Strategy<Value = Atom<'static>> {
    "[A-Z][A-Z0-9=.-]{0,10}".prop_map(|s| Atom::try_from(s).unwrap())
}

fn x_atom() -> impl Strategy<Value = Atom<'static>> {
    "X-[A-Z]{1,8}".prop_map(|s| Atom::try_from(s).unwrap())
}

fn nz() -> impl Strategy<Value = NonZeroU32> {
    (1u32..=u32::MAX).prop_map(|n| NonZeroU32::new(n).unwrap())
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    prop_oneof![
        "[a-zA-Z0-9/ .&-]{0,12}",
        "\\PC{0,6}",
        Just("INBOX".to_owned()),
    ]
    .prop_filter_map("mailbox", |s| Mailbox::new(s).ok())
}

fn text() -> impl Strategy<Value = Text<'static>> {
    prop_oneof!["[ -Z\\\\^-~]{0,30}", "\\PC{0,10}"].prop_filter_map("text", |s| {
        if s.starts_with('[') {
            None
        } else {
            Text::new(s).ok()
        }
    })
}

fn seq_set() -> impl Strategy<Value = SequenceSet> {
    vec(
        prop_oneof![
            nz().prop_map(|n| SeqItem::Single(SeqNumber::Value(n))),
            (nz(), nz())
                .prop_map(|(a, b)| SeqItem::Range(SeqNumber::Value(a), SeqNumber::Value(b))),
            nz().prop_map(|a| SeqItem::Range(SeqNumber::Value(a), SeqNumber::Largest)),
        ],
        1..5,
    )
    .prop_map(|v| SequenceSet::new(v).unwrap())
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Seen),
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Draft),
        "\\$?[A-Za-z][A-Za-z0-9]{0,8}".prop_map(|s| Flag::keyword(s).unwrap()),
        "X-[A-Za-z]{1,6}"
            .prop_map(|s| Flag::parse(Box::leak(format!("\\{s}").into_boxed_str())).unwrap()),
    ]
}

fn object_id() -> impl Strategy<Value = ObjectId<'static>> {
    "[A-Za-z0-9_-]{1,20}".prop_map(|s| ObjectId::new(s).unwrap())
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        1900u16..2100,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
        -720i16..=720,
    )
        .prop_map(|(y, mo, d, h, mi, s, z)| {
            DateTime::new(Date::new(y, mo, d).unwrap(), h, mi, s, z).unwrap()
        })
}

fn raw_value() -> impl Strategy<Value = RawValue<'static>> {
    prop_oneof![
        Just("NIL"),
        Just("12"),
        Just("(1 \"two\" (three))"),
        Just("\"q\""),
        Just("{3}\r\nabc"),
        Just("(\\Flag a)"),
    ]
    .prop_map(|s| RawValue::new(s.as_bytes().to_vec()).unwrap())
}

fn code() -> impl Strategy<Value = Code<'static>> {
    prop_oneof![
        Just(Code::Alert),
        Just(Code::Parse),
        Just(Code::ReadOnly),
        Just(Code::ReadWrite),
        Just(Code::TryCreate),
        Just(Code::AlreadyExists),
        Just(Code::AuthenticationFailed),
        Just(Code::AuthorizationFailed),
        Just(Code::Cannot),
        Just(Code::ClientBug),
        Just(Code::ContactAdmin),
        Just(Code::Corruption),
        Just(Code::Expired),
        Just(Code::ExpungeIssued),
        Just(Code::HasChildren),
        Just(Code::InUse),
        Just(Code::Limit),
        Just(Code::NonExistent),
        Just(Code::NoPerm),
        Just(Code::OverQuota),
        Just(Code::PrivacyRequired),
        Just(Code::ServerBug),
        Just(Code::Unavailable),
        Just(Code::UidNotSticky),
        Just(Code::NoModSeq),
        Just(Code::Closed),
        Just(Code::CompressionActive),
        Just(Code::UseAttr),
        Just(Code::NotSaved),
        Just(Code::UnknownCte),
        vec("[A-Za-z0-9 _-]{1,10}", 0..3).prop_filter_map("charset", |v| {
            v.into_iter()
                .map(|c| Charset::new(c).ok())
                .collect::<Option<Vec<_>>>()
                .map(Code::BadCharset)
        }),
        vec(atom(), 0..4).prop_map(Code::Capability),
        vec(
            prop_oneof![flag().prop_map(FlagPerm::Flag), Just(FlagPerm::Asterisk)],
            0..4
        )
        .prop_map(Code::PermanentFlags),
        nz().prop_map(Code::UidNext),
        nz().prop_map(Code::UidValidity),
        nz().prop_map(Code::Unseen),
        (nz(), seq_set()).prop_map(|(uid_validity, uids)| Code::AppendUid { uid_validity, uids }),
        (nz(), seq_set(), seq_set()).prop_map(|(uid_validity, source, destination)| {
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            }
        }),
        (0u64..=i64::MAX as u64).prop_map(Code::HighestModSeq),
        seq_set().prop_map(Code::Modified),
        prop_oneof![
            any::<u32>().prop_map(MetadataCode::LongEntries),
            any::<u32>().prop_map(MetadataCode::MaxSize),
            Just(MetadataCode::TooMany),
            Just(MetadataCode::NoPrivate),
        ]
        .prop_map(Code::Metadata),
        object_id().prop_map(Code::MailboxId),
        (x_atom(), of("[a-z0-9][ -\\\\^-~]{0,10}"))
            .prop_map(|(n, a)| { Code::Other(OtherCode::new(n, a.map(Cow::Owned)).unwrap()) }),
    ]
}

fn resp_text() -> impl Strategy<Value = RespText<'static>> {
    (of(code()), text()).prop_map(|(c, t)| RespText::new(c, t).unwrap())
}

fn list_attr() -> impl Strategy<Value = ListAttribute<'static>> {
    prop_oneof![
        Just(ListAttribute::NoInferiors),
        Just(ListAttribute::NoSelect),
        Just(ListAttribute::Marked),
        Just(ListAttribute::HasChildren),
        Just(ListAttribute::Subscribed),
        Just(ListAttribute::Junk),
        Just(ListAttribute::Important),
        x_atom().prop_map(ListAttribute::Extension),
    ]
}

fn delimiter() -> impl Strategy<Value = Option<char>> {
    of(prop_oneof![
        Just('/'),
        Just('.'),
        Just('"'),
        Just('\\'),
        Just('ä')
    ])
}

fn mailbox_list() -> impl Strategy<Value = MailboxList<'static>> {
    (
        vec(list_attr(), 0..4),
        delimiter(),
        mailbox(),
        vec(
            prop_oneof![
                vec(istring(), 1..3).prop_map(ListExtItem::ChildInfo),
                mailbox().prop_map(ListExtItem::OldName),
                ("x-[a-z]{1,5}", raw_value()).prop_map(|(t, value)| ListExtItem::Other {
                    tag: IString::try_from(t.into_bytes()).unwrap(),
                    value
                }),
            ],
            0..3,
        ),
    )
        .prop_map(|(attributes, delimiter, mailbox, extended)| MailboxList {
            attributes,
            delimiter,
            mailbox,
            extended,
        })
}

fn namespace() -> impl Strategy<Value = Option<Vec<NamespaceDescr<'static>>>> {
    of(vec(
        (
            istring(),
            delimiter(),
            vec((istring(), vec(istring(), 1..3)), 0..2),
        )
            .prop_map(|(prefix, delimiter, extensions)| NamespaceDescr {
                prefix,
                delimiter,
                extensions,
            }),
        1..3,
    ))
}

fn status_value() -> impl Strategy<Value = StatusValue<'static>> {
    prop_oneof![
        any::<u32>().prop_map(StatusValue::Messages),
        any::<u32>().prop_map(StatusValue::Recent),
        nz().prop_map(StatusValue::UidNext),
        nz().prop_map(StatusValue::UidValidity),
        any::<u32>().prop_map(StatusValue::Unseen),
        any::<u32>().prop_map(StatusValue::Deleted),
        (0u64..=i64::MAX as u64).prop_map(StatusValue::Size),
        (0u64..=i64::MAX as u64).prop_map(StatusValue::HighestModSeq),
        object_id().prop_map(StatusValue::MailboxId),
        of(any::<u32>()).prop_map(StatusValue::AppendLimit),
        (x_atom(), 0u64..1000).prop_map(|(a, n)| StatusValue::Other(a, n)),
    ]
}

fn search_return() -> impl Strategy<Value = SearchReturn<'static>> {
    prop_oneof![
        nz().prop_map(SearchReturn::Min),
        nz().prop_map(SearchReturn::Max),
        seq_set().prop_map(SearchReturn::All),
        any::<u32>().prop_map(SearchReturn::Count),
        (0u64..=i64::MAX as u64).prop_map(SearchReturn::ModSeq),
        (nz(), nz(), any::<bool>(), of(seq_set())).prop_map(|(a, b, neg, s)| {
            let (a, b) = (i64::from(a.get()), i64::from(b.get()));
            let r = if neg {
                PartialRange::new(-a, -b)
            } else {
                PartialRange::new(a, b)
            };
            SearchReturn::Partial(r.unwrap(), s)
        }),
        (x_atom(), raw_value()).prop_map(|(a, v)| SearchReturn::Other(a, v)),
    ]
}

fn thread() -> impl Strategy<Value = Thread> {
    let leaf = vec(nz(), 1..4).prop_map(|members| Thread {
        members,
        children: vec![],
    });
    leaf.prop_recursive(3, 16, 3, |inner| {
        (vec(nz(), 0..3), vec(inner, 2..4))
            .prop_map(|(members, children)| Thread { members, children })
    })
}

fn address() -> impl Strategy<Value = Address<'static>> {
    (of(istring()), of(istring()), of(istring()), of(istring())).prop_map(
        |(name, adl, mailbox, host)| Address {
            name,
            adl,
            mailbox,
            host,
        },
    )
}

fn envelope() -> impl Strategy<Value = Envelope<'static>> {
    (
        (of(istring()), of(istring())),
        (
            vec(address(), 0..3),
            vec(address(), 0..2),
            vec(address(), 0..2),
            vec(address(), 0..3),
            vec(address(), 0..2),
            vec(address(), 0..2),
        ),
        (of(istring()), of(istring())),
    )
        .prop_map(
            |(
                (date, subject),
                (from, sender, reply_to, to, cc, bcc),
                (in_reply_to, message_id),
            )| {
                Envelope {
                    date,
                    subject,
                    from,
                    sender,
                    reply_to,
                    to,
                    cc,
                    bcc,
                    in_reply_to,
                    message_id,
                }
            },
        )
}

fn params() -> impl Strategy<Value = Vec<Param<'static>>> {
    vec(
        (istring(), istring()).prop_map(|(name, value)| Param { name, value }),
        0..3,
    )
}

fn body_extension() -> impl Strategy<Value = BodyExtension<'static>> {
    let leaf = prop_oneof![
        of(istring()).prop_map(BodyExtension::String),
        (0u64..=i64::MAX as u64).prop_map(BodyExtension::Number),
    ];
    leaf.prop_recursive(3, 10, 3, |inner| {
        vec(inner, 1..3).prop_map(BodyExtension::List)
    })
}

fn ext_tail() -> impl Strategy<Value = Option<ExtDisposition<'static>>> {
    of((
        of((istring(), params()).prop_map(|(kind, params)| Disposition { kind, params })),
        of((
            vec(istring(), 0..3),
            of(
                (of(istring()), vec(body_extension(), 0..3)).prop_map(|(location, extensions)| {
                    ExtLocation {
                        location,
                        extensions,
                    }
                }),
            ),
        )
            .prop_map(|(language, location)| ExtLanguage { language, location })),
    )
        .prop_map(|(disposition, language)| ExtDisposition {
            disposition,
            language,
        }))
}

fn fields() -> impl Strategy<Value = BodyFields<'static>> {
    (
        params(),
        of(istring()),
        of(istring()),
        istring(),
        any::<u32>(),
    )
        .prop_map(|(params, id, description, encoding, octets)| BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        })
}

fn single_ext() -> impl Strategy<Value = Option<SinglePartExt<'static>>> {
    of((of(istring()), ext_tail()).prop_map(|(md5, tail)| SinglePartExt { md5, tail }))
}

fn body() -> impl Strategy<Value = Body<'static>> {
    let basic_type = istring().prop_filter("not TEXT or MESSAGE", |t| {
        !t.as_bytes().eq_ignore_ascii_case(b"TEXT")
            && !t.as_bytes().eq_ignore_ascii_case(b"MESSAGE")
    });
    let leaf = prop_oneof![
        (basic_type, istring(), fields(), single_ext()).prop_map(
            |(media_type, subtype, fields, ext)| {
                Body::Basic {
                    media_type,
                    subtype,
                    fields,
                    ext,
                }
            }
        ),
        (istring(), fields(), 0u64..=i64::MAX as u64, single_ext()).prop_map(
            |(subtype, fields, lines, ext)| Body::Text {
                subtype,
                fields,
                lines,
                ext,
            }
        ),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (
                vec(inner.clone(), 1..3),
                istring(),
                of((params(), ext_tail()).prop_map(|(params, tail)| MultipartExt { params, tail })),
            )
                .prop_map(|(parts, subtype, ext)| Body::Multipart {
                    parts,
                    subtype,
                    ext
                }),
            (
                prop_oneof![Just("RFC822"), Just("GLOBAL"), Just("rfc822")],
                fields(),
                envelope(),
                inner,
                any::<u32>(),
                single_ext(),
            )
                .prop_map(|(subtype, fields, envelope, body, lines, ext)| {
                    Body::Message {
                        subtype: IString::try_from(subtype).unwrap(),
                        fields,
                        envelope: Box::new(envelope),
                        body: Box::new(body),
                        lines: lines.into(),
                        ext,
                    }
                }),
        ]
    })
}

fn part() -> impl Strategy<Value = Part> {
    vec(nz(), 1..4).prop_map(|v| Part::new(v).unwrap())
}

fn section() -> impl Strategy<Value = Section<'static>> {
    let names = vec(
        "[A-Za-z-]{1,8}".prop_map(|s| IString::try_from(s.into_bytes()).unwrap()),
        1..3,
    )
    .prop_map(|v| HeaderList::new(v).unwrap());
    prop_oneof![
        Just(Section::full()),
        part().prop_map(|p| Section::new(Some(p), None).unwrap()),
        (
            of(part()),
            prop_oneof![Just(SectionText::Header), Just(SectionText::Text)]
        )
            .prop_map(|(p, t)| Section::new(p, Some(t)).unwrap()),
        (part(), Just(SectionText::Mime))
            .prop_map(|(p, t)| Section::new(Some(p), Some(t)).unwrap()),
        names.prop_map(|h| Section::new(None, Some(SectionText::HeaderFieldsNot(h))).unwrap()),
    ]
}

fn fetch_data() -> impl Strategy<Value = FetchData<'static>> {
    prop_oneof![
        vec(
            prop_oneof![flag().prop_map(FlagFetch::Flag), Just(FlagFetch::Recent)],
            0..4
        )
        .prop_map(FetchData::Flags),
        envelope().prop_map(|e| FetchData::Envelope(Box::new(e))),
        date_time().prop_map(FetchData::InternalDate),
        (0u64..=i64::MAX as u64).prop_map(FetchData::Rfc822Size),
        body().prop_map(|b| FetchData::Body(Box::new(b))),
        body().prop_map(|b| FetchData::BodyStructure(Box::new(b))),
        (section(), of(any::<u32>()), of(istring())).prop_map(|(section, origin, data)| {
            FetchData::BodySection {
                section,
                origin,
                data,
            }
        }),
        (
            of(part()),
            of(any::<u32>()),
            prop_oneof![
                Just(BinaryData::Nil),
                istring().prop_map(BinaryData::String),
                vec(any::<u8>(), 0..20).prop_map(|v| BinaryData::Literal8(Literal8::new(v))),
            ]
        )
            .prop_map(|(part, origin, data)| FetchData::Binary { part, origin, data }),
        (of(part()), any::<u32>()).prop_map(|(part, size)| FetchData::BinarySize { part, size }),
        nz().prop_map(FetchData::Uid),
        of(istring()).prop_map(FetchData::Rfc822),
        of(istring()).prop_map(FetchData::Rfc822Header),
        of(istring()).prop_map(FetchData::Rfc822Text),
        (0u64..=i64::MAX as u64).prop_map(FetchData::ModSeq),
        object_id().prop_map(FetchData::EmailId),
        of(object_id()).prop_map(FetchData::ThreadId),
        of(date_time()).prop_map(FetchData::SaveDate),
        of(istring()).prop_map(FetchData::Preview),
        (0u64..=i64::MAX as u64).prop_map(FetchData::GmailMsgId),
        (0u64..=i64::MAX as u64).prop_map(FetchData::GmailThrId),
        vec(
            prop_oneof![istring(), Just(IString::try_from("\\Inbox").unwrap())],
            0..4
        )
        .prop_map(FetchData::GmailLabels),
        (x_atom(), raw_value()).prop_map(|(name, value)| FetchData::Other { name, value }),
    ]
}

fn data() -> impl Strategy<Value = Data<'static>> {
    prop_oneof![
        vec(atom(), 0..5).prop_map(Data::Capability),
        vec(atom(), 0..3).prop_map(Data::Enabled),
        mailbox_list().prop_map(Data::List),
        mailbox_list().prop_map(Data::Lsub),
        (namespace(), namespace(), namespace()).prop_map(|(personal, other, shared)| {
            Data::Namespace {
                personal,
                other,
                shared,
            }
        }),
        (mailbox(), vec(status_value(), 0..5))
            .prop_map(|(mailbox, items)| Data::Status { mailbox, items }),
        (of(istring()), any::<bool>(), vec(search_return(), 0..4))
            .prop_map(|(tag, uid, items)| Data::ESearch(ESearch { tag, uid, items })),
        (vec(nz(), 0..6), of(0u64..=i64::MAX as u64))
            .prop_map(|(ids, modseq)| Data::Search { ids, modseq }),
        (vec(nz(), 0..6), of(0u64..=i64::MAX as u64))
            .prop_map(|(ids, modseq)| Data::Sort { ids, modseq }),
        vec(thread(), 0..3).prop_map(Data::Thread),
        vec(flag(), 0..5).prop_map(Data::Flags),
        any::<u32>().prop_map(Data::Exists),
        any::<u32>().prop_map(Data::Recent),
        nz().prop_map(Data::Expunge),
        (any::<bool>(), seq_set()).prop_map(|(earlier, uids)| Data::Vanished { earlier, uids }),
        (nz(), vec(fetch_data(), 1..4)).prop_map(|(seq, items)| Data::Fetch { seq, items }),
        (
            istring(),
            vec(
                (atom(), 0u64..=i64::MAX as u64, 0u64..=i64::MAX as u64)
                    .prop_map(|(name, usage, limit)| QuotaResource { name, usage, limit }),
                0..3
            )
        )
            .prop_map(|(root, resources)| Data::Quota { root, resources }),
        (mailbox(), vec(istring(), 0..3))
            .prop_map(|(mailbox, roots)| Data::QuotaRoot { mailbox, roots }),
        (
            mailbox(),
            prop_oneof![
                vec(
                    (istring(), of(vec(any::<u8>(), 0..12).prop_map(Cow::Owned))),
                    1..3
                )
                .prop_map(MetadataEntries::Values),
                vec(istring(), 1..3).prop_map(MetadataEntries::Changed),
            ]
        )
            .prop_map(|(mailbox, entries)| Data::Metadata { mailbox, entries }),
        (mailbox(), vec((istring(), istring()), 0..3))
            .prop_map(|(mailbox, entries)| Data::Acl { mailbox, entries }),
        (mailbox(), istring(), istring(), vec(istring(), 0..3)).prop_map(
            |(mailbox, identifier, required, optional)| Data::ListRights {
                mailbox,
                identifier,
                required,
                optional,
            }
        ),
        (mailbox(), istring()).prop_map(|(mailbox, rights)| Data::MyRights { mailbox, rights }),
        of(vec((istring(), of(istring())), 0..3)).prop_map(Data::Id),
        (of(any::<u32>()), x_atom(), "([a-z0-9()][a-z0-9 ()]{0,10})?").prop_map(
            |(number, name, rest)| Data::Other {
                number,
                name,
                rest: Cow::Owned(rest.into_bytes()),
            }
        ),
    ]
}

fn response() -> impl Strategy<Value = Response<'static>> {
    prop_oneof![
        (
            "[A-Za-z0-9]{1,8}",
            prop_oneof![Just(State::Ok), Just(State::No), Just(State::Bad)],
            resp_text()
        )
            .prop_map(|(tag, state, text)| Response::Tagged {
                tag: Tag::new(tag).unwrap(),
                state,
                text
            }),
        (
            prop_oneof![
                Just(Condition::Ok),
                Just(Condition::No),
                Just(Condition::Bad),
                Just(Condition::Bye),
                Just(Condition::PreAuth)
            ],
            resp_text()
        )
            .prop_map(|(condition, text)| Response::Status { condition, text }),
        data().prop_map(Response::Data),
        (of(code()), "go [ -~]{0,10}").prop_map(|(c, t)| {
            Response::Continue(Continue::Text(
                RespText::new(c, Text::new(t).unwrap()).unwrap(),
            ))
        }),
        "([A-Za-z0-9+/]{4}){0,4}"
            .prop_map(|s| Response::Continue(Continue::Base64(Base64::new(s).unwrap()))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// decode(encode(v)) == v, the whole encoding is one response, and each of its prefixes
    /// (sampled) needs more input.
    #[test]
    fn response_round_trip(r in response(), cut in any::<prop::sample::Index>()) {
        let d = ResponseDecoder::default();
        let bytes = r.to_bytes();
        let decoded = d.decode(&bytes);
        let Ok(Decoded::Complete { value, consumed }) = decoded else {
            panic!("{decoded:?} for {:?}", String::from_utf8_lossy(&bytes));
        };
        prop_assert_eq!(consumed, bytes.len());
        prop_assert_eq!(&value, &r);
        let n = cut.index(bytes.len());
        prop_assert_eq!(d.decode(&bytes[..n]).unwrap(), Decoded::Incomplete);
    }

    /// With UTF-8 on (RFC 6855), mailbox names go raw and decode back the same.
    #[test]
    fn response_round_trip_utf8(r in data().prop_map(Response::Data)) {
        let d = ResponseDecoder::new(imap_proto::decode::ResponseConfig::new().with_utf8(true));
        let mut bytes = Vec::new();
        r.encode_with(&mut bytes, true);
        let (value, consumed) = d.decode(&bytes).unwrap().complete().unwrap();
        prop_assert_eq!(consumed, bytes.len());
        prop_assert_eq!(value, r);
    }
}

/// Appended after any response, a second response still decodes where the first ends.
#[test]
fn encodings_concatenate() {
    let d = ResponseDecoder::default();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..64 {
        let a = response().new_tree(&mut runner).unwrap().current();
        let b = response().new_tree(&mut runner).unwrap().current();
        let mut bytes = a.to_bytes();
        let first = bytes.len();
        bytes.extend_from_slice(&b.to_bytes());
        let (va, n) = d.decode(&bytes).unwrap().complete().unwrap();
        assert_eq!((va, n), (a, first));
        let (vb, _) = d.decode(&bytes[first..]).unwrap().complete().unwrap();
        assert_eq!(vb, b);
    }
}
