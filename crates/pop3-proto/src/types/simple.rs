//! Small validated values: message numbers, parameters, text, response codes, unique ids.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use mail_core::{IntoOwned, Secret, ValidationError};

/// A message number (RFC 1939 §3: messages are numbered from 1): `1..=u32::MAX`.
///
/// ```abnf
/// msg = 1*DIGIT   ; RFC 1939 §5, a non-zero decimal number
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageNumber(NonZeroU32);

impl MessageNumber {
    /// A message number; 0 is not one (RFC 1939 §3).
    pub fn new(n: u32) -> Result<Self, ValidationError> {
        NonZeroU32::new(n)
            .map(MessageNumber)
            .ok_or(ValidationError::OutOfRange {
                what: "message number",
                min: 1,
                max: u64::from(u32::MAX),
            })
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl fmt::Display for MessageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a byte string breaks a character class: the position of the first bad byte.
pub(crate) fn first_bad(bytes: &[u8], ok: impl Fn(u8) -> bool) -> Option<usize> {
    bytes.iter().position(|&b| !ok(b))
}

/// RFC 5234 VCHAR, or any non-ASCII byte when UTF-8 is allowed (RFC 6856 §2).
pub(crate) fn is_param_byte(b: u8, utf8: bool) -> bool {
    (0x21..=0x7e).contains(&b) || (utf8 && b >= 0x80)
}

/// A text byte of a password or response text: anything but CR, LF and NUL (and 8-bit unless
/// UTF-8 is allowed).
pub(crate) fn is_text_byte(b: u8, utf8: bool) -> bool {
    !matches!(b, b'\r' | b'\n' | 0) && (b < 0x80 || utf8)
}

fn validate(
    what: &'static str,
    bytes: &[u8],
    ok: impl Fn(u8) -> bool,
) -> Result<(), ValidationError> {
    match first_bad(bytes, ok) {
        Some(position) => Err(ValidationError::InvalidByte {
            what,
            byte: bytes[position],
            position,
        }),
        None => Ok(()),
    }
}

/// A command parameter (RFC 2449 §3), such as a user name or a language tag.
///
/// ```abnf
/// param = 1*VCHAR   ; RFC 2449 §3; UTF-8 allowed after the UTF8 command (RFC 6856 §2)
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param<'a>(pub(crate) Cow<'a, str>);

impl<'a> Param<'a> {
    /// A parameter: not empty, no space or control character (non-ASCII UTF-8 is accepted; a
    /// server only decodes it after the UTF8 command, RFC 6856 §2).
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if value.is_empty() {
            return Err(ValidationError::Empty { what: "parameter" });
        }
        validate("parameter", value.as_bytes(), |b| is_param_byte(b, true))?;
        Ok(Param(value))
    }

    /// The parameter.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoOwned for Param<'_> {
    type Owned = Param<'static>;
    fn into_owned(self) -> Param<'static> {
        Param(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Param<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The argument of PASS: everything after `PASS` and one space, spaces included (RFC 1939 §7:
/// "the server may treat spaces in the argument as part of the password"). `Debug` redacts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Password<'a>(pub(crate) Secret<Cow<'a, str>>);

impl<'a> Password<'a> {
    /// A password: not empty, no CR, LF or NUL.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if value.is_empty() {
            return Err(ValidationError::Empty { what: "password" });
        }
        validate("password", value.as_bytes(), |b| is_text_byte(b, true))?;
        Ok(Password(Secret::new(value)))
    }

    /// The password itself.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl IntoOwned for Password<'_> {
    type Owned = Password<'static>;
    fn into_owned(self) -> Password<'static> {
        Password(self.0.map(|c| Cow::Owned(c.into_owned())))
    }
}

/// Human-readable text of a response (RFC 2449 §3 `text`), as bytes: servers are not always
/// careful about its encoding. It never holds CR, LF or NUL, so it cannot forge a line.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(pub(crate) Cow<'a, [u8]>);

/// Writes bytes as an escaped string: UTF-8 shown as text, other bytes as `\xNN`.
pub(crate) fn debug_bytes(f: &mut fmt::Formatter<'_>, name: &str, bytes: &[u8]) -> fmt::Result {
    f.write_str(name)?;
    f.write_str("(\"")?;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            write!(f, "{}", c.escape_debug())?;
        }
        for b in chunk.invalid() {
            write!(f, "\\x{b:02x}")?;
        }
    }
    f.write_str("\")")
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_bytes(f, "Text", &self.0)
    }
}

impl<'a> Text<'a> {
    /// Text without CR, LF or NUL (it may be empty).
    pub fn new(value: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValidationError> {
        let value = value.into();
        validate("response text", &value, |b| is_text_byte(b, true))?;
        Ok(Text(value))
    }

    /// Text from a string (see [`Text::new`]).
    pub fn new_str(value: &'a str) -> Result<Self, ValidationError> {
        Self::new(value.as_bytes())
    }

    /// Empty text.
    pub fn empty() -> Text<'static> {
        Text(Cow::Borrowed(b""))
    }

    /// The text's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, when it is UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoOwned for Text<'_> {
    type Owned = Text<'static>;
    fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

/// The response codes this crate knows (the first levels of a [`ResponseCode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownCode {
    /// `IN-USE` (RFC 2449 §8.1.2): the maildrop is locked by another session.
    InUse,
    /// `LOGIN-DELAY` (RFC 2449 §8.1.1): logged in too recently.
    LoginDelay,
    /// `SYS/TEMP` (RFC 3206 §4): a temporary system problem.
    SysTemp,
    /// `SYS/PERM` (RFC 3206 §4): a permanent system problem.
    SysPerm,
    /// `AUTH` (RFC 3206 §5): a problem with the credentials.
    Auth,
    /// `UTF8` (RFC 6856 §5): the failure is due to UTF-8 (mode not enabled or not supported).
    Utf8,
}

/// An extended response code (RFC 2449 §8), kept as received; [`ResponseCode::known`] classifies
/// it, ignoring unknown deeper levels as RFC 2449 §8 requires ("Clients MUST ignore unknown
/// hierarchical detail").
///
/// ```abnf
/// resp-code  = "[" resp-level *("/" resp-level) "]"   ; RFC 2449 §3
/// resp-level = 1*rchar
/// rchar      = %x21-2E / %x30-5C / %x5E-7F            ; printable ASCII, excluding "/" and "]"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseCode<'a>(pub(crate) Cow<'a, str>);

pub(crate) fn is_rchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2e | 0x30..=0x5c | 0x5e..=0x7f)
}

/// Whether `s` is `resp-level *("/" resp-level)`.
pub(crate) fn is_code_body(s: &[u8]) -> bool {
    !s.is_empty()
        && s.split(|&b| b == b'/')
            .all(|level| !level.is_empty() && level.iter().all(|&b| is_rchar(b)))
}

impl<'a> ResponseCode<'a> {
    /// A code from its text without brackets (`"SYS/TEMP"`).
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if !is_code_body(value.as_bytes()) {
            return Err(ValidationError::Invalid {
                what: "response code",
                reason: "levels of printable ASCII other than \"/\" and \"]\", separated by \"/\"",
            });
        }
        Ok(ResponseCode(value))
    }

    /// The code of a known kind.
    pub fn from_known(code: KnownCode) -> ResponseCode<'static> {
        ResponseCode(Cow::Borrowed(match code {
            KnownCode::InUse => "IN-USE",
            KnownCode::LoginDelay => "LOGIN-DELAY",
            KnownCode::SysTemp => "SYS/TEMP",
            KnownCode::SysPerm => "SYS/PERM",
            KnownCode::Auth => "AUTH",
            KnownCode::Utf8 => "UTF8",
        }))
    }

    /// The code as received, without brackets.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The known code this is (case-insensitive, deeper unknown levels ignored), if any.
    pub fn known(&self) -> Option<KnownCode> {
        let mut levels = self.0.split('/');
        let first = levels.next().unwrap_or("");
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        if eq(first, "IN-USE") {
            Some(KnownCode::InUse)
        } else if eq(first, "LOGIN-DELAY") {
            Some(KnownCode::LoginDelay)
        } else if eq(first, "AUTH") {
            Some(KnownCode::Auth)
        } else if eq(first, "UTF8") {
            Some(KnownCode::Utf8)
        } else if eq(first, "SYS") {
            match levels.next() {
                Some(l) if eq(l, "TEMP") => Some(KnownCode::SysTemp),
                Some(l) if eq(l, "PERM") => Some(KnownCode::SysPerm),
                _ => None,
            }
        } else {
            None
        }
    }
}

impl IntoOwned for ResponseCode<'_> {
    type Owned = ResponseCode<'static>;
    fn into_owned(self) -> ResponseCode<'static> {
        ResponseCode(Cow::Owned(self.0.into_owned()))
    }
}

/// A unique-id (RFC 1939 §7 UIDL): 1 to 70 characters in 0x21..=0x7E.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UniqueId<'a>(pub(crate) Cow<'a, str>);

/// RFC 1939 §7: "The unique-id of a message ... consists of one to 70 characters in the range
/// 0x21 to 0x7E".
pub(crate) fn is_uid(s: &[u8]) -> bool {
    (1..=70).contains(&s.len()) && s.iter().all(|b| (0x21..=0x7e).contains(b))
}

impl<'a> UniqueId<'a> {
    /// A unique id.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if value.is_empty() {
            return Err(ValidationError::Empty { what: "unique-id" });
        }
        if value.len() > 70 {
            return Err(ValidationError::TooLong {
                what: "unique-id",
                max: 70,
            });
        }
        validate("unique-id", value.as_bytes(), |b| {
            (0x21..=0x7e).contains(&b)
        })?;
        Ok(UniqueId(value))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoOwned for UniqueId<'_> {
    type Owned = UniqueId<'static>;
    fn into_owned(self) -> UniqueId<'static> {
        UniqueId(Cow::Owned(self.0.into_owned()))
    }
}

/// SASL data in its base64 wire form (RFC 4648 §4 alphabet, padded), not empty. `Debug` redacts
/// it: it carries credentials. [`Base64Text::decode`] gives the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Text<'a>(pub(crate) Secret<Cow<'a, str>>);

/// Whether `s` is non-empty padded base64 text (RFC 4648 §4): a character-class check only.
pub(crate) fn is_base64(s: &[u8]) -> bool {
    if s.is_empty() || !s.len().is_multiple_of(4) {
        return false;
    }
    let body_end = s.len() - s.iter().rev().take(2).take_while(|&&b| b == b'=').count();
    s.iter()
        .take(body_end)
        .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

impl<'a> Base64Text<'a> {
    /// Base64 text (checked against the alphabet and padding).
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if !is_base64(value.as_bytes()) {
            return Err(ValidationError::Invalid {
                what: "SASL data",
                reason: "non-empty padded base64",
            });
        }
        Ok(Base64Text(Secret::new(value)))
    }

    /// The wire text.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The base64 text of `data` (which must not be empty: an empty payload is
    /// [`SaslResponse::Empty`](crate::SaslResponse::Empty) or an empty
    /// [`Challenge`](crate::Challenge)).
    pub fn encode(data: &[u8]) -> Result<Base64Text<'static>, ValidationError> {
        if data.is_empty() {
            return Err(ValidationError::Empty { what: "SASL data" });
        }
        let mut text = Vec::new();
        mail_core::sasl::wire::encode_challenge(data, &mut text);
        let text = String::from_utf8(text).map_err(|_| ValidationError::Invalid {
            what: "SASL data",
            reason: "base64 text is ASCII",
        })?;
        Ok(Base64Text(Secret::new(Cow::Owned(text))))
    }

    /// The decoded octets (strict RFC 4648 base64), at most `max_len` of them
    /// ([`mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN`] is a good default).
    pub fn decode(&self, max_len: usize) -> Result<Secret<Vec<u8>>, mail_core::DecodeError> {
        mail_core::sasl::wire::decode_challenge(self.expose().as_bytes(), max_len).map(Secret::new)
    }
}

impl IntoOwned for Base64Text<'_> {
    type Owned = Base64Text<'static>;
    fn into_owned(self) -> Base64Text<'static> {
        Base64Text(self.0.map(|c| Cow::Owned(c.into_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1939 §3: messages are numbered from 1.
    #[test]
    fn message_number_zero_is_invalid() {
        assert!(MessageNumber::new(0).is_err());
        assert_eq!(MessageNumber::new(u32::MAX).unwrap().get(), u32::MAX);
    }

    /// RFC 2449 §8: unknown hierarchical detail is ignored, codes are case-insensitive.
    #[test]
    fn response_code_classification() {
        let cases = [
            ("IN-USE", Some(KnownCode::InUse)),
            ("login-delay", Some(KnownCode::LoginDelay)),
            ("SYS/TEMP", Some(KnownCode::SysTemp)),
            ("SYS/PERM/DISK", Some(KnownCode::SysPerm)),
            ("SYS", None),
            ("AUTH", Some(KnownCode::Auth)),
            ("UTF8", Some(KnownCode::Utf8)),
            ("X-FOO/BAR", None),
        ];
        for (code, known) in cases {
            assert_eq!(ResponseCode::new(code).unwrap().known(), known, "{code}");
        }
        for bad in ["", "A//B", "A]", "/A", "A B"] {
            assert!(ResponseCode::new(bad).is_err(), "{bad}");
        }
    }

    /// RFC 1939 §7: a unique-id is 1 to 70 characters 0x21..=0x7E.
    #[test]
    fn unique_id_limits() {
        assert!(UniqueId::new("a".repeat(70)).is_ok());
        assert!(UniqueId::new("a".repeat(71)).is_err());
        assert!(UniqueId::new("a b").is_err());
        assert!(UniqueId::new("").is_err());
    }

    /// Credentials never show in Debug output.
    #[test]
    fn secrets_are_redacted() {
        let p = Password::new("hunter 2").unwrap();
        assert!(!format!("{p:?}").contains("hunter"));
        let b = Base64Text::new("aHVudGVyMg==").unwrap();
        assert!(!format!("{b:?}").contains("aHVu"));
        assert_eq!(Base64Text::encode(b"hunter2").unwrap(), b);
        assert_eq!(b.decode(100).unwrap().expose(), b"hunter2");
    }

    /// RFC 4648 §4 alphabet and padding.
    #[test]
    fn base64_class() {
        for ok in ["AAAA", "AA==", "AAA=", "a+/9"] {
            assert!(is_base64(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "A", "A===", "AA=A", "AA A", "====", "AA-_"] {
            assert!(!is_base64(bad.as_bytes()), "{bad}");
        }
    }
}
