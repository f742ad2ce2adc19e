//! Small checks shared by the mechanism messages.

use std::borrow::Cow;

use crate::decode::{DecodeError, DecodeErrorKind};
use crate::error::ValidationError;

/// `input` as UTF-8, or an [`DecodeErrorKind::InvalidUtf8`] error at `base` + the offset of the
/// first invalid byte.
pub(crate) fn utf8(input: &[u8], base: usize) -> Result<&str, DecodeError> {
    std::str::from_utf8(input).map_err(|e| {
        DecodeError::new(
            base.saturating_add(e.valid_up_to()),
            DecodeErrorKind::InvalidUtf8,
        )
    })
}

/// The first byte of `input` for which `bad` holds, with its position.
pub(crate) fn find_byte(input: &[u8], bad: impl Fn(u8) -> bool) -> Option<(usize, u8)> {
    input.iter().copied().enumerate().find(|&(_, b)| bad(b))
}

/// Checks that `value` is not empty and holds no byte for which `bad` holds.
pub(crate) fn validate(
    value: &[u8],
    what: &'static str,
    bad: impl Fn(u8) -> bool,
) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::Empty { what });
    }
    validate_bytes(value, what, bad)
}

/// Checks that `value` holds no byte for which `bad` holds (it may be empty).
pub(crate) fn validate_bytes(
    value: &[u8],
    what: &'static str,
    bad: impl Fn(u8) -> bool,
) -> Result<(), ValidationError> {
    match find_byte(value, bad) {
        Some((position, byte)) => Err(ValidationError::InvalidByte {
            what,
            byte,
            position,
        }),
        None => Ok(()),
    }
}

/// ASCII control characters (RFC 5234 CTL, and the C1 range never appears as a single byte in
/// UTF-8 text).
pub(crate) fn is_ctl(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// Copies a borrowed `Cow` into an owned one.
pub(crate) fn own<T: ?Sized + ToOwned>(value: Cow<'_, T>) -> Cow<'static, T> {
    Cow::Owned(value.into_owned())
}
