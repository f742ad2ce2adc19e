//! Property tests: decode(encode(v)) == v for commands, parameters and replies (DESIGN.md
//! "Round trip"), and decoding never panics on arbitrary input.

use mail_core::address::{Domain, LocalPart, Mailbox, Path};
use mail_core::sasl::Mechanism;
use mail_core::status::EnhancedStatusCode;
use proptest::prelude::*;
use smtp_proto::types::params::{
    AuthParam, Body, By, ByMode, EsmtpParam, Hold, MailParams, Notify, Orcpt, Priority, RcptParams,
    Ret, Rrvs, RrvsAction, Xtext,
};
use smtp_proto::types::value::{Argument, DateTime, EsmtpValue, Keyword};
use smtp_proto::{
    Command, CommandDecoder, Decoded, Encode, InitialResponse, Reply, ReplyCode, ReplyDecoder,
    ReplyLine,
};

fn domain() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", 1..4).prop_map(|l| l.join("."))
}

fn local_part() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(\\.[a-zA-Z0-9_-]{1,5}){0,2}",
        // Quoted: SP, '>', '@', '=', '"' and '\' inside.
        "[ -~]{0,20}",
    ]
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (local_part(), domain()).prop_filter_map("valid mailbox", |(l, d)| {
        let l = LocalPart::new(leak(l)).ok()?;
        let d = Domain::new(leak(d)).ok()?;
        Mailbox::new(l, d.into()).ok()
    })
}

/// Generated strings live for the whole test run (the values borrow them).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn host() -> impl Strategy<Value = mail_core::address::Host<'static>> {
    domain().prop_map(|d| mail_core::address::Host::new(leak(d)).unwrap())
}

fn value() -> impl Strategy<Value = EsmtpValue<'static>> {
    "[!-<>-~]{1,12}".prop_map(|s| EsmtpValue::new(s).unwrap())
}

fn date_time() -> impl Strategy<Value = DateTime<'static>> {
    (
        2000u32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        prop::bool::ANY,
    )
        .prop_map(|(y, mo, d, h, mi, z)| {
            let off = if z {
                "Z".to_string()
            } else {
                "+02:00".to_string()
            };
            DateTime::new(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00{off}")).unwrap()
        })
}

fn extensions() -> impl Strategy<Value = Vec<(String, Option<EsmtpValue<'static>>)>> {
    proptest::collection::vec(("X-[A-Z0-9]{1,6}", proptest::option::of(value())), 0..4)
}

fn mail_params() -> impl Strategy<Value = MailParams<'static>> {
    (
        (
            proptest::option::of(any::<u64>()),
            proptest::option::of(prop_oneof![
                Just(Body::SevenBit),
                Just(Body::EightBitMime),
                Just(Body::BinaryMime)
            ]),
            any::<bool>(),
            proptest::option::of(prop_oneof![Just(Ret::Full), Just(Ret::Headers)]),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
            proptest::option::of(proptest::option::of(mailbox())),
            proptest::option::of(-9i8..=9),
        ),
        (
            any::<bool>(),
            proptest::option::of(prop_oneof![
                any::<u64>().prop_map(Hold::For),
                date_time().prop_map(Hold::Until)
            ]),
            proptest::option::of((1i32..999_999_999, any::<bool>(), any::<bool>())),
            proptest::option::of(value()),
            proptest::option::of(proptest::option::of(value())),
            proptest::option::of(value()),
            extensions(),
        ),
    )
        .prop_map(
            |(
                (size, body, smtputf8, ret, envid, auth, prio),
                (rtls, hold, by, transid, mtrk, solicit, ext),
            )| {
                let mut p = MailParams {
                    size,
                    body,
                    smtputf8,
                    ret,
                    envid: envid.and_then(|e| Xtext::encode(&e).ok()),
                    auth: auth.map(|a| match a {
                        None => AuthParam::Unknown,
                        Some(m) => {
                            AuthParam::Mailbox(Xtext::encode(m.to_string().as_bytes()).unwrap())
                        }
                    }),
                    mt_priority: prio.map(|n| Priority::new(n).unwrap()),
                    requiretls: rtls,
                    hold,
                    by: by.map(|(t, r, trace)| {
                        let (t, mode) = if r {
                            (t, ByMode::Return)
                        } else {
                            (-t, ByMode::Notify)
                        };
                        By::new(t, mode, trace).unwrap()
                    }),
                    transid,
                    mtrk,
                    solicit,
                    ..MailParams::default()
                };
                for (k, v) in ext {
                    let _ = p.extensions.push(EsmtpParam {
                        keyword: Keyword::new(k).unwrap(),
                        value: v,
                    });
                }
                p
            },
        )
}

fn rcpt_params() -> impl Strategy<Value = RcptParams<'static>> {
    (
        proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>())),
        proptest::option::of((
            "[a-zA-Z0-9-]{1,8}",
            proptest::collection::vec(any::<u8>(), 0..20),
        )),
        proptest::option::of((date_time(), proptest::option::of(any::<bool>()))),
        extensions(),
    )
        .prop_map(|(notify, orcpt, rrvs, ext)| {
            let mut p = RcptParams {
                notify: notify.map(|(success, failure, delay)| Notify {
                    success,
                    failure,
                    delay,
                }),
                orcpt: orcpt.and_then(|(t, a)| Orcpt::new(t, Xtext::encode(&a).ok()?).ok()),
                rrvs: rrvs.map(|(time, a)| Rrvs {
                    time,
                    action: a.map(|c| {
                        if c {
                            RrvsAction::Continue
                        } else {
                            RrvsAction::Reject
                        }
                    }),
                }),
                ..RcptParams::default()
            };
            for (k, v) in ext {
                let _ = p.extensions.push(EsmtpParam {
                    keyword: Keyword::new(k).unwrap(),
                    value: v,
                });
            }
            p
        })
}

fn argument() -> impl Strategy<Value = Argument<'static>> {
    "[!-~][ -~]{0,20}".prop_map(|s| Argument::new(s).unwrap())
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        host().prop_map(Command::Ehlo),
        host().prop_map(Command::Helo),
        host().prop_map(Command::Lhlo),
        (
            prop_oneof![Just(Path::Null), mailbox().prop_map(Path::Mailbox)],
            mail_params()
        )
            .prop_map(|(from, params)| Command::Mail { from, params }),
        (
            prop_oneof![Just(Path::Postmaster), mailbox().prop_map(Path::Mailbox)],
            rcpt_params()
        )
            .prop_map(|(to, params)| Command::Rcpt { to, params }),
        Just(Command::Data),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        Just(Command::Rset),
        argument().prop_map(Command::Vrfy),
        argument().prop_map(Command::Expn),
        proptest::option::of(argument()).prop_map(Command::Help),
        proptest::option::of(argument()).prop_map(Command::Noop),
        Just(Command::Quit),
        Just(Command::StartTls),
        (
            "[A-Z][A-Z0-9_-]{0,19}",
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40))
        )
            .prop_map(|(m, ir)| Command::Auth {
                mechanism: Mechanism::new(m).unwrap(),
                initial_response: ir.map(|d| InitialResponse::new(&d)),
            }),
        argument().prop_map(Command::Etrn),
        proptest::option::of(argument()).prop_map(Command::Atrn),
        ("[!-~]{1,30}", any::<bool>()).prop_map(|(u, l)| Command::burl(u, l).unwrap()),
    ]
}

fn reply() -> impl Strategy<Value = Reply<'static>> {
    let code = (2u16..6, 0u16..6, 0u16..10)
        .prop_map(|(a, b, c)| ReplyCode::new(a * 100 + b * 10 + c).unwrap());
    (
        code,
        proptest::collection::vec(
            (any::<bool>(), 0u16..1000, 0u16..1000, "[ -~\t]{0,40}"),
            1..5,
        ),
    )
        .prop_filter_map("valid reply", |(code, lines)| {
            let class = (code.get() / 100) as u8;
            let lines = lines
                .into_iter()
                .map(|(with, s, d, text)| {
                    let status = EnhancedStatusCode::new(class, s, d)
                        .ok()
                        .filter(|_| with && class != 3);
                    match status {
                        Some(st) if !text.starts_with(|c: char| c.is_ascii_digit()) => {
                            ReplyLine::with_status(st, text).ok()
                        }
                        _ => ReplyLine::new(text).ok(),
                    }
                })
                .collect::<Option<Vec<_>>>()?;
            Reply::from_lines(code, lines).ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// decode(encode(command)) == command.
    #[test]
    fn command_round_trip(c in command()) {
        let bytes = c.to_bytes();
        let decoder = CommandDecoder::new().with_max_line_len(4096);
        let (back, used) = decoder.decode(&bytes).unwrap().complete().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(&back, &c);
        // Every prefix is need-more.
        for n in [0, bytes.len() / 2, bytes.len() - 1] {
            prop_assert_eq!(decoder.decode(&bytes[..n]), Ok(Decoded::Incomplete));
        }
    }

    /// decode(encode(reply)) == reply.
    #[test]
    fn reply_round_trip(r in reply()) {
        let bytes = r.to_bytes();
        let (back, used) = ReplyDecoder::new().decode(&bytes).unwrap().complete().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(back, r);
    }

    /// Arbitrary bytes never panic the decoders; an error with skip points inside the input.
    #[test]
    fn no_panic(input in proptest::collection::vec(prop_oneof![any::<u8>(), Just(b' '), Just(b'\r'), Just(b'\n'), Just(b'<'), Just(b'=')], 0..200)) {
        for d in [CommandDecoder::new(), CommandDecoder::new().with_utf8(true)] {
            if let Err(e) = d.decode(&input) {
                prop_assert!(e.skip.is_none_or(|s| s <= input.len()));
            }
        }
        let mut prefixed = b"MAIL FROM:".to_vec();
        prefixed.extend_from_slice(&input);
        let _ = CommandDecoder::new().decode(&prefixed);
        if let Err(e) = ReplyDecoder::new().decode(&input) {
            prop_assert!(e.skip.is_none_or(|s| s <= input.len()));
        }
    }
}
