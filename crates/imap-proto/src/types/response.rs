//! IMAP responses, as a server sends them and a client receives them (RFC 9051 §7, §9;
//! RFC 3501 §7, §9; the extensions named on each type).
//!
//! ```text
//! response        = *(continue-req / response-data) response-done
//! continue-req    = "+" SP (resp-text / base64) CRLF
//! response-data   = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data /
//!                   capability-data / enable-data) CRLF
//! response-tagged = tag SP resp-cond-state CRLF
//! greeting        = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
//! ```
//!
//! One [`Response`] is one of those lines with its literals. Values borrow from the decoder's
//! input; [`IntoOwned`] gives `'static` values.

use std::borrow::Cow;
use std::num::NonZeroU32;

use mail_core::{IntoOwned, ValidationError};

use crate::types::core::{
    Atom, Charset, DateTime, Flag, FlagFetch, FlagPerm, IString, Literal8, Mailbox, ObjectId, Part,
    Section, SequenceSet, Tag,
};
use crate::types::fetch::PartialRange;
use crate::types::response_body::{Body, Envelope};

fn own_opt<T: IntoOwned>(s: Option<T>) -> Option<T::Owned> {
    s.map(IntoOwned::into_owned)
}

fn own_vec<T: IntoOwned>(v: Vec<T>) -> Vec<T::Owned> {
    v.into_iter().map(IntoOwned::into_owned).collect()
}

fn own_cow_str(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn own_cow_bytes(c: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(c.into_owned())
}

/// Whether `s` ends like a literal header (`{123}`, `{123+}`), which a framer would take for
/// one.
pub(crate) fn ends_like_literal(s: &[u8]) -> bool {
    let Some(rest) = s.strip_suffix(b"}") else {
        return false;
    };
    let rest = rest.strip_suffix(b"+").unwrap_or(rest);
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest.len() > digits && rest[rest.len() - digits - 1] == b'{'
}

/// Human-readable text of a response (RFC 9051 §9):
/// `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)`, `TEXT-CHAR = <any CHAR except CR and LF>`.
///
/// May be empty (the text of `resp-text` is optional). It must not end like a literal header
/// (`{5}`): a client's framer would wait for literal data that never comes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Validated text: no NUL, CR or LF, and no literal-like end.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        if let Some(position) = s.bytes().position(|b| b == 0 || b == b'\r' || b == b'\n') {
            return Err(ValidationError::InvalidByte {
                what: "response text",
                byte: s.as_bytes()[position],
                position,
            });
        }
        if ends_like_literal(s.as_bytes()) {
            return Err(ValidationError::Invalid {
                what: "response text",
                reason: "ends like a literal header",
            });
        }
        Ok(Text(s))
    }

    pub(crate) fn unvalidated(s: impl Into<Cow<'a, str>>) -> Self {
        Text(s.into())
    }

    pub(crate) fn into_cow(self) -> Cow<'a, str> {
        self.0
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoOwned for Text<'_> {
    type Owned = Text<'static>;
    fn into_owned(self) -> Text<'static> {
        Text(own_cow_str(self.0))
    }
}

impl<'a> TryFrom<&'a str> for Text<'a> {
    type Error = ValidationError;
    fn try_from(s: &'a str) -> Result<Self, ValidationError> {
        Text::new(s)
    }
}

/// `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RespText<'a> {
    code: Option<Code<'a>>,
    text: Text<'a>,
}

impl<'a> RespText<'a> {
    /// A text with an optional code. Without a code the text must not start with `[` (it
    /// would be read as a code).
    pub fn new(code: Option<Code<'a>>, text: Text<'a>) -> Result<Self, ValidationError> {
        if code.is_none() && text.as_str().starts_with('[') {
            return Err(ValidationError::Invalid {
                what: "response text",
                reason: "starts with [ but has no response code",
            });
        }
        Ok(RespText { code, text })
    }

    /// Text only.
    pub fn text(text: &'a str) -> Result<Self, ValidationError> {
        Self::new(None, Text::new(text)?)
    }

    pub(crate) fn unvalidated(code: Option<Code<'a>>, text: Text<'a>) -> Self {
        RespText { code, text }
    }

    /// The response code.
    pub fn code(&self) -> Option<&Code<'a>> {
        self.code.as_ref()
    }

    /// The text (may be empty).
    pub fn text_str(&self) -> &str {
        self.text.as_str()
    }

    /// The text as a [`Text`].
    pub fn text_value(&self) -> &Text<'a> {
        &self.text
    }

    pub(crate) fn into_text(self) -> Text<'a> {
        self.text
    }
}

impl IntoOwned for RespText<'_> {
    type Owned = RespText<'static>;
    fn into_owned(self) -> RespText<'static> {
        RespText {
            code: own_opt(self.code),
            text: self.text.into_owned(),
        }
    }
}

/// The condition of a tagged response (RFC 9051 §9):
/// `resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// `OK`: success.
    Ok,
    /// `NO`: failure.
    No,
    /// `BAD`: protocol error.
    Bad,
}

/// The condition of an untagged status response: `resp-cond-state`, `resp-cond-bye` and (in the
/// greeting) `resp-cond-auth = ("OK" / "PREAUTH") SP resp-text` (RFC 9051 §7.1, §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// `OK`.
    Ok,
    /// `NO`.
    No,
    /// `BAD`.
    Bad,
    /// `PREAUTH` (greeting only).
    PreAuth,
    /// `BYE`: the server is closing the connection.
    Bye,
}

impl From<State> for Condition {
    fn from(s: State) -> Self {
        match s {
            State::Ok => Condition::Ok,
            State::No => Condition::No,
            State::Bad => Condition::Bad,
        }
    }
}

/// The condition of a greeting (RFC 9051 §7.1.1, §7.1.4, §7.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GreetingKind {
    /// `* OK`: not authenticated.
    Ok,
    /// `* PREAUTH`: already authenticated.
    PreAuth,
    /// `* BYE`: connection refused.
    Bye,
}

/// The server greeting (RFC 9051 §9): `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Greeting<'a> {
    /// OK, PREAUTH or BYE.
    pub kind: GreetingKind,
    /// Code and text.
    pub text: RespText<'a>,
}

impl IntoOwned for Greeting<'_> {
    type Owned = Greeting<'static>;
    fn into_owned(self) -> Greeting<'static> {
        Greeting {
            kind: self.kind,
            text: self.text.into_owned(),
        }
    }
}

/// A continuation request (RFC 9051 §7.5): `continue-req = "+" SP (resp-text / base64) CRLF`.
///
/// The decoder reads a text without a code that is well-formed base64 (RFC 4648: groups of four
/// characters of `A-Z a-z 0-9 + /`, `=` padding at the end), including the empty text, as
/// [`Continue::Base64`] (a SASL challenge); anything else as [`Continue::Text`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Continue<'a> {
    /// `"+" SP resp-text`, e.g. `+ Ready for literal data`.
    Text(RespText<'a>),
    /// `"+" SP base64`: a SASL challenge, still base64-encoded.
    Base64(Base64<'a>),
}

impl IntoOwned for Continue<'_> {
    type Owned = Continue<'static>;
    fn into_owned(self) -> Continue<'static> {
        match self {
            Continue::Text(t) => Continue::Text(t.into_owned()),
            Continue::Base64(b) => Continue::Base64(b.into_owned()),
        }
    }
}

/// Base64 text (RFC 9051 §9): `base64 = *(4base64-char) [base64-terminal]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64<'a>(Cow<'a, str>);

/// Whether `s` matches `base64 = *(4base64-char) [base64-terminal]` (RFC 9051 §9).
pub(crate) fn is_base64(s: &[u8]) -> bool {
    if !s.len().is_multiple_of(4) {
        return false;
    }
    let pad = s.iter().rev().take_while(|&&b| b == b'=').count();
    if pad > 2 {
        return false;
    }
    s[..s.len() - pad]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

impl<'a> Base64<'a> {
    /// Validated base64 text (may be empty).
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        if !is_base64(s.as_bytes()) {
            return Err(ValidationError::Invalid {
                what: "base64",
                reason: "not groups of four base64 characters",
            });
        }
        Ok(Base64(s))
    }

    pub(crate) fn unvalidated(s: impl Into<Cow<'a, str>>) -> Self {
        Base64(s.into())
    }

    /// The base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoOwned for Base64<'_> {
    type Owned = Base64<'static>;
    fn into_owned(self) -> Base64<'static> {
        Base64(own_cow_str(self.0))
    }
}

/// A METADATA response code (RFC 5464 §4.2.1, §4.3):
///
/// ```text
/// resp-text-code =/ "METADATA" SP "LONGENTRIES" SP number
/// resp-text-code =/ "METADATA" SP ("MAXSIZE" SP number / "TOOMANY" / "NOPRIVATE")
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataCode {
    /// `LONGENTRIES n`: entries longer than the requested MAXSIZE were left out.
    LongEntries(u32),
    /// `MAXSIZE n`: the largest value the server accepts.
    MaxSize(u32),
    /// `TOOMANY`: too many annotations.
    TooMany,
    /// `NOPRIVATE`: private annotations are not supported.
    NoPrivate,
}

/// A response code (RFC 9051 §7.1, §9 `resp-text-code`, and the extensions named on each
/// variant).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code<'a> {
    /// `ALERT` (RFC 9051 §7.1): show the text to the user.
    Alert,
    /// `BADCHARSET [SP "(" charset *(SP charset) ")"]`.
    BadCharset(Vec<Charset<'a>>),
    /// `CAPABILITY ...` (`capability-data`).
    Capability(Vec<Atom<'a>>),
    /// `PARSE`: a message header could not be parsed.
    Parse,
    /// `PERMANENTFLAGS (flag-perm ...)`. A `\Recent` (a `flag-extension` by the grammar)
    /// decodes as [`Flag::Extension`] named `Recent`.
    PermanentFlags(Vec<FlagPerm<'a>>),
    /// `READ-ONLY`.
    ReadOnly,
    /// `READ-WRITE`.
    ReadWrite,
    /// `TRYCREATE`.
    TryCreate,
    /// `UIDNEXT nz-number`.
    UidNext(NonZeroU32),
    /// `UIDVALIDITY nz-number`.
    UidValidity(NonZeroU32),
    /// `UNSEEN nz-number` (RFC 3501 §7.1; gone from RFC 9051).
    Unseen(NonZeroU32),
    /// `ALREADYEXISTS` (RFC 5530).
    AlreadyExists,
    /// `AUTHENTICATIONFAILED` (RFC 5530).
    AuthenticationFailed,
    /// `AUTHORIZATIONFAILED` (RFC 5530).
    AuthorizationFailed,
    /// `CANNOT` (RFC 5530).
    Cannot,
    /// `CLIENTBUG` (RFC 5530).
    ClientBug,
    /// `CONTACTADMIN` (RFC 5530).
    ContactAdmin,
    /// `CORRUPTION` (RFC 5530).
    Corruption,
    /// `EXPIRED` (RFC 5530).
    Expired,
    /// `EXPUNGEISSUED` (RFC 5530).
    ExpungeIssued,
    /// `HASCHILDREN` (RFC 9051).
    HasChildren,
    /// `INUSE` (RFC 5530).
    InUse,
    /// `LIMIT` (RFC 5530).
    Limit,
    /// `NONEXISTENT` (RFC 5530).
    NonExistent,
    /// `NOPERM` (RFC 5530).
    NoPerm,
    /// `OVERQUOTA` (RFC 5530).
    OverQuota,
    /// `PRIVACYREQUIRED` (RFC 5530).
    PrivacyRequired,
    /// `SERVERBUG` (RFC 5530).
    ServerBug,
    /// `UNAVAILABLE` (RFC 5530).
    Unavailable,
    /// `APPENDUID nz-number SP append-uid` (RFC 4315 §3; a set with MULTIAPPEND, RFC 4315 §4).
    AppendUid {
        /// The UIDVALIDITY of the destination mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs of the appended messages.
        uids: SequenceSet,
    },
    /// `COPYUID nz-number SP uid-set SP uid-set` (RFC 4315 §3).
    CopyUid {
        /// The UIDVALIDITY of the destination mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs of the source messages.
        source: SequenceSet,
        /// The UIDs given to the copies.
        destination: SequenceSet,
    },
    /// `UIDNOTSTICKY` (RFC 4315 §3).
    UidNotSticky,
    /// `HIGHESTMODSEQ mod-sequence-value` (RFC 7162 §3.1.2.1).
    HighestModSeq(u64),
    /// `NOMODSEQ` (RFC 7162 §3.1.2.2).
    NoModSeq,
    /// `MODIFIED sequence-set` (RFC 7162 §3.1.3).
    Modified(SequenceSet),
    /// `CLOSED` (RFC 7162 §3.2.11).
    Closed,
    /// `COMPRESSIONACTIVE` (RFC 4978 §3).
    CompressionActive,
    /// `METADATA ...` (RFC 5464).
    Metadata(MetadataCode),
    /// `MAILBOXID (objectid)` (RFC 8474 §4.1).
    MailboxId(ObjectId<'a>),
    /// `USEATTR` (RFC 6154 §6).
    UseAttr,
    /// `NOTSAVED` (RFC 5182 §2.4, RFC 9051).
    NotSaved,
    /// `UNKNOWN-CTE` (RFC 3516 §4.3, RFC 9051).
    UnknownCte,
    /// Any other code: `atom [SP 1*<any TEXT-CHAR except "]">]` (RFC 9051 §9).
    Other(OtherCode<'a>),
}

/// A response code this crate has no type for, kept as name and raw argument text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherCode<'a> {
    name: Atom<'a>,
    args: Option<Cow<'a, str>>,
}

impl<'a> OtherCode<'a> {
    /// A code `name` with optional arguments `args` (`1*<any TEXT-CHAR except "]">`).
    ///
    /// The name must not be one that has its own [`Code`] variant with a different shape, so
    /// that decoding the encoded code gives it back.
    pub fn new(name: Atom<'a>, args: Option<Cow<'a, str>>) -> Result<Self, ValidationError> {
        if let Some(a) = &args
            && (a.is_empty() || a.bytes().any(|b| matches!(b, b']' | b'\r' | b'\n' | 0)))
        {
            return Err(ValidationError::Invalid {
                what: "response code arguments",
                reason: "empty, or contains ], CR, LF or NUL",
            });
        }
        if crate::decode::response::is_known_code(name.as_str()) {
            return Err(ValidationError::Invalid {
                what: "response code",
                reason: "has its own variant",
            });
        }
        Ok(OtherCode { name, args })
    }

    pub(crate) fn unvalidated(name: Atom<'a>, args: Option<Cow<'a, str>>) -> Self {
        OtherCode { name, args }
    }

    /// The code's name.
    pub fn name(&self) -> &Atom<'a> {
        &self.name
    }

    /// The raw arguments.
    pub fn args(&self) -> Option<&str> {
        self.args.as_deref()
    }
}

impl IntoOwned for OtherCode<'_> {
    type Owned = OtherCode<'static>;
    fn into_owned(self) -> OtherCode<'static> {
        OtherCode {
            name: self.name.into_owned(),
            args: self.args.map(own_cow_str),
        }
    }
}

impl IntoOwned for Code<'_> {
    type Owned = Code<'static>;
    fn into_owned(self) -> Code<'static> {
        use Code::*;
        match self {
            Alert => Alert,
            BadCharset(v) => BadCharset(own_vec(v)),
            Capability(v) => Capability(own_vec(v)),
            Parse => Parse,
            PermanentFlags(v) => PermanentFlags(own_vec(v)),
            ReadOnly => ReadOnly,
            ReadWrite => ReadWrite,
            TryCreate => TryCreate,
            UidNext(n) => UidNext(n),
            UidValidity(n) => UidValidity(n),
            Unseen(n) => Unseen(n),
            AlreadyExists => AlreadyExists,
            AuthenticationFailed => AuthenticationFailed,
            AuthorizationFailed => AuthorizationFailed,
            Cannot => Cannot,
            ClientBug => ClientBug,
            ContactAdmin => ContactAdmin,
            Corruption => Corruption,
            Expired => Expired,
            ExpungeIssued => ExpungeIssued,
            HasChildren => HasChildren,
            InUse => InUse,
            Limit => Limit,
            NonExistent => NonExistent,
            NoPerm => NoPerm,
            OverQuota => OverQuota,
            PrivacyRequired => PrivacyRequired,
            ServerBug => ServerBug,
            Unavailable => Unavailable,
            AppendUid { uid_validity, uids } => AppendUid { uid_validity, uids },
            CopyUid {
                uid_validity,
                source,
                destination,
            } => CopyUid {
                uid_validity,
                source,
                destination,
            },
            UidNotSticky => UidNotSticky,
            HighestModSeq(n) => HighestModSeq(n),
            NoModSeq => NoModSeq,
            Modified(s) => Modified(s),
            Closed => Closed,
            CompressionActive => CompressionActive,
            Metadata(m) => Metadata(m),
            MailboxId(id) => MailboxId(id.into_owned()),
            UseAttr => UseAttr,
            NotSaved => NotSaved,
            UnknownCte => UnknownCte,
            Other(o) => Other(o.into_owned()),
        }
    }
}

/// A mailbox attribute of a LIST or LSUB response (RFC 9051 §7.3.1, §9 `mbx-list-flags`;
/// RFC 5258 §3; RFC 6154 §2 special use; RFC 8457 `\Important`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListAttribute<'a> {
    /// `\Noinferiors`.
    NoInferiors,
    /// `\Noselect`.
    NoSelect,
    /// `\Marked`.
    Marked,
    /// `\Unmarked`.
    Unmarked,
    /// `\NonExistent` (RFC 5258).
    NonExistent,
    /// `\Subscribed` (RFC 5258).
    Subscribed,
    /// `\Remote` (RFC 5258).
    Remote,
    /// `\HasChildren` (RFC 5258 §4).
    HasChildren,
    /// `\HasNoChildren` (RFC 5258 §4).
    HasNoChildren,
    /// `\All` (RFC 6154).
    All,
    /// `\Archive` (RFC 6154).
    Archive,
    /// `\Drafts` (RFC 6154).
    Drafts,
    /// `\Flagged` (RFC 6154).
    Flagged,
    /// `\Junk` (RFC 6154).
    Junk,
    /// `\Sent` (RFC 6154).
    Sent,
    /// `\Trash` (RFC 6154).
    Trash,
    /// `\Important` (RFC 8457).
    Important,
    /// Another `flag-extension`, without its backslash.
    Extension(Atom<'a>),
}

impl ListAttribute<'_> {
    pub(crate) const NAMED: [(&'static str, ListAttribute<'static>); 17] = [
        ("Noinferiors", ListAttribute::NoInferiors),
        ("Noselect", ListAttribute::NoSelect),
        ("Marked", ListAttribute::Marked),
        ("Unmarked", ListAttribute::Unmarked),
        ("NonExistent", ListAttribute::NonExistent),
        ("Subscribed", ListAttribute::Subscribed),
        ("Remote", ListAttribute::Remote),
        ("HasChildren", ListAttribute::HasChildren),
        ("HasNoChildren", ListAttribute::HasNoChildren),
        ("All", ListAttribute::All),
        ("Archive", ListAttribute::Archive),
        ("Drafts", ListAttribute::Drafts),
        ("Flagged", ListAttribute::Flagged),
        ("Junk", ListAttribute::Junk),
        ("Sent", ListAttribute::Sent),
        ("Trash", ListAttribute::Trash),
        ("Important", ListAttribute::Important),
    ];

    /// The attribute's name without the backslash.
    pub fn name(&self) -> &str {
        match self {
            ListAttribute::Extension(a) => a.as_str(),
            known => Self::NAMED
                .iter()
                .find(|(_, v)| v == known)
                .map_or("", |(n, _)| n),
        }
    }
}

impl IntoOwned for ListAttribute<'_> {
    type Owned = ListAttribute<'static>;
    fn into_owned(self) -> ListAttribute<'static> {
        match self {
            ListAttribute::Extension(a) => ListAttribute::Extension(a.into_owned()),
            ListAttribute::NoInferiors => ListAttribute::NoInferiors,
            ListAttribute::NoSelect => ListAttribute::NoSelect,
            ListAttribute::Marked => ListAttribute::Marked,
            ListAttribute::Unmarked => ListAttribute::Unmarked,
            ListAttribute::NonExistent => ListAttribute::NonExistent,
            ListAttribute::Subscribed => ListAttribute::Subscribed,
            ListAttribute::Remote => ListAttribute::Remote,
            ListAttribute::HasChildren => ListAttribute::HasChildren,
            ListAttribute::HasNoChildren => ListAttribute::HasNoChildren,
            ListAttribute::All => ListAttribute::All,
            ListAttribute::Archive => ListAttribute::Archive,
            ListAttribute::Drafts => ListAttribute::Drafts,
            ListAttribute::Flagged => ListAttribute::Flagged,
            ListAttribute::Junk => ListAttribute::Junk,
            ListAttribute::Sent => ListAttribute::Sent,
            ListAttribute::Trash => ListAttribute::Trash,
            ListAttribute::Important => ListAttribute::Important,
        }
    }
}

/// A value in the generic extension syntax of RFC 4466 §2.1 / RFC 9051 §9:
///
/// ```text
/// tagged-ext-val  = tagged-ext-simple / "(" [tagged-ext-comp] ")"
/// tagged-ext-comp = astring / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp ")"
/// ```
///
/// Kept as its exact bytes (validated by the grammar), for extensions this crate has no type
/// for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawValue<'a>(Cow<'a, [u8]>);

impl<'a> RawValue<'a> {
    /// A raw value: must be one `tagged-ext-val`-like value (an atom, number, string,
    /// literal, `NIL` or a parenthesised list of those, nested at most 8 deep).
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValidationError> {
        let bytes = bytes.into();
        if !crate::decode::response::is_raw_value(&bytes) {
            return Err(ValidationError::Invalid {
                what: "raw value",
                reason: "not one atom, string, literal or list",
            });
        }
        Ok(RawValue(bytes))
    }

    pub(crate) fn unvalidated(bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        RawValue(bytes.into())
    }

    /// The bytes as received.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl IntoOwned for RawValue<'_> {
    type Owned = RawValue<'static>;
    fn into_owned(self) -> RawValue<'static> {
        RawValue(own_cow_bytes(self.0))
    }
}

/// An item of the extended data of a LIST response (RFC 5258 §3.5, RFC 9051 §9):
/// `mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListExtItem<'a> {
    /// `"CHILDINFO" SP "(" list-select-base-opt-quoted *(SP ...) ")"` (RFC 5258 §4).
    ChildInfo(Vec<IString<'a>>),
    /// `"OLDNAME" SP "(" mailbox ")"` (RFC 9051 §9, RFC 5465).
    OldName(Mailbox<'a>),
    /// Any other item: tag and raw value.
    Other {
        /// `mbox-list-extended-item-tag = astring`.
        tag: IString<'a>,
        /// The `tagged-ext-val`.
        value: RawValue<'a>,
    },
}

impl IntoOwned for ListExtItem<'_> {
    type Owned = ListExtItem<'static>;
    fn into_owned(self) -> ListExtItem<'static> {
        match self {
            ListExtItem::ChildInfo(v) => ListExtItem::ChildInfo(own_vec(v)),
            ListExtItem::OldName(m) => ListExtItem::OldName(m.into_owned()),
            ListExtItem::Other { tag, value } => ListExtItem::Other {
                tag: tag.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

/// A LIST or LSUB response (RFC 9051 §7.3.1, §9):
///
/// ```text
/// mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
///                [SP mbox-list-extended]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailboxList<'a> {
    /// The attributes.
    pub attributes: Vec<ListAttribute<'a>>,
    /// The hierarchy delimiter; `None` for `NIL` (flat name space).
    pub delimiter: Option<char>,
    /// The mailbox name.
    pub mailbox: Mailbox<'a>,
    /// `mbox-list-extended` items (RFC 5258).
    pub extended: Vec<ListExtItem<'a>>,
}

impl IntoOwned for MailboxList<'_> {
    type Owned = MailboxList<'static>;
    fn into_owned(self) -> MailboxList<'static> {
        MailboxList {
            attributes: own_vec(self.attributes),
            delimiter: self.delimiter,
            mailbox: self.mailbox.into_owned(),
            extended: own_vec(self.extended),
        }
    }
}

/// One namespace (RFC 2342 §5, RFC 9051 §9):
///
/// ```text
/// namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
///                   [namespace-response-extensions] ")"
/// namespace-response-extension = SP string SP "(" string *(SP string) ")"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamespaceDescr<'a> {
    /// The prefix.
    pub prefix: IString<'a>,
    /// The hierarchy delimiter (`None` for `NIL`).
    pub delimiter: Option<char>,
    /// Extensions: a name and its non-empty list of values.
    pub extensions: Vec<(IString<'a>, Vec<IString<'a>>)>,
}

impl IntoOwned for NamespaceDescr<'_> {
    type Owned = NamespaceDescr<'static>;
    fn into_owned(self) -> NamespaceDescr<'static> {
        NamespaceDescr {
            prefix: self.prefix.into_owned(),
            delimiter: self.delimiter,
            extensions: self
                .extensions
                .into_iter()
                .map(|(n, v)| (n.into_owned(), own_vec(v)))
                .collect(),
        }
    }
}

/// A STATUS data item (RFC 9051 §7.3.2, §9 `status-att-val`; RFC 3501 `RECENT`; RFC 7162
/// `HIGHESTMODSEQ`; RFC 8474 `MAILBOXID`; RFC 7889 `APPENDLIMIT`; RFC 9208 `DELETED-STORAGE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusValue<'a> {
    /// `MESSAGES number`.
    Messages(u32),
    /// `RECENT number` (RFC 3501).
    Recent(u32),
    /// `UIDNEXT nz-number`.
    UidNext(NonZeroU32),
    /// `UIDVALIDITY nz-number`.
    UidValidity(NonZeroU32),
    /// `UNSEEN number`.
    Unseen(u32),
    /// `DELETED number`.
    Deleted(u32),
    /// `SIZE number64` (RFC 8438).
    Size(u64),
    /// `HIGHESTMODSEQ mod-sequence-valzer` (RFC 7162 §3.1.6, §7).
    HighestModSeq(u64),
    /// `MAILBOXID (objectid)` (RFC 8474 §4.2).
    MailboxId(ObjectId<'a>),
    /// `APPENDLIMIT (number / NIL)` (RFC 7889 §4).
    AppendLimit(Option<u32>),
    /// Another item with a number64 value, e.g. `DELETED-STORAGE` (RFC 9208).
    Other(Atom<'a>, u64),
}

impl IntoOwned for StatusValue<'_> {
    type Owned = StatusValue<'static>;
    fn into_owned(self) -> StatusValue<'static> {
        use StatusValue::*;
        match self {
            Messages(n) => Messages(n),
            Recent(n) => Recent(n),
            UidNext(n) => UidNext(n),
            UidValidity(n) => UidValidity(n),
            Unseen(n) => Unseen(n),
            Deleted(n) => Deleted(n),
            Size(n) => Size(n),
            HighestModSeq(n) => HighestModSeq(n),
            MailboxId(id) => MailboxId(id.into_owned()),
            AppendLimit(n) => AppendLimit(n),
            Other(a, n) => Other(a.into_owned(), n),
        }
    }
}

/// An ESEARCH return item (RFC 4731 §3.1, RFC 9051 §9 `search-return-data`; RFC 7162 MODSEQ;
/// RFC 9394 PARTIAL).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchReturn<'a> {
    /// `MIN nz-number`.
    Min(NonZeroU32),
    /// `MAX nz-number`.
    Max(NonZeroU32),
    /// `ALL sequence-set`.
    All(SequenceSet),
    /// `COUNT number`.
    Count(u32),
    /// `MODSEQ mod-sequence-value` (RFC 7162 §3.1.5).
    ModSeq(u64),
    /// `PARTIAL (partial-range partial-results)` (RFC 9394); `None` results for `NIL`.
    Partial(PartialRange, Option<SequenceSet>),
    /// Another item: `search-modifier-name SP search-return-value`.
    Other(Atom<'a>, RawValue<'a>),
}

impl IntoOwned for SearchReturn<'_> {
    type Owned = SearchReturn<'static>;
    fn into_owned(self) -> SearchReturn<'static> {
        use SearchReturn::*;
        match self {
            Min(n) => Min(n),
            Max(n) => Max(n),
            All(s) => All(s),
            Count(n) => Count(n),
            ModSeq(n) => ModSeq(n),
            Partial(r, s) => Partial(r, s),
            Other(a, v) => Other(a.into_owned(), v.into_owned()),
        }
    }
}

/// An ESEARCH response (RFC 4731 §3.1, RFC 9051 §7.3.4):
/// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)`,
/// `search-correlator = SP "(" "TAG" SP tag-string ")"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ESearch<'a> {
    /// The tag of the command this answers (`tag-string = astring`).
    pub tag: Option<IString<'a>>,
    /// Whether the numbers are UIDs.
    pub uid: bool,
    /// The return data.
    pub items: Vec<SearchReturn<'a>>,
}

impl IntoOwned for ESearch<'_> {
    type Owned = ESearch<'static>;
    fn into_owned(self) -> ESearch<'static> {
        ESearch {
            tag: own_opt(self.tag),
            uid: self.uid,
            items: own_vec(self.items),
        }
    }
}

/// One thread of a THREAD response (RFC 5256 §4):
///
/// ```text
/// thread-list    = "(" (thread-members / thread-nested) ")"
/// thread-members = nz-number *(SP nz-number) [SP thread-nested]
/// thread-nested  = 2*thread-list
/// ```
///
/// `members` is the chain of messages (each the parent of the next); `children` the
/// branches after the last member. A `thread-nested` on its own has no members and at least
/// two children.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Thread {
    /// The chain of message numbers.
    pub members: Vec<NonZeroU32>,
    /// The branches; when not empty, at least two (a single branch continues `members`).
    pub children: Vec<Thread>,
}

/// A QUOTA resource (RFC 9208 §5): `quota-resource = resource-name SP resource-usage SP
/// resource-limit`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaResource<'a> {
    /// `STORAGE`, `MESSAGE`, `MAILBOX`, `ANNOTATION-STORAGE` or another atom.
    pub name: Atom<'a>,
    /// `resource-usage = number64`.
    pub usage: u64,
    /// `resource-limit = number64`.
    pub limit: u64,
}

impl IntoOwned for QuotaResource<'_> {
    type Owned = QuotaResource<'static>;
    fn into_owned(self) -> QuotaResource<'static> {
        QuotaResource {
            name: self.name.into_owned(),
            usage: self.usage,
            limit: self.limit,
        }
    }
}

/// The entries of a METADATA response (RFC 5464 §4.4):
/// `metadata-resp = "METADATA" SP mailbox SP (entry-values / entry-list)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataEntries<'a> {
    /// `entry-values = "(" entry-value *(SP entry-value) ")"`, `value = nstring / literal8`.
    Values(Vec<(IString<'a>, Option<Cow<'a, [u8]>>)>),
    /// `entry-list = entry *(SP entry)`: unsolicited, the entries changed.
    Changed(Vec<IString<'a>>),
}

impl IntoOwned for MetadataEntries<'_> {
    type Owned = MetadataEntries<'static>;
    fn into_owned(self) -> MetadataEntries<'static> {
        match self {
            MetadataEntries::Values(v) => MetadataEntries::Values(
                v.into_iter()
                    .map(|(e, v)| (e.into_owned(), v.map(own_cow_bytes)))
                    .collect(),
            ),
            MetadataEntries::Changed(v) => MetadataEntries::Changed(own_vec(v)),
        }
    }
}

/// The data of a `BINARY[...]` FETCH item (RFC 3516 §4.2): `nstring / literal8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BinaryData<'a> {
    /// `NIL`.
    Nil,
    /// A string (no NUL octets).
    String(IString<'a>),
    /// A `literal8` (`~{n}`), may hold NUL.
    Literal8(Literal8<'a>),
}

impl IntoOwned for BinaryData<'_> {
    type Owned = BinaryData<'static>;
    fn into_owned(self) -> BinaryData<'static> {
        match self {
            BinaryData::Nil => BinaryData::Nil,
            BinaryData::String(s) => BinaryData::String(s.into_owned()),
            BinaryData::Literal8(l) => BinaryData::Literal8(l.into_owned()),
        }
    }
}

/// A FETCH data item (RFC 9051 §7.5.2, §9 `msg-att`, and the extensions named on each variant).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchData<'a> {
    /// `FLAGS (flag-fetch ...)`.
    Flags(Vec<FlagFetch<'a>>),
    /// `ENVELOPE envelope`.
    Envelope(Box<Envelope<'a>>),
    /// `INTERNALDATE date-time`.
    InternalDate(DateTime),
    /// `RFC822.SIZE number64`.
    Rfc822Size(u64),
    /// `BODY body` (non-extensible).
    Body(Box<Body<'a>>),
    /// `BODYSTRUCTURE body`.
    BodyStructure(Box<Body<'a>>),
    /// `BODY section ["<" number ">"] SP nstring`.
    BodySection {
        /// The section.
        section: Section<'a>,
        /// The origin octet of a partial fetch.
        origin: Option<u32>,
        /// The data (`None` for `NIL`).
        data: Option<IString<'a>>,
    },
    /// `BINARY section-binary ["<" number ">"] SP (nstring / literal8)` (RFC 3516).
    Binary {
        /// The part (`None` for `BINARY[]`).
        part: Option<Part>,
        /// The origin octet of a partial fetch.
        origin: Option<u32>,
        /// The data.
        data: BinaryData<'a>,
    },
    /// `BINARY.SIZE section-binary SP number` (RFC 3516).
    BinarySize {
        /// The part (`None` for `BINARY.SIZE[]`).
        part: Option<Part>,
        /// The decoded size.
        size: u32,
    },
    /// `UID uniqueid`.
    Uid(NonZeroU32),
    /// `RFC822 nstring` (RFC 3501).
    Rfc822(Option<IString<'a>>),
    /// `RFC822.HEADER nstring` (RFC 3501).
    Rfc822Header(Option<IString<'a>>),
    /// `RFC822.TEXT nstring` (RFC 3501).
    Rfc822Text(Option<IString<'a>>),
    /// `MODSEQ (mod-sequence-value)` (RFC 7162 §3.1.4).
    ModSeq(u64),
    /// `EMAILID (objectid)` (RFC 8474 §5.1).
    EmailId(ObjectId<'a>),
    /// `THREADID (objectid) / THREADID NIL` (RFC 8474 §5.2).
    ThreadId(Option<ObjectId<'a>>),
    /// `SAVEDATE SP (date-time / nil)` (RFC 8514 §4).
    SaveDate(Option<DateTime>),
    /// `PREVIEW SP nstring` (RFC 8970 §3).
    Preview(Option<IString<'a>>),
    /// Gmail's `X-GM-MSGID number64` (a unique, immutable message id).
    GmailMsgId(u64),
    /// Gmail's `X-GM-THRID number64` (the conversation id).
    GmailThrId(u64),
    /// Gmail's `X-GM-LABELS (astring / flag ...)`: labels are astrings, system labels are
    /// backslash names such as `\Inbox` and `\Important`, kept with their backslash.
    GmailLabels(Vec<IString<'a>>),
    /// An item this crate has no type for: its name and raw value.
    Other {
        /// The item name (an atom, e.g. `X-PRIVATE`).
        name: Atom<'a>,
        /// The value as sent.
        value: RawValue<'a>,
    },
}

impl IntoOwned for FetchData<'_> {
    type Owned = FetchData<'static>;
    fn into_owned(self) -> FetchData<'static> {
        use FetchData::*;
        match self {
            Flags(v) => Flags(own_vec(v)),
            Envelope(e) => Envelope(Box::new((*e).into_owned())),
            InternalDate(d) => InternalDate(d),
            Rfc822Size(n) => Rfc822Size(n),
            Body(b) => Body(Box::new((*b).into_owned())),
            BodyStructure(b) => BodyStructure(Box::new((*b).into_owned())),
            BodySection {
                section,
                origin,
                data,
            } => BodySection {
                section: section.into_owned(),
                origin,
                data: own_opt(data),
            },
            Binary { part, origin, data } => Binary {
                part,
                origin,
                data: data.into_owned(),
            },
            BinarySize { part, size } => BinarySize { part, size },
            Uid(n) => Uid(n),
            Rfc822(s) => Rfc822(own_opt(s)),
            Rfc822Header(s) => Rfc822Header(own_opt(s)),
            Rfc822Text(s) => Rfc822Text(own_opt(s)),
            ModSeq(n) => ModSeq(n),
            EmailId(id) => EmailId(id.into_owned()),
            ThreadId(id) => ThreadId(own_opt(id)),
            SaveDate(d) => SaveDate(d),
            Preview(s) => Preview(own_opt(s)),
            GmailMsgId(n) => GmailMsgId(n),
            GmailThrId(n) => GmailThrId(n),
            GmailLabels(v) => GmailLabels(own_vec(v)),
            Other { name, value } => Other {
                name: name.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

/// Untagged data (RFC 9051 §7.2 - §7.5 and the extensions named on each variant).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Data<'a> {
    /// `CAPABILITY *(SP capability)` (RFC 9051 §7.2.2).
    Capability(Vec<Atom<'a>>),
    /// `ENABLED *(SP capability)` (RFC 5161 §4).
    Enabled(Vec<Atom<'a>>),
    /// `LIST mailbox-list` (RFC 9051 §7.3.1).
    List(MailboxList<'a>),
    /// `LSUB mailbox-list` (RFC 3501 §7.2.3).
    Lsub(MailboxList<'a>),
    /// `NAMESPACE namespace SP namespace SP namespace` (RFC 9051 §7.3.3, RFC 2342): personal,
    /// other users', shared; `None` for `NIL`.
    Namespace {
        /// Personal namespaces.
        personal: Option<Vec<NamespaceDescr<'a>>>,
        /// Other users' namespaces.
        other: Option<Vec<NamespaceDescr<'a>>>,
        /// Shared namespaces.
        shared: Option<Vec<NamespaceDescr<'a>>>,
    },
    /// `STATUS mailbox SP "(" [status-att-list] ")"` (RFC 9051 §7.3.2).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The items.
        items: Vec<StatusValue<'a>>,
    },
    /// `ESEARCH ...` (RFC 9051 §7.3.4, RFC 4731).
    ESearch(ESearch<'a>),
    /// `SEARCH *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (RFC 3501 §7.2.5,
    /// RFC 7162 §3.1.5).
    Search {
        /// The matching numbers.
        ids: Vec<NonZeroU32>,
        /// The highest mod-sequence of the matches (RFC 7162).
        modseq: Option<u64>,
    },
    /// `SORT *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (RFC 5256 §4,
    /// RFC 7162 §3.1.5).
    Sort {
        /// The sorted numbers.
        ids: Vec<NonZeroU32>,
        /// The highest mod-sequence of the matches (RFC 7162).
        modseq: Option<u64>,
    },
    /// `THREAD [SP 1*thread-list]` (RFC 5256 §4).
    Thread(Vec<Thread>),
    /// `FLAGS flag-list` (RFC 9051 §7.3.5). A `\Recent` in the list (a `flag-extension` by
    /// the grammar, sent by Courier-IMAP) decodes as [`Flag::Extension`] named `Recent`.
    Flags(Vec<Flag<'a>>),
    /// `number SP "EXISTS"` (RFC 9051 §7.4.1).
    Exists(u32),
    /// `number SP "RECENT"` (RFC 3501 §7.3.2).
    Recent(u32),
    /// `nz-number SP "EXPUNGE"` (RFC 9051 §7.5.1).
    Expunge(NonZeroU32),
    /// `VANISHED [SP "(EARLIER)"] SP known-uids` (RFC 7162 §3.2.10).
    Vanished {
        /// `(EARLIER)`: answers a UID FETCH (VANISHED) or SELECT (QRESYNC).
        earlier: bool,
        /// The expunged UIDs.
        uids: SequenceSet,
    },
    /// `nz-number SP "FETCH" SP msg-att` (RFC 9051 §7.5.2).
    Fetch {
        /// The message sequence number.
        seq: NonZeroU32,
        /// The data items (at least one).
        items: Vec<FetchData<'a>>,
    },
    /// `QUOTA quota-root-name SP quota-list` (RFC 9208 §5.1).
    Quota {
        /// The quota root.
        root: IString<'a>,
        /// The resources (at least one).
        resources: Vec<QuotaResource<'a>>,
    },
    /// `QUOTAROOT mailbox *(SP quota-root-name)` (RFC 9208 §5.2).
    QuotaRoot {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Its quota roots.
        roots: Vec<IString<'a>>,
    },
    /// `METADATA mailbox SP (entry-values / entry-list)` (RFC 5464 §4.4).
    Metadata {
        /// The mailbox (`""` for server annotations).
        mailbox: Mailbox<'a>,
        /// The entries.
        entries: MetadataEntries<'a>,
    },
    /// `ACL mailbox *(SP identifier SP rights)` (RFC 4314 §3.6).
    Acl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Identifier and rights pairs.
        entries: Vec<(IString<'a>, IString<'a>)>,
    },
    /// `LISTRIGHTS mailbox SP identifier SP rights *(SP rights)` (RFC 4314 §3.7).
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The identifier.
        identifier: IString<'a>,
        /// The rights always granted.
        required: IString<'a>,
        /// Groups of optional rights.
        optional: Vec<IString<'a>>,
    },
    /// `MYRIGHTS mailbox SP rights` (RFC 4314 §3.8).
    MyRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The rights.
        rights: IString<'a>,
    },
    /// `ID id-params-list` (RFC 2971 §3.2): `None` for `NIL`, else field-value pairs.
    Id(Option<Vec<(IString<'a>, Option<IString<'a>>)>>),
    /// Untagged data this crate has no type for: the name (after an optional number) and the
    /// rest of the line (with its literals) as raw bytes, e.g. `* XLIST ...`.
    Other {
        /// A leading number (`* 3 XFOO`), when present.
        number: Option<u32>,
        /// The name.
        name: Atom<'a>,
        /// Everything after `name SP`, up to the final CRLF (empty when there is nothing).
        rest: Cow<'a, [u8]>,
    },
}

impl IntoOwned for Data<'_> {
    type Owned = Data<'static>;
    fn into_owned(self) -> Data<'static> {
        use Data::*;
        let own_ns = |n: Option<Vec<NamespaceDescr<'_>>>| n.map(own_vec);
        match self {
            Capability(v) => Capability(own_vec(v)),
            Enabled(v) => Enabled(own_vec(v)),
            List(l) => List(l.into_owned()),
            Lsub(l) => Lsub(l.into_owned()),
            Namespace {
                personal,
                other,
                shared,
            } => Namespace {
                personal: own_ns(personal),
                other: own_ns(other),
                shared: own_ns(shared),
            },
            Status { mailbox, items } => Status {
                mailbox: mailbox.into_owned(),
                items: own_vec(items),
            },
            ESearch(e) => ESearch(e.into_owned()),
            Search { ids, modseq } => Search { ids, modseq },
            Sort { ids, modseq } => Sort { ids, modseq },
            Thread(t) => Thread(t),
            Flags(v) => Flags(own_vec(v)),
            Exists(n) => Exists(n),
            Recent(n) => Recent(n),
            Expunge(n) => Expunge(n),
            Vanished { earlier, uids } => Vanished { earlier, uids },
            Fetch { seq, items } => Fetch {
                seq,
                items: own_vec(items),
            },
            Quota { root, resources } => Quota {
                root: root.into_owned(),
                resources: own_vec(resources),
            },
            QuotaRoot { mailbox, roots } => QuotaRoot {
                mailbox: mailbox.into_owned(),
                roots: own_vec(roots),
            },
            Metadata { mailbox, entries } => Metadata {
                mailbox: mailbox.into_owned(),
                entries: entries.into_owned(),
            },
            Acl { mailbox, entries } => Acl {
                mailbox: mailbox.into_owned(),
                entries: entries
                    .into_iter()
                    .map(|(a, b)| (a.into_owned(), b.into_owned()))
                    .collect(),
            },
            ListRights {
                mailbox,
                identifier,
                required,
                optional,
            } => ListRights {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
                required: required.into_owned(),
                optional: own_vec(optional),
            },
            MyRights { mailbox, rights } => MyRights {
                mailbox: mailbox.into_owned(),
                rights: rights.into_owned(),
            },
            Id(v) => Id(v.map(|v| {
                v.into_iter()
                    .map(|(a, b)| (a.into_owned(), own_opt(b)))
                    .collect()
            })),
            Other { number, name, rest } => Other {
                number,
                name: name.into_owned(),
                rest: own_cow_bytes(rest),
            },
        }
    }
}

/// One server response (RFC 9051 §7, §9): a tagged status, an untagged status, untagged data
/// or a continuation request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Response<'a> {
    /// `tag SP resp-cond-state CRLF`: the end of a command.
    Tagged {
        /// The command's tag.
        tag: Tag<'a>,
        /// OK, NO or BAD.
        state: State,
        /// Code and text.
        text: RespText<'a>,
    },
    /// `"*" SP (resp-cond-state / resp-cond-bye / resp-cond-auth) CRLF`.
    Status {
        /// The condition.
        condition: Condition,
        /// Code and text.
        text: RespText<'a>,
    },
    /// `"*" SP (mailbox-data / message-data / capability-data / enable-data ...) CRLF`.
    Data(Data<'a>),
    /// `"+" SP (resp-text / base64) CRLF`.
    Continue(Continue<'a>),
}

impl<'a> Response<'a> {
    /// The tag, for a tagged response.
    pub fn tag(&self) -> Option<&Tag<'a>> {
        match self {
            Response::Tagged { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The response code, for a status response or a continuation with text.
    pub fn code(&self) -> Option<&Code<'a>> {
        match self {
            Response::Tagged { text, .. }
            | Response::Status { text, .. }
            | Response::Continue(Continue::Text(text)) => text.code(),
            _ => None,
        }
    }

    /// Whether this is an untagged `BYE`.
    pub fn is_bye(&self) -> bool {
        matches!(
            self,
            Response::Status {
                condition: Condition::Bye,
                ..
            }
        )
    }
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;
    fn into_owned(self) -> Response<'static> {
        match self {
            Response::Tagged { tag, state, text } => Response::Tagged {
                tag: tag.into_owned(),
                state,
                text: text.into_owned(),
            },
            Response::Status { condition, text } => Response::Status {
                condition,
                text: text.into_owned(),
            },
            Response::Data(d) => Response::Data(d.into_owned()),
            Response::Continue(c) => Response::Continue(c.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9051 §9 `text`: no CR/LF; a literal-like end would mislead a client's framer.
    #[test]
    fn text_validation() {
        assert!(Text::new("LOGIN completed").is_ok());
        assert!(Text::new("").is_ok());
        assert!(Text::new("a\r\nb").is_err());
        assert!(Text::new("size {5}").is_err());
        assert!(Text::new("size {5+}").is_err());
        assert!(Text::new("size {x}").is_ok());
        assert!(Text::new("{}").is_ok());
        assert!(RespText::text("[not a code").is_err());
    }

    /// RFC 9051 §9 `base64`.
    #[test]
    fn base64_shapes() {
        assert!(is_base64(b""));
        assert!(is_base64(b"YWJj"));
        assert!(is_base64(b"YQ=="));
        assert!(!is_base64(b"YQ="));
        assert!(!is_base64(b"Y==="));
        assert!(!is_base64(b"Ready"));
        assert!(!is_base64(b"go ahead"));
    }
}
