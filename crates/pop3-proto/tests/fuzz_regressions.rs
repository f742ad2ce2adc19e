//! Inputs the fuzz targets found, kept as tests of the behaviour that was fixed.

use pop3_proto::{DecodeErrorKind, Decoded, Expect, ListingKind, ResponseDecoder};

/// RFC 2449 §4 (512-octet lines): an over-long line in a multi-line listing ends the decoding
/// with `LineTooLong` whether or not the line's CRLF has arrived, so a client gets the same
/// outcome however the TCP stream was cut (found by `pop3_codec`, response chunking).
#[test]
fn over_long_listing_line_fails_the_same_before_and_after_its_end() {
    let mut wire = b"+OK\r\n1 120\r\n2 ".to_vec();
    wire.extend(std::iter::repeat_n(b'9', 600));
    let cut = wire.len();
    wire.extend_from_slice(b"\r\n3 5\r\n.\r\n");
    let decoder = ResponseDecoder::default();
    let expect = Expect::Listing(ListingKind::Scan);
    for input in [&wire[..cut], &wire[..]] {
        let err = decoder.decode(input, expect).unwrap_err();
        assert!(
            matches!(err.kind, DecodeErrorKind::LineTooLong { .. }),
            "{err:?}"
        );
        assert_eq!(err.skip, None);
    }
    // Shorter lines are unaffected.
    let ok = b"+OK\r\n1 120\r\n.\r\n";
    assert!(matches!(
        decoder.decode(ok, expect),
        Ok(Decoded::Complete { consumed: 15, .. })
    ));
}

/// RFC 1939 §3 (autologout timer): once the server machine has closed the session (here by
/// autologout in the middle of a RETR answer), the application can no longer write message
/// data through it (found by `pop3_session`: `send_body` still wrote after the close).
#[test]
fn no_message_body_after_autologout() {
    use pop3_proto::server::{Event, Server, ServerConfig, State};
    use pop3_proto::{Greeting, ResponseText, StatusLine};
    use std::time::{Duration, Instant};

    let start = Instant::now();
    let greeting = Greeting(StatusLine::ok(ResponseText::text("ready").unwrap()));
    let mut server = Server::new(ServerConfig::default(), greeting, start);
    let ok = || ResponseText::text("ok").unwrap();
    server.handle_input(b"USER alice\r\n");
    server.reply_ok(ok()).unwrap();
    server.handle_input(b"PASS secret\r\n");
    server.accept_login(ok()).unwrap();
    server.handle_input(b"RETR 1\r\n");
    while server.poll_event().is_some() {}
    server.start_multi_line(ok()).unwrap();
    server.send_body(b"Subject: x\r\n").unwrap();
    let mut out = Vec::new();
    server.poll_transmit(&mut out);
    // Two timer expiries without input: the first restarts the timer, the second closes.
    let mut now = start;
    while server.state() != State::Closed {
        now += Duration::from_secs(3600);
        server.handle_timeout(now);
    }
    assert!(std::iter::from_fn(|| server.poll_event()).any(|e| matches!(e, Event::Closed(_))));
    server.poll_transmit(&mut out);
    let before = out.len();
    assert!(server.send_body(b"more\r\n").is_err());
    assert!(server.finish_multi_line().is_err());
    server.poll_transmit(&mut out);
    assert_eq!(out.len(), before, "bytes written after the session closed");
}
