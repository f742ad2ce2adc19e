//! FETCH data items and modifiers (RFC 9051 §6.4.5, RFC 3501 §6.4.5, and extensions).
//!
//! ```text
//! fetch      = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
//!              fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]
//! fetch-att  = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" /
//!              "BODY" ["STRUCTURE"] / "UID" / "BODY" section [partial] /
//!              "BODY.PEEK" section [partial] / "BINARY" [".PEEK"] section-binary [partial] /
//!              "BINARY.SIZE" section-binary
//! ```
//!
//! plus `RFC822`, `RFC822.HEADER`, `RFC822.TEXT` (RFC 3501), `MODSEQ` (RFC 7162 §3.1.4.1),
//! `EMAILID` / `THREADID` (RFC 8474 §5), `SAVEDATE` (RFC 8514 §4), `PREVIEW` (RFC 8970 §3).

use mail_core::IntoOwned;

use super::core::{Part, Partial, Section};
use super::ext::TaggedExt;

/// What a FETCH asks for: a macro or a list of items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchItems<'a> {
    /// `ALL`: `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`.
    All,
    /// `FAST`: `(FLAGS INTERNALDATE RFC822.SIZE)`.
    Fast,
    /// `FULL`: `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)`.
    Full,
    /// One or more items (`fetch-att` or a parenthesised list).
    Items(Vec<FetchItem<'a>>),
}

impl FetchItems<'_> {
    /// The items a macro stands for (RFC 9051 §6.4.5), or the items themselves.
    pub fn expand(&self) -> Vec<FetchItem<'_>> {
        use FetchItem::*;
        match self {
            FetchItems::All => vec![Flags, InternalDate, Rfc822Size, Envelope],
            FetchItems::Fast => vec![Flags, InternalDate, Rfc822Size],
            FetchItems::Full => vec![Flags, InternalDate, Rfc822Size, Envelope, Body],
            FetchItems::Items(v) => v.clone(),
        }
    }
}

impl IntoOwned for FetchItems<'_> {
    type Owned = FetchItems<'static>;
    fn into_owned(self) -> FetchItems<'static> {
        match self {
            FetchItems::All => FetchItems::All,
            FetchItems::Fast => FetchItems::Fast,
            FetchItems::Full => FetchItems::Full,
            FetchItems::Items(v) => {
                FetchItems::Items(v.into_iter().map(IntoOwned::into_owned).collect())
            }
        }
    }
}

/// One FETCH data item (`fetch-att`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchItem<'a> {
    /// `ENVELOPE`.
    Envelope,
    /// `FLAGS`.
    Flags,
    /// `INTERNALDATE`.
    InternalDate,
    /// `RFC822` (RFC 3501 §6.4.5; equivalent to `BODY[]`).
    Rfc822,
    /// `RFC822.HEADER` (RFC 3501; `BODY.PEEK[HEADER]`).
    Rfc822Header,
    /// `RFC822.SIZE`.
    Rfc822Size,
    /// `RFC822.TEXT` (RFC 3501; `BODY[TEXT]`).
    Rfc822Text,
    /// `UID`.
    Uid,
    /// `BODY`: the non-extensible body structure.
    Body,
    /// `BODYSTRUCTURE`.
    BodyStructure,
    /// `BODY[section]<partial>` or `BODY.PEEK[section]<partial>`.
    BodySection {
        /// `BODY.PEEK`: do not set `\Seen`.
        peek: bool,
        /// The section.
        section: Section<'a>,
        /// `<offset.length>`.
        partial: Option<Partial>,
    },
    /// `BINARY[part]<partial>` / `BINARY.PEEK[part]<partial>` (RFC 3516 §4.1, RFC 9051).
    Binary {
        /// `BINARY.PEEK`.
        peek: bool,
        /// The part (`None` for `[]`).
        part: Option<Part>,
        /// `<offset.length>`.
        partial: Option<Partial>,
    },
    /// `BINARY.SIZE[part]` (RFC 3516 §4.1).
    BinarySize {
        /// The part (`None` for `[]`).
        part: Option<Part>,
    },
    /// `MODSEQ` (RFC 7162 §3.1.4.1).
    ModSeq,
    /// `EMAILID` (RFC 8474 §5.1).
    EmailId,
    /// `THREADID` (RFC 8474 §5.2).
    ThreadId,
    /// `SAVEDATE` (RFC 8514 §4).
    SaveDate,
    /// `PREVIEW` or `PREVIEW (LAZY)` (RFC 8970 §3).
    Preview {
        /// The `LAZY` modifier.
        lazy: bool,
    },
}

impl IntoOwned for FetchItem<'_> {
    type Owned = FetchItem<'static>;
    fn into_owned(self) -> FetchItem<'static> {
        use FetchItem::*;
        match self {
            Envelope => Envelope,
            Flags => Flags,
            InternalDate => InternalDate,
            Rfc822 => Rfc822,
            Rfc822Header => Rfc822Header,
            Rfc822Size => Rfc822Size,
            Rfc822Text => Rfc822Text,
            Uid => Uid,
            Body => Body,
            BodyStructure => BodyStructure,
            BodySection {
                peek,
                section,
                partial,
            } => BodySection {
                peek,
                section: section.into_owned(),
                partial,
            },
            Binary {
                peek,
                part,
                partial,
            } => Binary {
                peek,
                part,
                partial,
            },
            BinarySize { part } => BinarySize { part },
            ModSeq => ModSeq,
            EmailId => EmailId,
            ThreadId => ThreadId,
            SaveDate => SaveDate,
            Preview { lazy } => Preview { lazy },
        }
    }
}

/// A FETCH modifier (RFC 4466 §2.4 `fetch-modifier`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchModifier<'a> {
    /// `CHANGEDSINCE mod-sequence-value` (RFC 7162 §3.1.4.1).
    ChangedSince(u64),
    /// `VANISHED` (RFC 7162 §3.2.6; with UID FETCH and CHANGEDSINCE).
    Vanished,
    /// `PARTIAL partial-range` (RFC 9394 §3.1): `first:last`, both negative to count from
    /// the end.
    Partial(PartialRange),
    /// Any other modifier.
    Other(TaggedExt<'a>),
}

impl IntoOwned for FetchModifier<'_> {
    type Owned = FetchModifier<'static>;
    fn into_owned(self) -> FetchModifier<'static> {
        match self {
            FetchModifier::ChangedSince(n) => FetchModifier::ChangedSince(n),
            FetchModifier::Vanished => FetchModifier::Vanished,
            FetchModifier::Partial(p) => FetchModifier::Partial(p),
            FetchModifier::Other(t) => FetchModifier::Other(t.into_owned()),
        }
    }
}

/// A range of results (RFC 5267 §4.4, RFC 9394 §3):
/// `partial-range = partial-range-first / partial-range-last`, `nz-number ":" nz-number` or
/// `"-" nz-number ":" "-" nz-number` (counted from the last result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialRange {
    first: i64,
    last: i64,
}

impl PartialRange {
    /// A range; both ends non-zero and of the same sign, each within 32 bits.
    pub fn new(first: i64, last: i64) -> Result<Self, mail_core::ValidationError> {
        let ok = |v: i64| v != 0 && v.unsigned_abs() <= u64::from(u32::MAX);
        if !ok(first) || !ok(last) || (first < 0) != (last < 0) {
            return Err(mail_core::ValidationError::Invalid {
                what: "partial range",
                reason: "both ends non-zero and of the same sign",
            });
        }
        Ok(PartialRange { first, last })
    }

    /// The first end as written.
    pub fn first(&self) -> i64 {
        self.first
    }

    /// The last end as written.
    pub fn last(&self) -> i64 {
        self.last
    }
}
