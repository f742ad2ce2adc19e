use super::*;
use crate::types::*;
use mail_core::Encode;

fn cmd(input: &[u8]) -> Result<(Command<'_>, usize), DecodeError> {
    CommandDecoder::default()
        .decode(input)
        .map(|d| d.complete().expect("complete"))
}

fn n(v: u32) -> MessageNumber {
    MessageNumber::new(v).unwrap()
}

/// RFC 1939 §5 and §7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4, RFC 6856: every command, with
/// keywords in any case.
#[test]
fn command_table() {
    let cases: Vec<(&[u8], Command<'_>)> = vec![
        (
            b"USER mrose\r\n",
            Command::User(Param::new("mrose").unwrap()),
        ),
        (
            b"user mrose\r\n",
            Command::User(Param::new("mrose").unwrap()),
        ),
        (
            b"PASS secret\r\n",
            Command::Pass(Password::new("secret").unwrap()),
        ),
        // RFC 1939 §7: spaces are part of the password.
        (
            b"PASS  two  spaces \r\n",
            Command::Pass(Password::new(" two  spaces ").unwrap()),
        ),
        (
            b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
            Command::Apop {
                name: Param::new("mrose").unwrap(),
                digest: ApopDigest::from_hex(b"c4c9334bac560ecc979e58001b3e22fb").unwrap(),
            },
        ),
        (b"QUIT\r\n", Command::Quit),
        (b"stat\r\n", Command::Stat),
        (b"LIST\r\n", Command::List(None)),
        (b"LIST 2\r\n", Command::List(Some(n(2)))),
        (b"RETR 1\r\n", Command::Retr(n(1))),
        (b"DELE 4294967295\r\n", Command::Dele(n(u32::MAX))),
        (b"NOOP\r\n", Command::Noop),
        (b"RSET\r\n", Command::Rset),
        (
            b"TOP 1 10\r\n",
            Command::Top {
                msg: n(1),
                lines: 10,
            },
        ),
        (
            b"TOP 1 0\r\n",
            Command::Top {
                msg: n(1),
                lines: 0,
            },
        ),
        (b"UIDL\r\n", Command::Uidl(None)),
        (b"UIDL 3\r\n", Command::Uidl(Some(n(3)))),
        (b"CAPA\r\n", Command::Capa),
        (b"STLS\r\n", Command::Stls),
        (b"AUTH\r\n", Command::Auth(None)),
        (
            b"AUTH PLAIN\r\n",
            Command::Auth(Some(
                AuthStart::new(Mechanism::new("PLAIN").unwrap(), None).unwrap(),
            )),
        ),
        (
            b"AUTH PLAIN =\r\n",
            Command::Auth(Some(
                AuthStart::new(Mechanism::new("PLAIN").unwrap(), Some(SaslResponse::Empty))
                    .unwrap(),
            )),
        ),
        (
            b"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n",
            Command::Auth(Some(
                AuthStart::new(
                    Mechanism::new("PLAIN").unwrap(),
                    Some(SaslResponse::Data(
                        Base64Text::new("AGFsaWNlAHNlY3JldA==").unwrap(),
                    )),
                )
                .unwrap(),
            )),
        ),
        (b"UTF8\r\n", Command::Utf8),
        (b"LANG\r\n", Command::Lang(None)),
        (b"LANG *\r\n", Command::Lang(Some(LangArg::Default))),
        (
            b"LANG es\r\n",
            Command::Lang(Some(LangArg::Tag(Param::new("es").unwrap()))),
        ),
    ];
    for (input, expected) in cases {
        let (got, used) = cmd(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(got, expected, "{}", String::from_utf8_lossy(input));
        assert_eq!(used, input.len());
        // Known answer: decode -> encode -> decode.
        let again = expected.to_bytes();
        assert_eq!(cmd(&again).unwrap().0, expected);
    }
}

/// Malformed commands: a typed error whose skip covers exactly the line.
#[test]
fn command_errors() {
    let cases: &[(&[u8], DecodeErrorKind)] = &[
        (
            b"XYZZY\r\n",
            DecodeErrorKind::Syntax {
                expected: "a command keyword of 3 or 4 characters",
            },
        ),
        (b"XTND\r\n", DecodeErrorKind::unknown_command(b"XTND")),
        // RFC 1939 §3: messages are numbered from 1.
        (b"RETR 0\r\n", DecodeErrorKind::NumberOutOfRange),
        (b"RETR 4294967296\r\n", DecodeErrorKind::NumberOverflow),
        (
            b"RETR\r\n",
            DecodeErrorKind::Syntax {
                expected: "a message number",
            },
        ),
        (
            b"RETR 1 2\r\n",
            DecodeErrorKind::Syntax {
                expected: "end of line",
            },
        ),
        (
            b"LIST  1\r\n",
            DecodeErrorKind::Syntax {
                expected: "a message number",
            },
        ),
        (
            b"STAT x\r\n",
            DecodeErrorKind::Syntax {
                expected: "end of line",
            },
        ),
        (
            b"PASS\r\n",
            DecodeErrorKind::Syntax {
                expected: "a password",
            },
        ),
        (
            b"USER\r\n",
            DecodeErrorKind::Syntax {
                expected: "a user name",
            },
        ),
        (b"USER r\xc3\xa9\r\n", DecodeErrorKind::EightBit),
        (
            b"APOP a C4C9334BAC560ECC979E58001B3E22FB\r\n",
            DecodeErrorKind::Syntax {
                expected: "32 lower-case hexadecimal digits",
            },
        ),
        (
            b"AUTH PLAIN *\r\n",
            DecodeErrorKind::Syntax {
                expected: "base64 or \"=\"",
            },
        ),
        (b"QUIT\n", DecodeErrorKind::BareLf),
    ];
    for (input, kind) in cases {
        let e = CommandDecoder::default().decode(input).unwrap_err();
        assert_eq!(&e.kind, kind, "{}", String::from_utf8_lossy(input));
        assert_eq!(
            e.skip,
            Some(input.len()),
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

/// RFC 6856 §2: after UTF8, user names may be UTF-8.
#[test]
fn utf8_mode_accepts_utf8_names() {
    let d = CommandDecoder::new(CommandDecoderConfig::default().with_utf8(true));
    let (c, _) = d
        .decode("USER rené\r\n".as_bytes())
        .unwrap()
        .complete()
        .unwrap();
    assert_eq!(c, Command::User(Param::new("rené").unwrap()));
}

/// RFC 2449 §4: 255 octets including CRLF; configurable.
#[test]
fn command_line_limit() {
    let mut line = b"USER ".to_vec();
    line.extend(std::iter::repeat_n(b'a', 255 - 7));
    line.extend_from_slice(b"\r\n");
    assert!(cmd(&line).is_ok());
    line.insert(5, b'a');
    let e = CommandDecoder::default().decode(&line).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 255 });
    let big = CommandDecoder::new(CommandDecoderConfig::default().with_max_line(300));
    assert!(big.decode(&line).unwrap().is_complete());
}

/// RFC 5034 §4: "*" cancels, "=" and an empty line are empty responses, lines may be long.
#[test]
fn sasl_response_lines() {
    let d = CommandDecoder::default();
    let one = |i: &'static [u8]| d.decode_sasl_response(i).unwrap().complete().unwrap().0;
    assert_eq!(one(b"*\r\n"), SaslResponse::Cancel);
    assert_eq!(one(b"=\r\n"), SaslResponse::Empty);
    assert_eq!(one(b"\r\n"), SaslResponse::Empty);
    assert_eq!(
        one(b"dGVzdA==\r\n"),
        SaslResponse::Data(Base64Text::new("dGVzdA==").unwrap())
    );
    assert!(d.decode_sasl_response(b"not base64\r\n").is_err());
    let long = format!("{}\r\n", "QUFB".repeat(1000));
    assert!(
        d.decode_sasl_response(long.as_bytes())
            .unwrap()
            .is_complete()
    );
}

fn resp(input: &[u8], expect: Expect) -> Response<'_> {
    let (r, used) = ResponseDecoder::default()
        .decode(input, expect)
        .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(input)))
        .complete()
        .expect("complete");
    assert_eq!(used, input.len(), "{}", String::from_utf8_lossy(input));
    r
}

fn code(c: &'static str) -> Option<ResponseCode<'static>> {
    Some(ResponseCode::new(c).unwrap())
}

/// RFC 2449 §8, RFC 3206, RFC 6856 §5: response codes; RFC 1939 §5: typed single-line forms.
#[test]
fn single_line_responses() {
    let r = resp(
        b"-ERR [IN-USE] Do you have another POP session running?\r\n",
        Expect::Status,
    );
    let Response::Status(s) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(s.status, Status::Err);
    assert_eq!(
        s.text.code().and_then(|c| c.known()),
        Some(KnownCode::InUse)
    );
    assert_eq!(
        s.text.human().as_bytes(),
        b"Do you have another POP session running?"
    );
    for (wire, known) in [
        (&b"-ERR [SYS/TEMP] try later\r\n"[..], KnownCode::SysTemp),
        (b"-ERR [SYS/PERM] no\r\n", KnownCode::SysPerm),
        (b"-ERR [AUTH] bad password\r\n", KnownCode::Auth),
        (b"-ERR [UTF8]\r\n", KnownCode::Utf8),
        (b"-ERR [LOGIN-DELAY] wait\r\n", KnownCode::LoginDelay),
    ] {
        let Response::Status(s) = resp(wire, Expect::Status) else {
            panic!()
        };
        assert_eq!(s.text.code().and_then(|c| c.known()), Some(known));
    }
    let Response::Status(s) = resp(b"-ERR [X-NEW/DETAIL] hm\r\n", Expect::Status) else {
        panic!()
    };
    assert_eq!(s.text.code(), code("X-NEW/DETAIL").as_ref());
    assert_eq!(
        resp(b"+OK 2 320\r\n", Expect::Stat),
        Response::Stat(StatInfo {
            count: 2,
            size: 320,
            text: Text::default()
        })
    );
    assert_eq!(
        resp(b"+OK 2 200\r\n", Expect::Scan),
        Response::Scan(ScanEntry::new(n(2), 200))
    );
    assert_eq!(
        resp(b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n", Expect::UniqueId),
        Response::UniqueId(UidEntry {
            msg: n(2),
            uid: UniqueId::new("QhdPYR:00WBw1Ph7x7").unwrap()
        })
    );
    assert!(matches!(
        resp(b"-ERR no such message\r\n", Expect::Scan),
        Response::Status(_)
    ));
    let Response::Greeting(g) = resp(
        b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
        Expect::Greeting,
    ) else {
        panic!()
    };
    assert_eq!(g.timestamp(), Some("<1896.697170952@dbc.mtview.ca.us>"));
    assert_eq!(
        resp(b"+ \r\n", Expect::Auth),
        Response::Challenge(Challenge(None))
    );
    assert_eq!(
        resp(b"+\r\n", Expect::Auth),
        Response::Challenge(Challenge(None))
    );
    assert_eq!(
        resp(b"+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+\r\n", Expect::Auth),
        Response::Challenge(Challenge(Some(
            Base64Text::new("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+").unwrap()
        )))
    );
    assert!(matches!(
        resp(b"+OK logged in\r\n", Expect::Auth),
        Response::Status(_)
    ));
}

/// RFC 2449 §5 example, plus RFC 3206 §6, RFC 2595 §4, RFC 6856 capabilities.
#[test]
fn capa_listing() {
    let wire = b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\nPIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\nSTLS\r\nUTF8 USER\r\nLANG\r\nAUTH-RESP-CODE\r\nEXPIRE NEVER USER\r\nLOGIN-DELAY 30 USER\r\nX-FOO a b\r\n.\r\n";
    let Response::Capabilities { capabilities, .. } =
        resp(wire, Expect::Listing(ListingKind::Capabilities))
    else {
        panic!()
    };
    let expected = vec![
        Capability::Top,
        Capability::User,
        Capability::Sasl(vec![
            Mechanism::new("CRAM-MD5").unwrap(),
            Mechanism::new("KERBEROS_V4").unwrap(),
        ]),
        Capability::RespCodes,
        Capability::LoginDelay {
            seconds: 900,
            per_user: false,
        },
        Capability::Pipelining,
        Capability::Expire {
            expire: Expire::Days(60),
            per_user: false,
        },
        Capability::Uidl,
        Capability::Implementation(Text::new_str("Shlemazle-Plotz-v302").unwrap()),
        Capability::Stls,
        Capability::Utf8 { user: true },
        Capability::Lang,
        Capability::AuthRespCode,
        Capability::Expire {
            expire: Expire::Never,
            per_user: true,
        },
        Capability::LoginDelay {
            seconds: 30,
            per_user: true,
        },
        Capability::Other(
            OtherCapability::new(
                Param::new("X-FOO").unwrap(),
                vec![Param::new("a").unwrap(), Param::new("b").unwrap()],
            )
            .unwrap(),
        ),
    ];
    assert_eq!(capabilities, expected);
    let re = Response::Capabilities {
        ok: ResponseText::text("Capability list follows").unwrap(),
        capabilities: expected,
    }
    .to_bytes();
    assert_eq!(re, wire);
}

/// RFC 1939 §5, §7, RFC 6856 §3.3: listings.
#[test]
fn listings() {
    let Response::ScanListing { entries, .. } = resp(
        b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n",
        Expect::Listing(ListingKind::Scan),
    ) else {
        panic!()
    };
    assert_eq!(
        entries,
        vec![ScanEntry::new(n(1), 120), ScanEntry::new(n(2), 200)]
    );
    let Response::UidListing { entries, .. } = resp(
        b"+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n",
        Expect::Listing(ListingKind::UniqueId),
    ) else {
        panic!()
    };
    assert_eq!(entries[1].uid.as_str(), "QhdPYR:00WBw1Ph7x7");
    let Response::Languages { languages, .. } = resp(b"+OK Language listing follows:\r\nen English\r\nen-boont English Boontling dialect\r\nde\r\n.\r\n", Expect::Listing(ListingKind::Languages)) else { panic!() };
    assert_eq!(
        languages[1].description.as_bytes(),
        b"English Boontling dialect"
    );
    assert!(languages[2].description.is_empty());
    assert!(matches!(
        resp(b"-ERR no\r\n", Expect::Listing(ListingKind::Scan)),
        Response::Status(_)
    ));
    // A malformed entry: an error that skips the whole response.
    let wire = b"+OK\r\n1 x\r\n.\r\n+OK\r\n";
    let e = ResponseDecoder::default()
        .decode(wire, Expect::Listing(ListingKind::Scan))
        .unwrap_err();
    assert_eq!(e.skip, Some(wire.len() - 5));
}

/// RFC 1939 §3: the message body is unstuffed; without stuffing it is a slice of the input.
#[test]
fn message_body() {
    let wire = b"+OK 120 octets\r\nSubject: x\r\n\r\nbody\r\n.\r\n";
    let Response::Message { body, .. } = resp(wire, Expect::Message) else {
        panic!()
    };
    assert_eq!(body.as_bytes(), b"Subject: x\r\n\r\nbody\r\n");
    assert!(matches!(body.0, std::borrow::Cow::Borrowed(_)));
    let wire = b"+OK\r\n..a\r\n..\r\n...\r\n.\r\n";
    let Response::Message { body, .. } = resp(wire, Expect::Message) else {
        panic!()
    };
    assert_eq!(body.as_bytes(), b".a\r\n.\r\n..\r\n");
    let Response::Message { body, .. } = resp(b"+OK\r\n.\r\n", Expect::Message) else {
        panic!()
    };
    assert_eq!(body.as_bytes(), b"");
}

/// Every prefix of a valid command or response is need-more, never an error.
#[test]
fn every_prefix_is_incomplete() {
    let commands: &[&[u8]] = &[
        b"USER mrose\r\n",
        b"PASS a b\r\n",
        b"TOP 1 10\r\n",
        b"AUTH PLAIN =\r\n",
        b"LANG *\r\n",
    ];
    for c in commands {
        for i in 0..c.len() {
            assert_eq!(
                CommandDecoder::default().decode(&c[..i]),
                Ok(Decoded::Incomplete),
                "{c:?} {i}"
            );
        }
    }
    let responses: &[(&[u8], Expect)] = &[
        (b"+OK POP3 server ready <1@x>\r\n", Expect::Greeting),
        (b"+OK 2 320\r\n", Expect::Stat),
        (
            b"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n",
            Expect::Listing(ListingKind::Scan),
        ),
        (
            b"+OK\r\nTOP\r\nSASL PLAIN\r\n.\r\n",
            Expect::Listing(ListingKind::Capabilities),
        ),
        (b"+OK\r\n..a\r\n\r\n.\r\n", Expect::Message),
        (b"+ dGVzdA==\r\n", Expect::Auth),
        (b"-ERR [SYS/TEMP] x\r\n", Expect::Message),
    ];
    for (r, expect) in responses {
        for i in 0..r.len() {
            assert_eq!(
                ResponseDecoder::default().decode(&r[..i], *expect),
                Ok(Decoded::Incomplete),
                "{r:?} {i}"
            );
        }
        assert!(
            ResponseDecoder::default()
                .decode(r, *expect)
                .unwrap()
                .is_complete()
        );
    }
}

/// RFC 2449 §4: a response line is at most 512 octets; configurable.
#[test]
fn response_line_limit() {
    let line = format!("+OK {}\r\n", "a".repeat(600));
    let e = ResponseDecoder::default()
        .decode(line.as_bytes(), Expect::Status)
        .unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 512 });
    let big = ResponseDecoder::new(ResponseDecoderConfig::default().with_max_line(1000));
    assert!(
        big.decode(line.as_bytes(), Expect::Status)
            .unwrap()
            .is_complete()
    );
}

/// A 10,000-line UIDL listing is decoded entry by entry, each byte scanned a bounded number of
/// times (fed in 7-byte pieces here).
#[test]
fn streaming_listing_is_linear() {
    let mut wire = Vec::new();
    for i in 1..=10_000u32 {
        wire.extend_from_slice(format!("{i} uid-{i}\r\n").as_bytes());
    }
    wire.extend_from_slice(b".\r\n");
    let mut d = ResponseDecoder::default().listing_decoder(ListingKind::UniqueId);
    let mut buf = Vec::new();
    let mut count = 0u32;
    let mut calls = 0usize;
    let mut done = false;
    for piece in wire.chunks(7) {
        buf.extend_from_slice(piece);
        loop {
            calls += 1;
            match d.decode(&buf).unwrap() {
                Decoded::Incomplete => break,
                Decoded::Complete { value, consumed } => {
                    match value {
                        Some(ListItem::UniqueId(e)) => {
                            count += 1;
                            assert_eq!(e.msg.get(), count);
                        }
                        None => done = true,
                        other => panic!("{other:?}"),
                    }
                    buf.drain(..consumed);
                }
            }
        }
    }
    assert!(done);
    assert_eq!(count, 10_000);
    assert!(calls < wire.len() / 7 + 10_002 + 10);
}
