//! xtext (RFC 3461 §4): the encoding of the `ENVID` and `ORCPT` parameters of DSN, and of
//! `AUTH=<mailbox>` (RFC 4954 §5).
//!
//! RFC 3461 §4:
//!
//! ```text
//! xtext   = *( xchar / hexchar )
//! xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive,
//!           except for "+" and "=".
//! hexchar = ASCII "+" immediately followed by two upper case
//!           hexadecimal digits
//! ```
//!
//! Decoding is strict by default: after `+` come exactly two of `0-9A-F`. Lower-case hex digits
//! (`+2b`) are accepted only with the named leniency [`XtextConfig::lower_case_hex`]. Any byte
//! that is not an `xchar` and not part of a `hexchar` (SP, `=`, controls, 8-bit) is an error.
//! The SMTPUTF8 form `utf-8-xtext` of RFC 6533 is not handled here.
//!
//! The encoder writes every `xchar` as itself and every other octet as `+XX` with upper-case
//! digits, so its output is always accepted by the strict decoder.
//!
//! ```
//! use std::borrow::Cow;
//! use mail_core::xtext;
//!
//! assert!(matches!(xtext::decode(b"plain").unwrap(), Cow::Borrowed(b"plain")));
//! assert_eq!(xtext::decode(b"a+2Bb+3Dc").unwrap().as_ref(), b"a+b=c");
//!
//! let mut out = Vec::new();
//! xtext::encode(b"a+b=c d", &mut out);
//! assert_eq!(out, b"a+2Bb+3Dc+20d");
//! ```

use std::borrow::Cow;
use std::fmt;

use bytes::BufMut;

use crate::decode::{DecodeError, IntoOwned};
use crate::encode::Encode;

/// Leniencies of xtext decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct XtextConfig {
    /// Accept lower-case hex digits after `+` (`+2b`). RFC 3461 §4 says "two upper case
    /// hexadecimal digits", so this is off by default.
    pub lower_case_hex: bool,
}

impl XtextConfig {
    /// The strict configuration (the default).
    pub fn new() -> Self {
        Self::default()
    }

    /// The same configuration with the lower-case hex leniency set to `accept`.
    pub fn with_lower_case_hex(mut self, accept: bool) -> Self {
        self.lower_case_hex = accept;
        self
    }
}

/// Whether `b` is an RFC 3461 §4 `xchar`: `!` to `~` except `+` and `=`.
pub const fn is_xchar(b: u8) -> bool {
    matches!(b, 33..=126) && b != b'+' && b != b'='
}

/// The value of an upper-case (or, when `lower` is set, lower-case) hex digit.
fn hex_value(b: u8, lower: bool) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' if lower => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Decodes a whole xtext value (strict: upper-case hex only).
///
/// Borrows the input when it has no `+XX` escape. Errors are
/// [`DecodeErrorKind::Syntax`](crate::DecodeErrorKind::Syntax) at the offending byte.
pub fn decode(input: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    decode_with(input, &XtextConfig::default())
}

/// Decodes a whole xtext value with the leniencies of `config`.
///
/// The decoded value is never longer than the input, so memory is bounded by the input.
pub fn decode_with<'a>(
    input: &'a [u8],
    config: &XtextConfig,
) -> Result<Cow<'a, [u8]>, DecodeError> {
    // Validate first; find the first escape.
    let mut first_plus = None;
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if b == b'+' {
            check_hexchar(input, i, config)?;
            first_plus.get_or_insert(i);
            i += 3;
        } else if is_xchar(b) {
            i += 1;
        } else {
            return Err(DecodeError::syntax(i, "an xtext character"));
        }
    }
    let Some(start) = first_plus else {
        return Ok(Cow::Borrowed(input));
    };
    // Valid: unescape. The checks above guarantee every `+` has two hex digits.
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(input.get(..start).unwrap_or_default());
    let mut rest = input.get(start..).unwrap_or_default();
    while let Some((&b, tail)) = rest.split_first() {
        match (b, tail) {
            (b'+', [h, l, after @ ..]) => {
                let (h, l) = (
                    hex_value(*h, config.lower_case_hex).unwrap_or(0),
                    hex_value(*l, config.lower_case_hex).unwrap_or(0),
                );
                out.push(h << 4 | l);
                rest = after;
            }
            _ => {
                out.push(b);
                rest = tail;
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// Checks the `hexchar` whose `+` is at `at`.
fn check_hexchar(input: &[u8], at: usize, config: &XtextConfig) -> Result<(), DecodeError> {
    for k in 1..=2 {
        let pos = at + k;
        match input.get(pos) {
            Some(&d) if hex_value(d, config.lower_case_hex).is_some() => {}
            _ => {
                return Err(DecodeError::syntax(
                    pos,
                    "two upper-case hex digits after '+'",
                ));
            }
        }
    }
    Ok(())
}

/// Whether `input` is a valid xtext value under the strict rules.
pub fn is_valid(input: &[u8]) -> bool {
    decode(input).is_ok()
}

/// Appends the xtext form of `value`: `xchar`s as themselves, other octets as `+XX`.
pub fn encode<B: BufMut + ?Sized>(value: &[u8], dst: &mut B) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = value;
    while !rest.is_empty() {
        let plain = rest.iter().take_while(|&&b| is_xchar(b)).count();
        let (run, tail) = rest.split_at(plain);
        dst.put_slice(run);
        if let Some((&b, tail)) = tail.split_first() {
            dst.put_slice(&[b'+', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]);
            rest = tail;
        } else {
            rest = tail;
        }
    }
}

/// The length of the xtext form of `value`.
pub fn encoded_len(value: &[u8]) -> usize {
    value.iter().map(|&b| if is_xchar(b) { 1 } else { 3 }).sum()
}

/// A value carried as xtext: holds the decoded octets, encodes to the xtext form.
///
/// Any octet string can be carried, so construction cannot fail.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct XText<'a>(Cow<'a, [u8]>);

impl<'a> XText<'a> {
    /// The value `decoded` (not yet encoded).
    pub fn new(decoded: impl Into<Cow<'a, [u8]>>) -> Self {
        XText(decoded.into())
    }

    /// Decodes the xtext form `input` (strict); borrows when there is no escape.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        decode(input).map(XText)
    }

    /// Decodes the xtext form `input` with the leniencies of `config`.
    pub fn decode_with(input: &'a [u8], config: &XtextConfig) -> Result<Self, DecodeError> {
        decode_with(input, config).map(XText)
    }

    /// The decoded octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The decoded octets, taken out.
    pub fn into_inner(self) -> Cow<'a, [u8]> {
        self.0
    }
}

impl Encode for XText<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        encode(&self.0, dst)
    }
}

/// Writes the xtext (wire) form, which is always ASCII.
impl fmt::Display for XText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = Vec::with_capacity(encoded_len(&self.0));
        encode(&self.0, &mut buf);
        f.write_str(&String::from_utf8_lossy(&buf))
    }
}

impl IntoOwned for XText<'_> {
    type Owned = XText<'static>;

    fn into_owned(self) -> XText<'static> {
        XText(Cow::Owned(self.0.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeErrorKind;

    /// RFC 3461 §4 xtext: (input, decoded value, borrowed?).
    #[test]
    fn decode_table() {
        let ok: &[(&[u8], &[u8], bool)] = &[
            (b"", b"", true),
            (b"abc", b"abc", true),
            (
                b"!\"#$%&'()*,-./09:;<>?@AZ[\\]^_`az{|}~",
                b"!\"#$%&'()*,-./09:;<>?@AZ[\\]^_`az{|}~",
                true,
            ),
            (b"+2B", b"+", false),
            (b"+3D", b"=", false),
            (b"a+20b", b"a b", false),
            (b"+00+FF+7F", b"\x00\xff\x7f", false),
            // An xchar may also be sent as a hexchar (RFC 3461 §4 "at the implementor's discretion").
            (b"+41", b"A", false),
            (b"user+40example.com", b"user@example.com", false),
        ];
        for (input, value, borrowed) in ok {
            let got = decode(input).unwrap();
            assert_eq!(got.as_ref(), *value);
            assert_eq!(matches!(got, Cow::Borrowed(_)), *borrowed);
        }
    }

    /// RFC 3461 §4: "+" needs two upper case hex digits; SP, "=", controls and 8-bit are not xchar.
    #[test]
    fn decode_errors() {
        let bad: &[(&[u8], usize)] = &[
            (b"+", 1),
            (b"+2", 2),
            (b"a+", 2),
            (b"+G0", 1),
            (b"+2G", 2),
            (b"+2b", 2),
            (b"+ab", 1),
            (b"a=b", 1),
            (b"a b", 1),
            (b"\x7f", 0),
            (b"\x00", 0),
            (b"ok\x80", 2),
            (b"\xc3\xa9", 0),
            (b"+2B+", 4),
        ];
        for (input, offset) in bad {
            let err = decode(input).unwrap_err();
            assert_eq!(err.offset, *offset, "{:?}", String::from_utf8_lossy(input));
            assert!(matches!(err.kind, DecodeErrorKind::Syntax { .. }));
        }
    }

    /// The lower-case leniency accepts `+2b` and nothing else that is invalid.
    #[test]
    fn lower_case_leniency() {
        let lenient = XtextConfig::new().with_lower_case_hex(true);
        assert_eq!(
            decode_with(b"a+2bb+3d", &lenient).unwrap().as_ref(),
            b"a+b="
        );
        assert_eq!(decode_with(b"+fF", &lenient).unwrap().as_ref(), b"\xff");
        assert!(decode_with(b"+g0", &lenient).is_err());
        assert!(decode_with(b"a b", &lenient).is_err());
    }

    /// The encoder escapes exactly the non-xchar octets, in upper case.
    #[test]
    fn encode_table() {
        let table: &[(&[u8], &[u8])] = &[
            (b"", b""),
            (b"abc", b"abc"),
            (b"a+b", b"a+2Bb"),
            (b"a=b", b"a+3Db"),
            (b" ", b"+20"),
            (b"\r\n", b"+0D+0A"),
            (b"\xff\x00", b"+FF+00"),
            (b"caf\xc3\xa9", b"caf+C3+A9"),
        ];
        for (value, wire) in table {
            let x = XText::new(*value);
            assert_eq!(x.to_bytes(), *wire);
            assert_eq!(encoded_len(value), wire.len());
            assert_eq!(x.to_string().as_bytes(), *wire);
            assert_eq!(XText::decode(wire).unwrap(), x);
        }
    }

    #[test]
    fn into_owned_keeps_value() {
        let wire = b"a+2Bb".to_vec();
        let owned = XText::decode(&wire).unwrap().into_owned();
        drop(wire);
        assert_eq!(owned.as_bytes(), b"a+b");
        assert!(is_valid(b"abc") && !is_valid(b"a b"));
    }
}
