//! The XOAUTH2 mechanism: Google's OAuth 2.0 mechanism that OAUTHBEARER (RFC 7628) replaced,
//! still what Gmail and Microsoft 365 clients use most.
//!
//! It has no RFC. The client message, as Google's developer documentation gives it, is
//!
//! ```text
//! "user=" {user} "^Aauth=Bearer " {access token} "^A^A"        ; ^A is %x01
//! ```
//!
//! On failure the server sends a challenge holding a JSON object (`status`, `schemes`, `scope`),
//! the same shape as OAUTHBEARER's ([`ErrorChallenge`]); the client then sends an empty response
//! and the server fails the command.
//!
//! The decoder accepts the `Bearer` scheme name in any case (as RFC 7628 §4 says of
//! OAUTHBEARER); the token is checked as visible ASCII (RFC 6750 §2.1 `b64token` is stricter,
//! but providers' tokens are opaque), the user as UTF-8 without control characters.
//!
//! ```
//! use mail_core::sasl::xoauth2::Response;
//! use mail_core::Encode;
//!
//! let msg = Response::new("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg").unwrap();
//! let bytes = msg.to_bytes();
//! assert_eq!(
//!     bytes,
//!     &b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"[..]
//! );
//! assert_eq!(Response::decode(&bytes).unwrap(), msg);
//! assert!(!format!("{msg:?}").contains("ya29"));
//! ```

use std::borrow::Cow;

use bytes::BufMut;

pub use super::oauthbearer::ErrorChallenge;
use super::text::{find_byte, is_ctl, own, utf8, validate};
use crate::decode::{DecodeError, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;
use crate::secret::Secret;

/// The XOAUTH2 client message: user and access token. `Debug` redacts the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    user: Cow<'a, str>,
    token: Secret<Cow<'a, str>>,
}

/// A token character: visible ASCII.
fn bad_token_byte(b: u8) -> bool {
    !b.is_ascii_graphic()
}

impl<'a> Response<'a> {
    /// A message for `user` (non-empty, no control characters) with an access `token`
    /// (non-empty visible ASCII).
    pub fn new(
        user: impl Into<Cow<'a, str>>,
        token: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let user = user.into();
        let token = token.into();
        validate(user.as_bytes(), "xoauth2 user", is_ctl)?;
        validate(token.as_bytes(), "xoauth2 token", bad_token_byte)?;
        Ok(Response {
            user,
            token: Secret::new(token),
        })
    }

    /// The user (usually an e-mail address).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The access token.
    pub fn token(&self) -> &Secret<Cow<'a, str>> {
        &self.token
    }

    /// Decodes the client message (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let rest = input
            .strip_prefix(b"user=")
            .ok_or_else(|| DecodeError::syntax(0, "\"user=\""))?;
        let user_start = 5;
        let user_len = memchr::memchr(0x01, rest)
            .ok_or_else(|| DecodeError::syntax(input.len(), "%x01 after the user"))?;
        let user_bytes = rest.get(..user_len).unwrap_or_default();
        if user_bytes.is_empty() {
            return Err(DecodeError::syntax(user_start, "a user"));
        }
        if let Some((i, _)) = find_byte(user_bytes, is_ctl) {
            return Err(DecodeError::syntax(
                user_start + i,
                "user without control characters",
            ));
        }
        let user = utf8(user_bytes, user_start)?;

        let auth_start = user_start + user_len + 1;
        let auth = input.get(auth_start..).unwrap_or_default();
        let scheme = auth.get(..12).unwrap_or_default();
        if !scheme.eq_ignore_ascii_case(b"auth=Bearer ") || !scheme.starts_with(b"auth=") {
            return Err(DecodeError::syntax(auth_start, "\"auth=Bearer \""));
        }
        let token_start = auth_start + 12;
        let token_bytes = input.get(token_start..).unwrap_or_default();
        let token_len = token_bytes
            .iter()
            .position(|&b| bad_token_byte(b))
            .unwrap_or(token_bytes.len());
        if token_len == 0 {
            return Err(DecodeError::syntax(token_start, "an access token"));
        }
        let end = token_start + token_len;
        if input.get(end..) != Some(&b"\x01\x01"[..]) {
            return Err(DecodeError::syntax(end, "%x01 %x01 at the end"));
        }
        let token = utf8(
            token_bytes.get(..token_len).unwrap_or_default(),
            token_start,
        )?;
        Ok(Response {
            user: Cow::Borrowed(user),
            token: Secret::new(Cow::Borrowed(token)),
        })
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(b"user=");
        dst.put_slice(self.user.as_bytes());
        dst.put_slice(b"\x01auth=Bearer ");
        dst.put_slice(self.token.expose().as_bytes());
        dst.put_slice(b"\x01\x01");
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        Response {
            user: own(self.user),
            token: self.token.map(own),
        }
    }
}
