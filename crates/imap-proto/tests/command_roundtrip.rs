//! decode(encode(v)) == v for every command type, by proptest, with every literal mode and
//! with UTF-8 on and off; modified UTF-7 round trip for arbitrary Unicode names
//! (RFC 3501 §5.1.3).

use std::num::{NonZeroU32, NonZeroU64};

use imap_proto::decode::{CommandDecoder, CommandDecoderConfig};
use imap_proto::encode::{EncodeOptions, Fragment, LiteralSupport};
use imap_proto::types::command::*;
use imap_proto::types::core::*;
use imap_proto::types::ext::{CompItem, Label, TaggedExt, TaggedExtVal};
use imap_proto::types::fetch::{FetchItem, FetchItems, FetchModifier, PartialRange};
use imap_proto::types::search::*;
use imap_proto::types::status::StatusItem;
use imap_proto::types::utf7;
use imap_proto::{Decoded, IntoOwned};
use mail_core::Secret;
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;

fn istring() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        "[a-zA-Z0-9]{1,8}".prop_map(|s| IString::try_from(s).unwrap()),
        vec(1u8..=255, 0..24).prop_map(|v| IString::try_from(v).unwrap()),
        "\\PC{0,6}".prop_map(|s: String| IString::try_from(s.replace('\0', "")).unwrap()),
    ]
}

fn atom_text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9$_.+-]{0,9}"
}

fn atom() -> impl Strategy<Value = Atom<'static>> {
    atom_text().prop_map(|s| Atom::new(s).unwrap())
}

fn x_name() -> impl Strategy<Value = String> {
    "X-[A-Za-z0-9]{1,6}"
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    prop_oneof![
        Just(Mailbox::INBOX),
        "[a-zA-Z0-9/.&~ -]{0,10}".prop_map(|s| Mailbox::new(s).unwrap()),
        "\\PC{0,8}".prop_map(|s: String| Mailbox::new(s.replace('\0', "")).unwrap()),
    ]
}

fn list_mailbox() -> impl Strategy<Value = ListMailbox<'static>> {
    "[a-zA-Z0-9/%*& ä日]{0,8}".prop_map(|s| ListMailbox::new(s).unwrap())
}

fn nz() -> impl Strategy<Value = NonZeroU32> {
    (1u32..=u32::MAX).prop_map(|n| NonZeroU32::new(n).unwrap())
}

fn seq_number() -> impl Strategy<Value = SeqNumber> {
    prop_oneof![nz().prop_map(SeqNumber::Value), Just(SeqNumber::Largest)]
}

fn seq_item() -> impl Strategy<Value = SeqItem> {
    prop_oneof![
        seq_number().prop_map(SeqItem::Single),
        (seq_number(), seq_number()).prop_map(|(a, b)| SeqItem::Range(a, b)),
    ]
}

fn seq_set() -> impl Strategy<Value = SequenceSet> {
    prop_oneof![
        8 => vec(seq_item(), 1..5).prop_map(|v| SequenceSet::new(v).unwrap()),
        1 => Just(SequenceSet::saved()),
    ]
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Seen),
        Just(Flag::Draft),
        atom_text().prop_map(|s| Flag::Keyword(FlagKeyword::new(s).unwrap())),
        x_name().prop_map(|s| Flag::Extension(FlagExtension::new(s).unwrap())),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (date(), 0u8..24, 0u8..60, 0u8..61, -5999i16..=5999)
        .prop_filter("zone minutes < 60", |t| t.4.unsigned_abs() % 100 < 100)
        .prop_map(|(d, h, m, s, z)| DateTime::new(d, h, m, s, z).unwrap())
}

fn part() -> impl Strategy<Value = Part> {
    vec(nz(), 1..4).prop_map(|v| Part::new(v).unwrap())
}

fn section() -> impl Strategy<Value = Section<'static>> {
    let headers = || vec(istring(), 1..3).prop_map(|v| HeaderList::new(v).unwrap());
    let text = prop_oneof![
        Just(SectionText::Header),
        Just(SectionText::Text),
        headers().prop_map(SectionText::HeaderFields),
        headers().prop_map(SectionText::HeaderFieldsNot),
    ];
    prop_oneof![
        Just(Section::full()),
        text.clone()
            .prop_map(|t| Section::new(None, Some(t)).unwrap()),
        (
            part(),
            proptest::option::of(prop_oneof![text, Just(SectionText::Mime)])
        )
            .prop_map(|(p, t)| Section::new(Some(p), t).unwrap()),
    ]
}

fn partial() -> impl Strategy<Value = Partial> {
    (0u64..=i64::MAX as u64, 1u64..=i64::MAX as u64)
        .prop_map(|(o, l)| Partial::new(o, NonZeroU64::new(l).unwrap()).unwrap())
}

fn partial_range() -> impl Strategy<Value = PartialRange> {
    (
        1i64..=u32::MAX as i64,
        1i64..=u32::MAX as i64,
        any::<bool>(),
    )
        .prop_map(|(a, b, neg)| {
            if neg {
                PartialRange::new(-a, -b).unwrap()
            } else {
                PartialRange::new(a, b).unwrap()
            }
        })
}

fn comp() -> impl Strategy<Value = Vec<CompItem<'static>>> {
    let leaf = istring().prop_map(CompItem::AString);
    let item = leaf.prop_recursive(3, 12, 3, |inner| vec(inner, 0..3).prop_map(CompItem::Group));
    vec(item, 0..3)
}

fn tagged_ext() -> impl Strategy<Value = TaggedExt<'static>> {
    let val = prop_oneof![
        (0u64..=i64::MAX as u64).prop_map(TaggedExtVal::Number),
        (seq_number(), seq_number()).prop_map(|(a, b)| TaggedExtVal::SequenceSet(
            SequenceSet::new(vec![SeqItem::Range(a, b)]).unwrap()
        )),
        comp().prop_map(TaggedExtVal::Comp),
    ];
    (x_name(), proptest::option::of(val)).prop_map(|(n, value)| TaggedExt {
        name: Label::new(n).unwrap(),
        value,
    })
}

fn option_ext() -> impl Strategy<Value = OptionExtension<'static>> {
    (x_name(), proptest::option::of(comp())).prop_map(|(n, value)| OptionExtension {
        name: Atom::new(n).unwrap(),
        value,
    })
}

fn status_items() -> impl Strategy<Value = Vec<StatusItem>> {
    vec(proptest::sample::select(StatusItem::ALL.to_vec()), 1..5)
}

fn object_id() -> impl Strategy<Value = ObjectId<'static>> {
    "[A-Za-z0-9_-]{1,20}".prop_map(|s| ObjectId::new(s).unwrap())
}

fn search_key() -> impl Strategy<Value = SearchKey<'static>> {
    use SearchKey as K;
    let leaf = Union::new(vec![
        Just(K::All).boxed(),
        Just(K::Answered).boxed(),
        Just(K::Deleted).boxed(),
        Just(K::Draft).boxed(),
        Just(K::Flagged).boxed(),
        Just(K::New).boxed(),
        Just(K::Old).boxed(),
        Just(K::Recent).boxed(),
        Just(K::Seen).boxed(),
        Just(K::Unanswered).boxed(),
        Just(K::Undeleted).boxed(),
        Just(K::Undraft).boxed(),
        Just(K::Unflagged).boxed(),
        Just(K::Unseen).boxed(),
        Just(K::SaveDateSupported).boxed(),
        istring().prop_map(K::Bcc).boxed(),
        istring().prop_map(K::Body).boxed(),
        istring().prop_map(K::Cc).boxed(),
        istring().prop_map(K::From).boxed(),
        istring().prop_map(K::Subject).boxed(),
        istring().prop_map(K::Text).boxed(),
        istring().prop_map(K::To).boxed(),
        (istring(), istring())
            .prop_map(|(a, b)| K::Header(a, b))
            .boxed(),
        date().prop_map(K::Before).boxed(),
        date().prop_map(K::On).boxed(),
        date().prop_map(K::Since).boxed(),
        date().prop_map(K::SentBefore).boxed(),
        date().prop_map(K::SentOn).boxed(),
        date().prop_map(K::SentSince).boxed(),
        date().prop_map(K::SavedBefore).boxed(),
        date().prop_map(K::SavedOn).boxed(),
        date().prop_map(K::SavedSince).boxed(),
        atom_text()
            .prop_map(|s| K::Keyword(FlagKeyword::new(s).unwrap()))
            .boxed(),
        atom_text()
            .prop_map(|s| K::Unkeyword(FlagKeyword::new(s).unwrap()))
            .boxed(),
        (0u64..=i64::MAX as u64).prop_map(K::Larger).boxed(),
        (0u64..=i64::MAX as u64).prop_map(K::Smaller).boxed(),
        seq_set().prop_map(K::Uid).boxed(),
        seq_set().prop_map(K::SequenceSet).boxed(),
        nz().prop_map(K::Older).boxed(),
        nz().prop_map(K::Younger).boxed(),
        object_id().prop_map(K::EmailId).boxed(),
        object_id().prop_map(K::ThreadId).boxed(),
        (
            proptest::option::of((
                "[a-z/\\\\]{1,10}".prop_map(|s| IString::try_from(s).unwrap()),
                prop_oneof![
                    Just(EntryType::Private),
                    Just(EntryType::Shared),
                    Just(EntryType::All)
                ],
            )),
            0u64..=i64::MAX as u64,
        )
            .prop_map(|(entry, modseq)| K::ModSeq { entry, modseq })
            .boxed(),
    ]);
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|k| K::Not(Box::new(k))),
            inner.clone().prop_map(|k| K::Fuzzy(Box::new(k))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| K::Or(Box::new(a), Box::new(b))),
            vec(inner, 1..4).prop_map(K::And),
        ]
    })
}

fn search_return() -> impl Strategy<Value = Option<Vec<SearchReturnOption<'static>>>> {
    use SearchReturnOption as O;
    let opt = prop_oneof![
        Just(O::Min),
        Just(O::Max),
        Just(O::All),
        Just(O::Count),
        Just(O::Save),
        Just(O::Context),
        Just(O::Update),
        Just(O::Relevancy),
        partial_range().prop_map(O::Partial),
        tagged_ext().prop_map(O::Other),
    ];
    proptest::option::of(vec(opt, 0..4))
}

fn fetch_item() -> impl Strategy<Value = FetchItem<'static>> {
    use FetchItem as F;
    prop_oneof![
        proptest::sample::select(vec![
            F::Envelope,
            F::Flags,
            F::InternalDate,
            F::Rfc822,
            F::Rfc822Header,
            F::Rfc822Size,
            F::Rfc822Text,
            F::Uid,
            F::Body,
            F::BodyStructure,
            F::ModSeq,
            F::EmailId,
            F::ThreadId,
            F::SaveDate,
            F::Preview { lazy: false },
            F::Preview { lazy: true },
        ]),
        (any::<bool>(), section(), proptest::option::of(partial())).prop_map(
            |(peek, section, partial)| F::BodySection {
                peek,
                section,
                partial
            }
        ),
        (
            any::<bool>(),
            proptest::option::of(part()),
            proptest::option::of(partial())
        )
            .prop_map(|(peek, part, partial)| F::Binary {
                peek,
                part,
                partial
            }),
        proptest::option::of(part()).prop_map(|part| F::BinarySize { part }),
    ]
}

fn append_message() -> impl Strategy<Value = AppendMessage<'static>> {
    let data = prop_oneof![
        istring().prop_map(AppendData::Literal),
        vec(any::<u8>(), 0..20).prop_map(|v| AppendData::Binary(Literal8::new(v))),
        vec(any::<u8>(), 0..20).prop_map(|v| AppendData::Utf8(Literal8::new(v))),
    ];
    (
        proptest::option::of(vec(flag(), 0..3)),
        proptest::option::of(date_time()),
        data,
    )
        .prop_map(|(flags, date, data)| AppendMessage { flags, date, data })
}

fn charset() -> impl Strategy<Value = Charset<'static>> {
    prop_oneof!["[A-Z0-9-]{1,10}", "[ -~]{1,10}"].prop_map(|s| Charset::new(s).unwrap())
}

fn body() -> impl Strategy<Value = CommandBody<'static>> {
    use CommandBody as B;
    let mech = proptest::sample::select(vec![
        Mechanism::PLAIN,
        Mechanism::LOGIN,
        Mechanism::XOAUTH2,
        Mechanism::SCRAM_SHA_256_PLUS,
    ]);
    let use_attr = prop_oneof![
        proptest::sample::select(vec![
            UseAttr::All,
            UseAttr::Archive,
            UseAttr::Drafts,
            UseAttr::Flagged,
            UseAttr::Junk,
            UseAttr::Sent,
            UseAttr::Trash,
            UseAttr::Important,
        ]),
        x_name().prop_map(|s| UseAttr::Other(Atom::new(s).unwrap())),
    ];
    let select_param = prop_oneof![
        Just(SelectParam::CondStore),
        (
            nz(),
            1u64..=i64::MAX as u64,
            proptest::option::of(seq_set()),
            proptest::option::of((seq_set(), seq_set()))
        )
            .prop_map(|(v, m, k, s)| SelectParam::QResync(QResync {
                uidvalidity: v,
                modseq: NonZeroU64::new(m).unwrap(),
                known_uids: k,
                seq_match: s,
            })),
        tagged_ext().prop_map(SelectParam::Other),
    ];
    let uid = any::<bool>;
    Union::new(vec![
        proptest::sample::select(vec![
            B::Capability,
            B::Noop,
            B::Logout,
            B::StartTls,
            B::Namespace,
            B::Idle,
            B::Check,
            B::Close,
            B::Unselect,
            B::Expunge,
            B::Unauthenticate,
        ])
        .boxed(),
        proptest::option::of(vec((istring(), proptest::option::of(istring())), 0..3))
            .prop_map(B::Id)
            .boxed(),
        (mech, proptest::option::of(vec(any::<u8>(), 0..30)))
            .prop_map(|(m, r)| B::Authenticate {
                mechanism: m,
                initial_response: r.map(SaslResponse::data),
            })
            .boxed(),
        (istring(), istring())
            .prop_map(|(u, p)| B::Login {
                username: u,
                password: Secret::new(p),
            })
            .boxed(),
        vec(atom(), 1..4).prop_map(B::Enable).boxed(),
        (mailbox(), vec(select_param.clone(), 0..3))
            .prop_map(|(mailbox, params)| B::Select { mailbox, params })
            .boxed(),
        (mailbox(), vec(select_param, 0..3))
            .prop_map(|(mailbox, params)| B::Examine { mailbox, params })
            .boxed(),
        (
            mailbox(),
            vec(
                prop_oneof![
                    vec(use_attr, 0..3).prop_map(CreateParam::Use),
                    tagged_ext().prop_map(CreateParam::Other),
                ],
                0..3,
            ),
        )
            .prop_map(|(mailbox, params)| B::Create { mailbox, params })
            .boxed(),
        mailbox().prop_map(B::Delete).boxed(),
        mailbox().prop_map(B::Subscribe).boxed(),
        mailbox().prop_map(B::Unsubscribe).boxed(),
        mailbox().prop_map(B::GetQuotaRoot).boxed(),
        mailbox().prop_map(B::GetAcl).boxed(),
        mailbox().prop_map(B::MyRights).boxed(),
        (mailbox(), mailbox(), vec(tagged_ext(), 0..2))
            .prop_map(|(from, to, params)| B::Rename { from, to, params })
            .boxed(),
        (
            proptest::option::of(vec(
                prop_oneof![
                    Just(ListSelectOption::Subscribed),
                    Just(ListSelectOption::Remote),
                    Just(ListSelectOption::RecursiveMatch),
                    Just(ListSelectOption::SpecialUse),
                    option_ext().prop_map(ListSelectOption::Other),
                ],
                0..3,
            )),
            mailbox(),
            list_mailbox(),
            vec(list_mailbox(), 0..2),
            proptest::option::of(vec(
                prop_oneof![
                    Just(ListReturnOption::Subscribed),
                    Just(ListReturnOption::Children),
                    Just(ListReturnOption::SpecialUse),
                    Just(ListReturnOption::MyRights),
                    status_items().prop_map(ListReturnOption::Status),
                    option_ext().prop_map(ListReturnOption::Other),
                ],
                0..3,
            )),
        )
            .prop_map(
                |(selection, reference, pattern, more_patterns, return_opts)| B::List {
                    selection,
                    reference,
                    pattern,
                    more_patterns,
                    return_opts,
                },
            )
            .boxed(),
        (mailbox(), list_mailbox())
            .prop_map(|(reference, pattern)| B::Lsub { reference, pattern })
            .boxed(),
        (mailbox(), status_items())
            .prop_map(|(mailbox, items)| B::Status { mailbox, items })
            .boxed(),
        (mailbox(), vec(append_message(), 1..3))
            .prop_map(|(mailbox, messages)| B::Append { mailbox, messages })
            .boxed(),
        istring().prop_map(B::GetQuota).boxed(),
        (istring(), vec((atom(), 0u64..=i64::MAX as u64), 0..3))
            .prop_map(|(root, limits)| B::SetQuota { root, limits })
            .boxed(),
        (
            vec(
                prop_oneof![
                    any::<u32>().prop_map(GetMetadataOption::MaxSize),
                    proptest::sample::select(vec![
                        MetadataDepth::Zero,
                        MetadataDepth::One,
                        MetadataDepth::Infinity
                    ])
                    .prop_map(GetMetadataOption::Depth),
                    tagged_ext().prop_map(GetMetadataOption::Other),
                ],
                0..3,
            ),
            mailbox(),
            vec(istring(), 1..3),
        )
            .prop_map(|(options, mailbox, entries)| B::GetMetadata {
                options,
                mailbox,
                entries,
            })
            .boxed(),
        (
            mailbox(),
            vec(
                (
                    istring(),
                    prop_oneof![
                        Just(MetadataValue::Nil),
                        istring().prop_map(MetadataValue::String),
                        vec(any::<u8>(), 0..10)
                            .prop_map(|v| MetadataValue::Binary(Literal8::new(v))),
                    ],
                ),
                1..3,
            ),
        )
            .prop_map(|(mailbox, entries)| B::SetMetadata { mailbox, entries })
            .boxed(),
        (mailbox(), istring(), istring())
            .prop_map(|(mailbox, identifier, rights)| B::SetAcl {
                mailbox,
                identifier,
                rights,
            })
            .boxed(),
        (mailbox(), istring())
            .prop_map(|(mailbox, identifier)| B::DeleteAcl {
                mailbox,
                identifier,
            })
            .boxed(),
        (mailbox(), istring())
            .prop_map(|(mailbox, identifier)| B::ListRights {
                mailbox,
                identifier,
            })
            .boxed(),
        atom().prop_map(B::Compress).boxed(),
        seq_set().prop_map(B::UidExpunge).boxed(),
        (
            uid(),
            search_return(),
            proptest::option::of(charset()),
            vec(search_key(), 1..4),
        )
            .prop_map(|(uid, return_opts, charset, criteria)| B::Search {
                uid,
                return_opts,
                charset,
                criteria,
            })
            .boxed(),
        (
            uid(),
            seq_set(),
            prop_oneof![
                Just(FetchItems::All),
                Just(FetchItems::Fast),
                Just(FetchItems::Full),
                vec(fetch_item(), 1..4).prop_map(FetchItems::Items),
            ],
            vec(
                prop_oneof![
                    (1u64..=i64::MAX as u64).prop_map(FetchModifier::ChangedSince),
                    Just(FetchModifier::Vanished),
                    partial_range().prop_map(FetchModifier::Partial),
                    tagged_ext().prop_map(FetchModifier::Other),
                ],
                0..3,
            ),
        )
            .prop_map(|(uid, set, items, modifiers)| B::Fetch {
                uid,
                set,
                items,
                modifiers,
            })
            .boxed(),
        (
            uid(),
            seq_set(),
            vec(
                prop_oneof![
                    (0u64..=i64::MAX as u64).prop_map(StoreModifier::UnchangedSince),
                    tagged_ext().prop_map(StoreModifier::Other),
                ],
                0..2,
            ),
            proptest::sample::select(vec![StoreKind::Replace, StoreKind::Add, StoreKind::Remove]),
            any::<bool>(),
            vec(flag(), 0..4),
        )
            .prop_map(|(uid, set, modifiers, kind, silent, flags)| B::Store {
                uid,
                set,
                modifiers,
                kind,
                silent,
                flags,
            })
            .boxed(),
        (uid(), seq_set(), mailbox())
            .prop_map(|(uid, set, mailbox)| B::Copy { uid, set, mailbox })
            .boxed(),
        (uid(), seq_set(), mailbox())
            .prop_map(|(uid, set, mailbox)| B::Move { uid, set, mailbox })
            .boxed(),
        (uid(), seq_number(), mailbox(), append_message())
            .prop_map(|(uid, number, mailbox, message)| B::Replace {
                uid,
                number,
                mailbox,
                message,
            })
            .boxed(),
        (
            uid(),
            search_return(),
            vec(
                (
                    any::<bool>(),
                    proptest::sample::select(SortKey::ALL.to_vec()),
                )
                    .prop_map(|(reverse, key)| SortCriterion { reverse, key }),
                1..3,
            ),
            charset(),
            vec(search_key(), 1..3),
        )
            .prop_map(|(uid, return_opts, criteria, charset, keys)| B::Sort {
                uid,
                return_opts,
                criteria,
                charset,
                keys,
            })
            .boxed(),
        (
            uid(),
            prop_oneof![
                Just(ThreadAlgorithm::OrderedSubject),
                Just(ThreadAlgorithm::References),
                x_name().prop_map(|s| ThreadAlgorithm::Other(Atom::new(s).unwrap())),
            ],
            charset(),
            vec(search_key(), 1..3),
        )
            .prop_map(|(uid, algorithm, charset, keys)| B::Thread {
                uid,
                algorithm,
                charset,
                keys,
            })
            .boxed(),
        vec(
            "[A-Za-z0-9]{1,6}".prop_map(|s| IString::try_from(s).unwrap()),
            1..3,
        )
        .prop_map(B::CancelUpdate)
        .boxed(),
    ])
}

fn command() -> impl Strategy<Value = Command<'static>> {
    ("[A-Za-z0-9.]{1,8}", body()).prop_map(|(t, b)| Command::new(Tag::new(t).unwrap(), b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// decode(encode(v)) == v, every literal mode, UTF-8 off and on.
    #[test]
    fn command_round_trip(cmd in command()) {
        for utf8 in [false, true] {
            let dec = CommandDecoder::new(CommandDecoderConfig::default().with_utf8(utf8));
            for lits in [LiteralSupport::SyncOnly, LiteralSupport::Plus, LiteralSupport::Minus] {
                let opts = EncodeOptions::default().with_literals(lits).with_utf8(utf8);
                let enc = cmd.encode_with(opts);
                let wire = enc.as_bytes();
                let got = dec.decode(wire);
                prop_assert!(
                    matches!(&got, Ok(Decoded::Complete { value, consumed }) if *value == cmd && *consumed == wire.len()),
                    "{:?}\nwire {:?}\ngot {:?}", cmd, String::from_utf8_lossy(wire), got
                );
                // Fragments put together are the whole command.
                let joined: Vec<u8> = enc.fragments().iter().flat_map(|f| match f {
                    Fragment::Line(l) => l.to_vec(),
                    Fragment::Literal { data, .. } => data.to_vec(),
                }).collect();
                prop_assert_eq!(&joined[..], wire);
                // into_owned keeps the value.
                if let Ok(Decoded::Complete { value, .. }) = got {
                    prop_assert_eq!(value.into_owned(), cmd.clone());
                }
            }
        }
    }

    /// RFC 3501 §5.1.3: modified UTF-7 round trip for arbitrary Unicode names, and the
    /// encoding is 7-bit printable.
    #[test]
    fn utf7_round_trip(name in "\\PC*", raw in any::<String>()) {
        for n in [name, raw] {
            let enc = utf7::encode(&n);
            prop_assert!(enc.bytes().all(|b| (0x20..0x7f).contains(&b)));
            let back = utf7::decode(enc.as_bytes()).unwrap().into_owned();
            prop_assert_eq!(back, n.clone());
        }
    }

    /// Arbitrary bytes never panic the decoder, and an error always says how much to skip
    /// when the command's end is known.
    #[test]
    fn arbitrary_input_never_panics(input in vec(any::<u8>(), 0..200)) {
        let _ = CommandDecoder::default().decode(&input);
    }
}
