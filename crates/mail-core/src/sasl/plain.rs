//! The PLAIN mechanism (RFC 4616): one client message, authorization identity, authentication
//! identity and password separated by NULs.
//!
//! RFC 4616 §2:
//!
//! ```text
//! message   = [authzid] UTF8NUL authcid UTF8NUL passwd
//! authcid   = 1*SAFE ; MUST accept up to 255 octets
//! authzid   = 1*SAFE ; MUST accept up to 255 octets
//! passwd    = 1*SAFE ; MUST accept up to 255 octets
//! UTF8NUL   = %x00 ; UTF-8 encoded NUL character
//! SAFE      = UTF1 / UTF2 / UTF3 / UTF4
//!             ;; any UTF-8 encoded Unicode character except NUL
//! ```
//!
//! The 255 octets are what a server MUST at least accept, not a maximum: [`Response::decode`]
//! accepts longer fields (the wire limit bounds the whole message) and
//! [`Response::decode_with_limit`] lets a server set its own cap. SASLprep (RFC 4013) is the
//! verifier's business and is not applied here.
//!
//! ```
//! use mail_core::sasl::plain;
//! use mail_core::Encode;
//!
//! // RFC 4616 §4, second example.
//! let msg = plain::Response::decode(b"Ursel\0Kurt\0xipj3plmq").unwrap();
//! assert_eq!(msg.authzid(), Some("Ursel"));
//! assert_eq!(msg.authcid(), "Kurt");
//! assert_eq!(msg.password().expose(), "xipj3plmq");
//! assert!(!format!("{msg:?}").contains("xipj3plmq"));
//!
//! let built = plain::Response::new("tim", "tanstaaftanstaaf").unwrap();
//! assert_eq!(built.to_bytes(), b"\0tim\0tanstaaftanstaaf");
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{own, utf8, validate};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;
use crate::secret::Secret;

/// The field length RFC 4616 §2 requires servers to accept: 255 octets.
pub const MIN_ACCEPTED_FIELD_LEN: usize = 255;

/// The PLAIN client message (RFC 4616 §2). `Debug` redacts the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    authzid: Option<Cow<'a, str>>,
    authcid: Cow<'a, str>,
    password: Secret<Cow<'a, str>>,
}

fn is_nul(b: u8) -> bool {
    b == 0
}

impl<'a> Response<'a> {
    /// A message without authorization identity (the server derives it from `authcid`).
    ///
    /// Errors: an empty field, or a NUL in one (RFC 4616 §2: `1*SAFE`).
    pub fn new(
        authcid: impl Into<Cow<'a, str>>,
        password: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let authcid = authcid.into();
        let password = password.into();
        validate(authcid.as_bytes(), "plain authcid", is_nul)?;
        validate(password.as_bytes(), "plain password", is_nul)?;
        Ok(Response {
            authzid: None,
            authcid,
            password: Secret::new(password),
        })
    }

    /// The same message asking to act as `authzid` (non-empty, no NUL).
    pub fn with_authzid(
        mut self,
        authzid: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let authzid = authzid.into();
        validate(authzid.as_bytes(), "plain authzid", is_nul)?;
        self.authzid = Some(authzid);
        Ok(self)
    }

    /// The authorization identity, if the client asked for one.
    pub fn authzid(&self) -> Option<&str> {
        self.authzid.as_deref()
    }

    /// The authentication identity (the user name).
    pub fn authcid(&self) -> &str {
        &self.authcid
    }

    /// The password.
    pub fn password(&self) -> &Secret<Cow<'a, str>> {
        &self.password
    }

    /// Decodes the message (the octets after base64 decoding), with no cap on field lengths
    /// other than the length of `input`.
    ///
    /// Errors: [`DecodeErrorKind::Syntax`] when a NUL separator is missing, a field other than
    /// the authzid is empty, or there is a third NUL; [`DecodeErrorKind::InvalidUtf8`].
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with_limit(input, usize::MAX)
    }

    /// Like [`Response::decode`], with fields longer than `max_field_len` octets refused
    /// ([`DecodeErrorKind::LimitExceeded`]); RFC 4616 §2 requires accepting at least
    /// [`MIN_ACCEPTED_FIELD_LEN`].
    pub fn decode_with_limit(input: &'a [u8], max_field_len: usize) -> Result<Self, DecodeError> {
        let first = memchr::memchr(0, input)
            .ok_or_else(|| DecodeError::syntax(input.len(), "NUL after authzid"))?;
        let rest = input.get(first + 1..).unwrap_or_default();
        let second = memchr::memchr(0, rest)
            .map(|i| first + 1 + i)
            .ok_or_else(|| DecodeError::syntax(input.len(), "NUL after authcid"))?;
        let field = |start: usize, end: usize| -> Result<&'a str, DecodeError> {
            let bytes = input.get(start..end).unwrap_or_default();
            if bytes.len() > max_field_len {
                return Err(DecodeError::new(
                    start.saturating_add(max_field_len),
                    DecodeErrorKind::LimitExceeded {
                        what: "plain field octets",
                        limit: u64::try_from(max_field_len).unwrap_or(u64::MAX),
                    },
                ));
            }
            utf8(bytes, start)
        };
        let authzid = field(0, first)?;
        let authcid = field(first + 1, second)?;
        if authcid.is_empty() {
            return Err(DecodeError::syntax(first + 1, "authcid (1*SAFE)"));
        }
        let password_start = second + 1;
        let password_bytes = input.get(password_start..).unwrap_or_default();
        if let Some(i) = memchr::memchr(0, password_bytes) {
            return Err(DecodeError::syntax(
                password_start + i,
                "passwd without NUL",
            ));
        }
        let password = field(password_start, input.len())?;
        if password.is_empty() {
            return Err(DecodeError::syntax(password_start, "passwd (1*SAFE)"));
        }
        Ok(Response {
            authzid: (!authzid.is_empty()).then_some(Cow::Borrowed(authzid)),
            authcid: Cow::Borrowed(authcid),
            password: Secret::new(Cow::Borrowed(password)),
        })
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Some(authzid) = &self.authzid {
            dst.put_slice(authzid.as_bytes());
        }
        dst.put_u8(0);
        dst.put_slice(self.authcid.as_bytes());
        dst.put_u8(0);
        dst.put_slice(self.password.expose().as_bytes());
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        Response {
            authzid: self.authzid.map(own),
            authcid: own(self.authcid),
            password: self.password.map(own),
        }
    }
}
