//! The client-side framer: where one server response ends (RFC 9051 §2.2.2, §4.3).
//!
//! A response is a line ending in CRLF, except that a line ending in a literal header
//! (`{n}` CRLF, or `~{n}` CRLF for `literal8`, RFC 3516 §4.2) is followed by exactly `n` octets
//! of literal data and then goes on. The framer reads only the line bytes (with memchr); literal
//! data is stepped over by its length, never scanned, so a 50 MB `BODY[]` costs the same as an
//! empty one.
//!
//! It is resumable: it remembers how far it looked and where a pending literal ends, so feeding
//! a response one byte at a time costs the same total work as feeding it at once.

use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded};

/// Default maximum size of one response (line, literals and all): 128 MiB, room for a
/// `BODY[]` of a large message (RFC 9051 sets no limit; RFC 2683 §3.2.1.5 only bounds lines
/// of commands).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 128 * 1024 * 1024;

/// Default maximum size of one literal: the same as [`DEFAULT_MAX_RESPONSE_SIZE`].
pub const DEFAULT_MAX_LITERAL_SIZE: u64 = DEFAULT_MAX_RESPONSE_SIZE as u64;

/// Finds response boundaries in a growing buffer, across literals (see the module docs).
///
/// Call [`ResponseFramer::frame`] with the buffer that starts at the beginning of the current
/// response, each time more bytes were appended. After `Complete { consumed }` or an error the
/// framer starts afresh: drop the consumed (or skipped) bytes and call again.
///
/// ```
/// use imap_proto::decode::ResponseFramer;
/// use imap_proto::Decoded;
///
/// let stream = b"* 1 FETCH (BODY[] {5}\r\nhello)\r\na1 OK done\r\n";
/// let mut framer = ResponseFramer::default();
/// // Fed in two parts: the first ends inside the literal.
/// assert_eq!(framer.frame(&stream[..25]).unwrap(), Decoded::Incomplete);
/// assert_eq!(
///     framer.frame(stream).unwrap(),
///     Decoded::Complete { value: 31, consumed: 31 }
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseFramer {
    max_response_size: usize,
    max_literal_size: u64,
    /// Bytes of the current response already examined.
    scanned: usize,
    /// End of the pending literal's data, when inside one.
    literal_end: Option<usize>,
}

impl Default for ResponseFramer {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_LITERAL_SIZE)
    }
}

impl ResponseFramer {
    /// A framer with the given limits.
    pub fn new(max_response_size: usize, max_literal_size: u64) -> Self {
        ResponseFramer {
            max_response_size,
            max_literal_size,
            scanned: 0,
            literal_end: None,
        }
    }

    /// Forgets the current response (after the caller dropped its bytes).
    pub fn reset(&mut self) {
        self.scanned = 0;
        self.literal_end = None;
    }

    /// Looks for the end of the response that starts at `buf[0]`. `buf` must be the same
    /// bytes as in the previous call, possibly with more appended.
    ///
    /// Returns the response length (value and `consumed` are the same), `Incomplete`, or an
    /// error: a bare LF ([`DecodeErrorKind::BareLf`], `skip` up to and including it), a literal
    /// or a response over its limit ([`DecodeErrorKind::LimitExceeded`], `skip` unknown: the
    /// connection cannot be trusted to resynchronise).
    pub fn frame(&mut self, buf: &[u8]) -> DecodeResult<usize> {
        let r = self.frame_inner(buf);
        if !matches!(r, Ok(Decoded::Incomplete)) {
            self.reset();
        }
        r
    }

    fn too_big(&self, offset: usize) -> DecodeError {
        DecodeError::new(
            offset,
            DecodeErrorKind::LimitExceeded {
                what: "response size",
                limit: self.max_response_size as u64,
            },
        )
    }

    fn frame_inner(&mut self, buf: &[u8]) -> DecodeResult<usize> {
        loop {
            if let Some(end) = self.literal_end {
                if buf.len() < end {
                    return Ok(Decoded::Incomplete);
                }
                self.scanned = end;
                self.literal_end = None;
            }
            let from = self.scanned.min(buf.len());
            let Some(i) = memchr::memchr(b'\n', &buf[from..]) else {
                self.scanned = buf.len();
                if buf.len() > self.max_response_size {
                    return Err(self.too_big(self.max_response_size));
                }
                return Ok(Decoded::Incomplete);
            };
            let nl = from + i;
            let end = nl + 1;
            if end > self.max_response_size {
                return Err(self.too_big(self.max_response_size));
            }
            if nl == 0 || buf[nl - 1] != b'\r' {
                return Err(DecodeError::new(nl, DecodeErrorKind::BareLf).with_skip(end));
            }
            match literal_len(&buf[..nl - 1]) {
                Some(Ok(n)) => {
                    if n > self.max_literal_size {
                        return Err(DecodeError::new(
                            nl,
                            DecodeErrorKind::LimitExceeded {
                                what: "literal size",
                                limit: self.max_literal_size,
                            },
                        ));
                    }
                    let data_end = usize::try_from(n)
                        .ok()
                        .and_then(|n| end.checked_add(n))
                        .filter(|&e| e <= self.max_response_size);
                    match data_end {
                        Some(e) => self.literal_end = Some(e),
                        None => return Err(self.too_big(nl)),
                    }
                }
                Some(Err(())) => {
                    return Err(DecodeError::new(nl, DecodeErrorKind::NumberOverflow));
                }
                None => {
                    return Ok(Decoded::Complete {
                        value: end,
                        consumed: end,
                    });
                }
            }
        }
    }
}

/// The length announced by a literal header at the end of `line` (CRLF excluded):
/// `"{" number64 ["+"] "}"` (also the tail of `"~{" number64 "}"`). `None` when the line does
/// not end like one, `Some(Err(()))` when the number does not fit 63 bits.
pub(crate) fn literal_len(line: &[u8]) -> Option<Result<u64, ()>> {
    let rest = line.strip_suffix(b"}")?;
    let rest = rest.strip_suffix(b"+").unwrap_or(rest);
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let start = rest.len() - digits;
    if start == 0 || rest[start - 1] != b'{' {
        return None;
    }
    let mut n: u64 = 0;
    for &d in &rest[start..] {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(v) if v <= crate::types::core::MAX_NUMBER64 => n = v,
            _ => return Some(Err(())),
        }
    }
    Some(Ok(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(framer: &mut ResponseFramer, b: &[u8]) -> DecodeResult<usize> {
        framer.frame(b)
    }

    /// RFC 9051 §4.3: a literal's data is counted, not scanned; CRLF inside it does not end
    /// the response.
    #[test]
    fn literal_with_crlf_inside() {
        let r = b"* 1 FETCH (BODY[] {7}\r\na\r\n\r\nb\r)\r\nrest";
        let mut f = ResponseFramer::default();
        let n = r.len() - 4;
        assert_eq!(
            whole(&mut f, r).unwrap(),
            Decoded::Complete {
                value: n,
                consumed: n
            }
        );
    }

    /// Every prefix of a response is incomplete; resuming byte by byte finds the same end.
    #[test]
    fn prefixes_and_resumption() {
        let r = b"* 1 FETCH (BODY[1] ~{3}\r\n\0\r\n BODY[2] {0}\r\n)\r\n";
        let mut f = ResponseFramer::default();
        for n in 0..r.len() {
            assert_eq!(f.frame(&r[..n]).unwrap(), Decoded::Incomplete, "prefix {n}");
        }
        assert!(f.frame(r).unwrap().is_complete());
        for n in 0..r.len() {
            assert_eq!(
                ResponseFramer::default().frame(&r[..n]).unwrap(),
                Decoded::Incomplete
            );
        }
    }

    /// Limits: a literal over its limit and a response over its limit are typed errors.
    #[test]
    fn limits() {
        let mut f = ResponseFramer::new(100, 10);
        let e = f.frame(b"* 1 FETCH (BODY[] {11}\r\n").unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::LimitExceeded { .. }));
        let e = f.frame(b"* 1 FETCH (BODY[] {10}\r\n").unwrap();
        assert_eq!(e, Decoded::Incomplete);
        f.reset();
        let e = f.frame(&[b'a'; 101]).unwrap_err();
        assert!(matches!(e.kind, DecodeErrorKind::LimitExceeded { .. }));
        let e = ResponseFramer::default()
            .frame(b"* 1 FETCH (BODY[] {99999999999999999999}\r\n")
            .unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::NumberOverflow);
    }

    /// A bare LF ends a malformed response; the skip covers it exactly.
    #[test]
    fn bare_lf() {
        let e = ResponseFramer::default()
            .frame(b"* OK x\n* OK y\r\n")
            .unwrap_err();
        assert_eq!((e.kind, e.skip), (DecodeErrorKind::BareLf, Some(7)));
    }

    #[test]
    fn literal_headers() {
        assert_eq!(literal_len(b"x {12}"), Some(Ok(12)));
        assert_eq!(literal_len(b"x ~{12}"), Some(Ok(12)));
        assert_eq!(literal_len(b"x {12+}"), Some(Ok(12)));
        assert_eq!(literal_len(b"x {}"), None);
        assert_eq!(literal_len(b"12}"), None);
        assert_eq!(literal_len(b"x {1a}"), None);
    }
}
