//! Properties shared by the fuzz targets (`fuzz/`) and the test suite.
//!
//! Each `check_*` function panics when a property does not hold; the fuzz targets call them on
//! fuzzer input and the tests call them on generated input and on the committed corpora, so
//! both check the same thing. Compiled only for tests and under `cfg(fuzzing)`.
//!
//! - decode: arbitrary bytes never panic, a result stays inside the input, and a command or a
//!   response (single-line, listing or message) that decodes encodes to bytes that decode to it
//!   again;
//! - round trip: a valid value (feature `arbitrary`) encodes and decodes to itself, and proper
//!   prefixes of its encoding are `Incomplete`;
//! - chunking: the same bytes fed in pieces (to the stateless decoders, and to the resumable
//!   body and listing decoders) give the same results as fed whole;
//! - sessions: the client and server state machines under arbitrary operations never panic,
//!   write a bounded amount, stay closed once closed, and never treat bytes received after
//!   `STLS` (before TLS) as commands or responses.

use std::time::{Duration, Instant};

use mail_core::dot::BareLineEndings;
use mail_core::harness::split_cuts;
pub use mail_core::harness::{cut_points, replay_corpus, stream};
use mail_core::line::LineEndings;
use mail_core::{Decoded, Encode, IntoOwned};

use crate::client::{self, Client, ClientConfig};
use crate::server::{self, Server, ServerConfig};
use crate::{
    Command, CommandDecoder, CommandDecoderConfig, Expect, Greeting, ListItem, ListingKind,
    MessageNumber, Response, ResponseDecoder, ResponseDecoderConfig, ResponseText, ScanEntry,
    StatusLine, UidEntry, UniqueId,
};

/// Every form a response can take, by the command that asked for it.
pub const EXPECTS: [Expect; 12] = [
    Expect::Greeting,
    Expect::Status,
    Expect::Stat,
    Expect::Scan,
    Expect::UniqueId,
    Expect::Auth,
    Expect::Message,
    Expect::Listing(ListingKind::Scan),
    Expect::Listing(ListingKind::UniqueId),
    Expect::Listing(ListingKind::Capabilities),
    Expect::Listing(ListingKind::Languages),
    Expect::Listing(ListingKind::Mechanisms),
];

/// What a client expects when it receives `response` (the form its command asked for).
pub fn expect_for(response: &Response<'_>) -> Expect {
    match response {
        Response::Greeting(_) => Expect::Greeting,
        Response::Stat(_) => Expect::Stat,
        Response::Scan(_) => Expect::Scan,
        Response::UniqueId(_) => Expect::UniqueId,
        Response::Challenge(_) => Expect::Auth,
        Response::ScanListing { .. } => Expect::Listing(ListingKind::Scan),
        Response::UidListing { .. } => Expect::Listing(ListingKind::UniqueId),
        Response::Capabilities { .. } => Expect::Listing(ListingKind::Capabilities),
        Response::Languages { .. } => Expect::Listing(ListingKind::Languages),
        Response::Mechanisms { .. } => Expect::Listing(ListingKind::Mechanisms),
        Response::Message { .. } => Expect::Message,
        _ => Expect::Status,
    }
}

/// A command decoder configuration from flag bits: UTF-8, bare LF.
pub fn command_config(flags: u8) -> CommandDecoderConfig {
    let mut c = CommandDecoderConfig::default().with_utf8(flags & 1 != 0);
    if flags & 2 != 0 {
        c = c.with_line_endings(LineEndings::AcceptBareLf);
    }
    c
}

/// A response decoder configuration from flag bits: bare LF in lines, the body policy, few
/// listing entries.
pub fn response_config(flags: u8) -> ResponseDecoderConfig {
    let mut c = ResponseDecoderConfig::default();
    if flags & 1 != 0 {
        c = c.with_line_endings(LineEndings::AcceptBareLf);
    }
    if flags & 2 != 0 {
        c = c.with_body_line_endings(BareLineEndings::Reject);
    }
    if flags & 4 != 0 {
        c = c.with_max_entries(3);
    }
    c
}

/// Decoding a command (and a SASL response line): no panic, results inside the input, and
/// decode(encode(v)) == v for a command.
pub fn check_command_decode(input: &[u8], config: CommandDecoderConfig) {
    let decoder = CommandDecoder::new(config);
    match decoder.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_command_roundtrip(&value, config);
        }
        Ok(Decoded::Incomplete) => {
            assert!(input.len() <= config.max_line.max(config.max_sasl_line));
        }
        Err(e) => check_skip(e.skip, input.len()),
    }
    match decoder.decode_sasl_response(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            let wire = value.to_bytes();
            let back = decoder.decode_sasl_response(&wire);
            assert_eq!(
                back,
                Ok(Decoded::Complete {
                    value,
                    consumed: wire.len()
                }),
                "SASL response round trip"
            );
        }
        Ok(Decoded::Incomplete) => {}
        Err(e) => check_skip(e.skip, input.len()),
    }
}

fn check_skip(skip: Option<usize>, len: usize) {
    if let Some(skip) = skip {
        assert!(skip > 0 && skip <= len, "skip {skip} of {len}");
    }
}

/// decode(encode(command)) == command, and proper prefixes of the encoding are `Incomplete`.
pub fn check_command_roundtrip(command: &Command<'_>, config: CommandDecoderConfig) {
    let wire = command.to_bytes();
    let config = config
        .with_max_line(config.max_line.max(wire.len()))
        .with_max_sasl_line(config.max_sasl_line.max(wire.len()));
    let decoder = CommandDecoder::new(config);
    match decoder.decode(&wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            assert_eq!(
                &value,
                command,
                "round trip of {:?}",
                String::from_utf8_lossy(&wire)
            );
        }
        other => panic!(
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
    for n in [0, wire.len() / 2, wire.len() - 1] {
        assert_eq!(
            decoder.decode(&wire[..n]),
            Ok(Decoded::Incomplete),
            "prefix {n}"
        );
    }
}

/// Decoding a response as `expect`: no panic, results inside the input, and
/// decode(encode(v)) == v.
pub fn check_response_decode(input: &[u8], expect: Expect, config: ResponseDecoderConfig) {
    match ResponseDecoder::new(config).decode(input, expect) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_response_roundtrip(&value, expect, config);
        }
        Ok(Decoded::Incomplete) => {
            if !expect.is_multi_line() {
                assert!(input.len() <= config.max_line.max(config.max_sasl_line));
            }
        }
        Err(e) => check_skip(e.skip, input.len()),
    }
}

/// decode(encode(response)) == response when expected as `expect`, and proper prefixes of the
/// encoding are `Incomplete`.
pub fn check_response_roundtrip(
    response: &Response<'_>,
    expect: Expect,
    config: ResponseDecoderConfig,
) {
    let wire = response.to_bytes();
    let config = config
        .with_max_line(config.max_line.max(wire.len()))
        .with_max_sasl_line(config.max_sasl_line.max(wire.len()));
    let decoder = ResponseDecoder::new(config);
    match decoder.decode(&wire, expect) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            assert_eq!(
                &value,
                response,
                "round trip of {:?}",
                String::from_utf8_lossy(&wire)
            );
        }
        other => panic!(
            "re-decode of {:?} as {expect:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
    for n in [0, wire.len() / 2, wire.len() - 1] {
        assert_eq!(
            decoder.decode(&wire[..n], expect),
            Ok(Decoded::Incomplete),
            "prefix {n}"
        );
    }
}

/// Commands fed in pieces give the same commands as fed whole.
pub fn check_command_chunking(input: &[u8], cuts: &[usize], config: CommandDecoderConfig) {
    let decoder = CommandDecoder::new(config);
    let limit = config.max_line.max(config.max_sasl_line);
    let step = |b: &[u8]| match decoder.decode(b) {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.skip),
    };
    let whole = stream(input, &[], limit, step);
    let pieces = stream(input, cuts, limit, step);
    assert_eq!(whole, pieces, "chunking changed the commands");
}

/// Responses (all expected as `expect`) fed in pieces give the same responses as fed whole.
pub fn check_response_chunking(
    input: &[u8],
    cuts: &[usize],
    expect: Expect,
    config: ResponseDecoderConfig,
) {
    let decoder = ResponseDecoder::new(config);
    let step = |b: &[u8]| match decoder.decode(b, expect) {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.skip),
    };
    let whole = stream(input, &[], usize::MAX, step);
    let pieces = stream(input, cuts, usize::MAX, step);
    assert_eq!(whole, pieces, "chunking changed the responses");
}

/// A listing fed in pieces to one resumable [`ListingDecoder`](crate::ListingDecoder) gives
/// the same items (and end) as fed whole; nothing waits past the line limit.
pub fn check_listing_chunking(
    input: &[u8],
    cuts: &[usize],
    kind: ListingKind,
    config: ResponseDecoderConfig,
) {
    let decoder = ResponseDecoder::new(config);
    let run = |cuts: &[usize]| {
        let mut listing = decoder.listing_decoder(kind);
        stream(input, cuts, config.max_line, |b| match listing.decode(b) {
            Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
                value: value.map(ListItem::into_owned),
                consumed,
            }),
            Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
            Err(e) => Err(e.skip),
        })
    };
    assert_eq!(run(&[]), run(cuts), "chunking changed the listing");
}

/// The outcome of decoding a message body: the unstuffed bytes, the bytes after the
/// terminator (`None` when it did not end), and the errors' kinds and offsets in the stream.
pub type BodyOutcome = (
    Vec<u8>,
    Option<Vec<u8>>,
    Vec<(usize, mail_core::DecodeErrorKind)>,
);

/// Decodes a dot-stuffed body fed in pieces with the resumable [`BodyDecoder`](crate::BodyDecoder).
pub fn body_decode(wire: &[u8], cuts: &[usize], policy: BareLineEndings) -> BodyOutcome {
    let mut decoder = crate::BodyDecoder::new(policy);
    let mut buf = Vec::new();
    let mut fed = 0;
    let mut dropped = 0;
    let mut body = Vec::new();
    let mut errors = Vec::new();
    for end in cut_points(cuts, wire.len()) {
        buf.extend_from_slice(&wire[fed..end.max(fed)]);
        fed = fed.max(end);
        loop {
            match decoder.decode(&buf) {
                Ok(chunk) => {
                    assert!(chunk.consumed <= buf.len());
                    body.extend_from_slice(chunk.data);
                    let (consumed, done, more) = (chunk.consumed, chunk.end, chunk.needs_more());
                    buf.drain(..consumed);
                    dropped += consumed;
                    if done {
                        buf.extend_from_slice(&wire[fed..]);
                        return (body, Some(buf), errors);
                    }
                    if more {
                        // Only a possible terminator or a CR is held back.
                        assert!(buf.len() <= 4, "body decoder held back {} bytes", buf.len());
                        break;
                    }
                }
                Err(e) => {
                    errors.push((dropped + e.offset, e.kind.clone()));
                    let skip = e.skip.expect("body errors know their extent");
                    assert!(skip >= 1 && skip <= buf.len());
                    buf.drain(..skip);
                    dropped += skip;
                }
            }
        }
    }
    (body, None, errors)
}

/// A body ends exactly at the first CR LF `.` CR LF (the start counting as a line start),
/// under both policies, and chunking changes nothing (RFC 1939 §3).
pub fn check_body_chunking(raw: &[u8], cuts: &[usize]) {
    let mut framed = b"\r\n".to_vec();
    framed.extend_from_slice(raw);
    let expected_end = memchr::memmem::find(&framed, b"\r\n.\r\n").map(|i| i + 3);
    for policy in [BareLineEndings::Preserve, BareLineEndings::Reject] {
        let whole = body_decode(raw, &[], policy);
        let pieces = body_decode(raw, cuts, policy);
        assert_eq!(whole, pieces, "chunking changed the body under {policy:?}");
        assert_eq!(
            whole.1.as_ref().map(Vec::len),
            expected_end.map(|end| raw.len() - end),
            "the body ended at the wrong place under {policy:?}"
        );
    }
}

/// Fuzz target `pop3_codec`: the first byte picks the property (decode, chunking or round
/// trip), the second the response form and the decoder's leniencies.
pub fn fuzz_codec(data: &[u8]) {
    let [selector, form, rest @ ..] = data else {
        return;
    };
    let expect = EXPECTS[usize::from(form % 12)];
    let flags = form >> 4;
    let kinds = [
        ListingKind::Scan,
        ListingKind::UniqueId,
        ListingKind::Capabilities,
        ListingKind::Languages,
        ListingKind::Mechanisms,
    ];
    match selector % 8 {
        0 => check_command_decode(rest, command_config(flags)),
        1 => check_response_decode(rest, expect, response_config(flags)),
        2 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_command_chunking(input, &cuts, command_config(flags));
            }
        }
        3 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_response_chunking(input, &cuts, expect, response_config(flags));
            }
        }
        4 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                let kind = kinds[usize::from(form % 5)];
                check_listing_chunking(input, &cuts, kind, response_config(flags));
            }
        }
        5 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_body_chunking(input, &cuts);
            }
        }
        _ => fuzz_value_roundtrip(form & 1, rest),
    }
}

/// Round trip of an arbitrary valid value (feature `arbitrary`): 0 a command, 1 a response.
#[cfg(any(test, feature = "arbitrary"))]
fn fuzz_value_roundtrip(which: u8, data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    if which == 0 {
        if let Ok(c) = u.arbitrary::<Command<'static>>() {
            check_command_roundtrip(&c, CommandDecoderConfig::default());
        }
    } else if let Ok(r) = u.arbitrary::<Response<'static>>() {
        check_response_roundtrip(&r, expect_for(&r), ResponseDecoderConfig::default());
    }
}

/// Without the `arbitrary` feature there are no arbitrary values to round-trip.
#[cfg(not(any(test, feature = "arbitrary")))]
fn fuzz_value_roundtrip(_which: u8, _data: &[u8]) {}

/// Reads operations from fuzzer bytes.
struct Ops<'a> {
    data: &'a [u8],
}

impl<'a> Ops<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    /// A length byte, then that many bytes (fewer at the end of the data).
    fn bytes(&mut self) -> &'a [u8] {
        let n = usize::from(self.byte().unwrap_or(0));
        let n = n.min(self.data.len());
        let (taken, rest) = self.data.split_at(n);
        self.data = rest;
        taken
    }
}

/// Bytes a session may write per operation and per input byte: a response line is at most 512
/// octets, and an input byte can cause at most one response.
const OUTPUT_PER_STEP: usize = 1024;

fn number(b: u8) -> MessageNumber {
    MessageNumber::new(u32::from(b).max(1)).expect("non-zero")
}

/// The server side of `pop3_session`: input bytes, the application's answers, STLS and
/// timeouts in an arbitrary order.
///
/// Invariants: no panic; the output is bounded by the input and what the application sent;
/// once closed the server stays closed; after `STLS`, no command is reported until it is
/// answered, and after `accept_stls` none until new bytes arrive (RFC 2595 §4).
pub fn check_server_session(data: &[u8]) {
    let mut ops = Ops { data };
    let mut now = Instant::now();
    let flags = ops.byte().unwrap_or(0);
    let config = ServerConfig::default()
        .with_decoder(command_config(flags))
        .with_max_buffered(8192);
    let greeting = Greeting(StatusLine::ok(
        ResponseText::text("POP3 ready <1896.697170952@dbc.mtview.ca.us>").expect("valid text"),
    ));
    let mut server = Server::new(config, greeting, now);
    let mut out = Vec::new();
    let (mut input_total, mut app_total, mut steps) = (0usize, 0usize, 1usize);
    let mut closed = false;
    let mut tls_quiet = false;
    let mut stls_pending = false;
    let text = || ResponseText::text("done").expect("valid text");
    while let Some(op) = ops.byte() {
        steps += 1;
        let answered = match op % 16 {
            0..=3 => {
                let bytes = ops.bytes();
                input_total += bytes.len();
                if !bytes.is_empty() {
                    tls_quiet = false;
                }
                server.handle_input(bytes);
                false
            }
            4 => server.reply_ok(text()).is_ok(),
            5 => server.reply_err(text()).is_ok(),
            6 => server.accept_login(text()).is_ok(),
            7 => server.reject_login(text()).is_ok(),
            8 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                server.auth_challenge(d).is_ok()
            }
            9 => {
                let ok = server.accept_stls(text()).is_ok();
                if ok {
                    tls_quiet = true;
                }
                ok
            }
            10 => server.reply_stat(u32::from(op), 1234).is_ok(),
            11 => {
                let b = ops.byte().unwrap_or(1);
                server.reply_scan(&ScanEntry::new(number(b), 99)).is_ok()
                    | server
                        .reply_uid(&UidEntry {
                            msg: number(b),
                            uid: UniqueId::new("uid-1").expect("valid uid"),
                        })
                        .is_ok()
            }
            12 => {
                let _ = server.start_multi_line(text());
                let b = ops.byte().unwrap_or(1);
                let _ = server.send_item(&ListItem::Scan(ScanEntry::new(number(b), 7)));
                false
            }
            13 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                let _ = server.send_body(d);
                false
            }
            14 => server.finish_multi_line().is_ok(),
            _ => {
                if op & 0x10 != 0 {
                    server
                        .reply_capabilities(&[crate::Capability::Stls, crate::Capability::Top])
                        .is_ok()
                } else {
                    now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 10);
                    server.handle_timeout(now);
                    false
                }
            }
        };
        if answered {
            stls_pending = false;
        }
        let before = out.len();
        server.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
            assert_eq!(server.state(), server::State::Closed, "reopened");
        }
        while let Some(event) = server.poll_event() {
            match &event {
                server::Event::Command(c) => {
                    assert!(!closed, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                    assert!(
                        !stls_pending,
                        "{event:?} pipelined after an unanswered STLS"
                    );
                    stls_pending = matches!(c, Command::Stls);
                }
                server::Event::AuthResponse(_) => {
                    assert!(!closed, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                }
                server::Event::StartTls { .. } => tls_quiet = true,
                _ => {}
            }
        }
        // What the events flushed before a close may still be written; nothing after it.
        server.poll_transmit(&mut out);
        closed |= server.state() == server::State::Closed;
        assert!(
            out.len() <= 2 * app_total + OUTPUT_PER_STEP * (steps + input_total),
            "{} bytes written for {steps} operations and {input_total} input bytes",
            out.len()
        );
    }
}

/// The client side of `pop3_session`: server bytes, the application's commands, STLS and
/// timeouts in an arbitrary order.
///
/// Invariants: no panic; the output is bounded by what the application sent; once closed the
/// client stays closed; after the `+OK` to `STLS`, no response is reported until TLS is
/// started and new bytes arrive (RFC 2595 §4).
pub fn check_client_session(data: &[u8]) {
    let mut ops = Ops { data };
    let mut now = Instant::now();
    let flags = ops.byte().unwrap_or(0);
    let mut config = ClientConfig::default().with_decoder(response_config(flags));
    if flags & 0x10 != 0 {
        config = config.with_response_timeout(Duration::from_secs(600));
    }
    let mut client = Client::new(config, now);
    let mut out = Vec::new();
    let (mut app_total, mut steps) = (0usize, 0usize);
    let mut closed = false;
    let mut tls_quiet = false;
    while let Some(op) = ops.byte() {
        steps += 1;
        match op % 20 {
            0..=4 => {
                let bytes = ops.bytes();
                if !bytes.is_empty() && client.state() != client::State::StartTls {
                    tls_quiet = false;
                }
                client.handle_input(bytes);
            }
            5 => {
                let _ = client.send_user("mrose");
            }
            6 => {
                let _ = client.send_pass("secret");
            }
            7 => {
                let _ = client.send_apop("mrose", b"tanstaaf");
            }
            8 => {
                let _ = client.send_stat();
            }
            9 => {
                let b = ops.byte().unwrap_or(0);
                let _ = client.send_list((b != 0).then(|| number(b)));
            }
            10 => {
                let _ = client.send_retr(number(ops.byte().unwrap_or(1)));
            }
            11 => {
                let _ = client.send_top(number(ops.byte().unwrap_or(1)), u32::from(op));
            }
            12 => {
                let b = ops.byte().unwrap_or(0);
                let _ = client.send_uidl((b != 0).then(|| number(b)));
            }
            13 => {
                let _ = client.send_capa();
            }
            14 => {
                let _ = client.send_stls();
            }
            15 => {
                let _ = client.tls_started();
            }
            16 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                let _ = client.send_auth(
                    mail_core::sasl::Mechanism::new("PLAIN").expect("valid name"),
                    (op & 0x20 != 0).then_some(d),
                );
            }
            17 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                if op & 0x20 != 0 {
                    let _ = client.cancel_auth();
                } else {
                    let _ = client.send_auth_response(d);
                }
            }
            18 => {
                if op & 0x20 != 0 {
                    let _ = client.send_quit();
                } else {
                    let _ = client.send_dele(number(ops.byte().unwrap_or(1)));
                }
            }
            _ => {
                now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 10);
                client.handle_timeout(now);
            }
        }
        let before = out.len();
        client.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
            assert_eq!(client.state(), client::State::Closed, "reopened");
        }
        while let Some(event) = client.poll_event() {
            match &event {
                client::Event::Greeting(_)
                | client::Event::Response { .. }
                | client::Event::MultiLineStart { .. }
                | client::Event::Item(_)
                | client::Event::Body(_)
                | client::Event::End { .. }
                | client::Event::Challenge(_) => {
                    assert!(!closed, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                }
                client::Event::StartTls => tls_quiet = true,
                _ => {}
            }
        }
        if client.state() == client::State::StartTls {
            tls_quiet = true;
        }
        // What the events flushed before a close may still be written; nothing after it.
        client.poll_transmit(&mut out);
        closed |= client.state() == client::State::Closed;
        assert!(
            out.len() <= app_total + OUTPUT_PER_STEP * steps,
            "{} bytes written for {steps} operations",
            out.len()
        );
    }
}

/// Fuzz target `pop3_session`: the first byte picks the client or the server.
pub fn fuzz_session(data: &[u8]) {
    match data.split_first() {
        Some((s, rest)) if s & 1 == 0 => check_server_session(rest),
        Some((_, rest)) => check_client_session(rest),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The committed fuzz corpora (RFC 1939 §10, RFC 2449 examples, the Dovecot trace, past
    /// findings) stay regression tests.
    #[test]
    fn replay_committed_corpora() {
        for (name, target) in [
            ("pop3_codec", fuzz_codec as fn(&[u8])),
            ("pop3_session", fuzz_session),
        ] {
            assert!(replay_corpus(name, target) > 0, "empty corpus {name}");
        }
    }

    /// Prefixes that steer the decoders into their grammar.
    const PREFIXES: &[&[u8]] = &[
        b"",
        b"+OK ",
        b"+OK\r\n",
        b"-ERR [IN-USE] ",
        b"+OK 2 320\r\n1 120\r\n",
        b"+OK\r\n..",
        b"USER ",
        b"APOP mrose ",
        b"AUTH PLAIN ",
        b"TOP 1 ",
        b"+ ",
    ];

    fn pop3_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                Just(b' '),
                Just(b'\r'),
                Just(b'\n'),
                Just(b'.'),
                Just(b'1'),
                Just(b'+'),
            ],
            0..200,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// RFC 1939 §3 and RFC 2449 §3: the decode and chunking properties of the fuzz target
        /// `pop3_codec` on grammar-biased input.
        #[test]
        fn codec_properties(
            selector in 0u8..6,
            form in any::<u8>(),
            cuts in any::<[u8; 4]>(),
            p in 0..PREFIXES.len(),
            body in pop3_bytes(),
        ) {
            let mut data = vec![selector, form];
            if selector >= 2 {
                data.extend_from_slice(&cuts);
            }
            data.extend_from_slice(PREFIXES[p]);
            data.extend_from_slice(&body);
            fuzz_codec(&data);
        }

        /// Sessions (RFC 1939 §3, RFC 2595 §4): the invariants of the fuzz target
        /// `pop3_session` on random operation sequences.
        #[test]
        fn session_properties(ops in proptest::collection::vec(any::<u8>(), 0..400)) {
            fuzz_session(&ops);
        }
    }

    /// The round-trip selectors of `pop3_codec` (feature `arbitrary`) on random bytes.
    #[cfg(any(test, feature = "arbitrary"))]
    #[test]
    fn arbitrary_values_round_trip() {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(any::<u8>(), proptest::collection::vec(any::<u8>(), 0..512)),
                |(form, bytes)| {
                    let mut data = vec![6, form];
                    data.extend_from_slice(&bytes);
                    fuzz_codec(&data);
                    Ok(())
                },
            )
            .unwrap();
    }
}
