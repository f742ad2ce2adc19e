//! The OAUTHBEARER mechanism (RFC 7628): an OAuth 2.0 bearer token in a GS2-style message.
//!
//! RFC 7628 §3.1:
//!
//! ```text
//! kvsep          = %x01
//! key            = 1*(ALPHA)
//! value          = *(VCHAR / SP / HTAB / CR / LF )
//! kvpair         = key "=" value kvsep
//! ;;gs2-header     = See RFC 5801
//! client-resp    = (gs2-header kvsep *kvpair kvsep) / kvsep
//! ```
//!
//! Keys defined there: `auth` (REQUIRED: what would be the HTTP `Authorization` header, e.g.
//! `Bearer <token>`), `host`, `port` ("a decimal positive integer string without leading
//! zeros"); other keys are kept in order (servers MUST ignore unknown ones, §3.1). An empty `auth`
//! value is how a client asks for the scope to use (§4.3).
//!
//! When authentication fails, the server sends a JSON error object in a challenge (§3.2.2,
//! [`ErrorChallenge`]) and the client MUST answer with a single `%x01` ([`Response::Dummy`]) or
//! cancel, after which the server fails the exchange (§3.2.3).
//!
//! ```
//! use mail_core::sasl::oauthbearer::{InitialResponse, Response};
//! use mail_core::Encode;
//!
//! // RFC 7628 §4.1 (decoded initial client response).
//! let input = b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01\
//!               auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01";
//! let Response::Initial(msg) = Response::decode(input).unwrap() else { panic!() };
//! assert_eq!(msg.authzid().as_deref(), Some("user@example.com"));
//! assert_eq!(msg.host(), Some("server.example.com"));
//! assert_eq!(msg.port(), Some(143));
//! assert_eq!(msg.bearer_token(), Some("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="));
//!
//! let built = InitialResponse::bearer("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==")
//!     .unwrap()
//!     .with_authzid("user@example.com")
//!     .unwrap()
//!     .with_host("server.example.com")
//!     .unwrap()
//!     .with_port(143)
//!     .unwrap();
//! assert_eq!(built.to_bytes(), input);
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::gs2::{Gs2Header, SaslName};
use super::text::{find_byte, own, utf8};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::{Encode, put_decimal};
use crate::error::ValidationError;
use crate::secret::Secret;

/// The key/value separator, `kvsep = %x01` (RFC 7628 §3.1).
pub const KVSEP: u8 = 0x01;

/// A character allowed in a value: `VCHAR / SP / HTAB / CR / LF` (RFC 7628 §3.1).
fn is_value_char(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) || matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `b64token` of RFC 6750 §2.1: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn check_b64token(token: &[u8]) -> Result<(), usize> {
    let body = token.iter().position(|&b| b == b'=').unwrap_or(token.len());
    if body == 0 {
        return Err(0);
    }
    let bad = token.iter().enumerate().position(|(i, &b)| {
        if i < body {
            !(b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        } else {
            b != b'='
        }
    });
    match bad {
        Some(i) => Err(i),
        None => Ok(()),
    }
}

fn validate_value(value: &str, what: &'static str) -> Result<(), ValidationError> {
    match find_byte(value.as_bytes(), |b| !is_value_char(b)) {
        Some((position, byte)) => Err(ValidationError::InvalidByte {
            what,
            byte,
            position,
        }),
        None => Ok(()),
    }
}

/// The OAUTHBEARER initial client response (RFC 7628 §3.1). `Debug` redacts the `auth` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitialResponse<'a> {
    gs2: Gs2Header<'a>,
    auth: Secret<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
    port: Option<u16>,
    extensions: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> InitialResponse<'a> {
    /// A response with this `auth` value (for example `Bearer <token>`; empty to ask for the
    /// scope, RFC 7628 §4.3), GS2 header `n,,`.
    pub fn new(auth: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let auth = auth.into();
        validate_value(&auth, "oauthbearer auth value")?;
        Ok(InitialResponse {
            gs2: Gs2Header::default(),
            auth: Secret::new(auth),
            host: None,
            port: None,
            extensions: Vec::new(),
        })
    }

    /// A response carrying an OAuth 2.0 bearer token: `auth=Bearer <token>`, the token being an
    /// RFC 6750 §2.1 `b64token`.
    pub fn bearer(token: &str) -> Result<Self, ValidationError> {
        check_b64token(token.as_bytes()).map_err(|_| ValidationError::Invalid {
            what: "bearer token",
            reason: "not an RFC 6750 b64token",
        })?;
        Self::new(Cow::Owned(format!("Bearer {token}")))
    }

    /// The same response with an authorization identity in the GS2 header (plain text; `,` and
    /// `=` are escaped).
    pub fn with_authzid(
        mut self,
        authzid: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let authzid = SaslName::new(authzid)?;
        self.gs2 = Gs2Header::new(self.gs2.channel_binding().clone(), Some(authzid));
        Ok(self)
    }

    /// The same response with another GS2 header.
    pub fn with_gs2_header(mut self, gs2: Gs2Header<'a>) -> Self {
        self.gs2 = gs2;
        self
    }

    /// The same response with a `host` key.
    pub fn with_host(mut self, host: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let host = host.into();
        validate_value(&host, "oauthbearer host")?;
        self.host = Some(host);
        Ok(self)
    }

    /// The same response with a `port` key (a positive number).
    pub fn with_port(mut self, port: u16) -> Result<Self, ValidationError> {
        if port == 0 {
            return Err(ValidationError::OutOfRange {
                what: "oauthbearer port",
                min: 1,
                max: 65535,
            });
        }
        self.port = Some(port);
        Ok(self)
    }

    /// The same response with one more key/value pair (`key = 1*ALPHA`, not `auth`, `host` or
    /// `port`).
    pub fn with_extension(
        mut self,
        key: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let key = key.into();
        let value = value.into();
        super::text::validate(key.as_bytes(), "oauthbearer key", |b| {
            !b.is_ascii_alphabetic()
        })?;
        if matches!(&*key, "auth" | "host" | "port") {
            return Err(ValidationError::Invalid {
                what: "oauthbearer key",
                reason: "auth, host and port have their own methods",
            });
        }
        validate_value(&value, "oauthbearer value")?;
        self.extensions.push((key, value));
        Ok(self)
    }

    /// The GS2 header.
    pub fn gs2_header(&self) -> &Gs2Header<'a> {
        &self.gs2
    }

    /// The authorization identity from the GS2 header, unescaped.
    pub fn authzid(&self) -> Option<Cow<'_, str>> {
        self.gs2.authzid().map(SaslName::to_unescaped)
    }

    /// The `auth` value (e.g. `Bearer <token>`).
    pub fn auth(&self) -> &Secret<Cow<'a, str>> {
        &self.auth
    }

    /// The bearer token, when `auth` is `Bearer <token>` (the scheme name is case-insensitive,
    /// RFC 7628 §4).
    pub fn bearer_token(&self) -> Option<&str> {
        let auth: &str = self.auth.expose();
        let (scheme, token) = auth.split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
    }

    /// The `host` value.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The `port` value.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The other key/value pairs, in order.
    pub fn extensions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.extensions.iter().map(|(k, v)| (&**k, &**v))
    }

    fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let (gs2, mut pos) = Gs2Header::decode_prefix(input)?;
        if input.get(pos) != Some(&KVSEP) {
            return Err(DecodeError::syntax(pos, "kvsep after the gs2-header"));
        }
        pos += 1;
        let mut auth = None;
        let mut host = None;
        let mut port = None;
        let mut extensions = Vec::new();
        loop {
            let rest = input.get(pos..).unwrap_or_default();
            match rest.first() {
                Some(&KVSEP) => {
                    if rest.len() != 1 {
                        return Err(DecodeError::syntax(pos + 1, "end of message"));
                    }
                    break;
                }
                None => return Err(DecodeError::syntax(pos, "kvpair or kvsep")),
                Some(_) => {}
            }
            let key_len = rest
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            if key_len == 0 {
                return Err(DecodeError::syntax(pos, "key (1*ALPHA)"));
            }
            if rest.get(key_len) != Some(&b'=') {
                return Err(DecodeError::syntax(pos + key_len, "\"=\""));
            }
            let value_start = pos + key_len + 1;
            let value_bytes = input.get(value_start..).unwrap_or_default();
            let value_len = value_bytes
                .iter()
                .position(|&b| !is_value_char(b))
                .unwrap_or(value_bytes.len());
            if value_bytes.get(value_len) != Some(&KVSEP) {
                return Err(DecodeError::syntax(
                    value_start + value_len,
                    "value character or kvsep",
                ));
            }
            // Keys and values are ASCII by their grammar.
            let key = utf8(rest.get(..key_len).unwrap_or_default(), pos)?;
            let value = utf8(
                value_bytes.get(..value_len).unwrap_or_default(),
                value_start,
            )?;
            let duplicate = |what| DecodeError::new(pos, DecodeErrorKind::Duplicate { what });
            match key {
                "auth" if auth.is_some() => return Err(duplicate("auth key")),
                "auth" => auth = Some(value),
                "host" if host.is_some() => return Err(duplicate("host key")),
                "host" => host = Some(value),
                "port" if port.is_some() => return Err(duplicate("port key")),
                "port" => port = Some(decode_port(value.as_bytes(), value_start)?),
                _ => extensions.push((Cow::Borrowed(key), Cow::Borrowed(value))),
            }
            pos = value_start + value_len + 1;
        }
        let auth = auth.ok_or_else(|| DecodeError::syntax(pos, "an auth key (required)"))?;
        Ok(InitialResponse {
            gs2,
            auth: Secret::new(Cow::Borrowed(auth)),
            host: host.map(Cow::Borrowed),
            port,
            extensions,
        })
    }
}

/// `port`: "a decimal positive integer string without leading zeros" (RFC 7628 §3.1).
fn decode_port(value: &[u8], base: usize) -> Result<u16, DecodeError> {
    if value.is_empty() || value.first() == Some(&b'0') {
        return Err(DecodeError::syntax(base, "port without leading zeros"));
    }
    let mut port: u32 = 0;
    for (i, &b) in value.iter().enumerate() {
        if !b.is_ascii_digit() {
            return Err(DecodeError::syntax(base + i, "decimal digit"));
        }
        port = port * 10 + u32::from(b - b'0');
        if port > u32::from(u16::MAX) {
            return Err(DecodeError::new(base, DecodeErrorKind::NumberOutOfRange));
        }
    }
    u16::try_from(port).map_err(|_| DecodeError::new(base, DecodeErrorKind::NumberOutOfRange))
}

impl Encode for InitialResponse<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.gs2.encode(dst);
        dst.put_u8(KVSEP);
        if let Some(host) = &self.host {
            dst.put_slice(b"host=");
            dst.put_slice(host.as_bytes());
            dst.put_u8(KVSEP);
        }
        if let Some(port) = self.port {
            dst.put_slice(b"port=");
            put_decimal(dst, u64::from(port));
            dst.put_u8(KVSEP);
        }
        dst.put_slice(b"auth=");
        dst.put_slice(self.auth.expose().as_bytes());
        dst.put_u8(KVSEP);
        for (key, value) in &self.extensions {
            dst.put_slice(key.as_bytes());
            dst.put_u8(b'=');
            dst.put_slice(value.as_bytes());
            dst.put_u8(KVSEP);
        }
        dst.put_u8(KVSEP);
    }
}

impl IntoOwned for InitialResponse<'_> {
    type Owned = InitialResponse<'static>;

    fn into_owned(self) -> InitialResponse<'static> {
        InitialResponse {
            gs2: self.gs2.into_owned(),
            auth: self.auth.map(own),
            host: self.host.map(own),
            port: self.port,
            extensions: self
                .extensions
                .into_iter()
                .map(|(k, v)| (own(k), own(v)))
                .collect(),
        }
    }
}

/// An OAUTHBEARER client message (RFC 7628 §3.1 `client-resp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response<'a> {
    /// The initial response with the token.
    Initial(InitialResponse<'a>),
    /// The single `%x01` a client sends after an [`ErrorChallenge`] (§3.2.3).
    Dummy,
}

impl<'a> Response<'a> {
    /// Decodes a client message (the octets after base64 decoding).
    ///
    /// Errors: [`DecodeErrorKind::Syntax`] (GS2 header, key/value grammar, missing `auth`,
    /// bytes after the final `%x01`), [`DecodeErrorKind::Duplicate`] for a repeated `auth`,
    /// `host` or `port`, [`DecodeErrorKind::NumberOutOfRange`] for a port over 65535.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        if input == [KVSEP] {
            return Ok(Response::Dummy);
        }
        InitialResponse::decode(input).map(Response::Initial)
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            Response::Initial(initial) => initial.encode(dst),
            Response::Dummy => dst.put_u8(KVSEP),
        }
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;

    fn into_owned(self) -> Response<'static> {
        match self {
            Response::Initial(initial) => Response::Initial(initial.into_owned()),
            Response::Dummy => Response::Dummy,
        }
    }
}

/// The server's error challenge: a JSON object with `status` and optionally `scope` and
/// `openid-configuration` (RFC 7628 §3.2.2), kept as text. XOAUTH2 servers send the same shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorChallenge<'a>(Cow<'a, str>);

/// The JSON text must be an object: the first character that is not JSON whitespace
/// (RFC 8259 §2) is `{`.
fn check_json_object(s: &[u8]) -> Result<(), usize> {
    let start = s
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(s.len());
    if s.get(start) == Some(&b'{') {
        Ok(())
    } else {
        Err(start)
    }
}

impl<'a> ErrorChallenge<'a> {
    /// An error challenge from JSON text (must start with `{`; its content is not checked).
    pub fn new(json: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let json = json.into();
        check_json_object(json.as_bytes()).map_err(|_| ValidationError::Invalid {
            what: "oauth error challenge",
            reason: "not a JSON object",
        })?;
        Ok(ErrorChallenge(json))
    }

    /// The JSON text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decodes the challenge (the octets after base64 decoding): UTF-8 text of a JSON object
    /// (RFC 8259 §8.1 requires UTF-8). The JSON itself is not parsed.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let text = utf8(input, 0)?;
        check_json_object(input).map_err(|at| DecodeError::syntax(at, "a JSON object"))?;
        Ok(ErrorChallenge(Cow::Borrowed(text)))
    }
}

impl Encode for ErrorChallenge<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.as_bytes());
    }
}

impl IntoOwned for ErrorChallenge<'_> {
    type Owned = ErrorChallenge<'static>;

    fn into_owned(self) -> ErrorChallenge<'static> {
        ErrorChallenge(own(self.0))
    }
}
