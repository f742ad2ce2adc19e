//! Modified UTF-7, the mailbox international naming convention of RFC 3501 §5.1.3.
//!
//! RFC 3501 §5.1.3: "printable US-ASCII characters, except for "&", represent themselves; that
//! is, characters with octet values 0x20-0x25 and 0x27-0x7e. The character "&" (0x26) is
//! represented by the two-octet sequence "&-". All other characters (octet values 0x00-0x1f and
//! 0x7f-0xff) are represented in modified BASE64, with a further modification from [UTF-7] that
//! "," is used instead of "/"."
//!
//! [`decode`] rejects every form the RFC forbids: a shift that is not closed by `-`, a null shift
//! (`&` directly followed by `-` is `&` itself, `-&` inside BASE64 is a superfluous shift), a
//! printable US-ASCII character encoded in BASE64, leftover bits that are not zero, and UTF-16
//! that is not well formed. [`encode`] produces the one canonical form, so for every string `s`,
//! `decode(encode(s)) == s`.
//!
//! ```
//! use imap_proto::types::utf7;
//!
//! assert_eq!(utf7::encode("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
//! assert_eq!(utf7::decode(b"&U,BTF2XlZyyKng-").unwrap(), "台北日本語");
//! assert!(utf7::decode(b"&Jjo!").is_err()); // no shift back to US-ASCII
//! assert!(utf7::decode(b"&U,BTFw-&ZeVnLIqe-").is_err()); // superfluous shift
//! ```

use std::borrow::Cow;

use crate::error::Utf7Error;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

fn b64_value(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b',' => 63,
        _ => return None,
    } as u32)
}

/// Whether `c` represents itself in modified UTF-7 (0x20-0x7e except `&`).
fn is_direct(c: u32) -> bool {
    (0x20..=0x7e).contains(&c) && c != u32::from(b'&')
}

/// Decodes a modified UTF-7 mailbox name to UTF-8 (RFC 3501 §5.1.3).
///
/// Borrows when the name has no `&` (nothing to decode). Errors name the offset of the first
/// invalid byte.
pub fn decode(input: &[u8]) -> Result<Cow<'_, str>, Utf7Error> {
    if memchr::memchr(b'&', input).is_none() {
        if let Some(pos) = input.iter().position(|&b| !(0x20..=0x7e).contains(&b)) {
            return Err(Utf7Error { offset: pos });
        }
        // All bytes are printable ASCII, hence valid UTF-8.
        return std::str::from_utf8(input)
            .map(Cow::Borrowed)
            .map_err(|e| Utf7Error {
                offset: e.valid_up_to(),
            });
    }
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if b != b'&' {
            if !(0x20..=0x7e).contains(&b) {
                return Err(Utf7Error { offset: i });
            }
            out.push(char::from(b));
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if input.get(i) == Some(&b'-') {
            out.push('&');
            i += 1;
            continue;
        }
        // Modified BASE64 up to the closing '-'.
        let mut bits: u32 = 0;
        let mut nbits: u32 = 0;
        let mut high: Option<u32> = None;
        let mut units = 0usize;
        loop {
            let Some(&c) = input.get(i) else {
                return Err(Utf7Error { offset: i });
            };
            if c == b'-' {
                break;
            }
            let Some(v) = b64_value(c) else {
                return Err(Utf7Error { offset: i });
            };
            bits = (bits << 6) | v;
            nbits += 6;
            if nbits >= 16 {
                nbits -= 16;
                let unit = (bits >> nbits) & 0xffff;
                bits &= (1 << nbits) - 1;
                units += 1;
                match (high.take(), unit) {
                    (None, 0xd800..=0xdbff) => high = Some(unit),
                    (None, 0xdc00..=0xdfff) => return Err(Utf7Error { offset: i }),
                    (None, u) => {
                        if is_direct(u) {
                            return Err(Utf7Error { offset: i });
                        }
                        // Not a surrogate, so a valid scalar value.
                        match char::from_u32(u) {
                            Some(ch) => out.push(ch),
                            None => return Err(Utf7Error { offset: i }),
                        }
                    }
                    (Some(h), 0xdc00..=0xdfff) => {
                        let cp = 0x10000 + ((h - 0xd800) << 10) + (unit - 0xdc00);
                        match char::from_u32(cp) {
                            Some(ch) => out.push(ch),
                            None => return Err(Utf7Error { offset: i }),
                        }
                    }
                    (Some(_), _) => return Err(Utf7Error { offset: i }),
                }
            }
            i += 1;
        }
        // i is at the closing '-'.
        if units == 0 || high.is_some() || nbits >= 6 || bits != 0 {
            return Err(Utf7Error { offset: start });
        }
        i += 1;
        // "&U,BTFw-&ZeVnLIqe-" is a superfluous shift.
        if input.get(i) == Some(&b'&') && input.get(i + 1) != Some(&b'-') {
            return Err(Utf7Error { offset: i });
        }
    }
    Ok(Cow::Owned(out))
}

/// Encodes a UTF-8 mailbox name in modified UTF-7 (RFC 3501 §5.1.3). Borrows when the name is
/// printable US-ASCII without `&`.
pub fn encode(name: &str) -> Cow<'_, str> {
    if name.bytes().all(|b| is_direct(u32::from(b))) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '&' {
            out.push_str("&-");
        } else if is_direct(c as u32) {
            out.push(c);
        } else {
            out.push('&');
            let mut bits: u32 = 0;
            let mut nbits: u32 = 0;
            let mut pending = Some(c);
            while let Some(ch) = pending {
                let mut buf = [0u16; 2];
                for unit in ch.encode_utf16(&mut buf) {
                    bits = (bits << 16) | u32::from(*unit);
                    nbits += 16;
                    while nbits >= 6 {
                        nbits -= 6;
                        out.push(char::from(ALPHABET[((bits >> nbits) & 0x3f) as usize]));
                    }
                    bits &= (1 << nbits) - 1;
                }
                pending = chars.next_if(|&n| !is_direct(n as u32) && n != '&');
            }
            if nbits > 0 {
                out.push(char::from(
                    ALPHABET[((bits << (6 - nbits)) & 0x3f) as usize],
                ));
            }
            out.push('-');
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3501 §5.1.3 examples.
    #[test]
    fn rfc3501_examples() {
        assert_eq!(
            decode(b"~peter/mail/&U,BTFw-/&ZeVnLIqe-").unwrap(),
            "~peter/mail/台北/日本語"
        );
        assert_eq!(encode("台北日本語"), "&U,BTF2XlZyyKng-");
        assert!(decode(b"&Jjo!").is_err());
        assert_eq!(decode(b"&Jjo-!").unwrap(), "☺!");
        assert!(decode(b"&U,BTFw-&ZeVnLIqe-").is_err());
    }

    /// RFC 3501 §5.1.3: "&" is "&-"; printable ASCII must not be BASE64-encoded.
    #[test]
    fn ampersand_and_forbidden_forms() {
        assert_eq!(encode("a&b"), "a&-b");
        assert_eq!(decode(b"a&-b").unwrap(), "a&b");
        assert!(decode(b"&AEE-").is_err(), "'A' encoded in base64");
        assert!(decode(b"&").is_err());
        assert!(decode(b"&U,B").is_err());
        assert!(decode(b"a\x80").is_err());
        assert!(decode(b"a\tb").is_err());
        // Non-zero leftover bits.
        assert!(decode(b"&U,C-").is_err());
        // A lone high surrogate.
        assert!(decode(b"&2D0-").is_err());
        // Surrogate pair for U+1F600.
        assert_eq!(encode("😀"), "&2D3eAA-");
        assert_eq!(decode(b"&2D3eAA-").unwrap(), "😀");
    }
}
