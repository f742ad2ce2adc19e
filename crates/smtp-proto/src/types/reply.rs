//! SMTP replies (RFC 5321 §4.2) with enhanced status codes (RFC 2034, RFC 3463).

use std::borrow::Cow;
use std::fmt;

use mail_core::status::EnhancedStatusCode;
use mail_core::{IntoOwned, ValidationError};

/// A reply code (RFC 5321 §4.2): `Reply-code = %x32-35 %x30-35 %x30-39`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// `211` System status.
    pub const SYSTEM_STATUS: ReplyCode = ReplyCode(211);
    /// `214` Help message.
    pub const HELP: ReplyCode = ReplyCode(214);
    /// `220` Service ready.
    pub const READY: ReplyCode = ReplyCode(220);
    /// `221` Service closing transmission channel.
    pub const CLOSING: ReplyCode = ReplyCode(221);
    /// `235` Authentication succeeded (RFC 4954).
    pub const AUTH_OK: ReplyCode = ReplyCode(235);
    /// `250` Requested mail action okay, completed.
    pub const OK: ReplyCode = ReplyCode(250);
    /// `251` User not local; will forward.
    pub const WILL_FORWARD: ReplyCode = ReplyCode(251);
    /// `252` Cannot VRFY user, but will accept message.
    pub const CANNOT_VRFY: ReplyCode = ReplyCode(252);
    /// `334` Server challenge (RFC 4954).
    pub const AUTH_CHALLENGE: ReplyCode = ReplyCode(334);
    /// `354` Start mail input.
    pub const START_DATA: ReplyCode = ReplyCode(354);
    /// `421` Service not available, closing transmission channel.
    pub const UNAVAILABLE: ReplyCode = ReplyCode(421);
    /// `450` Mailbox unavailable (busy).
    pub const MAILBOX_BUSY: ReplyCode = ReplyCode(450);
    /// `451` Local error in processing.
    pub const LOCAL_ERROR: ReplyCode = ReplyCode(451);
    /// `452` Insufficient system storage / too many recipients.
    pub const INSUFFICIENT_STORAGE: ReplyCode = ReplyCode(452);
    /// `454` TLS not available (RFC 3207) / temporary authentication failure (RFC 4954).
    pub const TEMPORARY_FAILURE: ReplyCode = ReplyCode(454);
    /// `500` Syntax error, command unrecognized (or line too long).
    pub const SYNTAX_ERROR: ReplyCode = ReplyCode(500);
    /// `501` Syntax error in parameters or arguments.
    pub const PARAMETER_SYNTAX: ReplyCode = ReplyCode(501);
    /// `502` Command not implemented.
    pub const NOT_IMPLEMENTED: ReplyCode = ReplyCode(502);
    /// `503` Bad sequence of commands.
    pub const BAD_SEQUENCE: ReplyCode = ReplyCode(503);
    /// `504` Command parameter not implemented.
    pub const PARAMETER_NOT_IMPLEMENTED: ReplyCode = ReplyCode(504);
    /// `530` Authentication required (RFC 4954) / must issue STARTTLS first (RFC 3207).
    pub const AUTH_REQUIRED: ReplyCode = ReplyCode(530);
    /// `535` Authentication credentials invalid (RFC 4954).
    pub const AUTH_FAILED: ReplyCode = ReplyCode(535);
    /// `550` Mailbox unavailable.
    pub const MAILBOX_UNAVAILABLE: ReplyCode = ReplyCode(550);
    /// `552` Exceeded storage allocation.
    pub const EXCEEDED_STORAGE: ReplyCode = ReplyCode(552);
    /// `554` Transaction failed.
    pub const TRANSACTION_FAILED: ReplyCode = ReplyCode(554);
    /// `555` MAIL/RCPT parameters not recognized or not implemented.
    pub const PARAMETERS_NOT_RECOGNIZED: ReplyCode = ReplyCode(555);

    /// A reply code: first digit 2-5, second 0-5, third 0-9 (RFC 5321 §4.2).
    pub const fn new(code: u16) -> Result<Self, ValidationError> {
        let (a, b) = (code / 100, (code / 10) % 10);
        if code >= 200 && code < 600 && a >= 2 && b <= 5 {
            Ok(ReplyCode(code))
        } else {
            Err(ValidationError::OutOfRange {
                what: "reply code",
                min: 200,
                max: 559,
            })
        }
    }

    /// The code as a number.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// `2yz`: positive completion.
    pub const fn is_positive(self) -> bool {
        self.0 / 100 == 2
    }

    /// `3yz`: positive intermediate (354, 334).
    pub const fn is_intermediate(self) -> bool {
        self.0 / 100 == 3
    }

    /// `4yz`: transient negative.
    pub const fn is_transient(self) -> bool {
        self.0 / 100 == 4
    }

    /// `5yz`: permanent negative.
    pub const fn is_permanent(self) -> bool {
        self.0 / 100 == 5
    }

    /// `4yz` or `5yz`.
    pub const fn is_negative(self) -> bool {
        self.0 >= 400
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Whether `b` may appear in reply text: `textstring = 1*(%d09 / %d32-126)` (RFC 5321 §4.2),
/// plus UTF-8 beyond ASCII (RFC 6531 §3.7.4).
pub(crate) const fn is_text_byte(b: u8) -> bool {
    b == b'\t' || (b >= 32 && b != 127)
}

/// One line of a reply: an optional enhanced status code (RFC 2034 §4) and the text after it.
///
/// ```text
/// Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
/// textstring = 1*(%d09 / %d32-126)
/// ; RFC 2034 §4: status-code SP text, when the text starts with one
/// ```
///
/// The text never contains CR or LF, so encoding a line cannot forge another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReplyLine<'a> {
    pub(crate) status: Option<EnhancedStatusCode>,
    pub(crate) text: Cow<'a, str>,
}

impl<'a> ReplyLine<'a> {
    /// A line of free text: an enhanced status code at its start (followed by SP or the end) is
    /// recognised exactly as the decoder does. CR, LF and other controls (except HT) are
    /// rejected.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let text = text.into();
        check_text(&text)?;
        Ok(split_status(text, None))
    }

    /// [`ReplyLine::new`] for a reply whose code is known: a leading status code is
    /// recognised only when its class matches `code`, as the decoder reads the line back
    /// (`250 5.1.1 x` is text after a 250).
    pub(crate) fn for_code(
        text: impl Into<Cow<'a, str>>,
        code: ReplyCode,
    ) -> Result<Self, ValidationError> {
        let text = text.into();
        check_text(&text)?;
        Ok(split_status(text, Some(code)))
    }

    /// A line with an enhanced status code and text. `text` must not itself start with a
    /// status code (it would be read back as one).
    pub fn with_status(
        status: EnhancedStatusCode,
        text: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let text = text.into();
        check_text(&text)?;
        Ok(ReplyLine {
            status: Some(status),
            text,
        })
    }

    /// The enhanced status code, when the line has one.
    pub fn status(&self) -> Option<EnhancedStatusCode> {
        self.status
    }

    /// The text (after the status code and its SP, if any).
    pub fn text(&self) -> &str {
        &self.text
    }
}

fn check_text(text: &str) -> Result<(), ValidationError> {
    match text.bytes().position(|b| !is_text_byte(b)) {
        Some(position) => Err(ValidationError::InvalidByte {
            what: "reply text",
            byte: text.as_bytes()[position],
            position,
        }),
        None => Ok(()),
    }
}

/// Splits a leading RFC 3463 status code off `text` (`d.d.d` followed by SP or the end),
/// when its class matches the reply code's first digit (or when the code is not known yet).
pub(crate) fn split_status(text: Cow<'_, str>, code: Option<ReplyCode>) -> ReplyLine<'_> {
    if let Some((status, used)) = leading_status(text.as_bytes(), code) {
        let skip = if text.len() > used { used + 1 } else { used };
        let rest = match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.get(skip..).unwrap_or_default()),
            Cow::Owned(s) => Cow::Owned(s.get(skip..).unwrap_or_default().to_owned()),
        };
        return ReplyLine {
            status: Some(status),
            text: rest,
        };
    }
    ReplyLine { status: None, text }
}

pub(crate) fn leading_status(
    text: &[u8],
    code: Option<ReplyCode>,
) -> Option<(EnhancedStatusCode, usize)> {
    if !matches!(text.first(), Some(b'2' | b'4' | b'5')) {
        return None;
    }
    let (status, used) = EnhancedStatusCode::parse(text).ok()?;
    if !matches!(text.get(used), None | Some(b' ')) {
        return None;
    }
    if let Some(code) = code
        && !status.matches_reply_code(code.get())
    {
        return None;
    }
    Some((status, used))
}

impl IntoOwned for ReplyLine<'_> {
    type Owned = ReplyLine<'static>;
    fn into_owned(self) -> ReplyLine<'static> {
        ReplyLine {
            status: self.status,
            text: Cow::Owned(self.text.into_owned()),
        }
    }
}

/// A reply: one code and one or more lines (RFC 5321 §4.2.1: all lines of a multi-line reply
/// carry the same code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    pub(crate) code: ReplyCode,
    pub(crate) lines: Vec<ReplyLine<'a>>,
}

impl<'a> Reply<'a> {
    /// A reply from its lines (at least one). A line's status code must match the reply
    /// code's class (RFC 2034 §4).
    pub fn from_lines(code: ReplyCode, lines: Vec<ReplyLine<'a>>) -> Result<Self, ValidationError> {
        if lines.is_empty() {
            return Err(ValidationError::Empty {
                what: "reply lines",
            });
        }
        if lines
            .iter()
            .any(|l| l.status.is_some_and(|s| !s.matches_reply_code(code.get())))
        {
            return Err(ValidationError::Invalid {
                what: "reply",
                reason: "status code class differs from the reply code",
            });
        }
        Ok(Reply { code, lines })
    }

    /// A reply whose text may span several lines: `text` is split at CR LF, LF or CR (so text
    /// can never forge another reply line), and each line is checked like [`ReplyLine::new`].
    pub fn new(code: u16, text: &str) -> Result<Reply<'static>, ValidationError> {
        let code = ReplyCode::new(code)?;
        let lines = split_lines(text)
            .map(|l| ReplyLine::new(Cow::Owned(l.to_owned())).map(|l| fix_class(l, code)))
            .collect::<Result<Vec<_>, _>>()?;
        Reply::from_lines(code, lines)
    }

    /// A reply with an enhanced status code on every line; `text` is split like
    /// [`Reply::new`].
    pub fn with_status(
        code: u16,
        status: EnhancedStatusCode,
        text: &str,
    ) -> Result<Reply<'static>, ValidationError> {
        let code = ReplyCode::new(code)?;
        let lines = split_lines(text)
            .map(|l| ReplyLine::with_status(status, Cow::Owned(l.to_owned())))
            .collect::<Result<Vec<_>, _>>()?;
        Reply::from_lines(code, lines)
    }

    /// The reply code.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The lines.
    pub fn lines(&self) -> &[ReplyLine<'a>] {
        &self.lines
    }

    /// The enhanced status code of the first line, if any.
    pub fn status(&self) -> Option<EnhancedStatusCode> {
        self.lines.first().and_then(|l| l.status)
    }

    /// The text of all lines joined with `\n`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&l.text);
        }
        out
    }
}

/// A status-like prefix whose class does not match the code is plain text: keep it as text.
fn fix_class(line: ReplyLine<'_>, code: ReplyCode) -> ReplyLine<'_> {
    match line.status {
        Some(s) if !s.matches_reply_code(code.get()) => {
            let mut text = s.to_string();
            text.push(' ');
            text.push_str(&line.text);
            let text = if line.text.is_empty() {
                s.to_string()
            } else {
                text
            };
            ReplyLine {
                status: None,
                text: Cow::Owned(text),
            }
        }
        _ => line,
    }
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix("\r\n").unwrap_or(text);
    text.split("\r\n").flat_map(|l| l.split(['\r', '\n']))
}

impl IntoOwned for Reply<'_> {
    type Owned = Reply<'static>;
    fn into_owned(self) -> Reply<'static> {
        Reply {
            code: self.code,
            lines: self.lines.into_iter().map(IntoOwned::into_owned).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39.
    #[test]
    fn reply_code_range() {
        assert!(ReplyCode::new(250).is_ok());
        assert!(ReplyCode::new(559).is_ok());
        assert!(ReplyCode::new(199).is_err());
        assert!(ReplyCode::new(260).is_err());
        assert!(ReplyCode::new(600).is_err());
    }

    /// The encoder must never let CR or LF in text forge another reply line.
    #[test]
    fn text_with_line_breaks_is_split_or_refused() {
        let r = Reply::new(250, "ok\r\n250 forged").unwrap();
        assert_eq!(r.lines().len(), 2);
        assert!(ReplyLine::new("a\r\n250 b").is_err());
        assert!(ReplyLine::new("a\rb").is_err());
    }

    /// RFC 2034 §4: the status code starts the text; its class matches the reply code.
    #[test]
    fn status_split() {
        let r = Reply::new(250, "2.1.5 ok").unwrap();
        assert_eq!(r.status(), Some(EnhancedStatusCode::DESTINATION_VALID));
        assert_eq!(r.lines()[0].text(), "ok");
        let r = Reply::new(250, "5.1.1 odd").unwrap();
        assert_eq!(r.status(), None);
        assert_eq!(r.lines()[0].text(), "5.1.1 odd");
    }
}
