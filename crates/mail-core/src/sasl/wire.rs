//! The base64 wire form of SASL challenges and responses in SMTP, POP3 and IMAP.
//!
//! The three protocols carry a SASL exchange the same way (RFC 4422 §4 leaves this to each
//! protocol's "profile"):
//!
//! * a server challenge is one line of base64 text, possibly empty, after `334 ` (SMTP,
//!   RFC 4954 §4) or `+ ` (POP3, RFC 5034 §4; IMAP, RFC 9051 §6.2.2);
//! * a client response is one line of base64 text; an empty line is a zero-length response;
//! * a line holding a single `*` cancels the exchange (RFC 4954 §4, RFC 5034 §4,
//!   RFC 9051 §6.2.2);
//! * an *initial* response, sent on the command line itself (`AUTH PLAIN dGVzdA==`,
//!   `AUTHENTICATE PLAIN dGVzdA==` with SASL-IR), cannot be empty text, so a zero-length initial
//!   response is written as a single `=` (RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2,
//!   RFC 4959 §3).
//!
//! The functions here work on the text of one line, without its CR LF and without the protocol
//! prefix (`334 `, `+ `, the command and mechanism name): framing the line is the protocol
//! crate's work. Encoders append only the base64 text (or `=` / `*`).
//!
//! Base64 is the alphabet of RFC 4648 §4 with padding, decoded strictly: no whitespace, no line
//! breaks, `=` only as final padding (RFC 9051 §6.2.2: "=AAA" and "AAA=BBB" are not allowed),
//! padding required, and the unused low bits of the last character must be zero (RFC 4648 §3.5
//! allows a decoder to reject encodings that are not canonical, and a strict decoder has a
//! single encoding per value, which the round-trip property needs).
//!
//! Sizes are bounded by the caller's maximum decoded length: a longer payload is a
//! [`DecodeErrorKind::LimitExceeded`] error, found before any decoding or allocation.
//!
//! ```
//! use mail_core::sasl::wire::{self, SaslResponse};
//!
//! let max = wire::DEFAULT_MAX_DECODED_LEN;
//! // RFC 4616 §4: "\0tim\0tanstaaftanstaaf"
//! let response = wire::decode_response(b"AHRpbQB0YW5zdGFhZnRhbnN0YWFm", max).unwrap();
//! assert_eq!(response.as_bytes(), Some(&b"\0tim\0tanstaaftanstaaf"[..]));
//! assert_eq!(wire::decode_response(b"*", max).unwrap(), SaslResponse::Cancel);
//! assert_eq!(wire::decode_initial_response(b"=", max).unwrap(), SaslResponse::Empty);
//!
//! let mut line = Vec::new();
//! wire::encode_challenge(b"Username:", &mut line);
//! assert_eq!(line, b"VXNlcm5hbWU6");
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::BufMut;

use crate::decode::{DecodeError, DecodeErrorKind};
use crate::secret::Secret;

/// Default maximum decoded length of a challenge or response: 9216 octets.
///
/// RFC 4954 §4 considers a line of 12288 octets sufficient for the challenges and responses of
/// deployed mechanisms; 12288 base64 characters decode to at most 9216 octets.
pub const DEFAULT_MAX_DECODED_LEN: usize = 9216;

/// What `LimitExceeded` errors of this module count.
const LIMIT_WHAT: &str = "sasl data octets";

/// A client's answer in a SASL exchange, decoded from its wire form.
///
/// `Debug` never shows the data: it usually holds a password or a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaslResponse {
    /// A response with data: the decoded octets (never empty when produced by a decoder of this
    /// module; an empty vector is encoded like [`SaslResponse::Empty`]).
    Data(Secret<Vec<u8>>),
    /// A zero-length response: an empty line after a challenge, or `=` as an initial response.
    Empty,
    /// The client cancels the exchange: a line holding a single `*`.
    Cancel,
}

impl SaslResponse {
    /// A response carrying `data`: [`SaslResponse::Empty`] when `data` is empty.
    pub fn data(data: Vec<u8>) -> Self {
        if data.is_empty() {
            SaslResponse::Empty
        } else {
            SaslResponse::Data(Secret::new(data))
        }
    }

    /// The response's octets: `Some(&[])` for [`SaslResponse::Empty`], `None` for
    /// [`SaslResponse::Cancel`].
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            SaslResponse::Data(data) => Some(data.expose()),
            SaslResponse::Empty => Some(&[]),
            SaslResponse::Cancel => None,
        }
    }

    /// Whether the client cancelled the exchange.
    pub fn is_cancel(&self) -> bool {
        matches!(self, SaslResponse::Cancel)
    }
}

/// Decodes a client response line sent after a challenge (RFC 4954 §4, RFC 5034 §4,
/// RFC 9051 §6.2.2).
///
/// `*` is [`SaslResponse::Cancel`], an empty line is [`SaslResponse::Empty`], anything else must
/// be strict base64 of at most `max_len` octets. A lone `=` is an error here: it is only the
/// empty *initial* response (see [`decode_initial_response`]).
///
/// Errors: [`DecodeErrorKind::Syntax`] for text that is not base64 (the offset points at the
/// first bad character), [`DecodeErrorKind::LimitExceeded`] when the data would be longer than
/// `max_len` octets.
pub fn decode_response(line: &[u8], max_len: usize) -> Result<SaslResponse, DecodeError> {
    match line {
        b"*" => Ok(SaslResponse::Cancel),
        b"" => Ok(SaslResponse::Empty),
        b"=" => Err(DecodeError::syntax(
            0,
            "base64 (\"=\" is only an empty initial response)",
        )),
        _ => decode_base64(line, max_len).map(SaslResponse::data),
    }
}

/// Decodes an initial response given on the command line (`AUTH mech initial-response`,
/// RFC 4954 §4 and RFC 5034 §4; `AUTHENTICATE mech initial-response`, RFC 9051 §6.2.2 and
/// RFC 4959 §3).
///
/// `=` is [`SaslResponse::Empty`]; anything else must be non-empty strict base64 of at most
/// `max_len` octets. Never returns [`SaslResponse::Cancel`]: `*` is not an initial response.
pub fn decode_initial_response(arg: &[u8], max_len: usize) -> Result<SaslResponse, DecodeError> {
    match arg {
        b"=" => Ok(SaslResponse::Empty),
        b"" => Err(DecodeError::syntax(0, "base64 or \"=\"")),
        _ => decode_base64(arg, max_len).map(SaslResponse::data),
    }
}

/// Decodes a server challenge: strict base64, possibly empty, of at most `max_len` octets
/// (RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2).
pub fn decode_challenge(line: &[u8], max_len: usize) -> Result<Vec<u8>, DecodeError> {
    decode_base64(line, max_len)
}

/// Appends the wire form of a response sent after a challenge: base64, nothing for
/// [`SaslResponse::Empty`] (an empty line), `*` for [`SaslResponse::Cancel`].
pub fn encode_response<B: BufMut + ?Sized>(response: &SaslResponse, dst: &mut B) {
    match response {
        SaslResponse::Data(data) => put_base64(data.expose(), dst),
        SaslResponse::Empty => {}
        SaslResponse::Cancel => dst.put_u8(b'*'),
    }
}

/// Appends the wire form of an initial response: base64 of `data`, or `=` when `data` is empty
/// (RFC 4954 §4, RFC 9051 §6.2.2).
pub fn encode_initial_response<B: BufMut + ?Sized>(data: &[u8], dst: &mut B) {
    if data.is_empty() {
        dst.put_u8(b'=');
    } else {
        put_base64(data, dst);
    }
}

/// Appends the wire form of a server challenge: base64 of `data` (nothing when it is empty).
pub fn encode_challenge<B: BufMut + ?Sized>(data: &[u8], dst: &mut B) {
    put_base64(data, dst);
}

/// Length of the base64 text of `data_len` octets (padding included), or `None` if it does not
/// fit a `usize`. Lets a client check a line-length limit before choosing to send an initial
/// response (RFC 4954 §4: a client MUST NOT send an initial response that makes the AUTH command
/// longer than the SMTP line limit).
pub fn encoded_len(data_len: usize) -> Option<usize> {
    base64::encoded_len(data_len, true)
}

/// Longest base64 text that can decode to at most `max_len` octets.
fn max_encoded_len(max_len: usize) -> usize {
    // ceil(max_len / 3) quanta of 4 characters; saturate instead of overflowing.
    (max_len / 3 + usize::from(!max_len.is_multiple_of(3))).saturating_mul(4)
}

fn limit_error(offset: usize, max_len: usize) -> DecodeError {
    DecodeError::new(
        offset,
        DecodeErrorKind::LimitExceeded {
            what: LIMIT_WHAT,
            limit: u64::try_from(max_len).unwrap_or(u64::MAX),
        },
    )
}

/// Strict base64 decoding with a bound on the decoded length.
pub(crate) fn decode_base64(text: &[u8], max_len: usize) -> Result<Vec<u8>, DecodeError> {
    let max_text = max_encoded_len(max_len);
    if text.len() > max_text {
        // Valid text this long decodes to more than `max_len` octets: refuse before allocating.
        return Err(limit_error(max_text, max_len));
    }
    check_alphabet(text)?;
    let data = STANDARD
        .decode(text)
        .map_err(|e| map_base64_error(e, text.len()))?;
    if data.len() > max_len {
        // Only the last quantum can push the length over: report it there.
        return Err(limit_error(text.len().saturating_sub(4), max_len));
    }
    Ok(data)
}

/// Finds the first character outside the base64 alphabet, or a `=` that is not final padding,
/// so that the error points at the first offending character (the base64 crate may report a later
/// one, or a length error first).
fn check_alphabet(text: &[u8]) -> Result<(), DecodeError> {
    let mut padding_from = None;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => {
                if let Some(pad) = padding_from {
                    // Data after "=": the "=" was not final.
                    return Err(DecodeError::syntax(
                        pad,
                        "base64 (\"=\" only as final padding)",
                    ));
                }
            }
            b'=' => {
                let start = *padding_from.get_or_insert(i);
                if i - start >= 2 {
                    return Err(DecodeError::syntax(i, "base64 padding"));
                }
            }
            _ => return Err(DecodeError::syntax(i, "a base64 character")),
        }
    }
    Ok(())
}

fn map_base64_error(error: base64::DecodeError, len: usize) -> DecodeError {
    match error {
        base64::DecodeError::InvalidByte(offset, b'=') => {
            DecodeError::syntax(offset, "base64 (\"=\" only as final padding)")
        }
        base64::DecodeError::InvalidByte(offset, _) => {
            DecodeError::syntax(offset, "a base64 character")
        }
        base64::DecodeError::InvalidLength(_) => {
            DecodeError::syntax(len, "base64 in groups of 4 characters")
        }
        base64::DecodeError::InvalidLastSymbol { offset, .. } => {
            DecodeError::syntax(offset, "canonical base64 (unused bits must be zero)")
        }
        base64::DecodeError::InvalidPadding => DecodeError::syntax(len, "base64 padding"),
    }
}

/// Appends the padded base64 form of `data` without allocating (in chunks of 3 octets' multiples
/// so that padding appears only after the last chunk).
pub(crate) fn put_base64<B: BufMut + ?Sized>(data: &[u8], dst: &mut B) {
    const CHUNK: usize = 768; // 3 * 256 octets -> 1024 characters
    let mut buf = [0u8; CHUNK / 3 * 4];
    for chunk in data.chunks(CHUNK) {
        match STANDARD.encode_slice(chunk, &mut buf) {
            Ok(n) => dst.put_slice(buf.get(..n).unwrap_or_default()),
            // The buffer always fits a chunk; this arm only keeps the function panic-free.
            Err(_) => dst.put_slice(STANDARD.encode(chunk).as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_encoded_len_rounds_up_to_quanta() {
        assert_eq!(max_encoded_len(0), 0);
        assert_eq!(max_encoded_len(1), 4);
        assert_eq!(max_encoded_len(3), 4);
        assert_eq!(max_encoded_len(4), 8);
        assert_eq!(max_encoded_len(DEFAULT_MAX_DECODED_LEN), 12288);
        assert_eq!(max_encoded_len(usize::MAX), usize::MAX);
    }

    #[test]
    fn chunked_encoding_equals_one_shot_encoding() {
        // Padding must appear only at the very end, whatever the chunking.
        for len in [0usize, 1, 2, 767, 768, 769, 1536, 2000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut out = Vec::new();
            put_base64(&data, &mut out);
            assert_eq!(out, STANDARD.encode(&data).into_bytes(), "len {len}");
        }
    }
}
