//! RFC 5321 §4.1.2 mailbox addresses and paths, with the SMTPUTF8 extension of RFC 6531 §3.3.
//!
//! ```text
//! Reverse-path   = Path / "<>"
//! Forward-path   = Path
//! Path           = "<" [ A-d-l ":" ] Mailbox ">"
//! A-d-l          = At-domain *( "," At-domain )
//! At-domain      = "@" Domain
//! Mailbox        = Local-part "@" ( Domain / address-literal )
//! Local-part     = Dot-string / Quoted-string
//! Domain         = sub-domain *("." sub-domain)
//! ```
//!
//! * [`Path`]: `<>` ([`Path::Null`]), `<Postmaster>` ([`Path::Postmaster`]) or a [`Mailbox`]
//!   in angle brackets; parsed by [`parse_reverse_path`] and [`parse_forward_path`].
//! * [`Mailbox`]: a [`LocalPart`] `@` a [`Host`] (a [`Domain`] or an [`AddressLiteral`]);
//!   parsed bare (for `VRFY`, `AUTH=`) by [`parse_mailbox`].
//!
//! Decoding borrows everything from the input: a local part is kept exactly as written (quotes
//! and backslashes included) and never unquoted in place; [`LocalPart::unquoted`] gives the
//! value. Nothing is allocated and nothing recurses. A quoted local part is scanned as one unit,
//! so a `>` or a space inside it can never end the path or start a parameter:
//!
//! ```
//! use mail_core::address::{parse_forward_path, AddressConfig, Path};
//! use mail_core::Encode;
//!
//! let input = br#"<"foo@x> ORCPT=admin@y"@z> NOTIFY=NEVER"#;
//! let (path, used) = parse_forward_path(input, &AddressConfig::default()).unwrap();
//! assert_eq!(&input[used..], b" NOTIFY=NEVER");
//! let Path::Mailbox(mailbox) = &path else { panic!("a mailbox") };
//! assert_eq!(mailbox.local_part().unquoted(), "foo@x> ORCPT=admin@y");
//! assert_eq!(path.to_bytes(), &input[..used]);
//! ```
//!
//! Building values: constructors validate and quote only when needed.
//!
//! ```
//! use mail_core::address::{Domain, LocalPart, Mailbox};
//!
//! let mailbox = Mailbox::new(LocalPart::new("john.smith")?, Domain::new("example.com")?.into())?;
//! assert_eq!(mailbox.to_string(), "john.smith@example.com");
//! let quoted = LocalPart::new("Joe,Smith")?;
//! assert_eq!(quoted.as_str(), "\"Joe,Smith\"");
//! # Ok::<(), mail_core::ValidationError>(())
//! ```
//!
//! # Limits (RFC 5321 §4.5.3.1)
//!
//! Limits count octets of the wire form, and are fields of [`AddressConfig`]:
//!
//! * local part (§4.5.3.1.1, 64): the Local-part as written, quotes and backslashes included;
//! * domain (§4.5.3.1.2, 255): the Domain, or the whole address-literal with its brackets (the
//!   RFC says "domain name or number");
//! * path (§4.5.3.1.3, 256): the whole Path from `<` to `>`, both included, with any source
//!   route ("including the punctuation and element separators"). A mailbox is therefore at most
//!   `max_path - 2` octets (254 by default): this also bounds a bare mailbox.
//!
//! Decoding over a limit gives [`DecodeErrorKind::LimitExceeded`]; a
//! constructor gives [`ValidationError::TooLong`].
//!
//! # SMTPUTF8 (RFC 6531 §3.3)
//!
//! With [`AddressConfig::utf8`], `atext`, `qtextSMTP` and domain labels also take UTF-8
//! non-ASCII characters (`UTF8-non-ascii`, RFC 6532 §3.1); without it any octet above 127 is a
//! [`DecodeErrorKind::EightBit`] error. Invalid UTF-8 is
//! always [`DecodeErrorKind::InvalidUtf8`]. A label holding
//! non-ASCII characters (a U-label, RFC 5890 §2.3.2.1) is checked for its characters (letters,
//! digits, hyphen, non-ASCII) and hyphen placement only: the IDNA2008 rules that need Unicode
//! tables (NFC, code point categories, bidi) are left to the application. `quoted-pairSMTP` and
//! address literals stay ASCII.
//!
//! Constructors accept UTF-8 by default (the value is valid under SMTPUTF8); check
//! [`Mailbox::is_ascii`] to know whether the SMTPUTF8 extension is needed to send it.

mod domain;
mod local_part;
mod mailbox;
#[cfg(test)]
mod tests;

pub use domain::{AddressLiteral, Domain, GeneralAddressLiteral, Host, parse_host};
pub use local_part::LocalPart;
pub use mailbox::{Mailbox, Path, parse_forward_path, parse_mailbox, parse_reverse_path};

use crate::decode::{DecodeError, DecodeErrorKind};
use crate::error::ValidationError;

/// RFC 5321 §4.5.3.1.1: "The maximum total length of a user name or other local-part is 64
/// octets."
pub const MAX_LOCAL_PART: usize = 64;

/// RFC 5321 §4.5.3.1.2: "The maximum total length of a domain name or number is 255 octets."
pub const MAX_DOMAIN: usize = 255;

/// RFC 5321 §4.5.3.1.3: "The maximum total length of a reverse-path or forward-path is 256
/// octets (including the punctuation and element separators)."
pub const MAX_PATH: usize = 256;

/// What the address grammar accepts: the SMTPUTF8 switch and the length limits.
///
/// `Default` is the RFC 5321 grammar (ASCII only) with the RFC 5321 §4.5.3.1 limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddressConfig {
    /// Accept UTF-8 in local parts and domain labels (RFC 6531 §3.3): set when the session has
    /// negotiated SMTPUTF8 and the command carries the `SMTPUTF8` parameter.
    pub utf8: bool,
    /// Maximum local-part length in octets, as written ([`MAX_LOCAL_PART`] by default). Raising
    /// it is a leniency for systems with longer user names (RFC 5321 §4.5.3.1 allows servers to
    /// accept larger objects).
    pub max_local_part: usize,
    /// Maximum domain or address-literal length in octets ([`MAX_DOMAIN`] by default).
    pub max_domain: usize,
    /// Maximum path length in octets, `<` and `>` included ([`MAX_PATH`] by default).
    pub max_path: usize,
    /// Leniency: a host name (a domain, not an address literal) as systems name themselves
    /// rather than as RFC 5321 §4.1.2 `Domain` allows: labels of letters, digits, `-` and `_`
    /// in any order (`DESKTOP-AB12_X`, `-foo`, `my_host.lan`) and one dot at the end
    /// (`mail.example.com.`). Windows and NetBIOS machine names carry underscores, and
    /// clients put their own name in `EHLO`; Postfix and Exim accept such names unless told
    /// to check them. Off by default.
    pub relaxed_host: bool,
}

impl Default for AddressConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl AddressConfig {
    /// ASCII only, RFC 5321 §4.5.3.1 limits.
    pub const fn new() -> Self {
        AddressConfig {
            utf8: false,
            max_local_part: MAX_LOCAL_PART,
            max_domain: MAX_DOMAIN,
            max_path: MAX_PATH,
            relaxed_host: false,
        }
    }

    /// The configuration the constructors use: RFC limits, UTF-8 allowed.
    pub(crate) const fn construct() -> Self {
        let mut c = Self::new();
        c.utf8 = true;
        c
    }

    /// The same configuration with SMTPUTF8 addresses allowed or not.
    pub const fn with_utf8(mut self, utf8: bool) -> Self {
        self.utf8 = utf8;
        self
    }

    /// The same configuration with another local-part limit.
    pub const fn with_max_local_part(mut self, octets: usize) -> Self {
        self.max_local_part = octets;
        self
    }

    /// The same configuration with another domain limit.
    pub const fn with_max_domain(mut self, octets: usize) -> Self {
        self.max_domain = octets;
        self
    }

    /// The same configuration with relaxed host names or not (see
    /// [`AddressConfig::relaxed_host`]).
    pub const fn with_relaxed_host(mut self, relaxed: bool) -> Self {
        self.relaxed_host = relaxed;
        self
    }

    /// The same configuration with another path limit.
    pub const fn with_max_path(mut self, octets: usize) -> Self {
        self.max_path = octets;
        self
    }

    /// The largest mailbox that fits a path: `max_path - 2`.
    pub(crate) const fn max_mailbox(&self) -> usize {
        self.max_path.saturating_sub(2)
    }
}

/// RFC 5322 §3.2.3 `atext` (ASCII part), which RFC 5321 §4.1.2 `Atom` uses:
/// `ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" / "=" / "?" /
/// "^" / "_" / "`" / "{" / "|" / "}" / "~"`.
pub(crate) const fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

/// RFC 5321 §4.1.2 `qtextSMTP = %d32-33 / %d35-91 / %d93-126`.
pub(crate) const fn is_qtext(b: u8) -> bool {
    matches!(b, 32..=33 | 35..=91 | 93..=126)
}

/// RFC 5321 §4.1.2 `quoted-pairSMTP = %d92 %d32-126`: the octet after the backslash.
pub(crate) const fn is_quotable(b: u8) -> bool {
    matches!(b, 32..=126)
}

/// RFC 5321 §4.1.3 `dcontent = %d33-90 / %d94-126`.
pub(crate) const fn is_dcontent(b: u8) -> bool {
    matches!(b, 33..=90 | 94..=126)
}

/// The end of the run of octets that `is_char` accepts, from `pos`, non-ASCII octets read as
/// UTF-8 characters (an error without `utf8`, see [`utf8_char`]).
#[inline]
pub(crate) fn scan_run(
    input: &[u8],
    mut pos: usize,
    utf8: bool,
    is_char: impl Fn(u8) -> bool,
) -> Result<usize, DecodeError> {
    loop {
        match input.get(pos) {
            Some(&b) if is_char(b) => pos += 1,
            Some(&b) if b >= 0x80 => pos += utf8_char(input, pos, utf8)?,
            _ => return Ok(pos),
        }
    }
}

/// Checks the non-ASCII character starting at `pos` (RFC 6532 §3.1 `UTF8-non-ascii`) and
/// returns its length in octets. Without `utf8` any such octet is an
/// [`DecodeErrorKind::EightBit`] error.
pub(crate) fn utf8_char(input: &[u8], pos: usize, utf8: bool) -> Result<usize, DecodeError> {
    if !utf8 {
        return Err(DecodeError::new(pos, DecodeErrorKind::EightBit));
    }
    let invalid = || DecodeError::new(pos, DecodeErrorKind::InvalidUtf8);
    let len = match input.get(pos) {
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return Err(invalid()),
    };
    let end = pos.checked_add(len).ok_or_else(invalid)?;
    let bytes = input.get(pos..end).ok_or_else(invalid)?;
    // std's validation is RFC 3629's: no overlong forms, no surrogates, at most U+10FFFF.
    std::str::from_utf8(bytes).map_err(|_| invalid())?;
    Ok(len)
}

/// The text of `input[start..end]`, which the scanners have checked to be ASCII or UTF-8.
pub(crate) fn text(input: &[u8], start: usize, end: usize) -> Result<&str, DecodeError> {
    let bytes = input.get(start..end).unwrap_or_default();
    std::str::from_utf8(bytes)
        .map_err(|e| DecodeError::new(start + e.valid_up_to(), DecodeErrorKind::InvalidUtf8))
}

/// Turns a decoding error over an application-supplied `input` into a [`ValidationError`]
/// about `what`.
pub(crate) fn to_validation(err: DecodeError, what: &'static str, input: &[u8]) -> ValidationError {
    match err.kind {
        DecodeErrorKind::LimitExceeded { limit, .. } => ValidationError::TooLong {
            what,
            max: usize::try_from(limit).unwrap_or(usize::MAX),
        },
        DecodeErrorKind::Syntax { expected } => match input.get(err.offset) {
            Some(&byte) if !byte.is_ascii_graphic() => ValidationError::InvalidByte {
                what,
                byte,
                position: err.offset,
            },
            _ => ValidationError::Invalid {
                what,
                reason: expected,
            },
        },
        DecodeErrorKind::EightBit | DecodeErrorKind::InvalidUtf8 => ValidationError::InvalidByte {
            what,
            byte: input.get(err.offset).copied().unwrap_or(0),
            position: err.offset,
        },
        _ => ValidationError::Invalid {
            what,
            reason: "not valid RFC 5321 syntax",
        },
    }
}

/// Requires a constructor's scan to have used the whole `input`.
pub(crate) fn whole(end: usize, input: &[u8], what: &'static str) -> Result<(), ValidationError> {
    match input.get(end) {
        None => Ok(()),
        Some(&byte) => Err(ValidationError::InvalidByte {
            what,
            byte,
            position: end,
        }),
    }
}

/// The number of octets a `Display` value writes, without allocating.
pub(crate) fn display_len(value: &impl std::fmt::Display) -> usize {
    struct Counter(usize);
    impl std::fmt::Write for Counter {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 = self.0.saturating_add(s.len());
            Ok(())
        }
    }
    let mut c = Counter(0);
    // Writing to a counter cannot fail.
    let _ = std::fmt::write(&mut c, format_args!("{value}"));
    c.0
}
