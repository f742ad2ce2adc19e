//! The SCRAM mechanisms (RFC 5802: SCRAM-SHA-1 and SCRAM-SHA-1-PLUS; RFC 7677: SCRAM-SHA-256
//! and SCRAM-SHA-256-PLUS): the four messages of the exchange, syntax only.
//!
//! All variants share the syntax of RFC 5802 §7:
//!
//! ```text
//! attr-val        = ALPHA "=" value
//! value           = 1*value-char
//! value-safe-char = %x01-2B / %x2D-3C / %x3E-7F / UTF8-2 / UTF8-3 / UTF8-4
//! value-char      = value-safe-char / "="
//! printable       = %x21-2B / %x2D-7E
//! base64          = *base64-4 [base64-3 / base64-2]
//! posit-number    = %x31-39 *DIGIT
//! username        = "n=" saslname
//! reserved-mext   = "m=" 1*(value-char)
//! channel-binding = "c=" base64
//! proof           = "p=" base64
//! nonce           = "r=" c-nonce [s-nonce]
//! c-nonce         = printable
//! s-nonce         = printable
//! salt            = "s=" base64
//! verifier        = "v=" base64
//! iteration-count = "i=" posit-number
//! client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
//! client-first-message      = gs2-header client-first-message-bare
//! server-first-message      = [reserved-mext ","] nonce "," salt "," iteration-count
//!                             ["," extensions]
//! client-final-message-without-proof = channel-binding "," nonce ["," extensions]
//! client-final-message      = client-final-message-without-proof "," proof
//! server-error              = "e=" server-error-value
//! server-final-message      = (server-error / verifier) ["," extensions]
//! extensions                = attr-val *("," attr-val)
//! ```
//!
//! `c-nonce` and `s-nonce` are read as `1*printable` (a single character, as the ABNF literally
//! says, is not what §5.1 describes: "a sequence of random printable ASCII characters").
//! Base64 fields are decoded strictly (see [`wire`](super::wire)). Values keep their escaped
//! forms, so each message re-encodes to the octets it was decoded from, which the AuthMessage of
//! RFC 5802 §3 needs (see [`auth_message`]). The checks that need state (the server nonce
//! starts with the client nonce, §5.1; `c=` holds the GS2 header, §7) and all cryptography are
//! left to the caller.
//!
//! ```
//! use mail_core::sasl::scram::{ClientFinal, ClientFirst, ServerFinal, ServerFirst};
//! use mail_core::Encode;
//!
//! // RFC 5802 §5.
//! let client_first = ClientFirst::decode(b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL").unwrap();
//! assert_eq!(client_first.username().to_unescaped(), "user");
//! let server_first = ServerFirst::decode(
//!     b"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
//! )
//! .unwrap();
//! assert!(server_first.nonce().starts_with(client_first.nonce()));
//! assert_eq!(server_first.iterations(), 4096);
//! let client_final = ClientFinal::decode(
//!     b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
//! )
//! .unwrap();
//! assert_eq!(client_final.channel_binding(), b"n,,");
//! let server_final = ServerFinal::decode(b"v=rmF9pqV8S7suAoZWja4dJRkFsKQ=").unwrap();
//! assert!(server_final.verifier_signature().is_some());
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::gs2::{Gs2Header, SaslName};
use super::text::{find_byte, own, utf8, validate};
use super::wire::{decode_base64, put_base64};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::{Encode, put_decimal};
use crate::error::ValidationError;
use crate::secret::Secret;

/// `printable = %x21-2B / %x2D-7E` (RFC 5802 §7).
fn is_printable(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && b != b','
}

/// Not a `value-char` (RFC 5802 §7): NUL or `,` (non-ASCII is checked as UTF-8).
fn is_not_value_char(b: u8) -> bool {
    b == 0 || b == b','
}

/// One attribute of a message: its offset in the message and its octets (up to the next `,`).
#[derive(Clone, Copy)]
struct Attr<'a> {
    offset: usize,
    bytes: &'a [u8],
}

impl<'a> Attr<'a> {
    /// The value after `name=`, or a syntax error naming what was expected.
    fn value_of(self, name: u8, expected: &'static str) -> Result<Value<'a>, DecodeError> {
        match self.bytes {
            [n, b'=', value @ ..] if *n == name => Ok(Value {
                offset: self.offset + 2,
                bytes: value,
            }),
            _ => Err(DecodeError::syntax(self.offset, expected)),
        }
    }

    fn has_name(self, name: u8) -> bool {
        matches!(self.bytes, [n, b'=', ..] if *n == name)
    }
}

/// The value of an attribute, with its offset in the message.
#[derive(Clone, Copy)]
struct Value<'a> {
    offset: usize,
    bytes: &'a [u8],
}

impl<'a> Value<'a> {
    /// `1*value-char`.
    fn text(self) -> Result<&'a str, DecodeError> {
        if self.bytes.is_empty() {
            return Err(DecodeError::syntax(self.offset, "value"));
        }
        if let Some((i, _)) = find_byte(self.bytes, is_not_value_char) {
            return Err(DecodeError::syntax(self.offset + i, "value-char"));
        }
        utf8(self.bytes, self.offset)
    }

    /// `1*printable`.
    fn nonce(self) -> Result<&'a str, DecodeError> {
        if self.bytes.is_empty() {
            return Err(DecodeError::syntax(self.offset, "nonce (1*printable)"));
        }
        if let Some((i, _)) = find_byte(self.bytes, |b| !is_printable(b)) {
            return Err(DecodeError::syntax(self.offset + i, "printable"));
        }
        utf8(self.bytes, self.offset)
    }

    /// Strict base64, decoded.
    fn base64(self) -> Result<Vec<u8>, DecodeError> {
        decode_base64(self.bytes, self.bytes.len()).map_err(|e| e.shifted(self.offset))
    }

    /// `posit-number`, as a `u32`.
    fn positive_number(self) -> Result<u32, DecodeError> {
        match self.bytes.first() {
            Some(b'1'..=b'9') => {}
            _ => return Err(DecodeError::syntax(self.offset, "posit-number")),
        }
        let mut n: u32 = 0;
        for (i, &b) in self.bytes.iter().enumerate() {
            if !b.is_ascii_digit() {
                return Err(DecodeError::syntax(self.offset + i, "digit"));
            }
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u32::from(b - b'0')))
                .ok_or_else(|| DecodeError::new(self.offset, DecodeErrorKind::NumberOverflow))?;
        }
        Ok(n)
    }
}

/// Splits `input` (starting at `base` in the message) at each `,`.
fn attrs(input: &[u8], base: usize) -> impl Iterator<Item = Attr<'_>> {
    let mut offset = base;
    input.split(|&b| b == b',').map(move |bytes| {
        let attr = Attr { offset, bytes };
        offset += bytes.len() + 1;
        attr
    })
}

/// An extension attribute, `attr-val = ALPHA "=" value` (RFC 5802 §7). Receivers MUST ignore
/// extensions they do not know; the codec keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension<'a> {
    name: u8,
    value: Cow<'a, str>,
}

impl<'a> Extension<'a> {
    /// An extension: `name` an ASCII letter, `value` non-empty without NUL or `,`.
    pub fn new(name: char, value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        let name = u8::try_from(name)
            .ok()
            .filter(u8::is_ascii_alphabetic)
            .ok_or(ValidationError::Invalid {
                what: "scram attribute name",
                reason: "must be an ASCII letter",
            })?;
        validate(value.as_bytes(), "scram attribute value", is_not_value_char)?;
        Ok(Extension { name, value })
    }

    /// The attribute name (a letter).
    pub fn name(&self) -> char {
        char::from(self.name)
    }

    /// The attribute value.
    pub fn value(&self) -> &str {
        &self.value
    }

    fn decode(attr: Attr<'a>) -> Result<Self, DecodeError> {
        match attr.bytes {
            [name, b'=', ..] if name.is_ascii_alphabetic() => {
                let value = attr.value_of(*name, "attr-val")?.text()?;
                Ok(Extension {
                    name: *name,
                    value: Cow::Borrowed(value),
                })
            }
            _ => Err(DecodeError::syntax(
                attr.offset,
                "attr-val (ALPHA \"=\" value)",
            )),
        }
    }
}

impl Encode for Extension<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_u8(self.name);
        dst.put_u8(b'=');
        dst.put_slice(self.value.as_bytes());
    }
}

impl IntoOwned for Extension<'_> {
    type Owned = Extension<'static>;

    fn into_owned(self) -> Extension<'static> {
        Extension {
            name: self.name,
            value: own(self.value),
        }
    }
}

fn put_extensions<B: BufMut + ?Sized>(extensions: &[Extension<'_>], dst: &mut B) {
    for extension in extensions {
        dst.put_u8(b',');
        extension.encode(dst);
    }
}

fn owned_extensions(extensions: Vec<Extension<'_>>) -> Vec<Extension<'static>> {
    extensions.into_iter().map(IntoOwned::into_owned).collect()
}

fn validate_nonce(nonce: &str) -> Result<(), ValidationError> {
    validate(nonce.as_bytes(), "scram nonce", |b| !is_printable(b))
}

fn validate_value(value: &str, what: &'static str) -> Result<(), ValidationError> {
    validate(value.as_bytes(), what, is_not_value_char)
}

/// Decodes an optional leading `m=` attribute.
fn decode_mext<'a>(attr: Attr<'a>) -> Result<Option<Cow<'a, str>>, DecodeError> {
    if attr.has_name(b'm') {
        Ok(Some(Cow::Borrowed(
            attr.value_of(b'm', "reserved-mext")?.text()?,
        )))
    } else {
        Ok(None)
    }
}

fn put_mext<B: BufMut + ?Sized>(mext: Option<&Cow<'_, str>>, dst: &mut B) {
    if let Some(mext) = mext {
        dst.put_slice(b"m=");
        dst.put_slice(mext.as_bytes());
        dst.put_u8(b',');
    }
}

// ---------------------------------------------------------------------------------------------

/// The client's first message: GS2 header, user name, client nonce (RFC 5802 §5.1, §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFirst<'a> {
    gs2: Gs2Header<'a>,
    mandatory_extension: Option<Cow<'a, str>>,
    username: SaslName<'a>,
    nonce: Cow<'a, str>,
    extensions: Vec<Extension<'a>>,
}

impl<'a> ClientFirst<'a> {
    /// A first message for `username` (plain text, SASLprep already applied by the caller; `,`
    /// and `=` are escaped) with the client nonce `nonce` (printable ASCII without `,`), and the
    /// GS2 header `n,,`.
    pub fn new(
        username: impl Into<Cow<'a, str>>,
        nonce: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let nonce = nonce.into();
        validate_nonce(&nonce)?;
        Ok(ClientFirst {
            gs2: Gs2Header::default(),
            mandatory_extension: None,
            username: SaslName::new(username)?,
            nonce,
            extensions: Vec::new(),
        })
    }

    /// The same message with another GS2 header (channel binding flag, authzid).
    pub fn with_gs2_header(mut self, gs2: Gs2Header<'a>) -> Self {
        self.gs2 = gs2;
        self
    }

    /// The same message with one more extension attribute after the nonce.
    pub fn with_extension(mut self, extension: Extension<'a>) -> Self {
        self.extensions.push(extension);
        self
    }

    /// The same message with a reserved `m=` attribute (RFC 5802 §5.1: a server that sees one
    /// MUST fail the exchange; meant for testing servers).
    pub fn with_mandatory_extension(
        mut self,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let value = value.into();
        validate_value(&value, "scram reserved-mext")?;
        self.mandatory_extension = Some(value);
        Ok(self)
    }

    /// The GS2 header.
    pub fn gs2_header(&self) -> &Gs2Header<'a> {
        &self.gs2
    }

    /// The `m=` attribute, if present.
    pub fn mandatory_extension(&self) -> Option<&str> {
        self.mandatory_extension.as_deref()
    }

    /// The user name (escaped; see [`SaslName::to_unescaped`]).
    pub fn username(&self) -> &SaslName<'a> {
        &self.username
    }

    /// The client nonce.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The extension attributes.
    pub fn extensions(&self) -> &[Extension<'a>] {
        &self.extensions
    }

    /// Appends `client-first-message-bare` (the message without the GS2 header), the first part
    /// of the AuthMessage (RFC 5802 §3).
    pub fn encode_bare<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_mext(self.mandatory_extension.as_ref(), dst);
        dst.put_slice(b"n=");
        self.username.encode(dst);
        dst.put_slice(b",r=");
        dst.put_slice(self.nonce.as_bytes());
        put_extensions(&self.extensions, dst);
    }

    /// Decodes the message (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let (gs2, start) = Gs2Header::decode_prefix(input)?;
        let mut attrs = attrs(input.get(start..).unwrap_or_default(), start).peekable();
        let first = attrs.peek().copied();
        let mandatory_extension = match first {
            Some(attr) => decode_mext(attr)?,
            None => None,
        };
        if mandatory_extension.is_some() {
            attrs.next();
        }
        let username_attr = attrs
            .next()
            .ok_or_else(|| DecodeError::syntax(input.len(), "username"))?;
        let value = username_attr.value_of(b'n', "username (\"n=\")")?;
        let username = SaslName::decode(value.bytes, value.offset)?;
        let nonce_attr = attrs
            .next()
            .ok_or_else(|| DecodeError::syntax(input.len(), "\",r=\" nonce"))?;
        let nonce = nonce_attr.value_of(b'r', "nonce (\"r=\")")?.nonce()?;
        let extensions = attrs.map(Extension::decode).collect::<Result<_, _>>()?;
        Ok(ClientFirst {
            gs2,
            mandatory_extension,
            username,
            nonce: Cow::Borrowed(nonce),
            extensions,
        })
    }
}

impl Encode for ClientFirst<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.gs2.encode(dst);
        self.encode_bare(dst);
    }
}

impl IntoOwned for ClientFirst<'_> {
    type Owned = ClientFirst<'static>;

    fn into_owned(self) -> ClientFirst<'static> {
        ClientFirst {
            gs2: self.gs2.into_owned(),
            mandatory_extension: self.mandatory_extension.map(own),
            username: self.username.into_owned(),
            nonce: own(self.nonce),
            extensions: owned_extensions(self.extensions),
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// The server's first message: combined nonce, salt, iteration count (RFC 5802 §5.1, §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFirst<'a> {
    mandatory_extension: Option<Cow<'a, str>>,
    nonce: Cow<'a, str>,
    salt: Vec<u8>,
    iterations: u32,
    extensions: Vec<Extension<'a>>,
}

impl<'a> ServerFirst<'a> {
    /// A first server message: `nonce` is the client nonce followed by the server's, `salt` the
    /// user's salt, `iterations` at least 1 (RFC 7677 §3: SHOULD be at least 4096 for
    /// SCRAM-SHA-256).
    pub fn new(
        nonce: impl Into<Cow<'a, str>>,
        salt: Vec<u8>,
        iterations: u32,
    ) -> Result<Self, ValidationError> {
        let nonce = nonce.into();
        validate_nonce(&nonce)?;
        if iterations == 0 {
            return Err(ValidationError::OutOfRange {
                what: "scram iteration count",
                min: 1,
                max: u64::from(u32::MAX),
            });
        }
        Ok(ServerFirst {
            mandatory_extension: None,
            nonce,
            salt,
            iterations,
            extensions: Vec::new(),
        })
    }

    /// The same message with one more extension attribute.
    pub fn with_extension(mut self, extension: Extension<'a>) -> Self {
        self.extensions.push(extension);
        self
    }

    /// The same message with a reserved `m=` attribute.
    pub fn with_mandatory_extension(
        mut self,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Self, ValidationError> {
        let value = value.into();
        validate_value(&value, "scram reserved-mext")?;
        self.mandatory_extension = Some(value);
        Ok(self)
    }

    /// The `m=` attribute, if present.
    pub fn mandatory_extension(&self) -> Option<&str> {
        self.mandatory_extension.as_deref()
    }

    /// The combined nonce; RFC 5802 §5.1: it MUST start with the client nonce, which the client
    /// checks.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The salt (decoded from base64).
    pub fn salt(&self) -> &[u8] {
        &self.salt
    }

    /// The iteration count.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// The extension attributes.
    pub fn extensions(&self) -> &[Extension<'a>] {
        &self.extensions
    }

    /// Decodes the message (the octets after base64 decoding).
    ///
    /// Errors: [`DecodeErrorKind::Syntax`], [`DecodeErrorKind::NumberOverflow`] for an
    /// iteration count over `u32::MAX`.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let mut attrs = attrs(input, 0).peekable();
        let first = attrs.peek().copied();
        let mandatory_extension = match first {
            Some(attr) => decode_mext(attr)?,
            None => None,
        };
        if mandatory_extension.is_some() {
            attrs.next();
        }
        let mut next = |expected: &'static str| {
            attrs
                .next()
                .ok_or_else(|| DecodeError::syntax(input.len(), expected))
        };
        let nonce = next("nonce")?.value_of(b'r', "nonce (\"r=\")")?.nonce()?;
        let salt = next("\",s=\" salt")?
            .value_of(b's', "salt (\"s=\")")?
            .base64()?;
        let iterations = next("\",i=\" iteration count")?
            .value_of(b'i', "iteration-count (\"i=\")")?
            .positive_number()?;
        let extensions = attrs.map(Extension::decode).collect::<Result<_, _>>()?;
        Ok(ServerFirst {
            mandatory_extension,
            nonce: Cow::Borrowed(nonce),
            salt,
            iterations,
            extensions,
        })
    }
}

impl Encode for ServerFirst<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_mext(self.mandatory_extension.as_ref(), dst);
        dst.put_slice(b"r=");
        dst.put_slice(self.nonce.as_bytes());
        dst.put_slice(b",s=");
        put_base64(&self.salt, dst);
        dst.put_slice(b",i=");
        put_decimal(dst, u64::from(self.iterations));
        put_extensions(&self.extensions, dst);
    }
}

impl IntoOwned for ServerFirst<'_> {
    type Owned = ServerFirst<'static>;

    fn into_owned(self) -> ServerFirst<'static> {
        ServerFirst {
            mandatory_extension: self.mandatory_extension.map(own),
            nonce: own(self.nonce),
            salt: self.salt,
            iterations: self.iterations,
            extensions: owned_extensions(self.extensions),
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// The client's final message: channel binding data, nonce, proof (RFC 5802 §5.1, §7). `Debug`
/// redacts the proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFinal<'a> {
    channel_binding: Vec<u8>,
    nonce: Cow<'a, str>,
    extensions: Vec<Extension<'a>>,
    proof: Secret<Vec<u8>>,
}

impl<'a> ClientFinal<'a> {
    /// A final client message. `channel_binding` is the `cbind-input` (RFC 5802 §7): the GS2
    /// header of the first message, followed by the channel binding data when the flag was
    /// `p` (`n,,` alone is `biws` on the wire); `nonce` is the combined nonce.
    pub fn new(
        channel_binding: Vec<u8>,
        nonce: impl Into<Cow<'a, str>>,
        proof: Vec<u8>,
    ) -> Result<Self, ValidationError> {
        let nonce = nonce.into();
        validate_nonce(&nonce)?;
        Ok(ClientFinal {
            channel_binding,
            nonce,
            extensions: Vec::new(),
            proof: Secret::new(proof),
        })
    }

    /// The same message with one more extension attribute (before the proof).
    pub fn with_extension(mut self, extension: Extension<'a>) -> Self {
        self.extensions.push(extension);
        self
    }

    /// The `cbind-input` (decoded from base64).
    pub fn channel_binding(&self) -> &[u8] {
        &self.channel_binding
    }

    /// The combined nonce.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The extension attributes.
    pub fn extensions(&self) -> &[Extension<'a>] {
        &self.extensions
    }

    /// The ClientProof (decoded from base64).
    pub fn proof(&self) -> &Secret<Vec<u8>> {
        &self.proof
    }

    /// Appends `client-final-message-without-proof`, the last part of the AuthMessage
    /// (RFC 5802 §3).
    pub fn encode_without_proof<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(b"c=");
        put_base64(&self.channel_binding, dst);
        dst.put_slice(b",r=");
        dst.put_slice(self.nonce.as_bytes());
        put_extensions(&self.extensions, dst);
    }

    /// Decodes the message (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        // The proof is the last attribute; split it off first.
        let last_comma = memchr::memrchr(b',', input)
            .ok_or_else(|| DecodeError::syntax(input.len(), "\",p=\" proof"))?;
        let proof_attr = Attr {
            offset: last_comma + 1,
            bytes: input.get(last_comma + 1..).unwrap_or_default(),
        };
        let proof_value = proof_attr.value_of(b'p', "proof (\"p=\")")?;
        let head = input.get(..last_comma).unwrap_or_default();
        let mut attrs = attrs(head, 0);
        let mut next = |expected: &'static str| {
            attrs
                .next()
                .ok_or_else(|| DecodeError::syntax(last_comma, expected))
        };
        let channel_binding = next("channel-binding")?
            .value_of(b'c', "channel-binding (\"c=\")")?
            .base64()?;
        let nonce = next("\",r=\" nonce")?
            .value_of(b'r', "nonce (\"r=\")")?
            .nonce()?;
        let extensions = attrs.map(Extension::decode).collect::<Result<_, _>>()?;
        let proof = proof_value.base64()?;
        Ok(ClientFinal {
            channel_binding,
            nonce: Cow::Borrowed(nonce),
            extensions,
            proof: Secret::new(proof),
        })
    }
}

impl Encode for ClientFinal<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.encode_without_proof(dst);
        dst.put_slice(b",p=");
        put_base64(self.proof.expose(), dst);
    }
}

impl IntoOwned for ClientFinal<'_> {
    type Owned = ClientFinal<'static>;

    fn into_owned(self) -> ClientFinal<'static> {
        ClientFinal {
            channel_binding: self.channel_binding,
            nonce: own(self.nonce),
            extensions: owned_extensions(self.extensions),
            proof: self.proof,
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// A `server-error-value` (RFC 5802 §7). The registered values are constants; others
/// (`server-error-value-ext`) "should be treated as other-error".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError<'a>(Cow<'a, str>);

impl<'a> ServerError<'a> {
    /// `invalid-encoding`.
    pub const INVALID_ENCODING: ServerError<'static> =
        ServerError(Cow::Borrowed("invalid-encoding"));
    /// `extensions-not-supported` (an unrecognized `m` value).
    pub const EXTENSIONS_NOT_SUPPORTED: ServerError<'static> =
        ServerError(Cow::Borrowed("extensions-not-supported"));
    /// `invalid-proof`.
    pub const INVALID_PROOF: ServerError<'static> = ServerError(Cow::Borrowed("invalid-proof"));
    /// `channel-bindings-dont-match`.
    pub const CHANNEL_BINDINGS_DONT_MATCH: ServerError<'static> =
        ServerError(Cow::Borrowed("channel-bindings-dont-match"));
    /// `server-does-support-channel-binding`.
    pub const SERVER_DOES_SUPPORT_CHANNEL_BINDING: ServerError<'static> =
        ServerError(Cow::Borrowed("server-does-support-channel-binding"));
    /// `channel-binding-not-supported`.
    pub const CHANNEL_BINDING_NOT_SUPPORTED: ServerError<'static> =
        ServerError(Cow::Borrowed("channel-binding-not-supported"));
    /// `unsupported-channel-binding-type`.
    pub const UNSUPPORTED_CHANNEL_BINDING_TYPE: ServerError<'static> =
        ServerError(Cow::Borrowed("unsupported-channel-binding-type"));
    /// `unknown-user`.
    pub const UNKNOWN_USER: ServerError<'static> = ServerError(Cow::Borrowed("unknown-user"));
    /// `invalid-username-encoding`.
    pub const INVALID_USERNAME_ENCODING: ServerError<'static> =
        ServerError(Cow::Borrowed("invalid-username-encoding"));
    /// `no-resources`.
    pub const NO_RESOURCES: ServerError<'static> = ServerError(Cow::Borrowed("no-resources"));
    /// `other-error`.
    pub const OTHER_ERROR: ServerError<'static> = ServerError(Cow::Borrowed("other-error"));

    /// An error value (`1*value-char`).
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let value = value.into();
        validate_value(&value, "scram server-error-value")?;
        Ok(ServerError(value))
    }

    /// The error value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoOwned for ServerError<'_> {
    type Owned = ServerError<'static>;

    fn into_owned(self) -> ServerError<'static> {
        ServerError(own(self.0))
    }
}

/// The server's final message: the ServerSignature, or an error (RFC 5802 §5.1, §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerFinal<'a> {
    /// `v=`: the ServerSignature (decoded from base64), which the client MUST check.
    Verifier {
        /// The ServerSignature.
        signature: Vec<u8>,
        /// Extension attributes after it.
        extensions: Vec<Extension<'a>>,
    },
    /// `e=`: the server failed the exchange.
    Error {
        /// Why.
        error: ServerError<'a>,
        /// Extension attributes after it.
        extensions: Vec<Extension<'a>>,
    },
}

impl<'a> ServerFinal<'a> {
    /// A successful final message with this ServerSignature.
    pub fn verifier(signature: Vec<u8>) -> Self {
        ServerFinal::Verifier {
            signature,
            extensions: Vec::new(),
        }
    }

    /// A failed final message.
    pub fn error(error: ServerError<'a>) -> Self {
        ServerFinal::Error {
            error,
            extensions: Vec::new(),
        }
    }

    /// The ServerSignature, when the server accepted.
    pub fn verifier_signature(&self) -> Option<&[u8]> {
        match self {
            ServerFinal::Verifier { signature, .. } => Some(signature),
            ServerFinal::Error { .. } => None,
        }
    }

    /// The error, when the server refused.
    pub fn server_error(&self) -> Option<&ServerError<'a>> {
        match self {
            ServerFinal::Verifier { .. } => None,
            ServerFinal::Error { error, .. } => Some(error),
        }
    }

    /// Decodes the message (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        let mut attrs = attrs(input, 0);
        let first = attrs
            .next()
            .ok_or_else(|| DecodeError::syntax(0, "\"v=\" or \"e=\""))?;
        let message = if first.has_name(b'v') {
            ServerFinal::Verifier {
                signature: first.value_of(b'v', "verifier")?.base64()?,
                extensions: Vec::new(),
            }
        } else if first.has_name(b'e') {
            ServerFinal::Error {
                error: ServerError(Cow::Borrowed(first.value_of(b'e', "server-error")?.text()?)),
                extensions: Vec::new(),
            }
        } else {
            return Err(DecodeError::syntax(first.offset, "\"v=\" or \"e=\""));
        };
        let decoded: Vec<Extension<'a>> = attrs.map(Extension::decode).collect::<Result<_, _>>()?;
        Ok(match message {
            ServerFinal::Verifier { signature, .. } => ServerFinal::Verifier {
                signature,
                extensions: decoded,
            },
            ServerFinal::Error { error, .. } => ServerFinal::Error {
                error,
                extensions: decoded,
            },
        })
    }
}

impl Encode for ServerFinal<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            ServerFinal::Verifier {
                signature,
                extensions,
            } => {
                dst.put_slice(b"v=");
                put_base64(signature, dst);
                put_extensions(extensions, dst);
            }
            ServerFinal::Error { error, extensions } => {
                dst.put_slice(b"e=");
                dst.put_slice(error.0.as_bytes());
                put_extensions(extensions, dst);
            }
        }
    }
}

impl IntoOwned for ServerFinal<'_> {
    type Owned = ServerFinal<'static>;

    fn into_owned(self) -> ServerFinal<'static> {
        match self {
            ServerFinal::Verifier {
                signature,
                extensions,
            } => ServerFinal::Verifier {
                signature,
                extensions: owned_extensions(extensions),
            },
            ServerFinal::Error { error, extensions } => ServerFinal::Error {
                error: error.into_owned(),
                extensions: owned_extensions(extensions),
            },
        }
    }
}

/// The AuthMessage that both sides sign (RFC 5802 §3):
/// `client-first-message-bare + "," + server-first-message + "," +
/// client-final-message-without-proof`.
pub fn auth_message(
    client_first: &ClientFirst<'_>,
    server_first: &ServerFirst<'_>,
    client_final: &ClientFinal<'_>,
) -> Vec<u8> {
    let mut out = Vec::new();
    client_first.encode_bare(&mut out);
    out.push(b',');
    server_first.encode(&mut out);
    out.push(b',');
    client_final.encode_without_proof(&mut out);
    out
}
