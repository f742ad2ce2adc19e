//! Parsers of the command grammar (RFC 9051 §9, RFC 3501 §9, RFC 4466 and the extensions).
//!
//! [`command`] parses one whole command, its literals included, in complete mode: the framer
//! has already found where it ends.

use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::{SaslResponse, decode_initial_response};
use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, IntoOwned};

use super::core::{
    astring, atom, byte, charset, crlf, date, date_time_with, flag, flag_list, kw, list_mailbox,
    literal, literal8, mailbox, nstring, number, number64, nz_number, nz_number64, paren_list,
    partial, quoted, section, section_binary, seq_number, sequence_set, sp, starts_with_ci, string,
    tag, take_while, token,
};
use super::framer::{CommandFramer, Frame, FramerConfig};
use super::{Ctx, PErr, PResult, fail, fatal};
use crate::error::CommandError;
use crate::types::command::{
    AppendData, AppendMessage, Command, CommandBody, CreateParam, GetMetadataOption,
    ListReturnOption, ListSelectOption, MetadataDepth, MetadataValue, OptionExtension, QResync,
    SelectParam, StoreKind, StoreModifier, UseAttr,
};
use crate::types::core::{
    Atom, FlagKeyword, IString, Literal8, ObjectId, is_atom_char, is_object_id_char,
};
use crate::types::ext::{CompItem, Label, TaggedExt, TaggedExtVal, is_label_char, is_label_first};
use crate::types::fetch::{FetchItem, FetchItems, FetchModifier, PartialRange};
use crate::types::search::{
    EntryType, SearchKey, SearchReturnOption, SortCriterion, SortKey, ThreadAlgorithm,
};
use crate::types::status::StatusItem;

/// Limits that only commands have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CmdCtx {
    pub core: Ctx,
    /// Maximum decoded length of a SASL initial response.
    pub max_sasl_len: usize,
}

fn limit<'a, T>(i: &'a [u8], what: &'static str, limit: usize) -> PResult<'a, T> {
    fatal(
        i,
        DecodeErrorKind::LimitExceeded {
            what,
            limit: limit as u64,
        },
    )
}

/// Uppercases a token of at most 24 bytes into a buffer for matching; longer tokens give an
/// empty slice (they match nothing).
fn upper(t: &[u8], buf: &mut [u8; 24]) -> usize {
    if t.len() > buf.len() {
        return 0;
    }
    for (d, s) in buf.iter_mut().zip(t) {
        *d = s.to_ascii_uppercase();
    }
    t.len()
}

fn command_body<'a>(c: &CmdCtx, i: &'a [u8]) -> PResult<'a, CommandBody<'a>> {
    let ctx = &c.core;
    let (rest, verb) = match token(i) {
        Ok(ok) => ok,
        Err(_) => return fail(i, "a command name"),
    };
    let mut buf = [0u8; 24];
    let n = upper(verb, &mut buf);
    let unknown = || fatal(i, DecodeErrorKind::unknown_command(verb));
    let i = rest;
    match &buf[..n] {
        b"CAPABILITY" => Ok((i, CommandBody::Capability)),
        b"NOOP" => Ok((i, CommandBody::Noop)),
        b"LOGOUT" => Ok((i, CommandBody::Logout)),
        b"STARTTLS" => Ok((i, CommandBody::StartTls)),
        b"NAMESPACE" => Ok((i, CommandBody::Namespace)),
        b"IDLE" => Ok((i, CommandBody::Idle)),
        b"CHECK" => Ok((i, CommandBody::Check)),
        b"CLOSE" => Ok((i, CommandBody::Close)),
        b"UNSELECT" => Ok((i, CommandBody::Unselect)),
        b"EXPUNGE" => Ok((i, CommandBody::Expunge)),
        b"UNAUTHENTICATE" => Ok((i, CommandBody::Unauthenticate)),
        b"ID" => id(ctx, i),
        b"AUTHENTICATE" => authenticate(c, i),
        b"LOGIN" => {
            let (i, ()) = sp(i)?;
            let (i, username) = astring(i)?;
            let (i, ()) = sp(i)?;
            let (i, password) = astring(i)?;
            Ok((
                i,
                CommandBody::Login {
                    username,
                    password: password.into(),
                },
            ))
        }
        b"ENABLE" => {
            let mut caps = Vec::new();
            let mut i = i;
            while let Some((b' ', r)) = i.split_first() {
                if caps.len() >= ctx.max_items {
                    return limit(r, "capabilities", ctx.max_items);
                }
                let (r, a) = atom(r)?;
                caps.push(Atom::unvalidated(a));
                i = r;
            }
            if caps.is_empty() {
                return fail(i, "SP capability");
            }
            Ok((i, CommandBody::Enable(caps)))
        }
        b"SELECT" | b"EXAMINE" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, params) = select_params(ctx, i)?;
            if n == 6 {
                Ok((i, CommandBody::Select { mailbox, params }))
            } else {
                Ok((i, CommandBody::Examine { mailbox, params }))
            }
        }
        b"CREATE" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, params) = opt_params(ctx, i, create_param)?;
            Ok((i, CommandBody::Create { mailbox, params }))
        }
        b"DELETE" => mailbox_only(ctx, i, CommandBody::Delete),
        b"SUBSCRIBE" => mailbox_only(ctx, i, CommandBody::Subscribe),
        b"UNSUBSCRIBE" => mailbox_only(ctx, i, CommandBody::Unsubscribe),
        b"GETQUOTAROOT" => mailbox_only(ctx, i, CommandBody::GetQuotaRoot),
        b"GETACL" => mailbox_only(ctx, i, CommandBody::GetAcl),
        b"MYRIGHTS" => mailbox_only(ctx, i, CommandBody::MyRights),
        b"RENAME" => {
            let (i, ()) = sp(i)?;
            let (i, from) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, to) = mailbox(ctx, i)?;
            let (i, params) = opt_params(ctx, i, |ctx, i| tagged_ext(ctx, i, 0))?;
            Ok((i, CommandBody::Rename { from, to, params }))
        }
        b"LIST" => list(ctx, i),
        b"LSUB" => {
            let (i, ()) = sp(i)?;
            let (i, reference) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, pattern) = list_mailbox(ctx, i)?;
            Ok((i, CommandBody::Lsub { reference, pattern }))
        }
        b"STATUS" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, items) = paren_list(ctx, i, false, status_att)?;
            Ok((i, CommandBody::Status { mailbox, items }))
        }
        b"APPEND" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let mut messages = Vec::new();
            let mut i = i;
            while i.first() == Some(&b' ') {
                if messages.len() >= ctx.max_items {
                    return limit(i, "appended messages", ctx.max_items);
                }
                let (r, m) = append_message(ctx, i)?;
                messages.push(m);
                i = r;
            }
            if messages.is_empty() {
                return fail(i, "SP and a message literal");
            }
            Ok((i, CommandBody::Append { mailbox, messages }))
        }
        b"GETQUOTA" => {
            let (i, ()) = sp(i)?;
            let (i, root) = astring(i)?;
            Ok((i, CommandBody::GetQuota(root)))
        }
        b"SETQUOTA" => {
            let (i, ()) = sp(i)?;
            let (i, root) = astring(i)?;
            let (i, ()) = sp(i)?;
            let (i, limits) = paren_list(ctx, i, true, |i| {
                let (i, name) = atom(i)?;
                let (i, ()) = sp(i)?;
                let (i, n) = number64(i)?;
                Ok((i, (Atom::unvalidated(name), n)))
            })?;
            Ok((i, CommandBody::SetQuota { root, limits }))
        }
        b"GETMETADATA" => getmetadata(ctx, i),
        b"SETMETADATA" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, entries) = paren_list(ctx, i, false, |i| {
                let (i, e) = astring(i)?;
                let (i, ()) = sp(i)?;
                let (i, v) = metadata_value(i)?;
                Ok((i, (e, v)))
            })?;
            Ok((i, CommandBody::SetMetadata { mailbox, entries }))
        }
        b"SETACL" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, identifier) = astring(i)?;
            let (i, ()) = sp(i)?;
            let (i, rights) = astring(i)?;
            Ok((
                i,
                CommandBody::SetAcl {
                    mailbox,
                    identifier,
                    rights,
                },
            ))
        }
        b"DELETEACL" | b"LISTRIGHTS" => {
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, ()) = sp(i)?;
            let (i, identifier) = astring(i)?;
            if n == 9 {
                Ok((
                    i,
                    CommandBody::DeleteAcl {
                        mailbox,
                        identifier,
                    },
                ))
            } else {
                Ok((
                    i,
                    CommandBody::ListRights {
                        mailbox,
                        identifier,
                    },
                ))
            }
        }
        b"COMPRESS" => {
            let (i, ()) = sp(i)?;
            let (i, a) = atom(i)?;
            Ok((i, CommandBody::Compress(Atom::unvalidated(a))))
        }
        b"CANCELUPDATE" => {
            let mut tags = Vec::new();
            let mut i = i;
            while let Some((b' ', r)) = i.split_first() {
                if tags.len() >= ctx.max_items {
                    return limit(r, "tags", ctx.max_items);
                }
                let (r, q) = quoted(r)?;
                tags.push(IString::unvalidated(q));
                i = r;
            }
            if tags.is_empty() {
                return fail(i, "SP quoted");
            }
            Ok((i, CommandBody::CancelUpdate(tags)))
        }
        b"UID" => {
            let (i, ()) = sp(i)?;
            let (rest, sub) = token(i)?;
            let mut b2 = [0u8; 24];
            let m = upper(sub, &mut b2);
            if &b2[..m] == b"EXPUNGE" {
                let (r, ()) = sp(rest)?;
                let (r, set) = sequence_set(r, ctx.max_items)?;
                return Ok((r, CommandBody::UidExpunge(set)));
            }
            match selected(c, &b2[..m], rest, true) {
                Some(r) => r,
                None => fatal(i, DecodeErrorKind::unknown_command(sub)),
            }
        }
        other => match selected(c, other, i, false) {
            Some(r) => r,
            None => unknown(),
        },
    }
}

/// The commands that have a `UID` form.
fn selected<'a>(
    c: &CmdCtx,
    verb: &[u8],
    i: &'a [u8],
    uid: bool,
) -> Option<PResult<'a, CommandBody<'a>>> {
    let ctx = &c.core;
    Some(match verb {
        b"FETCH" => fetch(ctx, i, uid),
        b"STORE" => store(ctx, i, uid),
        b"COPY" | b"MOVE" => (|| {
            let (i, ()) = sp(i)?;
            let (i, set) = sequence_set(i, ctx.max_items)?;
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            Ok(if verb == b"COPY" {
                (i, CommandBody::Copy { uid, set, mailbox })
            } else {
                (i, CommandBody::Move { uid, set, mailbox })
            })
        })(),
        b"SEARCH" => search(ctx, i, uid),
        b"SORT" => sort(ctx, i, uid),
        b"THREAD" => thread(ctx, i, uid),
        b"REPLACE" => (|| {
            let (i, ()) = sp(i)?;
            let (i, number) = seq_number(i)?;
            let (i, ()) = sp(i)?;
            let (i, mailbox) = mailbox(ctx, i)?;
            let (i, message) = append_message(ctx, i)?;
            Ok((
                i,
                CommandBody::Replace {
                    uid,
                    number,
                    mailbox,
                    message,
                },
            ))
        })(),
        _ => return None,
    })
}

fn mailbox_only<'a>(
    ctx: &Ctx,
    i: &'a [u8],
    f: impl FnOnce(crate::types::core::Mailbox<'a>) -> CommandBody<'a>,
) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, m) = mailbox(ctx, i)?;
    Ok((i, f(m)))
}

/// `id ::= "ID" SPACE id_params_list` (RFC 2971 §4).
fn id<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    if let Ok((r, None)) = nstring_nil(i) {
        return Ok((r, CommandBody::Id(None)));
    }
    let (i, ()) = byte(i, b'(', "( or NIL")?;
    let mut v = Vec::new();
    let mut i = i;
    if let Some((b')', r)) = i.split_first() {
        return Ok((r, CommandBody::Id(Some(v))));
    }
    loop {
        if v.len() >= ctx.max_items {
            return limit(i, "id fields", ctx.max_items);
        }
        let (r, k) = string(i)?;
        let (r, ()) = sp(r)?;
        let (r, val) = nstring(r)?;
        v.push((k, val));
        match r.split_first() {
            Some((b' ', r2)) => i = r2,
            Some((b')', r2)) => return Ok((r2, CommandBody::Id(Some(v)))),
            _ => return fail(r, "SP or )"),
        }
    }
}

fn nstring_nil(i: &[u8]) -> PResult<'_, Option<IString<'_>>> {
    if starts_with_ci(i, b"NIL") && !i.get(3).is_some_and(|&b| is_atom_char(b)) {
        return Ok((&i[3..], None));
    }
    fail(i, "NIL")
}

/// `authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]` (RFC 9051 §9, RFC 4959 §7).
fn authenticate<'a>(c: &CmdCtx, i: &'a [u8]) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (mechanism, used) = match Mechanism::parse_prefix(i) {
        Ok(ok) => ok,
        Err(e) => return fatal(&i[e.offset.min(i.len())..], e.kind),
    };
    let i = &i[used..];
    let (i, initial_response) = match i.split_first() {
        Some((b' ', r)) => {
            let end = r.iter().position(|&b| b == b'\r').unwrap_or(r.len());
            match decode_initial_response(&r[..end], c.max_sasl_len) {
                Ok(resp) => (&r[end..], Some(resp)),
                Err(e) => return fatal(&r[e.offset.min(r.len())..], e.kind),
            }
        }
        _ => (i, None),
    };
    Ok((
        i,
        CommandBody::Authenticate {
            mechanism,
            initial_response,
        },
    ))
}

/// `[SP "(" param *(SP param) ")"]`: optional parameter lists (RFC 4466 §2).
fn opt_params<'a, T>(
    ctx: &Ctx,
    i: &'a [u8],
    item: impl Fn(&Ctx, &'a [u8]) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    match i {
        [b' ', b'(', ..] => paren_list(ctx, &i[1..], false, |i| item(ctx, i)),
        _ => Ok((i, Vec::new())),
    }
}

/// `tagged-ext-label` (RFC 4466 §2.1).
fn label(i: &[u8]) -> PResult<'_, Label<'_>> {
    match i.first() {
        Some(&b) if is_label_first(b) => {}
        _ => return fail(i, "a parameter name"),
    }
    let (rest, l) = take_while(i, is_label_char);
    Ok((
        rest,
        Label::unvalidated(std::str::from_utf8(l).unwrap_or_default()),
    ))
}

/// Whether the text after a parameter name starts a `tagged-ext-val` (`SP` then a digit,
/// `*`, `$` or `(`).
fn value_follows(i: &[u8]) -> bool {
    matches!(i, [b' ', b'0'..=b'9' | b'*' | b'$' | b'(', ..])
}

/// `tagged-ext-val` (RFC 4466 §2.1).
fn tagged_ext_val<'a>(ctx: &Ctx, i: &'a [u8], depth: usize) -> PResult<'a, TaggedExtVal<'a>> {
    if i.first() == Some(&b'(') {
        let (i, v) = comp_group(ctx, i, depth)?;
        return Ok((i, TaggedExtVal::Comp(v)));
    }
    let (_, simple) = take_while(i, |b| {
        b.is_ascii_digit() || matches!(b, b':' | b',' | b'*' | b'$')
    });
    if !simple.is_empty() && simple.iter().all(u8::is_ascii_digit) {
        let (i, n) = number64(i)?;
        return Ok((i, TaggedExtVal::Number(n)));
    }
    let (i, s) = sequence_set(i, ctx.max_items)?;
    Ok((i, TaggedExtVal::SequenceSet(s)))
}

/// `"(" [tagged-ext-comp] ")"`, components separated by SP, groups nested up to the depth
/// limit.
fn comp_group<'a>(ctx: &Ctx, i: &'a [u8], depth: usize) -> PResult<'a, Vec<CompItem<'a>>> {
    if depth >= ctx.max_depth {
        return limit(i, "nesting levels", ctx.max_depth);
    }
    paren_list(ctx, i, true, |i| {
        if i.first() == Some(&b'(') {
            let (i, g) = comp_group(ctx, i, depth + 1)?;
            Ok((i, CompItem::Group(g)))
        } else {
            let (i, s) = astring(i)?;
            Ok((i, CompItem::AString(s)))
        }
    })
}

/// `label [SP tagged-ext-val]`.
fn tagged_ext<'a>(ctx: &Ctx, i: &'a [u8], depth: usize) -> PResult<'a, TaggedExt<'a>> {
    let (i, name) = label(i)?;
    if value_follows(i) {
        let (i, v) = tagged_ext_val(ctx, &i[1..], depth)?;
        return Ok((
            i,
            TaggedExt {
                name,
                value: Some(v),
            },
        ));
    }
    Ok((i, TaggedExt { name, value: None }))
}

fn select_params<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Vec<SelectParam<'a>>> {
    opt_params(ctx, i, |ctx, i| {
        if starts_with_ci(i, b"CONDSTORE") && !i.get(9).is_some_and(|&b| is_label_char(b)) {
            return Ok((&i[9..], SelectParam::CondStore));
        }
        if starts_with_ci(i, b"QRESYNC ") {
            let (i, q) = qresync(ctx, &i[8..])?;
            return Ok((i, SelectParam::QResync(q)));
        }
        let (i, t) = tagged_ext(ctx, i, 0)?;
        Ok((i, SelectParam::Other(t)))
    })
}

/// `"(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"`
/// (RFC 7162 §7).
fn qresync<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, QResync> {
    let (i, ()) = byte(i, b'(', "(")?;
    let (i, uidvalidity) = nz_number(i)?;
    let (i, ()) = sp(i)?;
    let (i, modseq) = nz_number64(i)?;
    let (mut i, mut known_uids, mut seq_match) = (i, None, None);
    if let [b' ', c, ..] = i
        && *c != b'('
    {
        let (r, s) = sequence_set(&i[1..], ctx.max_items)?;
        known_uids = Some(s);
        i = r;
    }
    if let [b' ', b'(', ..] = i {
        let (r, a) = sequence_set(&i[2..], ctx.max_items)?;
        let (r, ()) = sp(r)?;
        let (r, b) = sequence_set(r, ctx.max_items)?;
        let (r, ()) = byte(r, b')', ")")?;
        seq_match = Some((a, b));
        i = r;
    }
    let (i, ()) = byte(i, b')', ")")?;
    Ok((
        i,
        QResync {
            uidvalidity,
            modseq,
            known_uids,
            seq_match,
        },
    ))
}

fn create_param<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, CreateParam<'a>> {
    if starts_with_ci(i, b"USE ") {
        let (i, v) = paren_list(ctx, &i[4..], true, use_attr)?;
        return Ok((i, CreateParam::Use(v)));
    }
    let (i, t) = tagged_ext(ctx, i, 0)?;
    Ok((i, CreateParam::Other(t)))
}

/// `use-attr` (RFC 6154 §6).
fn use_attr(i: &[u8]) -> PResult<'_, UseAttr<'_>> {
    let (i, ()) = byte(i, b'\\', "\\ and a special-use attribute")?;
    let (rest, a) = atom(i)?;
    for (name, v) in UseAttr::NAMED {
        if name.eq_ignore_ascii_case(a) {
            return Ok((rest, v));
        }
    }
    Ok((rest, UseAttr::Other(Atom::unvalidated(a))))
}

/// `status-att` (RFC 9051 §9 and extensions).
fn status_att(i: &[u8]) -> PResult<'_, StatusItem> {
    let (rest, t) = take_while(i, |b| b.is_ascii_alphabetic() || b == b'-');
    match StatusItem::from_name(t) {
        Some(s) => Ok((rest, s)),
        None => fail(i, "a status item"),
    }
}

/// `list` (RFC 9051 §9, RFC 5258 §6).
fn list<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, selection) = if i.first() == Some(&b'(') {
        let (i, v) = paren_list(ctx, i, true, |i| list_select_opt(ctx, i))?;
        let (i, ()) = sp(i)?;
        (i, Some(v))
    } else {
        (i, None)
    };
    let (i, reference) = mailbox(ctx, i)?;
    let (i, ()) = sp(i)?;
    let (i, pattern, more_patterns) = if i.first() == Some(&b'(') {
        let (i, mut v) = paren_list(ctx, i, false, |i| list_mailbox(ctx, i))?;
        // paren_list(.., false, ..) returns at least one item.
        let first = v.remove(0);
        (i, first, v)
    } else {
        let (i, p) = list_mailbox(ctx, i)?;
        (i, p, Vec::new())
    };
    let (i, return_opts) = if starts_with_ci(i, b" RETURN ") {
        let (i, v) = paren_list(ctx, &i[8..], true, |i| list_return_opt(ctx, i))?;
        (i, Some(v))
    } else {
        (i, None)
    };
    Ok((
        i,
        CommandBody::List {
            selection,
            reference,
            pattern,
            more_patterns,
            return_opts,
        },
    ))
}

/// `option-extension` (RFC 5258 §6): `name [SP "(" option-val-comp ")"]`.
fn option_extension<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, OptionExtension<'a>> {
    let (i, name) = atom(i)?;
    let name = Atom::unvalidated(name);
    if let [b' ', b'(', ..] = i {
        let (i, v) = comp_group(ctx, &i[1..], 0)?;
        return Ok((
            i,
            OptionExtension {
                name,
                value: Some(v),
            },
        ));
    }
    Ok((i, OptionExtension { name, value: None }))
}

/// A keyword that ends at a non-atom character.
fn word<'a>(i: &'a [u8], w: &[u8]) -> Option<&'a [u8]> {
    if starts_with_ci(i, w) && !i.get(w.len()).is_some_and(|&b| is_atom_char(b)) {
        Some(&i[w.len()..])
    } else {
        None
    }
}

fn list_select_opt<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, ListSelectOption<'a>> {
    for (w, v) in [
        (&b"SUBSCRIBED"[..], ListSelectOption::Subscribed),
        (b"REMOTE", ListSelectOption::Remote),
        (b"RECURSIVEMATCH", ListSelectOption::RecursiveMatch),
        (b"SPECIAL-USE", ListSelectOption::SpecialUse),
    ] {
        if let Some(r) = word(i, w) {
            return Ok((r, v));
        }
    }
    let (i, o) = option_extension(ctx, i)?;
    Ok((i, ListSelectOption::Other(o)))
}

fn list_return_opt<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, ListReturnOption<'a>> {
    if let Some(r) = word(i, b"STATUS") {
        let (r, ()) = sp(r)?;
        let (r, items) = paren_list(ctx, r, false, status_att)?;
        return Ok((r, ListReturnOption::Status(items)));
    }
    for (w, v) in [
        (&b"SUBSCRIBED"[..], ListReturnOption::Subscribed),
        (b"CHILDREN", ListReturnOption::Children),
        (b"SPECIAL-USE", ListReturnOption::SpecialUse),
        (b"MYRIGHTS", ListReturnOption::MyRights),
    ] {
        if let Some(r) = word(i, w) {
            return Ok((r, v));
        }
    }
    let (i, o) = option_extension(ctx, i)?;
    Ok((i, ListReturnOption::Other(o)))
}

/// `SP append-message` with `append-message = append-opts SP append-data` (RFC 4466 §2.3).
fn append_message<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, AppendMessage<'a>> {
    let (mut i, ()) = sp(i)?;
    let mut flags = None;
    let mut date = None;
    if i.first() == Some(&b'(') {
        let (r, f) = flag_list(ctx, i)?;
        flags = Some(f);
        let (r, ()) = sp(r)?;
        i = r;
    }
    if i.first() == Some(&b'"') {
        let (r, d) = date_time_with(i, ctx.unpadded_day)?;
        date = Some(d);
        let (r, ()) = sp(r)?;
        i = r;
    }
    let (i, data) = append_data(i)?;
    Ok((i, AppendMessage { flags, date, data }))
}

/// `append-data = literal / literal8 / utf8-literal` (RFC 4466 §2.3, RFC 6855 §4).
fn append_data(i: &[u8]) -> PResult<'_, AppendData<'_>> {
    match i.first() {
        Some(b'{') => {
            let (i, (d, _)) = literal(i)?;
            Ok((i, AppendData::Literal(IString::unvalidated(d))))
        }
        Some(b'~') => {
            let (i, (d, _)) = literal8(i)?;
            Ok((i, AppendData::Binary(Literal8::new(d))))
        }
        _ => {
            let (i, ()) = kw(i, b"UTF8 (", "a literal, literal8 or UTF8 (literal8)")?;
            let (i, (d, _)) = literal8(i)?;
            let (i, ()) = byte(i, b')', ")")?;
            Ok((i, AppendData::Utf8(Literal8::new(d))))
        }
    }
}

/// `value = nstring / literal8` (RFC 5464 §5).
fn metadata_value(i: &[u8]) -> PResult<'_, MetadataValue<'_>> {
    if i.first() == Some(&b'~') {
        let (i, (d, _)) = literal8(i)?;
        return Ok((i, MetadataValue::Binary(Literal8::new(d))));
    }
    let (i, v) = nstring(i)?;
    Ok((i, v.map_or(MetadataValue::Nil, MetadataValue::String)))
}

/// `getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries`
/// (RFC 5464 §5).
fn getmetadata<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, options) = if i.first() == Some(&b'(') {
        let (i, o) = paren_list(ctx, i, false, |i| {
            if let Some(r) = word(i, b"MAXSIZE") {
                let (r, ()) = sp(r)?;
                let (r, n) = number(r)?;
                return Ok((r, GetMetadataOption::MaxSize(n)));
            }
            if let Some(r) = word(i, b"DEPTH") {
                let (r, ()) = sp(r)?;
                let (r, t) = token(r)?;
                let d = match t {
                    b"0" => MetadataDepth::Zero,
                    b"1" => MetadataDepth::One,
                    _ if t.eq_ignore_ascii_case(b"infinity") => MetadataDepth::Infinity,
                    _ => return fail(r, "0, 1 or infinity"),
                };
                return Ok((r, GetMetadataOption::Depth(d)));
            }
            let (i, t) = tagged_ext(ctx, i, 0)?;
            Ok((i, GetMetadataOption::Other(t)))
        })?;
        let (i, ()) = sp(i)?;
        (i, o)
    } else {
        (i, Vec::new())
    };
    let (i, mailbox) = mailbox(ctx, i)?;
    let (i, ()) = sp(i)?;
    let (i, entries) = if i.first() == Some(&b'(') {
        paren_list(ctx, i, false, astring)?
    } else {
        let (i, e) = astring(i)?;
        (i, vec![e])
    };
    Ok((
        i,
        CommandBody::GetMetadata {
            options,
            mailbox,
            entries,
        },
    ))
}

/// `fetch` (RFC 9051 §9, RFC 4466 §2.4).
fn fetch<'a>(ctx: &Ctx, i: &'a [u8], uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, set) = sequence_set(i, ctx.max_items)?;
    let (i, ()) = sp(i)?;
    let (i, items) = if i.first() == Some(&b'(') {
        let (i, v) = paren_list(ctx, i, false, |i| fetch_att(ctx, i))?;
        (i, FetchItems::Items(v))
    } else if let Some(r) = word(i, b"ALL") {
        (r, FetchItems::All)
    } else if let Some(r) = word(i, b"FAST") {
        (r, FetchItems::Fast)
    } else if let Some(r) = word(i, b"FULL") {
        (r, FetchItems::Full)
    } else {
        let (i, a) = fetch_att(ctx, i)?;
        (i, FetchItems::Items(vec![a]))
    };
    let (i, modifiers) = opt_params(ctx, i, |ctx, i| {
        if let Some(r) = word(i, b"CHANGEDSINCE") {
            let (r, ()) = sp(r)?;
            let (r, n) = nz_number64(r)?;
            return Ok((r, FetchModifier::ChangedSince(n.get())));
        }
        if let Some(r) = word(i, b"VANISHED") {
            return Ok((r, FetchModifier::Vanished));
        }
        if let Some(r) = word(i, b"PARTIAL") {
            let (r, ()) = sp(r)?;
            let (r, p) = partial_range(r)?;
            return Ok((r, FetchModifier::Partial(p)));
        }
        let (i, t) = tagged_ext(ctx, i, 0)?;
        Ok((i, FetchModifier::Other(t)))
    })?;
    Ok((
        i,
        CommandBody::Fetch {
            uid,
            set,
            items,
            modifiers,
        },
    ))
}

/// `partial-range` (RFC 5267 §5, RFC 9394 §3).
fn partial_range(i: &[u8]) -> PResult<'_, PartialRange> {
    let start = i;
    fn signed(i: &[u8]) -> PResult<'_, i64> {
        match i {
            [b'-', rest @ ..] => {
                let (r, n) = nz_number(rest)?;
                Ok((r, -i64::from(n.get())))
            }
            _ => {
                let (r, n) = nz_number(i)?;
                Ok((r, i64::from(n.get())))
            }
        }
    }
    let (i, a) = signed(i)?;
    let (i, ()) = byte(i, b':', ":")?;
    let (i, b) = signed(i)?;
    match PartialRange::new(a, b) {
        Ok(p) => Ok((i, p)),
        Err(_) => fatal(
            start,
            DecodeErrorKind::Invalid {
                what: "partial range",
            },
        ),
    }
}

/// `fetch-att` (RFC 9051 §9, RFC 3501 §9 and extensions).
fn fetch_att<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, FetchItem<'a>> {
    let (rest, name) = take_while(i, |b| b.is_ascii_alphanumeric() || b == b'.');
    let mut buf = [0u8; 24];
    let n = upper(name, &mut buf);
    let i0 = i;
    let i = rest;
    let simple = |item| Ok((i, item));
    match &buf[..n] {
        b"ENVELOPE" => simple(FetchItem::Envelope),
        b"FLAGS" => simple(FetchItem::Flags),
        b"INTERNALDATE" => simple(FetchItem::InternalDate),
        b"RFC822" => simple(FetchItem::Rfc822),
        b"RFC822.HEADER" => simple(FetchItem::Rfc822Header),
        b"RFC822.SIZE" => simple(FetchItem::Rfc822Size),
        b"RFC822.TEXT" => simple(FetchItem::Rfc822Text),
        b"UID" => simple(FetchItem::Uid),
        b"BODYSTRUCTURE" => simple(FetchItem::BodyStructure),
        b"MODSEQ" => simple(FetchItem::ModSeq),
        b"EMAILID" => simple(FetchItem::EmailId),
        b"THREADID" => simple(FetchItem::ThreadId),
        b"SAVEDATE" => simple(FetchItem::SaveDate),
        b"PREVIEW" => {
            if starts_with_ci(i, b" (LAZY)") {
                Ok((&i[7..], FetchItem::Preview { lazy: true }))
            } else {
                Ok((i, FetchItem::Preview { lazy: false }))
            }
        }
        b"BODY" | b"BODY.PEEK" => {
            let peek = n == 9;
            if i.first() != Some(&b'[') {
                if peek {
                    return fail(i, "[");
                }
                return Ok((i, FetchItem::Body));
            }
            let (i, section) = section(ctx, i)?;
            let (i, partial) = opt_partial(i)?;
            Ok((
                i,
                FetchItem::BodySection {
                    peek,
                    section,
                    partial,
                },
            ))
        }
        b"BINARY" | b"BINARY.PEEK" => {
            let peek = n == 11;
            let (i, part) = section_binary(ctx, i)?;
            let (i, partial) = opt_partial(i)?;
            Ok((
                i,
                FetchItem::Binary {
                    peek,
                    part,
                    partial,
                },
            ))
        }
        b"BINARY.SIZE" => {
            let (i, part) = section_binary(ctx, i)?;
            Ok((i, FetchItem::BinarySize { part }))
        }
        _ => fail(i0, "a fetch item"),
    }
}

fn opt_partial(i: &[u8]) -> PResult<'_, Option<crate::types::core::Partial>> {
    if i.first() == Some(&b'<') {
        let (i, p) = partial(i)?;
        Ok((i, Some(p)))
    } else {
        Ok((i, None))
    }
}

/// `store` (RFC 9051 §9, RFC 4466 §2.5).
fn store<'a>(ctx: &Ctx, i: &'a [u8], uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, set) = sequence_set(i, ctx.max_items)?;
    let (i, modifiers) = opt_params(ctx, i, |ctx, i| {
        if let Some(r) = word(i, b"UNCHANGEDSINCE") {
            let (r, ()) = sp(r)?;
            let (r, n) = number64(r)?;
            return Ok((r, StoreModifier::UnchangedSince(n)));
        }
        let (i, t) = tagged_ext(ctx, i, 0)?;
        Ok((i, StoreModifier::Other(t)))
    })?;
    let (i, ()) = sp(i)?;
    let (i, kind) = match i.first() {
        Some(b'+') => (&i[1..], StoreKind::Add),
        Some(b'-') => (&i[1..], StoreKind::Remove),
        _ => (i, StoreKind::Replace),
    };
    let (i, ()) = kw(i, b"FLAGS", "FLAGS, +FLAGS or -FLAGS")?;
    let (i, silent) = match kw(i, b".SILENT", "") {
        Ok((r, ())) => (r, true),
        Err(_) => (i, false),
    };
    let (i, ()) = sp(i)?;
    let (i, flags) = if i.first() == Some(&b'(') {
        flag_list(ctx, i)?
    } else {
        let (mut i, f) = flag(i)?;
        let mut v = vec![f];
        while let Some((b' ', r)) = i.split_first() {
            if v.len() >= ctx.max_items {
                return limit(r, "flags", ctx.max_items);
            }
            let (r, f) = flag(r)?;
            v.push(f);
            i = r;
        }
        (i, v)
    };
    Ok((
        i,
        CommandBody::Store {
            uid,
            set,
            modifiers,
            kind,
            silent,
            flags,
        },
    ))
}

/// `search-return-opts` after `SP RETURN SP` (RFC 4466 §2.6, RFC 9051 §9).
fn search_return_opts<'a>(
    ctx: &Ctx,
    i: &'a [u8],
) -> PResult<'a, Option<Vec<SearchReturnOption<'a>>>> {
    if !starts_with_ci(i, b" RETURN ") {
        return Ok((i, None));
    }
    let (i, v) = paren_list(ctx, &i[8..], true, |i| {
        use SearchReturnOption as O;
        for (w, v) in [
            (&b"MIN"[..], O::Min),
            (b"MAX", O::Max),
            (b"ALL", O::All),
            (b"COUNT", O::Count),
            (b"SAVE", O::Save),
            (b"CONTEXT", O::Context),
            (b"UPDATE", O::Update),
            (b"RELEVANCY", O::Relevancy),
        ] {
            if let Some(r) = word(i, w) {
                return Ok((r, v));
            }
        }
        if let Some(r) = word(i, b"PARTIAL") {
            let (r, ()) = sp(r)?;
            let (r, p) = partial_range(r)?;
            return Ok((r, O::Partial(p)));
        }
        let (i, t) = tagged_ext(ctx, i, 0)?;
        Ok((i, O::Other(t)))
    })?;
    Ok((i, Some(v)))
}

/// `1*(SP search-key)`, bounded by `max_items`.
fn search_keys<'a>(ctx: &Ctx, i: &'a [u8]) -> PResult<'a, Vec<SearchKey<'a>>> {
    let mut v = Vec::new();
    let mut i = i;
    while let Some((b' ', r)) = i.split_first() {
        if v.len() >= ctx.max_items {
            return limit(r, "search keys", ctx.max_items);
        }
        let (r, k) = search_key(ctx, r, 0)?;
        v.push(k);
        i = r;
    }
    if v.is_empty() {
        return fail(i, "SP search-key");
    }
    Ok((i, v))
}

/// `search = "SEARCH" [search-return-opts] SP search-program` (RFC 9051 §9).
fn search<'a>(ctx: &Ctx, i: &'a [u8], uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, return_opts) = search_return_opts(ctx, i)?;
    let (i, charset) = if starts_with_ci(i, b" CHARSET ") {
        let (i, c) = charset(&i[9..])?;
        (i, Some(c))
    } else {
        (i, None)
    };
    let (i, criteria) = search_keys(ctx, i)?;
    Ok((
        i,
        CommandBody::Search {
            uid,
            return_opts,
            charset,
            criteria,
        },
    ))
}

/// `sort = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP search-criteria`
/// (RFC 5256 §5, RFC 5267 §5).
fn sort<'a>(ctx: &Ctx, i: &'a [u8], uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, return_opts) = search_return_opts(ctx, i)?;
    let (i, ()) = sp(i)?;
    let (i, criteria) = paren_list(ctx, i, false, |i| {
        let (i, reverse) = match word(i, b"REVERSE") {
            Some(r) => {
                let (r, ()) = sp(r)?;
                (r, true)
            }
            None => (i, false),
        };
        for key in SortKey::ALL {
            if let Some(r) = word(i, key.name().as_bytes()) {
                return Ok((r, SortCriterion { reverse, key }));
            }
        }
        fail(i, "a sort key")
    })?;
    let (i, ()) = sp(i)?;
    let (i, charset) = charset(i)?;
    let (i, keys) = search_keys(ctx, i)?;
    Ok((
        i,
        CommandBody::Sort {
            uid,
            return_opts,
            criteria,
            charset,
            keys,
        },
    ))
}

/// `thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria` (RFC 5256 §5).
fn thread<'a>(ctx: &Ctx, i: &'a [u8], uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, ()) = sp(i)?;
    let (i, alg) = atom(i)?;
    let algorithm = if alg.eq_ignore_ascii_case("ORDEREDSUBJECT") {
        ThreadAlgorithm::OrderedSubject
    } else if alg.eq_ignore_ascii_case("REFERENCES") {
        ThreadAlgorithm::References
    } else {
        ThreadAlgorithm::Other(Atom::unvalidated(alg))
    };
    let (i, ()) = sp(i)?;
    let (i, charset) = charset(i)?;
    let (i, keys) = search_keys(ctx, i)?;
    Ok((
        i,
        CommandBody::Thread {
            uid,
            algorithm,
            charset,
            keys,
        },
    ))
}

fn object_id(i: &[u8]) -> PResult<'_, ObjectId<'_>> {
    let (rest, t) = take_while(i, is_object_id_char);
    if t.is_empty() || t.len() > crate::types::core::MAX_OBJECT_ID_LEN {
        return fail(i, "an object id");
    }
    Ok((
        rest,
        ObjectId::unvalidated(std::str::from_utf8(t).unwrap_or_default()),
    ))
}

fn flag_keyword(i: &[u8]) -> PResult<'_, FlagKeyword<'_>> {
    let (i, a) = atom(i)?;
    Ok((i, FlagKeyword::unvalidated(a)))
}

/// `search-key` (RFC 9051 §9, RFC 3501 §9 and extensions), nested at most `ctx.max_depth`.
fn search_key<'a>(ctx: &Ctx, i: &'a [u8], depth: usize) -> PResult<'a, SearchKey<'a>> {
    if depth >= ctx.max_depth {
        return limit(i, "nesting levels", ctx.max_depth);
    }
    match i.first() {
        Some(b'(') => {
            let (i, v) = paren_list(ctx, i, false, |i| search_key(ctx, i, depth + 1))?;
            return Ok((i, SearchKey::And(v)));
        }
        Some(b'0'..=b'9' | b'*' | b'$') => {
            let (i, s) = sequence_set(i, ctx.max_items)?;
            return Ok((i, SearchKey::SequenceSet(s)));
        }
        _ => {}
    }
    let (rest, name) = take_while(i, |b| b.is_ascii_alphabetic());
    let mut buf = [0u8; 24];
    let n = upper(name, &mut buf);
    let i0 = i;
    let i = rest;
    use SearchKey as K;
    let arg = |i| -> PResult<'a, IString<'a>> {
        let (i, ()) = sp(i)?;
        astring(i)
    };
    let arg_date = |i| -> PResult<'a, crate::types::core::Date> {
        let (i, ()) = sp(i)?;
        date(i)
    };
    let r = match &buf[..n] {
        b"ALL" => (i, K::All),
        b"ANSWERED" => (i, K::Answered),
        b"DELETED" => (i, K::Deleted),
        b"DRAFT" => (i, K::Draft),
        b"FLAGGED" => (i, K::Flagged),
        b"NEW" => (i, K::New),
        b"OLD" => (i, K::Old),
        b"RECENT" => (i, K::Recent),
        b"SEEN" => (i, K::Seen),
        b"UNANSWERED" => (i, K::Unanswered),
        b"UNDELETED" => (i, K::Undeleted),
        b"UNDRAFT" => (i, K::Undraft),
        b"UNFLAGGED" => (i, K::Unflagged),
        b"UNSEEN" => (i, K::Unseen),
        b"SAVEDATESUPPORTED" => (i, K::SaveDateSupported),
        b"BCC" => arg(i).map(|(i, s)| (i, K::Bcc(s)))?,
        b"BODY" => arg(i).map(|(i, s)| (i, K::Body(s)))?,
        b"CC" => arg(i).map(|(i, s)| (i, K::Cc(s)))?,
        b"FROM" => arg(i).map(|(i, s)| (i, K::From(s)))?,
        b"SUBJECT" => arg(i).map(|(i, s)| (i, K::Subject(s)))?,
        b"TEXT" => arg(i).map(|(i, s)| (i, K::Text(s)))?,
        b"TO" => arg(i).map(|(i, s)| (i, K::To(s)))?,
        b"HEADER" => {
            let (i, h) = arg(i)?;
            let (i, v) = arg(i)?;
            (i, K::Header(h, v))
        }
        b"BEFORE" => arg_date(i).map(|(i, d)| (i, K::Before(d)))?,
        b"ON" => arg_date(i).map(|(i, d)| (i, K::On(d)))?,
        b"SINCE" => arg_date(i).map(|(i, d)| (i, K::Since(d)))?,
        b"SENTBEFORE" => arg_date(i).map(|(i, d)| (i, K::SentBefore(d)))?,
        b"SENTON" => arg_date(i).map(|(i, d)| (i, K::SentOn(d)))?,
        b"SENTSINCE" => arg_date(i).map(|(i, d)| (i, K::SentSince(d)))?,
        b"SAVEDBEFORE" => arg_date(i).map(|(i, d)| (i, K::SavedBefore(d)))?,
        b"SAVEDON" => arg_date(i).map(|(i, d)| (i, K::SavedOn(d)))?,
        b"SAVEDSINCE" => arg_date(i).map(|(i, d)| (i, K::SavedSince(d)))?,
        b"KEYWORD" | b"UNKEYWORD" => {
            let (i, ()) = sp(i)?;
            let (i, k) = flag_keyword(i)?;
            (
                i,
                if n == 7 {
                    K::Keyword(k)
                } else {
                    K::Unkeyword(k)
                },
            )
        }
        b"LARGER" | b"SMALLER" => {
            let (i, ()) = sp(i)?;
            let (i, v) = number64(i)?;
            (i, if n == 6 { K::Larger(v) } else { K::Smaller(v) })
        }
        b"OLDER" | b"YOUNGER" => {
            let (i, ()) = sp(i)?;
            let (i, v) = nz_number(i)?;
            (i, if n == 5 { K::Older(v) } else { K::Younger(v) })
        }
        b"UID" => {
            let (i, ()) = sp(i)?;
            let (i, s) = sequence_set(i, ctx.max_items)?;
            (i, K::Uid(s))
        }
        b"NOT" | b"FUZZY" => {
            let (i, ()) = sp(i)?;
            let (i, k) = search_key(ctx, i, depth + 1)?;
            (
                i,
                if n == 3 {
                    K::Not(Box::new(k))
                } else {
                    K::Fuzzy(Box::new(k))
                },
            )
        }
        b"OR" => {
            let (i, ()) = sp(i)?;
            let (i, a) = search_key(ctx, i, depth + 1)?;
            let (i, ()) = sp(i)?;
            let (i, b) = search_key(ctx, i, depth + 1)?;
            (i, K::Or(Box::new(a), Box::new(b)))
        }
        b"EMAILID" | b"THREADID" => {
            let (i, ()) = sp(i)?;
            let (i, o) = object_id(i)?;
            (
                i,
                if n == 7 {
                    K::EmailId(o)
                } else {
                    K::ThreadId(o)
                },
            )
        }
        b"MODSEQ" => {
            let (i, ()) = sp(i)?;
            let (i, entry) = if i.first() == Some(&b'"') {
                let (i, name) = quoted(i)?;
                let (i, ()) = sp(i)?;
                let (i, t) = atom(i)?;
                let t = if t.eq_ignore_ascii_case("priv") {
                    EntryType::Private
                } else if t.eq_ignore_ascii_case("shared") {
                    EntryType::Shared
                } else if t.eq_ignore_ascii_case("all") {
                    EntryType::All
                } else {
                    return fail(i, "priv, shared or all");
                };
                let (i, ()) = sp(i)?;
                (i, Some((IString::unvalidated(name), t)))
            } else {
                (i, None)
            };
            let (i, modseq) = number64(i)?;
            (i, K::ModSeq { entry, modseq })
        }
        _ => return fail(i0, "a search key"),
    };
    Ok(r)
}

/// Parses a whole command in complete mode, requiring that it uses all of `input`.
pub(crate) fn parse_command<'a>(
    c: &CmdCtx,
    input: &'a [u8],
) -> Result<Command<'a>, (Option<crate::types::core::Tag<'a>>, mail_core::DecodeError)> {
    // command = tag SP command-body CRLF
    let (rest, t) = match tag(input) {
        Ok(ok) => ok,
        Err(e) => return Err((None, super::to_decode_error(input, e))),
    };
    let body = sp(rest)
        .and_then(|(rest, ())| command_body(c, rest))
        .and_then(|(rest, body)| crlf(rest).map(|(rest, ())| (rest, body)));
    match body {
        Ok(([], body)) => Ok(Command { tag: t, body }),
        Ok((rest, _)) => Err((
            Some(t),
            PErr::syntax(rest, "the end of the command").into_decode_error(input),
        )),
        Err(e) => Err((Some(t), super::to_decode_error(input, e))),
    }
}

/// Where the command at the start of `input` ends, when it is well-formed as far as framing
/// goes and within the limits: `Ok(Some(len))`, `Ok(None)` for need-more. `Err(())` sends the
/// caller to the [`CommandFramer`], which reports the exact error.
fn quick_frame(input: &[u8], cfg: &FramerConfig) -> Result<Option<usize>, ()> {
    let mut line_start = 0;
    loop {
        let Some(rel) = memchr::memchr(b'\n', &input[line_start..]) else {
            return if input.len() - line_start > cfg.max_line_len
                || input.len() as u64 > cfg.max_command_len
            {
                Err(())
            } else {
                Ok(None)
            };
        };
        let lf = line_start + rel;
        let end = lf + 1;
        if lf == line_start || input[lf - 1] != b'\r' || end - line_start > cfg.max_line_len {
            return Err(());
        }
        match super::framer::literal_at_end(&input[line_start..lf - 1]) {
            None => {
                return if end as u64 > cfg.max_command_len {
                    Err(())
                } else {
                    Ok(Some(end))
                };
            }
            Some(h) => {
                let total = (end as u64).saturating_add(h.len);
                if h.len > cfg.max_literal_len
                    || total > cfg.max_command_len
                    || (cfg.literal_minus
                        && h.mode == crate::types::core::LiteralMode::NonSync
                        && h.len > crate::encode::LITERAL_MINUS_MAX)
                {
                    return Err(());
                }
                match usize::try_from(total) {
                    Ok(t) if t <= input.len() => line_start = t,
                    _ => return Ok(None),
                }
            }
        }
    }
}

/// Limits and modes of the [`CommandDecoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandDecoderConfig {
    /// Line, literal and command size limits (shared with the [`CommandFramer`]).
    pub framer: FramerConfig,
    /// Maximum items in one list (sequence set, flags, fetch items, search keys...).
    pub max_items: usize,
    /// Maximum nesting depth of search keys and parenthesised lists.
    pub max_depth: usize,
    /// Mailbox names are UTF-8 (after `ENABLE UTF8=ACCEPT` or `ENABLE IMAP4rev2`); otherwise
    /// modified UTF-7 and 8-bit names are refused.
    pub utf8: bool,
    /// Maximum decoded size of a SASL initial response
    /// ([`mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN`]).
    pub max_sasl_len: usize,
    /// Accept a one-digit day without its leading SP in APPEND's `date-time`:
    /// `"3-Feb-2025 18:28:47 +0000"` (the grammar has `date-day-fixed = (SP DIGIT) / 2DIGIT`).
    /// Apple Mail on iOS 18.3 sends it (reported to mox, issue #279), as did imapflow before
    /// its pull request #272.
    pub unpadded_day: bool,
}

impl Default for CommandDecoderConfig {
    fn default() -> Self {
        CommandDecoderConfig {
            framer: FramerConfig::default(),
            max_items: super::DEFAULT_MAX_ITEMS,
            max_depth: super::DEFAULT_MAX_DEPTH,
            utf8: false,
            max_sasl_len: mail_core::sasl::wire::DEFAULT_MAX_DECODED_LEN,
            unpadded_day: false,
        }
    }
}

impl CommandDecoderConfig {
    /// Every leniency on, default limits: for a server that serves whatever client it meets
    /// (today [`CommandDecoderConfig::unpadded_day`]).
    pub fn lenient() -> Self {
        CommandDecoderConfig {
            unpadded_day: true,
            ..Self::default()
        }
    }

    /// Sets the framer limits.
    pub fn with_framer(mut self, framer: FramerConfig) -> Self {
        self.framer = framer;
        self
    }

    /// Sets the maximum number of items in one list.
    pub fn with_max_items(mut self, n: usize) -> Self {
        self.max_items = n;
        self
    }

    /// Sets the maximum nesting depth.
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// Turns UTF-8 mailbox names on or off.
    pub fn with_utf8(mut self, on: bool) -> Self {
        self.utf8 = on;
        self
    }

    /// Sets the maximum SASL initial response size.
    pub fn with_max_sasl_len(mut self, n: usize) -> Self {
        self.max_sasl_len = n;
        self
    }

    /// See [`CommandDecoderConfig::unpadded_day`].
    pub fn with_unpadded_day(mut self, on: bool) -> Self {
        self.unpadded_day = on;
        self
    }
}

/// Decodes commands (what a server receives).
///
/// [`CommandDecoder::decode`] takes the bytes received so far and answers a command and the
/// bytes it used, need-more, or a [`CommandError`] with the tag (when readable) and how many
/// bytes to skip. For a server that answers `+` to synchronizing literals, drive a
/// [`CommandFramer`] and hand each complete command to `decode`.
#[derive(Debug, Clone, Default)]
pub struct CommandDecoder {
    config: CommandDecoderConfig,
}

impl CommandDecoder {
    /// A decoder with `config`.
    pub fn new(config: CommandDecoderConfig) -> Self {
        CommandDecoder { config }
    }

    /// The configuration.
    pub fn config(&self) -> &CommandDecoderConfig {
        &self.config
    }

    /// Switches UTF-8 mailbox names on (after `ENABLE UTF8=ACCEPT` / `ENABLE IMAP4rev2`).
    pub fn set_utf8(&mut self, on: bool) {
        self.config.utf8 = on;
    }

    fn ctx(&self) -> CmdCtx {
        CmdCtx {
            core: Ctx {
                utf8: self.config.utf8,
                max_items: self.config.max_items,
                max_depth: self.config.max_depth,
                unpadded_day: self.config.unpadded_day,
            },
            max_sasl_len: self.config.max_sasl_len,
        }
    }

    /// Decodes the command at the start of `input`, its literals included (as if every
    /// synchronizing literal had been accepted).
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<Decoded<Command<'a>>, CommandError> {
        match quick_frame(input, &self.config.framer) {
            Ok(None) => return Ok(Decoded::Incomplete),
            Ok(Some(len)) => return self.parse_framed(input, len),
            Err(()) => {}
        }
        let mut framer = CommandFramer::new(self.config.framer);
        loop {
            match framer.next(input) {
                Frame::Incomplete => return Ok(Decoded::Incomplete),
                Frame::LiteralAnnounced { .. } => continue,
                Frame::Skip { len, error } => {
                    return Err(error.unwrap_or_else(|| {
                        CommandError::new(None, DecodeError::syntax(0, "a command").with_skip(len))
                    }));
                }
                Frame::Command { len } => return self.parse_framed(input, len),
            }
        }
    }

    fn parse_framed<'a>(
        &self,
        input: &'a [u8],
        len: usize,
    ) -> Result<Decoded<Command<'a>>, CommandError> {
        match parse_command(&self.ctx(), &input[..len]) {
            Ok(value) => Ok(Decoded::Complete {
                value,
                consumed: len,
            }),
            Err((tag, e)) => Err(CommandError::new(
                tag.map(IntoOwned::into_owned),
                e.with_skip(len),
            )),
        }
    }
}

/// Decodes the `DONE` line that ends IDLE (RFC 2177 §3, RFC 9051 §6.3.13: `idle = "IDLE"
/// CRLF "DONE"`), case-insensitively. Anything else on the line is an error whose `skip`
/// covers the line.
pub fn decode_idle_done(input: &[u8]) -> DecodeResult<()> {
    let Some(lf) = memchr::memchr(b'\n', input) else {
        if input.len() > 64 {
            return Err(DecodeError::syntax(0, "DONE"));
        }
        return Ok(Decoded::Incomplete);
    };
    let line = &input[..lf];
    match line.strip_suffix(b"\r") {
        Some(l) if l.eq_ignore_ascii_case(b"DONE") => Ok(Decoded::Complete {
            value: (),
            consumed: lf + 1,
        }),
        Some(_) => Err(DecodeError::syntax(0, "DONE").with_skip(lf + 1)),
        None => Err(DecodeError::new(lf, DecodeErrorKind::BareLf).with_skip(lf + 1)),
    }
}

/// Decodes a client's line during AUTHENTICATE (RFC 9051 §6.2.2: `*(CRLF base64)`; `*`
/// cancels): base64 of at most `max_len` decoded octets, an empty line, or `*`. The line may be
/// at most `max_len * 4 / 3 + 6` octets; longer input is an error.
pub fn decode_authenticate_response(input: &[u8], max_len: usize) -> DecodeResult<SaslResponse> {
    let max_line = max_len.saturating_mul(4) / 3 + 6;
    let Some(lf) = memchr::memchr(b'\n', input) else {
        if input.len() > max_line {
            return Err(DecodeError::new(
                max_line,
                DecodeErrorKind::LineTooLong { limit: max_line },
            ));
        }
        return Ok(Decoded::Incomplete);
    };
    let Some(line) = input[..lf].strip_suffix(b"\r") else {
        return Err(DecodeError::new(lf, DecodeErrorKind::BareLf).with_skip(lf + 1));
    };
    match mail_core::sasl::wire::decode_response(line, max_len) {
        Ok(r) => Ok(Decoded::Complete {
            value: r,
            consumed: lf + 1,
        }),
        Err(e) => Err(e.with_skip(lf + 1)),
    }
}
