//! Search keys, ESEARCH return options, SORT criteria and THREAD algorithms.
//!
//! `search-key` of RFC 9051 §6.4.4 / §9 and RFC 3501 §6.4.4 (`NEW`, `OLD`, `RECENT`), with
//! `MODSEQ` (RFC 7162 §3.1.5), `OLDER` / `YOUNGER` (RFC 5032 §2), `SAVEDBEFORE` / `SAVEDON` /
//! `SAVEDSINCE` / `SAVEDATESUPPORTED` (RFC 8514 §4), `EMAILID` / `THREADID` (RFC 8474 §6) and
//! `FUZZY` (RFC 6203 §3).

use std::num::NonZeroU32;

use mail_core::IntoOwned;

use super::core::{Date, FlagKeyword, IString, ObjectId, SequenceSet};
use super::ext::TaggedExt;
use super::fetch::PartialRange;

/// One search key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SearchKey<'a> {
    /// `ALL`.
    All,
    /// `ANSWERED`.
    Answered,
    /// `BCC astring`.
    Bcc(IString<'a>),
    /// `BEFORE date`.
    Before(Date),
    /// `BODY astring`.
    Body(IString<'a>),
    /// `CC astring`.
    Cc(IString<'a>),
    /// `DELETED`.
    Deleted,
    /// `DRAFT`.
    Draft,
    /// `FLAGGED`.
    Flagged,
    /// `FROM astring`.
    From(IString<'a>),
    /// `HEADER header-fld-name astring`.
    Header(IString<'a>, IString<'a>),
    /// `KEYWORD flag-keyword`.
    Keyword(FlagKeyword<'a>),
    /// `LARGER number64`.
    Larger(u64),
    /// `NEW` (RFC 3501).
    New,
    /// `NOT search-key`.
    Not(Box<SearchKey<'a>>),
    /// `OLD` (RFC 3501).
    Old,
    /// `ON date`.
    On(Date),
    /// `OR search-key search-key`.
    Or(Box<SearchKey<'a>>, Box<SearchKey<'a>>),
    /// `RECENT` (RFC 3501).
    Recent,
    /// `SEEN`.
    Seen,
    /// `SENTBEFORE date`.
    SentBefore(Date),
    /// `SENTON date`.
    SentOn(Date),
    /// `SENTSINCE date`.
    SentSince(Date),
    /// `SINCE date`.
    Since(Date),
    /// `SMALLER number64`.
    Smaller(u64),
    /// `SUBJECT astring`.
    Subject(IString<'a>),
    /// `TEXT astring`.
    Text(IString<'a>),
    /// `TO astring`.
    To(IString<'a>),
    /// `UID sequence-set`.
    Uid(SequenceSet),
    /// `UNANSWERED`.
    Unanswered,
    /// `UNDELETED`.
    Undeleted,
    /// `UNDRAFT`.
    Undraft,
    /// `UNFLAGGED`.
    Unflagged,
    /// `UNKEYWORD flag-keyword`.
    Unkeyword(FlagKeyword<'a>),
    /// `UNSEEN`.
    Unseen,
    /// A bare `sequence-set` (message numbers, or `$`).
    SequenceSet(SequenceSet),
    /// `"(" search-key *(SP search-key) ")"`: all of the keys.
    And(Vec<SearchKey<'a>>),
    /// `MODSEQ [entry-name entry-type-req] mod-sequence-valzer` (RFC 7162 §3.1.5).
    ModSeq {
        /// The metadata item (`"/flags/\\draft"`) and its type (`priv`, `shared`, `all`).
        entry: Option<(IString<'a>, EntryType)>,
        /// The mod-sequence.
        modseq: u64,
    },
    /// `OLDER nz-number` seconds (RFC 5032).
    Older(NonZeroU32),
    /// `YOUNGER nz-number` seconds (RFC 5032).
    Younger(NonZeroU32),
    /// `SAVEDBEFORE date` (RFC 8514).
    SavedBefore(Date),
    /// `SAVEDON date` (RFC 8514).
    SavedOn(Date),
    /// `SAVEDSINCE date` (RFC 8514).
    SavedSince(Date),
    /// `SAVEDATESUPPORTED` (RFC 8514).
    SaveDateSupported,
    /// `EMAILID objectid` (RFC 8474).
    EmailId(ObjectId<'a>),
    /// `THREADID objectid` (RFC 8474).
    ThreadId(ObjectId<'a>),
    /// `FUZZY search-key` (RFC 6203).
    Fuzzy(Box<SearchKey<'a>>),
}

impl IntoOwned for SearchKey<'_> {
    type Owned = SearchKey<'static>;
    fn into_owned(self) -> SearchKey<'static> {
        use SearchKey::*;
        let b = |k: Box<SearchKey<'_>>| Box::new((*k).into_owned());
        match self {
            All => All,
            Answered => Answered,
            Bcc(s) => Bcc(s.into_owned()),
            Before(d) => Before(d),
            Body(s) => Body(s.into_owned()),
            Cc(s) => Cc(s.into_owned()),
            Deleted => Deleted,
            Draft => Draft,
            Flagged => Flagged,
            From(s) => From(s.into_owned()),
            Header(a, v) => Header(a.into_owned(), v.into_owned()),
            Keyword(k) => Keyword(k.into_owned()),
            Larger(n) => Larger(n),
            New => New,
            Not(k) => Not(b(k)),
            Old => Old,
            On(d) => On(d),
            Or(x, y) => Or(b(x), b(y)),
            Recent => Recent,
            Seen => Seen,
            SentBefore(d) => SentBefore(d),
            SentOn(d) => SentOn(d),
            SentSince(d) => SentSince(d),
            Since(d) => Since(d),
            Smaller(n) => Smaller(n),
            Subject(s) => Subject(s.into_owned()),
            Text(s) => Text(s.into_owned()),
            To(s) => To(s.into_owned()),
            Uid(s) => Uid(s),
            Unanswered => Unanswered,
            Undeleted => Undeleted,
            Undraft => Undraft,
            Unflagged => Unflagged,
            Unkeyword(k) => Unkeyword(k.into_owned()),
            Unseen => Unseen,
            SequenceSet(s) => SequenceSet(s),
            And(v) => And(v.into_iter().map(IntoOwned::into_owned).collect()),
            ModSeq { entry, modseq } => ModSeq {
                entry: entry.map(|(n, t)| (n.into_owned(), t)),
                modseq,
            },
            Older(n) => Older(n),
            Younger(n) => Younger(n),
            SavedBefore(d) => SavedBefore(d),
            SavedOn(d) => SavedOn(d),
            SavedSince(d) => SavedSince(d),
            SaveDateSupported => SaveDateSupported,
            EmailId(o) => EmailId(o.into_owned()),
            ThreadId(o) => ThreadId(o.into_owned()),
            Fuzzy(k) => Fuzzy(b(k)),
        }
    }
}

/// `entry-type-req = entry-type-resp / "all"`, `entry-type-resp = "priv" / "shared"`
/// (RFC 7162 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryType {
    /// `priv`.
    Private,
    /// `shared`.
    Shared,
    /// `all`.
    All,
}

/// A SEARCH / SORT return option (RFC 4731 §3.1, RFC 5182 §2.1, RFC 5267 §4, RFC 6203 §3.2,
/// RFC 9394 §3).
///
/// ```text
/// search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
/// search-return-opt  = "MIN" / "MAX" / "ALL" / "COUNT" / "SAVE" / search-ret-opt-ext
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SearchReturnOption<'a> {
    /// `MIN`.
    Min,
    /// `MAX`.
    Max,
    /// `ALL`.
    All,
    /// `COUNT`.
    Count,
    /// `SAVE` (RFC 5182).
    Save,
    /// `CONTEXT` (RFC 5267).
    Context,
    /// `UPDATE` (RFC 5267).
    Update,
    /// `PARTIAL partial-range` (RFC 5267 §4.4, RFC 9394).
    Partial(PartialRange),
    /// `RELEVANCY` (RFC 6203).
    Relevancy,
    /// Any other option.
    Other(TaggedExt<'a>),
}

impl IntoOwned for SearchReturnOption<'_> {
    type Owned = SearchReturnOption<'static>;
    fn into_owned(self) -> SearchReturnOption<'static> {
        use SearchReturnOption::*;
        match self {
            Min => Min,
            Max => Max,
            All => All,
            Count => Count,
            Save => Save,
            Context => Context,
            Update => Update,
            Partial(p) => Partial(p),
            Relevancy => Relevancy,
            Other(t) => Other(t.into_owned()),
        }
    }
}

/// A SORT key (RFC 5256 §3, RFC 5957 §3 `DISPLAYFROM` / `DISPLAYTO`, RFC 6203 `RELEVANCY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SortKey {
    /// `ARRIVAL`.
    Arrival,
    /// `CC`.
    Cc,
    /// `DATE`.
    Date,
    /// `FROM`.
    From,
    /// `SIZE`.
    Size,
    /// `SUBJECT`.
    Subject,
    /// `TO`.
    To,
    /// `DISPLAYFROM` (RFC 5957).
    DisplayFrom,
    /// `DISPLAYTO` (RFC 5957).
    DisplayTo,
    /// `RELEVANCY` (RFC 6203).
    Relevancy,
}

impl SortKey {
    /// Every key.
    pub const ALL: [SortKey; 10] = [
        SortKey::Arrival,
        SortKey::Cc,
        SortKey::Date,
        SortKey::From,
        SortKey::Size,
        SortKey::Subject,
        SortKey::To,
        SortKey::DisplayFrom,
        SortKey::DisplayTo,
        SortKey::Relevancy,
    ];

    /// The name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Arrival => "ARRIVAL",
            SortKey::Cc => "CC",
            SortKey::Date => "DATE",
            SortKey::From => "FROM",
            SortKey::Size => "SIZE",
            SortKey::Subject => "SUBJECT",
            SortKey::To => "TO",
            SortKey::DisplayFrom => "DISPLAYFROM",
            SortKey::DisplayTo => "DISPLAYTO",
            SortKey::Relevancy => "RELEVANCY",
        }
    }
}

/// `sort-criterion = ["REVERSE" SP] sort-key` (RFC 5256 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortCriterion {
    /// `REVERSE`.
    pub reverse: bool,
    /// The key.
    pub key: SortKey,
}

/// `thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext` (RFC 5256 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThreadAlgorithm<'a> {
    /// `ORDEREDSUBJECT`.
    OrderedSubject,
    /// `REFERENCES`.
    References,
    /// Another algorithm (an atom).
    Other(super::core::Atom<'a>),
}

impl IntoOwned for ThreadAlgorithm<'_> {
    type Owned = ThreadAlgorithm<'static>;
    fn into_owned(self) -> ThreadAlgorithm<'static> {
        match self {
            ThreadAlgorithm::OrderedSubject => ThreadAlgorithm::OrderedSubject,
            ThreadAlgorithm::References => ThreadAlgorithm::References,
            ThreadAlgorithm::Other(a) => ThreadAlgorithm::Other(a.into_owned()),
        }
    }
}
