//! RFC 5321 §4.1.2 `Domain` and §4.1.3 address literals.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::BufMut;

use super::{
    AddressConfig, display_len, is_dcontent, scan_run, text, to_validation, utf8_char, whole,
};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;

/// A domain name (RFC 5321 §4.1.2), with U-labels when built or decoded under SMTPUTF8
/// (RFC 6531 §3.3).
///
/// ```text
/// Domain     = sub-domain *("." sub-domain)
/// sub-domain = Let-dig [Ldh-str]
/// sub-domain =/ U-label            ; RFC 6531 §3.3
/// Let-dig    = ALPHA / DIGIT
/// Ldh-str    = *( ALPHA / DIGIT / "-" ) Let-dig
/// ```
///
/// A label starts and ends with a letter or digit (or a non-ASCII character in a U-label) and
/// may hold hyphens inside; there is no trailing dot. Equality and hashing ignore ASCII case
/// (DNS names are case-insensitive); non-ASCII characters are compared as written.
#[derive(Debug, Clone)]
pub struct Domain<'a> {
    name: Cow<'a, str>,
}

/// Scans a `Domain` starting at `start`; returns where it ends. Checks the length limit.
pub(crate) fn scan_domain(
    input: &[u8],
    start: usize,
    config: &AddressConfig,
) -> Result<usize, DecodeError> {
    let mut pos = start;
    loop {
        // One sub-domain: Let-dig, then letters, digits, hyphens, ending with a Let-dig.
        let mut last_hyphen = None;
        match input.get(pos) {
            Some(&b) if b.is_ascii_alphanumeric() => pos += 1,
            Some(&b) if b >= 0x80 => pos += utf8_char(input, pos, config.utf8)?,
            _ => {
                return Err(DecodeError::syntax(
                    pos,
                    "a letter or digit starting a domain label",
                ));
            }
        }
        loop {
            match input.get(pos) {
                Some(&b) if b.is_ascii_alphanumeric() => {
                    last_hyphen = None;
                    pos += 1;
                }
                Some(b'-') => {
                    last_hyphen = Some(pos);
                    pos += 1;
                }
                Some(&b) if b >= 0x80 => {
                    last_hyphen = None;
                    pos += utf8_char(input, pos, config.utf8)?;
                }
                _ => break,
            }
        }
        if let Some(h) = last_hyphen {
            return Err(DecodeError::syntax(
                h,
                "a letter or digit ending a domain label",
            ));
        }
        if input.get(pos) == Some(&b'.') {
            pos += 1;
        } else {
            break;
        }
    }
    check_domain_len(start, pos, config)?;
    Ok(pos)
}

/// A host name under [`AddressConfig::relaxed_host`]: labels of letters, digits, `-`, `_` (and
/// UTF-8 with [`AddressConfig::utf8`]) separated by single dots, with one optional dot at the
/// end; returns the end offset.
fn scan_relaxed_host(
    input: &[u8],
    start: usize,
    config: &AddressConfig,
) -> Result<usize, DecodeError> {
    let mut pos = start;
    loop {
        let label = pos;
        pos = scan_run(input, pos, config.utf8, |b| {
            b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
        })?;
        if pos == label {
            // Nothing at all, or a dot after a dot (or at the start).
            if pos == start || input.get(pos) == Some(&b'.') {
                return Err(DecodeError::syntax(pos, "a host name label"));
            }
            // A dot at the end.
            break;
        }
        if input.get(pos) == Some(&b'.') {
            pos += 1;
        } else {
            break;
        }
    }
    check_domain_len(start, pos, config)?;
    Ok(pos)
}

/// RFC 5321 §4.5.3.1.2 on `input[start..end]`.
fn check_domain_len(start: usize, end: usize, config: &AddressConfig) -> Result<(), DecodeError> {
    if end - start > config.max_domain {
        return Err(DecodeError::new(
            start + config.max_domain,
            DecodeErrorKind::LimitExceeded {
                what: "domain octets",
                limit: config.max_domain as u64,
            },
        ));
    }
    Ok(())
}

impl<'a> Domain<'a> {
    /// A domain name, validated (U-labels allowed; see [`Domain::with_config`]). Errors:
    /// [`ValidationError::Empty`], [`ValidationError::Invalid`], [`ValidationError::InvalidByte`],
    /// [`ValidationError::TooLong`] (over [`MAX_DOMAIN`](super::MAX_DOMAIN) octets).
    pub fn new(name: &'a str) -> Result<Self, ValidationError> {
        Self::with_config(name, &AddressConfig::construct())
    }

    /// [`Domain::new`] under `config` (its `utf8` switch and `max_domain` limit).
    pub fn with_config(name: &'a str, config: &AddressConfig) -> Result<Self, ValidationError> {
        const WHAT: &str = "domain";
        if name.is_empty() {
            return Err(ValidationError::Empty { what: WHAT });
        }
        let bytes = name.as_bytes();
        let end = scan_domain(bytes, 0, config).map_err(|e| to_validation(e, WHAT, bytes))?;
        whole(end, bytes, WHAT)?;
        Ok(Domain {
            name: Cow::Borrowed(name),
        })
    }

    /// For the decoder: `name` has been scanned.
    pub(crate) fn from_scanned(name: &'a str) -> Self {
        Domain {
            name: Cow::Borrowed(name),
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.name.split('.')
    }

    /// Whether the name is pure ASCII (no U-label).
    pub fn is_ascii(&self) -> bool {
        self.name.is_ascii()
    }
}

impl PartialEq for Domain<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name.eq_ignore_ascii_case(&other.name)
    }
}

impl Eq for Domain<'_> {}

impl Hash for Domain<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.name.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

impl Encode for Domain<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.name.as_bytes());
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl IntoOwned for Domain<'_> {
    type Owned = Domain<'static>;

    fn into_owned(self) -> Domain<'static> {
        Domain {
            name: Cow::Owned(self.name.into_owned()),
        }
    }
}

/// An address literal (RFC 5321 §4.1.3): a host named by its address, in brackets.
///
/// ```text
/// address-literal         = "[" ( IPv4-address-literal / IPv6-address-literal /
///                                 General-address-literal ) "]"
/// IPv4-address-literal    = Snum 3("."  Snum)
/// IPv6-address-literal    = "IPv6:" IPv6-addr
/// General-address-literal = Standardized-tag ":" 1*dcontent
/// Snum                    = 1*3DIGIT   ; 0 through 255
/// IPv6-addr   = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp
/// IPv6-hex    = 1*4HEXDIG
/// IPv6-full   = IPv6-hex 7(":" IPv6-hex)
/// IPv6-comp   = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]
///               ; No more than 6 groups in addition to the "::" may be present.
/// IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
/// IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"]
///               IPv4-address-literal
///               ; No more than 4 groups in addition to the "::" and
///               ; IPv4-address-literal may be present.
/// ```
///
/// IPv4 and IPv6 literals are kept as addresses, so the form written is not kept: `[001.2.3.4]`
/// is re-encoded `[1.2.3.4]`, an IPv6 address in its RFC 5952 text form (which is always one
/// of the RFC 5321 forms). The `IPv6:` tag is matched without regard to case (RFC 5234 §2.3);
/// a general literal whose tag is `IPv6` must hold a valid IPv6 address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AddressLiteral<'a> {
    /// `[1.2.3.4]`.
    Ipv4(Ipv4Addr),
    /// `[IPv6:2001:db8::1]`.
    Ipv6(Ipv6Addr),
    /// `[tag:content]` with another standardized tag.
    General(GeneralAddressLiteral<'a>),
}

/// A `General-address-literal` (RFC 5321 §4.1.3): `Standardized-tag ":" 1*dcontent`, where
/// `Standardized-tag = Ldh-str` and `dcontent = %d33-90 / %d94-126`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeneralAddressLiteral<'a> {
    tag: Cow<'a, str>,
    content: Cow<'a, str>,
}

impl<'a> GeneralAddressLiteral<'a> {
    /// A general literal `[tag:content]`. The tag must be an `Ldh-str` other than `IPv6` (use
    /// [`AddressLiteral::Ipv6`]), the content one or more `dcontent` octets, and the whole
    /// literal with brackets at most [`MAX_DOMAIN`](super::MAX_DOMAIN) octets.
    pub fn new(tag: &'a str, content: &'a str) -> Result<Self, ValidationError> {
        const WHAT: &str = "address literal";
        if tag.is_empty() || content.is_empty() {
            return Err(ValidationError::Empty { what: WHAT });
        }
        if !is_ldh_str(tag.as_bytes()) {
            return Err(ValidationError::Invalid {
                what: WHAT,
                reason: "the tag must be letters, digits and hyphens, ending with a letter or digit",
            });
        }
        if tag.eq_ignore_ascii_case("IPv6") {
            return Err(ValidationError::Invalid {
                what: WHAT,
                reason: "an IPv6 literal must hold an IPv6 address",
            });
        }
        if let Some(position) = content.bytes().position(|b| !is_dcontent(b)) {
            return Err(ValidationError::InvalidByte {
                what: WHAT,
                byte: content.as_bytes().get(position).copied().unwrap_or(0),
                position,
            });
        }
        // "[" tag ":" content "]"
        if tag.len() + content.len() + 3 > super::MAX_DOMAIN {
            return Err(ValidationError::TooLong {
                what: WHAT,
                max: super::MAX_DOMAIN,
            });
        }
        Ok(GeneralAddressLiteral {
            tag: Cow::Borrowed(tag),
            content: Cow::Borrowed(content),
        })
    }

    /// The `Standardized-tag`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The address after the `:`.
    pub fn content(&self) -> &str {
        &self.content
    }
}

impl IntoOwned for GeneralAddressLiteral<'_> {
    type Owned = GeneralAddressLiteral<'static>;

    fn into_owned(self) -> GeneralAddressLiteral<'static> {
        GeneralAddressLiteral {
            tag: Cow::Owned(self.tag.into_owned()),
            content: Cow::Owned(self.content.into_owned()),
        }
    }
}

/// `Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig`.
fn is_ldh_str(s: &[u8]) -> bool {
    s.last().is_some_and(u8::is_ascii_alphanumeric)
        && s.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `Snum 3("." Snum)` as the whole of `s`.
fn parse_ipv4(s: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split(|&b| b == b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = part.iter().fold(0u16, |n, &d| n * 10 + u16::from(d - b'0'));
        *octet = u8::try_from(n).ok()?;
    }
    match parts.next() {
        None => Some(Ipv4Addr::from(octets)),
        Some(_) => None,
    }
}

/// `IPv6-hex = 1*4HEXDIG`.
fn parse_hex_group(s: &[u8]) -> Option<u16> {
    if s.is_empty() || s.len() > 4 {
        return None;
    }
    s.iter().try_fold(0u16, |n, &d| {
        let v = char::from(d).to_digit(16)?;
        Some((n << 4) | v as u16)
    })
}

/// Hex groups separated by `:` (`s` non-empty), the last piece possibly an IPv4 address when
/// `v4_allowed`. Writes the hex groups to the start of `out`; returns their number and the IPv4
/// address, if any. More than 8 groups is an error.
fn parse_groups(
    s: &[u8],
    v4_allowed: bool,
    out: &mut [u16; 8],
) -> Option<(usize, Option<Ipv4Addr>)> {
    let mut count = 0;
    let mut pieces = s.split(|&b| b == b':').peekable();
    while let Some(piece) = pieces.next() {
        if v4_allowed && pieces.peek().is_none() && piece.contains(&b'.') {
            return Some((count, Some(parse_ipv4(piece)?)));
        }
        *out.get_mut(count)? = parse_hex_group(piece)?;
        count += 1;
    }
    Some((count, None))
}

/// `IPv6-addr` as the whole of `s`, with exactly the four forms of RFC 5321 §4.1.3.
pub(crate) fn parse_ipv6(s: &[u8]) -> Option<Ipv6Addr> {
    let mut groups = [0u16; 8];
    let Some(at) = s.windows(2).position(|w| w == b"::") else {
        // IPv6-full (8 groups) or IPv6v4-full (6 groups and an IPv4 address).
        return match parse_groups(s, true, &mut groups)? {
            (8, None) => Some(Ipv6Addr::from(groups)),
            (6, Some(v4)) => Some(with_ipv4(groups, v4)),
            _ => None,
        };
    };
    let (head, tail) = (s.get(..at)?, s.get(at + 2..)?);
    let (h, _) = match head {
        [] => (0, None),
        _ => parse_groups(head, false, &mut groups)?,
    };
    let mut tail_groups = [0u16; 8];
    let (t, v4) = match tail {
        [] => (0, None),
        _ => parse_groups(tail, true, &mut tail_groups)?,
    };
    // "::" stands for at least two groups of zeros: at most 6 other groups (IPv6-comp), or at
    // most 4 besides the IPv4 address (IPv6v4-comp).
    let (max, tail_end) = if v4.is_some() { (4, 6) } else { (6, 8) };
    if h + t > max {
        return None;
    }
    groups
        .get_mut(tail_end - t..tail_end)?
        .copy_from_slice(tail_groups.get(..t)?);
    Some(match v4 {
        Some(v4) => with_ipv4(groups, v4),
        None => Ipv6Addr::from(groups),
    })
}

/// The address whose last two groups are `v4`.
fn with_ipv4(mut groups: [u16; 8], v4: Ipv4Addr) -> Ipv6Addr {
    let [a, b, c, d] = v4.octets();
    groups[6] = u16::from_be_bytes([a, b]);
    groups[7] = u16::from_be_bytes([c, d]);
    Ipv6Addr::from(groups)
}

/// Scans an `address-literal`, the `[` at `start`; returns the literal and where it ends.
pub(crate) fn scan_literal<'a>(
    input: &'a [u8],
    start: usize,
    config: &AddressConfig,
) -> Result<(AddressLiteral<'a>, usize), DecodeError> {
    let open = start + 1;
    let len = input
        .get(open..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| is_dcontent(b))
        .count();
    let close = open + len;
    if input.get(close) != Some(&b']') {
        return Err(DecodeError::syntax(
            close,
            "an address literal character or ']'",
        ));
    }
    let end = close + 1;
    check_domain_len(start, end, config)?;
    let content = input.get(open..close).unwrap_or_default();
    let literal = match content.iter().position(|&b| b == b':') {
        None => AddressLiteral::Ipv4(
            parse_ipv4(content).ok_or(DecodeError::syntax(open, "an IPv4 address literal"))?,
        ),
        Some(colon) => {
            let tag = content.get(..colon).unwrap_or_default();
            let rest = content.get(colon + 1..).unwrap_or_default();
            if !is_ldh_str(tag) {
                return Err(DecodeError::syntax(open, "an address literal tag"));
            }
            if tag.eq_ignore_ascii_case(b"IPv6") {
                AddressLiteral::Ipv6(
                    parse_ipv6(rest)
                        .ok_or(DecodeError::syntax(open + colon + 1, "an IPv6 address"))?,
                )
            } else if rest.is_empty() {
                return Err(DecodeError::syntax(
                    open + colon + 1,
                    "an address after the literal's tag",
                ));
            } else {
                AddressLiteral::General(GeneralAddressLiteral {
                    tag: Cow::Borrowed(text(input, open, open + colon)?),
                    content: Cow::Borrowed(text(input, open + colon + 1, close)?),
                })
            }
        }
    };
    Ok((literal, end))
}

impl AddressLiteral<'_> {
    /// Length of the wire form in octets, brackets included.
    pub fn len(&self) -> usize {
        display_len(self)
    }

    /// Always false: a literal has at least its brackets.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl From<Ipv4Addr> for AddressLiteral<'_> {
    fn from(a: Ipv4Addr) -> Self {
        AddressLiteral::Ipv4(a)
    }
}

impl From<Ipv6Addr> for AddressLiteral<'_> {
    fn from(a: Ipv6Addr) -> Self {
        AddressLiteral::Ipv6(a)
    }
}

impl From<IpAddr> for AddressLiteral<'_> {
    fn from(a: IpAddr) -> Self {
        match a {
            IpAddr::V4(a) => AddressLiteral::Ipv4(a),
            IpAddr::V6(a) => AddressLiteral::Ipv6(a),
        }
    }
}

impl<'a> From<GeneralAddressLiteral<'a>> for AddressLiteral<'a> {
    fn from(g: GeneralAddressLiteral<'a>) -> Self {
        AddressLiteral::General(g)
    }
}

impl fmt::Display for AddressLiteral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressLiteral::Ipv4(a) => write!(f, "[{a}]"),
            AddressLiteral::Ipv6(a) => write!(f, "[IPv6:{a}]"),
            AddressLiteral::General(g) => write!(f, "[{}:{}]", g.tag, g.content),
        }
    }
}

impl Encode for AddressLiteral<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            AddressLiteral::General(g) => {
                dst.put_u8(b'[');
                dst.put_slice(g.tag.as_bytes());
                dst.put_u8(b':');
                dst.put_slice(g.content.as_bytes());
                dst.put_u8(b']');
            }
            // At most 47 octets ("[IPv6:" + 39 + "]"): format on the stack.
            other => {
                let mut buf = [0u8; 64];
                let mut cursor = std::io::Cursor::new(&mut buf[..]);
                let _ = std::io::Write::write_fmt(&mut cursor, format_args!("{other}"));
                let n = usize::try_from(cursor.position()).unwrap_or(0);
                dst.put_slice(buf.get(..n).unwrap_or_default());
            }
        }
    }
}

impl IntoOwned for AddressLiteral<'_> {
    type Owned = AddressLiteral<'static>;

    fn into_owned(self) -> AddressLiteral<'static> {
        match self {
            AddressLiteral::Ipv4(a) => AddressLiteral::Ipv4(a),
            AddressLiteral::Ipv6(a) => AddressLiteral::Ipv6(a),
            AddressLiteral::General(g) => AddressLiteral::General(g.into_owned()),
        }
    }
}

/// The part of a mailbox after the `@` (RFC 5321 §4.1.2 `( Domain / address-literal )`); also
/// the argument of `EHLO`/`HELO`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A domain name.
    Domain(Domain<'a>),
    /// An address literal in brackets.
    Literal(AddressLiteral<'a>),
}

impl<'a> Host<'a> {
    /// A domain name or an address literal (in brackets) from its wire form, validated
    /// (U-labels allowed).
    pub fn new(host: &'a str) -> Result<Self, ValidationError> {
        Self::with_config(host, &AddressConfig::construct())
    }

    /// [`Host::new`] under `config`.
    pub fn with_config(host: &'a str, config: &AddressConfig) -> Result<Self, ValidationError> {
        const WHAT: &str = "host";
        if host.is_empty() {
            return Err(ValidationError::Empty { what: WHAT });
        }
        let bytes = host.as_bytes();
        let (value, end) = parse_host(bytes, config).map_err(|e| to_validation(e, WHAT, bytes))?;
        whole(end, bytes, WHAT)?;
        Ok(value)
    }

    /// Length of the wire form in octets.
    pub fn len(&self) -> usize {
        match self {
            Host::Domain(d) => d.as_str().len(),
            Host::Literal(l) => l.len(),
        }
    }

    /// Always false: a host has at least one octet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the host is pure ASCII (no U-label).
    pub fn is_ascii(&self) -> bool {
        match self {
            Host::Domain(d) => d.is_ascii(),
            Host::Literal(_) => true,
        }
    }

    /// The domain, when the host is one.
    pub fn domain(&self) -> Option<&Domain<'a>> {
        match self {
            Host::Domain(d) => Some(d),
            Host::Literal(_) => None,
        }
    }
}

/// Parses a `Domain / address-literal` at the start of complete input; returns it and the
/// octets used (what follows is the caller's).
///
/// Errors: [`DecodeErrorKind::Syntax`], [`DecodeErrorKind::EightBit`] (non-ASCII without
/// [`AddressConfig::utf8`]), [`DecodeErrorKind::InvalidUtf8`],
/// [`DecodeErrorKind::LimitExceeded`] (over [`AddressConfig::max_domain`]).
pub fn parse_host<'a>(
    input: &'a [u8],
    config: &AddressConfig,
) -> Result<(Host<'a>, usize), DecodeError> {
    parse_host_at(input, 0, config)
}

/// [`parse_host`] from `start`; returns the end offset.
pub(crate) fn parse_host_at<'a>(
    input: &'a [u8],
    start: usize,
    config: &AddressConfig,
) -> Result<(Host<'a>, usize), DecodeError> {
    if input.get(start) == Some(&b'[') {
        let (literal, end) = scan_literal(input, start, config)?;
        Ok((Host::Literal(literal), end))
    } else {
        let end = if config.relaxed_host {
            scan_relaxed_host(input, start, config)?
        } else {
            scan_domain(input, start, config)?
        };
        Ok((
            Host::Domain(Domain::from_scanned(text(input, start, end)?)),
            end,
        ))
    }
}

impl<'a> From<Domain<'a>> for Host<'a> {
    fn from(d: Domain<'a>) -> Self {
        Host::Domain(d)
    }
}

impl<'a> From<AddressLiteral<'a>> for Host<'a> {
    fn from(l: AddressLiteral<'a>) -> Self {
        Host::Literal(l)
    }
}

impl From<IpAddr> for Host<'_> {
    fn from(a: IpAddr) -> Self {
        Host::Literal(a.into())
    }
}

impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(d) => d.fmt(f),
            Host::Literal(l) => l.fmt(f),
        }
    }
}

impl Encode for Host<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        match self {
            Host::Domain(d) => d.encode(dst),
            Host::Literal(l) => l.encode(dst),
        }
    }
}

impl IntoOwned for Host<'_> {
    type Owned = Host<'static>;

    fn into_owned(self) -> Host<'static> {
        match self {
            Host::Domain(d) => Host::Domain(d.into_owned()),
            Host::Literal(l) => Host::Literal(l.into_owned()),
        }
    }
}
