//! RFC 5321 §4.1.2 `Local-part`.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use bytes::BufMut;

use super::{
    AddressConfig, is_atext, is_qtext, is_quotable, scan_run, to_validation, utf8_char, whole,
};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// The local part of a mailbox (RFC 5321 §4.1.2), kept as written.
///
/// ```text
/// Local-part      = Dot-string / Quoted-string   ; MAY be case-sensitive
/// Dot-string      = Atom *("."  Atom)
/// Atom            = 1*atext
/// Quoted-string   = DQUOTE *QcontentSMTP DQUOTE
/// QcontentSMTP    = qtextSMTP / quoted-pairSMTP
/// quoted-pairSMTP = %d92 %d32-126
/// qtextSMTP       = %d32-33 / %d35-91 / %d93-126
/// ```
///
/// RFC 6531 §3.3 adds `UTF8-non-ascii` to `atext` and `qtextSMTP`.
///
/// The wire form ([`LocalPart::as_str`]) is what [`Encode`] writes. Equality and hashing use the
/// unquoted value, because RFC 5321 §4.1.2 says "all quoted forms MUST be treated as
/// equivalent": `"john"` equals `john`, and `"a\b"` equals `"ab"`. Comparison is
/// case-sensitive (the local part "MAY be case-sensitive").
#[derive(Debug, Clone)]
pub struct LocalPart<'a> {
    raw: Cow<'a, str>,
}

/// Scans a `Local-part` starting at `start`; returns where it ends. Checks the length limit.
pub(crate) fn scan(
    input: &[u8],
    start: usize,
    config: &AddressConfig,
) -> Result<usize, DecodeError> {
    let end = if input.get(start) == Some(&b'"') {
        scan_quoted(input, start, config)?
    } else {
        scan_dot_string(input, start, config)?
    };
    if end - start > config.max_local_part {
        return Err(DecodeError::new(
            start + config.max_local_part,
            DecodeErrorKind::LimitExceeded {
                what: "local-part octets",
                limit: config.max_local_part as u64,
            },
        ));
    }
    Ok(end)
}

/// `Quoted-string`, the opening `"` at `start`.
fn scan_quoted(input: &[u8], start: usize, config: &AddressConfig) -> Result<usize, DecodeError> {
    let mut pos = start + 1;
    loop {
        match input.get(pos) {
            None => {
                return Err(DecodeError::syntax(
                    pos,
                    "'\"' closing the quoted local part",
                ));
            }
            Some(b'"') => return Ok(pos + 1),
            Some(b'\\') => match input.get(pos + 1) {
                Some(&b) if is_quotable(b) => pos += 2,
                _ => {
                    return Err(DecodeError::syntax(
                        pos + 1,
                        "a printable ASCII character or space after '\\'",
                    ));
                }
            },
            Some(&b) if is_qtext(b) => pos += 1,
            Some(&b) if b >= 0x80 => pos += utf8_char(input, pos, config.utf8)?,
            Some(_) => {
                return Err(DecodeError::syntax(
                    pos,
                    "a printable character in the quoted local part",
                ));
            }
        }
    }
}

/// `Dot-string`: one or more atoms separated by single dots.
fn scan_dot_string(
    input: &[u8],
    start: usize,
    config: &AddressConfig,
) -> Result<usize, DecodeError> {
    let mut pos = start;
    loop {
        let atom_start = pos;
        pos = scan_run(input, pos, config.utf8, is_atext)?;
        if pos == atom_start {
            return Err(DecodeError::syntax(pos, "a local-part character"));
        }
        if input.get(pos) == Some(&b'.') {
            pos += 1;
        } else {
            return Ok(pos);
        }
    }
}

/// Whether `value` is a valid `Dot-string` as a whole (non-ASCII counted as `atext`).
fn is_dot_string(value: &str) -> bool {
    !value.is_empty()
        && value
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(|b| is_atext(b) || b >= 0x80))
}

/// The unquoted octets of a wire form (a `Dot-string` is its own value).
fn unquoted_bytes(raw: &str) -> impl Iterator<Item = u8> + '_ {
    let inner = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner,
        None => raw,
    };
    let quoted = inner.len() != raw.len();
    let mut escaped = false;
    inner.bytes().filter(move |&b| {
        if quoted && b == b'\\' && !escaped {
            escaped = true;
            false
        } else {
            escaped = false;
            true
        }
    })
}

impl<'a> LocalPart<'a> {
    /// A local part holding the unquoted value `value`: written bare when it is a valid
    /// `Dot-string`, else quoted with `\` before each `"` and `\` (RFC 5321 §4.1.2: "the
    /// sending system SHOULD transmit the form that uses the minimum quoting possible").
    ///
    /// UTF-8 is allowed (see [`LocalPart::with_config`] to refuse it); control characters
    /// cannot be represented at all. The empty value becomes `""`. Errors:
    /// [`ValidationError::InvalidByte`], [`ValidationError::TooLong`] (wire form over
    /// [`MAX_LOCAL_PART`](super::MAX_LOCAL_PART) octets).
    pub fn new(value: &'a str) -> Result<Self, ValidationError> {
        Self::with_config(value, &AddressConfig::construct())
    }

    /// [`LocalPart::new`] under `config` (its `utf8` switch and `max_local_part` limit).
    pub fn with_config(value: &'a str, config: &AddressConfig) -> Result<Self, ValidationError> {
        const WHAT: &str = "local-part";
        for (position, byte) in value.bytes().enumerate() {
            if byte < 0x20 || byte == 0x7f || (byte >= 0x80 && !config.utf8) {
                return Err(ValidationError::InvalidByte {
                    what: WHAT,
                    byte,
                    position,
                });
            }
        }
        let raw = if is_dot_string(value) {
            Cow::Borrowed(value)
        } else {
            let mut quoted = String::with_capacity(value.len() + 2);
            quoted.push('"');
            for c in value.chars() {
                if c == '"' || c == '\\' {
                    quoted.push('\\');
                }
                quoted.push(c);
            }
            quoted.push('"');
            Cow::Owned(quoted)
        };
        if raw.len() > config.max_local_part {
            return Err(ValidationError::TooLong {
                what: WHAT,
                max: config.max_local_part,
            });
        }
        Ok(LocalPart { raw })
    }

    /// A local part from its wire form (`Dot-string` or `Quoted-string`), validated and kept as
    /// given. UTF-8 is allowed; see [`LocalPart::from_raw_with_config`].
    pub fn from_raw(raw: &'a str) -> Result<Self, ValidationError> {
        Self::from_raw_with_config(raw, &AddressConfig::construct())
    }

    /// [`LocalPart::from_raw`] under `config`.
    pub fn from_raw_with_config(
        raw: &'a str,
        config: &AddressConfig,
    ) -> Result<Self, ValidationError> {
        const WHAT: &str = "local-part";
        let bytes = raw.as_bytes();
        let end = scan(bytes, 0, config).map_err(|e| to_validation(e, WHAT, bytes))?;
        whole(end, bytes, WHAT)?;
        Ok(LocalPart {
            raw: Cow::Borrowed(raw),
        })
    }

    /// For the decoder: `raw` has been scanned.
    pub(crate) fn from_scanned(raw: &'a str) -> Self {
        LocalPart {
            raw: Cow::Borrowed(raw),
        }
    }

    /// The wire form, exactly as received or built (quotes and backslashes included).
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether the wire form is a `Quoted-string`.
    pub fn is_quoted(&self) -> bool {
        self.raw.starts_with('"')
    }

    /// Whether the local part is pure ASCII (else it needs SMTPUTF8, RFC 6531).
    pub fn is_ascii(&self) -> bool {
        self.raw.is_ascii()
    }

    /// The value: a `Dot-string` as is, a `Quoted-string` without its quotes and with each
    /// `quoted-pairSMTP` replaced by the character it quotes. Borrows unless there is a `\`.
    pub fn unquoted(&self) -> Cow<'_, str> {
        let raw: &str = &self.raw;
        let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
            return Cow::Borrowed(raw);
        };
        if !inner.contains('\\') {
            return Cow::Borrowed(inner);
        }
        let mut out = String::with_capacity(inner.len());
        let mut escaped = false;
        for c in inner.chars() {
            if c == '\\' && !escaped {
                escaped = true;
            } else {
                escaped = false;
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// The same value with the minimum quoting: bare when the value is a `Dot-string`,
    /// otherwise quoted with only the necessary backslashes. Never longer than `self`.
    pub fn minimally_quoted(&self) -> LocalPart<'_> {
        if !self.is_quoted() {
            return LocalPart {
                raw: Cow::Borrowed(&self.raw),
            };
        }
        let value = self.unquoted();
        if is_dot_string(&value) {
            return LocalPart { raw: value };
        }
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        LocalPart {
            raw: Cow::Owned(quoted),
        }
    }

    /// Length of the wire form in octets.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Always false: the shortest local part, `""`, has two octets.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

impl PartialEq for LocalPart<'_> {
    fn eq(&self, other: &Self) -> bool {
        unquoted_bytes(&self.raw).eq(unquoted_bytes(&other.raw))
    }
}

impl Eq for LocalPart<'_> {}

impl Hash for LocalPart<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in unquoted_bytes(&self.raw) {
            state.write_u8(b);
        }
        // 0xFF never occurs in UTF-8: ends the value unambiguously.
        state.write_u8(0xff);
    }
}

impl Encode for LocalPart<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.raw.as_bytes());
    }
}

/// Writes the wire form.
impl fmt::Display for LocalPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl IntoOwned for LocalPart<'_> {
    type Owned = LocalPart<'static>;

    fn into_owned(self) -> LocalPart<'static> {
        LocalPart {
            raw: Cow::Owned(self.raw.into_owned()),
        }
    }
}
