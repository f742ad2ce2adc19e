//! Enhanced mail system status codes (RFC 3463), as sent at the start of SMTP reply text by a
//! server that announces `ENHANCEDSTATUSCODES` (RFC 2034), and in DSNs (RFC 3464).
//!
//! RFC 3463 §2:
//!
//! ```text
//! status-code = class "." subject "." detail
//! class       = "2" / "4" / "5"
//! subject     = 1*3digit
//! detail      = 1*3digit
//! ```
//!
//! "White-space characters and comments are NOT allowed within a status-code. Each numeric
//! sub-code within the status-code MUST be expressed without leading zero digits."
//!
//! So `subject` and `detail` are numbers in `0..=999`. [`EnhancedStatusCode::parse`] follows the
//! rule strictly (`5.01.1` is an error); [`EnhancedStatusCode::parse_lenient`] is a named leniency
//! that accepts leading zeros (the value is numeric, so `5.01.1` then equals `5.1.1` and is
//! re-encoded as `5.1.1`). Encoding never writes leading zeros.
//!
//! ```
//! use mail_core::status::EnhancedStatusCode;
//! use mail_core::Encode;
//!
//! // A reply parser recognises the code at the start of the reply text, followed by SP.
//! let text = b"2.1.5 Recipient ok";
//! let (code, used) = EnhancedStatusCode::parse(text).unwrap();
//! assert_eq!((code, used), (EnhancedStatusCode::DESTINATION_VALID, 5));
//! assert_eq!(text[used], b' ');
//! assert_eq!(code.to_bytes(), b"2.1.5");
//! assert_eq!("5.7.0".parse::<EnhancedStatusCode>().unwrap(), EnhancedStatusCode::SECURITY_OTHER);
//! ```

use std::fmt;
use std::str::FromStr;

use bytes::BufMut;

use crate::decode::{DecodeError, DecodeErrorKind};
use crate::encode::{Encode, put_decimal};
use crate::error::ValidationError;

/// The largest subject or detail sub-code: three decimal digits (RFC 3463 §2, `1*3digit`).
pub const MAX_SUB_CODE: u16 = 999;

/// The class sub-code of an enhanced status code (RFC 3463 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusClass {
    /// `2`: success.
    Success,
    /// `4`: persistent transient failure (sending again later may succeed).
    TransientFailure,
    /// `5`: permanent failure.
    PermanentFailure,
}

impl StatusClass {
    /// The class digit (2, 4 or 5).
    pub const fn digit(self) -> u8 {
        match self {
            StatusClass::Success => 2,
            StatusClass::TransientFailure => 4,
            StatusClass::PermanentFailure => 5,
        }
    }

    /// The class of digit `d`, if it is 2, 4 or 5.
    pub const fn from_digit(d: u8) -> Option<Self> {
        match d {
            2 => Some(StatusClass::Success),
            4 => Some(StatusClass::TransientFailure),
            5 => Some(StatusClass::PermanentFailure),
            _ => None,
        }
    }
}

/// An enhanced status code `class.subject.detail` (RFC 3463 §2), valid by construction: class
/// 2, 4 or 5, subject and detail in `0..=999`.
///
/// Ordered by class, then subject, then detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnhancedStatusCode {
    class: StatusClass,
    subject: u16,
    detail: u16,
}

impl EnhancedStatusCode {
    /// `2.0.0`: success, other or undefined status (RFC 3463 §3.1).
    pub const SUCCESS: Self = Self::known(StatusClass::Success, 0, 0);
    /// `2.1.0`: other address status; commonly the answer to an accepted `MAIL FROM`
    /// (RFC 3463 §3.2, X.1.0).
    pub const ADDRESS_OK: Self = Self::known(StatusClass::Success, 1, 0);
    /// `2.1.5`: destination address valid; the answer to an accepted `RCPT TO`
    /// (RFC 3463 §3.2, X.1.5).
    pub const DESTINATION_VALID: Self = Self::known(StatusClass::Success, 1, 5);
    /// `2.6.0`: other or undefined media status; commonly the answer to accepted message data
    /// (RFC 3463 §3.7, X.6.0).
    pub const MESSAGE_ACCEPTED: Self = Self::known(StatusClass::Success, 6, 0);
    /// `4.2.2`: mailbox full, transient (RFC 3463 §3.3, X.2.2).
    pub const MAILBOX_FULL: Self = Self::known(StatusClass::TransientFailure, 2, 2);
    /// `4.3.0`: other or undefined mail system status, transient (RFC 3463 §3.4, X.3.0).
    pub const SYSTEM_OTHER_TRANSIENT: Self = Self::known(StatusClass::TransientFailure, 3, 0);
    /// `4.5.3`: too many recipients (RFC 3463 §3.6, X.5.3; RFC 5321 §4.5.3.1.10).
    pub const TOO_MANY_RECIPIENTS: Self = Self::known(StatusClass::TransientFailure, 5, 3);
    /// `4.7.0`: other or undefined security status, transient (RFC 3463 §3.8, X.7.0).
    pub const SECURITY_OTHER_TRANSIENT: Self = Self::known(StatusClass::TransientFailure, 7, 0);
    /// `5.1.1`: bad destination mailbox address (RFC 3463 §3.2, X.1.1).
    pub const BAD_DESTINATION_MAILBOX: Self = Self::known(StatusClass::PermanentFailure, 1, 1);
    /// `5.1.3`: bad destination mailbox address syntax (RFC 3463 §3.2, X.1.3).
    pub const BAD_DESTINATION_SYNTAX: Self = Self::known(StatusClass::PermanentFailure, 1, 3);
    /// `5.1.7`: bad sender's mailbox address syntax (RFC 3463 §3.2, X.1.7).
    pub const BAD_SENDER_SYNTAX: Self = Self::known(StatusClass::PermanentFailure, 1, 7);
    /// `5.3.4`: message too big for system (RFC 3463 §3.4, X.3.4).
    pub const MESSAGE_TOO_BIG: Self = Self::known(StatusClass::PermanentFailure, 3, 4);
    /// `5.5.1`: invalid command (RFC 3463 §3.6, X.5.1).
    pub const INVALID_COMMAND: Self = Self::known(StatusClass::PermanentFailure, 5, 1);
    /// `5.5.2`: syntax error (RFC 3463 §3.6, X.5.2).
    pub const SYNTAX_ERROR: Self = Self::known(StatusClass::PermanentFailure, 5, 2);
    /// `5.5.4`: invalid command arguments (RFC 3463 §3.6, X.5.4).
    pub const INVALID_ARGUMENTS: Self = Self::known(StatusClass::PermanentFailure, 5, 4);
    /// `5.7.0`: other or undefined security status (RFC 3463 §3.8, X.7.0).
    pub const SECURITY_OTHER: Self = Self::known(StatusClass::PermanentFailure, 7, 0);
    /// `5.7.1`: delivery not authorized, message refused (RFC 3463 §3.8, X.7.1).
    pub const NOT_AUTHORIZED: Self = Self::known(StatusClass::PermanentFailure, 7, 1);

    /// For the constants: sub-codes known to be in range.
    const fn known(class: StatusClass, subject: u16, detail: u16) -> Self {
        EnhancedStatusCode {
            class,
            subject,
            detail,
        }
    }

    /// A status code from its three numbers: `class` must be 2, 4 or 5, `subject` and `detail`
    /// at most [`MAX_SUB_CODE`] (RFC 3463 §2).
    pub fn new(class: u8, subject: u16, detail: u16) -> Result<Self, ValidationError> {
        let class = StatusClass::from_digit(class).ok_or(ValidationError::Invalid {
            what: "status class",
            reason: "must be 2, 4 or 5",
        })?;
        Self::with_class(class, subject, detail)
    }

    /// A status code of a given class; `subject` and `detail` at most [`MAX_SUB_CODE`].
    pub fn with_class(
        class: StatusClass,
        subject: u16,
        detail: u16,
    ) -> Result<Self, ValidationError> {
        for (what, n) in [("status subject", subject), ("status detail", detail)] {
            if n > MAX_SUB_CODE {
                return Err(ValidationError::OutOfRange {
                    what,
                    min: 0,
                    max: u64::from(MAX_SUB_CODE),
                });
            }
        }
        Ok(Self::known(class, subject, detail))
    }

    /// The class sub-code.
    pub const fn class(self) -> StatusClass {
        self.class
    }

    /// The subject sub-code (`0..=999`).
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The detail sub-code (`0..=999`).
    pub const fn detail(self) -> u16 {
        self.detail
    }

    /// Whether the class agrees with the first digit of a basic SMTP reply code, as RFC 2034 §3
    /// requires ("the class sub-code ... MUST match the first digit of the reply code"):
    /// `2.x.x` goes with 2yz, `4.x.x` with 4yz, `5.x.x` with 5yz.
    pub const fn matches_reply_code(self, code: u16) -> bool {
        code / 100 == self.class.digit() as u16
    }

    /// Recognises a status code at the start of `input` (strict: no leading zeros).
    ///
    /// Returns the code and the bytes it used; whatever follows (SP and the reply text) is the
    /// caller's. The input is taken as complete: a truncated code is an error. Errors:
    /// [`DecodeErrorKind::Syntax`] (not a code, class other than 2/4/5, a leading zero, a missing
    /// `.` or digit), [`DecodeErrorKind::NumberOutOfRange`] (a sub-code of four digits or more,
    /// which would exceed 999).
    pub fn parse(input: &[u8]) -> Result<(Self, usize), DecodeError> {
        parse_code(input, false)
    }

    /// Like [`EnhancedStatusCode::parse`], with the leniency of accepting leading zeros in the
    /// sub-codes (`5.01.1` is read as 5.1.1). Still at most three digits per sub-code.
    pub fn parse_lenient(input: &[u8]) -> Result<(Self, usize), DecodeError> {
        parse_code(input, true)
    }
}

/// RFC 3463 §2 `status-code`, complete input.
fn parse_code(
    input: &[u8],
    leading_zeros: bool,
) -> Result<(EnhancedStatusCode, usize), DecodeError> {
    let class = match input.first() {
        Some(&d @ b'0'..=b'9') => StatusClass::from_digit(d - b'0')
            .ok_or(DecodeError::syntax(0, "status class 2, 4 or 5"))?,
        _ => return Err(DecodeError::syntax(0, "status class 2, 4 or 5")),
    };
    if input.get(1) != Some(&b'.') {
        return Err(DecodeError::syntax(1, "'.' after the status class"));
    }
    let (subject, end) = parse_sub_code(input, 2, leading_zeros)?;
    if input.get(end) != Some(&b'.') {
        return Err(DecodeError::syntax(end, "'.' after the status subject"));
    }
    let (detail, end) = parse_sub_code(input, end + 1, leading_zeros)?;
    Ok((EnhancedStatusCode::known(class, subject, detail), end))
}

/// RFC 3463 §2 `1*3digit` starting at `start`; returns the value and the end offset.
fn parse_sub_code(
    input: &[u8],
    start: usize,
    leading_zeros: bool,
) -> Result<(u16, usize), DecodeError> {
    let digits = input
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = start + digits;
    match digits {
        0 => Err(DecodeError::syntax(start, "a status sub-code digit")),
        // `1*3digit`: a fourth digit would make a number above 999.
        4.. => Err(DecodeError::new(start, DecodeErrorKind::NumberOutOfRange)),
        _ => {
            let text = input.get(start..end).unwrap_or_default();
            if !leading_zeros && digits > 1 && text.first() == Some(&b'0') {
                return Err(DecodeError::syntax(
                    start,
                    "a status sub-code without leading zeros",
                ));
            }
            let value = text.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
            Ok((value, end))
        }
    }
}

impl Encode for EnhancedStatusCode {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_u8(b'0' + self.class.digit());
        dst.put_u8(b'.');
        put_decimal(dst, u64::from(self.subject));
        dst.put_u8(b'.');
        put_decimal(dst, u64::from(self.detail));
    }
}

impl fmt::Display for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class.digit(), self.subject, self.detail)
    }
}

impl FromStr for EnhancedStatusCode {
    type Err = DecodeError;

    /// The whole string must be one status code (strict: no leading zeros).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (code, used) = Self::parse(s.as_bytes())?;
        if used != s.len() {
            return Err(DecodeError::syntax(used, "end of the status code"));
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: u8, s: u16, d: u16) -> EnhancedStatusCode {
        EnhancedStatusCode::new(c, s, d).unwrap()
    }

    /// RFC 3463 §2 `status-code = class "." subject "." detail`, recognised at the start of text.
    #[test]
    fn parse_table() {
        /// (input, expected (class, subject, detail), bytes used)
        type Case = (&'static [u8], (u8, u16, u16), usize);
        let ok: &[Case] = &[
            (b"2.0.0", (2, 0, 0), 5),
            (b"2.1.5 Ok", (2, 1, 5), 5),
            (b"4.7.0", (4, 7, 0), 5),
            (b"5.999.999", (5, 999, 999), 9),
            (b"5.10.100 text", (5, 10, 100), 8),
            // What follows is the caller's, even when it is not SP.
            (b"5.1.1.", (5, 1, 1), 5),
            (b"5.1.1x", (5, 1, 1), 5),
        ];
        for (input, (c, s, d), used) in ok {
            assert_eq!(
                EnhancedStatusCode::parse(input),
                Ok((code(*c, *s, *d), *used)),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    /// RFC 3463 §2: class 2/4/5 only, 1*3digit, no leading zeros, no white space.
    #[test]
    fn parse_errors() {
        let bad: &[(&[u8], usize, Option<DecodeErrorKind>)] = &[
            (b"", 0, None),
            (b"3.0.0", 0, None),
            (b"1.0.0", 0, None),
            (b"0.0.0", 0, None),
            (b"x.0.0", 0, None),
            (b"25.0.0", 1, None),
            (b"2", 1, None),
            (b"2.", 2, None),
            (b"2.0", 3, None),
            (b"2.0.", 4, None),
            (b"2..0", 2, None),
            (b"2. 0.0", 2, None),
            (b"2.0 .0", 3, None),
            (b"2.1000.0", 2, Some(DecodeErrorKind::NumberOutOfRange)),
            (b"2.0.1000", 4, Some(DecodeErrorKind::NumberOutOfRange)),
            (
                b"2.0.99999999999999999999",
                4,
                Some(DecodeErrorKind::NumberOutOfRange),
            ),
            (b"5.01.1", 2, None),
            (b"5.1.00", 4, None),
        ];
        for (input, offset, kind) in bad {
            let err = EnhancedStatusCode::parse(input).unwrap_err();
            assert_eq!(err.offset, *offset, "{:?}", String::from_utf8_lossy(input));
            match kind {
                Some(kind) => assert_eq!(&err.kind, kind),
                None => assert!(matches!(err.kind, DecodeErrorKind::Syntax { .. })),
            }
        }
    }

    /// The leading-zero leniency reads the numeric value and still caps at three digits.
    #[test]
    fn lenient_leading_zeros() {
        assert_eq!(
            EnhancedStatusCode::parse_lenient(b"5.01.001"),
            Ok((code(5, 1, 1), 8))
        );
        assert_eq!(
            EnhancedStatusCode::parse_lenient(b"5.000.0"),
            Ok((code(5, 0, 0), 7))
        );
        assert!(EnhancedStatusCode::parse_lenient(b"5.0001.0").is_err());
        assert_eq!(code(5, 1, 1).to_string(), "5.1.1");
    }

    /// RFC 3463 §2 ranges in the constructor: 0 and 999 are valid, 1000 and class 3 are not.
    #[test]
    fn constructor_edges() {
        assert!(EnhancedStatusCode::new(2, 0, 0).is_ok());
        assert!(EnhancedStatusCode::new(5, 999, 999).is_ok());
        assert!(matches!(
            EnhancedStatusCode::new(5, 1000, 0),
            Err(ValidationError::OutOfRange { max: 999, .. })
        ));
        assert!(matches!(
            EnhancedStatusCode::new(5, 0, 1000),
            Err(ValidationError::OutOfRange { max: 999, .. })
        ));
        for class in [0, 1, 3, 6, 9, 255] {
            assert!(matches!(
                EnhancedStatusCode::new(class, 0, 0),
                Err(ValidationError::Invalid { .. })
            ));
        }
    }

    /// The constants spell the codes their names say (RFC 3463 §3).
    #[test]
    fn constants() {
        let table = [
            (EnhancedStatusCode::SUCCESS, "2.0.0"),
            (EnhancedStatusCode::ADDRESS_OK, "2.1.0"),
            (EnhancedStatusCode::DESTINATION_VALID, "2.1.5"),
            (EnhancedStatusCode::MESSAGE_ACCEPTED, "2.6.0"),
            (EnhancedStatusCode::MAILBOX_FULL, "4.2.2"),
            (EnhancedStatusCode::SYSTEM_OTHER_TRANSIENT, "4.3.0"),
            (EnhancedStatusCode::TOO_MANY_RECIPIENTS, "4.5.3"),
            (EnhancedStatusCode::SECURITY_OTHER_TRANSIENT, "4.7.0"),
            (EnhancedStatusCode::BAD_DESTINATION_MAILBOX, "5.1.1"),
            (EnhancedStatusCode::BAD_DESTINATION_SYNTAX, "5.1.3"),
            (EnhancedStatusCode::BAD_SENDER_SYNTAX, "5.1.7"),
            (EnhancedStatusCode::MESSAGE_TOO_BIG, "5.3.4"),
            (EnhancedStatusCode::INVALID_COMMAND, "5.5.1"),
            (EnhancedStatusCode::SYNTAX_ERROR, "5.5.2"),
            (EnhancedStatusCode::INVALID_ARGUMENTS, "5.5.4"),
            (EnhancedStatusCode::SECURITY_OTHER, "5.7.0"),
            (EnhancedStatusCode::NOT_AUTHORIZED, "5.7.1"),
        ];
        for (c, text) in table {
            assert_eq!(c.to_string(), text);
            assert_eq!(c.to_bytes(), text.as_bytes());
            assert_eq!(text.parse::<EnhancedStatusCode>(), Ok(c));
        }
    }

    /// FromStr takes exactly one code.
    #[test]
    fn from_str_whole() {
        assert!("2.0.0 ".parse::<EnhancedStatusCode>().is_err());
        assert!(" 2.0.0".parse::<EnhancedStatusCode>().is_err());
        assert!("".parse::<EnhancedStatusCode>().is_err());
    }

    /// RFC 2034 §3: the class matches the reply code's first digit.
    #[test]
    fn reply_code_agreement() {
        assert!(EnhancedStatusCode::SUCCESS.matches_reply_code(250));
        assert!(EnhancedStatusCode::SECURITY_OTHER_TRANSIENT.matches_reply_code(454));
        assert!(EnhancedStatusCode::SYNTAX_ERROR.matches_reply_code(501));
        assert!(!EnhancedStatusCode::SYNTAX_ERROR.matches_reply_code(250));
        assert!(!EnhancedStatusCode::SUCCESS.matches_reply_code(354));
    }
}
