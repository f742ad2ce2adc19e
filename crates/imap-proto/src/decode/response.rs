//! The response decoder (clients use it): [`ResponseDecoder`] and its [`ResponseConfig`].
//!
//! Two stages, as everywhere in the workspace: the [`ResponseFramer`] finds where a response
//! ends (its line and its literals, by length), then the grammar of RFC 9051 §9 parses the whole
//! response in complete mode. A malformed response is reported with `skip` = its length, so the
//! next one still decodes.
//!
//! ```
//! use imap_proto::decode::ResponseDecoder;
//! use imap_proto::types::response::{Data, Response};
//! use imap_proto::Decoded;
//!
//! let decoder = ResponseDecoder::default();
//! let input = b"* 12 FETCH (FLAGS (\\Seen) BODY[] {5}\r\nhello)\r\n";
//! let Decoded::Complete { value, consumed } = decoder.decode(input).unwrap() else { panic!() };
//! assert_eq!(consumed, input.len());
//! assert!(matches!(value, Response::Data(Data::Fetch { .. })));
//! ```
//!
//! Keywords (`OK`, `FETCH`, `NIL`, `"TEXT"`, ...) match in any case: the ABNF of RFC 9051 is
//! case-insensitive for literal text (RFC 5234 §2.3), so lower-case keywords are accepted in
//! strict mode too.

use std::borrow::Cow;
use std::num::NonZeroU32;

use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, IntoOwned as _};

use super::core::{
    astring, atom, byte, charset, date_time_with, flag_fetch, flag_perm, literal, literal8,
    mailbox, nstring, number, number64, nz_number, paren_list, quoted, section, section_binary,
    sequence_set, sp, starts_with_ci, string, tag, take_while,
};
use super::response_body::{body, envelope};
use super::response_framer::{DEFAULT_MAX_LITERAL_SIZE, DEFAULT_MAX_RESPONSE_SIZE, ResponseFramer};
use super::{Ctx, DEFAULT_MAX_DEPTH, PErr, PResult, fail, fatal, to_decode_error};
use crate::types::core::{
    Atom, Flag, FlagExtension, FlagFetch, FlagPerm, IString, Literal8, ObjectId, is_astring_char,
    is_atom_char, is_object_id_char,
};
use crate::types::fetch::PartialRange;
use crate::types::response::{
    Base64, BinaryData, Code, Condition, Continue, Data, ESearch, FetchData, Greeting,
    GreetingKind, ListAttribute, ListExtItem, MailboxList, MetadataCode, MetadataEntries,
    NamespaceDescr, OtherCode, QuotaResource, RawValue, RespText, Response, SearchReturn, State,
    StatusValue, Text, Thread, is_base64,
};

/// Default maximum number of items in one list of a response (SEARCH results, FETCH items,
/// capabilities...): 1 048 576. A SEARCH in a large mailbox returns one number per message.
pub const DEFAULT_MAX_RESPONSE_ITEMS: usize = 1 << 20;

/// Default maximum number of addresses in one envelope address list: 10 000.
pub const DEFAULT_MAX_ADDRESSES: usize = 10_000;

/// Limits and named leniencies of the [`ResponseDecoder`].
///
/// `Default` is strict RFC 9051 / RFC 3501 grammar with the default limits. Each leniency
/// names the servers known to need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseConfig {
    /// Maximum size of one response, literals included
    /// ([`DEFAULT_MAX_RESPONSE_SIZE`]).
    pub max_response_size: usize,
    /// Maximum size of one literal ([`DEFAULT_MAX_LITERAL_SIZE`]).
    pub max_literal_size: u64,
    /// Maximum nesting depth of bodies (BODYSTRUCTURE), body extensions, threads and raw
    /// values ([`DEFAULT_MAX_DEPTH`]).
    pub max_depth: usize,
    /// Maximum number of items in one list ([`DEFAULT_MAX_RESPONSE_ITEMS`]).
    pub max_items: usize,
    /// Maximum number of addresses in one envelope address list ([`DEFAULT_MAX_ADDRESSES`]).
    pub max_addresses: usize,
    /// Mailbox names are raw UTF-8 (after `ENABLE UTF8=ACCEPT`, RFC 6855 §3, or `ENABLE
    /// IMAP4rev2`); otherwise modified UTF-7 (RFC 3501 §5.1.3).
    pub utf8: bool,
    /// Accept a status response or continuation without text after the condition or the
    /// code: `* OK [HIGHESTMODSEQ 102784]` CRLF (the grammar wants `"]" SP`), `+` CRLF (the
    /// grammar wants `"+" SP`). Yahoo sends the first form after SELECT and EXAMINE; Yandex
    /// sends a bare `+` as its continuation request.
    pub missing_text: bool,
    /// Accept one space before the CRLF that ends untagged data:
    /// `* CAPABILITY IMAP4rev1 ... UIDPLUS ` CRLF, `* SEARCH 1 2 ` CRLF. Tencent Exmail
    /// (imap.exmail.qq.com) sends it after CAPABILITY once logged in; iCloud has been reported
    /// to do the same; Microsoft Exchange sends `* STATUS INBOX (MESSAGES 2 UNSEEN 0) ` CRLF.
    pub trailing_space: bool,
    /// Read `NIL` as the empty string where BODYSTRUCTURE wants a `string` (media type and
    /// subtype, `body-fld-enc`, parameter names and values, disposition type). maddy sends
    /// `NIL` as the Content-Transfer-Encoding; Mail.ru sends `NIL` parameter values (the
    /// multipart boundary among them).
    pub nil_body_strings: bool,
    /// Accept SP between the addresses of an envelope address list:
    /// `(("a" NIL "x" "y") ("b" NIL "z" "w"))` (the grammar has `1*address` with no separator).
    /// Outlook.com sends it.
    pub spaces_between_addresses: bool,
    /// Read an empty list `()` as `NIL` where BODYSTRUCTURE wants `body-fld-param` (the grammar
    /// has `"(" string SP string *(SP string SP string) ")" / nil`): Mail.ru sends
    /// `("message" "delivery-status" () NIL NIL "7bit" 340)`, and servers built on go-imap v1
    /// sent `("inline" ())` as a disposition.
    pub empty_body_params: bool,
    /// Read an empty list `()` as `NIL` for an envelope address list (the grammar has
    /// `"(" 1*address ")" / nil`): Mail.ru sends `()` for a header with no address
    /// (swift-nio-imap issue #821); JavaMail had the same report of other servers.
    pub empty_address_lists: bool,
    /// Read a lone `string` where BODYSTRUCTURE wants `body-fld-dsp` (the grammar has
    /// `"(" string SP body-fld-param ")" / nil`) as a disposition of that type without
    /// parameters: Microsoft Exchange sends `... NIL "inline" NIL NIL)` for a part (Office 365,
    /// jakartaee/mail-api issue #31; MailKit issue #919) and
    /// `"mixed" (...) "S/MIME Encrypted Message" NIL` for a multipart (Exchange 2016,
    /// javaee/javamail issue #278).
    pub string_disposition: bool,
    /// Accept one SP before the `)` that closes the items of a FETCH response:
    /// `* 11487 FETCH (UID 19436 )` (the grammar has no SP there). QQ Mail (imap.qq.com) sends
    /// it (reported to JavaMail, jakartaee/mail-api issue #209).
    pub fetch_space_before_paren: bool,
    /// Accept octets that are not UTF-8 in the human-readable text of a status response or a
    /// continuation request, each invalid sequence read as U+FFFD (the text is for people;
    /// RFC 9051 §9 `text` is UTF-8, RFC 3501 §9 `text` 7-bit). Servers echo a mailbox name
    /// decoded from modified UTF-7 to Latin-1 into their `NO` text: GreenMail and Dovecot 2.4
    /// were reported to send `T2 NO DELETE failed. No such folder : Missing_` followed by the
    /// octets E0 E8 EC (DirectoryTree/ImapEngine issue #175). Without this option such a
    /// tagged response is a decoding error and the command's completion is lost.
    pub lossy_text: bool,
    /// Accept a one-digit day without its leading SP in a `date-time` (INTERNALDATE,
    /// SAVEDATE): `"8-Mar-2023 12:16:47 +0800"` (the grammar has `date-day-fixed = (SP DIGIT) /
    /// 2DIGIT`). Some servers send it (reported to swift-nio-imap, pull request #735).
    pub unpadded_day: bool,
    /// Accept more than one SP after the `*` of untagged data: `*  1688 EXISTS`. DavMail
    /// writes one SP early as a keepalive while it loads a large folder for SELECT (reported
    /// to DavMail, mguessan/davmail issue #122; its `davmail.enableKeepalive` setting).
    pub spaces_after_star: bool,
    /// Accept more than one SP between the name, usage and limit of a QUOTA resource:
    /// `* QUOTA "" (STORAGE 54 111 MESSAGE 42  1000)`. Archiveopteryx 3.2 sends it (reported to
    /// djc/imap-proto, pull request #169).
    pub spaces_in_quota: bool,
    /// Accept an atom where a BODYSTRUCTURE parameter name or value must be a `string`
    /// (`body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`):
    /// `("TEXT" "PLAIN" (CHARSET "X-UNKNOWN") NIL NIL NIL 11894 0 ...)`. Yandex was reported to
    /// send the parameter name unquoted, with its odd `X-UNKNOWN` charset (and a `NIL`
    /// transfer encoding, see [`ResponseConfig::nil_body_strings`]) for UTF-8 text parts
    /// (Limilabs' Mail.dll blog, "Yandex BODYSTRUCTURE CHARSET X-UNKNOWN"). `NIL` stays `NIL`.
    pub atom_body_params: bool,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_literal_size: DEFAULT_MAX_LITERAL_SIZE,
            max_depth: DEFAULT_MAX_DEPTH,
            max_items: DEFAULT_MAX_RESPONSE_ITEMS,
            max_addresses: DEFAULT_MAX_ADDRESSES,
            utf8: false,
            missing_text: false,
            trailing_space: false,
            nil_body_strings: false,
            spaces_between_addresses: false,
            empty_body_params: false,
            empty_address_lists: false,
            string_disposition: false,
            fetch_space_before_paren: false,
            lossy_text: false,
            unpadded_day: false,
            spaces_after_star: false,
            spaces_in_quota: false,
            atom_body_params: false,
        }
    }
}

impl ResponseConfig {
    /// Strict grammar, default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every leniency on: for a client that talks to whatever server it meets.
    pub fn lenient() -> Self {
        ResponseConfig {
            missing_text: true,
            trailing_space: true,
            nil_body_strings: true,
            spaces_between_addresses: true,
            empty_body_params: true,
            empty_address_lists: true,
            string_disposition: true,
            fetch_space_before_paren: true,
            lossy_text: true,
            unpadded_day: true,
            spaces_after_star: true,
            spaces_in_quota: true,
            atom_body_params: true,
            ..Self::default()
        }
    }

    /// Sets the maximum response size.
    pub fn with_max_response_size(mut self, n: usize) -> Self {
        self.max_response_size = n;
        self
    }

    /// Sets the maximum literal size.
    pub fn with_max_literal_size(mut self, n: u64) -> Self {
        self.max_literal_size = n;
        self
    }

    /// Sets the maximum nesting depth.
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// Sets the maximum list length.
    pub fn with_max_items(mut self, n: usize) -> Self {
        self.max_items = n;
        self
    }

    /// Sets the maximum address list length.
    pub fn with_max_addresses(mut self, n: usize) -> Self {
        self.max_addresses = n;
        self
    }

    /// UTF-8 mailbox names on or off.
    pub fn with_utf8(mut self, on: bool) -> Self {
        self.utf8 = on;
        self
    }

    /// See [`ResponseConfig::missing_text`].
    pub fn with_missing_text(mut self, on: bool) -> Self {
        self.missing_text = on;
        self
    }

    /// See [`ResponseConfig::trailing_space`].
    pub fn with_trailing_space(mut self, on: bool) -> Self {
        self.trailing_space = on;
        self
    }

    /// See [`ResponseConfig::nil_body_strings`].
    pub fn with_nil_body_strings(mut self, on: bool) -> Self {
        self.nil_body_strings = on;
        self
    }

    /// See [`ResponseConfig::spaces_between_addresses`].
    pub fn with_spaces_between_addresses(mut self, on: bool) -> Self {
        self.spaces_between_addresses = on;
        self
    }

    /// See [`ResponseConfig::empty_body_params`].
    pub fn with_empty_body_params(mut self, on: bool) -> Self {
        self.empty_body_params = on;
        self
    }

    /// See [`ResponseConfig::empty_address_lists`].
    pub fn with_empty_address_lists(mut self, on: bool) -> Self {
        self.empty_address_lists = on;
        self
    }

    /// See [`ResponseConfig::string_disposition`].
    pub fn with_string_disposition(mut self, on: bool) -> Self {
        self.string_disposition = on;
        self
    }

    /// See [`ResponseConfig::fetch_space_before_paren`].
    pub fn with_fetch_space_before_paren(mut self, on: bool) -> Self {
        self.fetch_space_before_paren = on;
        self
    }

    /// See [`ResponseConfig::lossy_text`].
    pub fn with_lossy_text(mut self, on: bool) -> Self {
        self.lossy_text = on;
        self
    }

    /// See [`ResponseConfig::unpadded_day`].
    pub fn with_unpadded_day(mut self, on: bool) -> Self {
        self.unpadded_day = on;
        self
    }

    /// See [`ResponseConfig::spaces_after_star`].
    pub fn with_spaces_after_star(mut self, on: bool) -> Self {
        self.spaces_after_star = on;
        self
    }

    /// See [`ResponseConfig::spaces_in_quota`].
    pub fn with_spaces_in_quota(mut self, on: bool) -> Self {
        self.spaces_in_quota = on;
        self
    }

    /// See [`ResponseConfig::atom_body_params`].
    pub fn with_atom_body_params(mut self, on: bool) -> Self {
        self.atom_body_params = on;
        self
    }

    /// A framer with this configuration's limits.
    pub fn framer(&self) -> ResponseFramer {
        ResponseFramer::new(self.max_response_size, self.max_literal_size)
    }

    pub(crate) fn core(&self) -> Ctx {
        Ctx {
            utf8: self.utf8,
            max_items: self.max_items,
            max_depth: self.max_depth,
            unpadded_day: self.unpadded_day,
        }
    }
}

/// Decodes server responses (RFC 9051 §7), for clients.
///
/// [`ResponseDecoder::decode`] takes the bytes received so far and answers one response,
/// `Incomplete`, or an error whose `skip` is the malformed response's length. For a buffer
/// that grows a few bytes at a time, keep a [`ResponseFramer`] (from
/// [`ResponseConfig::framer`]) and call [`ResponseDecoder::parse`] on each framed response:
/// the total work stays linear in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResponseDecoder {
    config: ResponseConfig,
}

impl ResponseDecoder {
    /// A decoder with `config`.
    pub fn new(config: ResponseConfig) -> Self {
        ResponseDecoder { config }
    }

    /// The configuration.
    pub fn config(&self) -> &ResponseConfig {
        &self.config
    }

    /// Decodes the response at the start of `input`.
    pub fn decode<'a>(&self, input: &'a [u8]) -> DecodeResult<Response<'a>> {
        let mut framer = self.config.framer();
        match framer.frame(input)? {
            Decoded::Incomplete => Ok(Decoded::Incomplete),
            Decoded::Complete { consumed, .. } => {
                let value = self.parse(&input[..consumed])?;
                Ok(Decoded::Complete { value, consumed })
            }
        }
    }

    /// Decodes the greeting at the start of `input` (RFC 9051 §7.1: `* OK`, `* PREAUTH` or
    /// `* BYE`).
    pub fn decode_greeting<'a>(&self, input: &'a [u8]) -> DecodeResult<Greeting<'a>> {
        match self.decode(input)? {
            Decoded::Incomplete => Ok(Decoded::Incomplete),
            Decoded::Complete { value, consumed } => {
                let kind = match &value {
                    Response::Status { condition, .. } => match condition {
                        Condition::Ok => Some(GreetingKind::Ok),
                        Condition::PreAuth => Some(GreetingKind::PreAuth),
                        Condition::Bye => Some(GreetingKind::Bye),
                        _ => None,
                    },
                    _ => None,
                };
                match (kind, value) {
                    (Some(kind), Response::Status { text, .. }) => Ok(Decoded::Complete {
                        value: Greeting { kind, text },
                        consumed,
                    }),
                    _ => Err(
                        DecodeError::syntax(0, "a greeting: * OK, * PREAUTH or * BYE")
                            .with_skip(consumed),
                    ),
                }
            }
        }
    }

    /// Parses one whole response (a framed message: line, literals, final CRLF).
    pub fn parse<'a>(&self, message: &'a [u8]) -> Result<Response<'a>, DecodeError> {
        match response(&self.config, message) {
            Ok((_, r)) => Ok(r),
            Err(e) => Err(to_decode_error(message, e).with_skip(message.len())),
        }
    }
}

/// The end of a response: CRLF and nothing after it; with `trailing_space`, also SP CRLF.
fn end<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, ()> {
    match i {
        b"\r\n" => Ok((&i[2..], ())),
        b" \r\n" if c.trailing_space => Ok((&i[3..], ())),
        _ => fail(i, "CRLF"),
    }
}

/// Runs a list parser of `1*(SP item)` until the end of the response, at most `max_items`.
fn sp_items<'a, T>(
    c: &ResponseConfig,
    mut i: &'a [u8],
    mut item: impl FnMut(&'a [u8]) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let mut v = Vec::new();
    while let [b' ', rest @ ..] = i {
        if c.trailing_space && rest == b"\r\n" {
            break;
        }
        if v.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "list items",
                    limit: c.max_items as u64,
                },
            );
        }
        let (r, x) = item(rest)?;
        v.push(x);
        i = r;
    }
    Ok((i, v))
}

/// `response` (one of its lines with literals): tagged, untagged or continuation.
pub(crate) fn response<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Response<'a>> {
    match i.first() {
        Some(b'+') => continue_req(c, &i[1..]),
        Some(b'*') => {
            let (mut i, ()) = sp(&i[1..])?;
            if c.spaces_after_star {
                i = &i[i.iter().take_while(|&&b| b == b' ').count()..];
            }
            untagged(c, i)
        }
        _ => {
            let (i, t) = tag(i)?;
            let (i, ()) = sp(i)?;
            let (i, name) = super::core::token(i)?;
            let state = match name.len() {
                2 if name.eq_ignore_ascii_case(b"OK") => State::Ok,
                2 if name.eq_ignore_ascii_case(b"NO") => State::No,
                3 if name.eq_ignore_ascii_case(b"BAD") => State::Bad,
                _ => return fail(i, "OK, NO or BAD"),
            };
            let (i, text) = resp_text(c, i)?;
            Ok((
                i,
                Response::Tagged {
                    tag: t,
                    state,
                    text,
                },
            ))
        }
    }
}

/// `continue-req = "+" SP (resp-text / base64) CRLF` (after the `+`).
fn continue_req<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Response<'a>> {
    let (i, text) = resp_text(c, i)?;
    if text.code().is_none() && is_base64(text.text_str().as_bytes()) {
        let b = Base64::unvalidated(text.into_text().into_cow());
        return Ok((i, Response::Continue(Continue::Base64(b))));
    }
    Ok((i, Response::Continue(Continue::Text(text))))
}

/// `SP resp-text CRLF` after a condition: `resp-text = ["[" resp-text-code "]" SP] [text]`.
fn resp_text<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, RespText<'a>> {
    let i = match i {
        [b' ', rest @ ..] => rest,
        [b'\r', b'\n'] if c.missing_text => {
            return Ok((&i[2..], RespText::default()));
        }
        _ => return fail(i, "SP"),
    };
    match resp_text_utf8(c, i) {
        Err(nom::Err::Failure(e)) if c.lossy_text && e.kind == DecodeErrorKind::InvalidUtf8 => {
            lossy_resp_text(c, i).unwrap_or(Err(nom::Err::Failure(e)))
        }
        r => r,
    }
}

/// `resp-text CRLF` (after its SP), the text UTF-8.
fn resp_text_utf8<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, RespText<'a>> {
    if i.first() == Some(&b'[')
        && let Ok((rest, code)) = resp_text_code(c, &i[1..])
        && let Some((b']', rest)) = rest.split_first()
    {
        let rest = match rest {
            [b' ', r @ ..] => r,
            [b'\r', b'\n'] if c.missing_text => rest,
            _ => return fail(rest, "SP after ]"),
        };
        let (rest, t) = text(rest)?;
        return Ok((rest, RespText::unvalidated(Some(code), t)));
    }
    let (rest, t) = text(i)?;
    Ok((rest, RespText::unvalidated(None, t)))
}

/// With [`ResponseConfig::lossy_text`], a `resp-text` line that is not UTF-8 is read as if each
/// invalid sequence were U+FFFD, the response code included (its free-form arguments are text
/// too), so the value decoded is the one its encoding decodes to and a line that is no
/// `resp-text` once converted is an error. Called only after [`resp_text_utf8`] met invalid
/// UTF-8 in the text, so the line ends with the response's only CRLF and holds no NUL; `None`
/// if not.
fn lossy_resp_text<'a>(c: &ResponseConfig, i: &'a [u8]) -> Option<PResult<'a, RespText<'a>>> {
    let n = memchr::memchr2(b'\r', b'\n', i)?;
    let raw = &i[..n];
    if &i[n..] != b"\r\n" || memchr::memchr(0, raw).is_some() {
        return None;
    }
    let mut line = String::with_capacity(n + 8);
    line.push(' ');
    line.push_str(&String::from_utf8_lossy(raw));
    line.push_str("\r\n");
    let strict = ResponseConfig {
        lossy_text: false,
        ..*c
    };
    // An error is the one the converted line gives, reported at the start of the text.
    Some(match resp_text(&strict, line.as_bytes()) {
        Ok((_, text)) => Ok((&i[n + 2..], text.into_owned())),
        Err(nom::Err::Error(e)) => Err(nom::Err::Error(PErr {
            input: i,
            kind: e.kind,
        })),
        Err(nom::Err::Failure(e)) => Err(nom::Err::Failure(PErr {
            input: i,
            kind: e.kind,
        })),
        Err(nom::Err::Incomplete(n)) => Err(nom::Err::Incomplete(n)),
    })
}

/// `[text] CRLF` to the end of the response, UTF-8 (RFC 9051 §9 `text`).
fn text(i: &[u8]) -> PResult<'_, Text<'_>> {
    let n = memchr::memchr2(b'\r', b'\n', i).unwrap_or(i.len());
    if &i[n..] != b"\r\n" {
        return fail(&i[n..], "CRLF ending the text");
    }
    let raw = &i[..n];
    if let Some(p) = memchr::memchr(0, raw) {
        return fatal(
            &i[p..],
            DecodeErrorKind::Invalid {
                what: "NUL in text",
            },
        );
    }
    match std::str::from_utf8(raw) {
        Ok(s) => Ok((&i[n + 2..], Text::unvalidated(s))),
        Err(e) => fatal(&i[e.valid_up_to()..], DecodeErrorKind::InvalidUtf8),
    }
}

/// Names of the codes with their own [`Code`] variant.
const KNOWN_CODES: &[&str] = &[
    "ALERT",
    "BADCHARSET",
    "CAPABILITY",
    "PARSE",
    "PERMANENTFLAGS",
    "READ-ONLY",
    "READ-WRITE",
    "TRYCREATE",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "ALREADYEXISTS",
    "AUTHENTICATIONFAILED",
    "AUTHORIZATIONFAILED",
    "CANNOT",
    "CLIENTBUG",
    "CONTACTADMIN",
    "CORRUPTION",
    "EXPIRED",
    "EXPUNGEISSUED",
    "HASCHILDREN",
    "INUSE",
    "LIMIT",
    "NONEXISTENT",
    "NOPERM",
    "OVERQUOTA",
    "PRIVACYREQUIRED",
    "SERVERBUG",
    "UNAVAILABLE",
    "APPENDUID",
    "COPYUID",
    "UIDNOTSTICKY",
    "HIGHESTMODSEQ",
    "NOMODSEQ",
    "MODIFIED",
    "CLOSED",
    "COMPRESSIONACTIVE",
    "METADATA",
    "MAILBOXID",
    "USEATTR",
    "NOTSAVED",
    "UNKNOWN-CTE",
];

/// Whether `name` has its own [`Code`] variant.
pub(crate) fn is_known_code(name: &str) -> bool {
    KNOWN_CODES.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// The code name of a `resp-text-code` byte string; `]` ends it too (it is not an ATOM-CHAR).
fn code_name(i: &[u8]) -> PResult<'_, &[u8]> {
    super::core::token(i)
}

fn unit_code(name: &[u8]) -> Option<Code<'static>> {
    let up = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    Some(match name.len() {
        5 if up("ALERT") => Code::Alert,
        5 if up("PARSE") => Code::Parse,
        9 if up("READ-ONLY") => Code::ReadOnly,
        10 if up("READ-WRITE") => Code::ReadWrite,
        9 if up("TRYCREATE") => Code::TryCreate,
        13 if up("ALREADYEXISTS") => Code::AlreadyExists,
        20 if up("AUTHENTICATIONFAILED") => Code::AuthenticationFailed,
        19 if up("AUTHORIZATIONFAILED") => Code::AuthorizationFailed,
        6 if up("CANNOT") => Code::Cannot,
        9 if up("CLIENTBUG") => Code::ClientBug,
        12 if up("CONTACTADMIN") => Code::ContactAdmin,
        10 if up("CORRUPTION") => Code::Corruption,
        7 if up("EXPIRED") => Code::Expired,
        13 if up("EXPUNGEISSUED") => Code::ExpungeIssued,
        11 if up("HASCHILDREN") => Code::HasChildren,
        5 if up("INUSE") => Code::InUse,
        5 if up("LIMIT") => Code::Limit,
        11 if up("NONEXISTENT") => Code::NonExistent,
        6 if up("NOPERM") => Code::NoPerm,
        9 if up("OVERQUOTA") => Code::OverQuota,
        15 if up("PRIVACYREQUIRED") => Code::PrivacyRequired,
        9 if up("SERVERBUG") => Code::ServerBug,
        11 if up("UNAVAILABLE") => Code::Unavailable,
        12 if up("UIDNOTSTICKY") => Code::UidNotSticky,
        8 if up("NOMODSEQ") => Code::NoModSeq,
        6 if up("CLOSED") => Code::Closed,
        17 if up("COMPRESSIONACTIVE") => Code::CompressionActive,
        7 if up("USEATTR") => Code::UseAttr,
        8 if up("NOTSAVED") => Code::NotSaved,
        11 if up("UNKNOWN-CTE") => Code::UnknownCte,
        _ => return None,
    })
}

/// `"(" objectid ")"` (RFC 8474 §7).
fn paren_object_id(i: &[u8]) -> PResult<'_, ObjectId<'_>> {
    let (i, ()) = byte(i, b'(', "(")?;
    let (i, id) = take_while(i, is_object_id_char);
    if id.is_empty() || id.len() > crate::types::core::MAX_OBJECT_ID_LEN {
        return fail(i, "an object id");
    }
    let (i, ()) = byte(i, b')', ")")?;
    Ok((i, ObjectId::unvalidated(ascii(id))))
}

fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

/// `resp-text-code` (after `[`, up to and excluding `]`).
fn resp_text_code<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Code<'a>> {
    let (rest, name) = code_name(i)?;
    if let Some(code) = unit_code(name) {
        return Ok((rest, code));
    }
    let is = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    if is("BADCHARSET") {
        if let [b' ', r @ ..] = rest {
            let (r, v) = paren_list(&c.core(), r, false, charset)?;
            return Ok((r, Code::BadCharset(v)));
        }
        return Ok((rest, Code::BadCharset(Vec::new())));
    }
    if is("CAPABILITY") {
        let (r, v) = capabilities(c, rest)?;
        return Ok((r, Code::Capability(v)));
    }
    if is("PERMANENTFLAGS") {
        let (r, ()) = sp(rest)?;
        let (r, v) = paren_list(&c.core(), r, true, |i| match i {
            [b'\\', b'*', ..] => flag_perm(i),
            _ => {
                let (r, f) = flags_data_flag(i)?;
                Ok((r, FlagPerm::Flag(f)))
            }
        })?;
        return Ok((r, Code::PermanentFlags(v)));
    }
    if is("UIDNEXT") || is("UIDVALIDITY") || is("UNSEEN") {
        let (r, ()) = sp(rest)?;
        let (r, n) = nz_number(r)?;
        let code = if is("UIDNEXT") {
            Code::UidNext(n)
        } else if is("UIDVALIDITY") {
            Code::UidValidity(n)
        } else {
            Code::Unseen(n)
        };
        return Ok((r, code));
    }
    if is("APPENDUID") {
        let (r, ()) = sp(rest)?;
        let (r, uid_validity) = nz_number(r)?;
        let (r, ()) = sp(r)?;
        let (r, uids) = sequence_set(r, c.max_items)?;
        return Ok((r, Code::AppendUid { uid_validity, uids }));
    }
    if is("COPYUID") {
        let (r, ()) = sp(rest)?;
        let (r, uid_validity) = nz_number(r)?;
        let (r, ()) = sp(r)?;
        let (r, source) = sequence_set(r, c.max_items)?;
        let (r, ()) = sp(r)?;
        let (r, destination) = sequence_set(r, c.max_items)?;
        return Ok((
            r,
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            },
        ));
    }
    if is("HIGHESTMODSEQ") {
        let (r, ()) = sp(rest)?;
        let (r, n) = number64(r)?;
        return Ok((r, Code::HighestModSeq(n)));
    }
    if is("MODIFIED") {
        let (r, ()) = sp(rest)?;
        let (r, s) = sequence_set(r, c.max_items)?;
        return Ok((r, Code::Modified(s)));
    }
    if is("METADATA") {
        let (r, ()) = sp(rest)?;
        let (r2, sub) = code_name(r)?;
        let m = if sub.eq_ignore_ascii_case(b"LONGENTRIES") || sub.eq_ignore_ascii_case(b"MAXSIZE")
        {
            let (r3, ()) = sp(r2)?;
            let (r3, n) = number(r3)?;
            let m = if sub.eq_ignore_ascii_case(b"MAXSIZE") {
                MetadataCode::MaxSize(n)
            } else {
                MetadataCode::LongEntries(n)
            };
            return Ok((r3, Code::Metadata(m)));
        } else if sub.eq_ignore_ascii_case(b"TOOMANY") {
            MetadataCode::TooMany
        } else if sub.eq_ignore_ascii_case(b"NOPRIVATE") {
            MetadataCode::NoPrivate
        } else {
            return fail(r, "LONGENTRIES, MAXSIZE, TOOMANY or NOPRIVATE");
        };
        return Ok((r2, Code::Metadata(m)));
    }
    if is("MAILBOXID") {
        let (r, ()) = sp(rest)?;
        let (r, id) = paren_object_id(r)?;
        return Ok((r, Code::MailboxId(id)));
    }
    // atom [SP 1*<any TEXT-CHAR except "]">]
    let name = Atom::unvalidated(ascii(name));
    match rest {
        [b' ', r @ ..] => {
            let n = r
                .iter()
                .position(|&b| matches!(b, b']' | b'\r' | b'\n' | 0))
                .unwrap_or(r.len());
            if n == 0 {
                return fail(r, "response code arguments");
            }
            match std::str::from_utf8(&r[..n]) {
                Ok(s) => Ok((
                    &r[n..],
                    Code::Other(OtherCode::unvalidated(name, Some(Cow::Borrowed(s)))),
                )),
                Err(_) => fatal(r, DecodeErrorKind::InvalidUtf8),
            }
        }
        _ => Ok((rest, Code::Other(OtherCode::unvalidated(name, None)))),
    }
}

/// `*(SP capability)`, `capability = ("AUTH=" auth-type) / atom`.
fn capabilities<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<Atom<'a>>> {
    sp_items(c, i, |i| {
        let (r, a) = atom(i)?;
        Ok((r, Atom::unvalidated(a)))
    })
}

/// `"*" SP` and what follows.
fn untagged<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Response<'a>> {
    if i.first().is_some_and(u8::is_ascii_digit) {
        let (r, n) = number(i)?;
        let (r, ()) = sp(r)?;
        let (after, name) = super::core::token(r)?;
        let is = |s: &[u8]| name.eq_ignore_ascii_case(s);
        let data = if is(b"EXISTS") {
            Data::Exists(n)
        } else if is(b"RECENT") {
            Data::Recent(n)
        } else if is(b"EXPUNGE") || is(b"FETCH") {
            let Some(seq) = NonZeroU32::new(n) else {
                return fail(i, "a non-zero message number");
            };
            if is(b"EXPUNGE") {
                Data::Expunge(seq)
            } else {
                let (after, ()) = sp(after)?;
                let (after, items) = msg_att(c, after)?;
                let (after, ()) = end(c, after)?;
                return Ok((after, Response::Data(Data::Fetch { seq, items })));
            }
        } else {
            return other_data(c, Some(n), r);
        };
        let (after, ()) = end(c, after)?;
        return Ok((after, Response::Data(data)));
    }
    let (r, name) = super::core::token(i)?;
    let is = |s: &[u8]| name.eq_ignore_ascii_case(s);
    let condition = match name.len() {
        2 if is(b"OK") => Some(Condition::Ok),
        2 if is(b"NO") => Some(Condition::No),
        3 if is(b"BAD") => Some(Condition::Bad),
        3 if is(b"BYE") => Some(Condition::Bye),
        7 if is(b"PREAUTH") => Some(Condition::PreAuth),
        _ => None,
    };
    if let Some(condition) = condition {
        let (r, text) = resp_text(c, r)?;
        return Ok((r, Response::Status { condition, text }));
    }
    let (r, data) = if is(b"CAPABILITY") {
        let (r, v) = capabilities(c, r)?;
        (r, Data::Capability(v))
    } else if is(b"ENABLED") {
        let (r, v) = capabilities(c, r)?;
        (r, Data::Enabled(v))
    } else if is(b"LIST") || is(b"LSUB") {
        let (r, ()) = sp(r)?;
        let (r, l) = mailbox_list(c, r)?;
        (
            r,
            if is(b"LIST") {
                Data::List(l)
            } else {
                Data::Lsub(l)
            },
        )
    } else if is(b"NAMESPACE") {
        let (r, ()) = sp(r)?;
        let (r, personal) = namespace(c, r)?;
        let (r, ()) = sp(r)?;
        let (r, other) = namespace(c, r)?;
        let (r, ()) = sp(r)?;
        let (r, shared) = namespace(c, r)?;
        (
            r,
            Data::Namespace {
                personal,
                other,
                shared,
            },
        )
    } else if is(b"STATUS") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, ()) = sp(r)?;
        let (r, items) = paren_list(&c.core(), r, true, status_item)?;
        (
            r,
            Data::Status {
                mailbox: mbox,
                items,
            },
        )
    } else if is(b"ESEARCH") {
        let (r, e) = esearch(c, r)?;
        (r, Data::ESearch(e))
    } else if is(b"SEARCH") || is(b"SORT") {
        let (r, (ids, modseq)) = search_numbers(c, r)?;
        (
            r,
            if is(b"SEARCH") {
                Data::Search { ids, modseq }
            } else {
                Data::Sort { ids, modseq }
            },
        )
    } else if is(b"THREAD") {
        let (r, t) = threads(c, r)?;
        (r, Data::Thread(t))
    } else if is(b"FLAGS") {
        let (r, ()) = sp(r)?;
        let (r, f) = paren_list(&c.core(), r, true, flags_data_flag)?;
        (r, Data::Flags(f))
    } else if is(b"VANISHED") {
        let (r, ()) = sp(r)?;
        let (r, earlier) = if starts_with_ci(r, b"(EARLIER) ") {
            (&r[10..], true)
        } else {
            (r, false)
        };
        let (r, uids) = sequence_set(r, c.max_items)?;
        (r, Data::Vanished { earlier, uids })
    } else if is(b"QUOTA") {
        let (r, ()) = sp(r)?;
        let (r, root) = astring(r)?;
        let (r, ()) = sp(r)?;
        let (r, resources) = paren_list(&c.core(), r, true, |i| quota_resource(c, i))?;
        (r, Data::Quota { root, resources })
    } else if is(b"QUOTAROOT") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, roots) = sp_items(c, r, astring)?;
        (
            r,
            Data::QuotaRoot {
                mailbox: mbox,
                roots,
            },
        )
    } else if is(b"METADATA") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, ()) = sp(r)?;
        let (r, entries) = if r.first() == Some(&b'(') {
            let (r, v) = paren_list(&c.core(), r, false, |i| {
                let (i, e) = astring(i)?;
                let (i, ()) = sp(i)?;
                let (i, v) = if i.first() == Some(&b'~') {
                    let (i, (d, _)) = literal8(i)?;
                    (i, Some(Cow::Borrowed(d)))
                } else {
                    let (i, v) = nstring(i)?;
                    (i, v.map(IString::into_inner))
                };
                Ok((i, (e, v)))
            })?;
            (r, MetadataEntries::Values(v))
        } else {
            let (r, first) = astring(r)?;
            let (r, mut rest) = sp_items(c, r, astring)?;
            rest.insert(0, first);
            (r, MetadataEntries::Changed(rest))
        };
        (
            r,
            Data::Metadata {
                mailbox: mbox,
                entries,
            },
        )
    } else if is(b"ACL") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, entries) = sp_items(c, r, |i| {
            let (i, id) = astring(i)?;
            let (i, ()) = sp(i)?;
            let (i, rights) = astring(i)?;
            Ok((i, (id, rights)))
        })?;
        (
            r,
            Data::Acl {
                mailbox: mbox,
                entries,
            },
        )
    } else if is(b"LISTRIGHTS") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, ()) = sp(r)?;
        let (r, identifier) = astring(r)?;
        let (r, ()) = sp(r)?;
        let (r, required) = astring(r)?;
        let (r, optional) = sp_items(c, r, astring)?;
        (
            r,
            Data::ListRights {
                mailbox: mbox,
                identifier,
                required,
                optional,
            },
        )
    } else if is(b"MYRIGHTS") {
        let (r, ()) = sp(r)?;
        let (r, mbox) = mailbox(&c.core(), r)?;
        let (r, ()) = sp(r)?;
        let (r, rights) = astring(r)?;
        (
            r,
            Data::MyRights {
                mailbox: mbox,
                rights,
            },
        )
    } else if is(b"ID") {
        let (r, ()) = sp(r)?;
        if super::core::nstring(r).is_ok_and(|(_, s)| s.is_none()) {
            (&r[3..], Data::Id(None))
        } else {
            let (r, v) = paren_list(&c.core(), r, true, |i| {
                let (i, k) = string(i)?;
                let (i, ()) = sp(i)?;
                let (i, v) = nstring(i)?;
                Ok((i, (k, v)))
            })?;
            (r, Data::Id(Some(v)))
        }
    } else {
        return other_data(c, None, i);
    };
    let (r, ()) = end(c, r)?;
    Ok((r, Response::Data(data)))
}

/// A `flag` of the FLAGS response or of PERMANENTFLAGS. `\Recent` matches
/// `flag-extension = "\" atom` (RFC 3501 §9, RFC 9051 §9) and Courier-IMAP lists it in FLAGS
/// (`* FLAGS (\Draft \Answered \Flagged \Deleted \Seen \Recent)`): it reads as an extension
/// flag of that name.
fn flags_data_flag(i: &[u8]) -> PResult<'_, Flag<'_>> {
    match flag_fetch(i)? {
        (r, FlagFetch::Flag(f)) => Ok((r, f)),
        (r, FlagFetch::Recent) => {
            let name = i.get(1..i.len() - r.len()).unwrap_or_default();
            Ok((r, Flag::Extension(FlagExtension::unvalidated(ascii(name)))))
        }
    }
}

/// Untagged data with an unknown name: kept raw up to the final CRLF.
fn other_data<'a>(
    c: &ResponseConfig,
    number: Option<u32>,
    i: &'a [u8],
) -> PResult<'a, Response<'a>> {
    let _ = c;
    let (r, name) = super::core::token(i)?;
    let body = r.strip_suffix(b"\r\n").unwrap_or(r);
    if body.len() == r.len() {
        return fail(&r[r.len()..], "CRLF");
    }
    let rest = match body {
        [] => &body[..0],
        [b' ', rest @ ..] => rest,
        _ => return fail(r, "SP"),
    };
    Ok((
        &r[r.len()..],
        Response::Data(Data::Other {
            number,
            name: Atom::unvalidated(ascii(name)),
            rest: Cow::Borrowed(rest),
        }),
    ))
}

/// `mailbox-list` (RFC 9051 §9, RFC 5258 §3).
fn mailbox_list<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, MailboxList<'a>> {
    let (i, attributes) = paren_list(&c.core(), i, true, list_attribute)?;
    let (i, ()) = sp(i)?;
    let (i, delimiter) = delimiter(i)?;
    let (i, ()) = sp(i)?;
    let (i, mbox) = mailbox(&c.core(), i)?;
    let (i, extended) = match i {
        [b' ', r @ ..] if r.first() == Some(&b'(') => {
            paren_list(&c.core(), r, true, |i| list_ext_item(c, i))?
        }
        _ => (i, Vec::new()),
    };
    Ok((
        i,
        MailboxList {
            attributes,
            delimiter,
            mailbox: mbox,
            extended,
        },
    ))
}

fn list_attribute(i: &[u8]) -> PResult<'_, ListAttribute<'_>> {
    let (i, ()) = byte(i, b'\\', "a mailbox attribute")?;
    let (r, name) = atom(i)?;
    for (n, v) in ListAttribute::NAMED.iter() {
        // The length first: most names are ruled out without comparing bytes.
        if n.len() == name.len() && n.eq_ignore_ascii_case(name) {
            return Ok((r, v.clone()));
        }
    }
    Ok((r, ListAttribute::Extension(Atom::unvalidated(name))))
}

/// `(DQUOTE QUOTED-CHAR DQUOTE / nil)`: a hierarchy delimiter.
fn delimiter(i: &[u8]) -> PResult<'_, Option<char>> {
    if starts_with_ci(i, b"NIL") {
        return Ok((&i[3..], None));
    }
    let (r, q) = quoted(i)?;
    let s = std::str::from_utf8(&q).unwrap_or_default();
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None) => Ok((r, Some(ch))),
        _ => fail(i, "a one-character delimiter or NIL"),
    }
}

fn list_ext_item<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, ListExtItem<'a>> {
    let (i, t) = astring(i)?;
    let (i, ()) = sp(i)?;
    let tb = t.as_bytes();
    if tb.eq_ignore_ascii_case(b"CHILDINFO") {
        let (i, v) = paren_list(&c.core(), i, false, string)?;
        return Ok((i, ListExtItem::ChildInfo(v)));
    }
    if tb.eq_ignore_ascii_case(b"OLDNAME") {
        let (i, ()) = byte(i, b'(', "(")?;
        let (i, m) = mailbox(&c.core(), i)?;
        let (i, ()) = byte(i, b')', ")")?;
        return Ok((i, ListExtItem::OldName(m)));
    }
    let (i, value) = raw_value(c.max_depth, i)?;
    Ok((i, ListExtItem::Other { tag: t, value }))
}

/// `namespace = nil / "(" 1*namespace-descr ")"` (RFC 9051 §9).
fn namespace<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Option<Vec<NamespaceDescr<'a>>>> {
    if starts_with_ci(i, b"NIL") {
        return Ok((&i[3..], None));
    }
    let (mut i, ()) = byte(i, b'(', "a namespace or NIL")?;
    let mut v = Vec::new();
    loop {
        if v.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "namespaces",
                    limit: c.max_items as u64,
                },
            );
        }
        let (r, d) = namespace_descr(c, i)?;
        v.push(d);
        i = r;
        if let Some((b')', r)) = i.split_first() {
            return Ok((r, Some(v)));
        }
    }
}

fn namespace_descr<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, NamespaceDescr<'a>> {
    let (i, ()) = byte(i, b'(', "(")?;
    let (i, prefix) = string(i)?;
    let (i, ()) = sp(i)?;
    let (i, delimiter) = delimiter(i)?;
    let (i, extensions) = sp_items(c, i, |i| {
        let (i, name) = string(i)?;
        let (i, ()) = sp(i)?;
        let (i, values) = paren_list(&c.core(), i, false, string)?;
        Ok((i, (name, values)))
    })?;
    let (i, ()) = byte(i, b')', ")")?;
    Ok((
        i,
        NamespaceDescr {
            prefix,
            delimiter,
            extensions,
        },
    ))
}

/// `status-att-val` (RFC 9051 §9 and extensions).
fn status_item(i: &[u8]) -> PResult<'_, StatusValue<'_>> {
    let (r, name) = super::core::token(i)?;
    let (r, ()) = sp(r)?;
    let is = |s: &[u8]| name.eq_ignore_ascii_case(s);
    if is(b"MESSAGES") || is(b"RECENT") || is(b"UNSEEN") || is(b"DELETED") {
        let (r, n) = number(r)?;
        let item = if is(b"MESSAGES") {
            StatusValue::Messages(n)
        } else if is(b"RECENT") {
            StatusValue::Recent(n)
        } else if is(b"UNSEEN") {
            StatusValue::Unseen(n)
        } else {
            StatusValue::Deleted(n)
        };
        return Ok((r, item));
    }
    if is(b"UIDNEXT") || is(b"UIDVALIDITY") {
        let (r, n) = nz_number(r)?;
        let item = if is(b"UIDNEXT") {
            StatusValue::UidNext(n)
        } else {
            StatusValue::UidValidity(n)
        };
        return Ok((r, item));
    }
    if is(b"SIZE") || is(b"HIGHESTMODSEQ") {
        let (r, n) = number64(r)?;
        let item = if is(b"SIZE") {
            StatusValue::Size(n)
        } else {
            StatusValue::HighestModSeq(n)
        };
        return Ok((r, item));
    }
    if is(b"MAILBOXID") {
        let (r, id) = paren_object_id(r)?;
        return Ok((r, StatusValue::MailboxId(id)));
    }
    if is(b"APPENDLIMIT") {
        if starts_with_ci(r, b"NIL") {
            return Ok((&r[3..], StatusValue::AppendLimit(None)));
        }
        let (r, n) = number(r)?;
        return Ok((r, StatusValue::AppendLimit(Some(n))));
    }
    let (r, n) = number64(r)?;
    Ok((r, StatusValue::Other(Atom::unvalidated(ascii(name)), n)))
}

/// `resource-name SP resource-usage SP resource-limit` (RFC 9208 §5).
fn quota_resource<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, QuotaResource<'a>> {
    // SP, or with `spaces_in_quota` one or more.
    let gap = |i: &'a [u8]| -> PResult<'a, ()> {
        let (i, ()) = sp(i)?;
        if c.spaces_in_quota {
            return Ok((&i[i.iter().take_while(|&&b| b == b' ').count()..], ()));
        }
        Ok((i, ()))
    };
    let (i, name) = atom(i)?;
    let (i, ()) = gap(i)?;
    let (i, usage) = number64(i)?;
    let (i, ()) = gap(i)?;
    let (i, limit) = number64(i)?;
    Ok((
        i,
        QuotaResource {
            name: Atom::unvalidated(name),
            usage,
            limit,
        },
    ))
}

/// `esearch-response` after `ESEARCH` (RFC 4731 §3.1, RFC 9051 §9).
fn esearch<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, ESearch<'a>> {
    let (i, tag) = if starts_with_ci(i, b" (TAG ") {
        let (r, t) = astring(&i[6..])?;
        let (r, ()) = byte(r, b')', ")")?;
        (r, Some(t))
    } else {
        (i, None)
    };
    let (i, uid) = match i {
        [b' ', u, id, rest @ ..]
            if u.eq_ignore_ascii_case(&b'U')
                && id.eq_ignore_ascii_case(&b'I')
                && rest.first().is_some_and(|d| d.eq_ignore_ascii_case(&b'D'))
                && !rest.get(1).is_some_and(|&b| is_atom_char(b)) =>
        {
            (&rest[1..], true)
        }
        _ => (i, false),
    };
    let (i, items) = sp_items(c, i, |i| search_return(c, i))?;
    Ok((i, ESearch { tag, uid, items }))
}

fn search_return<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, SearchReturn<'a>> {
    let (r, name) = super::core::token(i)?;
    let (r, ()) = sp(r)?;
    let is = |s: &[u8]| name.eq_ignore_ascii_case(s);
    if is(b"MIN") || is(b"MAX") {
        let (r, n) = nz_number(r)?;
        return Ok((
            r,
            if is(b"MIN") {
                SearchReturn::Min(n)
            } else {
                SearchReturn::Max(n)
            },
        ));
    }
    if is(b"ALL") {
        let (r, s) = sequence_set(r, c.max_items)?;
        if s.is_saved() {
            return fail(r, "a sequence set other than $");
        }
        return Ok((r, SearchReturn::All(s)));
    }
    if is(b"COUNT") {
        let (r, n) = number(r)?;
        return Ok((r, SearchReturn::Count(n)));
    }
    if is(b"MODSEQ") {
        let (r, n) = number64(r)?;
        return Ok((r, SearchReturn::ModSeq(n)));
    }
    if is(b"PARTIAL") {
        let (r, ()) = byte(r, b'(', "(")?;
        let (r, range) = if let Some((b'-', r)) = r.split_first() {
            let (r, a) = nz_number(r)?;
            let (r, ()) = byte(r, b':', ":")?;
            let (r, ()) = byte(r, b'-', "-")?;
            let (r, b) = nz_number(r)?;
            (
                r,
                PartialRange::new(-i64::from(a.get()), -i64::from(b.get())),
            )
        } else {
            let (r, a) = nz_number(r)?;
            let (r, ()) = byte(r, b':', ":")?;
            let (r, b) = nz_number(r)?;
            (r, PartialRange::new(i64::from(a.get()), i64::from(b.get())))
        };
        let Ok(range) = range else {
            return fail(r, "a partial range");
        };
        let (r, ()) = sp(r)?;
        let (r, set) = if starts_with_ci(r, b"NIL") {
            (&r[3..], None)
        } else {
            let (r, s) = sequence_set(r, c.max_items)?;
            (r, Some(s))
        };
        let (r, ()) = byte(r, b')', ")")?;
        return Ok((r, SearchReturn::Partial(range, set)));
    }
    let (r, v) = raw_value(c.max_depth, r)?;
    Ok((r, SearchReturn::Other(Atom::unvalidated(ascii(name)), v)))
}

/// `*(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (RFC 3501, RFC 5256,
/// RFC 7162 §3.1.5).
type Numbers = (Vec<NonZeroU32>, Option<u64>);

fn search_numbers<'a>(c: &ResponseConfig, mut i: &'a [u8]) -> PResult<'a, Numbers> {
    // One number per SP: sized once (a vectorised count) instead of grown by doubling, and
    // bounded by the input and by `max_items` (plus one, for the item that exceeds it).
    let mut ids = Vec::with_capacity(
        memchr::memchr_iter(b' ', i)
            .count()
            .min(c.max_items.saturating_add(1)),
    );
    let mut modseq = None;
    while let [b' ', rest @ ..] = i {
        // Fast path: a number of at most 9 digits (it cannot overflow u32) followed by SP or
        // CR. Anything else (0, 10 digits or more, MODSEQ, a syntax error) goes the general
        // way below, which gives the same value or the error.
        if let [d @ b'1'..=b'9', ..] = rest
            && ids.len() < c.max_items
        {
            let mut n = u32::from(d - b'0');
            let mut j = 1;
            while j < 9
                && let Some(&digit) = rest.get(j)
                && digit.is_ascii_digit()
            {
                n = n.wrapping_mul(10).wrapping_add(u32::from(digit - b'0'));
                j += 1;
            }
            if let (Some(b' ' | b'\r'), Some(n), Some(r)) =
                (rest.get(j), NonZeroU32::new(n), rest.get(j..))
            {
                ids.push(n);
                i = r;
                continue;
            }
        }
        if c.trailing_space && rest == b"\r\n" {
            break;
        }
        if rest.first() == Some(&b'(') {
            let (r, ()) = super::core::kw(rest, b"(MODSEQ ", "(MODSEQ")?;
            let (r, n) = number64(r)?;
            let (r, ()) = byte(r, b')', ")")?;
            modseq = Some(n);
            i = r;
            break;
        }
        if ids.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "search results",
                    limit: c.max_items as u64,
                },
            );
        }
        let (r, n) = nz_number(rest)?;
        ids.push(n);
        i = r;
    }
    Ok((i, (ids, modseq)))
}

/// `thread-data = "THREAD" [SP 1*thread-list]` (RFC 5256 §4), after `THREAD`.
fn threads<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<Thread>> {
    let mut v = Vec::new();
    let mut i = match i {
        [b' ', rest @ ..] if rest.first() == Some(&b'(') => rest,
        _ => return Ok((i, v)),
    };
    while i.first() == Some(&b'(') {
        if v.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "threads",
                    limit: c.max_items as u64,
                },
            );
        }
        let (r, t) = thread_list(c, i, 0)?;
        v.push(t);
        i = r;
    }
    Ok((i, v))
}

/// `thread-list = "(" (thread-members / thread-nested) ")"`.
fn thread_list<'a>(c: &ResponseConfig, i: &'a [u8], depth: usize) -> PResult<'a, Thread> {
    if depth >= c.max_depth {
        return fatal(
            i,
            DecodeErrorKind::LimitExceeded {
                what: "nesting depth",
                limit: c.max_depth as u64,
            },
        );
    }
    let (mut i, ()) = byte(i, b'(', "(")?;
    let mut t = Thread::default();
    if i.first().is_some_and(u8::is_ascii_digit) {
        let (r, n) = nz_number(i)?;
        t.members.push(n);
        i = r;
        while let [b' ', rest @ ..] = i {
            if rest.first() == Some(&b'(') {
                i = rest;
                break;
            }
            if t.members.len() >= c.max_items {
                return fatal(
                    i,
                    DecodeErrorKind::LimitExceeded {
                        what: "thread members",
                        limit: c.max_items as u64,
                    },
                );
            }
            let (r, n) = nz_number(rest)?;
            t.members.push(n);
            i = r;
        }
    }
    while i.first() == Some(&b'(') {
        if t.children.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "threads",
                    limit: c.max_items as u64,
                },
            );
        }
        let (r, child) = thread_list(c, i, depth + 1)?;
        t.children.push(child);
        i = r;
    }
    if t.children.len() == 1 || (t.members.is_empty() && t.children.is_empty()) {
        return fail(i, "thread members or at least two nested threads");
    }
    let (i, ()) = byte(i, b')', ")")?;
    Ok((i, t))
}

/// `msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP ...) ")"`; with
/// [`ResponseConfig::fetch_space_before_paren`], also `SP ")"` at the end.
fn msg_att<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, Vec<FetchData<'a>>> {
    let (mut i, ()) = byte(i, b'(', "(")?;
    let mut items = Vec::new();
    loop {
        if items.len() >= c.max_items {
            return fatal(
                i,
                DecodeErrorKind::LimitExceeded {
                    what: "list items",
                    limit: c.max_items as u64,
                },
            );
        }
        let (rest, item) = fetch_item(c, i)?;
        items.push(item);
        match rest {
            [b')', r @ ..] => return Ok((r, items)),
            [b' ', b')', r @ ..] if c.fetch_space_before_paren => return Ok((r, items)),
            [b' ', r @ ..] => i = r,
            _ => return fail(rest, "SP or )"),
        }
    }
}

/// The name of a FETCH item: ATOM-CHARs up to `[`, `<` or the end of the atom.
fn item_name(i: &[u8]) -> PResult<'_, &[u8]> {
    let (r, n) = take_while(i, |b| is_atom_char(b) && b != b'[' && b != b'<');
    if n.is_empty() {
        return fail(i, "a FETCH item name");
    }
    Ok((r, n))
}

/// `["<" number ">"]` after a section.
fn origin(i: &[u8]) -> PResult<'_, Option<u32>> {
    match i.split_first() {
        Some((b'<', r)) => {
            let (r, n) = number(r)?;
            let (r, ()) = byte(r, b'>', ">")?;
            Ok((r, Some(n)))
        }
        _ => Ok((i, None)),
    }
}

fn fetch_item<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, FetchData<'a>> {
    let (r, name) = item_name(i)?;
    let is = |s: &[u8]| name.eq_ignore_ascii_case(s);
    if is(b"BODY") && r.first() == Some(&b'[') {
        let (r, sec) = section(&c.core(), r)?;
        let (r, origin) = origin(r)?;
        let (r, ()) = sp(r)?;
        let (r, data) = nstring(r)?;
        return Ok((
            r,
            FetchData::BodySection {
                section: sec,
                origin,
                data,
            },
        ));
    }
    if is(b"BINARY") && r.first() == Some(&b'[') {
        let (r, part) = section_binary(&c.core(), r)?;
        let (r, origin) = origin(r)?;
        let (r, ()) = sp(r)?;
        let (r, data) = if r.first() == Some(&b'~') {
            let (r, (d, _)) = literal8(r)?;
            (r, BinaryData::Literal8(Literal8::new(d)))
        } else {
            match nstring(r)? {
                (r, None) => (r, BinaryData::Nil),
                (r, Some(s)) => (r, BinaryData::String(s)),
            }
        };
        return Ok((r, FetchData::Binary { part, origin, data }));
    }
    if is(b"BINARY.SIZE") && r.first() == Some(&b'[') {
        let (r, part) = section_binary(&c.core(), r)?;
        let (r, ()) = sp(r)?;
        let (r, size) = number(r)?;
        return Ok((r, FetchData::BinarySize { part, size }));
    }
    if r.first().is_some_and(|&b| b == b'[' || b == b'<') {
        return other_item(c, i);
    }
    let (r, ()) = sp(r)?;
    let item = match name.len() {
        5 if is(b"FLAGS") => {
            let (r, v) = paren_list(&c.core(), r, true, flag_fetch)?;
            return Ok((r, FetchData::Flags(v)));
        }
        8 if is(b"ENVELOPE") => {
            let (r, e) = envelope(c, r)?;
            return Ok((r, FetchData::Envelope(Box::new(e))));
        }
        12 if is(b"INTERNALDATE") => {
            let (r, d) = date_time_with(r, c.unpadded_day)?;
            return Ok((r, FetchData::InternalDate(d)));
        }
        11 if is(b"RFC822.SIZE") => {
            let (r, n) = number64(r)?;
            return Ok((r, FetchData::Rfc822Size(n)));
        }
        4 if is(b"BODY") => {
            let (r, b) = body(c, r, 0)?;
            return Ok((r, FetchData::Body(Box::new(b))));
        }
        13 if is(b"BODYSTRUCTURE") => {
            let (r, b) = body(c, r, 0)?;
            return Ok((r, FetchData::BodyStructure(Box::new(b))));
        }
        3 if is(b"UID") => {
            let (r, n) = nz_number(r)?;
            return Ok((r, FetchData::Uid(n)));
        }
        6 if is(b"RFC822") => {
            let (r, s) = nstring(r)?;
            FetchData::Rfc822(s).with(r)
        }
        13 if is(b"RFC822.HEADER") => {
            let (r, s) = nstring(r)?;
            FetchData::Rfc822Header(s).with(r)
        }
        11 if is(b"RFC822.TEXT") => {
            let (r, s) = nstring(r)?;
            FetchData::Rfc822Text(s).with(r)
        }
        6 if is(b"MODSEQ") => {
            let (r, ()) = byte(r, b'(', "(")?;
            let (r, n) = number64(r)?;
            let (r, ()) = byte(r, b')', ")")?;
            FetchData::ModSeq(n).with(r)
        }
        7 if is(b"EMAILID") => {
            let (r, id) = paren_object_id(r)?;
            FetchData::EmailId(id).with(r)
        }
        8 if is(b"THREADID") => {
            if starts_with_ci(r, b"NIL") {
                FetchData::ThreadId(None).with(&r[3..])
            } else {
                let (r, id) = paren_object_id(r)?;
                FetchData::ThreadId(Some(id)).with(r)
            }
        }
        8 if is(b"SAVEDATE") => {
            if starts_with_ci(r, b"NIL") {
                FetchData::SaveDate(None).with(&r[3..])
            } else {
                let (r, d) = date_time_with(r, c.unpadded_day)?;
                FetchData::SaveDate(Some(d)).with(r)
            }
        }
        7 if is(b"PREVIEW") => {
            let (r, s) = nstring(r)?;
            FetchData::Preview(s).with(r)
        }
        10 if is(b"X-GM-MSGID") => {
            let (r, n) = number64(r)?;
            FetchData::GmailMsgId(n).with(r)
        }
        10 if is(b"X-GM-THRID") => {
            let (r, n) = number64(r)?;
            FetchData::GmailThrId(n).with(r)
        }
        11 if is(b"X-GM-LABELS") => {
            let (r, v) = paren_list(&c.core(), r, true, gmail_label)?;
            FetchData::GmailLabels(v).with(r)
        }
        _ => return other_item(c, i),
    };
    Ok(item)
}

trait With<'a>: Sized {
    fn with(self, rest: &'a [u8]) -> (&'a [u8], Self) {
        (rest, self)
    }
}
impl<'a> With<'a> for FetchData<'a> {}

/// A Gmail label: an astring, or a backslash name such as `\Inbox` (kept with its backslash).
fn gmail_label(i: &[u8]) -> PResult<'_, IString<'_>> {
    if i.first() == Some(&b'\\') {
        let (r, _) = atom(&i[1..])?;
        let n = i.len() - r.len();
        return Ok((r, IString::unvalidated(Cow::Borrowed(&i[..n]))));
    }
    astring(i)
}

/// An unknown FETCH item: `name SP value`, the name possibly followed by `[...]` and `<...>`.
fn other_item<'a>(c: &ResponseConfig, i: &'a [u8]) -> PResult<'a, FetchData<'a>> {
    let (r, name) = take_while(i, |b| is_atom_char(b) || b == b']');
    if name.is_empty() {
        return fail(i, "a FETCH item");
    }
    let (r, ()) = sp(r)?;
    let (r, value) = raw_value(c.max_depth, r)?;
    Ok((
        r,
        FetchData::Other {
            name: Atom::unvalidated(ascii(name)),
            value,
        },
    ))
}

/// A generic value, kept raw: an atom-like token (may start with `\`), a number, a quoted
/// string, a literal, a literal8, `NIL` or a parenthesised list of those (RFC 4466 §2.1
/// `tagged-ext-val`, loosened to what private extensions send).
pub(crate) fn raw_value(max_depth: usize, i: &[u8]) -> PResult<'_, RawValue<'_>> {
    let (r, ()) = skip_value(max_depth, i, 0)?;
    let n = i.len() - r.len();
    Ok((r, RawValue::unvalidated(Cow::Borrowed(&i[..n]))))
}

fn is_raw_token_char(b: u8) -> bool {
    is_astring_char(b) || b == b'\\' || b == b'%' || b == b'*'
}

fn skip_value(max_depth: usize, i: &[u8], depth: usize) -> PResult<'_, ()> {
    match i.first() {
        Some(b'(') => {
            if depth >= max_depth {
                return fatal(
                    i,
                    DecodeErrorKind::LimitExceeded {
                        what: "nesting depth",
                        limit: max_depth as u64,
                    },
                );
            }
            let mut i = &i[1..];
            if let Some((b')', r)) = i.split_first() {
                return Ok((r, ()));
            }
            loop {
                let (r, ()) = skip_value(max_depth, i, depth + 1)?;
                match r.split_first() {
                    Some((b' ', r)) => i = r,
                    Some((b')', r)) => return Ok((r, ())),
                    _ => return fail(r, "SP or )"),
                }
            }
        }
        Some(b'"') => {
            let (r, _) = quoted(i)?;
            Ok((r, ()))
        }
        Some(b'{') => {
            let (r, _) = literal(i)?;
            Ok((r, ()))
        }
        Some(b'~') => {
            let (r, _) = literal8(i)?;
            Ok((r, ()))
        }
        _ => {
            let (r, t) = take_while(i, is_raw_token_char);
            if t.is_empty() {
                return fail(i, "a value");
            }
            Ok((r, ()))
        }
    }
}

/// Whether `b` is exactly one raw value (see [`RawValue::new`]).
pub(crate) fn is_raw_value(b: &[u8]) -> bool {
    matches!(skip_value(8, b, 0), Ok((rest, ())) if rest.is_empty())
}

#[cfg(test)]
mod search_number_tests {
    use super::*;
    use crate::types::response::Data;

    fn ids(line: &[u8]) -> Result<Vec<u32>, DecodeErrorKind> {
        match ResponseDecoder::default().decode(line) {
            Ok(Decoded::Complete {
                value: Response::Data(Data::Search { ids, .. }),
                ..
            }) => Ok(ids.iter().map(|n| n.get()).collect()),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e.kind),
        }
    }

    /// RFC 9051 §7.3.5 `mailbox-data =/ "SEARCH" *(SP nz-number)`: numbers on both sides of
    /// the 9-digit fast path decode alike, and the nz-number rules (no 0, at most 2^32 - 1)
    /// still hold.
    #[test]
    fn search_numbers_around_the_fast_path() {
        assert_eq!(
            ids(b"* SEARCH 9 999999999 1000000000 4294967295 07\r\n"),
            Err(DecodeErrorKind::Syntax {
                expected: "a non-zero number"
            })
        );
        assert_eq!(
            ids(b"* SEARCH 9 999999999 1000000000 4294967295\r\n"),
            Ok(vec![9, 999_999_999, 1_000_000_000, u32::MAX])
        );
        assert_eq!(
            ids(b"* SEARCH 1 4294967296\r\n"),
            Err(DecodeErrorKind::NumberOverflow)
        );
        assert!(ids(b"* SEARCH 0\r\n").is_err());
        assert!(ids(b"* SEARCH 12a\r\n").is_err());
        assert_eq!(ids(b"* SEARCH 12 (MODSEQ 5)\r\n"), Ok(vec![12]));
    }
}
