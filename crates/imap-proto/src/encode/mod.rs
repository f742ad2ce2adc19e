//! Encoding: [`Encode`](mail_core::Encode) impls and the writer that picks string forms and
//! records where literals are.
//!
//! Strings are written in the cheapest form their content allows (RFC 9051 §4.3): an atom when
//! the position takes an `astring` and every octet is an ASTRING-CHAR, a quoted string when the
//! value has no CR, LF or NUL, no 8-bit octets (unless UTF-8 is allowed, RFC 6855 §3) and is at
//! most [`MAX_QUOTED_LEN`] octets, a literal otherwise. Literals are non-synchronizing when the
//! server announced `LITERAL+`, or `LITERAL-` and the literal is at most 4096 octets
//! (RFC 7888 §5).

pub(crate) mod command;
pub(crate) mod core;
pub(crate) mod response;

pub use command::{EncodedCommand, Fragment};

use bytes::BufMut;

use crate::types::core::LiteralMode;

/// The longest string written as a quoted string; longer ones become literals.
pub const MAX_QUOTED_LEN: usize = 1024;

/// The largest non-synchronizing literal allowed by `LITERAL-` (RFC 7888 §5).
pub const LITERAL_MINUS_MAX: u64 = 4096;

/// Which non-synchronizing literals the peer accepts (RFC 7888).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LiteralSupport {
    /// Only synchronizing literals `{n}` (RFC 9051 §4.3): the client waits for `+`.
    #[default]
    SyncOnly,
    /// `LITERAL+`: every literal may be `{n+}` (RFC 7888 §3).
    Plus,
    /// `LITERAL-`: literals up to 4096 octets may be `{n+}` (RFC 7888 §5).
    Minus,
}

/// Options of the command encoder: what the server announced or the session enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EncodeOptions {
    /// Non-synchronizing literal support (RFC 7888).
    pub literals: LiteralSupport,
    /// UTF-8 is allowed in quoted strings and mailbox names are sent as UTF-8 (after
    /// `ENABLE UTF8=ACCEPT`, RFC 6855 §3, or `ENABLE IMAP4rev2`, RFC 9051 §5.1).
    pub utf8: bool,
}

impl EncodeOptions {
    /// Sync literals, modified UTF-7 mailbox names (plain IMAP4rev1).
    pub fn new() -> Self {
        Self::default()
    }

    /// The same options with another literal support.
    pub fn with_literals(mut self, literals: LiteralSupport) -> Self {
        self.literals = literals;
        self
    }

    /// The same options with UTF-8 on or off.
    pub fn with_utf8(mut self, utf8: bool) -> Self {
        self.utf8 = utf8;
        self
    }

    /// The mode a literal of `len` octets is written with.
    pub fn literal_mode(&self, len: u64) -> LiteralMode {
        match self.literals {
            LiteralSupport::Plus => LiteralMode::NonSync,
            LiteralSupport::Minus if len <= LITERAL_MINUS_MAX => LiteralMode::NonSync,
            _ => LiteralMode::Sync,
        }
    }
}

/// Where a literal's data lies in an encoded message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LiteralSpan {
    pub start: usize,
    pub end: usize,
    pub mode: LiteralMode,
}

/// The writer every encoder of the crate goes through: appends to a [`BufMut`], counts the
/// octets written and, when asked, records where literals are.
pub(crate) struct Enc<'d, B: BufMut + ?Sized> {
    dst: &'d mut B,
    pos: usize,
    pub(crate) opts: EncodeOptions,
    literals: Option<&'d mut Vec<LiteralSpan>>,
}

impl<'d, B: BufMut + ?Sized> Enc<'d, B> {
    /// A writer with the given options that does not record literals.
    pub(crate) fn new(dst: &'d mut B, opts: EncodeOptions) -> Self {
        Enc {
            dst,
            pos: 0,
            opts,
            literals: None,
        }
    }

    /// A writer that records literal positions into `literals`.
    pub(crate) fn recording(
        dst: &'d mut B,
        opts: EncodeOptions,
        literals: &'d mut Vec<LiteralSpan>,
    ) -> Self {
        Enc {
            dst,
            pos: 0,
            opts,
            literals: Some(literals),
        }
    }

    #[inline]
    pub(crate) fn put(&mut self, s: &[u8]) {
        self.dst.put_slice(s);
        self.pos += s.len();
    }

    #[inline]
    pub(crate) fn put_u8(&mut self, b: u8) {
        self.dst.put_u8(b);
        self.pos += 1;
    }

    #[inline]
    pub(crate) fn sp(&mut self) {
        self.put_u8(b' ');
    }

    pub(crate) fn num(&mut self, n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.put(&buf[i..]);
    }

    /// Writes `{n}` / `{n+}` / `~{n}` CRLF and the data, recording the data's span.
    pub(crate) fn literal(&mut self, data: &[u8], binary: bool, mode: LiteralMode) {
        if binary {
            self.put_u8(b'~');
        }
        self.put_u8(b'{');
        self.num(data.len() as u64);
        if mode == LiteralMode::NonSync {
            self.put_u8(b'+');
        }
        self.put(b"}\r\n");
        let start = self.pos;
        self.put(data);
        if let Some(l) = self.literals.as_deref_mut() {
            l.push(LiteralSpan {
                start,
                end: self.pos,
                mode,
            });
        }
    }
}
