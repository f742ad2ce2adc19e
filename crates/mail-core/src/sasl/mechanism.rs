//! SASL mechanism names.
//!
//! RFC 2222 §3 (kept by RFC 4422 §3.1): "SASL mechanisms are named by strings, from 1 to 20
//! characters in length, consisting of upper-case letters, digits, hyphens, and/or underscores."
//! As ABNF (RFC 4422 §3.1):
//!
//! ```text
//! sasl-mech    = 1*20mech-char
//! mech-char    = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE
//! ```
//!
//! The protocols compare the names case-insensitively (RFC 4954 §4, RFC 9051 §6.2.2 `auth-type` is
//! an atom, and RFC 7628 §4 notes clients that send lower case), so the decoder accepts lower
//! case and keeps the name as received, and equality ignores case.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use bytes::BufMut;

use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// The longest mechanism name: 20 characters (RFC 4422 §3.1).
pub const MAX_MECHANISM_LEN: usize = 20;

/// A SASL mechanism name (RFC 4422 §3.1): 1 to 20 of `A-Z`, `0-9`, `-`, `_`.
///
/// Names built with [`Mechanism::new`] must be upper case; names decoded from the peer may be in
/// any case and are kept as received. Comparison and hashing ignore ASCII case, so
/// `Mechanism::decode(b"plain")` equals [`Mechanism::PLAIN`].
///
/// ```
/// use mail_core::sasl::{KnownMechanism, Mechanism};
///
/// let mech = Mechanism::decode(b"scram-sha-256").unwrap();
/// assert_eq!(mech, Mechanism::SCRAM_SHA_256);
/// assert_eq!(mech.as_str(), "scram-sha-256");
/// assert_eq!(mech.known(), Some(KnownMechanism::ScramSha256));
/// assert!(Mechanism::new("X-UNKNOWN-MECH").unwrap().known().is_none());
/// ```
#[derive(Clone)]
pub struct Mechanism<'a>(Cow<'a, str>);

impl<'a> Mechanism<'a> {
    /// `PLAIN` (RFC 4616).
    pub const PLAIN: Mechanism<'static> = Mechanism(Cow::Borrowed("PLAIN"));
    /// `LOGIN` (draft-murchison-sasl-login-00).
    pub const LOGIN: Mechanism<'static> = Mechanism(Cow::Borrowed("LOGIN"));
    /// `ANONYMOUS` (RFC 4505).
    pub const ANONYMOUS: Mechanism<'static> = Mechanism(Cow::Borrowed("ANONYMOUS"));
    /// `EXTERNAL` (RFC 4422 appendix A).
    pub const EXTERNAL: Mechanism<'static> = Mechanism(Cow::Borrowed("EXTERNAL"));
    /// `XOAUTH2` (Google's OAuth 2.0 mechanism, predecessor of OAUTHBEARER).
    pub const XOAUTH2: Mechanism<'static> = Mechanism(Cow::Borrowed("XOAUTH2"));
    /// `OAUTHBEARER` (RFC 7628).
    pub const OAUTHBEARER: Mechanism<'static> = Mechanism(Cow::Borrowed("OAUTHBEARER"));
    /// `CRAM-MD5` (RFC 2195).
    pub const CRAM_MD5: Mechanism<'static> = Mechanism(Cow::Borrowed("CRAM-MD5"));
    /// `SCRAM-SHA-1` (RFC 5802).
    pub const SCRAM_SHA_1: Mechanism<'static> = Mechanism(Cow::Borrowed("SCRAM-SHA-1"));
    /// `SCRAM-SHA-256` (RFC 7677).
    pub const SCRAM_SHA_256: Mechanism<'static> = Mechanism(Cow::Borrowed("SCRAM-SHA-256"));
    /// `SCRAM-SHA-1-PLUS` (RFC 5802, with channel binding).
    pub const SCRAM_SHA_1_PLUS: Mechanism<'static> = Mechanism(Cow::Borrowed("SCRAM-SHA-1-PLUS"));
    /// `SCRAM-SHA-256-PLUS` (RFC 7677, with channel binding).
    pub const SCRAM_SHA_256_PLUS: Mechanism<'static> =
        Mechanism(Cow::Borrowed("SCRAM-SHA-256-PLUS"));
    /// `GSSAPI` (RFC 4752).
    pub const GSSAPI: Mechanism<'static> = Mechanism(Cow::Borrowed("GSSAPI"));
    /// `DIGEST-MD5` (RFC 2831, historic).
    pub const DIGEST_MD5: Mechanism<'static> = Mechanism(Cow::Borrowed("DIGEST-MD5"));
    /// `NTLM` (Microsoft's NTLM over SASL).
    pub const NTLM: Mechanism<'static> = Mechanism(Cow::Borrowed("NTLM"));

    /// A mechanism name built by the application: 1 to 20 of upper-case `A-Z`, `0-9`, `-`, `_`
    /// (RFC 4422 §3.1).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let name = name.into();
        let what = "sasl mechanism name";
        if name.is_empty() {
            return Err(ValidationError::Empty { what });
        }
        if name.len() > MAX_MECHANISM_LEN {
            return Err(ValidationError::TooLong {
                what,
                max: MAX_MECHANISM_LEN,
            });
        }
        if let Some((position, &byte)) = name
            .as_bytes()
            .iter()
            .enumerate()
            .find(|&(_, &b)| !is_mech_char(b))
        {
            return Err(ValidationError::InvalidByte {
                what,
                byte,
                position,
            });
        }
        Ok(Mechanism(name))
    }

    /// Decodes a whole mechanism name received from the peer, in any case (RFC 4422 §3.1; the
    /// protocols match it case-insensitively). The name is kept as received.
    ///
    /// Errors: [`DecodeErrorKind::Syntax`] at the first byte that is not a mechanism character
    /// (or at 0 for an empty name), [`DecodeErrorKind::LimitExceeded`] for more than 20
    /// characters.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let (mech, consumed) = Self::parse_prefix(input)?;
        if consumed != input.len() {
            return Err(DecodeError::syntax(
                consumed,
                "a sasl mechanism name character",
            ));
        }
        Ok(mech)
    }

    /// Decodes the mechanism name at the start of `input` and returns it with the number of bytes
    /// it used; it ends at the first byte that is not a mechanism character (a space, CR, ...),
    /// which is left to the caller. Case-insensitive like [`Mechanism::decode`].
    pub fn parse_prefix(input: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        let len = input
            .iter()
            .position(|&b| !is_mech_char(b.to_ascii_uppercase()))
            .unwrap_or(input.len());
        if len == 0 {
            return Err(DecodeError::syntax(0, "a sasl mechanism name"));
        }
        if len > MAX_MECHANISM_LEN {
            return Err(DecodeError::new(
                MAX_MECHANISM_LEN,
                DecodeErrorKind::LimitExceeded {
                    what: "sasl mechanism name characters",
                    limit: MAX_MECHANISM_LEN as u64,
                },
            ));
        }
        // Mechanism characters are ASCII, so the prefix is valid UTF-8.
        match input.get(..len).map(std::str::from_utf8) {
            Some(Ok(name)) => Ok((Mechanism(Cow::Borrowed(name)), len)),
            _ => Err(DecodeError::new(0, DecodeErrorKind::InvalidUtf8)),
        }
    }

    /// The name as built or received (case preserved).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The mechanism, if it is one of the [`KnownMechanism`]s (case-insensitive).
    pub fn known(&self) -> Option<KnownMechanism> {
        KnownMechanism::ALL
            .iter()
            .copied()
            .find(|known| known.name().eq_ignore_ascii_case(&self.0))
    }

    /// Whether this is a SCRAM mechanism with channel binding (a `-PLUS` name, RFC 5802 §4).
    pub fn is_plus_variant(&self) -> bool {
        let name = self.0.as_bytes();
        name.len() > 5
            && name
                .get(name.len() - 5..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(b"-PLUS"))
    }
}

/// `mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE` (RFC 4422 §3.1).
fn is_mech_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

impl PartialEq for Mechanism<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Mechanism<'_> {}

impl Hash for Mechanism<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Consistent with the case-insensitive `eq`.
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_uppercase());
        }
        state.write_usize(self.0.len());
    }
}

impl fmt::Debug for Mechanism<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Mechanism").field(&self.0).finish()
    }
}

impl fmt::Display for Mechanism<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Encode for Mechanism<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.as_bytes());
    }
}

impl IntoOwned for Mechanism<'_> {
    type Owned = Mechanism<'static>;

    fn into_owned(self) -> Mechanism<'static> {
        Mechanism(Cow::Owned(self.0.into_owned()))
    }
}

impl From<KnownMechanism> for Mechanism<'static> {
    fn from(known: KnownMechanism) -> Self {
        Mechanism(Cow::Borrowed(known.name()))
    }
}

impl<'a> TryFrom<&'a str> for Mechanism<'a> {
    type Error = ValidationError;

    fn try_from(name: &'a str) -> Result<Self, ValidationError> {
        Mechanism::new(name)
    }
}

/// The mechanisms this crate knows by name (see [`Mechanism::known`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownMechanism {
    /// `PLAIN` (RFC 4616): see [`crate::sasl::plain`].
    Plain,
    /// `LOGIN` (draft-murchison-sasl-login-00): see [`crate::sasl::login`].
    Login,
    /// `ANONYMOUS` (RFC 4505): see [`crate::sasl::anonymous`].
    Anonymous,
    /// `EXTERNAL` (RFC 4422 appendix A): see [`crate::sasl::external`].
    External,
    /// `XOAUTH2`: see [`crate::sasl::xoauth2`].
    XOAuth2,
    /// `OAUTHBEARER` (RFC 7628): see [`crate::sasl::oauthbearer`].
    OAuthBearer,
    /// `CRAM-MD5` (RFC 2195): see [`crate::sasl::cram_md5`].
    CramMd5,
    /// `SCRAM-SHA-1` (RFC 5802): see [`crate::sasl::scram`].
    ScramSha1,
    /// `SCRAM-SHA-256` (RFC 7677): see [`crate::sasl::scram`].
    ScramSha256,
    /// `SCRAM-SHA-1-PLUS` (RFC 5802): see [`crate::sasl::scram`].
    ScramSha1Plus,
    /// `SCRAM-SHA-256-PLUS` (RFC 7677): see [`crate::sasl::scram`].
    ScramSha256Plus,
    /// `GSSAPI` (RFC 4752); its messages are opaque Kerberos tokens, not modelled here.
    Gssapi,
    /// `DIGEST-MD5` (RFC 2831, moved to historic by RFC 6331); messages not modelled here.
    DigestMd5,
    /// `NTLM`; its messages are opaque binary tokens, not modelled here.
    Ntlm,
}

impl KnownMechanism {
    /// Every known mechanism.
    pub const ALL: [KnownMechanism; 14] = [
        KnownMechanism::Plain,
        KnownMechanism::Login,
        KnownMechanism::Anonymous,
        KnownMechanism::External,
        KnownMechanism::XOAuth2,
        KnownMechanism::OAuthBearer,
        KnownMechanism::CramMd5,
        KnownMechanism::ScramSha1,
        KnownMechanism::ScramSha256,
        KnownMechanism::ScramSha1Plus,
        KnownMechanism::ScramSha256Plus,
        KnownMechanism::Gssapi,
        KnownMechanism::DigestMd5,
        KnownMechanism::Ntlm,
    ];

    /// The registered name, in upper case.
    pub fn name(self) -> &'static str {
        match self {
            KnownMechanism::Plain => "PLAIN",
            KnownMechanism::Login => "LOGIN",
            KnownMechanism::Anonymous => "ANONYMOUS",
            KnownMechanism::External => "EXTERNAL",
            KnownMechanism::XOAuth2 => "XOAUTH2",
            KnownMechanism::OAuthBearer => "OAUTHBEARER",
            KnownMechanism::CramMd5 => "CRAM-MD5",
            KnownMechanism::ScramSha1 => "SCRAM-SHA-1",
            KnownMechanism::ScramSha256 => "SCRAM-SHA-256",
            KnownMechanism::ScramSha1Plus => "SCRAM-SHA-1-PLUS",
            KnownMechanism::ScramSha256Plus => "SCRAM-SHA-256-PLUS",
            KnownMechanism::Gssapi => "GSSAPI",
            KnownMechanism::DigestMd5 => "DIGEST-MD5",
            KnownMechanism::Ntlm => "NTLM",
        }
    }

    /// Whether the client speaks first, so that an initial response is meaningful
    /// (RFC 4422 §3.3). RFC 2195 §2 (CRAM-MD5), draft-murchison-sasl-login-00 §2.1 (LOGIN) and
    /// RFC 2831 §2.1 (DIGEST-MD5) have the server speak first; note that many servers still accept
    /// the LOGIN user name as an initial response.
    pub fn client_first(self) -> bool {
        !matches!(
            self,
            KnownMechanism::CramMd5 | KnownMechanism::Login | KnownMechanism::DigestMd5
        )
    }
}

impl fmt::Display for KnownMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_known_names() {
        for known in KnownMechanism::ALL {
            let mech = Mechanism::from(known);
            assert_eq!(mech.known(), Some(known));
            assert!(Mechanism::new(known.name()).is_ok(), "{known}");
        }
        assert_eq!(Mechanism::CRAM_MD5.known(), Some(KnownMechanism::CramMd5));
        assert_eq!(
            Mechanism::SCRAM_SHA_256_PLUS.known(),
            Some(KnownMechanism::ScramSha256Plus)
        );
    }
}
