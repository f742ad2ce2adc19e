//! The reply decoder (clients use it).

use mail_core::line::{LineConfig, LineEndings, LineFramer};
use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded};

use crate::types::reply::{Reply, ReplyCode, ReplyLine, is_text_byte, split_status};

/// RFC 5321 §4.5.3.1.5: "The maximum total length of a reply line including the reply code and
/// the `<CRLF>` is 512 octets."
pub const MAX_REPLY_LINE: usize = 512;

/// Default maximum number of lines of one reply (an EHLO reply has one per extension).
pub const MAX_REPLY_LINES: usize = 256;

/// Limits and leniencies of [`ReplyDecoder`] and [`ReplyFramer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReplyDecoderConfig {
    /// Maximum reply line length, CR LF included ([`MAX_REPLY_LINE`]).
    pub max_line_len: usize,
    /// Maximum number of lines in one reply ([`MAX_REPLY_LINES`]).
    pub max_lines: usize,
    /// Leniency: a bare LF also ends a reply line.
    pub accept_bare_lf: bool,
    /// Leniency: reply text that is not valid UTF-8 (RFC 5321 §4.2 `textstring` is ASCII,
    /// RFC 6531 §3.7.4 adds UTF-8) is read with each invalid sequence replaced by U+FFFD
    /// instead of failing the reply. Needed for servers that write replies in a legacy
    /// character set: QQ Mail's `535` text and some Chinese government servers' `550` text
    /// are GBK/GB2312; localized greetings in Latin-1 exist too. The code, and so the
    /// session, stays usable; only the text is lossy.
    pub lossy_text: bool,
}

impl Default for ReplyDecoderConfig {
    fn default() -> Self {
        ReplyDecoderConfig {
            max_line_len: MAX_REPLY_LINE,
            max_lines: MAX_REPLY_LINES,
            accept_bare_lf: false,
            lossy_text: false,
        }
    }
}

/// Decodes SMTP replies (RFC 5321 §4.2), single- and multi-line, stateless.
///
/// ```text
/// Reply-line = *( Reply-code "-" [ textstring ] CRLF )
///              Reply-code [ SP textstring ] CRLF
/// ```
///
/// Each call scans the input from its start; a client that receives a long multi-line reply in
/// many small pieces should use [`ReplyFramer`], which resumes where it stopped.
#[derive(Debug, Clone, Default)]
pub struct ReplyDecoder {
    config: ReplyDecoderConfig,
}

impl ReplyDecoder {
    /// A decoder with the RFC defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder with `config`.
    pub fn with_config(config: ReplyDecoderConfig) -> Self {
        ReplyDecoder { config }
    }

    /// Sets the maximum line length.
    pub fn with_max_line_len(mut self, max: usize) -> Self {
        self.config.max_line_len = max;
        self
    }

    /// Sets the maximum number of lines.
    pub fn with_max_lines(mut self, max: usize) -> Self {
        self.config.max_lines = max;
        self
    }

    /// Leniency: accept bare LF line ends.
    pub fn with_bare_lf(mut self, accept: bool) -> Self {
        self.config.accept_bare_lf = accept;
        self
    }

    /// Leniency: read invalid UTF-8 in reply text lossily
    /// ([`ReplyDecoderConfig::lossy_text`]).
    pub fn with_lossy_text(mut self, lossy: bool) -> Self {
        self.config.lossy_text = lossy;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &ReplyDecoderConfig {
        &self.config
    }

    /// Decodes the reply at the start of `input`.
    pub fn decode<'a>(&self, input: &'a [u8]) -> DecodeResult<Reply<'a>> {
        ReplyFramer::new(self.config).decode(input)
    }
}

/// A resumable reply decoder: it keeps how far the pending reply has been checked, so feeding
/// a multi-line reply byte by byte costs work linear in its length.
///
/// The caller keeps a buffer that starts at the first byte of the pending reply and only grows
/// at the end; after a complete reply (or an error with a `skip`) it drops those bytes and the
/// framer starts afresh.
#[derive(Debug, Clone)]
pub struct ReplyFramer {
    config: ReplyDecoderConfig,
    lines: LineFramer,
    /// Where the next unchecked line starts.
    next_line: usize,
    /// The code of the lines checked so far.
    code: Option<ReplyCode>,
    /// Lines checked so far.
    count: usize,
}

impl ReplyFramer {
    /// A framer at the start of a reply.
    pub fn new(config: ReplyDecoderConfig) -> Self {
        let line_config =
            LineConfig::new(config.max_line_len).with_line_endings(if config.accept_bare_lf {
                LineEndings::AcceptBareLf
            } else {
                LineEndings::Strict
            });
        ReplyFramer {
            config,
            lines: LineFramer::new(line_config),
            next_line: 0,
            code: None,
            count: 0,
        }
    }

    /// Forgets the pending reply.
    pub fn reset(&mut self) {
        self.lines.reset();
        self.next_line = 0;
        self.code = None;
        self.count = 0;
    }

    /// Decodes the reply at the start of `buf`, resuming the previous call's work.
    pub fn decode<'a>(&mut self, buf: &'a [u8]) -> DecodeResult<Reply<'a>> {
        let result = self.step(buf);
        if !matches!(result, Ok(Decoded::Incomplete)) {
            self.reset();
        }
        result
    }

    fn step<'a>(&mut self, buf: &'a [u8]) -> DecodeResult<Reply<'a>> {
        loop {
            let start = self.next_line;
            let rest = buf.get(start..).unwrap_or_default();
            let (line, len) = match self.lines.next_line(rest) {
                Ok(Decoded::Complete { value, consumed }) => (value.content, consumed),
                Ok(Decoded::Incomplete) => {
                    // Check what has arrived of the line, so a wrong prefix fails early.
                    check_partial(rest, self.code).map_err(|e| e.shifted(start))?;
                    return Ok(Decoded::Incomplete);
                }
                Err(e) => return Err(e.shifted(start)),
            };
            let end = start + len;
            let (code, last) =
                parse_line_head(line, self.code).map_err(|e| e.shifted(start).with_skip(end))?;
            check_text(line.get(4..).unwrap_or_default(), self.config.lossy_text)
                .map_err(|e| e.shifted(start + 4).with_skip(end))?;
            self.count += 1;
            if self.count > self.config.max_lines {
                return Err(DecodeError::new(
                    start,
                    DecodeErrorKind::LimitExceeded {
                        what: "reply lines",
                        limit: self.config.max_lines as u64,
                    },
                )
                .with_skip(end));
            }
            self.code = Some(code);
            self.next_line = end;
            if last {
                return Ok(Decoded::Complete {
                    value: build(buf, end, code, self.count),
                    consumed: end,
                });
            }
        }
    }
}

/// The code and whether this is the last line. `expected`: the code of the earlier lines.
fn parse_line_head(
    line: &[u8],
    expected: Option<ReplyCode>,
) -> Result<(ReplyCode, bool), DecodeError> {
    let code = match line {
        [a @ b'2'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9', ..] => {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        _ => return Err(DecodeError::syntax(0, "a reply code (2xx to 5xx)")),
    };
    let code = ReplyCode::new(code).map_err(|_| DecodeError::syntax(0, "a reply code"))?;
    if let Some(e) = expected
        && e != code
    {
        return Err(DecodeError::new(
            0,
            DecodeErrorKind::Invalid {
                what: "reply code (differs from the previous line)",
            },
        ));
    }
    let last = match line.get(3) {
        None | Some(b' ') => true,
        Some(b'-') => false,
        Some(_) => {
            return Err(DecodeError::syntax(
                3,
                "SP, '-' or CRLF after the reply code",
            ));
        }
    };
    Ok((code, last))
}

/// `textstring = 1*(%d09 / %d32-126)`, plus UTF-8 (RFC 6531 §3.7.4).
fn check_text(text: &[u8], lossy: bool) -> Result<(), DecodeError> {
    if let Some(at) = text.iter().position(|&b| !is_text_byte(b)) {
        let kind = match text.get(at) {
            Some(b'\r') => DecodeErrorKind::BareCr,
            _ => DecodeErrorKind::Syntax {
                expected: "printable reply text",
            },
        };
        return Err(DecodeError::new(at, kind));
    }
    if !lossy && !text.is_ascii() {
        std::str::from_utf8(text)
            .map_err(|e| DecodeError::new(e.valid_up_to(), DecodeErrorKind::InvalidUtf8))?;
    }
    Ok(())
}

/// Checks the first bytes of a line that has not ended yet.
fn check_partial(rest: &[u8], expected: Option<ReplyCode>) -> Result<(), DecodeError> {
    let n = rest.len().min(4);
    let head = &rest[..n];
    // Compare with a complete head built from what we have.
    for (i, &b) in head.iter().enumerate() {
        let ok = match i {
            0 => (b'2'..=b'5').contains(&b),
            1 => (b'0'..=b'5').contains(&b),
            2 => b.is_ascii_digit(),
            _ => matches!(b, b' ' | b'-' | b'\r'),
        };
        if !ok {
            return Err(DecodeError::syntax(i, "a reply code and SP, '-' or CRLF"));
        }
        if i < 3
            && let Some(e) = expected
            && [e.get() / 100, e.get() / 10 % 10, e.get() % 10][i] != u16::from(b - b'0')
        {
            return Err(DecodeError::new(
                0,
                DecodeErrorKind::Invalid {
                    what: "reply code (differs from the previous line)",
                },
            ));
        }
    }
    Ok(())
}

/// Builds the reply from its checked lines `buf[..end]`.
fn build(buf: &[u8], end: usize, code: ReplyCode, count: usize) -> Reply<'_> {
    let mut lines = Vec::with_capacity(count);
    let mut pos = 0;
    while pos < end {
        let lf = memchr::memchr(b'\n', &buf[pos..end]).map_or(end, |i| pos + i);
        let mut content = &buf[pos..lf];
        if let [rest @ .., b'\r'] = content {
            content = rest;
        }
        let text = content.get(4..).unwrap_or_default();
        // Checked before: printable ASCII or valid UTF-8 (borrowed), or lossy text (owned
        // only when it had to be repaired).
        lines.push(split_status(String::from_utf8_lossy(text), Some(code)));
        pos = lf + 1;
    }
    Reply::from_checked(code, lines)
}

impl<'a> Reply<'a> {
    pub(crate) fn from_checked(code: ReplyCode, lines: Vec<ReplyLine<'a>>) -> Self {
        Reply { code, lines }
    }
}
