//! Encoders of the lexical core (RFC 9051 §4, §9), shared by commands and responses.

use bytes::BufMut;
use mail_core::Encode;

use super::{Enc, EncodeOptions, MAX_QUOTED_LEN};
use crate::types::core::{
    Atom, Charset, Date, DateTime, Flag, FlagExtension, FlagFetch, FlagKeyword, FlagPerm, IString,
    ListMailbox, Literal8, MONTHS, Mailbox, Part, Partial, Section, SectionText, SeqItem,
    SeqNumber, SequenceSet, Tag, is_astring_char, is_atom_char, is_list_char, is_quoted_char,
};
use crate::types::utf7;

/// Whether `s` can be written as a quoted string under `opts`.
pub(crate) fn quotable(opts: &EncodeOptions, s: &[u8]) -> bool {
    if s.len() > MAX_QUOTED_LEN {
        return false;
    }
    let mut eight_bit = false;
    for &b in s {
        if b >= 0x80 {
            eight_bit = true;
        } else if !(is_quoted_char(b) || b == b'"' || b == b'\\') {
            return false;
        }
    }
    !eight_bit || (opts.utf8 && std::str::from_utf8(s).is_ok())
}

/// Writes `quoted` (the caller checked [`quotable`]).
pub(crate) fn put_quoted<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: &[u8]) {
    e.put_u8(b'"');
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        if b == b'"' || b == b'\\' {
            e.put(&s[start..i]);
            e.put_u8(b'\\');
            start = i;
        }
    }
    e.put(&s[start..]);
    e.put_u8(b'"');
}

/// Writes a `string`: quoted when possible, a literal otherwise.
pub(crate) fn put_string<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: &[u8]) {
    if quotable(&e.opts, s) {
        put_quoted(e, s);
    } else {
        let mode = e.opts.literal_mode(s.len() as u64);
        e.literal(s, false, mode);
    }
}

/// Writes an `astring`: an atom when every octet is an ASTRING-CHAR (and the value is not
/// empty), otherwise a string.
pub(crate) fn put_astring<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: &[u8]) {
    if !s.is_empty() && s.iter().all(|&b| is_astring_char(b)) {
        e.put(s);
    } else {
        put_string(e, s);
    }
}

/// Writes an `nstring`: `NIL` for `None`.
pub(crate) fn put_nstring<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: Option<&IString<'_>>) {
    match s {
        Some(s) => put_string(e, s.as_bytes()),
        None => e.put(b"NIL"),
    }
}

/// Writes a `literal8` (`~{n}` CRLF data, RFC 3516 §4.2).
pub(crate) fn put_literal8<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, data: &[u8]) {
    let mode = e.opts.literal_mode(data.len() as u64);
    e.literal(data, true, mode);
}

/// The wire text of a mailbox name: modified UTF-7, or raw UTF-8 for a non-ASCII name when
/// `opts.utf8` (RFC 6855 §3).
fn mailbox_wire<'n>(opts: &EncodeOptions, name: &'n str) -> std::borrow::Cow<'n, str> {
    if opts.utf8 && !name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        utf7::encode(name)
    }
}

/// Writes a `mailbox` (RFC 9051 §9).
pub(crate) fn put_mailbox<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, m: &Mailbox<'_>) {
    let wire = mailbox_wire(&e.opts, m.as_str());
    put_astring(e, wire.as_bytes());
}

/// Writes a `list-mailbox` (RFC 9051 §9): list-chars as is, a string otherwise.
pub(crate) fn put_list_mailbox<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, m: &ListMailbox<'_>) {
    let wire = mailbox_wire(&e.opts, m.as_str());
    let b = wire.as_bytes();
    if !b.is_empty() && b.iter().all(|&c| is_list_char(c)) {
        e.put(b);
    } else {
        put_string(e, b);
    }
}

/// Writes a `flag`.
pub(crate) fn put_flag<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, f: &Flag<'_>) {
    match f {
        Flag::Answered => e.put(b"\\Answered"),
        Flag::Flagged => e.put(b"\\Flagged"),
        Flag::Deleted => e.put(b"\\Deleted"),
        Flag::Seen => e.put(b"\\Seen"),
        Flag::Draft => e.put(b"\\Draft"),
        Flag::Keyword(k) => e.put(k.as_str().as_bytes()),
        Flag::Extension(x) => {
            e.put_u8(b'\\');
            e.put(x.as_str().as_bytes());
        }
    }
}

/// Writes a `flag-list`.
pub(crate) fn put_flag_list<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, flags: &[Flag<'_>]) {
    e.put_u8(b'(');
    for (n, f) in flags.iter().enumerate() {
        if n > 0 {
            e.sp();
        }
        put_flag(e, f);
    }
    e.put_u8(b')');
}

fn put_seq_number<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, n: SeqNumber) {
    match n {
        SeqNumber::Value(v) => e.num(v.get().into()),
        SeqNumber::Largest => e.put_u8(b'*'),
    }
}

/// Writes a `sequence-set`.
pub(crate) fn put_sequence_set<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: &SequenceSet) {
    match s.items() {
        None => e.put_u8(b'$'),
        Some(items) => {
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    e.put_u8(b',');
                }
                match *item {
                    SeqItem::Single(a) => put_seq_number(e, a),
                    SeqItem::Range(a, b) => {
                        put_seq_number(e, a);
                        e.put_u8(b':');
                        put_seq_number(e, b);
                    }
                }
            }
        }
    }
}

fn put_2(e: &mut Enc<'_, impl BufMut + ?Sized>, n: u8) {
    e.put(&[b'0' + n / 10 % 10, b'0' + n % 10]);
}

fn month_name(m: u8) -> &'static [u8] {
    MONTHS
        .get(usize::from(m).wrapping_sub(1))
        .map_or(b"Jan", |s| s.as_bytes())
}

/// Writes a `date-text` (`1-Feb-1994`).
pub(crate) fn put_date<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, d: &Date) {
    e.num(d.day().into());
    e.put_u8(b'-');
    e.put(month_name(d.month()));
    e.put_u8(b'-');
    let y = d.year();
    e.put(&[
        b'0' + (y / 1000 % 10) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
    ]);
}

/// Writes a `date-time` (`"17-Jul-1996 02:44:25 -0700"`).
pub(crate) fn put_date_time<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, dt: &DateTime) {
    let d = dt.date();
    e.put_u8(b'"');
    put_2(e, d.day());
    e.put_u8(b'-');
    e.put(month_name(d.month()));
    e.put_u8(b'-');
    let y = d.year();
    put_2(e, (y / 100) as u8);
    put_2(e, (y % 100) as u8);
    e.sp();
    put_2(e, dt.hour());
    e.put_u8(b':');
    put_2(e, dt.minute());
    e.put_u8(b':');
    put_2(e, dt.second());
    e.sp();
    let z = dt.zone_minutes();
    e.put_u8(if z < 0 { b'-' } else { b'+' });
    let z = z.unsigned_abs();
    put_2(e, (z / 60) as u8);
    put_2(e, (z % 60) as u8);
    e.put_u8(b'"');
}

/// Writes a `section-part` (`1.2.3`).
pub(crate) fn put_part<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, p: &Part) {
    for (n, v) in p.numbers().iter().enumerate() {
        if n > 0 {
            e.put_u8(b'.');
        }
        e.num(v.get().into());
    }
}

/// Writes a `section` with its brackets (`[1.HEADER.FIELDS (DATE)]`).
pub(crate) fn put_section<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, s: &Section<'_>) {
    e.put_u8(b'[');
    if let Some(p) = s.part() {
        put_part(e, p);
        if s.text().is_some() {
            e.put_u8(b'.');
        }
    }
    match s.text() {
        None => {}
        Some(SectionText::Header) => e.put(b"HEADER"),
        Some(SectionText::Text) => e.put(b"TEXT"),
        Some(SectionText::Mime) => e.put(b"MIME"),
        Some(SectionText::HeaderFields(h)) | Some(SectionText::HeaderFieldsNot(h)) => {
            e.put(b"HEADER.FIELDS");
            if matches!(s.text(), Some(SectionText::HeaderFieldsNot(_))) {
                e.put(b".NOT");
            }
            e.put(b" (");
            for (n, name) in h.names().iter().enumerate() {
                if n > 0 {
                    e.sp();
                }
                put_astring(e, name.as_bytes());
            }
            e.put_u8(b')');
        }
    }
    e.put_u8(b']');
}

/// Writes a `partial` (`<0.1024>`).
pub(crate) fn put_partial<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, p: &Partial) {
    e.put_u8(b'<');
    e.num(p.offset());
    e.put_u8(b'.');
    e.num(p.length().get());
    e.put_u8(b'>');
}

/// Writes a `charset`: an atom when possible, else quoted.
pub(crate) fn put_charset<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, c: &Charset<'_>) {
    let b = c.as_str().as_bytes();
    if b.iter().all(|&x| is_atom_char(x)) {
        e.put(b);
    } else {
        put_quoted(e, b);
    }
}

macro_rules! encode_via {
    ($ty:ty, |$e:ident, $v:ident| $body:expr) => {
        impl Encode for $ty {
            fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
                let $e = &mut Enc::new(dst, EncodeOptions::default());
                let $v = self;
                $body
            }
        }
    };
}

encode_via!(Tag<'_>, |e, v| e.put(v.as_str().as_bytes()));
encode_via!(Atom<'_>, |e, v| e.put(v.as_str().as_bytes()));
encode_via!(FlagKeyword<'_>, |e, v| e.put(v.as_str().as_bytes()));
encode_via!(FlagExtension<'_>, |e, v| {
    e.put_u8(b'\\');
    e.put(v.as_str().as_bytes())
});
// An `IString` on its own is written as a `string` (quoted or literal).
encode_via!(IString<'_>, |e, v| put_string(e, v.as_bytes()));
encode_via!(Literal8<'_>, |e, v| put_literal8(e, v.as_bytes()));
encode_via!(Mailbox<'_>, |e, v| put_mailbox(e, v));
encode_via!(ListMailbox<'_>, |e, v| put_list_mailbox(e, v));
encode_via!(Flag<'_>, |e, v| put_flag(e, v));
encode_via!(FlagFetch<'_>, |e, v| match v {
    FlagFetch::Flag(f) => put_flag(e, f),
    FlagFetch::Recent => e.put(b"\\Recent"),
});
encode_via!(FlagPerm<'_>, |e, v| match v {
    FlagPerm::Flag(f) => put_flag(e, f),
    FlagPerm::Asterisk => e.put(b"\\*"),
});
encode_via!(SequenceSet, |e, v| put_sequence_set(e, v));
encode_via!(Date, |e, v| put_date(e, v));
encode_via!(DateTime, |e, v| put_date_time(e, v));
encode_via!(Part, |e, v| put_part(e, v));
encode_via!(Section<'_>, |e, v| put_section(e, v));
encode_via!(Partial, |e, v| put_partial(e, v));
encode_via!(Charset<'_>, |e, v| put_charset(e, v));

#[cfg(test)]
mod tests {
    use super::*;

    fn with(opts: EncodeOptions, f: impl FnOnce(&mut Enc<'_, Vec<u8>>)) -> Vec<u8> {
        let mut out = Vec::new();
        f(&mut Enc::new(&mut out, opts));
        out
    }

    /// RFC 9051 §4.3: the form is picked by content.
    #[test]
    fn string_forms() {
        let o = EncodeOptions::default();
        assert_eq!(with(o, |e| put_astring(e, b"abc")), b"abc");
        assert_eq!(with(o, |e| put_astring(e, b"")), b"\"\"");
        assert_eq!(with(o, |e| put_astring(e, b"a b")), b"\"a b\"");
        assert_eq!(with(o, |e| put_astring(e, br#"a"\"#)), br#""a\"\\""#);
        assert_eq!(with(o, |e| put_astring(e, b"a\r\nb")), b"{4}\r\na\r\nb");
        assert_eq!(
            with(o, |e| put_astring(e, "ä".as_bytes())),
            "{2}\r\nä".as_bytes()
        );
        let utf8 = o.with_utf8(true);
        assert_eq!(
            with(utf8, |e| put_astring(e, "ä".as_bytes())),
            "\"ä\"".as_bytes()
        );
        let plus = o.with_literals(super::super::LiteralSupport::Plus);
        assert_eq!(with(plus, |e| put_string(e, b"a\nb")), b"{3+}\r\na\nb");
        let minus = o.with_literals(super::super::LiteralSupport::Minus);
        let big = vec![b'\n'; 4097];
        assert!(with(minus, |e| put_string(e, &big)).starts_with(b"{4097}\r\n"));
        assert!(with(minus, |e| put_string(e, &big[..4096])).starts_with(b"{4096+}\r\n"));
        let long = vec![b'a'; MAX_QUOTED_LEN + 1];
        assert!(with(o, |e| put_string(e, &long)).starts_with(b"{1025}\r\n"));
    }

    /// RFC 3501 §5.1.3 on the wire; RFC 6855 §3 raw UTF-8 after ENABLE UTF8=ACCEPT.
    #[test]
    fn mailbox_forms() {
        let m = Mailbox::new("日本語").unwrap();
        assert_eq!(m.to_bytes(), b"&ZeVnLIqe-");
        let utf8 = EncodeOptions::default().with_utf8(true);
        assert_eq!(with(utf8, |e| put_mailbox(e, &m)), "\"日本語\"".as_bytes());
        assert_eq!(Mailbox::new("inbox").unwrap().to_bytes(), b"INBOX");
        assert_eq!(Mailbox::new("").unwrap().to_bytes(), b"\"\"");
    }

    /// RFC 9051 §9 date-time: two-digit day.
    #[test]
    fn date_time_form() {
        let dt = DateTime::new(Date::new(1996, 7, 7).unwrap(), 2, 44, 25, -420).unwrap();
        assert_eq!(dt.to_bytes(), b"\"07-Jul-1996 02:44:25 -0700\"");
        assert_eq!(Date::new(1994, 2, 1).unwrap().to_bytes(), b"1-Feb-1994");
    }
}
