//! The ANONYMOUS mechanism (RFC 4505): one client message with optional trace information.
//!
//! RFC 4505 §2:
//!
//! ```text
//! message     = [ email / token ]
//!               ;; to be prepared in accordance with Section 3
//! TCHAR       = UTF1 / UTF2 / UTF3 / UTF4
//!               ;; any UTF-8 encoded Unicode character
//!               ;; except '@' (U+0040)
//! email       = addr-spec
//!               ;; as defined in [IMAIL]
//! token       = 1*255TCHAR
//! ```
//!
//! So a trace without `@` is a token of at most 255 *characters* (up to 1020 octets), and a trace
//! with `@` must be an RFC 5322 §3.4.1 `addr-spec` (checked here in its modern form: a dot-atom or
//! quoted-string local part, a dot-atom or domain-literal domain, no comments or folding, UTF-8
//! allowed in atoms as RFC 6532 §3.2 does). Of the "trace" stringprep profile (RFC 4505 §3), the
//! prohibition of control characters (tables C.2.1, C.2.2) is enforced; the other prohibited
//! tables and the bidirectional check are not.
//!
//! ```
//! use mail_core::sasl::anonymous::{Response, TraceKind};
//!
//! // RFC 4505 §4: the trace information is "sirhc".
//! let msg = Response::decode(b"sirhc").unwrap();
//! assert_eq!((msg.trace(), msg.trace_kind()), (Some("sirhc"), Some(TraceKind::Token)));
//! let msg = Response::decode(b"chris@example.org").unwrap();
//! assert_eq!(msg.trace_kind(), Some(TraceKind::Email));
//! assert!(Response::decode(b"not@an@address").is_err());
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{own, utf8};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// The longest token: 255 characters (RFC 4505 §2, `token = 1*255TCHAR`).
pub const MAX_TOKEN_CHARS: usize = 255;

/// Which form the trace information takes (RFC 4505 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TraceKind {
    /// An Internet email address (`addr-spec`).
    Email,
    /// An opaque string without `@`, at most 255 characters.
    Token,
}

/// The ANONYMOUS client message: optional trace information (RFC 4505 §2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response<'a> {
    trace: Option<Cow<'a, str>>,
}

/// Why a trace is invalid: the offset of the problem and what was expected.
type TraceError = (usize, &'static str);

impl<'a> Response<'a> {
    /// The message without trace information.
    pub fn empty() -> Self {
        Response { trace: None }
    }

    /// A message with trace information: an email address or a token (see the module docs).
    pub fn with_trace(trace: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let trace = trace.into();
        if trace.is_empty() {
            return Err(ValidationError::Empty {
                what: "anonymous trace",
            });
        }
        check_trace(&trace).map_err(|(_, reason)| ValidationError::Invalid {
            what: "anonymous trace",
            reason,
        })?;
        Ok(Response { trace: Some(trace) })
    }

    /// The trace information, if any.
    pub fn trace(&self) -> Option<&str> {
        self.trace.as_deref()
    }

    /// The form of the trace information, if any.
    pub fn trace_kind(&self) -> Option<TraceKind> {
        self.trace.as_deref().map(kind_of)
    }

    /// Decodes the message (the octets after base64 decoding).
    ///
    /// Errors: [`DecodeErrorKind::InvalidUtf8`], [`DecodeErrorKind::LimitExceeded`] for a token
    /// over 255 characters, [`DecodeErrorKind::Syntax`] for a control character or a malformed
    /// email address.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        if input.is_empty() {
            return Ok(Self::empty());
        }
        let trace = utf8(input, 0)?;
        if kind_of(trace) == TraceKind::Token
            && let Some((offset, _)) = trace.char_indices().nth(MAX_TOKEN_CHARS)
        {
            return Err(DecodeError::new(
                offset,
                DecodeErrorKind::LimitExceeded {
                    what: "anonymous token characters",
                    limit: MAX_TOKEN_CHARS as u64,
                },
            ));
        }
        check_trace(trace).map_err(|(offset, expected)| DecodeError::syntax(offset, expected))?;
        Ok(Response {
            trace: Some(Cow::Borrowed(trace)),
        })
    }
}

fn kind_of(trace: &str) -> TraceKind {
    if trace.contains('@') {
        TraceKind::Email
    } else {
        TraceKind::Token
    }
}

/// Checks a non-empty trace (RFC 4505 §2 and the control-character tables of §3).
fn check_trace(trace: &str) -> Result<(), TraceError> {
    if let Some((i, _)) = trace.char_indices().find(|(_, c)| c.is_control()) {
        return Err((i, "trace without control characters"));
    }
    match kind_of(trace) {
        TraceKind::Token => {
            if trace.chars().count() > MAX_TOKEN_CHARS {
                return Err((0, "token of at most 255 characters"));
            }
            Ok(())
        }
        TraceKind::Email => check_addr_spec(trace.as_bytes()),
    }
}

/// `atext` of RFC 5322 §3.2.3, with UTF-8 (any byte >= 0x80 of valid UTF-8 text) as in
/// RFC 6532 §3.2.
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b) || b >= 0x80
}

/// `dot-atom-text = 1*atext *("." 1*atext)` (RFC 5322 §3.2.3), starting at `base`.
fn check_dot_atom(s: &[u8], base: usize) -> Result<(), TraceError> {
    if s.is_empty() {
        return Err((base, "dot-atom"));
    }
    let mut previous_dot = true;
    for (i, &b) in s.iter().enumerate() {
        if b == b'.' {
            if previous_dot {
                return Err((base + i, "atext"));
            }
            previous_dot = true;
        } else if is_atext(b) {
            previous_dot = false;
        } else {
            return Err((base + i, "atext"));
        }
    }
    if previous_dot {
        return Err((base + s.len(), "atext"));
    }
    Ok(())
}

/// `addr-spec = local-part "@" domain` (RFC 5322 §3.4.1) without CFWS.
fn check_addr_spec(s: &[u8]) -> Result<(), TraceError> {
    let at = if s.first() == Some(&b'"') {
        // quoted-string = DQUOTE *([FWS] qcontent) [FWS] DQUOTE; qcontent = qtext / quoted-pair
        let mut i = 1;
        loop {
            match s.get(i) {
                None => return Err((i, "closing DQUOTE")),
                Some(b'"') => break i + 1,
                Some(b'\\') => match s.get(i + 1) {
                    Some(&c) if c == b' ' || c == b'\t' || c.is_ascii_graphic() => i += 2,
                    _ => return Err((i + 1, "quoted-pair")),
                },
                Some(&c) if c == b' ' || c == b'\t' || c.is_ascii_graphic() || c >= 0x80 => i += 1,
                Some(_) => return Err((i, "qtext")),
            }
        }
    } else {
        let at = s.iter().position(|&b| b == b'@').unwrap_or(s.len());
        check_dot_atom(s.get(..at).unwrap_or_default(), 0)?;
        at
    };
    if s.get(at) != Some(&b'@') {
        return Err((at, "\"@\""));
    }
    let domain_start = at + 1;
    let domain = s.get(domain_start..).unwrap_or_default();
    if domain.first() == Some(&b'[') {
        // domain-literal = "[" *dtext "]"; dtext = %d33-90 / %d94-126
        let inner = domain
            .get(1..domain.len().saturating_sub(1))
            .unwrap_or_default();
        if domain.len() < 2 || domain.last() != Some(&b']') {
            return Err((domain_start + domain.len(), "\"]\""));
        }
        match inner
            .iter()
            .position(|&b| !(33..=90).contains(&b) && !(94..=126).contains(&b))
        {
            Some(i) => Err((domain_start + 1 + i, "dtext")),
            None => Ok(()),
        }
    } else {
        check_dot_atom(domain, domain_start)
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Some(trace) = &self.trace {
            dst.put_slice(trace.as_bytes());
        }
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        Response {
            trace: self.trace.map(own),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addr_spec_forms() {
        for ok in [
            "a@b",
            "first.last@example.org",
            "\"john doe\"@example.org",
            "\"a@b\"@example.org",
            "user@[192.0.2.1]",
            "usér@exämple.org",
        ] {
            assert!(check_addr_spec(ok.as_bytes()).is_ok(), "{ok}");
        }
        for (bad, offset) in [
            ("@example.org", 0),
            ("a@", 2),
            ("a..b@example.org", 2),
            ("a@b@c", 3),
            ("a b@example.org", 1),
            ("\"open@example.org", 17),
            ("a@[1.2.3.4", 10),
            ("a@example.", 10),
        ] {
            assert_eq!(
                check_addr_spec(bad.as_bytes()).map_err(|e| e.0),
                Err(offset),
                "{bad}"
            );
        }
    }
}
