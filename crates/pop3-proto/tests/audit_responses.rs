//! Responses of real POP3 servers (RFC 1939, RFC 2449) through the decoder and the client.

use std::time::Instant;

use pop3_proto::client::{Client, ClientConfig, Event, State};
use pop3_proto::*;

fn decode(wire: &[u8], expect: Expect) -> Response<'_> {
    match ResponseDecoder::new(ResponseDecoderConfig::default()).decode(wire, expect) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            value
        }
        other => panic!("{}: {other:?}", String::from_utf8_lossy(wire)),
    }
}

fn greeting(wire: &[u8]) -> Greeting<'_> {
    match decode(wire, Expect::Greeting) {
        Response::Greeting(g) => g,
        other => panic!("{other:?}"),
    }
}

/// RFC 1939 §7 APOP: Dovecot and the RFC's own example put the timestamp at the end of the
/// greeting; Gmail and Courier send none; Exchange/Office 365 end theirs with a bracketed
/// base64 blob that is neither a timestamp nor a response code (RFC 2449 §3: the code comes
/// first).
#[test]
fn greetings_with_and_without_apop_timestamp() {
    let g = greeting(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    assert_eq!(g.timestamp(), Some("<1896.697170952@dbc.mtview.ca.us>"));
    let g = greeting(b"+OK Dovecot (Ubuntu) ready. <21542.1.6571c2f5.abc+def==@mail.example>\r\n");
    assert_eq!(
        g.timestamp(),
        Some("<21542.1.6571c2f5.abc+def==@mail.example>")
    );
    for wire in [
        &b"+OK Gpop ready for requests from 192.0.2.1 a1mb123456pfb\r\n"[..],
        b"+OK Hello there.\r\n",
        b"+OK The Microsoft Exchange POP3 service is ready. [QQBNAFMAUABSADAANgBDAEEA]\r\n",
        b"+OK\r\n",
        b"+OK \r\n",
    ] {
        let g = greeting(wire);
        assert_eq!(g.timestamp(), None, "{}", String::from_utf8_lossy(wire));
        assert!(g.0.text.code().is_none());
    }
}

/// RFC 2449 §8 and RFC 3206: extended response codes as Dovecot and Courier send them.
#[test]
fn extended_response_codes() {
    for (wire, code) in [
        (&b"-ERR [IN-USE] Unable to lock maildrop\r\n"[..], "IN-USE"),
        (b"-ERR [SYS/TEMP] Try again later\r\n", "SYS/TEMP"),
        (b"-ERR [AUTH] Authentication failed.\r\n", "AUTH"),
        (b"-ERR [LOGIN-DELAY] wait\r\n", "LOGIN-DELAY"),
    ] {
        let Response::Status(s) = decode(wire, Expect::Status) else {
            panic!()
        };
        assert!(!s.is_ok());
        assert_eq!(s.text.code().unwrap().as_str(), code);
        assert!(s.text.code().unwrap().known().is_some());
    }
}

/// RFC 1939 §5 STAT `+OK 2 320`, with the text some servers add after the numbers.
#[test]
fn stat_forms() {
    for wire in [&b"+OK 2 320\r\n"[..], b"+OK 2 320 octets\r\n"] {
        let Response::Stat(s) = decode(wire, Expect::Stat) else {
            panic!()
        };
        assert_eq!((s.count, s.size), (2, 320));
    }
}

/// RFC 1939 §7: unique ids are 1 to 70 characters 0x21-0x7E; Gmail (`GmailId...`), Exchange
/// (base64 with `+`, `/`, `=`), Courier and qmail-style ids, and ones with quotes and angle
/// brackets all qualify.
#[test]
fn uidl_listing_with_odd_characters() {
    let wire = b"+OK\r\n1 000003a856a2c6d4\r\n2 GmailId18b2c3d4e5f6a7b8\r\n3 AAQkADAw+/=\r\n\
4 UID1234-1234567890\r\n5 <abc@def>\r\n6 a.b:c;d\"e'f\r\n7 ~!@#$%^&*()_+`{}|\r\n.\r\n";
    let Response::UidListing { entries, .. } = decode(wire, Expect::Listing(ListingKind::UniqueId))
    else {
        panic!()
    };
    assert_eq!(entries.len(), 7);
    assert_eq!(entries[6].uid.as_str(), "~!@#$%^&*()_+`{}|");
}

/// RFC 1939 §7 TOP with 0 lines: the headers, the blank line, and the `.`; and a message
/// that is just `.` (empty body).
#[test]
fn top_with_zero_lines_and_empty_bodies() {
    let Response::Message { body, .. } = decode(
        b"+OK top of message follows\r\nSubject: x\r\n\r\n.\r\n",
        Expect::Message,
    ) else {
        panic!()
    };
    assert_eq!(body.as_bytes(), b"Subject: x\r\n\r\n");
    let Response::Message { body, .. } = decode(b"+OK\r\n.\r\n", Expect::Message) else {
        panic!()
    };
    assert_eq!(body.as_bytes(), b"");
}

fn client_in_transaction() -> Client {
    let mut c = Client::new(ClientConfig::default(), Instant::now());
    c.handle_input(b"+OK ready\r\n");
    c.send_user("alice").unwrap();
    c.send_pass("secret").unwrap();
    c.handle_input(b"+OK\r\n+OK logged in\r\n");
    assert_eq!(c.state(), State::Transaction);
    std::iter::from_fn(|| c.poll_event()).for_each(drop);
    c
}

/// A server that closes right after its last line without the CR LF (`+OK bye`, or the `.`
/// ending a RETR): the client reads the line at end of input instead of losing it.
#[test]
fn crlf_less_final_lines_at_end_of_input() {
    let mut c = client_in_transaction();
    c.send_quit().unwrap();
    c.handle_input(b"+OK bye");
    assert!(c.poll_event().is_none());
    c.handle_eof();
    let ev: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
    assert!(
        matches!(
            &ev[..],
            [
                Event::Response {
                    command: CommandKind::Quit,
                    ..
                },
                Event::Closed
            ]
        ),
        "{ev:?}"
    );

    let mut c = client_in_transaction();
    c.send_retr(MessageNumber::new(1).unwrap()).unwrap();
    c.handle_input(b"+OK\r\nSubject: x\r\n\r\nhi\r\n.");
    c.handle_eof();
    let ev: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
    assert!(
        ev.iter().any(|e| matches!(
            e,
            Event::End {
                command: CommandKind::Retr
            }
        )),
        "{ev:?}"
    );
    assert!(!ev.iter().any(|e| matches!(e, Event::Error(_))), "{ev:?}");
}

/// A connection closed in the middle of a response (or with one awaited) is a typed error,
/// not a silent close.
#[test]
fn truncated_response_at_end_of_input_is_an_error() {
    let mut c = client_in_transaction();
    c.send_retr(MessageNumber::new(1).unwrap()).unwrap();
    c.handle_input(b"+OK\r\nSubject: x\r\n\r\nhalf a bo");
    c.handle_eof();
    let ev: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
    assert!(
        ev.contains(&Event::Error(ClientError::ConnectionClosed)),
        "{ev:?}"
    );
    assert_eq!(c.state(), State::Closed);

    let mut c = client_in_transaction();
    c.send_stat().unwrap();
    c.handle_eof();
    assert!(
        std::iter::from_fn(|| c.poll_event())
            .any(|e| e == Event::Error(ClientError::ConnectionClosed))
    );
    // Idle: just closed.
    let mut c = client_in_transaction();
    c.handle_eof();
    assert_eq!(c.poll_event(), Some(Event::Closed));
}

proptest::proptest! {
    /// Hostile server: any bytes, cut anywhere, then end of input: no panic, the session ends
    /// closed.
    #[test]
    fn arbitrary_server_bytes_then_eof_never_panic(
        data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        cut in 0usize..300,
    ) {
        let mut c = Client::new(ClientConfig::default(), Instant::now());
        let cut = cut.min(data.len());
        c.handle_input(&data[..cut]);
        let _ = c.send_user("alice");
        let _ = c.send_retr(MessageNumber::new(1).unwrap());
        c.handle_input(&data[cut..]);
        std::iter::from_fn(|| c.poll_event()).for_each(drop);
        c.handle_eof();
        std::iter::from_fn(|| c.poll_event()).for_each(drop);
        proptest::prop_assert_eq!(c.state(), State::Closed);
    }
}

/// RFC 2449 §6 and RFC 6856 §2-§3: every standard CAPA tag is typed, with its arguments
/// (`EXPIRE 0`, `EXPIRE NEVER`, `LOGIN-DELAY 900 USER`, `UTF8 USER`, `LANG`), tags are
/// case-insensitive, and unknown tags (`X-GOOGLE-RICO`) are kept with their arguments.
#[test]
fn capa_tags_are_typed() {
    let wire =
        b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL PLAIN XOAUTH2\r\nRESP-CODES\r\n\
AUTH-RESP-CODE\r\nLOGIN-DELAY 900 USER\r\nPIPELINING\r\nEXPIRE NEVER\r\nexpire 0\r\nUIDL\r\n\
IMPLEMENTATION Dovecot 2.3\r\nSTLS\r\nUTF8 USER\r\nLANG\r\nX-GOOGLE-RICO a b\r\n.\r\n";
    let Response::Capabilities { capabilities, .. } =
        decode(wire, Expect::Listing(ListingKind::Capabilities))
    else {
        panic!()
    };
    assert_eq!(capabilities.len(), 15);
    assert!(matches!(
        capabilities[5],
        Capability::LoginDelay {
            seconds: 900,
            per_user: true
        }
    ));
    assert!(matches!(
        capabilities[7],
        Capability::Expire {
            expire: Expire::Never,
            ..
        }
    ));
    assert!(matches!(
        capabilities[8],
        Capability::Expire {
            expire: Expire::Days(0),
            ..
        }
    ));
    assert!(
        !capabilities[..14]
            .iter()
            .any(|c| matches!(c, Capability::Other(_))),
        "{capabilities:?}"
    );
    assert!(matches!(&capabilities[14], Capability::Other(o) if o.args().len() == 2));
}

/// RFC 1939 §3: only CR LF `.` CR LF ends a multi-line response. The smuggling sequences
/// `\n.\n`, `\r.\r`, `\n.\r\n` and `\r\n.\n` inside a RETR body, with the input cut at every
/// byte, never end it early: the body comes out whole (a `.` starting a line unstuffed) and
/// the next response is read after it.
#[test]
fn smuggling_sequences_never_end_a_retr_body() {
    for smuggle in [&b"\n.\n"[..], b"\r.\r", b"\n.\r\n", b"\r\n.\n"] {
        let mut body = b"Subject: x\r\n\r\na".to_vec();
        body.extend_from_slice(smuggle);
        body.extend_from_slice(b"-ERR forged\r\nb\r\n");
        let mut wire = b"+OK\r\n".to_vec();
        wire.extend_from_slice(&body);
        wire.extend_from_slice(b".\r\n+OK 1 2\r\n");
        for cut in 0..wire.len() {
            let mut c = client_in_transaction();
            c.send_retr(MessageNumber::new(1).unwrap()).unwrap();
            c.send_stat().unwrap();
            c.handle_input(&wire[..cut]);
            c.handle_input(&wire[cut..]);
            let ev: Vec<_> = std::iter::from_fn(|| c.poll_event()).collect();
            let got: Vec<u8> = ev
                .iter()
                .filter_map(|e| match e {
                    Event::Body(b) => Some(b.to_vec()),
                    _ => None,
                })
                .flatten()
                .collect();
            // After CR LF a `.` starts a line and is unstuffed (RFC 1939 §3); elsewhere
            // the bytes are data as sent.
            let mut expected = body.clone();
            if smuggle.starts_with(b"\r\n.") {
                let at = expected.windows(3).position(|w| w == b"\r\n.").unwrap();
                expected.remove(at + 2);
            }
            assert_eq!(got, expected, "{smuggle:?} cut {cut}");
            assert!(
                ev.iter().any(|e| matches!(
                    e,
                    Event::Response {
                        command: CommandKind::Stat,
                        response: Response::Stat(_)
                    }
                )),
                "{smuggle:?} cut {cut}: {ev:?}"
            );
        }
    }
}
