//! Line framing: finding CRLF-terminated lines in a growing buffer.
//!
//! SMTP, POP3 and IMAP are line protocols: a message is one or more lines, each ended by CR LF
//! (RFC 5321 §2.3.8, RFC 1939 §3, RFC 9051 §2.2). The framer finds where a line ends, bounded by
//! a maximum length, without ever scanning a byte twice when the buffer grows.
//!
//! ```
//! use mail_core::line::{LineConfig, LineFramer};
//! use mail_core::Decoded;
//!
//! let mut framer = LineFramer::new(LineConfig::new(512));
//! let mut buf = b"NOOP".to_vec();
//! assert_eq!(framer.next_line(&buf).unwrap(), Decoded::Incomplete);
//! buf.extend_from_slice(b"\r\nQUIT\r\n");
//! let (line, used) = framer.next_line(&buf).unwrap().complete().unwrap();
//! assert_eq!((line.content, used), (&b"NOOP"[..], 6));
//! buf.drain(..used);
//! let (line, _) = framer.next_line(&buf).unwrap().complete().unwrap();
//! assert_eq!(line.content, b"QUIT");
//! ```

use crate::decode::{DecodeError, DecodeErrorKind, DecodeResult, Decoded};

/// Which line terminators are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LineEndings {
    /// Only CR LF ends a line; a bare LF is a [`DecodeErrorKind::BareLf`] error (the RFCs' rule).
    #[default]
    Strict,
    /// A bare LF also ends a line (a leniency for peers that send Unix line ends; the CR, when
    /// present, is still removed from the content).
    AcceptBareLf,
}

/// The line terminator that ended a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// CR LF.
    Crlf,
    /// A bare LF (only with [`LineEndings::AcceptBareLf`]).
    Lf,
}

impl LineEnding {
    /// The terminator's length in bytes.
    pub fn len(self) -> usize {
        match self {
            LineEnding::Crlf => 2,
            LineEnding::Lf => 1,
        }
    }

    /// Always false: a terminator has at least one byte.
    pub fn is_empty(self) -> bool {
        false
    }
}

/// Limits and leniencies of line framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineConfig {
    /// Maximum length of a line in octets, terminator included (RFC 5321 §4.5.3.1.4 counts the
    /// CR LF: 512 for an SMTP command line).
    pub max_len: usize,
    /// Which terminators end a line.
    pub line_endings: LineEndings,
}

impl LineConfig {
    /// Lines up to `max_len` octets (terminator included), CR LF only.
    pub fn new(max_len: usize) -> Self {
        LineConfig {
            max_len,
            line_endings: LineEndings::Strict,
        }
    }

    /// The same configuration with another line-ending policy.
    pub fn with_line_endings(mut self, line_endings: LineEndings) -> Self {
        self.line_endings = line_endings;
        self
    }
}

/// One line found by the framer, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line without its terminator.
    pub content: &'a [u8],
    /// The terminator that ended it.
    pub ending: LineEnding,
}

impl Line<'_> {
    /// Length of the line with its terminator: the bytes it consumed.
    pub fn len(&self) -> usize {
        self.content.len() + self.ending.len()
    }

    /// Whether the line has no content (it is only a terminator).
    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
    }
}

/// Looks for a line at the start of `buf`, scanning from `from` (bytes before `from` are known to
/// hold no LF). Stateless: see [`LineFramer`] for the resumable form.
///
/// Errors: [`DecodeErrorKind::LineTooLong`] (with `skip` set when the line's end is in `buf`, else
/// `None`: use [`LineFramer::discard`] to drop the rest), [`DecodeErrorKind::BareLf`] under
/// [`LineEndings::Strict`] (with `skip` covering the line).
pub fn find_line<'a>(buf: &'a [u8], from: usize, config: &LineConfig) -> DecodeResult<Line<'a>> {
    let from = from.min(buf.len());
    match memchr::memchr(b'\n', &buf[from..]) {
        Some(i) => {
            let lf = from + i;
            let total = lf + 1;
            if total > config.max_len {
                return Err(DecodeError::new(
                    config.max_len,
                    DecodeErrorKind::LineTooLong {
                        limit: config.max_len,
                    },
                )
                .with_skip(total));
            }
            if lf > 0 && buf[lf - 1] == b'\r' {
                Ok(Decoded::Complete {
                    value: Line {
                        content: &buf[..lf - 1],
                        ending: LineEnding::Crlf,
                    },
                    consumed: total,
                })
            } else {
                match config.line_endings {
                    LineEndings::Strict => {
                        Err(DecodeError::new(lf, DecodeErrorKind::BareLf).with_skip(total))
                    }
                    LineEndings::AcceptBareLf => Ok(Decoded::Complete {
                        value: Line {
                            content: &buf[..lf],
                            ending: LineEnding::Lf,
                        },
                        consumed: total,
                    }),
                }
            }
        }
        // No LF in the first `max_len` bytes: the line cannot fit any more.
        None if buf.len() >= config.max_len => Err(DecodeError::new(
            config.max_len,
            DecodeErrorKind::LineTooLong {
                limit: config.max_len,
            },
        )),
        None => Ok(Decoded::Incomplete),
    }
}

/// What [`LineFramer::discard`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discard {
    /// The over-long line ends within the input: drop this many bytes (its LF included) and
    /// framing goes on normally.
    Done(usize),
    /// The line's end has not arrived: drop the whole input and call again with what follows.
    All,
}

/// A resumable line framer.
///
/// The caller keeps the received bytes in a buffer that starts at the first byte of the pending
/// line and only grows at the end; the framer remembers how far it has scanned, so each byte is
/// examined once however the input is chunked. After a complete line (or an error with a `skip`),
/// the caller removes those bytes from the front of its buffer before calling again.
#[derive(Debug, Clone)]
pub struct LineFramer {
    config: LineConfig,
    scanned: usize,
}

impl LineFramer {
    /// A framer with `config`.
    pub fn new(config: LineConfig) -> Self {
        LineFramer { config, scanned: 0 }
    }

    /// The configuration.
    pub fn config(&self) -> &LineConfig {
        &self.config
    }

    /// Changes the maximum line length from the next line on (SMTP AUTH lines may be longer than
    /// command lines, RFC 4954 §4).
    pub fn set_max_len(&mut self, max_len: usize) {
        self.config.max_len = max_len;
    }

    /// Forgets how far the current buffer was scanned (after the caller replaced its buffer).
    pub fn reset(&mut self) {
        self.scanned = 0;
    }

    /// The next line at the start of `buf`. See [`find_line`] for the errors.
    pub fn next_line<'a>(&mut self, buf: &'a [u8]) -> DecodeResult<Line<'a>> {
        let from = self.scanned.min(buf.len());
        let result = find_line(buf, from, &self.config);
        self.scanned = match result {
            Ok(Decoded::Incomplete) => buf.len(),
            _ => 0,
        };
        result
    }

    /// Drops the rest of an over-long line (after a [`DecodeErrorKind::LineTooLong`] error without
    /// `skip`): call with the buffer, drop what the answer says, repeat until [`Discard::Done`].
    pub fn discard(&mut self, buf: &[u8]) -> Discard {
        self.scanned = 0;
        match memchr::memchr(b'\n', buf) {
            Some(i) => Discard::Done(i + 1),
            None => Discard::All,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(content: &[u8], ending: LineEnding) -> Line<'_> {
        Line { content, ending }
    }

    /// RFC 5321 §2.3.8: lines end with CR LF; a bare LF is not a line end for a strict peer.
    #[test]
    fn table() {
        let strict = LineConfig::new(16);
        let lax = strict.with_line_endings(LineEndings::AcceptBareLf);
        let cases: &[(&[u8], &LineConfig, DecodeResult<Line<'_>>)] = &[
            (b"", &strict, Ok(Decoded::Incomplete)),
            (b"NOOP\r", &strict, Ok(Decoded::Incomplete)),
            (
                b"NOOP\r\nQUIT\r\n",
                &strict,
                Ok(Decoded::Complete {
                    value: line(b"NOOP", LineEnding::Crlf),
                    consumed: 6,
                }),
            ),
            (
                b"\r\n",
                &strict,
                Ok(Decoded::Complete {
                    value: line(b"", LineEnding::Crlf),
                    consumed: 2,
                }),
            ),
            (
                b"NOOP\n",
                &strict,
                Err(DecodeError::new(4, DecodeErrorKind::BareLf).with_skip(5)),
            ),
            (
                b"NOOP\n",
                &lax,
                Ok(Decoded::Complete {
                    value: line(b"NOOP", LineEnding::Lf),
                    consumed: 5,
                }),
            ),
            (
                b"NOOP\r\n",
                &lax,
                Ok(Decoded::Complete {
                    value: line(b"NOOP", LineEnding::Crlf),
                    consumed: 6,
                }),
            ),
            // A CR inside the line is content; the grammar decides about it.
            (
                b"A\rB\r\n",
                &strict,
                Ok(Decoded::Complete {
                    value: line(b"A\rB", LineEnding::Crlf),
                    consumed: 5,
                }),
            ),
            // 16 octets with CR LF is the limit.
            (
                b"0123456789abcd\r\n",
                &strict,
                Ok(Decoded::Complete {
                    value: line(b"0123456789abcd", LineEnding::Crlf),
                    consumed: 16,
                }),
            ),
            (
                b"0123456789abcde\r\n",
                &strict,
                Err(DecodeError::new(16, DecodeErrorKind::LineTooLong { limit: 16 }).with_skip(17)),
            ),
            (
                b"0123456789abcdef",
                &strict,
                Err(DecodeError::new(
                    16,
                    DecodeErrorKind::LineTooLong { limit: 16 },
                )),
            ),
            // One byte short of the limit: a LF may still come.
            (b"0123456789abcde", &strict, Ok(Decoded::Incomplete)),
        ];
        for (input, config, expected) in cases {
            assert_eq!(
                &find_line(input, 0, config),
                expected,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn every_prefix_is_incomplete() {
        let input = b"MAIL FROM:<a@b>\r\n";
        let mut framer = LineFramer::new(LineConfig::new(512));
        for n in 0..input.len() {
            assert_eq!(framer.next_line(&input[..n]), Ok(Decoded::Incomplete));
        }
        assert!(framer.next_line(input).unwrap().is_complete());
    }

    #[test]
    fn discard_over_long_line_then_go_on() {
        let mut framer = LineFramer::new(LineConfig::new(8));
        let err = framer.next_line(b"AAAAAAAAAA").unwrap_err();
        assert_eq!(err.skip, None);
        assert_eq!(framer.discard(b"AAAA"), Discard::All);
        assert_eq!(framer.discard(b"AA\r\nNOOP\r\n"), Discard::Done(4));
        let (l, n) = framer.next_line(b"NOOP\r\n").unwrap().complete().unwrap();
        assert_eq!((l.content, n), (&b"NOOP"[..], 6));
    }

    mod props {
        use proptest::prelude::*;

        proptest! {
            /// Framing output does not depend on how the input is chunked.
            #[test]
            fn chunking_does_not_change_lines(
                input in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'a'), any::<u8>()], 0..200),
                cuts in proptest::collection::vec(any::<usize>(), 0..20),
                lax in any::<bool>(),
            ) {
                crate::harness::check_line_framing(&input, &cuts, 24, lax);
            }
        }
    }
}
