//! CAPA capabilities (RFC 2449 §6, RFC 2595 §4, RFC 6856 §2-3, RFC 3206 §6).

use mail_core::{IntoOwned, ValidationError};

use super::Mechanism;
use super::simple::{Param, Text};

/// The argument of the EXPIRE capability (RFC 2449 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expire {
    /// `NEVER`: messages are never deleted by the server.
    Never,
    /// The number of days a message is kept (0: deleted after it is retrieved).
    Days(u32),
}

/// One line of a CAPA response (RFC 2449 §5).
///
/// ```abnf
/// capability = capa-tag *(SP param) CRLF   ; RFC 2449 §3, 512 octets maximum
/// capa-tag   = 1*cchar
/// cchar      = %x21-2D / %x2F-7F           ; printable ASCII, excluding "."
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `TOP` (RFC 2449 §6.1).
    Top,
    /// `USER` (RFC 2449 §6.2).
    User,
    /// `SASL mechanisms...` (RFC 2449 §6.3).
    Sasl(Vec<Mechanism<'a>>),
    /// `RESP-CODES` (RFC 2449 §6.4).
    RespCodes,
    /// `AUTH-RESP-CODE` (RFC 3206 §6).
    AuthRespCode,
    /// `LOGIN-DELAY n [USER]` (RFC 2449 §6.5).
    LoginDelay {
        /// Minimum seconds between logins.
        seconds: u32,
        /// `USER`: the value may change per user after login.
        per_user: bool,
    },
    /// `PIPELINING` (RFC 2449 §6.6).
    Pipelining,
    /// `EXPIRE n|NEVER [USER]` (RFC 2449 §6.7).
    Expire {
        /// The retention policy.
        expire: Expire,
        /// `USER`: the value may change per user after login.
        per_user: bool,
    },
    /// `UIDL` (RFC 2449 §6.8).
    Uidl,
    /// `IMPLEMENTATION text` (RFC 2449 §6.9).
    Implementation(Text<'a>),
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `UTF8 [USER]` (RFC 6856 §2).
    Utf8 {
        /// `USER`: UTF-8 user names and passwords are accepted (RFC 6856 §2.2).
        user: bool,
    },
    /// `LANG` (RFC 6856 §3).
    Lang,
    /// A capability this crate does not know, kept with its arguments.
    Other(OtherCapability<'a>),
}

/// An unknown capability: its tag and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCapability<'a> {
    pub(crate) tag: Param<'a>,
    pub(crate) args: Vec<Param<'a>>,
}

/// Whether `tag` is made of RFC 2449 `cchar`s.
pub(crate) fn is_capa_tag(tag: &[u8]) -> bool {
    !tag.is_empty() && tag.iter().all(|&b| matches!(b, 0x21..=0x2d | 0x2f..=0x7f))
}

/// The tags with a typed [`Capability`] variant.
pub(crate) const KNOWN_TAGS: [&str; 13] = [
    "TOP",
    "USER",
    "SASL",
    "RESP-CODES",
    "AUTH-RESP-CODE",
    "LOGIN-DELAY",
    "PIPELINING",
    "EXPIRE",
    "UIDL",
    "IMPLEMENTATION",
    "STLS",
    "UTF8",
    "LANG",
];

impl<'a> OtherCapability<'a> {
    /// An unknown capability. Its tag may not be one with a typed variant.
    pub fn new(tag: Param<'a>, args: Vec<Param<'a>>) -> Result<Self, ValidationError> {
        if !is_capa_tag(tag.as_str().as_bytes()) {
            return Err(ValidationError::Invalid {
                what: "capability tag",
                reason: "printable ASCII without \".\"",
            });
        }
        if KNOWN_TAGS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(tag.as_str()))
        {
            return Err(ValidationError::Invalid {
                what: "capability tag",
                reason: "a known capability has its own variant",
            });
        }
        Ok(OtherCapability { tag, args })
    }

    /// The tag.
    pub fn tag(&self) -> &Param<'a> {
        &self.tag
    }

    /// The parameters.
    pub fn args(&self) -> &[Param<'a>] {
        &self.args
    }
}

impl Capability<'_> {
    /// The capability's tag, upper case for the known ones (tags compare case-insensitively,
    /// RFC 2449 §5).
    pub fn tag(&self) -> &str {
        match self {
            Capability::Top => "TOP",
            Capability::User => "USER",
            Capability::Sasl(_) => "SASL",
            Capability::RespCodes => "RESP-CODES",
            Capability::AuthRespCode => "AUTH-RESP-CODE",
            Capability::LoginDelay { .. } => "LOGIN-DELAY",
            Capability::Pipelining => "PIPELINING",
            Capability::Expire { .. } => "EXPIRE",
            Capability::Uidl => "UIDL",
            Capability::Implementation(_) => "IMPLEMENTATION",
            Capability::Stls => "STLS",
            Capability::Utf8 { .. } => "UTF8",
            Capability::Lang => "LANG",
            Capability::Other(o) => o.tag.as_str(),
        }
    }
}

impl IntoOwned for OtherCapability<'_> {
    type Owned = OtherCapability<'static>;
    fn into_owned(self) -> OtherCapability<'static> {
        OtherCapability {
            tag: self.tag.into_owned(),
            args: self.args.into_iter().map(IntoOwned::into_owned).collect(),
        }
    }
}

impl IntoOwned for Capability<'_> {
    type Owned = Capability<'static>;
    fn into_owned(self) -> Capability<'static> {
        match self {
            Capability::Top => Capability::Top,
            Capability::User => Capability::User,
            Capability::Sasl(m) => {
                Capability::Sasl(m.into_iter().map(IntoOwned::into_owned).collect())
            }
            Capability::RespCodes => Capability::RespCodes,
            Capability::AuthRespCode => Capability::AuthRespCode,
            Capability::LoginDelay { seconds, per_user } => {
                Capability::LoginDelay { seconds, per_user }
            }
            Capability::Pipelining => Capability::Pipelining,
            Capability::Expire { expire, per_user } => Capability::Expire { expire, per_user },
            Capability::Uidl => Capability::Uidl,
            Capability::Implementation(t) => Capability::Implementation(t.into_owned()),
            Capability::Stls => Capability::Stls,
            Capability::Utf8 { user } => Capability::Utf8 { user },
            Capability::Lang => Capability::Lang,
            Capability::Other(o) => Capability::Other(o.into_owned()),
        }
    }
}
