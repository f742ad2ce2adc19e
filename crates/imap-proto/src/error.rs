//! Errors of the IMAP codec.
//!
//! Kept apart by cause, like every crate of the workspace: the peer's bytes are invalid
//! ([`DecodeError`], and [`CommandError`] which adds the command's tag), the application built an
//! invalid value ([`ValidationError`]), the application called a session in the wrong state
//! ([`UsageError`]).

use std::fmt;

pub use mail_core::{DecodeError, DecodeErrorKind, UsageError, ValidationError};

use crate::types::core::Tag;

/// A command the server cannot accept, with its tag when the tag could be read, so the server
/// can answer `tag BAD <reason>` (RFC 9051 §7.1.3) or, without a tag, `* BAD <reason>`.
///
/// `error.skip` says how many bytes the malformed command spans (line and literals), so the
/// server drops them and goes on with the next command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandError {
    /// The command's tag, when the line starts with a valid one.
    pub tag: Option<Tag<'static>>,
    /// What is wrong, where, and how many bytes to skip.
    pub error: DecodeError,
}

impl CommandError {
    /// An error for the command tagged `tag`.
    pub fn new(tag: Option<Tag<'static>>, error: DecodeError) -> Self {
        CommandError { tag, error }
    }

    /// Whether the verb itself was not recognised ([`DecodeErrorKind::UnknownCommand`]).
    pub fn is_unknown_command(&self) -> bool {
        matches!(self.error.kind, DecodeErrorKind::UnknownCommand { .. })
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tag {
            Some(tag) => write!(f, "command {}: {}", tag.as_str(), self.error),
            None => write!(f, "untagged command: {}", self.error),
        }
    }
}

impl std::error::Error for CommandError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<CommandError> for DecodeError {
    fn from(e: CommandError) -> Self {
        e.error
    }
}

/// A mailbox name is not valid modified UTF-7 (RFC 3501 §5.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid modified utf-7 at offset {offset}")]
#[non_exhaustive]
pub struct Utf7Error {
    /// Offset of the first invalid byte in the encoded name.
    pub offset: usize,
}
