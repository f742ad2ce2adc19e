//! IMAP in the `decode` tool.

use imap_proto::decode::{
    CommandDecoder, CommandDecoderConfig, decode_authenticate_response, decode_idle_done,
};
use imap_proto::types::command::CommandBody;
use imap_proto::{Decoded, Encode};

use super::{Step, StreamDecoder};

/// IMAP commands, as a client sends them.
pub fn commands() -> Result<Box<dyn StreamDecoder>, String> {
    Ok(Box::new(ImapCommands {
        decoder: CommandDecoder::new(CommandDecoderConfig::default()),
        mode: Mode::Commands,
    }))
}

/// What the client is expected to send next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Tagged commands.
    Commands,
    /// `DONE` after IDLE (RFC 2177 §3).
    Idle,
    /// SASL responses after AUTHENTICATE (RFC 9051 §6.2.2), until a line that looks like a
    /// command (it has a space) or a `*` cancel.
    Authenticate,
}

struct ImapCommands {
    decoder: CommandDecoder,
    mode: Mode,
}

impl ImapCommands {
    fn command(&mut self, input: &[u8], roundtrip: bool) -> Step {
        match self.decoder.decode(input) {
            Ok(Decoded::Incomplete) => Step::Incomplete,
            Ok(Decoded::Complete { value, consumed }) => {
                let rt = roundtrip.then(|| {
                    let wire = value.to_bytes();
                    match self.decoder.decode(&wire) {
                        Ok(Decoded::Complete { value: again, .. }) if again == value => Ok(()),
                        other => Err(format!(
                            "re-encoded as {:?}, decoded as {other:?}",
                            String::from_utf8_lossy(&wire)
                        )),
                    }
                });
                // Follow the session as if the server accepted everything.
                match &value.body {
                    CommandBody::Idle => self.mode = Mode::Idle,
                    CommandBody::Authenticate {
                        initial_response: None,
                        ..
                    } => self.mode = Mode::Authenticate,
                    CommandBody::Enable(caps)
                        if caps.iter().any(|c| {
                            c.eq_ignore_case("UTF8=ACCEPT") || c.eq_ignore_case("IMAP4rev2")
                        }) =>
                    {
                        self.decoder.set_utf8(true);
                    }
                    _ => {}
                }
                Step::Message {
                    consumed,
                    debug: format!("{value:?}"),
                    roundtrip: rt,
                }
            }
            Err(e) => Step::Error {
                consumed: e.error.skip.unwrap_or(input.len()).max(1),
                reason: e.to_string(),
            },
        }
    }
}

impl StreamDecoder for ImapCommands {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        match self.mode {
            Mode::Commands => self.command(input, roundtrip),
            Mode::Idle => match decode_idle_done(input) {
                Ok(Decoded::Incomplete) => Step::Incomplete,
                Ok(Decoded::Complete { consumed, .. }) => {
                    self.mode = Mode::Commands;
                    Step::Message {
                        consumed,
                        debug: "Done".into(),
                        roundtrip: roundtrip.then_some(Ok(())),
                    }
                }
                Err(e) => {
                    self.mode = Mode::Commands;
                    Step::Error {
                        consumed: e.skip.unwrap_or(input.len()).max(1),
                        reason: e.to_string(),
                    }
                }
            },
            Mode::Authenticate => {
                let line_end = input.iter().position(|&b| b == b'\n');
                let has_space = line_end.is_some_and(|n| input[..n].contains(&b' '));
                if has_space {
                    self.mode = Mode::Commands;
                    return self.command(input, roundtrip);
                }
                match decode_authenticate_response(input, 64 * 1024) {
                    Ok(Decoded::Incomplete) => Step::Incomplete,
                    Ok(Decoded::Complete { value, consumed }) => {
                        if value.is_cancel() {
                            self.mode = Mode::Commands;
                        }
                        Step::Message {
                            consumed,
                            debug: format!("{value:?}"),
                            roundtrip: roundtrip.then_some(Ok(())),
                        }
                    }
                    Err(e) => {
                        self.mode = Mode::Commands;
                        Step::Error {
                            consumed: e.skip.unwrap_or(input.len()).max(1),
                            reason: e.to_string(),
                        }
                    }
                }
            }
        }
    }
}
