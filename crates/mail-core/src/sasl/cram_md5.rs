//! The CRAM-MD5 mechanism (RFC 2195): the server sends a unique string in the form of a message
//! id, the client answers with its user name and a keyed-MD5 digest of that string.
//!
//! RFC 2195 §2: the challenge's syntax "must correspond to that of an RFC 822 'msg-id'"
//! (`"<" addr-spec ">"`); the response is "the user name, a space, and a 'digest'", the digest
//! being "a 16-octet value which is sent in hexadecimal format, using lower-case ASCII
//! characters".
//!
//! Only the messages' syntax is here: computing the HMAC-MD5 digest needs an MD5 implementation,
//! which this crate does not depend on. The challenge is checked as `<` printable ASCII
//! containing `@` `>` (no spaces); the user name may contain spaces (the digest is the text after
//! the last space).
//!
//! ```
//! use mail_core::sasl::cram_md5::{Challenge, Response};
//!
//! // RFC 2195 §2 (after base64 decoding).
//! let challenge = Challenge::decode(b"<1896.697170952@postoffice.reston.mci.net>").unwrap();
//! assert_eq!(challenge.as_str(), "<1896.697170952@postoffice.reston.mci.net>");
//! let response = Response::decode(b"tim b913a602c7eda7a495b4e6e7334d3890").unwrap();
//! assert_eq!(response.username(), "tim");
//! assert_eq!(response.digest().expose()[..2], [0xb9, 0x13]);
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{find_byte, is_ctl, own, utf8, validate};
use crate::decode::{DecodeError, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;
use crate::secret::Secret;

/// The CRAM-MD5 server challenge: a msg-id-like unique string, angle brackets included (they are
/// part of the digested text, RFC 2195 §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a>(Cow<'a, str>);

/// Checks `"<" 1*(VCHAR except "<" ">") ">"` with an `@` inside; `Err` holds the offset and what
/// was expected.
fn check_challenge(s: &[u8]) -> Result<(), (usize, &'static str)> {
    if s.first() != Some(&b'<') {
        return Err((0, "\"<\""));
    }
    let inner_end = s.len().saturating_sub(1);
    let inner = s.get(1..inner_end).unwrap_or_default();
    if let Some((i, _)) = find_byte(inner, |b| !b.is_ascii_graphic() || b == b'<' || b == b'>') {
        return Err((1 + i, "msg-id text"));
    }
    if s.len() < 2 || s.last() != Some(&b'>') {
        return Err((s.len(), "\">\""));
    }
    if !inner.contains(&b'@') {
        return Err((inner_end, "\"@\" in the msg-id"));
    }
    Ok(())
}

impl<'a> Challenge<'a> {
    /// A challenge string such as `<1896.697170952@postoffice.reston.mci.net>`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let text = text.into();
        check_challenge(text.as_bytes()).map_err(|(_, reason)| ValidationError::Invalid {
            what: "cram-md5 challenge",
            reason,
        })?;
        Ok(Challenge(text))
    }

    /// The challenge string, brackets included: the text to digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decodes the challenge (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        check_challenge(input)
            .map_err(|(offset, expected)| DecodeError::syntax(offset, expected))?;
        Ok(Challenge(Cow::Borrowed(utf8(input, 0)?)))
    }
}

impl Encode for Challenge<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.as_bytes());
    }
}

impl IntoOwned for Challenge<'_> {
    type Owned = Challenge<'static>;

    fn into_owned(self) -> Challenge<'static> {
        Challenge(own(self.0))
    }
}

/// The CRAM-MD5 client response: user name and 16-octet digest. `Debug` redacts the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    username: Cow<'a, str>,
    digest: Secret<[u8; 16]>,
}

impl<'a> Response<'a> {
    /// A response from a user name (non-empty, no control characters) and the HMAC-MD5 digest.
    pub fn new(
        username: impl Into<Cow<'a, str>>,
        digest: [u8; 16],
    ) -> Result<Self, ValidationError> {
        let username = username.into();
        validate(username.as_bytes(), "cram-md5 username", is_ctl)?;
        Ok(Response {
            username,
            digest: Secret::new(digest),
        })
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The digest.
    pub fn digest(&self) -> &Secret<[u8; 16]> {
        &self.digest
    }

    /// Decodes the response (the octets after base64 decoding): user name, a space, and 32
    /// lower-case hexadecimal digits.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let space = memchr::memrchr(b' ', input)
            .ok_or_else(|| DecodeError::syntax(input.len(), "SP and digest"))?;
        let name = input.get(..space).unwrap_or_default();
        if name.is_empty() {
            return Err(DecodeError::syntax(0, "a user name"));
        }
        if let Some((i, _)) = find_byte(name, is_ctl) {
            return Err(DecodeError::syntax(
                i,
                "user name without control characters",
            ));
        }
        let username = utf8(name, 0)?;
        let hex_start = space + 1;
        let hex = input.get(hex_start..).unwrap_or_default();
        let mut digest = [0u8; 16];
        for (i, byte) in digest.iter_mut().enumerate() {
            let hi = hex.get(2 * i).copied().and_then(lower_hex);
            let lo = hex.get(2 * i + 1).copied().and_then(lower_hex);
            match (hi, lo) {
                (Some(hi), Some(lo)) => *byte = hi << 4 | lo,
                (None, _) => return Err(digest_error(hex_start + 2 * i)),
                (_, None) => return Err(digest_error(hex_start + 2 * i + 1)),
            }
        }
        if hex.len() != 32 {
            return Err(DecodeError::syntax(hex_start + 32, "end of digest"));
        }
        Ok(Response {
            username: Cow::Borrowed(username),
            digest: Secret::new(digest),
        })
    }
}

fn digest_error(offset: usize) -> DecodeError {
    DecodeError::syntax(offset, "32 lower-case hexadecimal digits")
}

fn lower_hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        dst.put_slice(self.username.as_bytes());
        dst.put_u8(b' ');
        for &b in self.digest.expose() {
            dst.put_u8(HEX[usize::from(b >> 4)]);
            dst.put_u8(HEX[usize::from(b & 0x0f)]);
        }
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        Response {
            username: own(self.username),
            digest: self.digest,
        }
    }
}
