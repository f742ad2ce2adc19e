//! IMAP responses in the `decode` tool.
//!
//! The first message of a server stream is the greeting (`* OK`, `* PREAUTH` or `* BYE`,
//! RFC 9051 §7.1); then come responses, each a line with its literals (RFC 9051 §2.2.2):
//! tagged status, untagged status and data, and `+` continuation requests. After
//! `* ENABLED UTF8=ACCEPT` (RFC 6855 §3) or `* ENABLED IMAP4rev2`, UTF-8 in quoted strings and
//! mailbox names is accepted. The decoder is strict (RFC grammar only): the named leniencies
//! for real servers are options of `imap_proto::decode::ResponseConfig`.

use imap_proto::decode::{ResponseConfig, ResponseDecoder};
use imap_proto::types::response::{Data, Response};
use imap_proto::{Decoded, Encode};

use super::{Step, StreamDecoder};

/// IMAP responses, as a server sends them.
pub fn responses() -> Result<Box<dyn StreamDecoder>, String> {
    Ok(Box::new(Responses {
        decoder: ResponseDecoder::new(ResponseConfig::new()),
        greeted: false,
    }))
}

/// A server stream decoded as a greeting, then responses.
struct Responses {
    decoder: ResponseDecoder,
    greeted: bool,
}

/// decode(encode(v)) == v, or why not: `decode` decodes the re-encoded bytes and compares.
fn check<T: Encode>(
    value: &T,
    decode: impl FnOnce(&[u8]) -> Result<bool, String>,
) -> Result<(), String> {
    let bytes = value.to_bytes();
    match decode(&bytes) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!(
            "re-encoded as {:?}, decodes to another value",
            String::from_utf8_lossy(&bytes)
        )),
        Err(e) => Err(format!(
            "re-encoded as {:?}, {e}",
            String::from_utf8_lossy(&bytes)
        )),
    }
}

/// Whether a decode result is a complete value equal to `expected`.
fn same<T: PartialEq + std::fmt::Debug>(
    result: Result<Decoded<T>, imap_proto::DecodeError>,
    expected: &T,
) -> Result<bool, String> {
    match result {
        Ok(Decoded::Complete { value, .. }) => Ok(value == *expected),
        other => Err(format!("decodes as {other:?}")),
    }
}

impl StreamDecoder for Responses {
    fn next(&mut self, input: &[u8], roundtrip: bool) -> Step {
        let decoder = self.decoder;
        if !self.greeted {
            return match decoder.decode_greeting(input) {
                Ok(Decoded::Incomplete) => Step::Incomplete,
                Ok(Decoded::Complete { value, consumed }) => {
                    self.greeted = true;
                    Step::Message {
                        consumed,
                        roundtrip: roundtrip
                            .then(|| check(&value, |b| same(decoder.decode_greeting(b), &value))),
                        debug: format!("{value:?}"),
                    }
                }
                Err(e) => {
                    self.greeted = true;
                    Step::Error {
                        consumed: e.skip.unwrap_or(input.len()),
                        reason: format!("greeting: {e}"),
                    }
                }
            };
        }
        match decoder.decode(input) {
            Ok(Decoded::Incomplete) => Step::Incomplete,
            Ok(Decoded::Complete { value, consumed }) => {
                if let Response::Data(Data::Enabled(caps)) = &value
                    && caps
                        .iter()
                        .any(|c| c.eq_ignore_case("UTF8=ACCEPT") || c.eq_ignore_case("IMAP4rev2"))
                {
                    self.decoder = ResponseDecoder::new(decoder.config().with_utf8(true));
                }
                Step::Message {
                    consumed,
                    roundtrip: roundtrip
                        .then(|| check(&value, |b| same(decoder.decode(b), &value))),
                    debug: format!("{value:?}"),
                }
            }
            Err(e) => Step::Error {
                consumed: e.skip.unwrap_or(input.len()),
                reason: e.to_string(),
            },
        }
    }
}
