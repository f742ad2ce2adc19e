//! Errors that are not about the peer's bytes (those are [`DecodeError`](crate::DecodeError)s).

/// The application tried to build a value that the protocol does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// The value may not be empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What was being built.
        what: &'static str,
    },
    /// The value is longer than the protocol allows.
    #[error("{what} longer than {max} octets")]
    TooLong {
        /// What was being built.
        what: &'static str,
        /// The maximum length in octets.
        max: usize,
    },
    /// A byte that the value's grammar does not allow.
    #[error("{what} must not contain byte 0x{byte:02x} (at {position})")]
    InvalidByte {
        /// What was being built.
        what: &'static str,
        /// The offending byte.
        byte: u8,
        /// Its position in the value.
        position: usize,
    },
    /// A number outside the allowed range.
    #[error("{what} must be in {min}..={max}")]
    OutOfRange {
        /// What was being built.
        what: &'static str,
        /// The smallest allowed value.
        min: u64,
        /// The largest allowed value.
        max: u64,
    },
    /// Any other rule of the value's grammar.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// What was being built.
        what: &'static str,
        /// The rule that was broken.
        reason: &'static str,
    },
}

/// The application asked a session for something the protocol state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{action} is not allowed {state}")]
#[non_exhaustive]
pub struct UsageError {
    /// What was asked ("send MAIL", "reply to DATA", ...).
    pub action: &'static str,
    /// Why not, in words ("before EHLO", "while a DATA body is being sent", ...).
    pub state: &'static str,
}

impl UsageError {
    /// A usage error: `action` is not allowed in `state`.
    pub fn new(action: &'static str, state: &'static str) -> Self {
        UsageError { action, state }
    }
}
