//! Property tests: decode(encode(v)) == v for commands and responses, and every prefix of an
//! encoded value is need-more (RFC 1939 §3 framing; RFC 2449 §3 grammar).

use pop3_proto::*;
use proptest::collection::vec;
use proptest::prelude::*;

fn param() -> impl Strategy<Value = Param<'static>> {
    "[\\x21-\\x7e]{1,16}".prop_map(|s| Param::new(s).unwrap())
}

fn msg() -> impl Strategy<Value = MessageNumber> {
    (1..=u32::MAX).prop_map(|n| MessageNumber::new(n).unwrap())
}

fn mechanism() -> impl Strategy<Value = Mechanism<'static>> {
    "[A-Z0-9_-]{1,20}".prop_map(|s| Mechanism::new(s).unwrap())
}

fn base64() -> impl Strategy<Value = Base64Text<'static>> {
    vec(any::<u8>(), 1..40).prop_map(|d| Base64Text::encode(&d).unwrap())
}

fn command() -> impl Strategy<Value = Command<'static>> {
    let auth = prop_oneof![
        Just(None),
        (
            mechanism(),
            prop_oneof![
                Just(None),
                Just(Some(SaslResponse::Empty)),
                base64().prop_map(|b| Some(SaslResponse::Data(b))),
            ]
        )
            .prop_map(|(m, ir)| Some(AuthStart::new(m, ir).unwrap())),
    ];
    prop_oneof![
        param().prop_map(Command::User),
        "[ -~]{1,30}".prop_map(|p| Command::Pass(Password::new(p).unwrap())),
        (param(), any::<[u8; 16]>()).prop_map(|(name, d)| Command::Apop {
            name,
            digest: ApopDigest(d)
        }),
        Just(Command::Quit),
        Just(Command::Stat),
        proptest::option::of(msg()).prop_map(Command::List),
        msg().prop_map(Command::Retr),
        msg().prop_map(Command::Dele),
        Just(Command::Noop),
        Just(Command::Rset),
        (msg(), any::<u32>()).prop_map(|(msg, lines)| Command::Top { msg, lines }),
        proptest::option::of(msg()).prop_map(Command::Uidl),
        Just(Command::Capa),
        Just(Command::Stls),
        auth.prop_map(Command::Auth),
        Just(Command::Utf8),
        prop_oneof![
            Just(None),
            Just(Some(LangArg::Default)),
            param()
                .prop_filter("not *", |p| p.as_str() != "*")
                .prop_map(|p| Some(LangArg::Tag(p))),
        ]
        .prop_map(Command::Lang),
    ]
}

fn text() -> impl Strategy<Value = Text<'static>> {
    "[ -~]{0,30}".prop_map(|s| Text::new(s.into_bytes()).unwrap())
}

fn response_text() -> impl Strategy<Value = ResponseText<'static>> {
    (
        proptest::option::of("[A-Z][A-Z0-9-]{0,8}(/[A-Z0-9]{1,5}){0,2}"),
        text(),
    )
        .prop_filter_map(
            "text without a code may not start with [",
            |(code, text)| {
                ResponseText::new(code.map(|c| ResponseCode::new(c).unwrap()), text).ok()
            },
        )
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    let other = ("[A-Z][A-Z0-9-]{0,10}", vec("[\\x21-\\x7e]{1,8}", 0..3)).prop_filter_map(
        "not a known tag",
        |(tag, args)| {
            let args = args.into_iter().map(|a| Param::new(a).unwrap()).collect();
            OtherCapability::new(Param::new(tag).unwrap(), args).ok()
        },
    );
    prop_oneof![
        Just(Capability::Top),
        Just(Capability::User),
        vec(mechanism(), 0..4).prop_map(Capability::Sasl),
        Just(Capability::RespCodes),
        Just(Capability::AuthRespCode),
        (any::<u32>(), any::<bool>())
            .prop_map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
        Just(Capability::Pipelining),
        (proptest::option::of(any::<u32>()), any::<bool>()).prop_map(|(d, per_user)| {
            Capability::Expire {
                expire: d.map_or(Expire::Never, Expire::Days),
                per_user,
            }
        }),
        Just(Capability::Uidl),
        text().prop_map(Capability::Implementation),
        Just(Capability::Stls),
        any::<bool>().prop_map(|user| Capability::Utf8 { user }),
        Just(Capability::Lang),
        other.prop_map(Capability::Other),
    ]
}

fn scan() -> impl Strategy<Value = ScanEntry<'static>> {
    (msg(), any::<u64>(), text()).prop_map(|(msg, size, extra)| ScanEntry { msg, size, extra })
}

fn uid() -> impl Strategy<Value = UidEntry<'static>> {
    (msg(), "[\\x21-\\x7e]{1,70}").prop_map(|(msg, u)| UidEntry {
        msg,
        uid: UniqueId::new(u).unwrap(),
    })
}

/// Message bodies made of lines that start with ".", "..", or nothing special.
fn body() -> impl Strategy<Value = MessageBody<'static>> {
    vec(
        (
            prop_oneof![Just(""), Just("."), Just(".."), Just("x")],
            "[ -~]{0,12}",
        ),
        0..8,
    )
    .prop_map(|lines| {
        let mut b = Vec::new();
        for (prefix, rest) in lines {
            b.extend_from_slice(prefix.as_bytes());
            b.extend_from_slice(rest.as_bytes());
            b.extend_from_slice(b"\r\n");
        }
        MessageBody::new(b).unwrap()
    })
}

fn response() -> impl Strategy<Value = (Response<'static>, Expect)> {
    let status = prop_oneof![Just(Status::Ok), Just(Status::Err)];
    prop_oneof![
        (status.clone(), response_text()).prop_map(|(status, text)| (
            Response::Greeting(Greeting(StatusLine { status, text })),
            Expect::Greeting
        )),
        (status, response_text()).prop_map(|(status, text)| (
            Response::Status(StatusLine { status, text }),
            Expect::Status
        )),
        (any::<u32>(), any::<u64>(), text()).prop_map(|(count, size, text)| (
            Response::Stat(StatInfo { count, size, text }),
            Expect::Stat
        )),
        scan().prop_map(|e| (Response::Scan(e), Expect::Scan)),
        uid().prop_map(|e| (Response::UniqueId(e), Expect::UniqueId)),
        proptest::option::of(base64())
            .prop_map(|b| (Response::Challenge(Challenge(b)), Expect::Auth)),
        (response_text(), vec(scan(), 0..5)).prop_map(|(ok, entries)| (
            Response::ScanListing { ok, entries },
            Expect::Listing(ListingKind::Scan)
        )),
        (response_text(), vec(uid(), 0..5)).prop_map(|(ok, entries)| (
            Response::UidListing { ok, entries },
            Expect::Listing(ListingKind::UniqueId)
        )),
        (response_text(), vec(capability(), 0..6)).prop_map(|(ok, capabilities)| (
            Response::Capabilities { ok, capabilities },
            Expect::Listing(ListingKind::Capabilities)
        )),
        (response_text(), vec((param(), text()), 0..4)).prop_map(|(ok, l)| (
            Response::Languages {
                ok,
                languages: l
                    .into_iter()
                    .map(|(tag, description)| LanguageEntry { tag, description })
                    .collect()
            },
            Expect::Listing(ListingKind::Languages)
        )),
        (response_text(), vec(mechanism(), 0..4)).prop_map(|(ok, mechanisms)| (
            Response::Mechanisms { ok, mechanisms },
            Expect::Listing(ListingKind::Mechanisms)
        )),
        (response_text(), body())
            .prop_map(|(ok, body)| (Response::Message { ok, body }, Expect::Message)),
    ]
}

proptest! {
    /// decode(encode(c)) == c for every command, and every prefix is need-more.
    #[test]
    fn command_round_trip(c in command()) {
        let bytes = c.to_bytes();
        let decoder = CommandDecoder::default();
        let (back, used) = decoder.decode(&bytes).unwrap().complete().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(&back, &c);
        for i in 0..bytes.len() {
            prop_assert_eq!(decoder.decode(&bytes[..i]), Ok(Decoded::Incomplete));
        }
    }

    /// decode(encode(r)) == r for every response, and every prefix is need-more.
    #[test]
    fn response_round_trip((r, expect) in response()) {
        let bytes = r.to_bytes();
        let decoder = ResponseDecoder::default();
        let (back, used) = decoder.decode(&bytes, expect).unwrap().complete().unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(&back, &r);
        for i in 0..bytes.len() {
            prop_assert_eq!(decoder.decode(&bytes[..i], expect), Ok(Decoded::Incomplete));
        }
    }

    /// A body survives encoding and streaming decoding at any cut, byte for byte (RFC 1939 §3).
    #[test]
    fn body_survives_streaming(b in body(), cut in 1usize..16) {
        let wire = Response::Message { ok: ResponseText::empty(), body: b.clone() }.to_bytes();
        let mut decoder = ResponseDecoder::default().body_decoder();
        let mut input = wire[5..].to_vec(); // after "+OK\r\n"
        let mut fed = Vec::new();
        let mut out = Vec::new();
        let mut done = false;
        let mut chunks = input.chunks(cut).map(<[u8]>::to_vec).collect::<Vec<_>>().into_iter();
        input.clear();
        while !done {
            let c = decoder.decode(&fed).unwrap();
            out.extend_from_slice(c.data);
            let (consumed, end) = (c.consumed, c.end);
            fed.drain(..consumed);
            done = end;
            if consumed == 0 && !end {
                match chunks.next() {
                    Some(next) => fed.extend_from_slice(&next),
                    None => prop_assert!(false, "body never ended"),
                }
            }
        }
        prop_assert_eq!(out, b.as_bytes());
        prop_assert!(fed.is_empty() && chunks.next().is_none());
    }

    /// The decoders never panic on arbitrary input.
    #[test]
    fn decoders_do_not_panic(input in vec(any::<u8>(), 0..300)) {
        let _ = CommandDecoder::default().decode(&input);
        let _ = CommandDecoder::default().decode_sasl_response(&input);
        for expect in [Expect::Greeting, Expect::Status, Expect::Stat, Expect::Scan, Expect::UniqueId, Expect::Auth, Expect::Message,
            Expect::Listing(ListingKind::Scan), Expect::Listing(ListingKind::UniqueId), Expect::Listing(ListingKind::Capabilities),
            Expect::Listing(ListingKind::Languages), Expect::Listing(ListingKind::Mechanisms)] {
            let _ = ResponseDecoder::default().decode(&input, expect);
        }
    }
}
