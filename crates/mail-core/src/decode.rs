//! The decoding convention shared by every crate of the workspace.
//!
//! A decoder is handed the bytes received so far and answers one of three things:
//!
//! * [`Decoded::Complete`]: a value, and how many bytes of the input it used;
//! * [`Decoded::Incomplete`]: the input is a valid prefix, more bytes are needed;
//! * `Err(`[`DecodeError`]`)`: the input can never become valid; the error says where
//!   ([`DecodeError::offset`]), what went wrong ([`DecodeError::kind`]) and, when the end of the
//!   malformed message is known, how many bytes to drop to get past it ([`DecodeError::skip`]).
//!
//! "Need more input" is never an error: the `?` operator cannot turn it into a failure because it is
//! an `Ok` value.

use std::fmt;

/// The outcome of a successful decoding step.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Decoded<T> {
    /// A whole value was decoded from the first `consumed` bytes of the input.
    Complete {
        /// The decoded value; it may borrow from the input.
        value: T,
        /// How many bytes of the input the value used.
        consumed: usize,
    },
    /// The input is a valid prefix of a message; call again with more bytes.
    Incomplete,
}

impl<T> Decoded<T> {
    /// Maps the value of a complete result, keeping `consumed`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        match self {
            Decoded::Complete { value, consumed } => Decoded::Complete {
                value: f(value),
                consumed,
            },
            Decoded::Incomplete => Decoded::Incomplete,
        }
    }

    /// `Some((value, consumed))` when complete, `None` when more input is needed.
    pub fn complete(self) -> Option<(T, usize)> {
        match self {
            Decoded::Complete { value, consumed } => Some((value, consumed)),
            Decoded::Incomplete => None,
        }
    }

    /// Whether a whole value was decoded.
    pub fn is_complete(&self) -> bool {
        matches!(self, Decoded::Complete { .. })
    }
}

/// The result type of every decoder: a [`Decoded`] value or a [`DecodeError`].
pub type DecodeResult<T> = Result<Decoded<T>, DecodeError>;

/// The peer's bytes are not valid.
///
/// The message (its `Display`) is short, lower case and fit to follow a `501 ` or `BAD ` reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Byte offset of the problem, counted from the start of the input given to the decoder.
    pub offset: usize,
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// How many bytes of the input belong to the malformed message, when its end is known: drop
    /// them and decoding can go on with the next message. `None` when the end is not known yet
    /// (for example a line that is too long and whose end has not arrived).
    pub skip: Option<usize>,
}

impl DecodeError {
    /// An error of `kind` at `offset`, with the malformed message's extent not known.
    pub fn new(offset: usize, kind: DecodeErrorKind) -> Self {
        DecodeError {
            offset,
            kind,
            skip: None,
        }
    }

    /// A syntax error: `expected` names what the grammar wanted at `offset`.
    pub fn syntax(offset: usize, expected: &'static str) -> Self {
        Self::new(offset, DecodeErrorKind::Syntax { expected })
    }

    /// Sets how many bytes the malformed message spans (see [`DecodeError::skip`]).
    pub fn with_skip(mut self, skip: usize) -> Self {
        self.skip = Some(skip);
        self
    }

    /// Moves the offset (and the skip length) forward by `base` bytes: used when the failing
    /// decoder was handed a sub-slice starting `base` bytes into the caller's input.
    pub fn shifted(mut self, base: usize) -> Self {
        self.offset += base;
        if let Some(skip) = self.skip.as_mut() {
            *skip += base;
        }
        self
    }

    /// What the grammar expected, when the error is a syntax error.
    pub fn expected(&self) -> Option<&'static str> {
        match self.kind {
            DecodeErrorKind::Syntax { expected } => Some(expected),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.kind, self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// Why the peer's bytes are not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The grammar expected something else.
    #[error("syntax error: expected {expected}")]
    Syntax {
        /// What the grammar expected, in words (`"CRLF"`, `"a reply code"`, ...).
        expected: &'static str,
    },
    /// The command verb or keyword is not one this decoder knows.
    #[error("unknown command {:?}", String::from_utf8_lossy(name))]
    UnknownCommand {
        /// The verb as received (at most [`UNKNOWN_NAME_MAX`] bytes of it).
        name: Vec<u8>,
    },
    /// A line is longer than the configured limit (terminator included).
    #[error("line longer than {limit} octets")]
    LineTooLong {
        /// The configured maximum, in octets including the line terminator.
        limit: usize,
    },
    /// A configured limit (other than line length) was exceeded.
    #[error("too many {what} (limit {limit})")]
    LimitExceeded {
        /// What was counted or measured ("recipients", "nesting levels", "literal octets", ...).
        what: &'static str,
        /// The configured maximum.
        limit: u64,
    },
    /// A line feed not preceded by a carriage return.
    #[error("bare line feed")]
    BareLf,
    /// A carriage return not followed by a line feed.
    #[error("bare carriage return")]
    BareCr,
    /// Text that must be UTF-8 is not.
    #[error("invalid utf-8")]
    InvalidUtf8,
    /// Eight-bit or UTF-8 data where the session has not enabled it.
    #[error("8-bit data not allowed here")]
    EightBit,
    /// A number does not fit its type.
    #[error("number too large")]
    NumberOverflow,
    /// A number is outside the range the protocol allows.
    #[error("number out of range")]
    NumberOutOfRange,
    /// A parameter, item or keyword that may appear once appears again.
    #[error("duplicate {what}")]
    Duplicate {
        /// What was repeated.
        what: &'static str,
    },
    /// A value is well-formed but not acceptable here.
    #[error("invalid {what}")]
    Invalid {
        /// What is invalid.
        what: &'static str,
    },
}

/// How many bytes of an unknown verb or keyword [`DecodeErrorKind::UnknownCommand`] keeps.
pub const UNKNOWN_NAME_MAX: usize = 64;

impl DecodeErrorKind {
    /// An [`DecodeErrorKind::UnknownCommand`] keeping at most [`UNKNOWN_NAME_MAX`] bytes of `name`.
    pub fn unknown_command(name: &[u8]) -> Self {
        DecodeErrorKind::UnknownCommand {
            name: name[..name.len().min(UNKNOWN_NAME_MAX)].to_vec(),
        }
    }
}

/// Conversion of a value that borrows from its input into one that owns its data.
///
/// Every borrowed type of the workspace implements it, so a decoded value can outlive the buffer
/// it was decoded from.
pub trait IntoOwned {
    /// The same type with a `'static` lifetime.
    type Owned: 'static;

    /// Copies whatever is borrowed.
    fn into_owned(self) -> Self::Owned;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_lower_case_without_period() {
        let e = DecodeError::syntax(4, "CRLF");
        assert_eq!(e.to_string(), "syntax error: expected CRLF at offset 4");
        let e = DecodeError::new(0, DecodeErrorKind::unknown_command(b"XYZZY"));
        assert_eq!(e.to_string(), "unknown command \"XYZZY\" at offset 0");
    }

    #[test]
    fn unknown_name_is_truncated() {
        let long = [b'A'; 1000];
        match DecodeErrorKind::unknown_command(&long) {
            DecodeErrorKind::UnknownCommand { name } => assert_eq!(name.len(), UNKNOWN_NAME_MAX),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn shifted_moves_offset_and_skip() {
        let e = DecodeError::syntax(2, "SP").with_skip(5).shifted(10);
        assert_eq!((e.offset, e.skip), (12, Some(15)));
    }

    #[test]
    fn decoded_helpers() {
        let d = Decoded::Complete {
            value: 3,
            consumed: 7,
        };
        assert!(d.is_complete());
        assert_eq!(d.map(|v| v * 2).complete(), Some((6, 7)));
        assert_eq!(Decoded::<u8>::Incomplete.complete(), None);
    }
}
