//! The streaming decoder of RETR and TOP bodies.

use mail_core::DecodeError;
use mail_core::DecodeErrorKind;
use mail_core::dot::{BareLineEndings, DotChunk};
use std::sync::OnceLock;

use memchr::memmem::Finder;

/// A streaming decoder of a dot-stuffed message (RFC 1939 §3: "If any line of the multi-line
/// response begins with the termination octet, the line is byte-stuffed").
///
/// It starts right after the `+OK` line of RETR or TOP. Feed it the input, take
/// [`DotChunk::data`] (a slice of the input: nothing is copied or accumulated), drop
/// [`DotChunk::consumed`] bytes, repeat until [`DotChunk::end`]. The block ends on CR LF `.` CR LF
/// only: a bare CR or LF never starts or ends a line.
///
/// The hot path is one substring search for CR LF `.` (memchr's vectorized memmem); under
/// [`BareLineEndings::Reject`], one more branch-free pass checks that every CR is followed by
/// LF and every LF follows a CR.
///
/// After an error (a bare CR or LF under [`BareLineEndings::Reject`]) drop `skip` bytes and go
/// on: the decoder still finds the end of the block.
#[derive(Debug, Clone)]
pub struct BodyDecoder {
    policy: BareLineEndings,
    at_line_start: bool,
}

/// The searcher for CR LF `.`, built once per process.
fn dot_line_finder() -> &'static Finder<'static> {
    static FINDER: OnceLock<Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| Finder::new(b"\r\n."))
}

impl Default for BodyDecoder {
    /// A decoder that keeps bare CR and LF as data (see
    /// [`ResponseDecoderConfig::body_line_endings`](crate::ResponseDecoderConfig)).
    fn default() -> Self {
        Self::new(BareLineEndings::Preserve)
    }
}

/// Whether a pair of adjacent bytes breaks CR LF pairing: a CR not followed by LF, or an LF not
/// preceded by CR. Branch-free so that loops over it vectorize.
#[inline(always)]
fn pair_bad(a: u8, b: u8) -> u8 {
    u8::from(a == b'\r') ^ u8::from(b == b'\n')
}

/// Whether `region` breaks CR LF pairing inside (its first byte is checked by the caller) or
/// ends with a CR.
fn pairs_bad(region: &[u8]) -> bool {
    let Some(rest) = region.get(1..) else {
        return false;
    };
    let bad = region
        .iter()
        .zip(rest)
        .fold(0u8, |acc, (&a, &b)| acc | pair_bad(a, b));
    bad != 0 || region.last() == Some(&b'\r')
}

/// The first bare CR or LF in `data` (a region not starting right after a CR), with its kind.
fn first_bare(data: &[u8]) -> Option<(usize, DecodeErrorKind)> {
    let mut i = 0;
    while let Some(found) = data.get(i..).and_then(|d| memchr::memchr2(b'\r', b'\n', d)) {
        let at = i + found;
        if data[at] == b'\n' {
            return Some((at, DecodeErrorKind::BareLf));
        }
        if data.get(at + 1) != Some(&b'\n') {
            return Some((at, DecodeErrorKind::BareCr));
        }
        i = at + 2;
    }
    None
}

impl BodyDecoder {
    /// A decoder at the start of a body with the given bare CR/LF policy.
    pub fn new(policy: BareLineEndings) -> Self {
        BodyDecoder {
            policy,
            at_line_start: true,
        }
    }

    /// Starts over at the beginning of a new body.
    pub fn reset(&mut self) {
        self.at_line_start = true;
    }

    /// Where the data starting at `data[0]` ends: before the next line that starts with `.`
    /// (searched from `from`), or at the end of the input minus a trailing CR whose LF has not
    /// arrived. Also whether a new line starts there.
    fn data_end(&self, data: &[u8], from: usize) -> (usize, bool) {
        match data
            .get(from..)
            .and_then(|tail| dot_line_finder().find(tail))
        {
            Some(at) => (from + at + 2, true),
            None if data.ends_with(b"\r\n") => (data.len(), true),
            None if data.last() == Some(&b'\r') => (data.len() - 1, false),
            None => (data.len(), false),
        }
    }

    /// [`BodyDecoder::data_end`], and whether the data holds a bare CR or LF: the substring
    /// search finds the end, then one branch-free pass over the data checks that every CR is
    /// followed by LF and every LF follows a CR.
    fn scan_strict(&self, data: &[u8]) -> (usize, bool, bool) {
        let (end, line_start) = self.data_end(data, 0);
        let region = data.get(..end).unwrap_or_default();
        let bad = region.first() == Some(&b'\n') || pairs_bad(region);
        (end, line_start, bad)
    }

    /// Decodes the next piece of the body. See [`BodyDecoder`].
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<DotChunk<'a>, DecodeError> {
        let mut start = 0;
        if self.at_line_start {
            match input {
                [] | [b'.'] | [b'.', b'\r'] => return Ok(chunk(&[], 0, false)),
                [b'.', b'\r', b'\n', ..] => return Ok(chunk(&[], 3, true)),
                // A line starting with a `.` that is not the terminator: the `.` was stuffed.
                [b'.', ..] => start = 1,
                _ => {}
            }
        }
        let (end, line_start, bad) = match self.policy {
            BareLineEndings::Reject => self.scan_strict(&input[start..]),
            _ => {
                let (end, line_start) = self.data_end(&input[start..], 0);
                (end, line_start, false)
            }
        };
        let mut end = start + end;
        let mut line_start = line_start;
        if bad && let Some((at, kind)) = first_bare(&input[start..end]) {
            let at = start + at;
            if at > start {
                end = at;
                line_start = false;
            } else {
                self.at_line_start = false;
                return Err(DecodeError::new(at, kind).with_skip(at + 1));
            }
        }
        self.at_line_start = if end > start || start > 0 {
            line_start
        } else {
            self.at_line_start
        };
        Ok(chunk(&input[start..end], end, false))
    }
}

fn chunk(data: &[u8], consumed: usize, end: bool) -> DotChunk<'_> {
    DotChunk {
        data,
        consumed,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(
        policy: BareLineEndings,
        wire: &[u8],
        step: usize,
    ) -> Result<(Vec<u8>, usize), DecodeError> {
        let mut d = BodyDecoder::new(policy);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut fed = 0;
        let mut used = 0;
        loop {
            let c = d.decode(&buf)?;
            out.extend_from_slice(c.data);
            let (consumed, end) = (c.consumed, c.end);
            buf.drain(..consumed);
            used += consumed;
            if end {
                return Ok((out, used));
            }
            if consumed == 0 {
                if fed == wire.len() {
                    return Err(DecodeError::syntax(0, "more input"));
                }
                let n = step.min(wire.len() - fed);
                buf.extend_from_slice(&wire[fed..fed + n]);
                fed += n;
            }
        }
    }

    /// RFC 1939 §3: stuffed lines lose one dot, the block ends on CRLF.CRLF, whatever the cuts.
    #[test]
    fn unstuffs_at_every_chunk_size() {
        let wire = b"..a\r\n...b\r\n..\r\nc.\r\n\r\n.\r\nNEXT";
        for step in 1..=wire.len() {
            let (body, used) = decode_all(BareLineEndings::Reject, wire, step).unwrap();
            assert_eq!(body, b".a\r\n..b\r\n.\r\nc.\r\n\r\n", "step {step}");
            assert_eq!(used, wire.len() - 4);
        }
        assert_eq!(
            decode_all(BareLineEndings::Reject, b".\r\n", 1).unwrap(),
            (vec![], 3)
        );
    }

    /// Smuggling class: bare LF / CR never end the block; strict mode reports them.
    #[test]
    fn bare_line_endings() {
        let wire = b"a\nb\r\n.\n\r\nx\r.\r\n.\r\n";
        for step in 1..=wire.len() {
            let (body, _) = decode_all(BareLineEndings::Preserve, wire, step).unwrap();
            // The "." starting the line after CR LF is a stuffing dot, even before a bare LF.
            assert_eq!(body, b"a\nb\r\n\n\r\nx\r.\r\n", "step {step}");
        }
        let mut d = BodyDecoder::new(BareLineEndings::Reject);
        let c = d.decode(b"a\nb\r\n.\r\n").unwrap();
        assert_eq!((c.data, c.consumed), (&b"a"[..], 1));
        let e = d.decode(b"\nb\r\n.\r\n").unwrap_err();
        assert_eq!((e.kind, e.skip), (DecodeErrorKind::BareLf, Some(1)));
        let c = d.decode(b"b\r\n.\r\n").unwrap();
        assert_eq!(c.data, b"b\r\n");
        assert!(d.decode(b".\r\n").unwrap().end);
    }

    /// Runs a whole-input decode and records data, errors (absolute offsets) and the end.
    fn trace_decode<'w>(
        mut step: impl FnMut(&'w [u8]) -> Result<DotChunk<'w>, DecodeError>,
        wire: &'w [u8],
    ) -> (Vec<u8>, Vec<(usize, DecodeErrorKind)>, Option<usize>) {
        let (mut data, mut errors, mut pos) = (Vec::new(), Vec::new(), 0);
        while pos < wire.len() {
            match step(&wire[pos..]) {
                Ok(c) if c.end => return (data, errors, Some(pos + c.consumed)),
                Ok(c) if c.consumed == 0 => break,
                Ok(c) => {
                    data.extend_from_slice(c.data);
                    pos += c.consumed;
                }
                Err(e) => {
                    errors.push((pos + e.offset, e.kind.clone()));
                    pos += e.skip.unwrap_or(1);
                }
            }
        }
        (data, errors, None)
    }

    mod props {
        use super::*;
        use mail_core::dot::DotDecoder;
        use proptest::prelude::*;

        /// Dense in CR, LF and "." (smuggling sequences), or mostly text so that whole
        /// blocks of the fast path are crossed.
        fn wire() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![
                proptest::collection::vec(
                    prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a')],
                    0..400,
                ),
                proptest::collection::vec(
                    prop_oneof![1 => Just(b'\r'), 1 => Just(b'\n'), 1 => Just(b'.'), 40 => Just(b'a')],
                    0..1500,
                ),
            ]
        }

        proptest! {
            /// Same data, errors and end as mail-core's reference dot decoder, for both
            /// policies, on inputs dense in CR, LF and "." (smuggling sequences included).
            #[test]
            fn matches_reference_decoder(wire in wire(), preserve in any::<bool>()) {
                let policy = if preserve { BareLineEndings::Preserve } else { BareLineEndings::Reject };
                let mut ours = BodyDecoder::new(policy);
                let mut reference = DotDecoder::with_policy(policy);
                let a = trace_decode(|i| ours.decode(i), &wire);
                let b = trace_decode(|i| reference.decode(i), &wire);
                prop_assert_eq!(a, b);
            }
        }
    }
}
