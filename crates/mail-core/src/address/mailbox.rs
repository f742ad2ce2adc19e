//! RFC 5321 §4.1.2 `Mailbox` and `Path`.

use std::fmt;
use std::str::FromStr;

use bytes::BufMut;

use super::domain::{parse_host_at, scan_domain};
use super::local_part::{self, LocalPart};
use super::{AddressConfig, Host, text, to_validation, whole};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// A mailbox (RFC 5321 §4.1.2): `Mailbox = Local-part "@" ( Domain / address-literal )`.
///
/// Valid by construction, including the length limits: local part at most
/// [`AddressConfig::max_local_part`], host at most [`AddressConfig::max_domain`], and the whole
/// at most `max_path - 2` octets, so that it fits a path (RFC 5321 §4.5.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    local: LocalPart<'a>,
    host: Host<'a>,
}

impl<'a> Mailbox<'a> {
    /// `local@host`, checked against the RFC 5321 §4.5.3.1 limits (at most 254 octets in all,
    /// so that the path `<local@host>` is at most 256). Errors: [`ValidationError::TooLong`].
    pub fn new(local: LocalPart<'a>, host: Host<'a>) -> Result<Self, ValidationError> {
        Self::with_config(local, host, &AddressConfig::construct())
    }

    /// [`Mailbox::new`] under the limits of `config` (and its `utf8` switch).
    pub fn with_config(
        local: LocalPart<'a>,
        host: Host<'a>,
        config: &AddressConfig,
    ) -> Result<Self, ValidationError> {
        let ascii = local.is_ascii() && host.is_ascii();
        if !(config.utf8 || ascii) {
            return Err(ValidationError::Invalid {
                what: "mailbox",
                reason: "non-ASCII characters need SMTPUTF8",
            });
        }
        let checks = [
            ("local-part", local.len(), config.max_local_part),
            ("domain", host.len(), config.max_domain),
            (
                "mailbox",
                local.len().saturating_add(1).saturating_add(host.len()),
                config.max_mailbox(),
            ),
        ];
        for (what, len, max) in checks {
            if len > max {
                return Err(ValidationError::TooLong { what, max });
            }
        }
        Ok(Mailbox { local, host })
    }

    /// A mailbox from its wire form `local@host`, validated as a whole (UTF-8 allowed).
    pub fn from_raw(raw: &'a str) -> Result<Self, ValidationError> {
        Self::from_raw_with_config(raw, &AddressConfig::construct())
    }

    /// [`Mailbox::from_raw`] under `config`.
    pub fn from_raw_with_config(
        raw: &'a str,
        config: &AddressConfig,
    ) -> Result<Self, ValidationError> {
        const WHAT: &str = "mailbox";
        let bytes = raw.as_bytes();
        let (mailbox, end) =
            parse_mailbox(bytes, config).map_err(|e| to_validation(e, WHAT, bytes))?;
        whole(end, bytes, WHAT)?;
        Ok(mailbox)
    }

    /// The local part, as written.
    pub fn local_part(&self) -> &LocalPart<'a> {
        &self.local
    }

    /// The domain or address literal.
    pub fn host(&self) -> &Host<'a> {
        &self.host
    }

    /// The two parts.
    pub fn into_parts(self) -> (LocalPart<'a>, Host<'a>) {
        (self.local, self.host)
    }

    /// Whether the mailbox is pure ASCII; if not, sending it needs SMTPUTF8 (RFC 6531).
    pub fn is_ascii(&self) -> bool {
        self.local.is_ascii() && self.host.is_ascii()
    }

    /// Length of the wire form in octets.
    pub fn len(&self) -> usize {
        self.local.len() + 1 + self.host.len()
    }

    /// Always false: a mailbox has at least `""@a`.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Parses a bare `Mailbox` (no angle brackets) at the start of complete input, as used by
/// `VRFY`, `EXPN` and the decoded value of `AUTH=` (RFC 4954 §5). Returns the mailbox and the
/// octets used: it ends after the last domain label or the `]` of an address literal, and what
/// follows is the caller's.
///
/// Errors: [`DecodeErrorKind::Syntax`], [`DecodeErrorKind::EightBit`],
/// [`DecodeErrorKind::InvalidUtf8`], [`DecodeErrorKind::LimitExceeded`] (local part, domain, or
/// the whole mailbox over `max_path - 2` octets).
pub fn parse_mailbox<'a>(
    input: &'a [u8],
    config: &AddressConfig,
) -> Result<(Mailbox<'a>, usize), DecodeError> {
    parse_mailbox_at(input, 0, config, false)
}

/// [`parse_mailbox`] from `start`; returns the end offset. Inside a path (`in_path`) the
/// mailbox must leave room for the closing `>` within [`AddressConfig::max_path`].
fn parse_mailbox_at<'a>(
    input: &'a [u8],
    start: usize,
    config: &AddressConfig,
    in_path: bool,
) -> Result<(Mailbox<'a>, usize), DecodeError> {
    let local_end = local_part::scan(input, start, config)?;
    if input.get(local_end) != Some(&b'@') {
        return Err(DecodeError::syntax(local_end, "'@' after the local part"));
    }
    let (host, end) = parse_host_at(input, local_end + 1, config)?;
    if in_path {
        check_path_len(end + 1, config)?;
    }
    let max = config.max_mailbox();
    if end - start > max {
        return Err(DecodeError::new(
            start + max,
            DecodeErrorKind::LimitExceeded {
                what: "mailbox octets",
                limit: max as u64,
            },
        ));
    }
    let local = LocalPart::from_scanned(text(input, start, local_end)?);
    Ok((Mailbox { local, host }, end))
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.host)
    }
}

impl Encode for Mailbox<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.local.encode(dst);
        dst.put_u8(b'@');
        self.host.encode(dst);
    }
}

/// Parses a whole wire form `local@host` (UTF-8 allowed) into an owned mailbox.
impl FromStr for Mailbox<'static> {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mailbox::from_raw(s).map(IntoOwned::into_owned)
    }
}

impl IntoOwned for Mailbox<'_> {
    type Owned = Mailbox<'static>;

    fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            local: self.local.into_owned(),
            host: self.host.into_owned(),
        }
    }
}

/// A reverse-path or forward-path (RFC 5321 §4.1.2, §4.1.1.2, §4.1.1.3).
///
/// ```text
/// Reverse-path = Path / "<>"
/// Forward-path = Path
/// Path         = "<" [ A-d-l ":" ] Mailbox ">"
/// A-d-l        = At-domain *( "," At-domain )   ; MUST BE accepted, SHOULD NOT be
/// At-domain    = "@" Domain                     ; generated, and SHOULD be ignored
/// rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
///                     Forward-path ) [SP Rcpt-parameters] CRLF
/// ```
///
/// A source route is checked and dropped when decoding (RFC 5321 §4.1.2 and Appendix C); it is
/// never generated. `<Postmaster@domain>` is an ordinary [`Path::Mailbox`].
/// Encoding writes the angle brackets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Path<'a> {
    /// `<>`: the null reverse-path (no notifications); only valid as a reverse-path.
    Null,
    /// `<Postmaster>` without a domain (RFC 5321 §4.1.1.3), matched without regard to case;
    /// only valid as a forward-path.
    Postmaster,
    /// `<mailbox>`.
    Mailbox(Mailbox<'a>),
}

impl<'a> Path<'a> {
    /// The mailbox, when the path holds one.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        match self {
            Path::Mailbox(m) => Some(m),
            _ => None,
        }
    }

    /// Whether the path is pure ASCII; if not, sending it needs SMTPUTF8 (RFC 6531).
    pub fn is_ascii(&self) -> bool {
        self.mailbox().is_none_or(Mailbox::is_ascii)
    }
}

impl<'a> From<Mailbox<'a>> for Path<'a> {
    fn from(m: Mailbox<'a>) -> Self {
        Path::Mailbox(m)
    }
}

/// Which path is being parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Reverse,
    Forward,
}

/// Parses a `Reverse-path` (`MAIL FROM:`, RFC 5321 §4.1.1.2) at the start of complete input:
/// `<>` or a path. Returns the path and the octets used, up to and including the closing `>`;
/// what follows (SP and parameters) is the caller's.
///
/// Errors: [`DecodeErrorKind::Syntax`], [`DecodeErrorKind::EightBit`],
/// [`DecodeErrorKind::InvalidUtf8`], [`DecodeErrorKind::LimitExceeded`] (local part, domain, or
/// the whole path over [`AddressConfig::max_path`] octets).
pub fn parse_reverse_path<'a>(
    input: &'a [u8],
    config: &AddressConfig,
) -> Result<(Path<'a>, usize), DecodeError> {
    parse_path(input, config, Direction::Reverse)
}

/// Parses a `Forward-path` (`RCPT TO:`, RFC 5321 §4.1.1.3) at the start of complete input:
/// `<Postmaster>` (any case) or a path. Returns the path and the octets used, up to and
/// including the closing `>`; what follows is the caller's. Errors as [`parse_reverse_path`].
pub fn parse_forward_path<'a>(
    input: &'a [u8],
    config: &AddressConfig,
) -> Result<(Path<'a>, usize), DecodeError> {
    parse_path(input, config, Direction::Forward)
}

fn parse_path<'a>(
    input: &'a [u8],
    config: &AddressConfig,
    direction: Direction,
) -> Result<(Path<'a>, usize), DecodeError> {
    if input.first() != Some(&b'<') {
        return Err(DecodeError::syntax(0, "'<'"));
    }
    if direction == Direction::Reverse && input.get(1) == Some(&b'>') {
        return Ok((Path::Null, 2));
    }
    const POSTMASTER: &[u8] = b"postmaster>";
    if direction == Direction::Forward
        && input
            .get(1..1 + POSTMASTER.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(POSTMASTER))
    {
        return Ok((Path::Postmaster, 1 + POSTMASTER.len()));
    }
    let mut pos = 1;
    if input.get(pos) == Some(&b'@') {
        // A-d-l ":": each At-domain is checked, then the route is dropped.
        loop {
            pos = scan_domain(input, pos + 1, config)?;
            check_path_len(pos, config)?;
            match input.get(pos) {
                Some(b',') => {
                    pos += 1;
                    if input.get(pos) != Some(&b'@') {
                        return Err(DecodeError::syntax(pos, "'@' in the source route"));
                    }
                }
                Some(b':') => {
                    pos += 1;
                    break;
                }
                _ => return Err(DecodeError::syntax(pos, "',' or ':' in the source route")),
            }
        }
    }
    let (mailbox, end) = parse_mailbox_at(input, pos, config, true)?;
    if input.get(end) != Some(&b'>') {
        return Err(DecodeError::syntax(end, "'>' closing the path"));
    }
    let consumed = end + 1;
    check_path_len(consumed, config)?;
    Ok((Path::Mailbox(mailbox), consumed))
}

/// RFC 5321 §4.5.3.1.3: the path so far (`input[..len]`) fits `max_path`.
fn check_path_len(len: usize, config: &AddressConfig) -> Result<(), DecodeError> {
    if len > config.max_path {
        return Err(DecodeError::new(
            config.max_path,
            DecodeErrorKind::LimitExceeded {
                what: "path octets",
                limit: config.max_path as u64,
            },
        ));
    }
    Ok(())
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Null => f.write_str("<>"),
            Path::Postmaster => f.write_str("<Postmaster>"),
            Path::Mailbox(m) => write!(f, "<{m}>"),
        }
    }
}

impl Encode for Path<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            Path::Null => dst.put_slice(b"<>"),
            Path::Postmaster => dst.put_slice(b"<Postmaster>"),
            Path::Mailbox(m) => {
                dst.put_u8(b'<');
                m.encode(dst);
                dst.put_u8(b'>');
            }
        }
    }
}

impl IntoOwned for Path<'_> {
    type Owned = Path<'static>;

    fn into_owned(self) -> Path<'static> {
        match self {
            Path::Null => Path::Null,
            Path::Postmaster => Path::Postmaster,
            Path::Mailbox(m) => Path::Mailbox(m.into_owned()),
        }
    }
}
