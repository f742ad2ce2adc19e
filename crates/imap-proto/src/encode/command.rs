//! Encoding of commands (what a client sends), with literal fragments.
//!
//! [`Encode`] writes the whole command with synchronizing literals, as a server would receive
//! it. [`Command::encode_with`] takes the options the server allows ([`EncodeOptions`]) and
//! returns an [`EncodedCommand`] whose [`fragments`](EncodedCommand::fragments) tell the client
//! where it must wait for the server's `+` continuation (RFC 9051 §4.3, §7.5).

use bytes::BufMut;
use mail_core::Encode;
use mail_core::sasl::wire::encode_initial_response;

use super::core::{
    put_astring, put_charset, put_date, put_date_time, put_flag, put_flag_list, put_list_mailbox,
    put_literal8, put_mailbox, put_nstring, put_part, put_partial, put_section, put_sequence_set,
    put_string,
};
use super::{Enc, EncodeOptions, LiteralSpan};
use crate::types::command::{
    AppendData, AppendMessage, Command, CommandBody, CreateParam, GetMetadataOption,
    ListReturnOption, ListSelectOption, MetadataDepth, MetadataValue, OptionExtension, SelectParam,
    StoreKind, StoreModifier, UseAttr,
};
use crate::types::core::{LiteralMode, SeqNumber};
use crate::types::ext::{CompItem, TaggedExt, TaggedExtVal};
use crate::types::fetch::{FetchItem, FetchItems, FetchModifier, PartialRange};
use crate::types::search::{EntryType, SearchKey, SearchReturnOption, ThreadAlgorithm};
use crate::types::status::StatusItem;

/// A command in its wire form, with the positions of its literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedCommand {
    bytes: Vec<u8>,
    literals: Vec<LiteralSpan>,
}

/// A piece of an encoded command, in sending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment<'a> {
    /// Line text: send it. When the next fragment is a synchronizing literal, this line ends
    /// with the literal's `{n}` CRLF and the client must wait for a `+` continuation.
    Line(&'a [u8]),
    /// Literal data: send it (after the `+` when `mode` is [`LiteralMode::Sync`]).
    Literal {
        /// The data.
        data: &'a [u8],
        /// Synchronizing or not.
        mode: LiteralMode,
    },
}

impl EncodedCommand {
    /// All the octets, literals included.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The octets, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Whether the client must wait for a continuation somewhere in this command.
    pub fn has_sync_literal(&self) -> bool {
        self.literals.iter().any(|l| l.mode == LiteralMode::Sync)
    }

    /// The fragments: lines and literal data in order. Non-empty lines only.
    pub fn fragments(&self) -> Vec<Fragment<'_>> {
        let mut out = Vec::with_capacity(self.literals.len() * 2 + 1);
        let mut pos = 0;
        for l in &self.literals {
            if l.start > pos {
                out.push(Fragment::Line(&self.bytes[pos..l.start]));
            }
            out.push(Fragment::Literal {
                data: &self.bytes[l.start..l.end],
                mode: l.mode,
            });
            pos = l.end;
        }
        if pos < self.bytes.len() {
            out.push(Fragment::Line(&self.bytes[pos..]));
        }
        out
    }

    /// The pieces to send between continuations: each element is sent whole, then (except for
    /// the last) the client waits for the server's `+`. Non-synchronizing literals are merged
    /// into the surrounding pieces.
    pub fn chunks(&self) -> Vec<&[u8]> {
        let mut out = Vec::new();
        let mut pos = 0;
        for l in self.literals.iter().filter(|l| l.mode == LiteralMode::Sync) {
            out.push(&self.bytes[pos..l.start]);
            pos = l.start;
        }
        out.push(&self.bytes[pos..]);
        out
    }
}

impl Command<'_> {
    /// Encodes the command with `opts` (literal support, UTF-8), recording literal positions.
    pub fn encode_with(&self, opts: EncodeOptions) -> EncodedCommand {
        let mut bytes = Vec::new();
        let mut literals = Vec::new();
        {
            let mut e = Enc::recording(&mut bytes, opts, &mut literals);
            put_command(&mut e, self);
        }
        EncodedCommand { bytes, literals }
    }
}

impl Encode for Command<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_command(&mut Enc::new(dst, EncodeOptions::default()), self);
    }
}

impl Encode for CommandBody<'_> {
    /// The body without tag and CRLF.
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        put_body(&mut Enc::new(dst, EncodeOptions::default()), self);
    }
}

pub(crate) fn put_command<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, c: &Command<'_>) {
    e.put(c.tag.as_str().as_bytes());
    e.sp();
    put_body(e, &c.body);
    e.put(b"\r\n");
}

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

fn uid_prefix<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, uid: bool) {
    if uid {
        e.put(b"UID ");
    }
}

fn put_comp<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, items: &[CompItem<'_>]) {
    list(e, items, |e, c| match c {
        CompItem::AString(s) => put_astring(e, s.as_bytes()),
        CompItem::Group(g) => put_comp(e, g),
    });
}

fn put_tagged_ext<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, t: &TaggedExt<'_>) {
    e.put(t.name.as_str().as_bytes());
    if let Some(v) = &t.value {
        e.sp();
        match v {
            TaggedExtVal::Number(n) => e.num(*n),
            TaggedExtVal::SequenceSet(s) => put_sequence_set(e, s),
            TaggedExtVal::Comp(c) => put_comp(e, c),
        }
    }
}

fn put_option_ext<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, o: &OptionExtension<'_>) {
    e.put(o.name.as_str().as_bytes());
    if let Some(v) = &o.value {
        e.sp();
        put_comp(e, v);
    }
}

fn put_status_items<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, items: &[StatusItem]) {
    list(e, items, |e, s| e.put(s.name().as_bytes()));
}

fn put_partial_range<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, p: &PartialRange) {
    let one = |e: &mut Enc<'_, B>, v: i64| {
        if v < 0 {
            e.put_u8(b'-');
        }
        e.num(v.unsigned_abs());
    };
    one(e, p.first());
    e.put_u8(b':');
    one(e, p.last());
}

fn put_append_message<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, m: &AppendMessage<'_>) {
    if let Some(f) = &m.flags {
        e.sp();
        put_flag_list(e, f);
    }
    if let Some(d) = &m.date {
        e.sp();
        put_date_time(e, d);
    }
    e.sp();
    match &m.data {
        AppendData::Literal(s) => {
            let mode = e.opts.literal_mode(s.len() as u64);
            e.literal(s.as_bytes(), false, mode);
        }
        AppendData::Binary(b) => put_literal8(e, b.as_bytes()),
        AppendData::Utf8(b) => {
            e.put(b"UTF8 (");
            put_literal8(e, b.as_bytes());
            e.put_u8(b')');
        }
    }
}

fn put_search_return<B: BufMut + ?Sized>(
    e: &mut Enc<'_, B>,
    opts: &Option<Vec<SearchReturnOption<'_>>>,
) {
    let Some(opts) = opts else { return };
    e.put(b" RETURN ");
    list(e, opts, |e, o| match o {
        SearchReturnOption::Min => e.put(b"MIN"),
        SearchReturnOption::Max => e.put(b"MAX"),
        SearchReturnOption::All => e.put(b"ALL"),
        SearchReturnOption::Count => e.put(b"COUNT"),
        SearchReturnOption::Save => e.put(b"SAVE"),
        SearchReturnOption::Context => e.put(b"CONTEXT"),
        SearchReturnOption::Update => e.put(b"UPDATE"),
        SearchReturnOption::Relevancy => e.put(b"RELEVANCY"),
        SearchReturnOption::Partial(p) => {
            e.put(b"PARTIAL ");
            put_partial_range(e, p);
        }
        SearchReturnOption::Other(t) => put_tagged_ext(e, t),
    });
}

fn put_keys<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, keys: &[SearchKey<'_>]) {
    for k in keys {
        e.sp();
        put_search_key(e, k);
    }
}

/// Writes a `search-key`.
pub(crate) fn put_search_key<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, k: &SearchKey<'_>) {
    use SearchKey as K;
    let s = |e: &mut Enc<'_, B>, name: &[u8], v: &crate::types::core::IString<'_>| {
        e.put(name);
        e.sp();
        put_astring(e, v.as_bytes());
    };
    let d = |e: &mut Enc<'_, B>, name: &[u8], v: &crate::types::core::Date| {
        e.put(name);
        e.sp();
        put_date(e, v);
    };
    match k {
        K::All => e.put(b"ALL"),
        K::Answered => e.put(b"ANSWERED"),
        K::Bcc(v) => s(e, b"BCC", v),
        K::Before(v) => d(e, b"BEFORE", v),
        K::Body(v) => s(e, b"BODY", v),
        K::Cc(v) => s(e, b"CC", v),
        K::Deleted => e.put(b"DELETED"),
        K::Draft => e.put(b"DRAFT"),
        K::Flagged => e.put(b"FLAGGED"),
        K::From(v) => s(e, b"FROM", v),
        K::Header(h, v) => {
            e.put(b"HEADER ");
            put_astring(e, h.as_bytes());
            e.sp();
            put_astring(e, v.as_bytes());
        }
        K::Keyword(v) => {
            e.put(b"KEYWORD ");
            e.put(v.as_str().as_bytes());
        }
        K::Larger(n) => {
            e.put(b"LARGER ");
            e.num(*n);
        }
        K::New => e.put(b"NEW"),
        K::Not(k) => {
            e.put(b"NOT ");
            put_search_key(e, k);
        }
        K::Old => e.put(b"OLD"),
        K::On(v) => d(e, b"ON", v),
        K::Or(a, b) => {
            e.put(b"OR ");
            put_search_key(e, a);
            e.sp();
            put_search_key(e, b);
        }
        K::Recent => e.put(b"RECENT"),
        K::Seen => e.put(b"SEEN"),
        K::SentBefore(v) => d(e, b"SENTBEFORE", v),
        K::SentOn(v) => d(e, b"SENTON", v),
        K::SentSince(v) => d(e, b"SENTSINCE", v),
        K::Since(v) => d(e, b"SINCE", v),
        K::Smaller(n) => {
            e.put(b"SMALLER ");
            e.num(*n);
        }
        K::Subject(v) => s(e, b"SUBJECT", v),
        K::Text(v) => s(e, b"TEXT", v),
        K::To(v) => s(e, b"TO", v),
        K::Uid(set) => {
            e.put(b"UID ");
            put_sequence_set(e, set);
        }
        K::Unanswered => e.put(b"UNANSWERED"),
        K::Undeleted => e.put(b"UNDELETED"),
        K::Undraft => e.put(b"UNDRAFT"),
        K::Unflagged => e.put(b"UNFLAGGED"),
        K::Unkeyword(v) => {
            e.put(b"UNKEYWORD ");
            e.put(v.as_str().as_bytes());
        }
        K::Unseen => e.put(b"UNSEEN"),
        K::SequenceSet(set) => put_sequence_set(e, set),
        K::And(v) => list(e, v, |e, k| put_search_key(e, k)),
        K::ModSeq { entry, modseq } => {
            e.put(b"MODSEQ ");
            if let Some((name, t)) = entry {
                // entry-name is a quoted string (RFC 7162 §7).
                super::core::put_quoted(e, name.as_bytes());
                e.put(match t {
                    EntryType::Private => b" priv ",
                    EntryType::Shared => b" shared ",
                    EntryType::All => b" all ",
                });
            }
            e.num(*modseq);
        }
        K::Older(n) => {
            e.put(b"OLDER ");
            e.num(n.get().into());
        }
        K::Younger(n) => {
            e.put(b"YOUNGER ");
            e.num(n.get().into());
        }
        K::SavedBefore(v) => d(e, b"SAVEDBEFORE", v),
        K::SavedOn(v) => d(e, b"SAVEDON", v),
        K::SavedSince(v) => d(e, b"SAVEDSINCE", v),
        K::SaveDateSupported => e.put(b"SAVEDATESUPPORTED"),
        K::EmailId(o) => {
            e.put(b"EMAILID ");
            e.put(o.as_str().as_bytes());
        }
        K::ThreadId(o) => {
            e.put(b"THREADID ");
            e.put(o.as_str().as_bytes());
        }
        K::Fuzzy(k) => {
            e.put(b"FUZZY ");
            put_search_key(e, k);
        }
    }
}

/// Writes a `fetch-att`.
pub(crate) fn put_fetch_item<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, f: &FetchItem<'_>) {
    match f {
        FetchItem::Envelope => e.put(b"ENVELOPE"),
        FetchItem::Flags => e.put(b"FLAGS"),
        FetchItem::InternalDate => e.put(b"INTERNALDATE"),
        FetchItem::Rfc822 => e.put(b"RFC822"),
        FetchItem::Rfc822Header => e.put(b"RFC822.HEADER"),
        FetchItem::Rfc822Size => e.put(b"RFC822.SIZE"),
        FetchItem::Rfc822Text => e.put(b"RFC822.TEXT"),
        FetchItem::Uid => e.put(b"UID"),
        FetchItem::Body => e.put(b"BODY"),
        FetchItem::BodyStructure => e.put(b"BODYSTRUCTURE"),
        FetchItem::BodySection {
            peek,
            section,
            partial,
        } => {
            e.put(if *peek { b"BODY.PEEK" } else { b"BODY" });
            put_section(e, section);
            if let Some(p) = partial {
                put_partial(e, p);
            }
        }
        FetchItem::Binary {
            peek,
            part,
            partial,
        } => {
            e.put(if *peek {
                &b"BINARY.PEEK["[..]
            } else {
                b"BINARY["
            });
            if let Some(p) = part {
                put_part(e, p);
            }
            e.put_u8(b']');
            if let Some(p) = partial {
                put_partial(e, p);
            }
        }
        FetchItem::BinarySize { part } => {
            e.put(b"BINARY.SIZE[");
            if let Some(p) = part {
                put_part(e, p);
            }
            e.put_u8(b']');
        }
        FetchItem::ModSeq => e.put(b"MODSEQ"),
        FetchItem::EmailId => e.put(b"EMAILID"),
        FetchItem::ThreadId => e.put(b"THREADID"),
        FetchItem::SaveDate => e.put(b"SAVEDATE"),
        FetchItem::Preview { lazy } => {
            e.put(b"PREVIEW");
            if *lazy {
                e.put(b" (LAZY)");
            }
        }
    }
}

fn put_body<B: BufMut + ?Sized>(e: &mut Enc<'_, B>, body: &CommandBody<'_>) {
    use CommandBody::*;
    match body {
        Capability | Noop | Logout | StartTls | Namespace | Idle | Check | Close | Unselect
        | Expunge | Unauthenticate => e.put(body.name().as_bytes()),
        Id(params) => {
            e.put(b"ID ");
            match params {
                None => e.put(b"NIL"),
                Some(v) => list(e, v, |e, (k, val)| {
                    put_string(e, k.as_bytes());
                    e.sp();
                    put_nstring(e, val.as_ref());
                }),
            }
        }
        Authenticate {
            mechanism,
            initial_response,
        } => {
            e.put(b"AUTHENTICATE ");
            e.put(mechanism.as_str().as_bytes());
            if let Some(r) = initial_response {
                e.sp();
                let mut tmp = Vec::new();
                encode_initial_response(r.as_bytes().unwrap_or_default(), &mut tmp);
                e.put(&tmp);
            }
        }
        Login { username, password } => {
            e.put(b"LOGIN ");
            put_astring(e, username.as_bytes());
            e.sp();
            put_astring(e, password.expose().as_bytes());
        }
        Enable(caps) => {
            e.put(b"ENABLE");
            for c in caps {
                e.sp();
                e.put(c.as_str().as_bytes());
            }
        }
        Select { mailbox, params } | Examine { mailbox, params } => {
            e.put(body.name().as_bytes());
            e.sp();
            put_mailbox(e, mailbox);
            if !params.is_empty() {
                e.sp();
                list(e, params, |e, p| match p {
                    SelectParam::CondStore => e.put(b"CONDSTORE"),
                    SelectParam::QResync(q) => {
                        e.put(b"QRESYNC (");
                        e.num(q.uidvalidity.get().into());
                        e.sp();
                        e.num(q.modseq.get());
                        if let Some(k) = &q.known_uids {
                            e.sp();
                            put_sequence_set(e, k);
                        }
                        if let Some((a, b)) = &q.seq_match {
                            e.put(b" (");
                            put_sequence_set(e, a);
                            e.sp();
                            put_sequence_set(e, b);
                            e.put_u8(b')');
                        }
                        e.put_u8(b')');
                    }
                    SelectParam::Other(t) => put_tagged_ext(e, t),
                });
            }
        }
        Create { mailbox, params } => {
            e.put(b"CREATE ");
            put_mailbox(e, mailbox);
            if !params.is_empty() {
                e.sp();
                list(e, params, |e, p| match p {
                    CreateParam::Use(attrs) => {
                        e.put(b"USE ");
                        list(e, attrs, |e, a| {
                            e.put_u8(b'\\');
                            match a {
                                UseAttr::Other(x) => e.put(x.as_str().as_bytes()),
                                named => {
                                    let name = UseAttr::NAMED
                                        .iter()
                                        .find(|(_, v)| v == named)
                                        .map_or("All", |(n, _)| n);
                                    e.put(name.as_bytes());
                                }
                            }
                        });
                    }
                    CreateParam::Other(t) => put_tagged_ext(e, t),
                });
            }
        }
        Delete(m) | Subscribe(m) | Unsubscribe(m) | GetQuotaRoot(m) | GetAcl(m) | MyRights(m) => {
            e.put(body.name().as_bytes());
            e.sp();
            put_mailbox(e, m);
        }
        Rename { from, to, params } => {
            e.put(b"RENAME ");
            put_mailbox(e, from);
            e.sp();
            put_mailbox(e, to);
            if !params.is_empty() {
                e.sp();
                list(e, params, |e, t| put_tagged_ext(e, t));
            }
        }
        List {
            selection,
            reference,
            pattern,
            more_patterns,
            return_opts,
        } => {
            e.put(b"LIST ");
            if let Some(sel) = selection {
                list(e, sel, |e, o| match o {
                    ListSelectOption::Subscribed => e.put(b"SUBSCRIBED"),
                    ListSelectOption::Remote => e.put(b"REMOTE"),
                    ListSelectOption::RecursiveMatch => e.put(b"RECURSIVEMATCH"),
                    ListSelectOption::SpecialUse => e.put(b"SPECIAL-USE"),
                    ListSelectOption::Other(o) => put_option_ext(e, o),
                });
                e.sp();
            }
            put_mailbox(e, reference);
            e.sp();
            if more_patterns.is_empty() {
                put_list_mailbox(e, pattern);
            } else {
                e.put_u8(b'(');
                put_list_mailbox(e, pattern);
                for p in more_patterns {
                    e.sp();
                    put_list_mailbox(e, p);
                }
                e.put_u8(b')');
            }
            if let Some(ret) = return_opts {
                e.put(b" RETURN ");
                list(e, ret, |e, o| match o {
                    ListReturnOption::Subscribed => e.put(b"SUBSCRIBED"),
                    ListReturnOption::Children => e.put(b"CHILDREN"),
                    ListReturnOption::SpecialUse => e.put(b"SPECIAL-USE"),
                    ListReturnOption::MyRights => e.put(b"MYRIGHTS"),
                    ListReturnOption::Status(items) => {
                        e.put(b"STATUS ");
                        put_status_items(e, items);
                    }
                    ListReturnOption::Other(o) => put_option_ext(e, o),
                });
            }
        }
        Lsub { reference, pattern } => {
            e.put(b"LSUB ");
            put_mailbox(e, reference);
            e.sp();
            put_list_mailbox(e, pattern);
        }
        Status { mailbox, items } => {
            e.put(b"STATUS ");
            put_mailbox(e, mailbox);
            e.sp();
            put_status_items(e, items);
        }
        Append { mailbox, messages } => {
            e.put(b"APPEND ");
            put_mailbox(e, mailbox);
            for m in messages {
                put_append_message(e, m);
            }
        }
        GetQuota(root) => {
            e.put(b"GETQUOTA ");
            put_astring(e, root.as_bytes());
        }
        SetQuota { root, limits } => {
            e.put(b"SETQUOTA ");
            put_astring(e, root.as_bytes());
            e.sp();
            list(e, limits, |e, (name, n)| {
                e.put(name.as_str().as_bytes());
                e.sp();
                e.num(*n);
            });
        }
        GetMetadata {
            options,
            mailbox,
            entries,
        } => {
            e.put(b"GETMETADATA ");
            if !options.is_empty() {
                list(e, options, |e, o| match o {
                    GetMetadataOption::MaxSize(n) => {
                        e.put(b"MAXSIZE ");
                        e.num((*n).into());
                    }
                    GetMetadataOption::Depth(d) => e.put(match d {
                        MetadataDepth::Zero => b"DEPTH 0",
                        MetadataDepth::One => b"DEPTH 1",
                        MetadataDepth::Infinity => b"DEPTH infinity",
                    }),
                    GetMetadataOption::Other(t) => put_tagged_ext(e, t),
                });
                e.sp();
            }
            put_mailbox(e, mailbox);
            e.sp();
            match entries.as_slice() {
                [one] => put_astring(e, one.as_bytes()),
                many => list(e, many, |e, x| put_astring(e, x.as_bytes())),
            }
        }
        SetMetadata { mailbox, entries } => {
            e.put(b"SETMETADATA ");
            put_mailbox(e, mailbox);
            e.sp();
            list(e, entries, |e, (k, v)| {
                put_astring(e, k.as_bytes());
                e.sp();
                match v {
                    MetadataValue::Nil => e.put(b"NIL"),
                    MetadataValue::String(s) => put_string(e, s.as_bytes()),
                    MetadataValue::Binary(b) => put_literal8(e, b.as_bytes()),
                }
            });
        }
        SetAcl {
            mailbox,
            identifier,
            rights,
        } => {
            e.put(b"SETACL ");
            put_mailbox(e, mailbox);
            e.sp();
            put_astring(e, identifier.as_bytes());
            e.sp();
            put_astring(e, rights.as_bytes());
        }
        DeleteAcl {
            mailbox,
            identifier,
        }
        | ListRights {
            mailbox,
            identifier,
        } => {
            e.put(body.name().as_bytes());
            e.sp();
            put_mailbox(e, mailbox);
            e.sp();
            put_astring(e, identifier.as_bytes());
        }
        Compress(a) => {
            e.put(b"COMPRESS ");
            e.put(a.as_str().as_bytes());
        }
        UidExpunge(set) => {
            e.put(b"UID EXPUNGE ");
            put_sequence_set(e, set);
        }
        Search {
            uid,
            return_opts,
            charset,
            criteria,
        } => {
            uid_prefix(e, *uid);
            e.put(b"SEARCH");
            put_search_return(e, return_opts);
            if let Some(c) = charset {
                e.put(b" CHARSET ");
                put_charset(e, c);
            }
            put_keys(e, criteria);
        }
        Fetch {
            uid,
            set,
            items,
            modifiers,
        } => {
            uid_prefix(e, *uid);
            e.put(b"FETCH ");
            put_sequence_set(e, set);
            e.sp();
            match items {
                FetchItems::All => e.put(b"ALL"),
                FetchItems::Fast => e.put(b"FAST"),
                FetchItems::Full => e.put(b"FULL"),
                FetchItems::Items(v) => match v.as_slice() {
                    [one] => put_fetch_item(e, one),
                    many => list(e, many, |e, f| put_fetch_item(e, f)),
                },
            }
            if !modifiers.is_empty() {
                e.sp();
                list(e, modifiers, |e, m| match m {
                    FetchModifier::ChangedSince(n) => {
                        e.put(b"CHANGEDSINCE ");
                        e.num(*n);
                    }
                    FetchModifier::Vanished => e.put(b"VANISHED"),
                    FetchModifier::Partial(p) => {
                        e.put(b"PARTIAL ");
                        put_partial_range(e, p);
                    }
                    FetchModifier::Other(t) => put_tagged_ext(e, t),
                });
            }
        }
        Store {
            uid,
            set,
            modifiers,
            kind,
            silent,
            flags,
        } => {
            uid_prefix(e, *uid);
            e.put(b"STORE ");
            put_sequence_set(e, set);
            if !modifiers.is_empty() {
                e.sp();
                list(e, modifiers, |e, m| match m {
                    StoreModifier::UnchangedSince(n) => {
                        e.put(b"UNCHANGEDSINCE ");
                        e.num(*n);
                    }
                    StoreModifier::Other(t) => put_tagged_ext(e, t),
                });
            }
            e.put(match kind {
                StoreKind::Replace => b" FLAGS" as &[u8],
                StoreKind::Add => b" +FLAGS",
                StoreKind::Remove => b" -FLAGS",
            });
            if *silent {
                e.put(b".SILENT");
            }
            e.sp();
            list(e, flags, |e, f| put_flag(e, f));
        }
        Copy { uid, set, mailbox } | Move { uid, set, mailbox } => {
            uid_prefix(e, *uid);
            e.put(if matches!(body, Copy { .. }) {
                b"COPY "
            } else {
                b"MOVE "
            });
            put_sequence_set(e, set);
            e.sp();
            put_mailbox(e, mailbox);
        }
        Replace {
            uid,
            number,
            mailbox,
            message,
        } => {
            uid_prefix(e, *uid);
            e.put(b"REPLACE ");
            match number {
                SeqNumber::Value(v) => e.num(v.get().into()),
                SeqNumber::Largest => e.put_u8(b'*'),
            }
            e.sp();
            put_mailbox(e, mailbox);
            put_append_message(e, message);
        }
        Sort {
            uid,
            return_opts,
            criteria,
            charset,
            keys,
        } => {
            uid_prefix(e, *uid);
            e.put(b"SORT");
            put_search_return(e, return_opts);
            e.sp();
            list(e, criteria, |e, c| {
                if c.reverse {
                    e.put(b"REVERSE ");
                }
                e.put(c.key.name().as_bytes());
            });
            e.sp();
            put_charset(e, charset);
            put_keys(e, keys);
        }
        Thread {
            uid,
            algorithm,
            charset,
            keys,
        } => {
            uid_prefix(e, *uid);
            e.put(b"THREAD ");
            match algorithm {
                ThreadAlgorithm::OrderedSubject => e.put(b"ORDEREDSUBJECT"),
                ThreadAlgorithm::References => e.put(b"REFERENCES"),
                ThreadAlgorithm::Other(a) => e.put(a.as_str().as_bytes()),
            }
            e.sp();
            put_charset(e, charset);
            put_keys(e, keys);
        }
        CancelUpdate(tags) => {
            e.put(b"CANCELUPDATE");
            for t in tags {
                e.sp();
                super::core::put_quoted(e, t.as_bytes());
            }
        }
    }
}
