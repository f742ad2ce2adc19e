//! Parsers of ENVELOPE and BODY / BODYSTRUCTURE (RFC 9051 §9), with a depth bound.

use std::borrow::Cow;

use mail_core::DecodeErrorKind;

use super::core::{byte, nstring, number, number64, sp, starts_with_ci, string};
use super::response::ResponseConfig;
use super::{PResult, fail, fatal};
use crate::types::core::{IString, is_atom_char};
use crate::types::response_body::{
    Address, Body, BodyExtension, BodyFields, Disposition, Envelope, ExtDisposition, ExtLanguage,
    ExtLocation, MultipartExt, Param, SinglePartExt,
};

fn depth_exceeded<'a, T>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, T> {
    fatal(
        i,
        DecodeErrorKind::LimitExceeded {
            what: "nesting depth",
            limit: c.max_depth as u64,
        },
    )
}

fn is_nil(i: &[u8]) -> bool {
    starts_with_ci(i, b"NIL") && !i.get(3).is_some_and(|&b| is_atom_char(b))
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`.
fn address<'a>(i: &'a [u8]) -> PResult<'a, Address<'a>> {
    let (i, ()) = byte(i, b'(', "an address")?;
    let (i, name) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, adl) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, mailbox) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, host) = nstring(i)?;
    let (i, ()) = byte(i, b')', ")")?;
    Ok((
        i,
        Address {
            name,
            adl,
            mailbox,
            host,
        },
    ))
}

/// `env-from = "(" 1*address ")" / nil` (and the other address lists), at most
/// `max_addresses`; with [`ResponseConfig::spaces_between_addresses`], SP between addresses.
fn address_list<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<Address<'a>>> {
    if is_nil(i) {
        return Ok((&i[3..], Vec::new()));
    }
    if c.empty_address_lists
        && let Some(rest) = i.strip_prefix(b"()")
    {
        return Ok((rest, Vec::new()));
    }
    let (mut i, ()) = byte(i, b'(', "an address list or NIL")?;
    let mut v = Vec::new();
    loop {
        if v.len() >= c.max_addresses {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "addresses",
                    limit: c.max_addresses as u64,
                },
            );
        }
        let (rest, a) = address(i)?;
        v.push(a);
        i = rest;
        if c.spaces_between_addresses
            && let [b' ', b'(', ..] = i
        {
            i = &i[1..];
        }
        if let Some((b')', rest)) = i.split_first() {
            return Ok((rest, v));
        }
    }
}

/// `envelope` (RFC 9051 §9).
pub(crate) fn envelope<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Envelope<'a>> {
    let (i, ()) = byte(i, b'(', "an envelope")?;
    let (i, date) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, subject) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, from) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, sender) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, reply_to) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, to) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, cc) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, bcc) = address_list(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, in_reply_to) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, message_id) = nstring(i)?;
    let (i, ()) = byte(i, b')', ")")?;
    Ok((
        i,
        Envelope {
            date,
            subject,
            from,
            sender,
            reply_to,
            to,
            cc,
            bcc,
            in_reply_to,
            message_id,
        },
    ))
}

/// A `string` in a body structure; with [`ResponseConfig::nil_body_strings`], `NIL` is read as
/// the empty string.
fn body_string<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, IString<'a>> {
    if c.nil_body_strings && is_nil(i) {
        return Ok((&i[3..], IString::unvalidated(Cow::Borrowed(&b""[..]))));
    }
    string(i)
}

/// A parameter name or value: a `string` (`NIL` under [`ResponseConfig::nil_body_strings`],
/// an atom under [`ResponseConfig::atom_body_params`]).
fn param_value<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, IString<'a>> {
    if c.atom_body_params && !is_nil(i) && i.first().is_some_and(|&b| is_atom_char(b)) {
        let (rest, a) = super::core::atom(i)?;
        return Ok((rest, IString::unvalidated(Cow::Borrowed(a.as_bytes()))));
    }
    body_string(c, i)
}

/// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`.
fn body_params<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<Param<'a>>> {
    if is_nil(i) {
        return Ok((&i[3..], Vec::new()));
    }
    if c.empty_body_params
        && let Some(rest) = i.strip_prefix(b"()")
    {
        return Ok((rest, Vec::new()));
    }
    let (mut i, ()) = byte(i, b'(', "body parameters or NIL")?;
    let mut v = Vec::new();
    loop {
        if v.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "body parameters",
                    limit: c.max_items as u64,
                },
            );
        }
        let (rest, name) = param_value(c, i)?;
        let (rest, ()) = sp(rest)?;
        let (rest, value) = param_value(c, rest)?;
        v.push(Param { name, value });
        match rest.split_first() {
            Some((b' ', r)) => i = r,
            Some((b')', r)) => return Ok((r, v)),
            _ => return fail(rest, "SP or )"),
        }
    }
}

/// `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
/// body-fld-octets`.
fn body_fields<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, BodyFields<'a>> {
    let (i, params) = body_params(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, id) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, description) = nstring(i)?;
    let (i, ()) = sp(i)?;
    let (i, encoding) = body_string(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, octets) = number(i)?;
    Ok((
        i,
        BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        },
    ))
}

/// `body-fld-dsp = "(" string SP body-fld-param ")" / nil`; with
/// [`ResponseConfig::string_disposition`], also a lone `string` (the type, no parameters).
fn disposition<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Option<Disposition<'a>>> {
    if is_nil(i) {
        return Ok((&i[3..], None));
    }
    if c.string_disposition && matches!(i.first(), Some(b'"' | b'{')) {
        let (i, kind) = string(i)?;
        return Ok((
            i,
            Some(Disposition {
                kind,
                params: Vec::new(),
            }),
        ));
    }
    let (i, ()) = byte(i, b'(', "a disposition or NIL")?;
    let (i, kind) = body_string(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, params) = body_params(c, i)?;
    let (i, ()) = byte(i, b')', ")")?;
    Ok((i, Some(Disposition { kind, params })))
}

/// `body-fld-lang = nstring / "(" string *(SP string) ")"`.
fn language<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<IString<'a>>> {
    if i.first() == Some(&b'(') {
        return super::core::paren_list(&c.core(), i, false, string);
    }
    let (i, s) = nstring(i)?;
    Ok((i, s.into_iter().collect()))
}

/// `body-extension = nstring / number / number64 / "(" body-extension *(SP body-extension) ")"`.
fn body_extension<'a>(
    c: &ResponseConfig,
    i: &'a [u8],
    depth: usize,
) -> PResult<'a, BodyExtension<'a>> {
    match i.first() {
        Some(b'(') => {
            if depth >= c.max_depth {
                return depth_exceeded(c, i);
            }
            let (i, v) =
                super::core::paren_list(&c.core(), i, false, |i| body_extension(c, i, depth + 1))?;
            Ok((i, BodyExtension::List(v)))
        }
        Some(d) if d.is_ascii_digit() => {
            let (i, n) = number64(i)?;
            Ok((i, BodyExtension::Number(n)))
        }
        _ => {
            let (i, s) = nstring(i)?;
            Ok((i, BodyExtension::String(s)))
        }
    }
}

/// Whether `SP` and another field follow (not the closing parenthesis).
fn more(i: &[u8]) -> Option<&[u8]> {
    match i {
        [b' ', rest @ ..] if rest.first() != Some(&b')') => Some(rest),
        _ => None,
    }
}

/// `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]`.
fn ext_tail<'a>(
    c: &ResponseConfig,
    i: &'a [u8],
    depth: usize,
) -> PResult<'a, Option<ExtDisposition<'a>>> {
    let Some(i) = more(i) else {
        return Ok((i, None));
    };
    let (i, disposition) = disposition(c, i)?;
    let Some(r) = more(i) else {
        return Ok((
            i,
            Some(ExtDisposition {
                disposition,
                language: None,
            }),
        ));
    };
    let (i, lang) = language(c, r)?;
    let Some(r) = more(i) else {
        return Ok((
            i,
            Some(ExtDisposition {
                disposition,
                language: Some(ExtLanguage {
                    language: lang,
                    location: None,
                }),
            }),
        ));
    };
    let (mut i, location) = nstring(r)?;
    let mut extensions = Vec::new();
    while let Some(r) = more(i) {
        if extensions.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "body extensions",
                    limit: c.max_items as u64,
                },
            );
        }
        let (rest, e) = body_extension(c, r, depth)?;
        extensions.push(e);
        i = rest;
    }
    Ok((
        i,
        Some(ExtDisposition {
            disposition,
            language: Some(ExtLanguage {
                language: lang,
                location: Some(ExtLocation {
                    location,
                    extensions,
                }),
            }),
        }),
    ))
}

/// `body = "(" (body-type-1part / body-type-mpart) ")"` (RFC 9051 §9); `depth` counts the
/// bodies this one is nested in.
pub(crate) fn body<'a>(c: &ResponseConfig, i: &'a [u8], depth: usize) -> PResult<'a, Body<'a>> {
    if depth >= c.max_depth {
        return depth_exceeded(c, i);
    }
    let (i, ()) = byte(i, b'(', "a body")?;
    if i.first() == Some(&b'(') {
        // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
        let mut parts = Vec::new();
        let mut i = i;
        while i.first() == Some(&b'(') {
            if parts.len() >= c.max_items {
                return fatal(
                    i,
                    DecodeErrorKind::LimitExceeded {
                        what: "body parts",
                        limit: c.max_items as u64,
                    },
                );
            }
            let (rest, b) = body(c, i, depth + 1)?;
            parts.push(b);
            i = rest;
        }
        let (i, ()) = sp(i)?;
        let (i, subtype) = body_string(c, i)?;
        let (i, ext) = match more(i) {
            Some(r) => {
                let (r, params) = body_params(c, r)?;
                let (r, tail) = ext_tail(c, r, depth)?;
                (r, Some(MultipartExt { params, tail }))
            }
            None => (i, None),
        };
        let (i, ()) = byte(i, b')', ")")?;
        return Ok((
            i,
            Body::Multipart {
                parts,
                subtype,
                ext,
            },
        ));
    }
    let (i, media_type) = body_string(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, subtype) = body_string(c, i)?;
    let (i, ()) = sp(i)?;
    let (i, fields) = body_fields(c, i)?;
    let t = media_type.as_bytes();
    enum Kind<'a> {
        Basic,
        Text(u64),
        Message(Box<Envelope<'a>>, Box<Body<'a>>, u64),
    }
    let (i, kind) = if t.eq_ignore_ascii_case(b"TEXT") {
        let (i, ()) = sp(i)?;
        let (i, lines) = number64(i)?;
        (i, Kind::Text(lines))
    } else if t.eq_ignore_ascii_case(b"MESSAGE")
        && (subtype.as_bytes().eq_ignore_ascii_case(b"RFC822")
            || subtype.as_bytes().eq_ignore_ascii_case(b"GLOBAL"))
        && i.starts_with(b" (")
    {
        // `body-type-msg`. Without the envelope that starts with "(", the part can only be
        // `body-type-basic`: `media-basic` includes "MESSAGE" with any `media-subtype`
        // (RFC 9051 §9, RFC 3501 §9), and Mail.ru sends message/rfc822 parts in that form.
        let (i, ()) = sp(i)?;
        let (i, env) = envelope(c, i)?;
        let (i, ()) = sp(i)?;
        let (i, inner) = body(c, i, depth + 1)?;
        let (i, ()) = sp(i)?;
        let (i, lines) = number64(i)?;
        (i, Kind::Message(Box::new(env), Box::new(inner), lines))
    } else {
        (i, Kind::Basic)
    };
    let (i, ext) = match more(i) {
        Some(r) => {
            let (r, md5) = nstring(r)?;
            let (r, tail) = ext_tail(c, r, depth)?;
            (r, Some(SinglePartExt { md5, tail }))
        }
        None => (i, None),
    };
    let (i, ()) = byte(i, b')', ")")?;
    let b = match kind {
        Kind::Basic => Body::Basic {
            media_type,
            subtype,
            fields,
            ext,
        },
        Kind::Text(lines) => Body::Text {
            subtype,
            fields,
            lines,
            ext,
        },
        Kind::Message(envelope, body, lines) => Body::Message {
            subtype,
            fields,
            envelope,
            body,
            lines,
            ext,
        },
    };
    Ok((i, b))
}
