//! STATUS data item names (RFC 9051 §6.3.11, RFC 3501 §6.3.10 and extensions).
//!
//! ```text
//! status-att = "MESSAGES" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN" / "DELETED" / "SIZE"
//! ```
//!
//! plus `RECENT` (RFC 3501), `HIGHESTMODSEQ` (RFC 7162 §3.1.9), `APPENDLIMIT` (RFC 7889 §3.1),
//! `MAILBOXID` (RFC 8474 §4.2), `DELETED-STORAGE` (RFC 9208 §4.1.3).

/// A STATUS data item name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusItem {
    /// `MESSAGES`.
    Messages,
    /// `UIDNEXT`.
    UidNext,
    /// `UIDVALIDITY`.
    UidValidity,
    /// `UNSEEN`.
    Unseen,
    /// `DELETED` (RFC 9051, RFC 9208).
    Deleted,
    /// `SIZE` (RFC 9051, RFC 8438).
    Size,
    /// `RECENT` (RFC 3501 only).
    Recent,
    /// `HIGHESTMODSEQ` (RFC 7162).
    HighestModSeq,
    /// `APPENDLIMIT` (RFC 7889).
    AppendLimit,
    /// `MAILBOXID` (RFC 8474).
    MailboxId,
    /// `DELETED-STORAGE` (RFC 9208).
    DeletedStorage,
}

impl StatusItem {
    /// Every item, for tables and tests.
    pub const ALL: [StatusItem; 11] = [
        StatusItem::Messages,
        StatusItem::UidNext,
        StatusItem::UidValidity,
        StatusItem::Unseen,
        StatusItem::Deleted,
        StatusItem::Size,
        StatusItem::Recent,
        StatusItem::HighestModSeq,
        StatusItem::AppendLimit,
        StatusItem::MailboxId,
        StatusItem::DeletedStorage,
    ];

    /// The name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            StatusItem::Messages => "MESSAGES",
            StatusItem::UidNext => "UIDNEXT",
            StatusItem::UidValidity => "UIDVALIDITY",
            StatusItem::Unseen => "UNSEEN",
            StatusItem::Deleted => "DELETED",
            StatusItem::Size => "SIZE",
            StatusItem::Recent => "RECENT",
            StatusItem::HighestModSeq => "HIGHESTMODSEQ",
            StatusItem::AppendLimit => "APPENDLIMIT",
            StatusItem::MailboxId => "MAILBOXID",
            StatusItem::DeletedStorage => "DELETED-STORAGE",
        }
    }

    /// The item named `name` (case-insensitive).
    pub fn from_name(name: &[u8]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|i| i.name().as_bytes().eq_ignore_ascii_case(name))
    }
}
