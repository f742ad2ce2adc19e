//! Decoding: `pub(crate)` nom parsers and the public decoders that wrap them.
//!
//! The parsers run in complete mode over a whole message: a framer first finds where a command
//! (its line and its literals) ends, then the grammar parses it. nom never appears in the public
//! API.

pub(crate) mod command;
pub(crate) mod core;
pub(crate) mod framer;
pub(crate) mod response;
pub(crate) mod response_body;
pub(crate) mod response_framer;

pub use command::{
    CommandDecoder, CommandDecoderConfig, decode_authenticate_response, decode_idle_done,
};
pub use framer::{
    CommandFramer, DEFAULT_MAX_COMMAND_LEN, DEFAULT_MAX_LINE_LEN, DEFAULT_MAX_LITERAL_LEN, Frame,
    FramerConfig,
};

pub use response::{
    DEFAULT_MAX_ADDRESSES, DEFAULT_MAX_RESPONSE_ITEMS, ResponseConfig, ResponseDecoder,
};
pub use response_framer::{DEFAULT_MAX_LITERAL_SIZE, DEFAULT_MAX_RESPONSE_SIZE, ResponseFramer};

use mail_core::{DecodeError, DecodeErrorKind};

/// The error of the internal parsers: where (the remaining input) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) struct PErr<'a> {
    /// The input at the point of failure.
    pub input: &'a [u8],
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

impl<'a> PErr<'a> {
    pub(crate) fn syntax(input: &'a [u8], expected: &'static str) -> Self {
        PErr {
            input,
            kind: DecodeErrorKind::Syntax { expected },
        }
    }

    /// Turns the error into a [`DecodeError`] whose offset counts from `start`, the input the
    /// outermost parser was given.
    pub(crate) fn into_decode_error(self, start: &[u8]) -> DecodeError {
        let offset = start.len().saturating_sub(self.input.len());
        DecodeError::new(offset, self.kind)
    }
}

impl<'a> nom::error::ParseError<&'a [u8]> for PErr<'a> {
    fn from_error_kind(input: &'a [u8], _kind: nom::error::ErrorKind) -> Self {
        PErr::syntax(input, "valid syntax")
    }

    fn append(_input: &'a [u8], _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the error that got further into the input: it is the more useful one.
        if other.input.len() <= self.input.len() {
            other
        } else {
            self
        }
    }
}

/// The result type of the internal parsers.
pub(crate) type PResult<'a, T> = nom::IResult<&'a [u8], T, PErr<'a>>;

/// A recoverable syntax error (an alternative may still match).
pub(crate) fn fail<'a, T>(input: &'a [u8], expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr::syntax(input, expected)))
}

/// An unrecoverable error (no alternative can match: a limit, an overflow, invalid data).
pub(crate) fn fatal<'a, T>(input: &'a [u8], kind: DecodeErrorKind) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr { input, kind }))
}

/// Turns an error of a parser run on `start` into a [`DecodeError`].
pub(crate) fn to_decode_error(start: &[u8], e: nom::Err<PErr<'_>>) -> DecodeError {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e.into_decode_error(start),
        // The parsers run in complete mode and never answer Incomplete; treat it as an
        // unexpected end.
        nom::Err::Incomplete(_) => DecodeError::syntax(start.len(), "more input"),
    }
}

/// Limits and modes shared by the parsers of commands and responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ctx {
    /// Mailbox names are raw UTF-8 (after `ENABLE UTF8=ACCEPT` or `ENABLE IMAP4rev2`, RFC 6855
    /// §3, RFC 9051 §5.1); otherwise modified UTF-7 (RFC 3501 §5.1.3).
    pub utf8: bool,
    /// Maximum number of items in one list (sequence set, flag list, fetch items, ...).
    pub max_items: usize,
    /// Maximum nesting depth of parenthesised lists and search keys.
    pub max_depth: usize,
    /// Accept a one-digit day without its leading SP in a `date-time` (see
    /// [`ResponseConfig::unpadded_day`](crate::decode::ResponseConfig::unpadded_day)).
    pub unpadded_day: bool,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            utf8: false,
            max_items: DEFAULT_MAX_ITEMS,
            max_depth: DEFAULT_MAX_DEPTH,
            unpadded_day: false,
        }
    }
}

/// Default maximum number of items in one list: 10 000 (a sequence set of a long UID list
/// still fits; RFC 2683 §3.2.1.5 asks servers for lines of at least 8000 octets).
pub const DEFAULT_MAX_ITEMS: usize = 10_000;

/// Default maximum nesting depth of parenthesised lists and search keys: 32.
pub const DEFAULT_MAX_DEPTH: usize = 32;
