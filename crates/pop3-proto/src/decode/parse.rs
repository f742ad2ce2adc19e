//! Small grammar pieces shared by the command and response parsers (complete input: one line).

use mail_core::DecodeErrorKind;
use nom::IResult;
use nom::character::complete::digit1;

/// A parse failure inside a line: offset in the line and what went wrong.
pub(crate) type Fail = (usize, DecodeErrorKind);

pub(crate) fn syntax(offset: usize, expected: &'static str) -> Fail {
    (offset, DecodeErrorKind::Syntax { expected })
}

fn digits(input: &[u8]) -> IResult<&[u8], &[u8]> {
    digit1(input)
}

/// A whole token of decimal digits as a `u64`, `max` included (RFC 1939 §3 numbers are base-10).
/// `offset` is the token's position in the line, for errors.
pub(crate) fn number(
    token: &[u8],
    offset: usize,
    max: u64,
    what: &'static str,
) -> Result<u64, Fail> {
    match digits(token) {
        Ok(([], d)) => {
            let mut n: u64 = 0;
            for &b in d {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(b - b'0')))
                    .ok_or((offset, DecodeErrorKind::NumberOverflow))?;
            }
            if n > max {
                return Err((offset, DecodeErrorKind::NumberOverflow));
            }
            Ok(n)
        }
        _ => Err(syntax(offset, what)),
    }
}

/// A message number: 1..=u32::MAX (RFC 1939 §3: messages are numbered from 1).
pub(crate) fn message_number(
    token: &[u8],
    offset: usize,
) -> Result<crate::types::MessageNumber, Fail> {
    let n = number(token, offset, u64::from(u32::MAX), "a message number")?;
    u32::try_from(n)
        .ok()
        .and_then(|n| crate::types::MessageNumber::new(n).ok())
        .ok_or((offset, DecodeErrorKind::NumberOutOfRange))
}

/// Splits a line into space-separated tokens with their offsets (at most `max` tokens; the
/// last one then holds the rest of the line).
pub(crate) fn split_sp(line: &[u8], base: usize, max: usize) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    while out.len() + 1 < max {
        match memchr::memchr(b' ', &line[start..]) {
            Some(i) => {
                out.push((base + start, &line[start..start + i]));
                start += i + 1;
            }
            None => break,
        }
    }
    out.push((base + start, &line[start..]));
    out
}

/// At most three tokens of a line, kept inline: [`split_sp3`] (no allocation per line, which
/// matters for a 10,000-line listing). Dereferences to the tokens with their offsets.
pub(crate) struct Parts<'a> {
    items: [(usize, &'a [u8]); 3],
    len: usize,
}

impl<'a> Parts<'a> {
    /// No token (a command without arguments).
    pub(crate) fn empty() -> Self {
        Parts {
            items: [(0, &[]); 3],
            len: 0,
        }
    }
}

impl<'a> std::ops::Deref for Parts<'a> {
    type Target = [(usize, &'a [u8])];
    fn deref(&self) -> &Self::Target {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// [`split_sp`] for at most three tokens (`max` is capped at 3), without allocating.
pub(crate) fn split_sp3(line: &[u8], base: usize, max: usize) -> Parts<'_> {
    let max = max.clamp(1, 3);
    let mut out = Parts::empty();
    let mut start = 0;
    while out.len + 1 < max {
        match memchr::memchr(b' ', line.get(start..).unwrap_or_default()) {
            Some(i) => {
                out.items[out.len] = (base + start, &line[start..start + i]);
                out.len += 1;
                start += i + 1;
            }
            None => break,
        }
    }
    out.items[out.len] = (base + start, line.get(start..).unwrap_or_default());
    out.len += 1;
    out
}

/// Borrows `bytes` as UTF-8.
pub(crate) fn utf8(bytes: &[u8], offset: usize) -> Result<&str, Fail> {
    std::str::from_utf8(bytes).map_err(|e| (offset + e.valid_up_to(), DecodeErrorKind::InvalidUtf8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1939 §3: message numbers start at 1; a number that does not fit is an error.
    #[test]
    fn numbers() {
        assert_eq!(message_number(b"1", 0).map(|m| m.get()), Ok(1));
        assert_eq!(
            message_number(b"4294967295", 0).map(|m| m.get()),
            Ok(u32::MAX)
        );
        assert_eq!(
            message_number(b"0", 3),
            Err((3, DecodeErrorKind::NumberOutOfRange))
        );
        assert_eq!(
            message_number(b"4294967296", 0),
            Err((0, DecodeErrorKind::NumberOverflow))
        );
        assert_eq!(
            message_number(b"99999999999999999999999", 0),
            Err((0, DecodeErrorKind::NumberOverflow))
        );
        assert!(message_number(b"+1", 0).is_err());
        assert!(message_number(b"", 0).is_err());
        assert!(message_number(b"1a", 0).is_err());
    }

    proptest::proptest! {
        /// RFC 1939 §3 arguments and listing fields are split on SP: the inline splitter gives
        /// the same tokens and offsets as the general one.
        #[test]
        fn inline_split_agrees(
            line in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(b' '), proptest::prelude::any::<u8>()],
                0..16,
            ),
            base in 0usize..5,
            max in 1usize..4,
        ) {
            proptest::prop_assert_eq!(&*split_sp3(&line, base, max), &split_sp(&line, base, max)[..]);
        }
    }
}
