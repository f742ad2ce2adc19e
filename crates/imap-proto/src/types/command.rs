//! IMAP commands (RFC 9051 §6, RFC 3501 §6, and the extensions listed on each variant).
//!
//! ```text
//! command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
//! ```
//!
//! A [`Command`] is a tag and a [`CommandBody`]. The `UID` forms (RFC 9051 §6.4.9) are the
//! same variants with `uid: true`.

use std::num::{NonZeroU32, NonZeroU64};

use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;
use mail_core::{IntoOwned, Secret};

use super::core::{
    Atom, Charset, DateTime, Flag, IString, ListMailbox, Literal8, Mailbox, SeqNumber, SequenceSet,
    Tag,
};
use super::ext::{CompItem, TaggedExt};
use super::fetch::{FetchItems, FetchModifier};
use super::search::{SearchKey, SearchReturnOption, SortCriterion, ThreadAlgorithm};
use super::status::StatusItem;

/// A command: `tag SP command-body CRLF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The tag the server echoes in the completion response.
    pub tag: Tag<'a>,
    /// What the command asks.
    pub body: CommandBody<'a>,
}

impl<'a> Command<'a> {
    /// A command with `tag` and `body`.
    pub fn new(tag: Tag<'a>, body: CommandBody<'a>) -> Self {
        Command { tag, body }
    }
}

impl IntoOwned for Command<'_> {
    type Owned = Command<'static>;
    fn into_owned(self) -> Command<'static> {
        Command {
            tag: self.tag.into_owned(),
            body: self.body.into_owned(),
        }
    }
}

/// The protocol states a command is valid in (RFC 9051 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandState {
    /// Any state (`command-any`).
    Any,
    /// Not Authenticated (`command-nonauth`).
    NotAuthenticated,
    /// Authenticated or Selected (`command-auth`).
    Authenticated,
    /// Selected (`command-select`).
    Selected,
}

/// `ID` parameters (RFC 2971 §4): `id_params_list ::= "(" #(string SPACE nstring) ")" / nil`.
/// `None` is `NIL`.
pub type IdParams<'a> = Option<Vec<(IString<'a>, Option<IString<'a>>)>>;

/// The body of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandBody<'a> {
    // ---- any state ----
    /// `CAPABILITY` (RFC 9051 §6.1.1).
    Capability,
    /// `NOOP` (RFC 9051 §6.1.2).
    Noop,
    /// `LOGOUT` (RFC 9051 §6.1.3).
    Logout,
    /// `ID id_params_list` (RFC 2971 §3.1).
    Id(IdParams<'a>),

    // ---- not authenticated ----
    /// `STARTTLS` (RFC 9051 §6.2.1).
    StartTls,
    /// `AUTHENTICATE auth-type [SP initial-resp]` (RFC 9051 §6.2.2, SASL-IR RFC 4959 §3).
    Authenticate {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// The initial response (`=` is [`SaslResponse::Empty`]).
        initial_response: Option<SaslResponse>,
    },
    /// `LOGIN userid SP password` (RFC 9051 §6.2.3). The password never shows in `Debug`.
    Login {
        /// The user name.
        username: IString<'a>,
        /// The password.
        password: Secret<IString<'a>>,
    },

    // ---- authenticated ----
    /// `ENABLE 1*(SP capability)` (RFC 5161 §3.1, RFC 9051 §6.3.1).
    Enable(Vec<Atom<'a>>),
    /// `SELECT mailbox [select-params]` (RFC 9051 §6.3.2, RFC 4466 §2.1, RFC 7162).
    Select {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Parameters (`CONDSTORE`, `QRESYNC (...)`, others).
        params: Vec<SelectParam<'a>>,
    },
    /// `EXAMINE mailbox [select-params]` (RFC 9051 §6.3.3).
    Examine {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Parameters.
        params: Vec<SelectParam<'a>>,
    },
    /// `CREATE mailbox [create-params]` (RFC 9051 §6.3.4, RFC 4466 §2.2, USE of RFC 6154 §5.1).
    Create {
        /// The new mailbox.
        mailbox: Mailbox<'a>,
        /// Parameters.
        params: Vec<CreateParam<'a>>,
    },
    /// `DELETE mailbox` (RFC 9051 §6.3.5).
    Delete(Mailbox<'a>),
    /// `RENAME mailbox SP mailbox [rename-params]` (RFC 9051 §6.3.6, RFC 4466 §2.2).
    Rename {
        /// The existing mailbox.
        from: Mailbox<'a>,
        /// The new name.
        to: Mailbox<'a>,
        /// Parameters.
        params: Vec<TaggedExt<'a>>,
    },
    /// `SUBSCRIBE mailbox` (RFC 9051 §6.3.7).
    Subscribe(Mailbox<'a>),
    /// `UNSUBSCRIBE mailbox` (RFC 9051 §6.3.8).
    Unsubscribe(Mailbox<'a>),
    /// `LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]`
    /// (RFC 9051 §6.3.9, RFC 5258 §3, RFC 5819, RFC 6154).
    List {
        /// Selection options; `None` when absent, `Some(vec![])` for `()`.
        selection: Option<Vec<ListSelectOption<'a>>>,
        /// The reference name.
        reference: Mailbox<'a>,
        /// The pattern; with several patterns in parentheses (RFC 5258 §3), the first one.
        pattern: ListMailbox<'a>,
        /// The other patterns of a parenthesised list (RFC 5258 §3), usually none.
        more_patterns: Vec<ListMailbox<'a>>,
        /// Return options; `None` when absent, `Some(vec![])` for `RETURN ()`.
        return_opts: Option<Vec<ListReturnOption<'a>>>,
    },
    /// `LSUB mailbox SP list-mailbox` (RFC 3501 §6.3.9).
    Lsub {
        /// The reference name.
        reference: Mailbox<'a>,
        /// The pattern.
        pattern: ListMailbox<'a>,
    },
    /// `NAMESPACE` (RFC 2342 §5, RFC 9051 §6.3.10).
    Namespace,
    /// `STATUS mailbox SP "(" status-att *(SP status-att) ")"` (RFC 9051 §6.3.11).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The items asked for.
        items: Vec<StatusItem>,
    },
    /// `APPEND mailbox 1*append-message` (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502,
    /// RFC 4466 §2.3, UTF8 RFC 6855 §4).
    Append {
        /// The destination.
        mailbox: Mailbox<'a>,
        /// One or more messages (more than one needs MULTIAPPEND).
        messages: Vec<AppendMessage<'a>>,
    },
    /// `IDLE` (RFC 2177 §3, RFC 9051 §6.3.13); ended by `DONE` (see
    /// [`crate::decode::decode_idle_done`]).
    Idle,
    /// `GETQUOTA quota-root-name` (RFC 9208 §4.2).
    GetQuota(IString<'a>),
    /// `GETQUOTAROOT mailbox` (RFC 9208 §4.3).
    GetQuotaRoot(Mailbox<'a>),
    /// `SETQUOTA quota-root-name SP setquota-list` (RFC 9208 §4.1.4).
    SetQuota {
        /// The quota root.
        root: IString<'a>,
        /// `resource-name SP resource-limit` pairs.
        limits: Vec<(Atom<'a>, u64)>,
    },
    /// `GETMETADATA [SP options] SP mailbox SP entries` (RFC 5464 §4.2).
    GetMetadata {
        /// Options (`MAXSIZE n`, `DEPTH 0/1/infinity`, others).
        options: Vec<GetMetadataOption<'a>>,
        /// The mailbox (`""` for server entries).
        mailbox: Mailbox<'a>,
        /// Entry names (one or more).
        entries: Vec<IString<'a>>,
    },
    /// `SETMETADATA mailbox SP entry-values` (RFC 5464 §4.3).
    SetMetadata {
        /// The mailbox (`""` for server entries).
        mailbox: Mailbox<'a>,
        /// `entry SP value` pairs.
        entries: Vec<(IString<'a>, MetadataValue<'a>)>,
    },
    /// `SETACL mailbox SP identifier SP mod-rights` (RFC 4314 §3.1).
    SetAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: IString<'a>,
        /// The rights, optionally prefixed by `+` or `-`.
        rights: IString<'a>,
    },
    /// `DELETEACL mailbox SP identifier` (RFC 4314 §3.2).
    DeleteAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: IString<'a>,
    },
    /// `GETACL mailbox` (RFC 4314 §3.3).
    GetAcl(Mailbox<'a>),
    /// `LISTRIGHTS mailbox SP identifier` (RFC 4314 §3.4).
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: IString<'a>,
    },
    /// `MYRIGHTS mailbox` (RFC 4314 §3.5).
    MyRights(Mailbox<'a>),
    /// `COMPRESS algorithm` (RFC 4978 §3; `DEFLATE`).
    Compress(Atom<'a>),
    /// `UNAUTHENTICATE` (RFC 8437 §3).
    Unauthenticate,

    // ---- selected ----
    /// `CHECK` (RFC 3501 §6.4.1).
    Check,
    /// `CLOSE` (RFC 9051 §6.4.1).
    Close,
    /// `UNSELECT` (RFC 3691 §2, RFC 9051 §6.4.2).
    Unselect,
    /// `EXPUNGE` (RFC 9051 §6.4.3).
    Expunge,
    /// `UID EXPUNGE sequence-set` (RFC 4315 §2.1, RFC 9051 §6.4.9).
    UidExpunge(SequenceSet),
    /// `[UID] SEARCH [search-return-opts] SP search-program` (RFC 9051 §6.4.4, ESEARCH
    /// RFC 4731, SEARCHRES RFC 5182).
    Search {
        /// `UID SEARCH`.
        uid: bool,
        /// `RETURN (...)`; `None` when absent.
        return_opts: Option<Vec<SearchReturnOption<'a>>>,
        /// `CHARSET charset`.
        charset: Option<Charset<'a>>,
        /// The keys (all must match); at least one.
        criteria: Vec<SearchKey<'a>>,
    },
    /// `[UID] FETCH sequence-set SP items [fetch-modifiers]` (RFC 9051 §6.4.5, RFC 7162).
    Fetch {
        /// `UID FETCH`.
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// What to fetch.
        items: FetchItems<'a>,
        /// `(CHANGEDSINCE n VANISHED ...)`.
        modifiers: Vec<FetchModifier<'a>>,
    },
    /// `[UID] STORE sequence-set [store-modifiers] SP store-att-flags` (RFC 9051 §6.4.6,
    /// RFC 7162 §3.1.3).
    Store {
        /// `UID STORE`.
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// `(UNCHANGEDSINCE n ...)`.
        modifiers: Vec<StoreModifier<'a>>,
        /// `FLAGS`, `+FLAGS` or `-FLAGS`.
        kind: StoreKind,
        /// `.SILENT`.
        silent: bool,
        /// The flags.
        flags: Vec<Flag<'a>>,
    },
    /// `[UID] COPY sequence-set SP mailbox` (RFC 9051 §6.4.7).
    Copy {
        /// `UID COPY`.
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `[UID] MOVE sequence-set SP mailbox` (RFC 6851 §3, RFC 9051 §6.4.8).
    Move {
        /// `UID MOVE`.
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `[UID] REPLACE seq-number SP mailbox append-message` (RFC 8508 §3).
    Replace {
        /// `UID REPLACE`.
        uid: bool,
        /// The message to replace.
        number: SeqNumber,
        /// Where the new message goes.
        mailbox: Mailbox<'a>,
        /// The new message.
        message: AppendMessage<'a>,
    },
    /// `[UID] SORT [search-return-opts] SP sort-criteria SP search-criteria` (RFC 5256 §3,
    /// ESORT RFC 5267 §3).
    Sort {
        /// `UID SORT`.
        uid: bool,
        /// `RETURN (...)` (ESORT); `None` when absent.
        return_opts: Option<Vec<SearchReturnOption<'a>>>,
        /// The sort criteria; at least one.
        criteria: Vec<SortCriterion>,
        /// The charset (mandatory for SORT).
        charset: Charset<'a>,
        /// The search keys; at least one.
        keys: Vec<SearchKey<'a>>,
    },
    /// `[UID] THREAD thread-alg SP search-criteria` (RFC 5256 §3).
    Thread {
        /// `UID THREAD`.
        uid: bool,
        /// The algorithm.
        algorithm: ThreadAlgorithm<'a>,
        /// The charset.
        charset: Charset<'a>,
        /// The search keys; at least one.
        keys: Vec<SearchKey<'a>>,
    },
    /// `CANCELUPDATE 1*(SP quoted)` (RFC 5267 §4.3): the tags of the searches to stop
    /// updating.
    CancelUpdate(Vec<IString<'a>>),
}

impl CommandBody<'_> {
    /// The command's name as sent (`"UID FETCH"`, `"SELECT"`, ...).
    pub fn name(&self) -> &'static str {
        use CommandBody::*;
        let u = |uid: &bool, a: &'static str, b: &'static str| if *uid { a } else { b };
        match self {
            Capability => "CAPABILITY",
            Noop => "NOOP",
            Logout => "LOGOUT",
            Id(_) => "ID",
            StartTls => "STARTTLS",
            Authenticate { .. } => "AUTHENTICATE",
            Login { .. } => "LOGIN",
            Enable(_) => "ENABLE",
            Select { .. } => "SELECT",
            Examine { .. } => "EXAMINE",
            Create { .. } => "CREATE",
            Delete(_) => "DELETE",
            Rename { .. } => "RENAME",
            Subscribe(_) => "SUBSCRIBE",
            Unsubscribe(_) => "UNSUBSCRIBE",
            List { .. } => "LIST",
            Lsub { .. } => "LSUB",
            Namespace => "NAMESPACE",
            Status { .. } => "STATUS",
            Append { .. } => "APPEND",
            Idle => "IDLE",
            GetQuota(_) => "GETQUOTA",
            GetQuotaRoot(_) => "GETQUOTAROOT",
            SetQuota { .. } => "SETQUOTA",
            GetMetadata { .. } => "GETMETADATA",
            SetMetadata { .. } => "SETMETADATA",
            SetAcl { .. } => "SETACL",
            DeleteAcl { .. } => "DELETEACL",
            GetAcl(_) => "GETACL",
            ListRights { .. } => "LISTRIGHTS",
            MyRights(_) => "MYRIGHTS",
            Compress(_) => "COMPRESS",
            Unauthenticate => "UNAUTHENTICATE",
            Check => "CHECK",
            Close => "CLOSE",
            Unselect => "UNSELECT",
            Expunge => "EXPUNGE",
            UidExpunge(_) => "UID EXPUNGE",
            Search { uid, .. } => u(uid, "UID SEARCH", "SEARCH"),
            Fetch { uid, .. } => u(uid, "UID FETCH", "FETCH"),
            Store { uid, .. } => u(uid, "UID STORE", "STORE"),
            Copy { uid, .. } => u(uid, "UID COPY", "COPY"),
            Move { uid, .. } => u(uid, "UID MOVE", "MOVE"),
            Replace { uid, .. } => u(uid, "UID REPLACE", "REPLACE"),
            Sort { uid, .. } => u(uid, "UID SORT", "SORT"),
            Thread { uid, .. } => u(uid, "UID THREAD", "THREAD"),
            CancelUpdate(_) => "CANCELUPDATE",
        }
    }

    /// The states the command is valid in (RFC 9051 §6; UNAUTHENTICATE is valid in the
    /// authenticated and selected states, RFC 8437 §3).
    pub fn state(&self) -> CommandState {
        use CommandBody::*;
        match self {
            Capability | Noop | Logout | Id(_) => CommandState::Any,
            StartTls | Authenticate { .. } | Login { .. } => CommandState::NotAuthenticated,
            Check
            | Close
            | Unselect
            | Expunge
            | UidExpunge(_)
            | Search { .. }
            | Fetch { .. }
            | Store { .. }
            | Copy { .. }
            | Move { .. }
            | Replace { .. }
            | Sort { .. }
            | Thread { .. }
            | CancelUpdate(_) => CommandState::Selected,
            _ => CommandState::Authenticated,
        }
    }

    /// Whether the command addresses messages by sequence number: what a server in UID-only
    /// mode (`ENABLE UIDONLY`, RFC 9586 §3) refuses with `BAD [UIDREQUIRED]`. A SEARCH,
    /// SORT or THREAD counts when a key is a message sequence set.
    pub fn uses_sequence_numbers(&self) -> bool {
        use CommandBody::*;
        fn key_uses(k: &SearchKey<'_>) -> bool {
            match k {
                SearchKey::SequenceSet(s) => !s.is_saved(),
                SearchKey::Not(k) | SearchKey::Fuzzy(k) => key_uses(k),
                SearchKey::Or(a, b) => key_uses(a) || key_uses(b),
                SearchKey::And(v) => v.iter().any(key_uses),
                _ => false,
            }
        }
        match self {
            Fetch { uid, .. }
            | Store { uid, .. }
            | Copy { uid, .. }
            | Move { uid, .. }
            | Replace { uid, .. } => !uid,
            Search { uid, criteria, .. } => !uid || criteria.iter().any(key_uses),
            Sort { uid, keys, .. } | Thread { uid, keys, .. } => !uid || keys.iter().any(key_uses),
            _ => false,
        }
    }
}

/// A SELECT / EXAMINE parameter (RFC 4466 §2.1 `select-param`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SelectParam<'a> {
    /// `CONDSTORE` (RFC 7162 §3.1.8).
    CondStore,
    /// `QRESYNC (...)` (RFC 7162 §3.2.5).
    QResync(QResync),
    /// Any other parameter.
    Other(TaggedExt<'a>),
}

/// The QRESYNC select parameter (RFC 7162 §3.2.5):
///
/// ```text
/// "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"
/// seq-match-data = "(" known-sequence-set SP known-uid-set ")"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QResync {
    /// The last known UIDVALIDITY.
    pub uidvalidity: NonZeroU32,
    /// The last known mod-sequence.
    pub modseq: NonZeroU64,
    /// The UIDs the client knows.
    pub known_uids: Option<SequenceSet>,
    /// Message numbers and their UIDs, to spot expunges cheaply.
    pub seq_match: Option<(SequenceSet, SequenceSet)>,
}

/// A CREATE parameter (RFC 4466 §2.2 `create-param`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CreateParam<'a> {
    /// `USE (use-attr ...)` (RFC 6154 §5.1).
    Use(Vec<UseAttr<'a>>),
    /// Any other parameter.
    Other(TaggedExt<'a>),
}

/// A special-use attribute (RFC 6154 §2, `\Important` of RFC 8457):
/// `use-attr = "\All" / "\Archive" / "\Drafts" / "\Flagged" / "\Junk" / "\Sent" / "\Trash" /
/// use-attr-ext`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UseAttr<'a> {
    /// `\All`.
    All,
    /// `\Archive`.
    Archive,
    /// `\Drafts`.
    Drafts,
    /// `\Flagged`.
    Flagged,
    /// `\Junk`.
    Junk,
    /// `\Sent`.
    Sent,
    /// `\Trash`.
    Trash,
    /// `\Important` (RFC 8457).
    Important,
    /// `\` atom: another attribute (the atom, without the backslash; not one of the above).
    Other(Atom<'a>),
}

impl UseAttr<'_> {
    pub(crate) const NAMED: [(&'static str, UseAttr<'static>); 8] = [
        ("All", UseAttr::All),
        ("Archive", UseAttr::Archive),
        ("Drafts", UseAttr::Drafts),
        ("Flagged", UseAttr::Flagged),
        ("Junk", UseAttr::Junk),
        ("Sent", UseAttr::Sent),
        ("Trash", UseAttr::Trash),
        ("Important", UseAttr::Important),
    ];
}

/// A LIST selection option (RFC 5258 §3.1, RFC 6154 §4 `SPECIAL-USE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListSelectOption<'a> {
    /// `SUBSCRIBED`.
    Subscribed,
    /// `REMOTE`.
    Remote,
    /// `RECURSIVEMATCH`.
    RecursiveMatch,
    /// `SPECIAL-USE` (RFC 6154).
    SpecialUse,
    /// Any other option (`option-extension`).
    Other(OptionExtension<'a>),
}

/// A LIST return option (RFC 5258 §3.2, `STATUS` of RFC 5819 §2, `SPECIAL-USE` of RFC 6154 §4,
/// `MYRIGHTS` of RFC 8440 §3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListReturnOption<'a> {
    /// `SUBSCRIBED`.
    Subscribed,
    /// `CHILDREN`.
    Children,
    /// `STATUS (status-att ...)`.
    Status(Vec<StatusItem>),
    /// `SPECIAL-USE`.
    SpecialUse,
    /// `MYRIGHTS` (RFC 8440).
    MyRights,
    /// Any other option.
    Other(OptionExtension<'a>),
}

/// `option-extension = (option-standard-tag / option-vendor-tag) [SP option-value]`,
/// `option-value = "(" option-val-comp ")"` (RFC 5258 §6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OptionExtension<'a> {
    /// The option's name (an atom, or `vendor.<name>-<atom>`).
    pub name: Atom<'a>,
    /// The value's components, if any.
    pub value: Option<Vec<CompItem<'a>>>,
}

/// One message of an APPEND (RFC 4466 §2.3, RFC 3502 §6):
/// `append-message = append-opts SP append-data`, `append-opts = [SP flag-list] [SP date-time]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppendMessage<'a> {
    /// The flags to set; `None` when absent.
    pub flags: Option<Vec<Flag<'a>>>,
    /// The internal date; `None` when absent.
    pub date: Option<DateTime>,
    /// The message.
    pub data: AppendData<'a>,
}

/// `append-data = literal / literal8 / append-data-ext` (RFC 4466 §2.3), with the UTF8 data
/// extension `utf8-literal = "UTF8" SP "(" literal8 ")"` (RFC 6855 §4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AppendData<'a> {
    /// A `literal` (no NUL).
    Literal(IString<'a>),
    /// A `literal8` (BINARY, RFC 3516 §4.3).
    Binary(Literal8<'a>),
    /// `UTF8 (literal8)` (RFC 6855 §4).
    Utf8(Literal8<'a>),
}

impl AppendData<'_> {
    /// The message octets.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            AppendData::Literal(s) => s.as_bytes(),
            AppendData::Binary(b) | AppendData::Utf8(b) => b.as_bytes(),
        }
    }
}

/// How STORE changes the flags (RFC 9051 §6.4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreKind {
    /// `FLAGS`: replace.
    Replace,
    /// `+FLAGS`: add.
    Add,
    /// `-FLAGS`: remove.
    Remove,
}

/// A STORE modifier (RFC 4466 §2.5 `store-modifier`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StoreModifier<'a> {
    /// `UNCHANGEDSINCE mod-sequence-valzer` (RFC 7162 §3.1.3).
    UnchangedSince(u64),
    /// Any other modifier.
    Other(TaggedExt<'a>),
}

/// A GETMETADATA option (RFC 5464 §4.2, §5).
///
/// ```text
/// getmetadata-option = tagged-ext-label [SP tagged-ext-val]
/// maxsize-opt        = "MAXSIZE" SP number
/// scope-opt          = "DEPTH" SP ("0" / "1" / "infinity")
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GetMetadataOption<'a> {
    /// `MAXSIZE number`: omit values longer than this.
    MaxSize(u32),
    /// `DEPTH 0 / 1 / infinity`.
    Depth(MetadataDepth),
    /// Any other option.
    Other(TaggedExt<'a>),
}

/// The `DEPTH` of a GETMETADATA (RFC 5464 §4.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataDepth {
    /// `0`: the entry only.
    Zero,
    /// `1`: the entry and its children.
    One,
    /// `infinity`: the entry and all descendants.
    Infinity,
}

impl IntoOwned for GetMetadataOption<'_> {
    type Owned = GetMetadataOption<'static>;
    fn into_owned(self) -> GetMetadataOption<'static> {
        match self {
            GetMetadataOption::MaxSize(n) => GetMetadataOption::MaxSize(n),
            GetMetadataOption::Depth(d) => GetMetadataOption::Depth(d),
            GetMetadataOption::Other(t) => GetMetadataOption::Other(t.into_owned()),
        }
    }
}

/// A SETMETADATA value (RFC 5464 §5): `value = nstring / literal8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataValue<'a> {
    /// `NIL`: remove the entry.
    Nil,
    /// A string.
    String(IString<'a>),
    /// Binary data (`literal8`).
    Binary(Literal8<'a>),
}

impl IntoOwned for SelectParam<'_> {
    type Owned = SelectParam<'static>;
    fn into_owned(self) -> SelectParam<'static> {
        match self {
            SelectParam::CondStore => SelectParam::CondStore,
            SelectParam::QResync(q) => SelectParam::QResync(q),
            SelectParam::Other(t) => SelectParam::Other(t.into_owned()),
        }
    }
}

impl IntoOwned for CreateParam<'_> {
    type Owned = CreateParam<'static>;
    fn into_owned(self) -> CreateParam<'static> {
        match self {
            CreateParam::Use(v) => {
                CreateParam::Use(v.into_iter().map(IntoOwned::into_owned).collect())
            }
            CreateParam::Other(t) => CreateParam::Other(t.into_owned()),
        }
    }
}

impl IntoOwned for UseAttr<'_> {
    type Owned = UseAttr<'static>;
    fn into_owned(self) -> UseAttr<'static> {
        match self {
            UseAttr::All => UseAttr::All,
            UseAttr::Archive => UseAttr::Archive,
            UseAttr::Drafts => UseAttr::Drafts,
            UseAttr::Flagged => UseAttr::Flagged,
            UseAttr::Junk => UseAttr::Junk,
            UseAttr::Sent => UseAttr::Sent,
            UseAttr::Trash => UseAttr::Trash,
            UseAttr::Important => UseAttr::Important,
            UseAttr::Other(a) => UseAttr::Other(a.into_owned()),
        }
    }
}

impl IntoOwned for OptionExtension<'_> {
    type Owned = OptionExtension<'static>;
    fn into_owned(self) -> OptionExtension<'static> {
        OptionExtension {
            name: self.name.into_owned(),
            value: self
                .value
                .map(|v| v.into_iter().map(IntoOwned::into_owned).collect()),
        }
    }
}

impl IntoOwned for ListSelectOption<'_> {
    type Owned = ListSelectOption<'static>;
    fn into_owned(self) -> ListSelectOption<'static> {
        match self {
            ListSelectOption::Subscribed => ListSelectOption::Subscribed,
            ListSelectOption::Remote => ListSelectOption::Remote,
            ListSelectOption::RecursiveMatch => ListSelectOption::RecursiveMatch,
            ListSelectOption::SpecialUse => ListSelectOption::SpecialUse,
            ListSelectOption::Other(o) => ListSelectOption::Other(o.into_owned()),
        }
    }
}

impl IntoOwned for ListReturnOption<'_> {
    type Owned = ListReturnOption<'static>;
    fn into_owned(self) -> ListReturnOption<'static> {
        match self {
            ListReturnOption::Subscribed => ListReturnOption::Subscribed,
            ListReturnOption::Children => ListReturnOption::Children,
            ListReturnOption::Status(v) => ListReturnOption::Status(v),
            ListReturnOption::SpecialUse => ListReturnOption::SpecialUse,
            ListReturnOption::MyRights => ListReturnOption::MyRights,
            ListReturnOption::Other(o) => ListReturnOption::Other(o.into_owned()),
        }
    }
}

impl IntoOwned for AppendData<'_> {
    type Owned = AppendData<'static>;
    fn into_owned(self) -> AppendData<'static> {
        match self {
            AppendData::Literal(s) => AppendData::Literal(s.into_owned()),
            AppendData::Binary(b) => AppendData::Binary(b.into_owned()),
            AppendData::Utf8(b) => AppendData::Utf8(b.into_owned()),
        }
    }
}

impl IntoOwned for AppendMessage<'_> {
    type Owned = AppendMessage<'static>;
    fn into_owned(self) -> AppendMessage<'static> {
        AppendMessage {
            flags: self.flags.map(owned_vec),
            date: self.date,
            data: self.data.into_owned(),
        }
    }
}

impl IntoOwned for StoreModifier<'_> {
    type Owned = StoreModifier<'static>;
    fn into_owned(self) -> StoreModifier<'static> {
        match self {
            StoreModifier::UnchangedSince(n) => StoreModifier::UnchangedSince(n),
            StoreModifier::Other(t) => StoreModifier::Other(t.into_owned()),
        }
    }
}

impl IntoOwned for MetadataValue<'_> {
    type Owned = MetadataValue<'static>;
    fn into_owned(self) -> MetadataValue<'static> {
        match self {
            MetadataValue::Nil => MetadataValue::Nil,
            MetadataValue::String(s) => MetadataValue::String(s.into_owned()),
            MetadataValue::Binary(b) => MetadataValue::Binary(b.into_owned()),
        }
    }
}

fn owned_vec<T: IntoOwned>(v: Vec<T>) -> Vec<T::Owned> {
    v.into_iter().map(IntoOwned::into_owned).collect()
}

impl IntoOwned for CommandBody<'_> {
    type Owned = CommandBody<'static>;
    fn into_owned(self) -> CommandBody<'static> {
        use CommandBody::*;
        match self {
            Capability => Capability,
            Noop => Noop,
            Logout => Logout,
            Id(p) => Id(p.map(|v| {
                v.into_iter()
                    .map(|(k, v)| (k.into_owned(), v.map(IntoOwned::into_owned)))
                    .collect()
            })),
            StartTls => StartTls,
            Authenticate {
                mechanism,
                initial_response,
            } => Authenticate {
                mechanism: mechanism.into_owned(),
                initial_response,
            },
            Login { username, password } => Login {
                username: username.into_owned(),
                password: password.map(IntoOwned::into_owned),
            },
            Enable(v) => Enable(owned_vec(v)),
            Select { mailbox, params } => Select {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params),
            },
            Examine { mailbox, params } => Examine {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params),
            },
            Create { mailbox, params } => Create {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params),
            },
            Delete(m) => Delete(m.into_owned()),
            Rename { from, to, params } => Rename {
                from: from.into_owned(),
                to: to.into_owned(),
                params: owned_vec(params),
            },
            Subscribe(m) => Subscribe(m.into_owned()),
            Unsubscribe(m) => Unsubscribe(m.into_owned()),
            List {
                selection,
                reference,
                pattern,
                more_patterns,
                return_opts,
            } => List {
                selection: selection.map(owned_vec),
                reference: reference.into_owned(),
                pattern: pattern.into_owned(),
                more_patterns: owned_vec(more_patterns),
                return_opts: return_opts.map(owned_vec),
            },
            Lsub { reference, pattern } => Lsub {
                reference: reference.into_owned(),
                pattern: pattern.into_owned(),
            },
            Namespace => Namespace,
            Status { mailbox, items } => Status {
                mailbox: mailbox.into_owned(),
                items,
            },
            Append { mailbox, messages } => Append {
                mailbox: mailbox.into_owned(),
                messages: owned_vec(messages),
            },
            Idle => Idle,
            GetQuota(r) => GetQuota(r.into_owned()),
            GetQuotaRoot(m) => GetQuotaRoot(m.into_owned()),
            SetQuota { root, limits } => SetQuota {
                root: root.into_owned(),
                limits: limits
                    .into_iter()
                    .map(|(a, n)| (a.into_owned(), n))
                    .collect(),
            },
            GetMetadata {
                options,
                mailbox,
                entries,
            } => GetMetadata {
                options: owned_vec(options),
                mailbox: mailbox.into_owned(),
                entries: owned_vec(entries),
            },
            SetMetadata { mailbox, entries } => SetMetadata {
                mailbox: mailbox.into_owned(),
                entries: entries
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            },
            SetAcl {
                mailbox,
                identifier,
                rights,
            } => SetAcl {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
                rights: rights.into_owned(),
            },
            DeleteAcl {
                mailbox,
                identifier,
            } => DeleteAcl {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
            },
            GetAcl(m) => GetAcl(m.into_owned()),
            ListRights {
                mailbox,
                identifier,
            } => ListRights {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
            },
            MyRights(m) => MyRights(m.into_owned()),
            Compress(a) => Compress(a.into_owned()),
            Unauthenticate => Unauthenticate,
            Check => Check,
            Close => Close,
            Unselect => Unselect,
            Expunge => Expunge,
            UidExpunge(s) => UidExpunge(s),
            Search {
                uid,
                return_opts,
                charset,
                criteria,
            } => Search {
                uid,
                return_opts: return_opts.map(owned_vec),
                charset: charset.map(IntoOwned::into_owned),
                criteria: owned_vec(criteria),
            },
            Fetch {
                uid,
                set,
                items,
                modifiers,
            } => Fetch {
                uid,
                set,
                items: items.into_owned(),
                modifiers: owned_vec(modifiers),
            },
            Store {
                uid,
                set,
                modifiers,
                kind,
                silent,
                flags,
            } => Store {
                uid,
                set,
                modifiers: owned_vec(modifiers),
                kind,
                silent,
                flags: owned_vec(flags),
            },
            Copy { uid, set, mailbox } => Copy {
                uid,
                set,
                mailbox: mailbox.into_owned(),
            },
            Move { uid, set, mailbox } => Move {
                uid,
                set,
                mailbox: mailbox.into_owned(),
            },
            Replace {
                uid,
                number,
                mailbox,
                message,
            } => Replace {
                uid,
                number,
                mailbox: mailbox.into_owned(),
                message: message.into_owned(),
            },
            Sort {
                uid,
                return_opts,
                criteria,
                charset,
                keys,
            } => Sort {
                uid,
                return_opts: return_opts.map(owned_vec),
                criteria,
                charset: charset.into_owned(),
                keys: owned_vec(keys),
            },
            Thread {
                uid,
                algorithm,
                charset,
                keys,
            } => Thread {
                uid,
                algorithm: algorithm.into_owned(),
                charset: charset.into_owned(),
                keys: owned_vec(keys),
            },
            CancelUpdate(v) => CancelUpdate(owned_vec(v)),
        }
    }
}
