//! The EXTERNAL mechanism (RFC 4422 appendix A): authentication comes from outside SASL (a TLS
//! client certificate, the peer's credentials on a local socket), and the client's single message
//! only names the identity to act as, if any.
//!
//! RFC 4422 appendix A.1:
//!
//! ```text
//! external-initial-resp = [ authz-id-string ]
//! authz-id-string       = 1*( UTF8-char-no-nul )
//! UTF8-char-no-nul      = UTF8-1-no-nul / UTF8-2 / UTF8-3 / UTF8-4
//! UTF8-1-no-nul         = %x01-7F
//! ```
//!
//! An empty message asks the server to derive the authorization identity from the external
//! credentials. With an initial response, that empty message is the `=` of the wire form.
//!
//! ```
//! use mail_core::sasl::external;
//! use mail_core::Encode;
//!
//! assert_eq!(external::Response::decode(b"").unwrap().authzid(), None);
//! let msg = external::Response::decode(b"admin").unwrap();
//! assert_eq!(msg.authzid(), Some("admin"));
//! assert_eq!(external::Response::with_authzid("admin").unwrap().to_bytes(), b"admin");
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{find_byte, own, utf8, validate};
use crate::decode::{DecodeError, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// The EXTERNAL client message: an optional authorization identity (RFC 4422 appendix A.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response<'a> {
    authzid: Option<Cow<'a, str>>,
}

impl<'a> Response<'a> {
    /// The empty message: act as the identity the external credentials establish.
    pub fn derived() -> Self {
        Response { authzid: None }
    }

    /// A message asking to act as `authzid` (non-empty, no NUL).
    pub fn with_authzid(authzid: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let authzid = authzid.into();
        validate(authzid.as_bytes(), "external authzid", |b| b == 0)?;
        Ok(Response {
            authzid: Some(authzid),
        })
    }

    /// The requested authorization identity; `None` for the empty message.
    pub fn authzid(&self) -> Option<&str> {
        self.authzid.as_deref()
    }

    /// Decodes the message (the octets after base64 decoding): empty, or UTF-8 without NUL.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        if input.is_empty() {
            return Ok(Self::derived());
        }
        if let Some((i, _)) = find_byte(input, |b| b == 0) {
            return Err(DecodeError::syntax(i, "authz-id-string without NUL"));
        }
        Ok(Response {
            authzid: Some(Cow::Borrowed(utf8(input, 0)?)),
        })
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        if let Some(authzid) = &self.authzid {
            dst.put_slice(authzid.as_bytes());
        }
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        Response {
            authzid: self.authzid.map(own),
        }
    }
}
