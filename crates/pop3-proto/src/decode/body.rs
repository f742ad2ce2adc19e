//! The streaming decoder of RETR and TOP bodies.

use mail_core::DecodeError;
use mail_core::DecodeErrorKind;
use mail_core::dot::{BareLineEndings, DotChunk};
use memchr::memmem::Finder;

/// A streaming decoder of a dot-stuffed message (RFC 1939 §3: "If any line of the multi-line
/// response begins with the termination octet, the line is byte-stuffed").
///
/// It starts right after the `+OK` line of RETR or TOP. Feed it the input, take
/// [`DotChunk::data`] (a slice of the input: nothing is copied or accumulated), drop
/// [`DotChunk::consumed`] bytes, repeat until [`DotChunk::end`]. The block ends on CR LF `.` CR LF
/// only: a bare CR or LF never starts or ends a line.
///
/// The hot path is one substring search for CR LF `.` and, under [`BareLineEndings::Reject`],
/// one branch-free pass that checks every CR is followed by LF and every LF follows a CR.
///
/// After an error (a bare CR or LF under [`BareLineEndings::Reject`]) drop `skip` bytes and go
/// on: the decoder still finds the end of the block.
#[derive(Debug, Clone)]
pub struct BodyDecoder {
    policy: BareLineEndings,
    at_line_start: bool,
    finder: Finder<'static>,
}

impl Default for BodyDecoder {
    fn default() -> Self {
        Self::new(BareLineEndings::Reject)
    }
}

/// Whether `data` (a region that does not start right after a CR) holds a bare CR or LF. The
/// last byte is never a CR (the caller holds a trailing CR back).
fn has_bare(data: &[u8]) -> bool {
    let Some((&first, rest)) = data.split_first() else {
        return false;
    };
    if first == b'\n' {
        return true;
    }
    // For every adjacent pair: a CR must be followed by LF, and an LF preceded by CR.
    let bad = data.iter().zip(rest).fold(0u8, |acc, (&a, &b)| {
        acc | (u8::from(a == b'\r') ^ u8::from(b == b'\n'))
    });
    bad != 0 || data.last() == Some(&b'\r')
}

/// The first bare CR or LF in `data` (see [`has_bare`]), with its kind.
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
            finder: Finder::new(b"\r\n.").into_owned(),
        }
    }

    /// Starts over at the beginning of a new body.
    pub fn reset(&mut self) {
        self.at_line_start = true;
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
        let rest = &input[start..];
        // The data goes up to the next line that starts with `.`, or to the end of the input
        // minus a trailing CR (whose LF has not arrived).
        let (end, line_start) = match self.finder.find(rest) {
            Some(at) => (start + at + 2, true),
            None if input.ends_with(b"\r\n") && input.len() >= start + 2 => (input.len(), true),
            None if input.last() == Some(&b'\r') => (input.len() - 1, false),
            None => (input.len(), false),
        };
        let mut end = end.max(start);
        let mut line_start = line_start && end >= start + 2;
        if self.policy == BareLineEndings::Reject
            && has_bare(&input[start..end])
            && let Some((at, kind)) = first_bare(&input[start..end])
        {
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

    #[test]
    fn bare_check_matches_slow_scan() {
        let samples: [&[u8]; 8] = [
            b"",
            b"a",
            b"\r\n",
            b"\n",
            b"a\r\nb",
            b"a\rb",
            b"a\n",
            b"\r\n\r\n",
        ];
        for s in samples {
            assert_eq!(has_bare(s), first_bare(s).is_some(), "{s:?}");
        }
    }
}
