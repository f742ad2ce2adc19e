//! Dot-stuffing: the transparency procedure of SMTP DATA (RFC 5321 §4.5.2) and of POP3
//! multi-line responses (RFC 1939 §3).
//!
//! A block of text is sent as lines and ends with a line holding a single `.`, that is with the
//! five octets CR LF `.` CR LF (the first CR LF ends the last line of the text). To keep a line of
//! the text that starts with `.` from ending the block, the sender doubles that `.`, and the
//! receiver removes it again.
//!
//! The decoder ends a block on exactly CR LF `.` CR LF and nothing else: a bare LF or a bare CR
//! never starts or ends a line, so none of the "SMTP smuggling" sequences (`\n.\n`, `\n.\r\n`,
//! `\r.\r`, `\r\n.\n`, ... of CVE-2023-51764/51765/51766) can end the data early.
//!
//! ```
//! use mail_core::dot::{DotDecoder, DotEncoder};
//!
//! let mut wire = Vec::new();
//! DotEncoder::new().encode_body(b".hidden\r\nline\r\n", &mut wire).unwrap();
//! assert_eq!(wire, b"..hidden\r\nline\r\n.\r\n");
//!
//! let mut decoder = DotDecoder::new();
//! let mut body = Vec::new();
//! let mut input = &wire[..];
//! loop {
//!     let chunk = decoder.decode(input).unwrap();
//!     body.extend_from_slice(chunk.data);
//!     input = &input[chunk.consumed..];
//!     if chunk.end {
//!         break;
//!     }
//! }
//! assert_eq!(body, b".hidden\r\nline\r\n");
//! ```

use bytes::BufMut;

use crate::decode::{DecodeError, DecodeErrorKind};
use crate::error::ValidationError;

/// What to do with a CR or LF that is not part of a CR LF pair inside a dot-stuffed block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BareLineEndings {
    /// A [`DecodeErrorKind::BareCr`] or [`DecodeErrorKind::BareLf`] error (the default: RFC 5321
    /// §2.3.8 forbids them, and accepting them is what makes smuggling possible).
    #[default]
    Reject,
    /// Passed through untouched as data. They never start or end a line, so they cannot end the
    /// block; they are not turned into CR LF either.
    Preserve,
}

/// One step of [`DotDecoder::decode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DotChunk<'a> {
    /// Unstuffed body bytes: a slice of the input (possibly empty).
    pub data: &'a [u8],
    /// How many input bytes this step used (`data`, a removed `.`, the terminator). Input bytes
    /// after `consumed` were not used: present them again, followed by more input.
    pub consumed: usize,
    /// The terminating CR LF `.` CR LF was consumed: the block is complete, and the input after
    /// `consumed` is whatever the peer sent next (pipelined commands, the next response).
    pub end: bool,
}

impl DotChunk<'_> {
    /// Nothing could be done with the input: more bytes are needed.
    pub fn needs_more(&self) -> bool {
        self.consumed == 0 && !self.end
    }
}

/// A streaming decoder of a dot-stuffed block.
///
/// It starts at the beginning of the block (which counts as the start of a line: a `.` CR LF right
/// away ends an empty block, and `..x` on the first line is unstuffed to `.x`). Feed it the input,
/// take `data`, drop `consumed` bytes, repeat until `end`. The input may be cut at any byte; bytes
/// that may belong to the terminator are left unconsumed until the next byte tells.
///
/// After an error (a bare CR or LF under [`BareLineEndings::Reject`]) the decoder can go on: drop
/// `skip` bytes and keep calling to find the end of the block, which a server must read before it
/// answers. Data before the offending byte has already been returned by the previous step.
#[derive(Debug, Clone)]
pub struct DotDecoder {
    policy: BareLineEndings,
    at_line_start: bool,
    /// Bytes consumed since the start of the block (for offsets relative to the block).
    position: u64,
}

impl Default for DotDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl DotDecoder {
    /// A decoder at the start of a block, rejecting bare CR and LF.
    pub fn new() -> Self {
        Self::with_policy(BareLineEndings::Reject)
    }

    /// A decoder at the start of a block with the given bare CR/LF policy.
    pub fn with_policy(policy: BareLineEndings) -> Self {
        DotDecoder {
            policy,
            at_line_start: true,
            position: 0,
        }
    }

    /// The bare CR/LF policy.
    pub fn policy(&self) -> BareLineEndings {
        self.policy
    }

    /// How many bytes of the block have been consumed so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Decodes the next piece of the block. See [`DotDecoder`].
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<DotChunk<'a>, DecodeError> {
        let result = self.step(input);
        if let Ok(chunk) = &result {
            self.position += chunk.consumed as u64;
        } else if let Err(e) = &result {
            self.position += e.skip.unwrap_or(0) as u64;
        }
        result
    }

    fn step<'a>(&mut self, input: &'a [u8]) -> Result<DotChunk<'a>, DecodeError> {
        let mut start = 0;
        if self.at_line_start {
            match input {
                [] | [b'.'] | [b'.', b'\r'] => return Ok(need_more()),
                [b'.', b'\r', b'\n', ..] => {
                    return Ok(DotChunk {
                        data: &[],
                        consumed: 3,
                        end: true,
                    });
                }
                // A line starting with a `.` that is not the terminator: the `.` was stuffed.
                [b'.', ..] => start = 1,
                _ => {}
            }
            self.at_line_start = false;
        }
        if let Some(chunk) = self.fast_step(input, start) {
            return Ok(chunk);
        }
        self.exact_step(input, start)
    }

    /// The hot path: one substring search for CR LF `.` (the only place where the block can
    /// end or a dot was stuffed), and, under [`BareLineEndings::Reject`], one branch-free pass
    /// over the same bytes that checks CR LF pairing. `None` when that pass finds a bare CR or
    /// LF: [`Self::exact_step`] then finds where, and answers exactly as it would have.
    fn fast_step<'a>(&mut self, input: &'a [u8], start: usize) -> Option<DotChunk<'a>> {
        let rest = input.get(start..)?;
        let (end, at_line_start) = match dot_line_finder().find(rest) {
            // Up to and including the CR LF; the next step looks at the `.`.
            Some(p) => (start + p + 2, true),
            None if rest.ends_with(b"\r\n") => (input.len(), true),
            // A CR as the last byte: wait for the next one.
            None if rest.ends_with(b"\r") => (input.len() - 1, false),
            None => (input.len(), false),
        };
        let region = input.get(start..end)?;
        if self.policy == BareLineEndings::Reject && !crlf_paired(region) {
            return None;
        }
        self.at_line_start = at_line_start;
        Some(self.data(input, start, end))
    }

    /// The byte-by-byte scan: from line end to line end with memchr2, stopping at the first
    /// bare CR or LF.
    fn exact_step<'a>(
        &mut self,
        input: &'a [u8],
        start: usize,
    ) -> Result<DotChunk<'a>, DecodeError> {
        let mut i = start;
        while let Some(found) = memchr::memchr2(b'\r', b'\n', &input[i..]) {
            let at = i + found;
            if input[at] == b'\n' {
                // A LF not preceded by CR (a CR would have been found first).
                match self.bare(input, start, at, DecodeErrorKind::BareLf)? {
                    Some(chunk) => return Ok(chunk),
                    None => i = at + 1,
                }
                continue;
            }
            match input.get(at + 1) {
                // A CR as the last byte: wait for the next one.
                None => return Ok(self.data(input, start, at)),
                Some(b'\n') => {
                    let next = at + 2;
                    if next == input.len() || input[next] == b'.' {
                        // A new line starts: the next step looks at its first byte.
                        self.at_line_start = true;
                        return Ok(self.data(input, start, next));
                    }
                    i = next;
                }
                Some(_) => match self.bare(input, start, at, DecodeErrorKind::BareCr)? {
                    Some(chunk) => return Ok(chunk),
                    None => i = at + 1,
                },
            }
        }
        Ok(self.data(input, start, input.len()))
    }

    fn data<'a>(&self, input: &'a [u8], start: usize, end: usize) -> DotChunk<'a> {
        DotChunk {
            data: &input[start..end],
            consumed: end,
            end: false,
        }
    }

    /// A bare CR or LF at `at`: under Preserve, `None` (keep scanning); under Reject, the data
    /// before it first, then the error.
    fn bare<'a>(
        &mut self,
        input: &'a [u8],
        start: usize,
        at: usize,
        kind: DecodeErrorKind,
    ) -> Result<Option<DotChunk<'a>>, DecodeError> {
        match self.policy {
            BareLineEndings::Preserve => Ok(None),
            BareLineEndings::Reject if at > start => Ok(Some(self.data(input, start, at))),
            BareLineEndings::Reject => Err(DecodeError::new(at, kind).with_skip(at + 1)),
        }
    }
}

/// The searcher for CR LF `.`, built once per process.
fn dot_line_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"\r\n."))
}

/// Whether every CR in `region` is followed by LF and every LF preceded by CR, `region` not
/// starting with LF nor ending with CR (the bytes before a region never end with a lone CR:
/// the decoder holds a trailing CR back). Branch-free over byte pairs, so that it vectorizes.
fn crlf_paired(region: &[u8]) -> bool {
    let Some(next) = region.get(1..) else {
        return region != b"\r" && region != b"\n";
    };
    let this = &region[..next.len()];
    // Fixed-size blocks: no bounds checks inside, so the compiler emits vector compares.
    // The accumulator is a block too, reduced once at the end.
    const BLOCK: usize = 32;
    let mut acc = [0u8; BLOCK];
    let mut block = |a: &[u8], b: &[u8]| {
        for k in 0..BLOCK {
            // All-ones masks, as the vector compares produce them: no masking to 0/1.
            let cr = 0u8.wrapping_sub(u8::from(a[k] == b'\r'));
            let lf = 0u8.wrapping_sub(u8::from(b[k] == b'\n'));
            acc[k] |= cr ^ lf;
        }
    };
    let (mut these, mut nexts) = (this.chunks_exact(BLOCK), next.chunks_exact(BLOCK));
    for (a, b) in (&mut these).zip(&mut nexts) {
        block(a, b);
    }
    let mut bad = 0u8;
    if !these.remainder().is_empty() {
        match (this.len().checked_sub(BLOCK), this.len()) {
            // The last whole block of the region again, overlapping what was checked (the
            // check is idempotent): no byte-at-a-time tail.
            (Some(start), end) => block(&this[start..end], &next[start..end]),
            (None, _) => {
                for (&a, &b) in these.remainder().iter().zip(nexts.remainder()) {
                    bad |= u8::from(a == b'\r') ^ u8::from(b == b'\n');
                }
            }
        }
    }
    bad |= acc.iter().fold(0u8, |x, &y| x | y);
    bad == 0 && region.first() != Some(&b'\n') && region.last() != Some(&b'\r')
}

fn need_more<'a>() -> DotChunk<'a> {
    DotChunk {
        data: &[],
        consumed: 0,
        end: false,
    }
}

/// What the encoder does with a CR or LF in the body that is not part of a CR LF pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BareLineEndingEncoding {
    /// A [`ValidationError`]: the body must be CR LF text (the default).
    #[default]
    Reject,
    /// A bare CR, a bare LF, and CR CR LF's first CR each become CR LF before stuffing.
    Normalize,
}

/// A streaming dot-stuffing encoder.
///
/// Feed the body in any number of pieces with [`DotEncoder::encode`], then call
/// [`DotEncoder::finish`], which adds a CR LF if the body did not end with one, and the `.` CR LF
/// terminator. A `.` at the start of every line, the first one included, is doubled.
#[derive(Debug, Clone)]
pub struct DotEncoder {
    policy: BareLineEndingEncoding,
    at_line_start: bool,
    /// A CR ended the previous piece; whether it starts a CR LF depends on the next byte.
    pending_cr: bool,
    position: u64,
}

impl Default for DotEncoder {
    fn default() -> Self {
        Self::new()
    }
}

impl DotEncoder {
    /// An encoder at the start of a body, rejecting bare CR and LF.
    pub fn new() -> Self {
        Self::with_policy(BareLineEndingEncoding::Reject)
    }

    /// An encoder at the start of a body with the given bare CR/LF policy.
    pub fn with_policy(policy: BareLineEndingEncoding) -> Self {
        DotEncoder {
            policy,
            at_line_start: true,
            pending_cr: false,
            position: 0,
        }
    }

    /// Encodes a whole body and its terminator.
    pub fn encode_body<B: BufMut + ?Sized>(
        mut self,
        body: &[u8],
        dst: &mut B,
    ) -> Result<(), ValidationError> {
        self.encode(body, dst)?;
        self.finish(dst)
    }

    /// Encodes the next piece of the body. After an error the body must be abandoned.
    pub fn encode<B: BufMut + ?Sized>(
        &mut self,
        piece: &[u8],
        dst: &mut B,
    ) -> Result<(), ValidationError> {
        let mut rest = piece;
        if self.pending_cr {
            let Some(&first) = rest.first() else {
                return Ok(());
            };
            self.pending_cr = false;
            if first == b'\n' {
                dst.put_slice(b"\r\n");
                self.at_line_start = true;
                rest = &rest[1..];
                self.position += 1;
            } else {
                // The CR was the previous piece's last byte.
                self.bare(dst, b'\r', self.position - 1)?;
            }
        }
        while !rest.is_empty() {
            if self.at_line_start {
                if rest[0] == b'.' {
                    dst.put_u8(b'.');
                }
                self.at_line_start = false;
            }
            let Some(at) = memchr::memchr2(b'\r', b'\n', rest) else {
                dst.put_slice(rest);
                self.position += rest.len() as u64;
                return Ok(());
            };
            dst.put_slice(&rest[..at]);
            let here = self.position + at as u64;
            let used: usize = match (rest[at], rest.get(at + 1)) {
                (b'\r', None) => {
                    self.pending_cr = true;
                    1
                }
                (b'\r', Some(b'\n')) => {
                    dst.put_slice(b"\r\n");
                    self.at_line_start = true;
                    2
                }
                (byte, _) => {
                    self.bare(dst, byte, here)?;
                    1
                }
            };
            self.position = here + used as u64;
            rest = &rest[at + used..];
        }
        Ok(())
    }

    fn bare<B: BufMut + ?Sized>(
        &mut self,
        dst: &mut B,
        byte: u8,
        position: u64,
    ) -> Result<(), ValidationError> {
        match self.policy {
            BareLineEndingEncoding::Reject => Err(ValidationError::InvalidByte {
                what: "message body (bare CR or LF)",
                byte,
                position: position as usize,
            }),
            BareLineEndingEncoding::Normalize => {
                dst.put_slice(b"\r\n");
                self.at_line_start = true;
                Ok(())
            }
        }
    }

    /// Ends the body: a CR LF if it did not end with one, then `.` CR LF. An empty body is the
    /// terminator line alone.
    pub fn finish<B: BufMut + ?Sized>(mut self, dst: &mut B) -> Result<(), ValidationError> {
        if self.pending_cr {
            self.bare(dst, b'\r', self.position - 1)?;
        } else if !self.at_line_start {
            dst.put_slice(b"\r\n");
        }
        dst.put_slice(b".\r\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests;
