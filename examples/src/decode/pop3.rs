//! POP3 in the `decode` tool.
//!
//! Commands: one command per line. After `AUTH mechanism`, lines that are not commands but are
//! SASL responses (base64, `=`, an empty line, `*`) are decoded as such until `*` or the next
//! command; a base64 line that also reads as a command (`STAT` is valid base64) is taken as the
//! command. After `UTF8`, UTF-8 parameters are accepted.
//!
//! Responses: POP3 responses do not say whether they are multi-line, the command does
//! (RFC 1939 §3). With `--commands FILE` the client's side tells which response each command
//! expects (the greeting first; an AUTH exchange's `+` challenges until its final status).
//! Without it, or past the last command, the decoder looks one line ahead: the first line of a
//! response is always `+OK`, `-ERR` or `+`, so a `+OK` followed by any other line must be a
//! multi-line response, which is then decoded as a generic dot-stuffed block. This is only
//! wrong for a block whose first line itself starts with `+OK`/`-ERR`/`+ `, and it needs the
//! next line to have arrived.

use pop3_proto::{
    Command, CommandDecoder, CommandDecoderConfig, Decoded, Encode, Expect, IntoOwned,
    ResponseDecoder, SaslResponse,
};

use super::{Step, StreamDecoder};

/// POP3 commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Ok(Box::new(Commands::default()))
}

/// POP3 responses, as a server sends them; `commands` is the client's side of the session.
pub fn responses(commands: Option<Vec<u8>>) -> Result<Box<dyn StreamDecoder>, String> {
    let expects = match commands {
        Some(bytes) => Some(expectations(&bytes)?),
        None => None,
    };
    Ok(Box::new(Responses {
        decoder: ResponseDecoder::default(),
        expects,
        next: 0,
    }))
}

/// A client stream decoded as commands and AUTH exchange lines.
#[derive(Default)]
struct Commands {
    decoder: CommandDecoder,
    in_auth: bool,
}

enum ClientLine<'a> {
    Command(Command<'a>),
    Sasl(SaslResponse<'a>),
}

impl Commands {
    fn decode<'a>(
        &mut self,
        input: &'a [u8],
    ) -> Result<Option<(ClientLine<'a>, usize)>, pop3_proto::DecodeError> {
        let command = self.decoder.decode(input);
        if self.in_auth
            && command.is_err()
            && let Ok(Decoded::Complete { value, consumed }) =
                self.decoder.decode_sasl_response(input)
        {
            if value == SaslResponse::Cancel {
                self.in_auth = false;
            }
            return Ok(Some((ClientLine::Sasl(value), consumed)));
        }
        match command? {
            Decoded::Incomplete => Ok(None),
            Decoded::Complete { value, consumed } => {
                self.in_auth = matches!(value, Command::Auth(Some(_)));
                if value == Command::Utf8 {
                    self.decoder =
                        CommandDecoder::new(CommandDecoderConfig::default().with_utf8(true));
                }
                Ok(Some((ClientLine::Command(value), consumed)))
            }
        }
    }
}

fn roundtrip_command(cmd: &Command<'_>, decoder: &CommandDecoder) -> Result<(), String> {
    let bytes = cmd.to_bytes();
    match decoder.decode(&bytes) {
        Ok(Decoded::Complete { value, .. }) if value == *cmd => Ok(()),
        other => Err(format!(
            "{cmd:?} re-encoded as {:?} decodes to {other:?}",
            String::from_utf8_lossy(&bytes)
        )),
    }
}

impl StreamDecoder for Commands {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        // The decoder for checking the round trip is the one in use before this line.
        let check = self.decoder.clone();
        match self.decode(input) {
            Ok(None) => Step::Incomplete,
            Ok(Some((ClientLine::Command(cmd), consumed))) => Step::Message {
                consumed,
                debug: format!("{cmd:?}"),
                roundtrip: roundtrip.then(|| roundtrip_command(&cmd, &check)),
            },
            Ok(Some((ClientLine::Sasl(resp), consumed))) => Step::Message {
                consumed,
                roundtrip: roundtrip.then(|| {
                    let bytes = resp.to_bytes();
                    match check.decode_sasl_response(&bytes) {
                        Ok(Decoded::Complete { value, .. }) if value == resp => Ok(()),
                        other => Err(format!("SASL line decodes back to {other:?}")),
                    }
                }),
                debug: format!("AuthResponse({resp:?})"),
            },
            Err(e) => Step::Error {
                consumed: e.skip.unwrap_or(input.len()),
                reason: e.to_string(),
            },
        }
    }
}

/// What each server response answers, from the client's side of the session.
fn expectations(commands: &[u8]) -> Result<Vec<Expect>, String> {
    let mut decoder = Commands::default();
    let mut expects = vec![Expect::Greeting];
    let mut rest = commands;
    while !rest.is_empty() {
        match decoder.decode(rest) {
            Ok(Some((line, consumed))) => {
                if let ClientLine::Command(cmd) = line {
                    expects.push(Expect::for_command(&cmd));
                }
                rest = &rest[consumed..];
            }
            // An unfinished last line was never answered.
            Ok(None) => break,
            // A malformed command still gets an answer: -ERR.
            Err(e) => {
                expects.push(Expect::Status);
                rest = &rest[e.skip.unwrap_or(rest.len()).max(1).min(rest.len())..];
            }
        }
    }
    Ok(expects)
}

/// A server stream decoded as responses.
struct Responses {
    decoder: ResponseDecoder,
    expects: Option<Vec<Expect>>,
    next: usize,
}

/// Whether `line` is the first line of a response (a status line or a `+` challenge).
fn is_first_line(line: &[u8]) -> bool {
    line.starts_with(b"+OK") || line.starts_with(b"-ERR") || line == b"+" || line.starts_with(b"+ ")
}

impl Responses {
    /// The expectation for the next response, by the commands or by looking one line ahead.
    fn expect(&self, input: &[u8]) -> Option<Expect> {
        if let Some(e) = self.expects.as_ref().and_then(|e| e.get(self.next)) {
            return Some(*e);
        }
        if self.next == 0 {
            return Some(Expect::Greeting);
        }
        let first_end = memchr(input)?;
        if !input.starts_with(b"+OK") {
            return Some(Expect::Auth);
        }
        let rest = &input[first_end..];
        match memchr(rest) {
            Some(n) if !is_first_line(&rest[..n]) => Some(Expect::Message),
            Some(_) => Some(Expect::Status),
            // The next line has not arrived: it decides.
            None if rest.is_empty() => Some(Expect::Status),
            None => None,
        }
    }
}

/// End of the first line (after its LF).
fn memchr(input: &[u8]) -> Option<usize> {
    input.iter().position(|&b| b == b'\n').map(|i| i + 1)
}

impl StreamDecoder for Responses {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        let Some(expect) = self.expect(input) else {
            return Step::Incomplete;
        };
        match self.decoder.decode(input, expect) {
            Ok(Decoded::Incomplete) => Step::Incomplete,
            Ok(Decoded::Complete { value, consumed }) => {
                // A challenge keeps the AUTH exchange going; anything else answers the command.
                if !matches!(value, pop3_proto::Response::Challenge(_)) {
                    self.next += 1;
                }
                let check = roundtrip.then(|| {
                    let bytes = value.to_bytes();
                    match self.decoder.decode(&bytes, expect) {
                        Ok(Decoded::Complete { value: back, .. }) if back == value => Ok(()),
                        other => Err(format!("re-encoded response decodes to {other:?}")),
                    }
                });
                Step::Message {
                    consumed,
                    debug: format!("{:?}", value.into_owned()),
                    roundtrip: check,
                }
            }
            Err(e) => {
                self.next += 1;
                Step::Error {
                    consumed: e.skip.unwrap_or(input.len()),
                    reason: e.to_string(),
                }
            }
        }
    }
}
