//! Parsers of the lexical core (RFC 9051 §9, RFC 3501 §9), used by commands and responses.
//!
//! Every function takes the rest of a complete message and returns the rest after what it
//! parsed. They never panic, never recurse without the depth counter of [`Ctx`], and bound
//! every list by `Ctx::max_items`.

use std::borrow::Cow;
use std::num::{NonZeroU32, NonZeroU64};

use mail_core::DecodeErrorKind;

use super::{Ctx, PResult, fail, fatal};
use crate::types::core::{
    Charset, Date, DateTime, Flag, FlagExtension, FlagFetch, FlagKeyword, FlagPerm, HeaderList,
    IString, ListMailbox, LiteralMode, MAX_NUMBER64, MONTHS, Mailbox, Part, Partial, Section,
    SectionText, SeqItem, SeqNumber, SequenceSet, Tag, is_astring_char, is_atom_char, is_list_char,
    is_quoted_char, is_tag_char,
};
use crate::types::utf7;

/// One expected byte.
#[inline]
pub(crate) fn byte<'a>(i: &'a [u8], b: u8, expected: &'static str) -> PResult<'a, ()> {
    match i.split_first() {
        Some((&c, rest)) if c == b => Ok((rest, ())),
        _ => fail(i, expected),
    }
}

/// `SP`: exactly one space (RFC 9051 §9 note 2).
#[inline]
pub(crate) fn sp(i: &[u8]) -> PResult<'_, ()> {
    byte(i, b' ', "SP")
}

/// `CRLF`.
#[inline]
pub(crate) fn crlf(i: &[u8]) -> PResult<'_, ()> {
    match i {
        [b'\r', b'\n', rest @ ..] => Ok((rest, ())),
        _ => fail(i, "CRLF"),
    }
}

/// The longest prefix whose bytes satisfy `f` (may be empty).
#[inline]
pub(crate) fn take_while(i: &[u8], f: impl Fn(u8) -> bool) -> (&[u8], &[u8]) {
    let n = i.iter().position(|&b| !f(b)).unwrap_or(i.len());
    (&i[n..], &i[..n])
}

/// A case-insensitive keyword, e.g. `tag_no_case(i, b"FLAGS")`. Does not check what follows.
#[inline]
pub(crate) fn kw<'a>(i: &'a [u8], word: &'static [u8], expected: &'static str) -> PResult<'a, ()> {
    match i.get(..word.len()) {
        Some(head) if head.eq_ignore_ascii_case(word) => Ok((&i[word.len()..], ())),
        _ => fail(i, expected),
    }
}

/// Whether `i` starts with `word`, ignoring ASCII case.
#[inline]
pub(crate) fn starts_with_ci(i: &[u8], word: &[u8]) -> bool {
    i.get(..word.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(word))
}

/// A keyword-like token: `1*ATOM-CHAR` as raw bytes (for matching command and item names).
#[inline]
pub(crate) fn token(i: &[u8]) -> PResult<'_, &[u8]> {
    let (rest, t) = take_while(i, is_atom_char);
    if t.is_empty() {
        return fail(i, "an atom");
    }
    Ok((rest, t))
}

fn ascii_str(b: &[u8]) -> &str {
    // Callers only pass bytes of 7-bit byte classes.
    std::str::from_utf8(b).unwrap_or_default()
}

/// `tag = 1*<any ASTRING-CHAR except "+">` (RFC 9051 §9).
pub(crate) fn tag(i: &[u8]) -> PResult<'_, Tag<'_>> {
    let (rest, t) = take_while(i, is_tag_char);
    if t.is_empty() {
        return fail(i, "a tag");
    }
    Ok((rest, Tag::unvalidated(ascii_str(t))))
}

/// `atom = 1*ATOM-CHAR` (RFC 9051 §9).
pub(crate) fn atom(i: &[u8]) -> PResult<'_, &str> {
    let (rest, t) = token(i)?;
    Ok((rest, ascii_str(t)))
}

fn digits(i: &[u8]) -> PResult<'_, u64> {
    // One pass: scan and accumulate together.
    let mut n: u64 = 0;
    let mut len = 0;
    for &c in i {
        if !c.is_ascii_digit() {
            break;
        }
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
        {
            Some(n) => n,
            None => return fatal(i, DecodeErrorKind::NumberOverflow),
        };
        len += 1;
    }
    if len == 0 {
        return fail(i, "a number");
    }
    Ok((&i[len..], n))
}

/// `number = 1*DIGIT`, an unsigned 32-bit integer (RFC 9051 §9).
pub(crate) fn number(i: &[u8]) -> PResult<'_, u32> {
    let (rest, n) = digits(i)?;
    match u32::try_from(n) {
        Ok(n) => Ok((rest, n)),
        Err(_) => fatal(i, DecodeErrorKind::NumberOverflow),
    }
}

/// `nz-number = digit-nz *DIGIT`, non-zero unsigned 32-bit (RFC 9051 §9).
pub(crate) fn nz_number(i: &[u8]) -> PResult<'_, NonZeroU32> {
    if i.first() == Some(&b'0') {
        return fail(i, "a non-zero number");
    }
    let (rest, n) = number(i)?;
    match NonZeroU32::new(n) {
        Some(n) => Ok((rest, n)),
        None => fail(i, "a non-zero number"),
    }
}

/// `number64 = 1*DIGIT`, 0..=2^63-1 (RFC 9051 §9).
pub(crate) fn number64(i: &[u8]) -> PResult<'_, u64> {
    let (rest, n) = digits(i)?;
    if n > MAX_NUMBER64 {
        return fatal(i, DecodeErrorKind::NumberOverflow);
    }
    Ok((rest, n))
}

/// `nz-number64 = digit-nz *DIGIT` (RFC 9051 §9).
pub(crate) fn nz_number64(i: &[u8]) -> PResult<'_, NonZeroU64> {
    if i.first() == Some(&b'0') {
        return fail(i, "a non-zero number");
    }
    let (rest, n) = number64(i)?;
    match NonZeroU64::new(n) {
        Some(n) => Ok((rest, n)),
        None => fail(i, "a non-zero number"),
    }
}

/// `quoted = DQUOTE *QUOTED-CHAR DQUOTE` with `QUOTED-CHAR = <any TEXT-CHAR except
/// quoted-specials> / "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4` (RFC 9051 §9; RFC 6855 §3
/// for UTF-8). Borrows unless the string has escapes.
pub(crate) fn quoted(i: &[u8]) -> PResult<'_, Cow<'_, [u8]>> {
    let (body, ()) = byte(i, b'"', "a quoted string")?;
    // One pass: quoted strings are short, a byte loop beats a vectorised search here.
    let mut owned: Option<Vec<u8>> = None;
    let mut eight_bit = false;
    let mut chunk_start = 0;
    let mut pos = 0;
    while let Some(&b) = body.get(pos) {
        match b {
            b'"' => {
                let content: Cow<'_, [u8]> = match owned {
                    Some(mut v) => {
                        v.extend_from_slice(&body[chunk_start..pos]);
                        Cow::Owned(v)
                    }
                    None => Cow::Borrowed(&body[..pos]),
                };
                if eight_bit && std::str::from_utf8(&content).is_err() {
                    return fatal(body, DecodeErrorKind::InvalidUtf8);
                }
                return Ok((&body[pos + 1..], content));
            }
            b'\\' => match body.get(pos + 1) {
                Some(&c @ (b'"' | b'\\')) => {
                    let v = owned.get_or_insert_with(Vec::new);
                    v.extend_from_slice(&body[chunk_start..pos]);
                    v.push(c);
                    pos += 2;
                    chunk_start = pos;
                }
                _ => return fail(&body[pos..], "\\\" or \\\\ in a quoted string"),
            },
            0x80.. => {
                eight_bit = true;
                pos += 1;
            }
            _ if is_quoted_char(b) => pos += 1,
            _ => return fail(&body[pos..], "a quoted-string character"),
        }
    }
    fail(&body[body.len()..], "a closing quote")
}

/// The header of a literal: `"{" number64 ["+"] "}" CRLF` (RFC 9051 §9, RFC 7888 §8), after
/// the optional `~` of literal8. Returns the length and the mode.
pub(crate) fn literal_header(i: &[u8]) -> PResult<'_, (u64, LiteralMode)> {
    let (i, ()) = byte(i, b'{', "a literal")?;
    let (i, n) = number64(i)?;
    let (i, mode) = match i.first() {
        Some(b'+') => (&i[1..], LiteralMode::NonSync),
        _ => (i, LiteralMode::Sync),
    };
    let (i, ()) = byte(i, b'}', "}")?;
    let (i, ()) = crlf(i)?;
    Ok((i, (n, mode)))
}

fn literal_data(i: &[u8], n: u64) -> PResult<'_, &[u8]> {
    match usize::try_from(n).ok().filter(|&n| n <= i.len()) {
        Some(n) => Ok((&i[n..], &i[..n])),
        None => fail(&i[i.len()..], "literal data"),
    }
}

/// `literal = "{" number64 ["+"] "}" CRLF *CHAR8` (RFC 9051 §9, RFC 7888): NUL is refused.
pub(crate) fn literal(i: &[u8]) -> PResult<'_, (&[u8], LiteralMode)> {
    let (rest, (n, mode)) = literal_header(i)?;
    let (rest2, data) = literal_data(rest, n)?;
    if let Some(p) = memchr::memchr(0, data) {
        return fatal(
            &rest[p..],
            DecodeErrorKind::Invalid {
                what: "NUL in a literal",
            },
        );
    }
    Ok((rest2, (data, mode)))
}

/// `literal8 = "~{" number64 ["+"] "}" CRLF *OCTET` (RFC 3516 §4.2, RFC 4466 §2.5).
pub(crate) fn literal8(i: &[u8]) -> PResult<'_, (&[u8], LiteralMode)> {
    let (i, ()) = byte(i, b'~', "a literal8")?;
    let (rest, (n, mode)) = literal_header(i)?;
    let (rest, data) = literal_data(rest, n)?;
    Ok((rest, (data, mode)))
}

/// `string = quoted / literal` (RFC 9051 §9).
pub(crate) fn string(i: &[u8]) -> PResult<'_, IString<'_>> {
    match i.first() {
        Some(b'"') => {
            let (rest, q) = quoted(i)?;
            Ok((rest, IString::unvalidated(q)))
        }
        Some(b'{') => {
            let (rest, (data, _)) = literal(i)?;
            Ok((rest, IString::unvalidated(data)))
        }
        _ => fail(i, "a string"),
    }
}

/// `astring = 1*ASTRING-CHAR / string` (RFC 9051 §9).
pub(crate) fn astring(i: &[u8]) -> PResult<'_, IString<'_>> {
    match i.first() {
        Some(b'"' | b'{') => string(i),
        _ => {
            let (rest, a) = take_while(i, is_astring_char);
            if a.is_empty() {
                return fail(i, "an astring");
            }
            Ok((rest, IString::unvalidated(a)))
        }
    }
}

/// `nstring = string / nil` (RFC 9051 §9); `None` is `NIL`.
pub(crate) fn nstring(i: &[u8]) -> PResult<'_, Option<IString<'_>>> {
    if starts_with_ci(i, b"NIL") && !i.get(3).is_some_and(|&b| is_atom_char(b)) {
        return Ok((&i[3..], None));
    }
    let (rest, s) = string(i)?;
    Ok((rest, Some(s)))
}

/// Turns the octets of a received mailbox name into UTF-8: raw UTF-8 (when `ctx.utf8` and the
/// name has 8-bit octets, RFC 6855 §3) or modified UTF-7 (RFC 3501 §5.1.3).
pub(crate) fn mailbox_text<'a>(
    ctx: &Ctx,
    raw: Cow<'a, [u8]>,
) -> Result<Cow<'a, str>, (usize, DecodeErrorKind)> {
    // Fast path: printable US-ASCII without "&" is its own modified UTF-7 form.
    if let Cow::Borrowed(b) = raw
        && b.iter().all(|&c| (0x20..0x7f).contains(&c) && c != b'&')
        && let Ok(name) = std::str::from_utf8(b)
    {
        return Ok(Cow::Borrowed(name));
    }
    let eight_bit = raw.iter().any(|&b| b >= 0x80);
    if eight_bit {
        if !ctx.utf8 {
            let at = raw.iter().position(|&b| b >= 0x80).unwrap_or(0);
            return Err((at, DecodeErrorKind::EightBit));
        }
        return match raw {
            Cow::Borrowed(b) => std::str::from_utf8(b)
                .map(Cow::Borrowed)
                .map_err(|e| (e.valid_up_to(), DecodeErrorKind::InvalidUtf8)),
            Cow::Owned(v) => String::from_utf8(v)
                .map(Cow::Owned)
                .map_err(|e| (e.utf8_error().valid_up_to(), DecodeErrorKind::InvalidUtf8)),
        };
    }
    let bad = |e: crate::error::Utf7Error| {
        (
            e.offset,
            DecodeErrorKind::Invalid {
                what: "modified utf-7 mailbox name",
            },
        )
    };
    match raw {
        Cow::Borrowed(b) => utf7::decode(b).map_err(bad),
        Cow::Owned(v) => utf7::decode(&v)
            .map(|c| Cow::Owned(c.into_owned()))
            .map_err(bad),
    }
}

/// `mailbox = "INBOX" / astring` (RFC 9051 §9), decoded to UTF-8.
pub(crate) fn mailbox<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Mailbox<'a>> {
    let (rest, s) = astring(i)?;
    match mailbox_text(ctx, s.into_inner()) {
        Ok(name) => Ok((rest, Mailbox::normalized(name))),
        Err((_, kind)) => fatal(i, kind),
    }
}

/// `list-mailbox = 1*list-char / string` (RFC 9051 §9), decoded to UTF-8.
pub(crate) fn list_mailbox<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, ListMailbox<'a>> {
    let (rest, raw) = match i.first() {
        Some(b'"' | b'{') => {
            let (rest, s) = string(i)?;
            (rest, s.into_inner())
        }
        _ => {
            let (rest, a) = take_while(i, is_list_char);
            if a.is_empty() {
                return fail(i, "a mailbox pattern");
            }
            (rest, Cow::Borrowed(a))
        }
    };
    match mailbox_text(ctx, raw) {
        Ok(name) => Ok((rest, ListMailbox::unvalidated(name))),
        Err((_, kind)) => fatal(i, kind),
    }
}

/// `flag` (RFC 9051 §9): a system flag, `\` atom, or a keyword atom.
pub(crate) fn flag(i: &[u8]) -> PResult<'_, Flag<'_>> {
    let (rest, f) = flag_perm(i)?;
    match f {
        FlagPerm::Flag(f) => Ok((rest, f)),
        FlagPerm::Asterisk => fail(i, "a flag"),
    }
}

fn backslash_flag(i: &[u8]) -> PResult<'_, Result<Flag<'_>, &str>> {
    // i starts after the backslash.
    let (rest, name) = atom(i)?;
    if let Some(f) = Flag::system(name) {
        return Ok((rest, Ok(f)));
    }
    if name.eq_ignore_ascii_case("Recent") {
        return Ok((rest, Err(name)));
    }
    Ok((rest, Ok(Flag::Extension(FlagExtension::unvalidated(name)))))
}

/// `flag-fetch = flag / obsolete-flag-recent` (RFC 9051 §9).
pub(crate) fn flag_fetch(i: &[u8]) -> PResult<'_, FlagFetch<'_>> {
    match i.first() {
        Some(b'\\') => {
            let (rest, f) = backslash_flag(&i[1..])?;
            Ok((rest, f.map_or(FlagFetch::Recent, FlagFetch::Flag)))
        }
        _ => {
            let (rest, k) = atom(i)?;
            Ok((
                rest,
                FlagFetch::Flag(Flag::Keyword(FlagKeyword::unvalidated(k))),
            ))
        }
    }
}

/// `flag-perm = flag / "\*"` (RFC 9051 §9).
pub(crate) fn flag_perm(i: &[u8]) -> PResult<'_, FlagPerm<'_>> {
    match i {
        [b'\\', b'*', rest @ ..] => Ok((rest, FlagPerm::Asterisk)),
        [b'\\', rest @ ..] => match backslash_flag(rest)? {
            (rest, Ok(f)) => Ok((rest, FlagPerm::Flag(f))),
            (_, Err(_)) => fail(i, "a flag other than \\Recent"),
        },
        _ => {
            let (rest, k) = atom(i)?;
            Ok((
                rest,
                FlagPerm::Flag(Flag::Keyword(FlagKeyword::unvalidated(k))),
            ))
        }
    }
}

/// A parenthesised, space-separated list of `item`s, possibly empty, at most `ctx.max_items`:
/// `"(" [item *(SP item)] ")"`.
pub(crate) fn paren_list<'a, T>(
    ctx: &Ctx,
    i: &'a [u8],
    allow_empty: bool,
    mut item: impl FnMut(&'a [u8]) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let (mut i, ()) = byte(i, b'(', "(")?;
    let mut out = Vec::new();
    if let Some((b')', rest)) = i.split_first() {
        if allow_empty {
            return Ok((rest, out));
        }
        return fail(i, "a list item");
    }
    loop {
        if out.len() >= ctx.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "list items",
                    limit: ctx.max_items as u64,
                },
            );
        }
        let (rest, v) = item(i)?;
        out.push(v);
        match rest.split_first() {
            Some((b' ', r)) => i = r,
            Some((b')', r)) => return Ok((r, out)),
            _ => return fail(rest, "SP or )"),
        }
    }
}

/// `flag-list = "(" [flag *(SP flag)] ")"` (RFC 9051 §9).
pub(crate) fn flag_list<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Vec<Flag<'a>>> {
    paren_list(ctx, i, true, flag)
}

/// `seq-number = nz-number / "*"` (RFC 9051 §9).
pub(crate) fn seq_number(i: &[u8]) -> PResult<'_, SeqNumber> {
    match i.split_first() {
        Some((b'*', rest)) => Ok((rest, SeqNumber::Largest)),
        _ => {
            let (rest, n) = nz_number(i)?;
            Ok((rest, SeqNumber::Value(n)))
        }
    }
}

/// `sequence-set` (RFC 9051 §9), including `$` (RFC 5182 §2.1); at most `max_items` items.
pub(crate) fn sequence_set(i: &[u8], max_items: usize) -> PResult<'_, SequenceSet> {
    if let Some((b'$', rest)) = i.split_first() {
        return Ok((rest, SequenceSet::saved()));
    }
    let mut items = Vec::new();
    let mut i = i;
    loop {
        if items.len() >= max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "sequence set items",
                    limit: max_items as u64,
                },
            );
        }
        let (rest, a) = seq_number(i)?;
        let (rest, item) = match rest.split_first() {
            Some((b':', r)) => {
                let (r, b) = seq_number(r)?;
                (r, SeqItem::Range(a, b))
            }
            _ => (rest, SeqItem::Single(a)),
        };
        items.push(item);
        match rest.split_first() {
            Some((b',', r)) => i = r,
            _ => {
                return match SequenceSet::new(items) {
                    Ok(s) => Ok((rest, s)),
                    Err(_) => fail(rest, "a sequence set"),
                };
            }
        }
    }
}

fn month(i: &[u8]) -> PResult<'_, u8> {
    let Some(m) = i.get(..3) else {
        return fail(i, "a month name");
    };
    match MONTHS
        .iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(m))
    {
        Some(p) => Ok((&i[3..], p as u8 + 1)),
        None => fail(i, "a month name"),
    }
}

fn fixed_digits(i: &[u8], n: usize) -> PResult<'_, u16> {
    match i.get(..n) {
        Some(d) if d.iter().all(u8::is_ascii_digit) => Ok((
            &i[n..],
            d.iter()
                .fold(0u16, |acc, &c| acc * 10 + u16::from(c - b'0')),
        )),
        _ => fail(i, "digits"),
    }
}

fn make_date(i: &[u8], year: u16, month: u8, day: u16) -> PResult<'_, Date> {
    match u8::try_from(day)
        .ok()
        .and_then(|d| Date::new(year, month, d).ok())
    {
        Some(d) => Ok((i, d)),
        None => fatal(i, DecodeErrorKind::Invalid { what: "date" }),
    }
}

/// `date-text = date-day "-" date-month "-" date-year`, `date-day = 1*2DIGIT` (RFC 9051 §9).
fn date_text(i: &[u8]) -> PResult<'_, Date> {
    let start = i;
    let (i, day) = match fixed_digits(i, 2) {
        Ok(ok) => ok,
        Err(_) => fixed_digits(i, 1)?,
    };
    let (i, ()) = byte(i, b'-', "-")?;
    let (i, m) = month(i)?;
    let (i, ()) = byte(i, b'-', "-")?;
    let (i, year) = fixed_digits(i, 4)?;
    let (_, d) = make_date(start, year, m, day)?;
    Ok((i, d))
}

/// `date = date-text / DQUOTE date-text DQUOTE` (RFC 9051 §9).
pub(crate) fn date(i: &[u8]) -> PResult<'_, Date> {
    match i.split_first() {
        Some((b'"', rest)) => {
            let (rest, d) = date_text(rest)?;
            let (rest, ()) = byte(rest, b'"', "\"")?;
            Ok((rest, d))
        }
        _ => date_text(i),
    }
}

/// `date-time` (RFC 9051 §9): `"dd-Mon-yyyy hh:mm:ss +zzzz"`, the day space-padded or two
/// digits (`date-day-fixed = (SP DIGIT) / 2DIGIT`).
/// With `unpadded_day`, a one-digit day may also stand alone (`"3-Feb-2025 ..."`).
pub(crate) fn date_time_with(i: &[u8], unpadded_day: bool) -> PResult<'_, DateTime> {
    let start = i;
    let (i, ()) = byte(i, b'"', "a date-time")?;
    let (i, day) = match i {
        [b' ', r @ ..] => fixed_digits(r, 1)?,
        [d, b'-', ..] if unpadded_day && d.is_ascii_digit() => fixed_digits(i, 1)?,
        _ => fixed_digits(i, 2)?,
    };
    let (i, ()) = byte(i, b'-', "-")?;
    let (i, m) = month(i)?;
    let (i, ()) = byte(i, b'-', "-")?;
    let (i, year) = fixed_digits(i, 4)?;
    let (i, ()) = sp(i)?;
    let (i, hh) = fixed_digits(i, 2)?;
    let (i, ()) = byte(i, b':', ":")?;
    let (i, mm) = fixed_digits(i, 2)?;
    let (i, ()) = byte(i, b':', ":")?;
    let (i, ss) = fixed_digits(i, 2)?;
    let (i, ()) = sp(i)?;
    let (i, sign) = match i.split_first() {
        Some((b'+', r)) => (r, 1i16),
        Some((b'-', r)) => (r, -1i16),
        _ => return fail(i, "+ or - (zone)"),
    };
    let (i, zh) = fixed_digits(i, 2)?;
    let (i, zm) = fixed_digits(i, 2)?;
    let (i, ()) = byte(i, b'"', "\"")?;
    let (_, d) = make_date(start, year, m, day)?;
    if zm > 59 {
        return fatal(start, DecodeErrorKind::Invalid { what: "zone" });
    }
    let zone = sign * (zh as i16 * 60 + zm as i16);
    match DateTime::new(d, hh as u8, mm as u8, ss as u8, zone) {
        Ok(dt) => Ok((i, dt)),
        Err(_) => fatal(start, DecodeErrorKind::Invalid { what: "time" }),
    }
}

/// `header-list = "(" header-fld-name *(SP header-fld-name) ")"` (RFC 9051 §9).
pub(crate) fn header_list<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, HeaderList<'a>> {
    let (rest, names) = paren_list(ctx, i, false, astring)?;
    Ok((rest, HeaderList::unvalidated(names)))
}

/// `section-part = nz-number *("." nz-number)` (RFC 9051 §9); stops before a `.` that is not
/// followed by a digit (the `.` of `section-text`).
pub(crate) fn section_part<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Part> {
    let (mut i, first) = nz_number(i)?;
    let mut v = vec![first];
    while let [b'.', d, ..] = i {
        if !d.is_ascii_digit() {
            break;
        }
        if v.len() >= ctx.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "section part numbers",
                    limit: ctx.max_items as u64,
                },
            );
        }
        let (rest, n) = nz_number(&i[1..])?;
        v.push(n);
        i = rest;
    }
    Ok((i, Part::unvalidated(v)))
}

/// `section-msgtext` or, when `mime` is true, `section-text` (RFC 9051 §9).
fn section_text<'a>(ctx: &Ctx, i: &'a [u8], mime: bool) -> PResult<'a, SectionText<'a>> {
    if starts_with_ci(i, b"HEADER.FIELDS.NOT") {
        let (i, ()) = sp(&i[17..])?;
        let (i, h) = header_list(ctx, i)?;
        return Ok((i, SectionText::HeaderFieldsNot(h)));
    }
    if starts_with_ci(i, b"HEADER.FIELDS") {
        let (i, ()) = sp(&i[13..])?;
        let (i, h) = header_list(ctx, i)?;
        return Ok((i, SectionText::HeaderFields(h)));
    }
    if starts_with_ci(i, b"HEADER") {
        return Ok((&i[6..], SectionText::Header));
    }
    if starts_with_ci(i, b"TEXT") {
        return Ok((&i[4..], SectionText::Text));
    }
    if mime && starts_with_ci(i, b"MIME") {
        return Ok((&i[4..], SectionText::Mime));
    }
    fail(i, "HEADER, HEADER.FIELDS, TEXT or MIME")
}

/// `section = "[" [section-spec] "]"` (RFC 9051 §9).
pub(crate) fn section<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Section<'a>> {
    let (i, ()) = byte(i, b'[', "[")?;
    if let Some((b']', rest)) = i.split_first() {
        return Ok((rest, Section::full()));
    }
    let (i, sec) = if i.first().is_some_and(u8::is_ascii_digit) {
        let (i, part) = section_part(ctx, i)?;
        match i.split_first() {
            Some((b'.', r)) => {
                let (r, t) = section_text(ctx, r, true)?;
                (r, Section::unvalidated(Some(part), Some(t)))
            }
            _ => (i, Section::unvalidated(Some(part), None)),
        }
    } else {
        let (i, t) = section_text(ctx, i, false)?;
        (i, Section::unvalidated(None, Some(t)))
    };
    let (i, ()) = byte(i, b']', "]")?;
    Ok((i, sec))
}

/// `section-binary = "[" [section-part] "]"` (RFC 3516 §4.2, RFC 9051 §9).
pub(crate) fn section_binary<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Option<Part>> {
    let (i, ()) = byte(i, b'[', "[")?;
    if let Some((b']', rest)) = i.split_first() {
        return Ok((rest, None));
    }
    let (i, p) = section_part(ctx, i)?;
    let (i, ()) = byte(i, b']', "]")?;
    Ok((i, Some(p)))
}

/// `partial = "<" number64 "." nz-number64 ">"` (RFC 9051 §9).
pub(crate) fn partial(i: &[u8]) -> PResult<'_, Partial> {
    let (i, ()) = byte(i, b'<', "<")?;
    let (i, offset) = number64(i)?;
    let (i, ()) = byte(i, b'.', ".")?;
    let (i, len) = nz_number64(i)?;
    let (i, ()) = byte(i, b'>', ">")?;
    match Partial::new(offset, len) {
        Ok(p) => Ok((i, p)),
        Err(_) => fatal(i, DecodeErrorKind::NumberOverflow),
    }
}

/// `charset = atom / quoted` (RFC 9051 §9).
pub(crate) fn charset(i: &[u8]) -> PResult<'_, Charset<'_>> {
    match i.first() {
        Some(b'"') => {
            let (rest, q) = quoted(i)?;
            let text = match q {
                Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
                Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
            };
            match text.and_then(|t| Charset::new(t).ok()) {
                Some(c) => Ok((rest, c)),
                None => fatal(i, DecodeErrorKind::Invalid { what: "charset" }),
            }
        }
        _ => {
            let (rest, a) = atom(i)?;
            Ok((rest, Charset::unvalidated(a)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx {
        Ctx::default()
    }

    /// RFC 9051 §4.3.1: quoted strings with `\"` and `\\`; borrowed when there is no escape.
    #[test]
    fn quoted_strings() {
        let (rest, q) = quoted(b"\"a b\" x").unwrap();
        assert_eq!((rest, &*q), (&b" x"[..], &b"a b"[..]));
        assert!(matches!(q, Cow::Borrowed(_)));
        let (_, q) = quoted(br#""a\"b\\c""#).unwrap();
        assert_eq!(&*q, br#"a"b\c"#);
        assert!(quoted(br#""a\nb""#).is_err());
        assert!(quoted(b"\"a\r\nb\"").is_err());
        assert!(quoted(b"\"abc").is_err());
        // RFC 6855 §3 / RFC 9051: UTF-8 in quoted strings; invalid UTF-8 refused.
        assert_eq!(&*quoted("\"ä\"".as_bytes()).unwrap().1, "ä".as_bytes());
        assert!(quoted(b"\"\xff\"").is_err());
    }

    /// RFC 9051 §4.3: literals `{n}`, RFC 7888 `{n+}`, RFC 3516 `~{n}`.
    #[test]
    fn literals() {
        let (rest, (d, m)) = literal(b"{3}\r\nabc def").unwrap();
        assert_eq!((d, m, rest), (&b"abc"[..], LiteralMode::Sync, &b" def"[..]));
        let (_, (d, m)) = literal(b"{0+}\r\n").unwrap();
        assert_eq!((d, m), (&b""[..], LiteralMode::NonSync));
        assert!(literal(b"{3}\r\na\0c").is_err(), "CHAR8 excludes NUL");
        let (_, (d, _)) = literal8(b"~{3}\r\na\0c").unwrap();
        assert_eq!(d, b"a\0c");
        assert!(literal(b"{4}\r\nabc").is_err());
        assert!(literal(b"{99999999999999999999}\r\n").is_err());
    }

    /// RFC 9051 §9: astring = 1*ASTRING-CHAR / string; "]" is allowed, "%" is not.
    #[test]
    fn astrings() {
        assert_eq!(astring(b"a]b c").unwrap().1.as_bytes(), b"a]b");
        assert!(astring(b"%").is_err());
        assert_eq!(nstring(b"NIL").unwrap().1, None);
        assert_eq!(nstring(b"\"NIL\"").unwrap().1.unwrap().as_bytes(), b"NIL");
    }

    /// RFC 9051 §9 mailbox; RFC 3501 §5.1.3 modified UTF-7; RFC 6855 §3 raw UTF-8.
    #[test]
    fn mailboxes() {
        let (_, m) = mailbox(&ctx(), b"inbox").unwrap();
        assert!(m.is_inbox());
        let (_, m) = mailbox(&ctx(), b"&ZeVnLIqe-").unwrap();
        assert_eq!(m.as_str(), "日本語");
        assert!(mailbox(&ctx(), b"&Jjo!").is_err());
        assert!(mailbox(&ctx(), "\"日本語\"".as_bytes()).is_err());
        let utf8 = Ctx {
            utf8: true,
            ..ctx()
        };
        assert_eq!(
            mailbox(&utf8, "\"日本語\"".as_bytes()).unwrap().1.as_str(),
            "日本語"
        );
        assert_eq!(mailbox(&utf8, b"&ZeVnLIqe-").unwrap().1.as_str(), "日本語");
    }

    /// RFC 9051 §9 flag, flag-fetch, flag-perm.
    #[test]
    fn flags() {
        assert_eq!(flag(b"\\seen").unwrap().1, Flag::Seen);
        assert!(matches!(flag(b"\\X-Foo").unwrap().1, Flag::Extension(_)));
        assert!(matches!(flag(b"$Junk").unwrap().1, Flag::Keyword(_)));
        assert!(flag(b"\\*").is_err());
        assert!(flag(b"\\Recent").is_err());
        assert_eq!(flag_fetch(b"\\Recent").unwrap().1, FlagFetch::Recent);
        assert_eq!(flag_perm(b"\\*").unwrap().1, FlagPerm::Asterisk);
        let (_, l) = flag_list(&ctx(), b"(\\Seen $Junk)").unwrap();
        assert_eq!(l.len(), 2);
        assert!(flag_list(&ctx(), b"()").unwrap().1.is_empty());
    }

    /// RFC 9051 §9 sequence-set, RFC 5182 `$`, and the item limit.
    #[test]
    fn sequence_sets() {
        let (rest, s) = sequence_set(b"1,3:5,*:7 x", 10).unwrap();
        assert_eq!(rest, b" x");
        assert_eq!(s.items().unwrap().len(), 3);
        assert!(sequence_set(b"$", 10).unwrap().1.is_saved());
        assert!(sequence_set(b"0", 10).is_err());
        assert!(sequence_set(b"1,2,3", 2).is_err());
        assert!(sequence_set(b"4294967296", 10).is_err());
    }

    /// RFC 9051 §9 date and date-time.
    #[test]
    fn dates() {
        assert_eq!(
            date(b"1-Feb-1994").unwrap().1,
            Date::new(1994, 2, 1).unwrap()
        );
        assert_eq!(
            date(b"\"01-feb-1994\"").unwrap().1,
            Date::new(1994, 2, 1).unwrap()
        );
        assert!(date(b"30-Feb-1994").is_err());
        let date_time = |i| date_time_with(i, false);
        let (_, dt) = date_time(b"\"17-Jul-1996 02:44:25 -0700\"").unwrap();
        assert_eq!(dt.zone_minutes(), -420);
        assert_eq!(dt.date().day(), 17);
        let (_, dt) = date_time(b"\" 7-Jul-1996 02:44:25 +0000\"").unwrap();
        assert_eq!(dt.date().day(), 7);
        assert!(date_time(b"\"7-Jul-1996 02:44:25 +0000\"").is_err());
        let (_, dt) = date_time_with(b"\"7-Jul-1996 02:44:25 +0000\"", true).unwrap();
        assert_eq!(dt.date().day(), 7);
        assert!(date_time_with(b"\"7-Jul-1996 02:44:25 +0000\"", false).is_err());
    }

    /// RFC 9051 §9 section-spec, section-part, header-list, partial.
    #[test]
    fn sections() {
        let c = ctx();
        assert_eq!(section(&c, b"[]").unwrap().1, Section::full());
        let (_, s) = section(&c, b"[1.2.MIME]").unwrap();
        assert_eq!(s.part().unwrap().numbers().len(), 2);
        assert_eq!(s.text(), Some(&SectionText::Mime));
        assert!(section(&c, b"[MIME]").is_err());
        let (_, s) = section(&c, b"[HEADER.FIELDS (DATE FROM)]").unwrap();
        assert!(matches!(s.text(), Some(SectionText::HeaderFields(h)) if h.names().len() == 2));
        let (_, s) = section(&c, b"[4.2.header.fields.not (Subject)]").unwrap();
        assert!(matches!(s.text(), Some(SectionText::HeaderFieldsNot(_))));
        assert!(section(&c, b"[HEADER.FIELDS ()]").is_err());
        assert_eq!(partial(b"<0.2048>").unwrap().1.offset(), 0);
        assert!(partial(b"<0.0>").is_err());
    }
}
