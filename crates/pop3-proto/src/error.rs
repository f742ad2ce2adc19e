//! Errors, split by cause (see the crate documentation).
//!
//! * The peer's bytes are invalid: [`DecodeError`] (offset, [`DecodeErrorKind`], skip length).
//! * The application built an invalid value: [`ValidationError`].
//! * The application called a session in the wrong state: [`UsageError`].

pub use mail_core::{
    DecodeError, DecodeErrorKind, DecodeResult, Decoded, UsageError, ValidationError,
};

/// A fatal problem of a client session: after it the session is closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server's bytes could not be decoded and the response's end is unknown.
    #[error("invalid response: {0}")]
    Decode(#[from] DecodeError),
    /// The server sent bytes after the `+OK` to STLS, before the TLS handshake (RFC 2595 §4:
    /// they could be injected by an attacker and must not be trusted).
    #[error("{0} bytes received after the +OK to STLS")]
    DataAfterStls(usize),
    /// The server sent a response that no command was waiting for.
    #[error("unexpected response from the server")]
    UnexpectedResponse,
    /// The connection closed ([`Client::handle_eof`](crate::client::Client::handle_eof))
    /// while the greeting or a response was still awaited, or in the middle of one.
    #[error("the server closed the connection before its response was complete")]
    ConnectionClosed,
}
