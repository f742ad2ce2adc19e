//! The GS2 header (RFC 5801 §4) that starts SCRAM (RFC 5802 §7) and OAUTHBEARER (RFC 7628 §3.1)
//! client messages, and its `saslname` escaping.
//!
//! ```text
//! saslname        = 1*(UTF8-char-safe / "=2C" / "=3D")
//! UTF8-char-safe  = UTF8-1-safe / UTF8-2 / UTF8-3 / UTF8-4
//! UTF8-1-safe     = %x01-2B / %x2D-3C / %x3E-7F   ;; UTF8-1 except NUL, "=" and ","
//! gs2-authzid     = "a=" saslname
//! cb-name         = 1*(ALPHA / DIGIT / "." / "-")
//! gs2-cb-flag     = ("p=" cb-name) / "n" / "y"
//! gs2-header      = [gs2-nonstd-flag ","] gs2-cb-flag "," [gs2-authzid] ","
//! ```
//!
//! The `gs2-nonstd-flag` (`F`) only concerns GSS-API mechanisms run through GS2; SCRAM's header
//! leaves it out (RFC 5802 §7) and OAUTHBEARER clients do not send it, so it is rejected here.
//!
//! ```
//! use mail_core::sasl::gs2::SaslName;
//!
//! let name = SaslName::new("a,b=c").unwrap();
//! assert_eq!(name.as_escaped(), "a=2Cb=3Dc");
//! assert_eq!(name.to_unescaped(), "a,b=c");
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{find_byte, own, utf8};
use crate::decode::{DecodeError, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// A `saslname` (RFC 5801 §4, RFC 5802 §7): a non-empty UTF-8 name without NUL in which `,` is
/// written `=2C` and `=` is written `=3D`.
///
/// The escaped form is kept as received (the escapes' hexadecimal digits may be in either case,
/// RFC 5234 §2.3), so that a message re-encodes to the same octets, which SCRAM's AuthMessage
/// (RFC 5802 §3) needs. Equality compares the escaped forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaslName<'a>(Cow<'a, str>);

impl<'a> SaslName<'a> {
    /// A name from its plain (unescaped) text: non-empty, no NUL. `,` and `=` are escaped.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let name = name.into();
        if name.is_empty() {
            return Err(ValidationError::Empty { what: "saslname" });
        }
        if let Some((position, byte)) = find_byte(name.as_bytes(), |b| b == 0) {
            return Err(ValidationError::InvalidByte {
                what: "saslname",
                byte,
                position,
            });
        }
        if !name.contains([',', '=']) {
            return Ok(SaslName(name));
        }
        let mut escaped = String::with_capacity(name.len() + 8);
        for c in name.chars() {
            match c {
                ',' => escaped.push_str("=2C"),
                '=' => escaped.push_str("=3D"),
                c => escaped.push(c),
            }
        }
        Ok(SaslName(Cow::Owned(escaped)))
    }

    /// The name as written in the message (escaped).
    pub fn as_escaped(&self) -> &str {
        &self.0
    }

    /// The name with `=2C` and `=3D` turned back into `,` and `=`.
    pub fn to_unescaped(&self) -> Cow<'_, str> {
        if !self.0.contains('=') {
            return Cow::Borrowed(&self.0);
        }
        let mut out = String::with_capacity(self.0.len());
        let mut rest: &str = &self.0;
        while let Some(i) = rest.find('=') {
            out.push_str(rest.get(..i).unwrap_or_default());
            let code = rest.get(i + 1..i + 3).unwrap_or_default();
            out.push(if code.eq_ignore_ascii_case("2C") {
                ','
            } else {
                '='
            });
            rest = rest.get(i + 3..).unwrap_or_default();
        }
        out.push_str(rest);
        Cow::Owned(out)
    }

    /// Decodes a whole escaped `saslname` (the caller found its end, the next `,`). `base` is
    /// the offset of `input` in the message, for error offsets.
    pub(crate) fn decode(input: &'a [u8], base: usize) -> Result<Self, DecodeError> {
        if input.is_empty() {
            return Err(DecodeError::syntax(base, "saslname"));
        }
        let mut i = 0;
        while let Some(&b) = input.get(i) {
            match b {
                0 | b',' => return Err(DecodeError::syntax(base + i, "UTF8-char-safe")),
                b'=' => {
                    let code = input.get(i + 1..i + 3).unwrap_or_default();
                    if !code.eq_ignore_ascii_case(b"2C") && !code.eq_ignore_ascii_case(b"3D") {
                        return Err(DecodeError::syntax(base + i, "\"=2C\" or \"=3D\""));
                    }
                    i += 3;
                }
                _ => i += 1,
            }
        }
        Ok(SaslName(Cow::Borrowed(utf8(input, base)?)))
    }
}

impl Encode for SaslName<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.as_bytes());
    }
}

impl IntoOwned for SaslName<'_> {
    type Owned = SaslName<'static>;

    fn into_owned(self) -> SaslName<'static> {
        SaslName(own(self.0))
    }
}

/// A channel binding type name, `cb-name = 1*(ALPHA / DIGIT / "." / "-")` (RFC 5801 §4,
/// RFC 5056 §7), e.g. `tls-server-end-point`, `tls-unique`, `tls-exporter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CbName<'a>(Cow<'a, str>);

fn is_cb_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

impl<'a> CbName<'a> {
    /// `tls-unique` (RFC 5929 §3).
    pub const TLS_UNIQUE: CbName<'static> = CbName(Cow::Borrowed("tls-unique"));
    /// `tls-server-end-point` (RFC 5929 §4).
    pub const TLS_SERVER_END_POINT: CbName<'static> = CbName(Cow::Borrowed("tls-server-end-point"));
    /// `tls-exporter` (RFC 9266).
    pub const TLS_EXPORTER: CbName<'static> = CbName(Cow::Borrowed("tls-exporter"));

    /// A channel binding type name.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let name = name.into();
        super::text::validate(name.as_bytes(), "channel binding name", |b| {
            !is_cb_name_char(b)
        })?;
        Ok(CbName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The GS2 channel binding flag, `gs2-cb-flag` (RFC 5801 §4, RFC 5802 §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelBinding<'a> {
    /// `n`: the client does not support channel binding.
    NotSupported,
    /// `y`: the client supports channel binding but thinks the server does not.
    SupportedNotUsed,
    /// `p=cb-name`: the client uses channel binding of this type.
    Used(CbName<'a>),
}

/// The GS2 header: channel binding flag and optional authorization identity (RFC 5801 §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs2Header<'a> {
    channel_binding: ChannelBinding<'a>,
    authzid: Option<SaslName<'a>>,
}

impl Default for Gs2Header<'_> {
    /// `n,,`: no channel binding, no authorization identity.
    fn default() -> Self {
        Gs2Header {
            channel_binding: ChannelBinding::NotSupported,
            authzid: None,
        }
    }
}

impl<'a> Gs2Header<'a> {
    /// A header with this channel binding flag and authorization identity.
    pub fn new(channel_binding: ChannelBinding<'a>, authzid: Option<SaslName<'a>>) -> Self {
        Gs2Header {
            channel_binding,
            authzid,
        }
    }

    /// The channel binding flag.
    pub fn channel_binding(&self) -> &ChannelBinding<'a> {
        &self.channel_binding
    }

    /// The authorization identity, if any (escaped form; see [`SaslName::to_unescaped`]).
    pub fn authzid(&self) -> Option<&SaslName<'a>> {
        self.authzid.as_ref()
    }

    /// Decodes the header at the start of `input`, returning it and the number of bytes used
    /// (through the second `,`).
    pub(crate) fn decode_prefix(input: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        let comma = |at: usize| -> Result<usize, DecodeError> {
            match input.get(at) {
                Some(b',') => Ok(at + 1),
                _ => Err(DecodeError::syntax(at, "\",\"")),
            }
        };
        let (channel_binding, pos) = match input.first() {
            Some(b'n') => (ChannelBinding::NotSupported, comma(1)?),
            Some(b'y') => (ChannelBinding::SupportedNotUsed, comma(1)?),
            Some(b'p') => {
                if input.get(1) != Some(&b'=') {
                    return Err(DecodeError::syntax(1, "\"=\""));
                }
                let rest = input.get(2..).unwrap_or_default();
                let len = rest
                    .iter()
                    .position(|&b| !is_cb_name_char(b))
                    .unwrap_or(rest.len());
                if len == 0 {
                    return Err(DecodeError::syntax(2, "cb-name"));
                }
                let name = utf8(rest.get(..len).unwrap_or_default(), 2)?;
                (
                    ChannelBinding::Used(CbName(Cow::Borrowed(name))),
                    comma(2 + len)?,
                )
            }
            _ => {
                return Err(DecodeError::syntax(
                    0,
                    "gs2-cb-flag (\"n\", \"y\" or \"p=\")",
                ));
            }
        };
        let rest = input.get(pos..).unwrap_or_default();
        if rest.first() == Some(&b',') {
            return Ok((
                Gs2Header {
                    channel_binding,
                    authzid: None,
                },
                pos + 1,
            ));
        }
        if !rest.starts_with(b"a=") {
            return Err(DecodeError::syntax(pos, "\"a=\" or \",\""));
        }
        let name_start = pos + 2;
        let name_bytes = input.get(name_start..).unwrap_or_default();
        let len = memchr::memchr(b',', name_bytes)
            .ok_or_else(|| DecodeError::syntax(input.len(), "\",\""))?;
        let authzid = SaslName::decode(name_bytes.get(..len).unwrap_or_default(), name_start)?;
        Ok((
            Gs2Header {
                channel_binding,
                authzid: Some(authzid),
            },
            name_start + len + 1,
        ))
    }
}

impl Encode for Gs2Header<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match &self.channel_binding {
            ChannelBinding::NotSupported => dst.put_u8(b'n'),
            ChannelBinding::SupportedNotUsed => dst.put_u8(b'y'),
            ChannelBinding::Used(name) => {
                dst.put_slice(b"p=");
                dst.put_slice(name.0.as_bytes());
            }
        }
        dst.put_u8(b',');
        if let Some(authzid) = &self.authzid {
            dst.put_slice(b"a=");
            authzid.encode(dst);
        }
        dst.put_u8(b',');
    }
}

impl IntoOwned for CbName<'_> {
    type Owned = CbName<'static>;

    fn into_owned(self) -> CbName<'static> {
        CbName(own(self.0))
    }
}

impl IntoOwned for ChannelBinding<'_> {
    type Owned = ChannelBinding<'static>;

    fn into_owned(self) -> ChannelBinding<'static> {
        match self {
            ChannelBinding::NotSupported => ChannelBinding::NotSupported,
            ChannelBinding::SupportedNotUsed => ChannelBinding::SupportedNotUsed,
            ChannelBinding::Used(name) => ChannelBinding::Used(name.into_owned()),
        }
    }
}

impl IntoOwned for Gs2Header<'_> {
    type Owned = Gs2Header<'static>;

    fn into_owned(self) -> Gs2Header<'static> {
        Gs2Header {
            channel_binding: self.channel_binding.into_owned(),
            authzid: self.authzid.map(IntoOwned::into_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs2_headers() {
        let table: &[(&[u8], usize)] = &[
            (b"n,,rest", 3),
            (b"y,,", 3),
            (b"p=tls-unique,,", 14),
            (b"n,a=user@example.com,\x01", 21),
            (b"n,a=a=2Cb=3d,", 13),
        ];
        for &(input, used) in table {
            let (header, n) = Gs2Header::decode_prefix(input).unwrap();
            assert_eq!(n, used, "{input:?}");
            assert_eq!(header.to_bytes(), input.get(..used).unwrap());
        }
        let (header, _) = Gs2Header::decode_prefix(b"n,a=a=2Cb=3d,").unwrap();
        assert_eq!(header.authzid().unwrap().to_unescaped(), "a,b=");
        for (bad, offset) in [
            (&b""[..], 0),
            (b"F,n,,", 0),
            (b"n", 1),
            (b"nx,,", 1),
            (b"p,,", 1),
            (b"p=,,", 2),
            (b"p=tls_unique,,", 5),
            (b"n,b=x,", 2),
            (b"n,a=,", 4),
            (b"n,a=x", 5),
            (b"n,a=x=2D,", 5),
            (b"n,a=x\0,", 5),
        ] {
            let err = Gs2Header::decode_prefix(bad).unwrap_err();
            assert_eq!(err.offset, offset, "{bad:?}");
        }
    }
}
