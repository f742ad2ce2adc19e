//! The EHLO/LHLO reply and its service extensions (RFC 5321 §4.1.1.1).
//!
//! ```text
//! ehlo-ok-rsp  = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
//!              / ( "250-" Domain [ SP ehlo-greet ] CRLF
//!                 *( "250-" ehlo-line CRLF )
//!                 "250" SP ehlo-line CRLF )
//! ehlo-greet   = 1*(%d0-9 / %d11-12 / %d14-127)
//! ehlo-line    = ehlo-keyword *( SP ehlo-param )
//! ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//! ehlo-param   = 1*(%d33-126)
//! ```

use std::borrow::Cow;

use mail_core::sasl::Mechanism;
use mail_core::{DecodeError, DecodeErrorKind, IntoOwned, ValidationError};

use super::reply::{Reply, ReplyCode, ReplyLine};
use super::value::{DateTime, Keyword, is_keyword_char};

/// `LIMITS` (RFC 9422 §4): limits the server announces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits<'a> {
    /// `RCPTMAX=`: most recipients per transaction.
    pub rcptmax: Option<u64>,
    /// `MAILMAX=`: most transactions per session.
    pub mailmax: Option<u64>,
    /// `RCPTDOMAINMAX=`: most recipient domains per transaction.
    pub rcptdomainmax: Option<u64>,
    /// Other limits, name and value as written.
    pub other: Vec<(Keyword<'a>, Cow<'a, str>)>,
}

/// One service extension of an EHLO reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `PIPELINING` (RFC 2920).
    Pipelining,
    /// `SIZE [max]` (RFC 1870 §4): the largest message accepted, `0`/absent = no fixed limit.
    Size(Option<u64>),
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `BINARYMIME` (RFC 3030).
    BinaryMime,
    /// `CHUNKING` (RFC 3030): `BDAT`.
    Chunking,
    /// `DSN` (RFC 3461).
    Dsn,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    EnhancedStatusCodes,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `AUTH mech ...` (RFC 4954 §3), or the pre-standard `AUTH=mech ...` form (`legacy`).
    Auth {
        /// The mechanisms offered.
        mechanisms: Vec<Mechanism<'a>>,
        /// Written as `AUTH=` (sent by old servers for old clients).
        legacy: bool,
    },
    /// `SMTPUTF8` (RFC 6531).
    SmtpUtf8,
    /// `REQUIRETLS` (RFC 8689).
    RequireTls,
    /// `MT-PRIORITY [profile]` (RFC 6710 §3).
    MtPriority(Option<Cow<'a, str>>),
    /// `FUTURERELEASE max-interval max-date-time` (RFC 4865 §3).
    FutureRelease(Option<(u64, DateTime<'a>)>),
    /// `DELIVERBY [min-by-time]` (RFC 2852 §3).
    DeliverBy(Option<u64>),
    /// `VRFY`.
    Vrfy,
    /// `EXPN`.
    Expn,
    /// `HELP`.
    Help,
    /// `ETRN` (RFC 1985).
    Etrn,
    /// `LIMITS` (RFC 9422).
    Limits(Limits<'a>),
    /// Any other keyword, with its parameters as written.
    Other {
        /// The keyword.
        keyword: Keyword<'a>,
        /// Its parameters (`ehlo-param = 1*(%d33-126)`).
        params: Vec<Cow<'a, str>>,
    },
    /// A line that is not an `ehlo-line`, kept as written; only
    /// [`EhloReply::from_reply_lenient`] produces it. Real servers send such lines: Courier
    /// announces `XVERP=Courier` and `XSECURITY=NONE,STARTTLS` (a `=` after the keyword), Exim
    /// announces `PIPE_CONNECT` (an `_` in the keyword). Its keyword (see
    /// [`capability_keyword`]) is the text before the first SP or `=`.
    Unparsed(Cow<'a, str>),
}

/// A decoded EHLO (or LHLO) reply: the server's name, greeting and capabilities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EhloReply<'a> {
    /// The server's domain (first word of the first line), as written.
    pub domain: Cow<'a, str>,
    /// The rest of the first line.
    pub greeting: Option<Cow<'a, str>>,
    /// The capabilities, in order.
    pub capabilities: Vec<Capability<'a>>,
}

fn keyword_err(offset: usize) -> DecodeError {
    DecodeError::syntax(offset, "an ehlo-keyword")
}

fn parse_number(s: &str) -> Result<u64, DecodeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::syntax(0, "a number"));
    }
    s.parse()
        .map_err(|_| DecodeError::new(0, DecodeErrorKind::NumberOverflow))
}

/// The line's full text as received (status code put back in front).
fn raw_text<'b>(line: &'b ReplyLine<'_>) -> Cow<'b, str> {
    match line.status() {
        None => Cow::Borrowed(line.text()),
        Some(s) if line.text().is_empty() => Cow::Owned(s.to_string()),
        Some(s) => Cow::Owned(format!("{s} {}", line.text())),
    }
}

impl<'a> EhloReply<'a> {
    /// A reply with no capabilities.
    pub fn new(domain: impl Into<Cow<'a, str>>) -> Self {
        EhloReply {
            domain: domain.into(),
            greeting: None,
            capabilities: Vec::new(),
        }
    }

    /// Whether a capability with this keyword was announced.
    pub fn has(&self, keyword: &str) -> bool {
        self.capabilities
            .iter()
            .any(|c| capability_keyword(c).eq_ignore_ascii_case(keyword))
    }

    /// The mechanisms offered with `AUTH` (both forms).
    pub fn auth_mechanisms(&self) -> impl Iterator<Item = &Mechanism<'a>> {
        self.capabilities.iter().flat_map(|c| match c {
            Capability::Auth { mechanisms, .. } => mechanisms.as_slice(),
            _ => &[],
        })
    }

    /// The `SIZE` limit, if announced.
    pub fn size(&self) -> Option<Option<u64>> {
        self.capabilities.iter().find_map(|c| match c {
            Capability::Size(n) => Some(*n),
            _ => None,
        })
    }

    /// Interprets a `250` reply as an EHLO reply. Errors: a code other than 250, a line that is
    /// not an `ehlo-line`, a malformed parameter of a known extension.
    pub fn from_reply<'b>(reply: &'b Reply<'a>) -> Result<EhloReply<'b>, DecodeError> {
        Self::read(reply, |t| parse_capability(t).map(Some))
    }

    /// Like [`EhloReply::from_reply`], for clients that must work with real servers: a line
    /// that is not a valid `ehlo-line`, or a known extension with malformed parameters, does
    /// not fail the whole reply. Runs of spaces and trailing spaces between parameters are
    /// taken as one SP (`250-AUTH  LOGIN PLAIN`); a line that still does not parse is kept
    /// as [`Capability::Unparsed`] (Courier's `XVERP=Courier`, Exim's `PIPE_CONNECT`); empty
    /// lines are skipped. Only a code other than 250 is an error.
    pub fn from_reply_lenient<'b>(reply: &'b Reply<'a>) -> Result<EhloReply<'b>, DecodeError> {
        Self::read(reply, |t| Ok(parse_capability_lenient(t)))
    }

    /// The code check and first line of both readers; `line` reads a capability line (`None`:
    /// skip it).
    fn read<'b>(
        reply: &'b Reply<'a>,
        line: CapabilityReader,
    ) -> Result<EhloReply<'b>, DecodeError> {
        if reply.code() != ReplyCode::OK {
            return Err(DecodeError::new(
                0,
                DecodeErrorKind::Invalid {
                    what: "ehlo reply code",
                },
            ));
        }
        let mut lines = reply.lines().iter();
        let first = lines.next().ok_or(DecodeError::syntax(0, "a domain"))?;
        let (domain, greeting) = split_first_line(first);
        let mut capabilities = Vec::new();
        for l in lines {
            let cap = match raw_text(l) {
                Cow::Borrowed(t) => line(t)?,
                Cow::Owned(t) => line(&t)?.map(IntoOwned::into_owned),
            };
            capabilities.extend(cap);
        }
        Ok(EhloReply {
            domain,
            greeting,
            capabilities,
        })
    }

    /// The reply as sent by a server: `250-domain greeting`, then one line per capability.
    pub fn to_reply(&self) -> Result<Reply<'static>, ValidationError> {
        let mut first = self.domain.to_string();
        if let Some(g) = &self.greeting {
            first.push(' ');
            first.push_str(g);
        }
        let mut lines = vec![ReplyLine::for_code(Cow::Owned(first), ReplyCode::OK)?];
        for c in &self.capabilities {
            lines.push(ReplyLine::new(Cow::Owned(capability_line(c)))?);
        }
        Reply::from_lines(ReplyCode::OK, lines)
    }
}

/// Reads one capability line of an EHLO reply (`None`: a line to skip).
type CapabilityReader = for<'t> fn(&'t str) -> Result<Option<Capability<'t>>, DecodeError>;

type FirstLine<'b> = (Cow<'b, str>, Option<Cow<'b, str>>);

/// `Domain [ SP ehlo-greet ]` of the first line.
fn split_first_line<'b>(first: &'b ReplyLine<'_>) -> FirstLine<'b> {
    match raw_text(first) {
        Cow::Borrowed(t) => match t.split_once(' ') {
            Some((d, g)) => (Cow::Borrowed(d), Some(Cow::Borrowed(g))),
            None => (Cow::Borrowed(t), None),
        },
        Cow::Owned(t) => match t.split_once(' ') {
            Some((d, g)) => (Cow::Owned(d.to_owned()), Some(Cow::Owned(g.to_owned()))),
            None => (Cow::Owned(t), None),
        },
    }
}

/// One line of an EHLO reply as [`EhloReply::from_reply_lenient`] reads it; `None` for a line
/// of nothing but white space.
pub(crate) fn parse_capability_lenient(line: &str) -> Option<Capability<'_>> {
    let is_ws = |c: char| c == ' ' || c == '\t';
    let trimmed = line.trim_matches(is_ws);
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(c) = parse_capability(line) {
        return Some(c);
    }
    let words = || trimmed.split(is_ws).filter(|w| !w.is_empty());
    let normal = words().collect::<Vec<_>>().join(" ");
    if normal != line
        && let Ok(c) = parse_capability(&normal)
    {
        return Some(c.into_owned());
    }
    Some(Capability::Unparsed(Cow::Borrowed(trimmed)))
}

impl IntoOwned for EhloReply<'_> {
    type Owned = EhloReply<'static>;
    fn into_owned(self) -> EhloReply<'static> {
        EhloReply {
            domain: Cow::Owned(self.domain.into_owned()),
            greeting: self.greeting.map(|g| Cow::Owned(g.into_owned())),
            capabilities: self
                .capabilities
                .into_iter()
                .map(IntoOwned::into_owned)
                .collect(),
        }
    }
}

impl IntoOwned for Capability<'_> {
    type Owned = Capability<'static>;
    fn into_owned(self) -> Capability<'static> {
        match self {
            Capability::Pipelining => Capability::Pipelining,
            Capability::Size(n) => Capability::Size(n),
            Capability::EightBitMime => Capability::EightBitMime,
            Capability::BinaryMime => Capability::BinaryMime,
            Capability::Chunking => Capability::Chunking,
            Capability::Dsn => Capability::Dsn,
            Capability::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Capability::StartTls => Capability::StartTls,
            Capability::Auth { mechanisms, legacy } => Capability::Auth {
                mechanisms: mechanisms.into_iter().map(IntoOwned::into_owned).collect(),
                legacy,
            },
            Capability::SmtpUtf8 => Capability::SmtpUtf8,
            Capability::RequireTls => Capability::RequireTls,
            Capability::MtPriority(p) => {
                Capability::MtPriority(p.map(|p| Cow::Owned(p.into_owned())))
            }
            Capability::FutureRelease(f) => {
                Capability::FutureRelease(f.map(|(i, d)| (i, d.into_owned())))
            }
            Capability::DeliverBy(n) => Capability::DeliverBy(n),
            Capability::Vrfy => Capability::Vrfy,
            Capability::Expn => Capability::Expn,
            Capability::Help => Capability::Help,
            Capability::Etrn => Capability::Etrn,
            Capability::Limits(l) => Capability::Limits(Limits {
                rcptmax: l.rcptmax,
                mailmax: l.mailmax,
                rcptdomainmax: l.rcptdomainmax,
                other: l
                    .other
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), Cow::Owned(v.into_owned())))
                    .collect(),
            }),
            Capability::Other { keyword, params } => Capability::Other {
                keyword: keyword.into_owned(),
                params: params
                    .into_iter()
                    .map(|p| Cow::Owned(p.into_owned()))
                    .collect(),
            },
            Capability::Unparsed(line) => Capability::Unparsed(Cow::Owned(line.into_owned())),
        }
    }
}

/// The keyword of a capability.
pub fn capability_keyword<'b>(c: &'b Capability<'_>) -> &'b str {
    match c {
        Capability::Pipelining => "PIPELINING",
        Capability::Size(_) => "SIZE",
        Capability::EightBitMime => "8BITMIME",
        Capability::BinaryMime => "BINARYMIME",
        Capability::Chunking => "CHUNKING",
        Capability::Dsn => "DSN",
        Capability::EnhancedStatusCodes => "ENHANCEDSTATUSCODES",
        Capability::StartTls => "STARTTLS",
        Capability::Auth { .. } => "AUTH",
        Capability::SmtpUtf8 => "SMTPUTF8",
        Capability::RequireTls => "REQUIRETLS",
        Capability::MtPriority(_) => "MT-PRIORITY",
        Capability::FutureRelease(_) => "FUTURERELEASE",
        Capability::DeliverBy(_) => "DELIVERBY",
        Capability::Vrfy => "VRFY",
        Capability::Expn => "EXPN",
        Capability::Help => "HELP",
        Capability::Etrn => "ETRN",
        Capability::Limits(_) => "LIMITS",
        Capability::Other { keyword, .. } => keyword.as_str(),
        Capability::Unparsed(line) => line.split([' ', '\t', '=']).next().unwrap_or_default(),
    }
}

/// The `ehlo-line` text of a capability.
pub(crate) fn capability_line(c: &Capability<'_>) -> String {
    if let Capability::Unparsed(line) = c {
        return line.to_string();
    }
    let mut s = String::from(capability_keyword(c));
    let mut param = |p: &str| {
        s.push(' ');
        s.push_str(p);
    };
    match c {
        Capability::Size(Some(n)) => param(&n.to_string()),
        Capability::DeliverBy(Some(n)) => param(&n.to_string()),
        Capability::MtPriority(Some(p)) => param(p),
        Capability::FutureRelease(Some((i, d))) => {
            param(&i.to_string());
            param(d.as_str());
        }
        Capability::Auth { mechanisms, legacy } => {
            if *legacy {
                s.push('=');
                for (i, m) in mechanisms.iter().enumerate() {
                    if i > 0 {
                        s.push(' ');
                    }
                    s.push_str(m.as_str());
                }
            } else {
                for m in mechanisms {
                    s.push(' ');
                    s.push_str(m.as_str());
                }
            }
        }
        Capability::Limits(l) => {
            for (name, v) in [
                ("RCPTMAX", l.rcptmax),
                ("MAILMAX", l.mailmax),
                ("RCPTDOMAINMAX", l.rcptdomainmax),
            ] {
                if let Some(v) = v {
                    s.push_str(&format!(" {name}={v}"));
                }
            }
            for (k, v) in &l.other {
                s.push_str(&format!(" {k}={v}"));
            }
        }
        Capability::Other { params, .. } => {
            for p in params {
                s.push(' ');
                s.push_str(p);
            }
        }
        _ => {}
    }
    s
}

/// Parses one `ehlo-line`.
pub(crate) fn parse_capability(line: &str) -> Result<Capability<'_>, DecodeError> {
    let bytes = line.as_bytes();
    let kw_len = bytes
        .iter()
        .position(|&b| !is_keyword_char(b))
        .unwrap_or(bytes.len());
    if kw_len == 0 || !bytes[0].is_ascii_alphanumeric() {
        return Err(keyword_err(0));
    }
    // The pre-standard form `AUTH=PLAIN LOGIN`.
    let legacy_auth =
        bytes.get(kw_len) == Some(&b'=') && line[..kw_len].eq_ignore_ascii_case("AUTH");
    if !legacy_auth && !matches!(bytes.get(kw_len), None | Some(b' ')) {
        return Err(keyword_err(kw_len));
    }
    let keyword = &line[..kw_len];
    let rest = line.get(kw_len + 1..).unwrap_or_default();
    let params: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split(' ').collect()
    };
    if let Some((i, _)) = params
        .iter()
        .enumerate()
        .find(|(_, p)| p.is_empty() || !p.bytes().all(|b| (33..=126).contains(&b)))
    {
        let _ = i;
        return Err(DecodeError::syntax(kw_len + 1, "an ehlo-param"));
    }
    let upper = keyword.to_ascii_uppercase();
    let no_params = |c: Capability<'static>| -> Result<Capability<'_>, DecodeError> {
        if params.is_empty() {
            Ok(c)
        } else {
            Err(DecodeError::syntax(kw_len, "no parameters"))
        }
    };
    let one_number = || -> Result<Option<u64>, DecodeError> {
        match params.as_slice() {
            [] => Ok(None),
            [n] => parse_number(n).map(Some).map_err(|e| e.shifted(kw_len + 1)),
            _ => Err(DecodeError::syntax(kw_len, "at most one number")),
        }
    };
    Ok(match upper.as_str() {
        "PIPELINING" => no_params(Capability::Pipelining)?,
        "SIZE" => Capability::Size(one_number()?),
        "8BITMIME" => no_params(Capability::EightBitMime)?,
        "BINARYMIME" => no_params(Capability::BinaryMime)?,
        "CHUNKING" => no_params(Capability::Chunking)?,
        "DSN" => no_params(Capability::Dsn)?,
        "ENHANCEDSTATUSCODES" => no_params(Capability::EnhancedStatusCodes)?,
        "STARTTLS" => no_params(Capability::StartTls)?,
        "SMTPUTF8" => no_params(Capability::SmtpUtf8)?,
        "REQUIRETLS" => no_params(Capability::RequireTls)?,
        "VRFY" => no_params(Capability::Vrfy)?,
        "EXPN" => no_params(Capability::Expn)?,
        "HELP" => no_params(Capability::Help)?,
        "ETRN" => no_params(Capability::Etrn)?,
        "AUTH" => Capability::Auth {
            mechanisms: params
                .iter()
                .map(|p| Mechanism::decode(p.as_bytes()))
                .collect::<Result<_, _>>()
                .map_err(|e| e.shifted(kw_len + 1))?,
            legacy: legacy_auth,
        },
        "MT-PRIORITY" => match params.as_slice() {
            [] => Capability::MtPriority(None),
            [p] => Capability::MtPriority(Some(Cow::Borrowed(p))),
            _ => return Err(DecodeError::syntax(kw_len, "at most one priority profile")),
        },
        "DELIVERBY" => Capability::DeliverBy(one_number()?),
        "FUTURERELEASE" => match params.as_slice() {
            [] => Capability::FutureRelease(None),
            [i, d] => {
                let i = parse_number(i).map_err(|e| e.shifted(kw_len + 1))?;
                let d = DateTime::new(*d)
                    .map_err(|_| DecodeError::syntax(kw_len, "an RFC 3339 date-time"))?;
                Capability::FutureRelease(Some((i, d)))
            }
            _ => return Err(DecodeError::syntax(kw_len, "an interval and a date-time")),
        },
        "LIMITS" => {
            let mut l = Limits::default();
            for p in &params {
                let (name, value) = p
                    .split_once('=')
                    .ok_or(DecodeError::syntax(kw_len, "limit-name=limit-value"))?;
                let key =
                    Keyword::new(name).map_err(|_| DecodeError::syntax(kw_len, "a limit name"))?;
                let slot = match name.to_ascii_uppercase().as_str() {
                    "RCPTMAX" => &mut l.rcptmax,
                    "MAILMAX" => &mut l.mailmax,
                    "RCPTDOMAINMAX" => &mut l.rcptdomainmax,
                    _ => {
                        l.other.push((key, Cow::Borrowed(value)));
                        continue;
                    }
                };
                if slot.is_some() {
                    return Err(DecodeError::new(
                        kw_len,
                        DecodeErrorKind::Duplicate { what: "limit" },
                    ));
                }
                *slot = Some(parse_number(value).map_err(|e| e.shifted(kw_len))?);
            }
            Capability::Limits(l)
        }
        _ => Capability::Other {
            keyword: Keyword(Cow::Borrowed(keyword)),
            params: params.into_iter().map(Cow::Borrowed).collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReplyDecoder;
    use mail_core::Encode;

    /// RFC 5321 §4.1.1.1 ehlo-ok-rsp with extensions of RFC 1870, 4954 (both AUTH forms),
    /// 9422, 6710, 2852, 4865 and an unknown keyword.
    #[test]
    fn ehlo_reply_capabilities() {
        let wire = b"250-mx.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n\
250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-LIMITS RCPTMAX=100 MAILMAX=5\r\n\
250-MT-PRIORITY MIXER\r\n250-DELIVERBY 240\r\n250-FUTURERELEASE 604800 2026-12-01T00:00:00Z\r\n\
250-XCLIENT NAME ADDR\r\n250 SMTPUTF8\r\n";
        let (reply, _) = ReplyDecoder::new()
            .decode(wire)
            .unwrap()
            .complete()
            .unwrap();
        let ehlo = EhloReply::from_reply(&reply).unwrap();
        assert_eq!(ehlo.domain, "mx.example.com");
        assert_eq!(ehlo.size(), Some(Some(35_882_577)));
        assert!(ehlo.has("pipelining"));
        assert_eq!(ehlo.auth_mechanisms().count(), 4);
        assert!(ehlo.capabilities.contains(&Capability::Limits(Limits {
            rcptmax: Some(100),
            mailmax: Some(5),
            ..Limits::default()
        })));
        assert!(ehlo.has("XCLIENT"));
        // Re-encoding gives the same bytes.
        assert_eq!(ehlo.to_reply().unwrap().to_bytes(), wire);
    }

    /// RFC 1870 §4: SIZE's parameter is a number; overflow is an error, not a wrap.
    #[test]
    fn bad_capability_params() {
        assert!(parse_capability("SIZE 99999999999999999999999").is_err());
        assert!(parse_capability("SIZE x").is_err());
        assert!(parse_capability("PIPELINING X").is_err());
        assert!(parse_capability("-X").is_err());
        assert!(parse_capability("LIMITS RCPTMAX=1 RCPTMAX=2").is_err());
    }
}
