//! Properties shared by the fuzz targets (`fuzz/`) and the test suite.
//!
//! Each `check_*` function panics when a property does not hold; the fuzz targets call them on
//! fuzzer input and the tests call them on generated input and on the committed corpora, so
//! both check the same thing. Compiled only for tests and under `cfg(fuzzing)`.
//!
//! - decode: arbitrary bytes never panic, a result stays inside the input, and a command, a
//!   response, a greeting or an AUTHENTICATE line that decodes encodes to bytes that decode to
//!   it again;
//! - round trip: a valid value (feature `arbitrary`) encodes, with every literal mode, and
//!   decodes to itself;
//! - chunking: commands fed in pieces to the resumable [`CommandFramer`] (literals accepted or
//!   refused) give the same commands as fed whole, and the same as the stateless decoder;
//!   responses fed in pieces to the resumable [`ResponseFramer`] give the same responses as the
//!   stateless decoder on the whole input;
//! - the server state machine under arbitrary operations never panics, writes a bounded
//!   amount, stays closed once closed, and never treats bytes received after `STARTTLS`
//!   (before TLS) as commands.

use mail_core::harness::split_cuts;
pub use mail_core::harness::{cut_points, replay_corpus, stream};
use mail_core::sasl::wire::{self, SaslResponse};
use mail_core::{Decoded, Encode, IntoOwned};

use crate::decode::{
    CommandDecoder, CommandDecoderConfig, CommandFramer, Frame, FramerConfig, ResponseConfig,
    ResponseDecoder, ResponseFramer, decode_authenticate_response, decode_idle_done,
};
use crate::encode::{EncodeOptions, LiteralSupport};
use crate::types::command::Command;
use crate::types::response::{Greeting, Response};

/// Values up to and including the first error.
fn until_error<T: Clone>(items: &[Option<T>]) -> Vec<Option<T>> {
    match items.iter().position(Option::is_none) {
        Some(i) => items[..=i].to_vec(),
        None => items.to_vec(),
    }
}

/// Small limits, so that the bounds are reached by fuzzer inputs.
fn framer_config(flags: u8) -> FramerConfig {
    FramerConfig::default()
        .with_max_line_len(1024)
        .with_max_literal_len(2048)
        .with_max_command_len(8192)
        .with_literal_minus(flags & 2 != 0)
}

/// A command decoder configuration from flag bits: UTF-8 mailbox names, `LITERAL-`.
pub fn command_config(flags: u8) -> CommandDecoderConfig {
    CommandDecoderConfig::default()
        .with_utf8(flags & 1 != 0)
        .with_framer(framer_config(flags))
}

/// A response decoder configuration from flag bits: the named leniencies, UTF-8.
pub fn response_config(flags: u8) -> ResponseConfig {
    let base = if flags & 1 != 0 {
        ResponseConfig::lenient()
    } else {
        ResponseConfig::new()
    };
    base.with_utf8(flags & 2 != 0)
        .with_max_response_size(16 * 1024)
        .with_max_literal_size(4096)
}

/// The encoder options matching a decoder: UTF-8 as the decoder has it, literals as `which`.
fn encode_options(utf8: bool, which: u8) -> EncodeOptions {
    let literals = match which % 3 {
        0 => LiteralSupport::SyncOnly,
        1 => LiteralSupport::Plus,
        _ => LiteralSupport::Minus,
    };
    EncodeOptions::new().with_literals(literals).with_utf8(utf8)
}

/// Decoding a command: no panic, results inside the input, and decode(encode(v)) == v with the
/// literal mode `which`.
pub fn check_command_decode(input: &[u8], config: CommandDecoderConfig, which: u8) {
    match CommandDecoder::new(config).decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_command_roundtrip(&value, config, which);
        }
        Ok(Decoded::Incomplete) => {}
        Err(e) => {
            if let Some(skip) = e.error.skip {
                assert!(skip > 0 && skip <= input.len(), "skip {skip}");
            }
        }
    }
}

/// decode(encode(command)) == command with the literal mode `which` (limits raised to fit).
pub fn check_command_roundtrip(command: &Command<'_>, config: CommandDecoderConfig, which: u8) {
    let encoded = command.encode_with(encode_options(config.utf8, which));
    let wire = encoded.as_bytes();
    let config = config.with_framer(FramerConfig::default().with_literal_minus(false));
    match CommandDecoder::new(config).decode(wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            assert_eq!(
                &value,
                command,
                "round trip of {:?}",
                String::from_utf8_lossy(wire)
            );
        }
        other => panic!(
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(wire)
        ),
    }
    assert_eq!(
        CommandDecoder::new(config).decode(&wire[..wire.len() - 1]),
        Ok(Decoded::Incomplete),
        "a proper prefix must be incomplete"
    );
}

/// Decoding a response (and a greeting): no panic, results inside the input, and
/// decode(encode(v)) == v.
pub fn check_response_decode(input: &[u8], config: ResponseConfig) {
    let decoder = ResponseDecoder::new(config);
    match decoder.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_response_roundtrip(&value, config);
        }
        Ok(Decoded::Incomplete) => assert!(input.len() <= config.max_response_size),
        Err(e) => {
            if let Some(skip) = e.skip {
                assert!(skip > 0 && skip <= input.len(), "skip {skip}");
            }
        }
    }
    if let Ok(Decoded::Complete { value, .. }) = decoder.decode_greeting(input) {
        check_greeting_roundtrip(&value, config);
    }
}

fn roomy(config: ResponseConfig, len: usize) -> ResponseConfig {
    let size = config.max_response_size.max(len);
    config
        .with_max_response_size(size)
        .with_max_literal_size(size as u64)
}

/// decode(encode(response)) == response, and a proper prefix is incomplete.
pub fn check_response_roundtrip(response: &Response<'_>, config: ResponseConfig) {
    let mut wire = Vec::new();
    response.encode_with(&mut wire, config.utf8);
    let decoder = ResponseDecoder::new(roomy(config, wire.len()));
    match decoder.decode(&wire) {
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
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
    assert_eq!(
        decoder.decode(&wire[..wire.len() - 1]),
        Ok(Decoded::Incomplete),
        "a proper prefix must be incomplete"
    );
}

/// decode_greeting(encode(greeting)) == greeting (RFC 9051 §7.1).
pub fn check_greeting_roundtrip(greeting: &Greeting<'_>, config: ResponseConfig) {
    let wire = greeting.to_bytes();
    match ResponseDecoder::new(roomy(config, wire.len())).decode_greeting(&wire) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, wire.len());
            assert_eq!(
                &value,
                greeting,
                "round trip of {:?}",
                String::from_utf8_lossy(&wire)
            );
        }
        other => panic!(
            "re-decode of {:?} gave {other:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
}

/// Decoding a client line during AUTHENTICATE (RFC 9051 §6.2.2) and the `DONE` of IDLE: no
/// panic, bounded, and decode(encode(v)) == v.
pub fn check_authenticate_decode(input: &[u8], max_len: usize) {
    match decode_authenticate_response(input, max_len) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert!(consumed > 0 && consumed <= input.len());
            check_authenticate_roundtrip(&value, max_len);
        }
        Ok(Decoded::Incomplete) => {
            assert!(
                input.len() <= max_len.saturating_mul(4) / 3 + 6,
                "unbounded line"
            );
        }
        Err(e) => {
            if let Some(skip) = e.skip {
                assert!(skip > 0 && skip <= input.len(), "skip {skip}");
            }
        }
    }
    match decode_idle_done(input) {
        Ok(Decoded::Complete { consumed, .. }) => assert!(consumed >= 6 && consumed <= input.len()),
        Ok(Decoded::Incomplete) => assert!(input.len() <= 64),
        Err(_) => {}
    }
}

/// A SASL response line (RFC 9051 §6.2.2) reads back as itself.
pub fn check_authenticate_roundtrip(response: &SaslResponse, max_len: usize) {
    let mut line = Vec::new();
    wire::encode_response(response, &mut line);
    line.extend_from_slice(b"\r\n");
    let expected = match response {
        SaslResponse::Data(d) if d.expose().is_empty() => SaslResponse::Empty,
        r => r.clone(),
    };
    let max_len = max_len.max(line.len());
    assert_eq!(
        decode_authenticate_response(&line, max_len),
        Ok(Decoded::Complete {
            value: expected,
            consumed: line.len()
        }),
        "AUTHENTICATE line {:?}",
        String::from_utf8_lossy(&line)
    );
}

/// What the framer-driven server side got: a command, or a refused one (with its tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framed {
    /// A command.
    Command(Command<'static>),
    /// A command refused by the framer or the decoder, with its tag.
    Refused(Option<String>),
    /// A synchronizing literal the server refused (`reject_literals`).
    LiteralRefused,
}

/// Drives a [`CommandFramer`] over `input` fed in pieces, accepting every synchronizing
/// literal (or refusing each one), and decodes each framed command. The framer must always
/// make progress and never hold more than a command's worth of bytes.
pub fn frame_commands(
    input: &[u8],
    cuts: &[usize],
    config: CommandDecoderConfig,
    reject_literals: bool,
) -> Vec<Framed> {
    let mut framer = CommandFramer::new(config.framer);
    let decoder = CommandDecoder::new(config);
    let bound = usize::try_from(config.framer.max_command_len)
        .unwrap_or(usize::MAX)
        .saturating_add(config.framer.max_line_len);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut fed = 0;
    for end in cut_points(cuts, input.len()) {
        buf.extend_from_slice(&input[fed..end.max(fed)]);
        fed = fed.max(end);
        // Each literal header takes bytes: announcements between drops are bounded.
        let mut announced = 0usize;
        loop {
            match framer.next(&buf) {
                Frame::Incomplete => {
                    assert!(buf.len() <= bound, "{} bytes held", buf.len());
                    break;
                }
                Frame::LiteralAnnounced { .. } => {
                    announced += 1;
                    assert!(
                        announced <= buf.len(),
                        "literals announced without progress"
                    );
                    if reject_literals {
                        let n = framer.reject_literal();
                        assert!(n > 0 && n <= buf.len(), "reject_literal {n}");
                        buf.drain(..n);
                        announced = 0;
                        out.push(Framed::LiteralRefused);
                    }
                }
                Frame::Command { len } => {
                    announced = 0;
                    assert!(len > 0 && len <= buf.len(), "command of {len}");
                    out.push(match decoder.decode(&buf[..len]) {
                        Ok(Decoded::Complete { value, consumed }) => {
                            assert_eq!(consumed, len, "the decoder and the framer disagree");
                            Framed::Command(value.into_owned())
                        }
                        Ok(Decoded::Incomplete) => {
                            panic!("a framed command is incomplete for the decoder")
                        }
                        Err(e) => Framed::Refused(e.tag.map(|t| t.as_str().to_owned())),
                    });
                    buf.drain(..len);
                }
                Frame::Skip { len, error } => {
                    announced = 0;
                    assert!(len > 0 && len <= buf.len(), "skip of {len}");
                    if let Some(e) = error {
                        out.push(Framed::Refused(e.tag.map(|t| t.as_str().to_owned())));
                    }
                    buf.drain(..len);
                }
            }
        }
    }
    out
}

/// Commands fed in pieces to the resumable framer give the same commands as fed whole, and
/// (with literals accepted) the same as the stateless decoder up to the first error.
pub fn check_command_chunking(input: &[u8], cuts: &[usize], config: CommandDecoderConfig) {
    for reject in [false, true] {
        let whole = frame_commands(input, &[], config, reject);
        let pieces = frame_commands(input, cuts, config, reject);
        assert_eq!(whole, pieces, "chunking changed the framed commands");
    }
    let framed: Vec<Option<Command<'static>>> = frame_commands(input, &[], config, false)
        .into_iter()
        .map(|f| match f {
            Framed::Command(c) => Some(c),
            _ => None,
        })
        .collect();
    let decoder = CommandDecoder::new(config);
    let stateless = stream(input, &[], usize::MAX, |b| match decoder.decode(b) {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.error.skip),
    });
    let framed = until_error(&framed);
    let n = stateless.len().min(framed.len());
    assert_eq!(
        stateless[..n],
        framed[..n],
        "the framer and the stateless decoder disagree"
    );
}

/// Responses fed in pieces to the resumable [`ResponseFramer`] (then parsed) give the same
/// responses as the stateless decoder on the whole input, up to the first error.
pub fn check_response_chunking(input: &[u8], cuts: &[usize], config: ResponseConfig) {
    let decoder = ResponseDecoder::new(config);
    let whole = stream(input, &[], usize::MAX, |b| match decoder.decode(b) {
        Ok(Decoded::Complete { value, consumed }) => Ok(Decoded::Complete {
            value: value.into_owned(),
            consumed,
        }),
        Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
        Err(e) => Err(e.skip),
    });
    let mut framer: ResponseFramer = config.framer();
    let pieces = stream(input, cuts, config.max_response_size, |b| {
        match framer.frame(b) {
            Ok(Decoded::Complete { consumed, .. }) => match decoder.parse(&b[..consumed]) {
                Ok(value) => Ok(Decoded::Complete {
                    value: value.into_owned(),
                    consumed,
                }),
                Err(e) => Err(e.skip),
            },
            Ok(Decoded::Incomplete) => Ok(Decoded::Incomplete),
            Err(e) => Err(e.skip),
        }
    });
    assert_eq!(whole, pieces, "chunking changed the responses");
}

/// AUTHENTICATE lines fed in pieces give the same responses as fed whole.
pub fn check_authenticate_chunking(input: &[u8], cuts: &[usize], max_len: usize) {
    let step = |b: &[u8]| match decode_authenticate_response(b, max_len) {
        Ok(d) => Ok(d),
        Err(e) => Err(e.skip),
    };
    let bound = max_len.saturating_mul(4) / 3 + 6;
    assert_eq!(
        stream(input, &[], bound, step),
        stream(input, cuts, bound, step),
        "chunking changed the AUTHENTICATE lines"
    );
}

/// Fuzz target `imap_codec`: the first byte picks the property (decode, chunking or round
/// trip of commands, responses, greetings and AUTHENTICATE lines), the second the decoder's
/// modes and the literal form.
pub fn fuzz_codec(data: &[u8]) {
    let [selector, flags, rest @ ..] = data else {
        return;
    };
    let (flags, which) = (*flags, flags >> 4);
    let sasl_max = 64 + usize::from(flags) * 16;
    match selector % 10 {
        0 => check_command_decode(rest, command_config(flags), which),
        1 => check_response_decode(rest, response_config(flags)),
        2 => check_authenticate_decode(rest, sasl_max),
        3 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_command_chunking(input, &cuts, command_config(flags));
            }
        }
        4 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_response_chunking(input, &cuts, response_config(flags));
            }
        }
        5 => {
            if let Some((cuts, input)) = split_cuts(rest) {
                check_authenticate_chunking(input, &cuts, sasl_max);
            }
        }
        n => fuzz_value_roundtrip(n - 6, flags, rest),
    }
}

/// Round trip of an arbitrary valid value (feature `arbitrary`): 0 a command, 1 a response,
/// 2 a greeting, 3 an AUTHENTICATE line.
#[cfg(any(test, feature = "arbitrary"))]
fn fuzz_value_roundtrip(which: u8, flags: u8, data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    match which {
        0 => {
            if let Ok(c) = u.arbitrary::<Command<'static>>() {
                check_command_roundtrip(&c, command_config(flags & 1), flags >> 4);
            }
        }
        1 => {
            if let Ok(r) = u.arbitrary::<Response<'static>>() {
                check_response_roundtrip(&r, response_config(flags & 2));
            }
        }
        2 => {
            if let Ok(g) = u.arbitrary::<Greeting<'static>>() {
                check_greeting_roundtrip(&g, response_config(flags & 2));
            }
        }
        _ => {
            if let Ok(r) = crate::arbitrary::sasl_response(&mut u) {
                check_authenticate_roundtrip(&r, 64);
            }
        }
    }
}

/// Without the `arbitrary` feature there are no arbitrary values to round-trip.
#[cfg(not(any(test, feature = "arbitrary")))]
fn fuzz_value_roundtrip(_which: u8, _flags: u8, _data: &[u8]) {}

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

/// Bytes the server may write per operation and per input byte (one short response each).
const OUTPUT_PER_STEP: usize = 1024;

/// Fuzz target `imap_session`: the server state machine under input bytes, the
/// application's answers (literals, tagged and untagged responses, IDLE, AUTHENTICATE
/// challenges), TLS and timeouts in an arbitrary order. The first byte sets the
/// configuration (STARTTLS offered, LOGINDISABLED, literals accepted automatically, UTF-8,
/// `LITERAL-`).
///
/// Invariants: no panic; the output is bounded by the input and the operations; once closed
/// the server reports and writes nothing more; after `STARTTLS` is accepted, no command is
/// reported until TLS is established and new bytes arrive (RFC 9051 §6.2.1, the command
/// injection of CVE-2011-0411).
pub fn check_server_session(data: &[u8]) {
    use crate::server::{Server, ServerConfig, ServerEvent};
    use crate::types::response::{Condition, Data, GreetingKind, RespText, State};
    use std::time::{Duration, Instant};

    let mut ops = Ops { data };
    let mut now = Instant::now();
    let flags = ops.byte().unwrap_or(0);
    let config = ServerConfig::default()
        .with_decoder(command_config(flags >> 3))
        .with_starttls(flags & 1 != 0)
        .with_login_disabled(flags & 2 != 0)
        .with_auto_accept_literals(flags & 4 != 0)
        .with_max_buffered(16 * 1024);
    let greeting = Greeting {
        kind: GreetingKind::Ok,
        text: RespText::text("IMAP4rev2 ready").expect("valid text"),
    };
    let mut server = Server::new(config, &greeting, now);
    let text = || RespText::text("done").expect("valid text");
    let mut out = Vec::new();
    let (mut input_total, mut app_total, mut steps) = (0usize, 0usize, 1usize);
    let mut closed = false;
    let mut tls_quiet = false;
    while let Some(op) = ops.byte() {
        steps += 1;
        match op % 16 {
            0..=3 => {
                let bytes = ops.bytes();
                input_total += bytes.len();
                if !bytes.is_empty() && !server.is_tls_pending() {
                    tls_quiet = false;
                }
                server.handle_input(bytes);
            }
            4 => {
                let _ = server.accept_literal();
            }
            5 => {
                let _ = server.reject_literal(text());
            }
            6 => {
                let _ = server.reply_ok(text());
            }
            7 => {
                let _ = server.reply_no(text());
            }
            8 => {
                let _ = server.reply_bad(text());
            }
            9 => {
                let _ = server.reply_data(Data::Exists(u32::from(op)));
            }
            10 => {
                let condition = if op & 0x10 != 0 {
                    Condition::Bye
                } else {
                    Condition::Ok
                };
                let _ = server.reply_status(condition, text());
            }
            11 => {
                let _ = server.accept_idle();
            }
            12 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                let _ = server.auth_challenge(d);
            }
            13 => {
                if server.tls_established().is_ok() {
                    tls_quiet = true;
                }
            }
            14 => {
                now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 60);
                server.handle_timeout(now);
            }
            _ => {
                let _ = server.reply_tagged(State::Bad, text());
            }
        }
        let before = out.len();
        server.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
        }
        let mut closing = false;
        while let Some(event) = server.poll_event() {
            match &event {
                ServerEvent::Command(_)
                | ServerEvent::AuthResponse { .. }
                | ServerEvent::IdleDone { .. }
                | ServerEvent::LiteralAnnounced { .. } => {
                    assert!(!closed && !closing, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                }
                ServerEvent::StartTls { .. } => tls_quiet = true,
                ServerEvent::Closed(_) => closing = true,
                _ => {}
            }
        }
        if server.is_tls_pending() {
            tls_quiet = true;
        }
        // What the events flushed before a close may still be written; nothing after it.
        server.poll_transmit(&mut out);
        closed |= closing;
        assert!(
            out.len() <= 2 * app_total + OUTPUT_PER_STEP * (steps + input_total),
            "{} bytes written for {steps} operations and {input_total} input bytes",
            out.len()
        );
    }
}

/// Fuzz target `imap_session`.
pub fn fuzz_session(data: &[u8]) {
    check_server_session(data);
}

/// Fuzz target `imap_client`: the client state machine under server bytes, the application's
/// commands (with literals), AUTHENTICATE answers, IDLE, TLS, end of input and timeouts in an
/// arbitrary order. The first byte sets the response leniencies and the response timeout.
///
/// Invariants: no panic; the output is bounded by what the application sent; once closed the
/// client reports and writes nothing more; after the `OK` to `STARTTLS`, no response is
/// reported until TLS is established and new bytes arrive (RFC 9051 §6.2.1, CVE-2020-15953).
pub fn check_client_session(data: &[u8]) {
    use crate::client::{Client, ClientConfig, ClientEvent};
    use crate::types::command::{AppendData, AppendMessage, CommandBody};
    use crate::types::core::{IString, Mailbox};
    use mail_core::Secret;
    use std::time::{Duration, Instant};

    let mut ops = Ops { data };
    let mut now = Instant::now();
    let flags = ops.byte().unwrap_or(0);
    let mut config = ClientConfig::default().with_responses(response_config(flags));
    if flags & 4 != 0 {
        config = config.with_response_timeout(Some(Duration::from_secs(600)));
    }
    let mut client = if flags & 8 != 0 {
        Client::new_tls(config, now)
    } else {
        Client::new(config, now)
    };
    let mut out = Vec::new();
    let (mut app_total, mut steps) = (0usize, 0usize);
    let mut closed = false;
    let mut tls_quiet = false;
    let istring = |b: &[u8]| {
        IString::new(b.to_vec()).unwrap_or_else(|_| IString::new(&b"x"[..]).expect("valid"))
    };
    while let Some(op) = ops.byte() {
        steps += 1;
        match op % 16 {
            0..=4 => {
                let bytes = ops.bytes();
                if !bytes.is_empty() && !client.is_tls_pending() {
                    tls_quiet = false;
                }
                client.handle_input(bytes);
            }
            5 => {
                let _ = client.send_command(CommandBody::Capability);
            }
            6 => {
                let user = ops.bytes();
                app_total += user.len() * 4;
                let _ = client.send_command(CommandBody::Login {
                    username: istring(user),
                    password: Secret::new(istring(b"secret")),
                });
            }
            7 => {
                let _ = client.send_command(CommandBody::Select {
                    mailbox: Mailbox::INBOX,
                    params: Vec::new(),
                });
            }
            8 => {
                let _ = client.send_command(CommandBody::StartTls);
            }
            9 => {
                let _ = client.send_command(CommandBody::Idle);
            }
            10 => {
                let _ = client.send_idle_done();
            }
            11 => {
                let message = ops.bytes();
                app_total += message.len() * 4;
                let _ = client.send_command(CommandBody::Append {
                    mailbox: Mailbox::INBOX,
                    messages: vec![AppendMessage {
                        flags: None,
                        date: None,
                        data: AppendData::Literal(istring(message)),
                    }],
                });
            }
            12 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                let _ = client.send_authenticate(
                    mail_core::sasl::Mechanism::new("PLAIN").expect("valid name"),
                    (op & 0x10 != 0).then_some(d),
                );
            }
            13 => {
                let d = ops.bytes();
                app_total += d.len() * 2;
                let response = match op >> 4 & 3 {
                    0 => SaslResponse::Cancel,
                    1 => SaslResponse::Empty,
                    _ => SaslResponse::Data(Secret::new(d.to_vec())),
                };
                let _ = client.send_auth_response(&response);
            }
            14 => {
                if op & 0x10 != 0 {
                    if client.tls_established().is_ok() {
                        tls_quiet = true;
                    }
                } else {
                    let _ = client.send_command(CommandBody::Logout);
                }
            }
            _ => {
                if op & 0x10 != 0 {
                    client.handle_eof();
                } else {
                    now += Duration::from_secs(u64::from(ops.byte().unwrap_or(0)) * 60);
                    client.handle_timeout(now);
                }
            }
        }
        let before = out.len();
        client.poll_transmit(&mut out);
        if closed {
            assert_eq!(out.len(), before, "output after the session closed");
        }
        let mut closing = false;
        while let Some(event) = client.poll_event() {
            match &event {
                ClientEvent::Greeting(_)
                | ClientEvent::Data(_)
                | ClientEvent::Status { .. }
                | ClientEvent::Completed { .. }
                | ClientEvent::AuthChallenge { .. }
                | ClientEvent::IdleStarted { .. } => {
                    assert!(!closed && !closing, "{event:?} after the session closed");
                    assert!(!tls_quiet, "{event:?} from bytes received before TLS");
                }
                ClientEvent::StartTls => tls_quiet = true,
                ClientEvent::Closed(_) => closing = true,
                _ => {}
            }
        }
        if client.is_tls_pending() {
            tls_quiet = true;
        }
        // What the events flushed before a close may still be written; nothing after it.
        client.poll_transmit(&mut out);
        closed |= closing;
        assert!(
            out.len() <= app_total + OUTPUT_PER_STEP * steps,
            "{} bytes written for {steps} operations",
            out.len()
        );
    }
}

/// Fuzz target `imap_client`.
pub fn fuzz_client(data: &[u8]) {
    check_client_session(data);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The committed fuzz corpora (RFC 9051/3501 examples, real-server responses, past
    /// findings) stay regression tests.
    #[test]
    fn replay_committed_corpora() {
        for (name, target) in [
            ("imap_codec", fuzz_codec as fn(&[u8])),
            ("imap_session", fuzz_session),
            ("imap_client", fuzz_client),
        ] {
            assert!(replay_corpus(name, target) > 0, "empty corpus {name}");
        }
    }

    /// Prefixes that steer the decoders into their grammar.
    const PREFIXES: &[&[u8]] = &[
        b"",
        b"a1 LOGIN {3}\r\nabc ",
        b"a2 APPEND INBOX (\\Seen) ~{5+}\r\n",
        b"a3 UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (",
        b"* 1 FETCH (BODY[] {",
        b"* OK [",
        b"+ ",
        b"a4 AUTHENTICATE PLAIN ",
        b"* LIST (\\HasNoChildren) \"/\" ",
    ];

    fn imap_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                Just(b' '),
                Just(b'\r'),
                Just(b'\n'),
                Just(b'{'),
                Just(b'}'),
                Just(b'('),
                Just(b')'),
                Just(b'"'),
                Just(b'5'),
            ],
            0..200,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// RFC 9051 §2.2, §6, §7: the decode and chunking properties of the fuzz target
        /// `imap_codec` on grammar-biased input.
        #[test]
        fn codec_properties(
            selector in 0u8..6,
            flags in any::<u8>(),
            cuts in any::<[u8; 4]>(),
            p in 0..PREFIXES.len(),
            body in imap_bytes(),
        ) {
            let mut data = vec![selector, flags];
            if selector >= 3 {
                data.extend_from_slice(&cuts);
            }
            data.extend_from_slice(PREFIXES[p]);
            data.extend_from_slice(&body);
            fuzz_codec(&data);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Sessions (RFC 9051 §3, §6.2.1): the invariants of the fuzz target `imap_session`
        /// on random operation sequences.
        #[test]
        fn session_properties(ops in proptest::collection::vec(any::<u8>(), 0..400)) {
            fuzz_session(&ops);
            fuzz_client(&ops);
        }
    }

    /// The round-trip selectors of `imap_codec` (feature `arbitrary`) on random bytes.
    #[cfg(any(test, feature = "arbitrary"))]
    #[test]
    fn arbitrary_values_round_trip() {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(
                    6u8..10,
                    any::<u8>(),
                    proptest::collection::vec(any::<u8>(), 0..512),
                ),
                |(s, flags, bytes)| {
                    let mut data = vec![s, flags];
                    data.extend_from_slice(&bytes);
                    fuzz_codec(&data);
                    Ok(())
                },
            )
            .unwrap();
    }
}
