//! Small validated text values shared by commands and parameters.

use std::borrow::Cow;
use std::fmt;

use mail_core::{IntoOwned, ValidationError};

/// `esmtp-value` (RFC 5321 §4.1.2), with the UTF-8 extension of RFC 6531 §3.3:
///
/// ```text
/// esmtp-value    = 1*(%d33-60 / %d62-126)
///                ; any CHAR excluding "=", SP, and control characters.
/// esmtp-value    =/ UTF8-non-ascii   ; RFC 6531 §3.3, under SMTPUTF8
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EsmtpValue<'a>(pub(crate) Cow<'a, str>);

/// Whether `b` is an ASCII `esmtp-value` octet (RFC 5321 §4.1.2: %d33-60 / %d62-126).
pub(crate) const fn is_value_char(b: u8) -> bool {
    matches!(b, 33..=60 | 62..=126)
}

/// Whether `b` is an `esmtp-keyword` octet after the first (ALPHA / DIGIT / "-").
pub(crate) const fn is_keyword_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

impl<'a> EsmtpValue<'a> {
    /// Validates an `esmtp-value` (UTF-8 beyond ASCII is accepted: it is valid under SMTPUTF8).
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if value.is_empty() {
            return Err(ValidationError::Empty {
                what: "esmtp-value",
            });
        }
        if let Some(position) = value.bytes().position(|b| b < 128 && !is_value_char(b)) {
            return Err(ValidationError::InvalidByte {
                what: "esmtp-value",
                byte: value.as_bytes()[position],
                position,
            });
        }
        Ok(EsmtpValue(value))
    }

    /// The value as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EsmtpValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl IntoOwned for EsmtpValue<'_> {
    type Owned = EsmtpValue<'static>;
    fn into_owned(self) -> EsmtpValue<'static> {
        EsmtpValue(Cow::Owned(self.0.into_owned()))
    }
}

/// `esmtp-keyword` (RFC 5321 §4.1.2), also `ehlo-keyword` (§4.1.1.1):
///
/// ```text
/// esmtp-keyword  = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
/// ```
///
/// Keywords are compared without regard to case.
#[derive(Debug, Clone)]
pub struct Keyword<'a>(pub(crate) Cow<'a, str>);

impl<'a> Keyword<'a> {
    /// Validates a keyword.
    pub fn new(keyword: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let keyword = keyword.into();
        let bytes = keyword.as_bytes();
        match bytes.first() {
            None => return Err(ValidationError::Empty { what: "keyword" }),
            Some(b) if !b.is_ascii_alphanumeric() => {
                return Err(ValidationError::InvalidByte {
                    what: "keyword",
                    byte: *b,
                    position: 0,
                });
            }
            _ => {}
        }
        if let Some(position) = bytes.iter().position(|&b| !is_keyword_char(b)) {
            return Err(ValidationError::InvalidByte {
                what: "keyword",
                byte: bytes[position],
                position,
            });
        }
        Ok(Keyword(keyword))
    }

    /// The keyword as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Keyword<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Keyword<'_> {}

impl fmt::Display for Keyword<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl IntoOwned for Keyword<'_> {
    type Owned = Keyword<'static>;
    fn into_owned(self) -> Keyword<'static> {
        Keyword(Cow::Owned(self.0.into_owned()))
    }
}

/// A free-form command argument (`VRFY`, `EXPN`, `HELP`, `NOOP`, `ETRN`, `ATRN`): the rest of
/// the line after the verb and one SP.
///
/// RFC 5321 §4.1.1.6 (`vrfy = "VRFY" SP String CRLF`), §4.1.1.8 (`help = "HELP" [ SP String ]
/// CRLF`), §4.1.1.9 (`noop = "NOOP" [ SP String ] CRLF`); RFC 1985 §5 (`ETRN` node name).
/// The value is kept as written: non-empty, without control characters, not starting with SP;
/// UTF-8 beyond ASCII only under SMTPUTF8 (RFC 6531 §3.7.4.2 allows it in `VRFY`/`EXPN`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Argument<'a>(pub(crate) Cow<'a, str>);

impl<'a> Argument<'a> {
    /// Validates an argument.
    pub fn new(arg: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let arg = arg.into();
        if arg.is_empty() {
            return Err(ValidationError::Empty { what: "argument" });
        }
        if let Some(position) = arg
            .bytes()
            .enumerate()
            .position(|(i, b)| b < 32 || b == 127 || (i == 0 && b == b' '))
        {
            return Err(ValidationError::InvalidByte {
                what: "argument",
                byte: arg.as_bytes()[position],
                position,
            });
        }
        Ok(Argument(arg))
    }

    /// The argument as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Argument<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl IntoOwned for Argument<'_> {
    type Owned = Argument<'static>;
    fn into_owned(self) -> Argument<'static> {
        Argument(Cow::Owned(self.0.into_owned()))
    }
}

/// A `date-time` of RFC 3339 §5.6, as used by `HOLDUNTIL` (RFC 4865 §4), `RRVS` (RFC 7293 §3)
/// and the `FUTURERELEASE` capability:
///
/// ```text
/// date-time = full-date "T" full-time
/// full-date = date-fullyear "-" date-month "-" date-mday      ; 4DIGIT "-" 2DIGIT "-" 2DIGIT
/// full-time = partial-time time-offset
/// partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
/// time-secfrac = "." 1*DIGIT
/// time-offset  = "Z" / time-numoffset                         ; ("+" / "-") 2DIGIT ":" 2DIGIT
/// ```
///
/// Kept as written; the ranges of months, days, hours, minutes and seconds (60 for a leap
/// second) are checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime<'a>(pub(crate) Cow<'a, str>);

impl<'a> DateTime<'a> {
    /// Validates a date-time.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        if date_time_valid(value.as_bytes()) {
            Ok(DateTime(value))
        } else {
            Err(ValidationError::Invalid {
                what: "date-time",
                reason: "not an RFC 3339 date-time",
            })
        }
    }

    /// The date-time as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DateTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl IntoOwned for DateTime<'_> {
    type Owned = DateTime<'static>;
    fn into_owned(self) -> DateTime<'static> {
        DateTime(Cow::Owned(self.0.into_owned()))
    }
}

/// Digits at `s[at..at + n]` as a number, if they are all digits.
fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = s.get(at..at + n)?;
    d.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// RFC 3339 §5.6 `date-time` syntax and field ranges.
pub(crate) fn date_time_valid(s: &[u8]) -> bool {
    let ok = (|| {
        let year = digits(s, 0, 4)?;
        (s.get(4) == Some(&b'-')).then_some(())?;
        let month = digits(s, 5, 2)?;
        (s.get(7) == Some(&b'-')).then_some(())?;
        let day = digits(s, 8, 2)?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let max_day = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=max_day).contains(&day).then_some(())?;
        matches!(s.get(10), Some(b'T' | b't')).then_some(())?;
        let hour = digits(s, 11, 2)?;
        (s.get(13) == Some(&b':')).then_some(())?;
        let minute = digits(s, 14, 2)?;
        (s.get(16) == Some(&b':')).then_some(())?;
        let second = digits(s, 17, 2)?;
        (hour <= 23 && minute <= 59 && second <= 60).then_some(())?;
        let mut i = 19;
        if s.get(i) == Some(&b'.') {
            let n = s
                .get(i + 1..)?
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            (n > 0).then_some(())?;
            i += 1 + n;
        }
        match s.get(i)? {
            b'Z' | b'z' => i += 1,
            b'+' | b'-' => {
                let oh = digits(s, i + 1, 2)?;
                (s.get(i + 3) == Some(&b':')).then_some(())?;
                let om = digits(s, i + 4, 2)?;
                (oh <= 23 && om <= 59).then_some(())?;
                i += 6;
            }
            _ => return None,
        }
        (i == s.len()).then_some(())
    })();
    ok.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3339 §5.6 date-time examples (§5.8) and broken forms.
    #[test]
    fn rfc3339_date_time() {
        for good in [
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
            "1937-01-01T12:00:27.87+00:20",
            "2000-02-29T00:00:00Z",
        ] {
            assert!(date_time_valid(good.as_bytes()), "{good}");
        }
        for bad in [
            "",
            "1985-04-12",
            "1985-04-12T23:20:50",
            "1985-13-12T23:20:50Z",
            "1900-02-29T00:00:00Z",
            "1985-04-12T24:20:50Z",
            "1985-04-12T23:20:50.Z",
            "1985-04-12T23:20:50Zx",
            "1985-04-12T23:20:50+0800",
        ] {
            assert!(!date_time_valid(bad.as_bytes()), "{bad}");
        }
    }

    /// RFC 5321 §4.1.2: esmtp-value excludes "=", SP and controls.
    #[test]
    fn esmtp_value_bytes() {
        assert!(EsmtpValue::new("abc+2B").is_ok());
        assert!(EsmtpValue::new("a=b").is_err());
        assert!(EsmtpValue::new("a b").is_err());
        assert!(EsmtpValue::new("").is_err());
        assert!(Keyword::new("X-FOO").is_ok());
        assert!(Keyword::new("-X").is_err());
        assert_eq!(Keyword::new("size").unwrap(), Keyword::new("SIZE").unwrap());
        assert!(Argument::new(" x").is_err());
        assert!(Argument::new("a\r\nRSET").is_err());
    }
}
