//! The machinery of the `decode` tool: one [`StreamDecoder`] per protocol and direction.

/// What a [`StreamDecoder`] made of the bytes at the start of its input.
#[derive(Debug)]
pub enum Step {
    /// One message was decoded.
    Message {
        /// Bytes the message used.
        consumed: usize,
        /// The decoded value, in its `Debug` form.
        debug: String,
        /// With `--roundtrip`: `Err(reason)` when decode(encode(m)) != m.
        roundtrip: Option<Result<(), String>>,
    },
    /// The bytes are malformed; `consumed` bytes are skipped to reach the next message.
    Error {
        /// Bytes to skip (at least 1).
        consumed: usize,
        /// Why, in words.
        reason: String,
    },
    /// The input ends inside a message.
    Incomplete,
}

/// Decodes a byte stream of one protocol in one direction, message after message, following
/// the protocol state as if the peer accepted everything.
pub trait StreamDecoder {
    /// Decodes the next message at the start of `input` (the rest of the stream).
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step;
}

/// Counts of a whole run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Messages decoded (and, with `--roundtrip`, re-encoded faithfully).
    pub decoded: usize,
    /// Malformed messages, round-trip mismatches and a truncated end.
    pub errors: usize,
}

/// Runs `decoder` over `input`, writing one line per message to `out`.
pub fn run(
    decoder: &mut dyn StreamDecoder,
    input: &[u8],
    roundtrip: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    let mut offset = 0;
    while offset < input.len() {
        match decoder.next(&input[offset..], roundtrip) {
            Step::Message {
                consumed,
                debug,
                roundtrip,
            } => {
                match roundtrip {
                    Some(Err(reason)) => {
                        summary.errors += 1;
                        writeln!(out, "error {offset} round trip: {reason}")?;
                    }
                    _ => {
                        summary.decoded += 1;
                        writeln!(out, "ok {offset} {debug}")?;
                    }
                }
                offset += consumed.max(1);
            }
            Step::Error { consumed, reason } => {
                summary.errors += 1;
                writeln!(out, "error {offset} {reason}")?;
                offset += consumed.max(1);
            }
            Step::Incomplete => {
                summary.errors += 1;
                writeln!(
                    out,
                    "error {offset} input ends inside a message ({} bytes left)",
                    input.len() - offset
                )?;
                break;
            }
        }
    }
    writeln!(
        out,
        "{} decoded, {} errors",
        summary.decoded, summary.errors
    )?;
    Ok(summary)
}

pub mod imap;
pub mod imap_responses;
pub mod pop3;
pub mod smtp;

/// The decoder for `protocol` (`smtp`, `pop3`, `imap`) in `direction` (`commands` or
/// `responses`). `commands` is the client side of the same session, which POP3 responses need to
/// know which responses are multi-line.
pub fn decoder_for(
    protocol: &str,
    direction: &str,
    commands: Option<Vec<u8>>,
) -> Result<Box<dyn StreamDecoder>, String> {
    let commands_dir = match direction {
        "commands" => true,
        "responses" | "replies" => false,
        other => {
            return Err(format!(
                "unknown direction {other:?}: commands or responses"
            ));
        }
    };
    match (protocol, commands_dir) {
        ("smtp", true) => smtp::commands(),
        ("smtp", false) => smtp::replies(),
        ("pop3", true) => pop3::commands(),
        ("pop3", false) => pop3::responses(commands),
        ("imap", true) => imap::commands(),
        ("imap", false) => imap_responses::responses(),
        (other, _) => Err(format!("unknown protocol {other:?}: smtp, pop3 or imap")),
    }
}

#[cfg(test)]
mod tests;
