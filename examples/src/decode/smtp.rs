//! SMTP in the `decode` tool.
//!
//! Commands: one command per line, following the session as if the server accepted
//! everything. After `DATA` comes a dot-stuffed body (RFC 5321 §4.1.1.4), printed as one
//! message with its unstuffed length; after `BDAT n` come exactly `n` octets (RFC 3030 §2);
//! after `AUTH` come the SASL response lines the mechanism needs (RFC 4954 §4: one for
//! `PLAIN` without an initial response, two for `LOGIN`, one for the other known mechanisms,
//! fewer when an initial response was given), or up to a `*` that cancels. UTF-8 in
//! addresses is accepted as under `SMTPUTF8` (RFC 6531), since the tool cannot know what the
//! server announced.
//!
//! Replies: one reply after another (single or multi-line, RFC 5321 §4.2). A multi-line `250`
//! reply whose lines read as EHLO keywords is shown as an EHLO reply with typed capabilities
//! (RFC 5321 §4.1.1.1).

use mail_core::dot::{DotDecoder, DotEncoder};
use mail_core::sasl::wire::{self, SaslResponse};
use smtp_proto::{Command, CommandDecoder, Decoded, EhloReply, Encode, ReplyDecoder};

use super::{Step, StreamDecoder};

/// Longest SASL response line accepted (RFC 4954 §4: servers handle at least 12288 octets).
const MAX_SASL_LINE: usize = 12288;

/// SMTP commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Ok(Box::new(Commands {
        decoder: CommandDecoder::new().with_utf8(true),
        mode: Mode::Command,
    }))
}

/// SMTP replies, as a server sends them.
pub fn replies() -> Result<Box<dyn StreamDecoder>, String> {
    Ok(Box::new(Replies {
        decoder: ReplyDecoder::new(),
    }))
}

/// What the client sends next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A command line.
    Command,
    /// A dot-stuffed message body, after `DATA`.
    Body,
    /// `n` octets of a `BDAT` chunk.
    Chunk(u64),
    /// SASL response lines still expected in an `AUTH` exchange.
    Auth(u8),
}

/// A client stream decoded as commands, bodies, chunks and SASL responses.
struct Commands {
    decoder: CommandDecoder,
    mode: Mode,
}

/// SASL responses a mechanism needs after `AUTH`, given whether an initial response was sent.
fn sasl_lines(mechanism: &str, initial_response: bool) -> u8 {
    let needed: u8 = if mechanism.eq_ignore_ascii_case("LOGIN") {
        2
    } else {
        1
    };
    needed - u8::from(initial_response)
}

impl Commands {
    fn command(&mut self, input: &[u8], roundtrip: bool) -> Step {
        match self.decoder.decode(input) {
            Ok(Decoded::Incomplete) => Step::Incomplete,
            Ok(Decoded::Complete { value, consumed }) => {
                let check = roundtrip.then(|| {
                    let bytes = value.to_bytes();
                    match self.decoder.decode(&bytes) {
                        Ok(Decoded::Complete { value: back, .. }) if back == value => Ok(()),
                        other => Err(format!(
                            "re-encoded as {:?}, decoded as {other:?}",
                            String::from_utf8_lossy(&bytes)
                        )),
                    }
                });
                self.mode = match &value {
                    Command::Data => Mode::Body,
                    Command::Bdat { size, .. } if *size > 0 => Mode::Chunk(*size),
                    Command::Auth {
                        mechanism,
                        initial_response,
                    } => match sasl_lines(mechanism.as_str(), initial_response.is_some()) {
                        0 => Mode::Command,
                        n => Mode::Auth(n),
                    },
                    _ => Mode::Command,
                };
                Step::Message {
                    consumed,
                    debug: format!("{value:?}"),
                    roundtrip: check,
                }
            }
            Err(e) => Step::Error {
                consumed: e.skip.unwrap_or(input.len()),
                reason: e.to_string(),
            },
        }
    }

    /// The whole body up to and including `CRLF . CRLF`, as one message.
    fn body(&mut self, input: &[u8], roundtrip: bool) -> Step {
        let mut decoder = DotDecoder::new();
        let mut body = Vec::new();
        let mut pos = 0;
        let mut problem = None;
        loop {
            match decoder.decode(&input[pos..]) {
                Ok(chunk) => {
                    body.extend_from_slice(chunk.data);
                    pos += chunk.consumed;
                    if chunk.end {
                        break;
                    }
                    if chunk.needs_more() {
                        return Step::Incomplete;
                    }
                }
                Err(e) => {
                    // Keep reading to the end of the body, as a server must; report the
                    // first bad line ending.
                    problem
                        .get_or_insert_with(|| format!("in the body: {}", e.clone().shifted(pos)));
                    match e.skip {
                        Some(n) if n > 0 => pos += n,
                        _ => return Step::Incomplete,
                    }
                }
            }
        }
        self.mode = Mode::Command;
        if let Some(reason) = problem {
            return Step::Error {
                consumed: pos,
                reason,
            };
        }
        let check = roundtrip.then(|| {
            let mut wire = Vec::new();
            DotEncoder::new()
                .encode_body(&body, &mut wire)
                .map_err(|e| format!("body does not re-encode: {e}"))?;
            let mut again = DotDecoder::new();
            let (mut back, mut at) = (Vec::new(), 0);
            loop {
                match again.decode(&wire[at..]) {
                    Ok(chunk) => {
                        back.extend_from_slice(chunk.data);
                        at += chunk.consumed;
                        if chunk.end || chunk.needs_more() {
                            break;
                        }
                    }
                    Err(e) => return Err(format!("re-encoded body fails to decode: {e}")),
                }
            }
            if back == body && at == wire.len() {
                Ok(())
            } else {
                Err(format!(
                    "re-encoded body decodes to {} octets using {at} of {}",
                    back.len(),
                    wire.len()
                ))
            }
        });
        Step::Message {
            consumed: pos,
            debug: format!("Body({} octets)", body.len()),
            roundtrip: check,
        }
    }

    fn chunk(&mut self, input: &[u8], size: u64) -> Step {
        match usize::try_from(size) {
            Ok(n) if n <= input.len() => {
                self.mode = Mode::Command;
                Step::Message {
                    consumed: n,
                    debug: format!("Chunk({n} octets)"),
                    roundtrip: None,
                }
            }
            _ => Step::Incomplete,
        }
    }

    fn auth(&mut self, input: &[u8], left: u8, roundtrip: bool) -> Step {
        let Some(end) = input.iter().position(|&b| b == b'\n') else {
            return if input.len() > MAX_SASL_LINE * 4 / 3 + 4 {
                self.mode = Mode::Command;
                Step::Error {
                    consumed: input.len(),
                    reason: "SASL response line too long".into(),
                }
            } else {
                Step::Incomplete
            };
        };
        let consumed = end + 1;
        let line = input[..end].strip_suffix(b"\r").unwrap_or(&input[..end]);
        match wire::decode_response(line, MAX_SASL_LINE) {
            Ok(response) => {
                self.mode = match (&response, left) {
                    (SaslResponse::Cancel, _) | (_, 0 | 1) => Mode::Command,
                    (_, n) => Mode::Auth(n - 1),
                };
                let check = roundtrip.then(|| {
                    let mut bytes = Vec::new();
                    wire::encode_response(&response, &mut bytes);
                    let back = bytes.strip_suffix(b"\r\n").unwrap_or(&bytes);
                    match wire::decode_response(back, MAX_SASL_LINE) {
                        Ok(again) if again == response => Ok(()),
                        other => Err(format!("SASL line decodes back to {other:?}")),
                    }
                });
                Step::Message {
                    consumed,
                    debug: format!("AuthResponse({response:?})"),
                    roundtrip: check,
                }
            }
            Err(e) => {
                self.mode = Mode::Command;
                Step::Error {
                    consumed,
                    reason: format!("SASL response: {e}"),
                }
            }
        }
    }
}

impl StreamDecoder for Commands {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        match self.mode {
            Mode::Command => self.command(input, roundtrip),
            Mode::Body => self.body(input, roundtrip),
            Mode::Chunk(size) => self.chunk(input, size),
            Mode::Auth(left) => self.auth(input, left, roundtrip),
        }
    }
}

/// A server stream decoded as replies.
struct Replies {
    decoder: ReplyDecoder,
}

impl StreamDecoder for Replies {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        match self.decoder.decode(input) {
            Ok(Decoded::Incomplete) => Step::Incomplete,
            Ok(Decoded::Complete { value, consumed }) => {
                let ehlo = (value.code() == smtp_proto::ReplyCode::OK && value.lines().len() > 1)
                    .then(|| EhloReply::from_reply(&value).ok())
                    .flatten();
                let check = roundtrip.then(|| {
                    let bytes = value.to_bytes();
                    match self.decoder.decode(&bytes) {
                        Ok(Decoded::Complete { value: back, .. }) if back == value => Ok(()),
                        other => Err(format!(
                            "re-encoded as {:?}, decoded as {other:?}",
                            String::from_utf8_lossy(&bytes)
                        )),
                    }
                });
                let debug = match ehlo {
                    Some(ehlo) => format!("{ehlo:?}"),
                    None => format!("{value:?}"),
                };
                Step::Message {
                    consumed,
                    debug,
                    roundtrip: check,
                }
            }
            Err(e) => Step::Error {
                consumed: e.skip.unwrap_or(input.len()),
                reason: e.to_string(),
            },
        }
    }
}
