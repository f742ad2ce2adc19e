//! Errors: the shared [`DecodeError`] (the peer's bytes), [`ValidationError`] (the
//! application built an invalid value) and [`UsageError`] (a session method called in the
//! wrong state), re-exported from `mail-core`.

pub use mail_core::{DecodeError, DecodeErrorKind, UsageError, ValidationError};
