//! Encoders of responses (servers use them), RFC 9051 §7, §9.
//!
//! Strings go through the core layer's string-picking writers (atom, quoted or literal by
//! content). A server never sends non-synchronizing literals (RFC 9051 §9 `literal`), so every
//! literal is written `{n}`. Mailbox names are modified UTF-7 unless
//! [`Response::encode_with`] is told the session has UTF-8 on (RFC 6855 §3).

use bytes::BufMut;
use mail_core::Encode;

use super::core::{
    put_astring, put_charset, put_date_time, put_flag, put_literal8, put_mailbox, put_nstring,
    put_part, put_section, put_sequence_set, put_string,
};
use super::{Enc, EncodeOptions};
use crate::types::core::FlagFetch;
use crate::types::core::FlagPerm;
use crate::types::core::IString;
use crate::types::response::{
    BinaryData, Code, Condition, Continue, Data, FetchData, Greeting, GreetingKind, ListExtItem,
    MailboxList, MetadataCode, MetadataEntries, NamespaceDescr, RespText, Response, SearchReturn,
    State, StatusValue, Thread,
};
use crate::types::response_body::{
    Address, Body, BodyExtension, BodyFields, Envelope, ExtDisposition, Param,
};

type E<'d, 'b, B> = &'d mut Enc<'b, B>;

fn list<B: BufMut + ?Sized, T>(
    e: &mut Enc<'_, B>,
    items: &[T],
    mut f: impl FnMut(&mut Enc<'_, B>, &T),
) {
    e.put_u8(b'(');
    for (n, x) in items.iter().enumerate() {
        if n > 0 {
            e.sp();
        }
        f(e, x);
    }
    e.put_u8(b')');
}

fn resp_text<B: BufMut + ?Sized>(e: E<'_, '_, B>, t: &RespText<'_>) {
    if let Some(code) = t.code() {
        e.put_u8(b'[');
        put_code(e, code);
        e.put(b"] ");
    }
    e.put(t.text_str().as_bytes());
}

fn put_code<B: BufMut + ?Sized>(e: E<'_, '_, B>, c: &Code<'_>) {
    let word: &[u8] = match c {
        Code::Alert => b"ALERT",
        Code::Parse => b"PARSE",
        Code::ReadOnly => b"READ-ONLY",
        Code::ReadWrite => b"READ-WRITE",
        Code::TryCreate => b"TRYCREATE",
        Code::AlreadyExists => b"ALREADYEXISTS",
        Code::AuthenticationFailed => b"AUTHENTICATIONFAILED",
        Code::AuthorizationFailed => b"AUTHORIZATIONFAILED",
        Code::Cannot => b"CANNOT",
        Code::ClientBug => b"CLIENTBUG",
        Code::ContactAdmin => b"CONTACTADMIN",
        Code::Corruption => b"CORRUPTION",
        Code::Expired => b"EXPIRED",
        Code::ExpungeIssued => b"EXPUNGEISSUED",
        Code::HasChildren => b"HASCHILDREN",
        Code::InUse => b"INUSE",
        Code::Limit => b"LIMIT",
        Code::NonExistent => b"NONEXISTENT",
        Code::NoPerm => b"NOPERM",
        Code::OverQuota => b"OVERQUOTA",
        Code::PrivacyRequired => b"PRIVACYREQUIRED",
        Code::ServerBug => b"SERVERBUG",
        Code::Unavailable => b"UNAVAILABLE",
        Code::UidNotSticky => b"UIDNOTSTICKY",
        Code::NoModSeq => b"NOMODSEQ",
        Code::Closed => b"CLOSED",
        Code::CompressionActive => b"COMPRESSIONACTIVE",
        Code::UseAttr => b"USEATTR",
        Code::NotSaved => b"NOTSAVED",
        Code::UnknownCte => b"UNKNOWN-CTE",
        Code::BadCharset(v) => {
            e.put(b"BADCHARSET");
            if !v.is_empty() {
                e.sp();
                list(e, v, |e, c| put_charset(e, c));
            }
            return;
        }
        Code::Capability(v) => {
            e.put(b"CAPABILITY");
            for a in v {
                e.sp();
                e.put(a.as_str().as_bytes());
            }
            return;
        }
        Code::PermanentFlags(v) => {
            e.put(b"PERMANENTFLAGS ");
            list(e, v, |e, f| match f {
                FlagPerm::Flag(f) => put_flag(e, f),
                FlagPerm::Asterisk => e.put(b"\\*"),
            });
            return;
        }
        Code::UidNext(n) | Code::UidValidity(n) | Code::Unseen(n) => {
            e.put(match c {
                Code::UidNext(_) => b"UIDNEXT ",
                Code::UidValidity(_) => b"UIDVALIDITY ",
                _ => b"UNSEEN ",
            });
            e.num(n.get().into());
            return;
        }
        Code::AppendUid { uid_validity, uids } => {
            e.put(b"APPENDUID ");
            e.num(uid_validity.get().into());
            e.sp();
            put_sequence_set(e, uids);
            return;
        }
        Code::CopyUid {
            uid_validity,
            source,
            destination,
        } => {
            e.put(b"COPYUID ");
            e.num(uid_validity.get().into());
            e.sp();
            put_sequence_set(e, source);
            e.sp();
            put_sequence_set(e, destination);
            return;
        }
        Code::HighestModSeq(n) => {
            e.put(b"HIGHESTMODSEQ ");
            e.num(*n);
            return;
        }
        Code::Modified(s) => {
            e.put(b"MODIFIED ");
            put_sequence_set(e, s);
            return;
        }
        Code::Metadata(m) => {
            e.put(b"METADATA ");
            match m {
                MetadataCode::LongEntries(n) => {
                    e.put(b"LONGENTRIES ");
                    e.num((*n).into());
                }
                MetadataCode::MaxSize(n) => {
                    e.put(b"MAXSIZE ");
                    e.num((*n).into());
                }
                MetadataCode::TooMany => e.put(b"TOOMANY"),
                MetadataCode::NoPrivate => e.put(b"NOPRIVATE"),
            }
            return;
        }
        Code::MailboxId(id) => {
            e.put(b"MAILBOXID (");
            e.put(id.as_str().as_bytes());
            e.put_u8(b')');
            return;
        }
        Code::Other(o) => {
            e.put(o.name().as_str().as_bytes());
            if let Some(a) = o.args() {
                e.sp();
                e.put(a.as_bytes());
            }
            return;
        }
    };
    e.put(word);
}

fn delimiter<B: BufMut + ?Sized>(e: E<'_, '_, B>, d: Option<char>) {
    match d {
        None => e.put(b"NIL"),
        Some(ch) => {
            e.put_u8(b'"');
            if ch == '"' || ch == '\\' {
                e.put_u8(b'\\');
            }
            let mut buf = [0u8; 4];
            e.put(ch.encode_utf8(&mut buf).as_bytes());
            e.put_u8(b'"');
        }
    }
}

fn mailbox_list<B: BufMut + ?Sized>(e: E<'_, '_, B>, l: &MailboxList<'_>) {
    list(e, &l.attributes, |e, a| {
        e.put_u8(b'\\');
        e.put(a.name().as_bytes());
    });
    e.sp();
    delimiter(e, l.delimiter);
    e.sp();
    put_mailbox(e, &l.mailbox);
    if !l.extended.is_empty() {
        e.sp();
        list(e, &l.extended, |e, x| match x {
            ListExtItem::ChildInfo(v) => {
                e.put(b"CHILDINFO ");
                list(e, v, |e, s| put_string(e, s.as_bytes()));
            }
            ListExtItem::OldName(m) => {
                e.put(b"OLDNAME (");
                put_mailbox(e, m);
                e.put_u8(b')');
            }
            ListExtItem::Other { tag, value } => {
                put_astring(e, tag.as_bytes());
                e.sp();
                e.put(value.as_bytes());
            }
        });
    }
}

fn namespace<B: BufMut + ?Sized>(e: E<'_, '_, B>, n: &Option<Vec<NamespaceDescr<'_>>>) {
    match n {
        Some(v) if !v.is_empty() => {
            e.put_u8(b'(');
            for d in v {
                e.put_u8(b'(');
                put_string(e, d.prefix.as_bytes());
                e.sp();
                delimiter(e, d.delimiter);
                for (name, values) in &d.extensions {
                    e.sp();
                    put_string(e, name.as_bytes());
                    e.sp();
                    if values.is_empty() {
                        e.put(b"(\"\")");
                    } else {
                        list(e, values, |e, s| put_string(e, s.as_bytes()));
                    }
                }
                e.put_u8(b')');
            }
            e.put_u8(b')');
        }
        _ => e.put(b"NIL"),
    }
}

fn status_value<B: BufMut + ?Sized>(e: E<'_, '_, B>, s: &StatusValue<'_>) {
    let (name, n): (&[u8], u64) = match s {
        StatusValue::Messages(n) => (b"MESSAGES", (*n).into()),
        StatusValue::Recent(n) => (b"RECENT", (*n).into()),
        StatusValue::UidNext(n) => (b"UIDNEXT", n.get().into()),
        StatusValue::UidValidity(n) => (b"UIDVALIDITY", n.get().into()),
        StatusValue::Unseen(n) => (b"UNSEEN", (*n).into()),
        StatusValue::Deleted(n) => (b"DELETED", (*n).into()),
        StatusValue::Size(n) => (b"SIZE", *n),
        StatusValue::HighestModSeq(n) => (b"HIGHESTMODSEQ", *n),
        StatusValue::Other(a, n) => (a.as_str().as_bytes(), *n),
        StatusValue::MailboxId(id) => {
            e.put(b"MAILBOXID (");
            e.put(id.as_str().as_bytes());
            e.put_u8(b')');
            return;
        }
        StatusValue::AppendLimit(n) => {
            e.put(b"APPENDLIMIT ");
            match n {
                Some(n) => e.num((*n).into()),
                None => e.put(b"NIL"),
            }
            return;
        }
    };
    e.put(name);
    e.sp();
    e.num(n);
}

fn search_return<B: BufMut + ?Sized>(e: E<'_, '_, B>, r: &SearchReturn<'_>) {
    match r {
        SearchReturn::Min(n) => {
            e.put(b"MIN ");
            e.num(n.get().into());
        }
        SearchReturn::Max(n) => {
            e.put(b"MAX ");
            e.num(n.get().into());
        }
        SearchReturn::All(s) => {
            e.put(b"ALL ");
            put_sequence_set(e, s);
        }
        SearchReturn::Count(n) => {
            e.put(b"COUNT ");
            e.num((*n).into());
        }
        SearchReturn::ModSeq(n) => {
            e.put(b"MODSEQ ");
            e.num(*n);
        }
        SearchReturn::Partial(range, set) => {
            e.put(b"PARTIAL (");
            let (a, b) = (range.first(), range.last());
            if a < 0 {
                e.put_u8(b'-');
            }
            e.num(a.unsigned_abs());
            e.put_u8(b':');
            if b < 0 {
                e.put_u8(b'-');
            }
            e.num(b.unsigned_abs());
            e.sp();
            match set {
                Some(s) => put_sequence_set(e, s),
                None => e.put(b"NIL"),
            }
            e.put_u8(b')');
        }
        SearchReturn::Other(name, v) => {
            e.put(name.as_str().as_bytes());
            e.sp();
            e.put(v.as_bytes());
        }
    }
}

fn numbers<B: BufMut + ?Sized>(e: E<'_, '_, B>, ids: &[std::num::NonZeroU32], modseq: Option<u64>) {
    for n in ids {
        e.sp();
        e.num(n.get().into());
    }
    if let Some(m) = modseq {
        e.put(b" (MODSEQ ");
        e.num(m);
        e.put_u8(b')');
    }
}

fn thread<B: BufMut + ?Sized>(e: E<'_, '_, B>, t: &Thread) {
    e.put_u8(b'(');
    for (n, m) in t.members.iter().enumerate() {
        if n > 0 {
            e.sp();
        }
        e.num(m.get().into());
    }
    if !t.members.is_empty() && !t.children.is_empty() {
        e.sp();
    }
    for c in &t.children {
        thread(e, c);
    }
    e.put_u8(b')');
}

fn address<B: BufMut + ?Sized>(e: E<'_, '_, B>, a: &Address<'_>) {
    e.put_u8(b'(');
    put_nstring(e, a.name.as_ref());
    e.sp();
    put_nstring(e, a.adl.as_ref());
    e.sp();
    put_nstring(e, a.mailbox.as_ref());
    e.sp();
    put_nstring(e, a.host.as_ref());
    e.put_u8(b')');
}

fn address_list<B: BufMut + ?Sized>(e: E<'_, '_, B>, v: &[Address<'_>]) {
    if v.is_empty() {
        e.put(b"NIL");
        return;
    }
    e.put_u8(b'(');
    for a in v {
        address(e, a);
    }
    e.put_u8(b')');
}

pub(crate) fn envelope<B: BufMut + ?Sized>(e: E<'_, '_, B>, v: &Envelope<'_>) {
    e.put_u8(b'(');
    put_nstring(e, v.date.as_ref());
    e.sp();
    put_nstring(e, v.subject.as_ref());
    for l in [&v.from, &v.sender, &v.reply_to, &v.to, &v.cc, &v.bcc] {
        e.sp();
        address_list(e, l);
    }
    e.sp();
    put_nstring(e, v.in_reply_to.as_ref());
    e.sp();
    put_nstring(e, v.message_id.as_ref());
    e.put_u8(b')');
}

fn params<B: BufMut + ?Sized>(e: E<'_, '_, B>, v: &[Param<'_>]) {
    if v.is_empty() {
        e.put(b"NIL");
        return;
    }
    list(e, v, |e, p| {
        put_string(e, p.name.as_bytes());
        e.sp();
        put_string(e, p.value.as_bytes());
    });
}

fn body_fields<B: BufMut + ?Sized>(e: E<'_, '_, B>, f: &BodyFields<'_>) {
    params(e, &f.params);
    e.sp();
    put_nstring(e, f.id.as_ref());
    e.sp();
    put_nstring(e, f.description.as_ref());
    e.sp();
    put_string(e, f.encoding.as_bytes());
    e.sp();
    e.num(f.octets.into());
}

fn body_extension<B: BufMut + ?Sized>(e: E<'_, '_, B>, x: &BodyExtension<'_>) {
    match x {
        BodyExtension::String(s) => put_nstring(e, s.as_ref()),
        BodyExtension::Number(n) => e.num(*n),
        BodyExtension::List(v) if v.is_empty() => e.put(b"NIL"),
        BodyExtension::List(v) => list(e, v, |e, x| body_extension(e, x)),
    }
}

fn ext_tail<B: BufMut + ?Sized>(e: E<'_, '_, B>, t: &Option<ExtDisposition<'_>>) {
    let Some(t) = t else { return };
    e.sp();
    match &t.disposition {
        None => e.put(b"NIL"),
        Some(d) => {
            e.put_u8(b'(');
            put_string(e, d.kind.as_bytes());
            e.sp();
            params(e, &d.params);
            e.put_u8(b')');
        }
    }
    let Some(l) = &t.language else { return };
    e.sp();
    match l.language.as_slice() {
        [] => e.put(b"NIL"),
        [one] => put_string(e, one.as_bytes()),
        many => list(e, many, |e, s| put_string(e, s.as_bytes())),
    }
    let Some(loc) = &l.location else { return };
    e.sp();
    put_nstring(e, loc.location.as_ref());
    for x in &loc.extensions {
        e.sp();
        body_extension(e, x);
    }
}

pub(crate) fn body<B: BufMut + ?Sized>(e: E<'_, '_, B>, b: &Body<'_>) {
    e.put_u8(b'(');
    match b {
        Body::Multipart {
            parts,
            subtype,
            ext,
        } => {
            if parts.is_empty() {
                // The grammar needs at least one part: an empty text part keeps the output
                // parseable.
                e.put(b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)");
            }
            for p in parts {
                body(e, p);
            }
            e.sp();
            put_string(e, subtype.as_bytes());
            if let Some(x) = ext {
                e.sp();
                params(e, &x.params);
                ext_tail(e, &x.tail);
            }
        }
        Body::Basic {
            media_type,
            subtype,
            fields,
            ext,
        } => {
            put_string(e, media_type.as_bytes());
            e.sp();
            put_string(e, subtype.as_bytes());
            e.sp();
            body_fields(e, fields);
            single_ext(e, ext);
        }
        Body::Text {
            subtype,
            fields,
            lines,
            ext,
        } => {
            e.put(b"\"TEXT\" ");
            put_string(e, subtype.as_bytes());
            e.sp();
            body_fields(e, fields);
            e.sp();
            e.num(*lines);
            single_ext(e, ext);
        }
        Body::Message {
            subtype,
            fields,
            envelope: env,
            body: inner,
            lines,
            ext,
        } => {
            e.put(b"\"MESSAGE\" ");
            put_string(e, subtype.as_bytes());
            e.sp();
            body_fields(e, fields);
            e.sp();
            envelope(e, env);
            e.sp();
            body(e, inner);
            e.sp();
            e.num(*lines);
            single_ext(e, ext);
        }
    }
    e.put_u8(b')');
}

fn single_ext<B: BufMut + ?Sized>(
    e: E<'_, '_, B>,
    ext: &Option<crate::types::response_body::SinglePartExt<'_>>,
) {
    if let Some(x) = ext {
        e.sp();
        put_nstring(e, x.md5.as_ref());
        ext_tail(e, &x.tail);
    }
}

fn origin<B: BufMut + ?Sized>(e: E<'_, '_, B>, o: Option<u32>) {
    if let Some(o) = o {
        e.put_u8(b'<');
        e.num(o.into());
        e.put_u8(b'>');
    }
}

fn section_binary<B: BufMut + ?Sized>(e: E<'_, '_, B>, p: &Option<crate::types::core::Part>) {
    e.put_u8(b'[');
    if let Some(p) = p {
        put_part(e, p);
    }
    e.put_u8(b']');
}

fn object_id<B: BufMut + ?Sized>(e: E<'_, '_, B>, id: &crate::types::core::ObjectId<'_>) {
    e.put_u8(b'(');
    e.put(id.as_str().as_bytes());
    e.put_u8(b')');
}

fn fetch_data<B: BufMut + ?Sized>(e: E<'_, '_, B>, f: &FetchData<'_>) {
    match f {
        FetchData::Flags(v) => {
            e.put(b"FLAGS ");
            list(e, v, |e, f| match f {
                FlagFetch::Flag(f) => put_flag(e, f),
                FlagFetch::Recent => e.put(b"\\Recent"),
            });
        }
        FetchData::Envelope(v) => {
            e.put(b"ENVELOPE ");
            envelope(e, v);
        }
        FetchData::InternalDate(d) => {
            e.put(b"INTERNALDATE ");
            put_date_time(e, d);
        }
        FetchData::Rfc822Size(n) => {
            e.put(b"RFC822.SIZE ");
            e.num(*n);
        }
        FetchData::Body(b) => {
            e.put(b"BODY ");
            body(e, b);
        }
        FetchData::BodyStructure(b) => {
            e.put(b"BODYSTRUCTURE ");
            body(e, b);
        }
        FetchData::BodySection {
            section,
            origin: o,
            data,
        } => {
            e.put(b"BODY");
            put_section(e, section);
            origin(e, *o);
            e.sp();
            put_nstring(e, data.as_ref());
        }
        FetchData::Binary {
            part,
            origin: o,
            data,
        } => {
            e.put(b"BINARY");
            section_binary(e, part);
            origin(e, *o);
            e.sp();
            match data {
                BinaryData::Nil => e.put(b"NIL"),
                BinaryData::String(s) => put_string(e, s.as_bytes()),
                BinaryData::Literal8(l) => put_literal8(e, l.as_bytes()),
            }
        }
        FetchData::BinarySize { part, size } => {
            e.put(b"BINARY.SIZE");
            section_binary(e, part);
            e.sp();
            e.num((*size).into());
        }
        FetchData::Uid(n) => {
            e.put(b"UID ");
            e.num(n.get().into());
        }
        FetchData::Rfc822(s) => {
            e.put(b"RFC822 ");
            put_nstring(e, s.as_ref());
        }
        FetchData::Rfc822Header(s) => {
            e.put(b"RFC822.HEADER ");
            put_nstring(e, s.as_ref());
        }
        FetchData::Rfc822Text(s) => {
            e.put(b"RFC822.TEXT ");
            put_nstring(e, s.as_ref());
        }
        FetchData::ModSeq(n) => {
            e.put(b"MODSEQ (");
            e.num(*n);
            e.put_u8(b')');
        }
        FetchData::EmailId(id) => {
            e.put(b"EMAILID ");
            object_id(e, id);
        }
        FetchData::ThreadId(id) => {
            e.put(b"THREADID ");
            match id {
                Some(id) => object_id(e, id),
                None => e.put(b"NIL"),
            }
        }
        FetchData::SaveDate(d) => {
            e.put(b"SAVEDATE ");
            match d {
                Some(d) => put_date_time(e, d),
                None => e.put(b"NIL"),
            }
        }
        FetchData::Preview(s) => {
            e.put(b"PREVIEW ");
            put_nstring(e, s.as_ref());
        }
        FetchData::GmailMsgId(n) => {
            e.put(b"X-GM-MSGID ");
            e.num(*n);
        }
        FetchData::GmailThrId(n) => {
            e.put(b"X-GM-THRID ");
            e.num(*n);
        }
        FetchData::GmailLabels(v) => {
            e.put(b"X-GM-LABELS ");
            list(e, v, |e, l| gmail_label(e, l));
        }
        FetchData::Other { name, value } => {
            e.put(name.as_str().as_bytes());
            e.sp();
            e.put(value.as_bytes());
        }
    }
}

/// A label with a leading backslash and an atom after it is written as is (a system label);
/// anything else as an astring.
fn gmail_label<B: BufMut + ?Sized>(e: E<'_, '_, B>, l: &IString<'_>) {
    let b = l.as_bytes();
    if let [b'\\', rest @ ..] = b
        && !rest.is_empty()
        && rest.iter().all(|&c| crate::types::core::is_atom_char(c))
    {
        e.put(b);
    } else {
        put_astring(e, b);
    }
}

fn data<B: BufMut + ?Sized>(e: E<'_, '_, B>, d: &Data<'_>) {
    match d {
        Data::Capability(v) | Data::Enabled(v) => {
            e.put(if matches!(d, Data::Capability(_)) {
                b"CAPABILITY".as_slice()
            } else {
                b"ENABLED".as_slice()
            });
            for a in v {
                e.sp();
                e.put(a.as_str().as_bytes());
            }
        }
        Data::List(l) => {
            e.put(b"LIST ");
            mailbox_list(e, l);
        }
        Data::Lsub(l) => {
            e.put(b"LSUB ");
            mailbox_list(e, l);
        }
        Data::Namespace {
            personal,
            other,
            shared,
        } => {
            e.put(b"NAMESPACE ");
            namespace(e, personal);
            e.sp();
            namespace(e, other);
            e.sp();
            namespace(e, shared);
        }
        Data::Status { mailbox, items } => {
            e.put(b"STATUS ");
            put_mailbox(e, mailbox);
            e.sp();
            list(e, items, |e, s| status_value(e, s));
        }
        Data::ESearch(s) => {
            e.put(b"ESEARCH");
            if let Some(t) = &s.tag {
                e.put(b" (TAG ");
                put_astring(e, t.as_bytes());
                e.put_u8(b')');
            }
            if s.uid {
                e.put(b" UID");
            }
            for r in &s.items {
                e.sp();
                search_return(e, r);
            }
        }
        Data::Search { ids, modseq } => {
            e.put(b"SEARCH");
            numbers(e, ids, *modseq);
        }
        Data::Sort { ids, modseq } => {
            e.put(b"SORT");
            numbers(e, ids, *modseq);
        }
        Data::Thread(v) => {
            e.put(b"THREAD");
            if !v.is_empty() {
                e.sp();
                for t in v {
                    thread(e, t);
                }
            }
        }
        Data::Flags(v) => {
            e.put(b"FLAGS ");
            list(e, v, |e, f| put_flag(e, f));
        }
        Data::Exists(n) => {
            e.num((*n).into());
            e.put(b" EXISTS");
        }
        Data::Recent(n) => {
            e.num((*n).into());
            e.put(b" RECENT");
        }
        Data::Expunge(n) => {
            e.num(n.get().into());
            e.put(b" EXPUNGE");
        }
        Data::Vanished { earlier, uids } => {
            e.put(if *earlier {
                b"VANISHED (EARLIER) ".as_slice()
            } else {
                b"VANISHED ".as_slice()
            });
            put_sequence_set(e, uids);
        }
        Data::Fetch { seq, items } => {
            e.num(seq.get().into());
            e.put(b" FETCH ");
            list(e, items, |e, f| fetch_data(e, f));
        }
        Data::Quota { root, resources } => {
            e.put(b"QUOTA ");
            put_astring(e, root.as_bytes());
            e.sp();
            list(e, resources, |e, r| {
                e.put(r.name.as_str().as_bytes());
                e.sp();
                e.num(r.usage);
                e.sp();
                e.num(r.limit);
            });
        }
        Data::QuotaRoot { mailbox, roots } => {
            e.put(b"QUOTAROOT ");
            put_mailbox(e, mailbox);
            for r in roots {
                e.sp();
                put_astring(e, r.as_bytes());
            }
        }
        Data::Metadata { mailbox, entries } => {
            e.put(b"METADATA ");
            put_mailbox(e, mailbox);
            e.sp();
            match entries {
                MetadataEntries::Values(v) => list(e, v, |e, (k, v)| {
                    put_astring(e, k.as_bytes());
                    e.sp();
                    match v {
                        None => e.put(b"NIL"),
                        Some(v) if v.contains(&0) => put_literal8(e, v),
                        Some(v) => put_string(e, v),
                    }
                }),
                MetadataEntries::Changed(v) => {
                    for (n, k) in v.iter().enumerate() {
                        if n > 0 {
                            e.sp();
                        }
                        put_astring(e, k.as_bytes());
                    }
                }
            }
        }
        Data::Acl { mailbox, entries } => {
            e.put(b"ACL ");
            put_mailbox(e, mailbox);
            for (id, r) in entries {
                e.sp();
                put_astring(e, id.as_bytes());
                e.sp();
                put_astring(e, r.as_bytes());
            }
        }
        Data::ListRights {
            mailbox,
            identifier,
            required,
            optional,
        } => {
            e.put(b"LISTRIGHTS ");
            put_mailbox(e, mailbox);
            e.sp();
            put_astring(e, identifier.as_bytes());
            e.sp();
            put_astring(e, required.as_bytes());
            for r in optional {
                e.sp();
                put_astring(e, r.as_bytes());
            }
        }
        Data::MyRights { mailbox, rights } => {
            e.put(b"MYRIGHTS ");
            put_mailbox(e, mailbox);
            e.sp();
            put_astring(e, rights.as_bytes());
        }
        Data::Id(v) => {
            e.put(b"ID ");
            match v {
                None => e.put(b"NIL"),
                Some(v) => list(e, v, |e, (k, v)| {
                    put_string(e, k.as_bytes());
                    e.sp();
                    put_nstring(e, v.as_ref());
                }),
            }
        }
        Data::Other { number, name, rest } => {
            if let Some(n) = number {
                e.num((*n).into());
                e.sp();
            }
            e.put(name.as_str().as_bytes());
            if !rest.is_empty() {
                e.sp();
                e.put(rest);
            }
        }
    }
}

fn response<B: BufMut + ?Sized>(e: E<'_, '_, B>, r: &Response<'_>) {
    match r {
        Response::Tagged { tag, state, text } => {
            e.put(tag.as_str().as_bytes());
            e.put(match state {
                State::Ok => b" OK ".as_slice(),
                State::No => b" NO ",
                State::Bad => b" BAD ",
            });
            resp_text(e, text);
        }
        Response::Status { condition, text } => {
            e.put(match condition {
                Condition::Ok => b"* OK ".as_slice(),
                Condition::No => b"* NO ",
                Condition::Bad => b"* BAD ",
                Condition::PreAuth => b"* PREAUTH ",
                Condition::Bye => b"* BYE ",
            });
            resp_text(e, text);
        }
        Response::Data(d) => {
            e.put(b"* ");
            data(e, d);
        }
        Response::Continue(Continue::Text(t)) => {
            e.put(b"+ ");
            resp_text(e, t);
        }
        Response::Continue(Continue::Base64(b)) => {
            e.put(b"+ ");
            e.put(b.as_str().as_bytes());
        }
    }
    e.put(b"\r\n");
}

impl Response<'_> {
    /// Writes the response; `utf8` says whether the session enabled UTF-8 (`UTF8=ACCEPT`,
    /// RFC 6855 §3, or IMAP4rev2): then mailbox names and quoted strings may carry UTF-8;
    /// otherwise names are modified UTF-7 and 8-bit strings become literals.
    pub fn encode_with<B: BufMut + ?Sized>(&self, dst: &mut B, utf8: bool) {
        let opts = EncodeOptions::default().with_utf8(utf8);
        response(&mut Enc::new(dst, opts), self);
    }
}

impl Encode for Response<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        self.encode_with(dst, false);
    }
}

impl Encode for Greeting<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        let condition = match self.kind {
            GreetingKind::Ok => Condition::Ok,
            GreetingKind::PreAuth => Condition::PreAuth,
            GreetingKind::Bye => Condition::Bye,
        };
        let e = &mut Enc::new(dst, EncodeOptions::default());
        e.put(match condition {
            Condition::PreAuth => b"* PREAUTH ".as_slice(),
            Condition::Bye => b"* BYE ",
            _ => b"* OK ",
        });
        resp_text(e, &self.text);
        e.put(b"\r\n");
    }
}

impl Encode for Envelope<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        envelope(&mut Enc::new(dst, EncodeOptions::default()), self);
    }
}

impl Encode for Body<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        body(&mut Enc::new(dst, EncodeOptions::default()), self);
    }
}
