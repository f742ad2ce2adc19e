//! A small, bounded MIME reader for the IMAP server: header fields (RFC 5322 §2.2), the
//! entity tree of RFC 2045/2046 (multipart bodies and `message/rfc822` parts), and from it the
//! ENVELOPE and BODY / BODYSTRUCTURE values of RFC 9051 §7.5.2 and the body sections of
//! RFC 9051 §6.4.5 (`BODY[1.2.MIME]`, `HEADER.FIELDS`, ...).
//!
//! It never fails: a malformed message is read as far as it makes sense (a missing blank line
//! makes everything header, a missing boundary makes one part). Nesting is bounded by
//! [`MAX_DEPTH`] and the number of parts by [`MAX_PARTS`]; beyond them the rest is an opaque
//! part.

use std::borrow::Cow;
use std::ops::Range;

use imap_proto::types::core::{IString, Section, SectionText};
use imap_proto::types::response_body::{
    Address, Body, BodyFields, Disposition, Envelope, ExtDisposition, MultipartExt, Param,
    SinglePartExt,
};

/// Deepest nesting of multiparts and embedded messages read.
pub const MAX_DEPTH: usize = 16;
/// Most entities read in one message.
pub const MAX_PARTS: usize = 1000;
/// Most addresses read from one header field.
pub const MAX_ADDRESSES: usize = 1000;

/// A parsed `Content-Type` (RFC 2045 §5.1), lower-cased type and subtype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentType {
    /// The type, e.g. `text`.
    pub media: String,
    /// The subtype, e.g. `plain`.
    pub sub: String,
    /// The parameters, names lower-cased.
    pub params: Vec<(String, String)>,
}

impl ContentType {
    fn default_text() -> Self {
        ContentType {
            media: "text".into(),
            sub: "plain".into(),
            params: vec![("charset".into(), "us-ascii".into())],
        }
    }

    fn default_message() -> Self {
        ContentType {
            media: "message".into(),
            sub: "rfc822".into(),
            params: Vec::new(),
        }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What an entity contains.
#[derive(Debug, Clone)]
pub enum Children {
    /// A leaf.
    None,
    /// The parts of a multipart.
    Multipart(Vec<Entity>),
    /// The message inside a `message/rfc822` (or `message/global`) part.
    Message(Box<Entity>),
}

/// One MIME entity, as byte ranges of the whole message.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The header, including the blank line that ends it.
    pub header: Range<usize>,
    /// The body.
    pub body: Range<usize>,
    /// The content type.
    pub content_type: ContentType,
    /// Nested entities.
    pub children: Children,
}

/// Where a header ends: the index after the blank line (or the end when there is none).
fn header_end(data: &[u8]) -> usize {
    if data.starts_with(b"\r\n") {
        return 2;
    }
    if data.starts_with(b"\n") {
        return 1;
    }
    let mut i = 0;
    while let Some(nl) = data
        .get(i..)
        .and_then(|d| d.iter().position(|&b| b == b'\n'))
    {
        let next = i + nl + 1;
        match data.get(next..) {
            Some(rest) if rest.starts_with(b"\r\n") => return next + 2,
            Some(rest) if rest.starts_with(b"\n") => return next + 1,
            _ => {}
        }
        i = next;
    }
    data.len()
}

/// The header fields in order: name and unfolded value (RFC 5322 §2.2.3).
pub fn fields(header: &[u8]) -> Vec<(&[u8], Vec<u8>)> {
    let mut out: Vec<(&[u8], Vec<u8>)> = Vec::new();
    for raw in header.split(|&b| b == b'\n') {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() {
            continue;
        }
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            if let Some((_, value)) = out.last_mut() {
                value.extend_from_slice(line);
            }
            continue;
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = line.split_at(colon);
            let value = value.get(1..).unwrap_or_default();
            out.push((trim(name), value.to_vec()));
        }
    }
    for (_, v) in &mut out {
        let t = trim(v).to_vec();
        *v = t;
    }
    out
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or_default()
}

/// The first value of a header field (name compared without regard to case).
pub fn field(header: &[u8], name: &str) -> Option<Vec<u8>> {
    fields(header)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, v)| v)
}

/// Splits on `sep` outside quoted strings, comments and angle brackets.
fn split_top(s: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let (mut quoted, mut depth, mut angle, mut escape) = (false, 0usize, false, false);
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        if escape {
            escape = false;
            continue;
        }
        match b {
            b'\\' if quoted || depth > 0 => escape = true,
            b'"' if depth == 0 => quoted = !quoted,
            b'(' if !quoted => depth = depth.saturating_add(1),
            b')' if !quoted => depth = depth.saturating_sub(1),
            b'<' if !quoted && depth == 0 => angle = true,
            b'>' if !quoted && depth == 0 => angle = false,
            _ if b == sep && !quoted && depth == 0 && !angle => {
                out.push(s.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s.get(start..).unwrap_or_default());
    out
}

fn unquote(s: &[u8]) -> Vec<u8> {
    let s = trim(s);
    match s.strip_prefix(b"\"").and_then(|s| s.strip_suffix(b"\"")) {
        Some(inner) => {
            let mut out = Vec::with_capacity(inner.len());
            let mut escape = false;
            for &b in inner {
                if !escape && b == b'\\' {
                    escape = true;
                    continue;
                }
                escape = false;
                out.push(b);
            }
            out
        }
        None => s.to_vec(),
    }
}

/// Parses a `Content-Type` value.
pub fn content_type(value: &[u8]) -> Option<ContentType> {
    let mut pieces = split_top(value, b';').into_iter();
    let kind = String::from_utf8_lossy(trim(pieces.next()?)).to_ascii_lowercase();
    let (media, sub) = kind.split_once('/')?;
    let (media, sub) = (
        media.trim().to_owned(),
        strip_comment(sub.trim()).to_owned(),
    );
    if media.is_empty() || sub.is_empty() {
        return None;
    }
    let params = pieces
        .filter_map(|p| {
            let eq = p.iter().position(|&b| b == b'=')?;
            let name = String::from_utf8_lossy(trim(p.get(..eq)?)).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&unquote(p.get(eq + 1..)?)).into_owned();
            (!name.is_empty()).then_some((name, value))
        })
        .collect();
    Some(ContentType { media, sub, params })
}

fn strip_comment(s: &str) -> &str {
    s.split(['(', ' ']).next().unwrap_or(s)
}

/// Parses a whole message.
pub fn parse(data: &[u8]) -> Entity {
    let mut budget = MAX_PARTS;
    entity(
        data,
        0..data.len(),
        ContentType::default_text(),
        0,
        &mut budget,
    )
}

fn entity(
    data: &[u8],
    range: Range<usize>,
    default: ContentType,
    depth: usize,
    budget: &mut usize,
) -> Entity {
    *budget = budget.saturating_sub(1);
    let bytes = data.get(range.clone()).unwrap_or_default();
    let split = range.start + header_end(bytes);
    let header = range.start..split;
    let body = split..range.end;
    let head = data.get(header.clone()).unwrap_or_default();
    let content_type = field(head, "content-type")
        .and_then(|v| content_type(&v))
        .unwrap_or(default);
    let mut e = Entity {
        header,
        body: body.clone(),
        content_type,
        children: Children::None,
    };
    if depth >= MAX_DEPTH || *budget == 0 {
        return e;
    }
    if e.content_type.media == "multipart" {
        if let Some(boundary) = e.content_type.param("boundary").map(str::to_owned) {
            let child_default = if e.content_type.sub == "digest" {
                ContentType::default_message()
            } else {
                ContentType::default_text()
            };
            let mut parts = Vec::new();
            for r in split_multipart(data, body, boundary.as_bytes()) {
                if *budget == 0 {
                    break;
                }
                parts.push(entity(data, r, child_default.clone(), depth + 1, budget));
            }
            e.children = Children::Multipart(parts);
        }
    } else if e.content_type.media == "message"
        && (e.content_type.sub == "rfc822" || e.content_type.sub == "global")
    {
        let inner = entity(data, body, ContentType::default_text(), depth + 1, budget);
        e.children = Children::Message(Box::new(inner));
    }
    e
}

/// The ranges of the parts of a multipart body (RFC 2046 §5.1.1): each part lies between the
/// line after a delimiter and the CRLF before the next delimiter.
fn split_multipart(data: &[u8], body: Range<usize>, boundary: &[u8]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = body.start;
    while pos < body.end {
        let rest = data.get(pos..body.end).unwrap_or_default();
        let line_len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = rest.get(..line_len).unwrap_or_default();
        if let Some(after) = line
            .strip_prefix(b"--")
            .and_then(|l| l.strip_prefix(boundary))
        {
            let close = after.starts_with(b"--");
            if trim(after.strip_prefix(b"--").unwrap_or(after)).is_empty() {
                if let Some(s) = start.take() {
                    // The CRLF before the delimiter belongs to it.
                    let mut end = pos;
                    if data.get(..end).is_some_and(|d| d.ends_with(b"\r\n")) {
                        end -= 2;
                    } else if data.get(..end).is_some_and(|d| d.ends_with(b"\n")) {
                        end -= 1;
                    }
                    parts.push(s..end.max(s));
                }
                if close {
                    return parts;
                }
                start = Some(pos + line_len);
            }
        }
        pos += line_len;
    }
    if let Some(s) = start {
        parts.push(s..body.end);
    }
    parts
}

/// A string value; NUL (which IMAP cannot carry) is dropped.
fn istring(bytes: &[u8]) -> Option<IString<'static>> {
    let clean: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
    IString::new(Cow::Owned(clean)).ok()
}

fn nstring(value: Option<Vec<u8>>) -> Option<IString<'static>> {
    value.and_then(|v| istring(&v))
}

/// Parses an address list (RFC 5322 §3.4) into ENVELOPE addresses; groups become the start and
/// end markers of RFC 9051 §7.5.2.
pub fn addresses(value: &[u8]) -> Vec<Address<'static>> {
    let mut out = Vec::new();
    for item in split_top(value, b',') {
        if out.len() >= MAX_ADDRESSES {
            break;
        }
        let mut item = trim(item);
        // A group: "name: a, b;" — split_top kept the commas inside it apart, so handle the
        // "name:" prefix and the ";" suffix on the pieces.
        if let Some(colon) = group_colon(item) {
            let name = trim(item.get(..colon).unwrap_or_default());
            out.push(Address {
                name: None,
                adl: None,
                mailbox: istring(&unquote(name)),
                host: None,
            });
            item = trim(item.get(colon + 1..).unwrap_or_default());
        }
        let end_group = item.ends_with(b";");
        if end_group {
            item = trim(item.get(..item.len() - 1).unwrap_or_default());
        }
        if !item.is_empty() {
            out.push(address(item));
        }
        if end_group {
            out.push(Address::default());
        }
    }
    out
}

fn group_colon(item: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in item.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'<' | b'@' if !quoted => return None,
            b':' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

fn strip_comments(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let (mut depth, mut quoted) = (0usize, false);
    for &b in s {
        match b {
            b'"' if depth == 0 => {
                quoted = !quoted;
                out.push(b);
            }
            b'(' if !quoted => depth = depth.saturating_add(1),
            b')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(b),
            _ => {}
        }
    }
    out
}

fn address(item: &[u8]) -> Address<'static> {
    let (name, spec) = match (
        item.iter().position(|&b| b == b'<'),
        item.iter().rposition(|&b| b == b'>'),
    ) {
        (Some(open), Some(close)) if open < close => {
            let name = trim(item.get(..open).unwrap_or_default());
            let name = (!name.is_empty()).then(|| unquote(name));
            (name, item.get(open + 1..close).unwrap_or_default().to_vec())
        }
        _ => (None, strip_comments(item)),
    };
    // A source route ("@a,@b:user@host") is the adl.
    let (adl, spec) = match spec.iter().position(|&b| b == b':') {
        Some(c) if spec.first() == Some(&b'@') => (
            Some(spec.get(..c).unwrap_or_default().to_vec()),
            spec.get(c + 1..).unwrap_or_default().to_vec(),
        ),
        _ => (None, spec),
    };
    let spec = trim(&spec).to_vec();
    let (mailbox, host) = match spec.iter().rposition(|&b| b == b'@') {
        Some(at) => (
            unquote(spec.get(..at).unwrap_or_default()),
            trim(spec.get(at + 1..).unwrap_or_default()).to_vec(),
        ),
        None => (unquote(&spec), Vec::new()),
    };
    Address {
        name: nstring(name),
        adl: nstring(adl),
        mailbox: nstring(Some(mailbox)),
        // A mailbox without a domain still needs a host, or it reads as a group marker.
        host: istring(&host),
    }
}

/// The ENVELOPE of a message header (RFC 9051 §7.5.2).
pub fn envelope(header: &[u8]) -> Envelope<'static> {
    let all = fields(header);
    let get = |name: &str| {
        all.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.clone())
    };
    let list = |name: &str| get(name).map(|v| addresses(&v)).unwrap_or_default();
    let from = list("from");
    let sender = match list("sender") {
        s if s.is_empty() => from.clone(),
        s => s,
    };
    let reply_to = match list("reply-to") {
        r if r.is_empty() => from.clone(),
        r => r,
    };
    Envelope {
        date: nstring(get("date")),
        subject: nstring(get("subject")),
        from,
        sender,
        reply_to,
        to: list("to"),
        cc: list("cc"),
        bcc: list("bcc"),
        in_reply_to: nstring(get("in-reply-to")),
        message_id: nstring(get("message-id")),
    }
}

fn upper(s: &str) -> Option<IString<'static>> {
    istring(s.to_ascii_uppercase().as_bytes())
}

fn count_lines(body: &[u8]) -> u64 {
    let n = body.iter().filter(|&&b| b == b'\n').count() as u64;
    if body.last().is_some_and(|&b| b != b'\n') {
        n + 1
    } else {
        n
    }
}

/// The BODY (`extensible` = false) or BODYSTRUCTURE (`extensible` = true) of an entity
/// (RFC 9051 §7.5.2, §9 `body`); `None` only if a value cannot be represented.
pub fn body(data: &[u8], e: &Entity, extensible: bool) -> Option<Body<'static>> {
    let head = data.get(e.header.clone()).unwrap_or_default();
    let content = data.get(e.body.clone()).unwrap_or_default();
    let ct = &e.content_type;
    let params: Vec<Param<'static>> = ct
        .params
        .iter()
        .filter(|(n, _)| !(ct.media == "multipart" && n == "boundary") || extensible)
        .filter_map(|(n, v)| {
            Some(Param {
                name: upper(n)?,
                value: istring(v.as_bytes())?,
            })
        })
        .collect();
    if let Children::Multipart(parts) = &e.children
        && !parts.is_empty()
    {
        return Some(Body::Multipart {
            parts: parts
                .iter()
                .map(|p| body(data, p, extensible))
                .collect::<Option<_>>()?,
            subtype: upper(&ct.sub)?,
            ext: extensible.then_some(MultipartExt { params, tail: None }),
        });
    }
    let encoding = field(head, "content-transfer-encoding")
        .map(|v| String::from_utf8_lossy(trim(&v)).to_ascii_uppercase())
        .unwrap_or_else(|| "7BIT".into());
    let fields = BodyFields {
        params,
        id: nstring(field(head, "content-id")),
        description: nstring(field(head, "content-description")),
        encoding: istring(encoding.as_bytes())?,
        octets: u32::try_from(content.len()).unwrap_or(u32::MAX),
    };
    let ext = extensible.then(|| SinglePartExt {
        md5: nstring(field(head, "content-md5")),
        tail: Some(ExtDisposition {
            disposition: field(head, "content-disposition").and_then(|v| disposition(&v)),
            language: None,
        }),
    });
    Some(match &e.children {
        Children::Message(inner) => Body::Message {
            subtype: upper(&ct.sub)?,
            fields,
            envelope: Box::new(envelope(data.get(inner.header.clone()).unwrap_or_default())),
            body: Box::new(body(data, inner, extensible)?),
            lines: count_lines(content),
            ext,
        },
        _ if ct.media == "text" => Body::Text {
            subtype: upper(&ct.sub)?,
            fields,
            lines: count_lines(content),
            ext,
        },
        _ => Body::Basic {
            media_type: upper(&ct.media)?,
            subtype: upper(&ct.sub)?,
            fields,
            ext,
        },
    })
}

fn disposition(value: &[u8]) -> Option<Disposition<'static>> {
    let mut pieces = split_top(value, b';').into_iter();
    let kind = String::from_utf8_lossy(trim(pieces.next()?)).to_ascii_uppercase();
    let params = pieces
        .filter_map(|p| {
            let eq = p.iter().position(|&b| b == b'=')?;
            Some(Param {
                name: upper(&String::from_utf8_lossy(trim(p.get(..eq)?)))?,
                value: istring(&unquote(p.get(eq + 1..)?))?,
            })
        })
        .collect();
    Some(Disposition {
        kind: istring(kind.as_bytes())?,
        params,
    })
}

/// The entity a part number names (RFC 9051 §6.4.5: part 1 of a non-multipart message is its
/// body; the parts of a `message/rfc822` part are those of the embedded message's body).
fn find<'e>(root: &'e Entity, numbers: &[u32]) -> Option<&'e Entity> {
    let mut e = root;
    for &n in numbers {
        // Step into an embedded message first: its parts are addressed directly.
        let container = match &e.children {
            Children::Message(inner) => inner.as_ref(),
            _ => e,
        };
        e = match &container.children {
            Children::Multipart(parts) => parts.get(usize::try_from(n).ok()?.checked_sub(1)?)?,
            _ if n == 1 => container,
            _ => return None,
        };
    }
    Some(e)
}

/// The bytes of a body section (RFC 9051 §6.4.5 `BODY[section]`); `None` when the part does
/// not exist.
pub fn section(data: &[u8], root: &Entity, section: &Section<'_>) -> Option<Vec<u8>> {
    let numbers: Vec<u32> = section
        .part()
        .map(|p| p.numbers().iter().map(|n| n.get()).collect())
        .unwrap_or_default();
    let e = find(root, &numbers)?;
    let slice = |r: &Range<usize>| data.get(r.clone()).map(<[u8]>::to_vec);
    // HEADER, TEXT and HEADER.FIELDS of a part apply to its embedded message.
    let message = if numbers.is_empty() {
        Some(e)
    } else {
        match &e.children {
            Children::Message(inner) => Some(inner.as_ref()),
            _ => None,
        }
    };
    match section.text() {
        None if numbers.is_empty() => Some(data.to_vec()),
        None => slice(&e.body),
        Some(SectionText::Mime) => slice(&e.header),
        Some(SectionText::Header) => slice(&message?.header),
        Some(SectionText::Text) => slice(&message?.body),
        Some(SectionText::HeaderFields(names)) => {
            let head = data.get(message?.header.clone())?;
            Some(header_fields(head, names.names(), true))
        }
        Some(SectionText::HeaderFieldsNot(names)) => {
            let head = data.get(message?.header.clone())?;
            Some(header_fields(head, names.names(), false))
        }
    }
}

/// The header lines whose names are (or, with `keep` false, are not) in `names`, each with its
/// continuation lines, followed by the blank line (RFC 9051 §6.4.5).
fn header_fields(header: &[u8], names: &[IString<'_>], keep: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut take = false;
    for raw in header.split_inclusive(|&b| b == b'\n') {
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if !line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            let name = line
                .iter()
                .position(|&b| b == b':')
                .map(|c| trim(line.get(..c).unwrap_or_default()))
                .unwrap_or_default();
            let listed = names
                .iter()
                .any(|n| n.as_bytes().eq_ignore_ascii_case(name));
            take = listed == keep && !name.is_empty();
        }
        if take {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A part's `Content-Transfer-Encoding` is not one [`binary`] can undo (RFC 3516 §4.3
/// `UNKNOWN-CTE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCte;

/// The content of a part with its transfer encoding undone, for `BINARY[part]` (RFC 3516
/// §4.2; `BINARY[]` is the whole message as stored). `None` when the part does not exist.
pub fn binary(data: &[u8], root: &Entity, numbers: &[u32]) -> Option<Result<Vec<u8>, UnknownCte>> {
    if numbers.is_empty() {
        return Some(Ok(data.to_vec()));
    }
    let e = find(root, numbers)?;
    let content = data.get(e.body.clone())?;
    let head = data.get(e.header.clone()).unwrap_or_default();
    let cte = field(head, "content-transfer-encoding")
        .map(|v| String::from_utf8_lossy(trim(&v)).to_ascii_lowercase())
        .unwrap_or_default();
    Some(match cte.as_str() {
        "" | "7bit" | "8bit" | "binary" => Ok(content.to_vec()),
        "base64" => Ok(base64_decode(content)),
        "quoted-printable" => Ok(qp_decode(content)),
        _ => Err(UnknownCte),
    })
}

/// RFC 2045 §6.8 base64, ignoring characters outside the alphabet (line breaks) and
/// stopping at the padding.
pub fn base64_decode(input: &[u8]) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in input {
        if c == b'=' {
            break;
        }
        let Some(v) = value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// RFC 2045 §6.7 quoted-printable: `=XX` octets and `=` soft line breaks; a malformed `=` is
/// kept as is.
pub fn qp_decode(input: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&c) = input.get(i) {
        if c == b'=' {
            let rest = input.get(i + 1..).unwrap_or_default();
            if rest.starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if rest.starts_with(b"\n") {
                i += 2;
                continue;
            }
            if let (Some(h), Some(l)) = (
                rest.first().copied().and_then(hex),
                rest.get(1).copied().and_then(hex),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Month names of RFC 5322 §3.3 dates.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The calendar date (year, month, day) of an RFC 5322 §3.3 `Date:` value, as written (the
/// zone is ignored, as RFC 9051 §6.4.4 SENTBEFORE/SENTON/SENTSINCE want).
pub fn header_date(value: &[u8]) -> Option<(u16, u8, u8)> {
    let text = String::from_utf8_lossy(value);
    let text = text.split_once(',').map_or(text.as_ref(), |(_, rest)| rest);
    let mut words = text.split_whitespace();
    let day: u8 = words.next()?.parse().ok()?;
    let month = words.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month.starts_with(m))? as u8 + 1;
    let mut year: u16 = words.next()?.parse().ok()?;
    if year < 50 {
        year += 2000;
    } else if year < 1000 {
        year += 1900;
    }
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use imap_proto::types::core::{HeaderList, Part};
    use std::num::NonZeroU32;

    const MULTI: &[u8] = b"From: \"Bob B.\" <bob@example.org>\r\nTo: alice@localhost, Team: c@x.org, d@y.org;\r\nSubject: hi\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\nworld\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--XX--\r\nepilogue\r\n";

    fn sec(nums: &[u32], text: Option<SectionText<'static>>) -> Section<'static> {
        let part = (!nums.is_empty()).then(|| {
            Part::new(nums.iter().map(|&n| NonZeroU32::new(n).unwrap()).collect()).unwrap()
        });
        Section::new(part, text).unwrap()
    }

    /// RFC 2046 §5.1.1: the CRLF before a delimiter belongs to it; preamble and epilogue are
    /// not parts. RFC 9051 §6.4.5 part numbering, MIME and HEADER of an embedded message.
    #[test]
    fn multipart_sections() {
        let root = parse(MULTI);
        assert_eq!(
            section(MULTI, &root, &sec(&[1], None)).unwrap(),
            b"hello\r\nworld"
        );
        assert_eq!(
            section(MULTI, &root, &sec(&[1], Some(SectionText::Mime))).unwrap(),
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        );
        assert_eq!(
            section(MULTI, &root, &sec(&[2], Some(SectionText::Header))).unwrap(),
            b"Subject: inner\r\n\r\n"
        );
        assert_eq!(
            section(MULTI, &root, &sec(&[2, 1], None)).unwrap(),
            b"inner body"
        );
        assert!(section(MULTI, &root, &sec(&[3], None)).is_none());
        let names = HeaderList::new(vec![IString::try_from("subject").unwrap()]).unwrap();
        assert_eq!(
            section(
                MULTI,
                &root,
                &sec(&[], Some(SectionText::HeaderFields(names)))
            )
            .unwrap(),
            b"Subject: hi\r\n\r\n"
        );
    }

    /// RFC 9051 §7.5.2 ENVELOPE: sender and reply-to default to from; groups are marked.
    #[test]
    fn envelope_addresses_and_groups() {
        let root = parse(MULTI);
        let env = envelope(&MULTI[root.header.clone()]);
        assert_eq!(env.from[0].name.as_ref().unwrap().as_bytes(), b"Bob B.");
        assert_eq!(env.from[0].mailbox.as_ref().unwrap().as_bytes(), b"bob");
        assert_eq!(env.sender, env.from);
        assert_eq!(env.to.len(), 5);
        assert!(env.to[1].is_group_start());
        assert!(env.to[4].is_group_end());
    }

    /// BODYSTRUCTURE of a multipart with a text part and a message/rfc822 part.
    #[test]
    fn bodystructure_shape() {
        let root = parse(MULTI);
        match body(MULTI, &root, true).unwrap() {
            Body::Multipart { parts, subtype, .. } => {
                assert_eq!(subtype.as_bytes(), b"MIXED");
                assert!(matches!(parts[0], Body::Text { lines: 2, .. }));
                assert!(matches!(parts[1], Body::Message { .. }));
            }
            other => panic!("{other:?}"),
        }
    }

    /// RFC 3516 §4.2 BINARY: base64 and quoted-printable parts come out decoded.
    #[test]
    fn binary_decodes_transfer_encodings() {
        let msg = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC/w==\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=\r\n=DFe\r\n--b\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n--b--\r\n";
        let root = parse(msg);
        assert_eq!(binary(msg, &root, &[1]).unwrap().unwrap(), [0, 1, 2, 255]);
        assert_eq!(
            binary(msg, &root, &[2]).unwrap().unwrap(),
            b"Gr\xc3\xbc\xdfe"
        );
        assert_eq!(binary(msg, &root, &[3]).unwrap(), Err(UnknownCte));
        assert!(binary(msg, &root, &[4]).is_none());
        assert_eq!(binary(msg, &root, &[]).unwrap().unwrap(), msg);
    }

    /// Malformed input never panics: no blank line, an unterminated multipart, deep nesting.
    #[test]
    fn malformed_messages_are_bounded() {
        let e = parse(b"Subject: no body");
        assert_eq!(e.body, 16..16);
        let open = b"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nx";
        let e = parse(open);
        assert!(matches!(e.children, Children::Multipart(ref p) if p.len() == 1));
        let mut deep = Vec::new();
        for _ in 0..100 {
            deep.extend_from_slice(b"Content-Type: message/rfc822\r\n\r\n");
        }
        let _ = body(&deep, &parse(&deep), true);
    }
}
