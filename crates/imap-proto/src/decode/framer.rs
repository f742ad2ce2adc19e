//! Server side: where does a command end? (RFC 9051 §2.2, §4.3, RFC 7888.)
//!
//! A command is a line, or a line ending in a literal header (`{n}`, `{n+}`, `~{n}`), the
//! literal's `n` octets, and more line, until a line ends without a literal header. The
//! [`CommandFramer`] finds that end without I/O and without scanning a byte twice: each call
//! continues where the previous one stopped, and literal bodies are skipped by their length,
//! never scanned. A 50 MB APPEND fed in 4 KiB pieces costs linear time in total.
//!
//! When a line ends in a synchronizing literal the framer reports
//! [`Frame::LiteralAnnounced`] before the data arrives: the server sends `+ ...` (and calls
//! [`CommandFramer::next`] again, which accepts it) or rejects the command with
//! [`CommandFramer::reject_literal`] and a tagged `NO`/`BAD`. A literal over the configured
//! limit is refused by the framer itself: a synchronizing one is never sent by the client
//! (RFC 9051 §4.3), a non-synchronizing one arrives anyway and is skipped by length
//! (RFC 7888 §4, choice 1: read and reject). Over `LITERAL-`'s 4096 octets a
//! non-synchronizing literal is refused the same way (RFC 7888 §5).
//!
//! ```
//! use imap_proto::decode::{CommandFramer, FramerConfig, Frame};
//!
//! let mut framer = CommandFramer::new(FramerConfig::default());
//! let mut buf = b"a1 LOGIN {5}\r\n".to_vec();
//! match framer.next(&buf) {
//!     Frame::LiteralAnnounced { length, .. } => assert_eq!(length, 5),
//!     other => panic!("{other:?}"),
//! }
//! // The server answers "+ Ready" and more bytes arrive.
//! buf.extend_from_slice(b"alice secret\r\n");
//! assert_eq!(framer.next(&buf), Frame::Command { len: buf.len() });
//! ```

use mail_core::{DecodeError, DecodeErrorKind};

use crate::encode::LITERAL_MINUS_MAX;
use crate::error::CommandError;
use crate::types::core::{LiteralMode, Tag, is_tag_char};

/// Default maximum length of one line of a command (its literals not counted), CRLF included:
/// 64 KiB. RFC 2683 §3.2.1.5 asks servers to accept lines of at least 8000 octets; long UID
/// sets need more.
pub const DEFAULT_MAX_LINE_LEN: usize = 64 * 1024;

/// Default maximum literal size: 64 MiB (an APPEND of a large message).
pub const DEFAULT_MAX_LITERAL_LEN: u64 = 64 * 1024 * 1024;

/// Default maximum size of a whole command, lines and literals: 64 MiB + 64 KiB.
pub const DEFAULT_MAX_COMMAND_LEN: u64 = DEFAULT_MAX_LITERAL_LEN + 64 * 1024;

/// Limits of the command framer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FramerConfig {
    /// Maximum length of one line, CRLF included ([`DEFAULT_MAX_LINE_LEN`]).
    pub max_line_len: usize,
    /// Maximum size of one literal ([`DEFAULT_MAX_LITERAL_LEN`]).
    pub max_literal_len: u64,
    /// Maximum size of a whole command ([`DEFAULT_MAX_COMMAND_LEN`]).
    pub max_command_len: u64,
    /// The server announced `LITERAL-` (RFC 7888 §5): non-synchronizing literals over 4096
    /// octets are refused.
    pub literal_minus: bool,
}

impl Default for FramerConfig {
    fn default() -> Self {
        FramerConfig {
            max_line_len: DEFAULT_MAX_LINE_LEN,
            max_literal_len: DEFAULT_MAX_LITERAL_LEN,
            max_command_len: DEFAULT_MAX_COMMAND_LEN,
            literal_minus: false,
        }
    }
}

impl FramerConfig {
    /// Sets the maximum line length.
    pub fn with_max_line_len(mut self, n: usize) -> Self {
        self.max_line_len = n;
        self
    }

    /// Sets the maximum literal size.
    pub fn with_max_literal_len(mut self, n: u64) -> Self {
        self.max_literal_len = n;
        self
    }

    /// Sets the maximum command size.
    pub fn with_max_command_len(mut self, n: u64) -> Self {
        self.max_command_len = n;
        self
    }

    /// Applies the `LITERAL-` rule (RFC 7888 §5).
    pub fn with_literal_minus(mut self, on: bool) -> Self {
        self.literal_minus = on;
        self
    }
}

/// What the framer found at the start of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame<'a> {
    /// More bytes are needed.
    Incomplete,
    /// A whole command occupies `buf[..len]`: decode it with
    /// [`CommandDecoder::decode`](crate::decode::CommandDecoder::decode), then drop the `len`
    /// bytes.
    Command {
        /// The command's length, literals included.
        len: usize,
    },
    /// The line ends in a synchronizing literal of `length` octets: answer `+` and call
    /// [`CommandFramer::next`] again, or refuse with [`CommandFramer::reject_literal`].
    LiteralAnnounced {
        /// The command's tag, when it has a valid one.
        tag: Option<Tag<'a>>,
        /// The literal's size.
        length: u64,
        /// Whether it is a `literal8` (`~{n}`).
        binary: bool,
    },
    /// Drop `len` bytes from the front of the buffer: a malformed or refused command.
    /// `error` is set once per refused command (the first skip), with the tag for `tag BAD`.
    Skip {
        /// How many bytes to drop.
        len: usize,
        /// Why, on the first skip of a command.
        error: Option<CommandError>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Scanning a line that starts at `line_start`; `[line_start, scanned)` has no LF.
    Line,
    /// A synchronizing literal was announced; its data starts at `data_start`.
    Announced { data_start: usize, len: u64 },
    /// Inside literal data that ends at `end`.
    Literal { end: usize },
    /// Dropping a refused command: `remaining` literal octets, then (if `then_line`) the rest
    /// of the command's lines.
    Discard { remaining: u64, then_line: bool },
}

/// The resumable command framer (see the module documentation).
///
/// Contract: the buffer handed to [`CommandFramer::next`] starts at the first byte the framer
/// has not told the caller to drop, and only grows at the end between calls, except for the
/// drops the framer asks for ([`Frame::Command`], [`Frame::Skip`],
/// [`CommandFramer::reject_literal`]).
#[derive(Debug, Clone)]
pub struct CommandFramer {
    config: FramerConfig,
    state: State,
    line_start: usize,
    scanned: usize,
}

/// The longest literal header [`literal_at_end`] reads, with the CR after it: `{`, 19 digits,
/// `+}`, CR. While dropping an over-long line, the framer keeps this many of the last octets
/// until the line ends, so that a `{n+}` at its end is seen however the input was cut (its
/// data, which the client sends anyway, is then dropped too).
const HEADER_TAIL: usize = 23;

/// A literal header at the end of a line: `[~]{n[+]}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LiteralHeader {
    pub len: u64,
    pub mode: LiteralMode,
    pub binary: bool,
}

/// The literal header that ends `line` (CRLF excluded), if any.
pub(crate) fn literal_at_end(line: &[u8]) -> Option<LiteralHeader> {
    let body = line.strip_suffix(b"}")?;
    let (body, mode) = match body.strip_suffix(b"+") {
        Some(b) => (b, LiteralMode::NonSync),
        None => (body, LiteralMode::Sync),
    };
    let digits = body.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 19 {
        return None;
    }
    let (head, num) = body.split_at(body.len() - digits);
    let head = head.strip_suffix(b"{")?;
    let binary = head.ends_with(b"~");
    let mut len: u64 = 0;
    for &d in num {
        len = len.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(LiteralHeader { len, mode, binary })
}

fn leading_tag(buf: &[u8]) -> Option<Tag<'_>> {
    let n = buf
        .iter()
        .position(|&b| !is_tag_char(b))
        .unwrap_or(buf.len());
    if n == 0 || buf.get(n) != Some(&b' ') {
        return None;
    }
    crate::decode::core::tag(&buf[..n]).ok().map(|(_, t)| t)
}

impl CommandFramer {
    /// A framer with the given limits.
    pub fn new(config: FramerConfig) -> Self {
        CommandFramer {
            config,
            state: State::Line,
            line_start: 0,
            scanned: 0,
        }
    }

    /// The limits.
    pub fn config(&self) -> &FramerConfig {
        &self.config
    }

    fn reset(&mut self) {
        self.state = State::Line;
        self.line_start = 0;
        self.scanned = 0;
    }

    /// Whether the framer is in the middle of a command.
    pub fn in_command(&self) -> bool {
        self.scanned > 0 || self.state != State::Line
    }

    /// Refuses the synchronizing literal just announced: returns how many bytes to drop (the
    /// command up to the literal header; the client sends nothing more for it, RFC 9051 §4.3).
    /// Returns 0 when no literal is pending.
    pub fn reject_literal(&mut self) -> usize {
        match self.state {
            State::Announced { data_start, .. } => {
                self.reset();
                data_start
            }
            _ => 0,
        }
    }

    /// Refuses the command being framed: `error` for the first skip, the framer drops the
    /// command's bytes up to `upto`, then `remaining` literal octets and (if `then_line`) the
    /// rest of the command.
    fn refuse<'a>(
        &mut self,
        buf: &'a [u8],
        upto: usize,
        remaining: u64,
        then_line: bool,
        error: DecodeError,
    ) -> Frame<'a> {
        let tag = leading_tag(buf).map(mail_core::IntoOwned::into_owned);
        self.reset();
        if remaining > 0 || then_line {
            self.state = State::Discard {
                remaining,
                then_line,
            };
        }
        Frame::Skip {
            len: upto,
            error: Some(CommandError::new(tag, error.with_skip(upto))),
        }
    }

    /// Looks at `buf` (the bytes received and not yet dropped) and says what is there.
    pub fn next<'a>(&mut self, buf: &'a [u8]) -> Frame<'a> {
        loop {
            match self.state {
                State::Announced { data_start, len } => {
                    // Calling again means the server accepted the literal.
                    let end = (data_start as u64).saturating_add(len);
                    self.state = State::Literal {
                        end: usize::try_from(end).unwrap_or(usize::MAX),
                    };
                }
                State::Literal { end } => {
                    if buf.len() < end {
                        return Frame::Incomplete;
                    }
                    self.state = State::Line;
                    self.line_start = end;
                    self.scanned = end;
                }
                State::Discard {
                    remaining,
                    then_line,
                } => {
                    if remaining > 0 {
                        let take = remaining.min(buf.len() as u64);
                        if take == 0 {
                            return Frame::Incomplete;
                        }
                        self.state = State::Discard {
                            remaining: remaining - take,
                            then_line,
                        };
                        return Frame::Skip {
                            len: take as usize,
                            error: None,
                        };
                    }
                    if !then_line {
                        self.reset();
                        continue;
                    }
                    let Some(p) = memchr::memchr(b'\n', buf) else {
                        if buf.len() <= HEADER_TAIL {
                            return Frame::Incomplete;
                        }
                        return Frame::Skip {
                            len: buf.len() - HEADER_TAIL,
                            error: None,
                        };
                    };
                    self.reset();
                    // A literal only after CR LF, as a line read whole has it.
                    if let Some(line) = buf[..p].strip_suffix(b"\r")
                        && let Some(h) = literal_at_end(line)
                        && h.mode == LiteralMode::NonSync
                    {
                        self.state = State::Discard {
                            remaining: h.len,
                            then_line: true,
                        };
                    }
                    return Frame::Skip {
                        len: p + 1,
                        error: None,
                    };
                }
                State::Line => return self.scan_line(buf),
            }
        }
    }

    fn scan_line<'a>(&mut self, buf: &'a [u8]) -> Frame<'a> {
        let cfg = self.config;
        let from = self.scanned.min(buf.len());
        let Some(rel) = memchr::memchr(b'\n', &buf[from..]) else {
            self.scanned = buf.len();
            let line_len = buf.len() - self.line_start;
            // What is dropped of a line refused before its end: all but its last octets.
            let upto = buf.len().saturating_sub(HEADER_TAIL);
            if line_len > cfg.max_line_len && upto > 0 {
                return self.refuse(
                    buf,
                    upto,
                    0,
                    true,
                    DecodeError::new(
                        self.line_start + cfg.max_line_len,
                        DecodeErrorKind::LineTooLong {
                            limit: cfg.max_line_len,
                        },
                    ),
                );
            }
            if buf.len() as u64 > cfg.max_command_len && upto > 0 {
                return self.refuse(
                    buf,
                    upto,
                    0,
                    true,
                    DecodeError::new(
                        buf.len(),
                        DecodeErrorKind::LimitExceeded {
                            what: "command octets",
                            limit: cfg.max_command_len,
                        },
                    ),
                );
            }
            return Frame::Incomplete;
        };
        let lf = from + rel;
        let end = lf + 1;
        if lf == 0 || buf[lf - 1] != b'\r' || lf == self.line_start {
            return self.refuse(
                buf,
                end,
                0,
                false,
                DecodeError::new(lf, DecodeErrorKind::BareLf),
            );
        }
        if end - self.line_start > cfg.max_line_len {
            // The data of a `{n+}` at its end comes anyway: dropped with the line.
            let line = &buf[self.line_start..lf - 1];
            let (remaining, then_line) = match literal_at_end(line) {
                Some(h) if h.mode == LiteralMode::NonSync => (h.len, true),
                _ => (0, false),
            };
            return self.refuse(
                buf,
                end,
                remaining,
                then_line,
                DecodeError::new(
                    self.line_start + cfg.max_line_len,
                    DecodeErrorKind::LineTooLong {
                        limit: cfg.max_line_len,
                    },
                ),
            );
        }
        let line = &buf[self.line_start..lf - 1];
        let Some(h) = literal_at_end(line) else {
            if end as u64 > cfg.max_command_len {
                return self.refuse(
                    buf,
                    end,
                    0,
                    false,
                    DecodeError::new(
                        end,
                        DecodeErrorKind::LimitExceeded {
                            what: "command octets",
                            limit: cfg.max_command_len,
                        },
                    ),
                );
            }
            self.reset();
            return Frame::Command { len: end };
        };
        let total = (end as u64).saturating_add(h.len);
        let over = if h.len > cfg.max_literal_len {
            Some(("literal octets", cfg.max_literal_len))
        } else if total > cfg.max_command_len {
            Some(("command octets", cfg.max_command_len))
        } else if cfg.literal_minus && h.mode == LiteralMode::NonSync && h.len > LITERAL_MINUS_MAX {
            Some(("non-synchronizing literal octets", LITERAL_MINUS_MAX))
        } else {
            None
        };
        if let Some((what, limit)) = over {
            let err = DecodeError::new(lf - 1, DecodeErrorKind::LimitExceeded { what, limit });
            return match h.mode {
                // The client waits for "+" and sends nothing more.
                LiteralMode::Sync => self.refuse(buf, end, 0, false, err),
                // The data comes anyway: skip it by length, then the rest of the command.
                LiteralMode::NonSync => self.refuse(buf, end, h.len, true, err),
            };
        }
        match h.mode {
            LiteralMode::Sync => {
                self.state = State::Announced {
                    data_start: end,
                    len: h.len,
                };
                Frame::LiteralAnnounced {
                    tag: leading_tag(buf),
                    length: h.len,
                    binary: h.binary,
                }
            }
            LiteralMode::NonSync => {
                self.state = State::Literal {
                    end: usize::try_from(total).unwrap_or(usize::MAX),
                };
                self.next(buf)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9051 §4.3: the literal header is recognised at the end of a line.
    #[test]
    fn literal_headers() {
        assert_eq!(
            literal_at_end(b"a LOGIN {5}"),
            Some(LiteralHeader {
                len: 5,
                mode: LiteralMode::Sync,
                binary: false
            })
        );
        assert_eq!(
            literal_at_end(b"a APPEND x ~{5+}").unwrap().mode,
            LiteralMode::NonSync
        );
        assert!(literal_at_end(b"a APPEND x ~{5+}").unwrap().binary);
        assert_eq!(literal_at_end(b"a NOOP"), None);
        assert_eq!(literal_at_end(b"a X {}"), None);
        assert_eq!(literal_at_end(b"a X {99999999999999999999}"), None);
    }

    /// RFC 7888 §4: a non-synchronizing literal over the limit is skipped by length and the
    /// command rejected; the next command is framed normally.
    #[test]
    fn oversized_nonsync_literal_is_skipped() {
        let mut f = CommandFramer::new(FramerConfig::default().with_max_literal_len(4));
        let mut buf = b"a1 APPEND x {10+}\r\n0123456789 more\r\na2 NOOP\r\n".to_vec();
        let mut errors = 0;
        loop {
            match f.next(&buf) {
                Frame::Skip { len, error } => {
                    if let Some(e) = error {
                        errors += 1;
                        assert_eq!(e.tag.unwrap().as_str(), "a1");
                    }
                    buf.drain(..len);
                }
                Frame::Command { len } => {
                    assert_eq!(&buf[..len], b"a2 NOOP\r\n");
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(errors, 1);
    }

    /// RFC 7888 §5: LITERAL- refuses non-synchronizing literals over 4096 octets.
    #[test]
    fn literal_minus_limit() {
        let mut f = CommandFramer::new(FramerConfig::default().with_literal_minus(true));
        let buf = b"a1 APPEND x {4097+}\r\n";
        assert!(matches!(f.next(buf), Frame::Skip { error: Some(_), .. }));
        let mut f = CommandFramer::new(FramerConfig::default().with_literal_minus(true));
        assert_eq!(f.next(b"a1 APPEND x {4096+}\r\n"), Frame::Incomplete);
    }

    /// RFC 9051 §4.3: a synchronizing literal is announced; refusing drops the command.
    #[test]
    fn reject_sync_literal() {
        let mut f = CommandFramer::new(FramerConfig::default());
        let buf = b"a1 LOGIN {5}\r\n";
        assert!(matches!(
            f.next(buf),
            Frame::LiteralAnnounced { length: 5, .. }
        ));
        assert_eq!(f.reject_literal(), buf.len());
        assert!(!f.in_command());
        let mut f = CommandFramer::new(FramerConfig::default().with_max_literal_len(4));
        match f.next(buf) {
            Frame::Skip {
                len,
                error: Some(e),
            } => {
                assert_eq!(len, buf.len());
                assert!(matches!(
                    e.error.kind,
                    DecodeErrorKind::LimitExceeded { .. }
                ));
            }
            other => panic!("{other:?}"),
        }
    }

    /// Bare LF and over-long lines are typed errors, skipped exactly.
    #[test]
    fn line_errors() {
        let mut f = CommandFramer::new(FramerConfig::default());
        match f.next(b"a1 NOOP\na2 NOOP\r\n") {
            Frame::Skip {
                len,
                error: Some(e),
            } => {
                assert_eq!(len, 8);
                assert_eq!(e.error.kind, DecodeErrorKind::BareLf);
            }
            other => panic!("{other:?}"),
        }
        let mut f = CommandFramer::new(FramerConfig::default().with_max_line_len(10));
        // Refused before its end: dropped but for its last HEADER_TAIL octets...
        let mut buf = b"a1 NOOP NOOP NOOP NOOP NOOP NOOP".to_vec();
        assert!(matches!(
            f.next(&buf),
            Frame::Skip {
                len: 9,
                error: Some(_)
            }
        ));
        buf.drain(..9);
        assert_eq!(f.next(&buf), Frame::Incomplete);
        // ...which go with the rest of the line.
        buf.extend_from_slice(b" NOOP\r\na2 NOOP\r\n");
        assert_eq!(
            f.next(&buf),
            Frame::Skip {
                len: 30,
                error: None
            }
        );
        buf.drain(..30);
        assert_eq!(f.next(&buf), Frame::Command { len: 9 });
    }

    /// An over-long line that ends with a non-synchronizing literal (RFC 7888): the client
    /// sends the data without waiting, so it is dropped with the line, never read as commands,
    /// however the input was cut (a fuzz find: cut inside the line, the data was dropped; read
    /// whole, it was framed as a command).
    #[test]
    fn overlong_line_with_nonsync_literal() {
        let mut input = b"a1 APPEND INBOX ".to_vec();
        input.extend_from_slice(&[b'x'; 40]);
        input.extend_from_slice(b" {11+}\r\na9 LOGOUT\r\n\r\na2 NOOP\r\n");
        let config = FramerConfig::default().with_max_line_len(32);
        for cut in 0..=input.len() {
            let mut f = CommandFramer::new(config);
            let mut buf = Vec::new();
            let mut got = Vec::new();
            for piece in [&input[..cut], &input[cut..]] {
                buf.extend_from_slice(piece);
                loop {
                    match f.next(&buf) {
                        Frame::Incomplete => break,
                        Frame::Command { len } => {
                            got.push(String::from_utf8_lossy(&buf[..len]).into_owned());
                            buf.drain(..len);
                        }
                        Frame::Skip { len, error } => {
                            if error.is_some() {
                                got.push("refused".to_owned());
                            }
                            buf.drain(..len);
                        }
                        other => panic!("{other:?}"),
                    }
                }
            }
            assert_eq!(got, ["refused", "a2 NOOP\r\n"], "cut at {cut}");
        }
    }
}
