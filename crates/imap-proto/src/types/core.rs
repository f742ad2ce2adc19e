//! The lexical core of IMAP, shared by commands and responses (RFC 9051 §4 and §9, RFC 3501 §4
//! and §9).
//!
//! What is here:
//!
//! * [`Tag`]: `tag = 1*<any ASTRING-CHAR except "+">`;
//! * [`Atom`]: `atom = 1*ATOM-CHAR`;
//! * [`IString`]: the value of a `string` (`quoted` / `literal`) or an `astring`; the encoder picks
//!   atom, quoted string or literal by content (see [`crate::encode`]); `nstring` is
//!   `Option<IString>` (`None` is `NIL`);
//! * [`LiteralMode`]: synchronizing `{n}` or non-synchronizing `{n+}` (RFC 7888);
//! * [`Literal8`]: binary data of `literal8 = "~{" number64 ["+"] "}" CRLF *OCTET` (RFC 3516,
//!   RFC 4466);
//! * [`Mailbox`] (INBOX case-insensitive, modified UTF-7 of RFC 3501 §5.1.3 or raw UTF-8 under
//!   `UTF8=ACCEPT`/IMAP4rev2, RFC 6855) and [`ListMailbox`] (a LIST pattern with `%` and `*`);
//! * [`Flag`], [`FlagFetch`] (adds `\Recent`), [`FlagPerm`] (adds `\*`), [`FlagExtension`],
//!   [`FlagKeyword`];
//! * [`SequenceSet`], [`SeqItem`], [`SeqNumber`] (numbers, `*`, ranges in either order, `$` of
//!   SEARCHRES, RFC 5182);
//! * [`Date`] (`date`) and [`DateTime`] (`date-time`);
//! * [`Section`], [`SectionText`], [`Part`] and [`Partial`]: `section-spec`, part numbers, header
//!   field lists and `<offset.length>` (FETCH commands and responses);
//! * [`Charset`]: `charset = atom / quoted`;
//! * [`ObjectId`]: MAILBOXID / EMAILID / THREADID values (RFC 8474);
//! * byte classes: [`is_atom_char`], [`is_astring_char`], [`is_tag_char`], [`is_list_char`].
//!
//! Numbers are plain integers: `number` is `u32`, `nz-number` is [`NonZeroU32`], `number64` is
//! `u64` limited to [`MAX_NUMBER64`].

use std::borrow::Cow;
use std::fmt;
use std::num::{NonZeroU32, NonZeroU64};

use mail_core::{IntoOwned, ValidationError};

use super::utf7;

/// The largest `number64`: 2^63 - 1 (RFC 9051 §9: "Unsigned 63-bit integer").
pub const MAX_NUMBER64: u64 = i64::MAX as u64;

const ATOM: u8 = 1;
const ASTRING: u8 = 2;
const TAG: u8 = 4;
const LIST: u8 = 8;
const QUOTED: u8 = 16;

const fn classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0x01;
    while b < 0x80 {
        let c = b as u8;
        // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
        //                 resp-specials
        let ctl = c < 0x20 || c == 0x7f;
        let special = matches!(
            c,
            b'(' | b')' | b'{' | b' ' | b'%' | b'*' | b'"' | b'\\' | b']'
        );
        let mut v = 0;
        if !ctl && !special {
            v |= ATOM | ASTRING | LIST;
            if c != b'+' {
                v |= TAG;
            }
        }
        if c == b']' {
            v |= ASTRING | TAG | LIST;
        }
        if c == b'%' || c == b'*' {
            v |= LIST;
        }
        // QUOTED-CHAR = <any TEXT-CHAR except quoted-specials>; TEXT-CHAR = <any CHAR except CR
        // and LF>
        if c != b'\r' && c != b'\n' && c != b'"' && c != b'\\' {
            v |= QUOTED;
        }
        t[b] = v;
        b += 1;
    }
    t
}

static CLASSES: [u8; 256] = classes();

/// `ATOM-CHAR = <any CHAR except atom-specials>` (RFC 9051 §9).
#[inline]
pub fn is_atom_char(b: u8) -> bool {
    CLASSES[b as usize] & ATOM != 0
}

/// `ASTRING-CHAR = ATOM-CHAR / resp-specials` (RFC 9051 §9).
#[inline]
pub fn is_astring_char(b: u8) -> bool {
    CLASSES[b as usize] & ASTRING != 0
}

/// A character of a tag: `<any ASTRING-CHAR except "+">` (RFC 9051 §9).
#[inline]
pub fn is_tag_char(b: u8) -> bool {
    CLASSES[b as usize] & TAG != 0
}

/// `list-char = ATOM-CHAR / list-wildcards / resp-specials` (RFC 9051 §9).
#[inline]
pub fn is_list_char(b: u8) -> bool {
    CLASSES[b as usize] & LIST != 0
}

/// A 7-bit `QUOTED-CHAR` that needs no escape: `<any TEXT-CHAR except quoted-specials>`.
#[inline]
pub(crate) fn is_quoted_char(b: u8) -> bool {
    CLASSES[b as usize] & QUOTED != 0
}

fn check_bytes(
    what: &'static str,
    bytes: &[u8],
    ok: impl Fn(u8) -> bool,
) -> Result<(), ValidationError> {
    if bytes.is_empty() {
        return Err(ValidationError::Empty { what });
    }
    match bytes.iter().position(|&b| !ok(b)) {
        Some(position) => Err(ValidationError::InvalidByte {
            what,
            byte: bytes[position],
            position,
        }),
        None => Ok(()),
    }
}

fn cow_str_owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn cow_bytes_owned(c: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(c.into_owned())
}

macro_rules! str_newtype_common {
    ($name:ident) => {
        impl<'a> $name<'a> {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Builds the value without validation (the caller has checked it).
            pub(crate) fn unvalidated(s: impl Into<Cow<'a, str>>) -> Self {
                $name(s.into())
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl IntoOwned for $name<'_> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name(cow_str_owned(self.0))
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = ValidationError;
            fn try_from(s: &'a str) -> Result<Self, ValidationError> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name<'static> {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, ValidationError> {
                Self::new(s)
            }
        }
    };
}

/// A command tag (RFC 9051 §2.2.1, §9): `tag = 1*<any ASTRING-CHAR except "+">`.
///
/// ```
/// use imap_proto::types::core::Tag;
/// assert_eq!(Tag::new("a001").unwrap().as_str(), "a001");
/// assert!(Tag::new("a+1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag<'a>(Cow<'a, str>);

impl<'a> Tag<'a> {
    /// A tag: one or more ASTRING-CHARs other than `+`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("tag", s.as_bytes(), is_tag_char)?;
        Ok(Tag(s))
    }
}
str_newtype_common!(Tag);

/// An atom (RFC 9051 §9): `atom = 1*ATOM-CHAR`.
///
/// Used for command and keyword names, capabilities, flag keywords and extension labels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// An atom: one or more ATOM-CHARs.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("atom", s.as_bytes(), is_atom_char)?;
        Ok(Atom(s))
    }

    /// Whether the atom equals `other`, ignoring ASCII case (IMAP keywords are case-insensitive,
    /// RFC 9051 §9 note 1).
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}
str_newtype_common!(Atom);

/// The value of an IMAP `string` or `astring` (RFC 9051 §4.3): any octets except NUL.
///
/// ```text
/// string  = quoted / literal
/// astring = 1*ASTRING-CHAR / string
/// nstring = string / nil
/// ```
///
/// The representation received (atom, quoted, literal) is not kept: the encoder picks the form
/// by content (an atom when allowed, a quoted string when the value has no CR, LF, NUL, no
/// 8-bit octets unless UTF-8 is allowed, and is not long, a literal otherwise). `nstring` is
/// `Option<IString>`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IString<'a>(Cow<'a, [u8]>);

impl<'a> IString<'a> {
    /// A string value: any octets except NUL (`CHAR8 = %x01-ff`, RFC 9051 §9). May be empty.
    pub fn new(data: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValidationError> {
        let data = data.into();
        if let Some(position) = memchr::memchr(0, &data) {
            return Err(ValidationError::InvalidByte {
                what: "string",
                byte: 0,
                position,
            });
        }
        Ok(IString(data))
    }

    /// A string value from text.
    pub fn from_text(s: &'a str) -> Result<Self, ValidationError> {
        Self::new(s.as_bytes())
    }

    pub(crate) fn unvalidated(data: impl Into<Cow<'a, [u8]>>) -> Self {
        IString(data.into())
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The octets as UTF-8 text, if they are.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty (`""`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The octets, owned or borrowed.
    pub fn into_inner(self) -> Cow<'a, [u8]> {
        self.0
    }

    /// The octets as a `Cow` (borrowed when the value borrows from the input).
    pub fn as_cow(&self) -> &Cow<'a, [u8]> {
        &self.0
    }
}

impl fmt::Debug for IString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(s) => write!(f, "IString({s:?})"),
            Err(_) => write!(f, "IString({:?})", String::from_utf8_lossy(&self.0)),
        }
    }
}

impl IntoOwned for IString<'_> {
    type Owned = IString<'static>;
    fn into_owned(self) -> IString<'static> {
        IString(cow_bytes_owned(self.0))
    }
}

impl<'a> TryFrom<&'a str> for IString<'a> {
    type Error = ValidationError;
    fn try_from(s: &'a str) -> Result<Self, ValidationError> {
        IString::new(s.as_bytes())
    }
}

impl<'a> TryFrom<&'a [u8]> for IString<'a> {
    type Error = ValidationError;
    fn try_from(s: &'a [u8]) -> Result<Self, ValidationError> {
        IString::new(s)
    }
}

impl TryFrom<String> for IString<'static> {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, ValidationError> {
        IString::new(s.into_bytes())
    }
}

impl TryFrom<Vec<u8>> for IString<'static> {
    type Error = ValidationError;
    fn try_from(s: Vec<u8>) -> Result<Self, ValidationError> {
        IString::new(s)
    }
}

/// Whether a literal is synchronizing (`{n}`: the client waits for a `+` continuation) or
/// non-synchronizing (`{n+}`, RFC 7888 LITERAL+ / LITERAL-).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LiteralMode {
    /// `{n}` (RFC 9051 §4.3).
    #[default]
    Sync,
    /// `{n+}` (RFC 7888 §3).
    NonSync,
}

/// Binary data sent as `literal8` (RFC 3516 §4.2, RFC 4466 §2.5):
/// `literal8 = "~{" number64 ["+"] "}" CRLF *OCTET`; NUL is allowed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Literal8<'a>(Cow<'a, [u8]>);

impl<'a> Literal8<'a> {
    /// Binary data; any octets, length at most [`MAX_NUMBER64`] (always true in practice).
    pub fn new(data: impl Into<Cow<'a, [u8]>>) -> Self {
        Literal8(data.into())
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Literal8<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Literal8({} octets)", self.0.len())
    }
}

impl IntoOwned for Literal8<'_> {
    type Owned = Literal8<'static>;
    fn into_owned(self) -> Literal8<'static> {
        Literal8(cow_bytes_owned(self.0))
    }
}

/// A mailbox name (RFC 9051 §5.1, §9: `mailbox = "INBOX" / astring`), held as UTF-8.
///
/// "INBOX is case insensitive. All case variants of INBOX (e.g., "iNbOx") MUST be interpreted as
/// INBOX" (RFC 9051 §9): every case variant is stored as `INBOX`, so they compare equal.
///
/// On the wire, IMAP4rev1 uses modified UTF-7 (RFC 3501 §5.1.3, see [`utf7`]); after
/// `ENABLE UTF8=ACCEPT` (RFC 6855 §3) or `ENABLE IMAP4rev2` names are raw UTF-8. The decoder
/// turns both into UTF-8 and the encoder picks the form by its options.
///
/// ```
/// use imap_proto::types::core::Mailbox;
/// assert!(Mailbox::new("iNbOx").unwrap().is_inbox());
/// assert_eq!(Mailbox::new("Entwürfe").unwrap().as_str(), "Entwürfe");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a>(Cow<'a, str>);

impl<'a> Mailbox<'a> {
    /// `INBOX`.
    pub const INBOX: Mailbox<'static> = Mailbox(Cow::Borrowed("INBOX"));

    /// A mailbox name in UTF-8; any case variant of `INBOX` becomes `INBOX`. May be empty (the
    /// empty reference name of LIST). NUL is refused (it cannot be sent).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let name = name.into();
        if let Some(position) = memchr::memchr(0, name.as_bytes()) {
            return Err(ValidationError::InvalidByte {
                what: "mailbox name",
                byte: 0,
                position,
            });
        }
        Ok(Self::normalized(name))
    }

    pub(crate) fn normalized(name: Cow<'a, str>) -> Self {
        if name.len() == 5 && name.eq_ignore_ascii_case("INBOX") {
            Mailbox(Cow::Borrowed("INBOX"))
        } else {
            Mailbox(name)
        }
    }

    /// The name in UTF-8.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is INBOX.
    pub fn is_inbox(&self) -> bool {
        self.0 == "INBOX"
    }

    /// The name in modified UTF-7 (RFC 3501 §5.1.3).
    pub fn to_utf7(&self) -> Cow<'_, str> {
        utf7::encode(&self.0)
    }
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl IntoOwned for Mailbox<'_> {
    type Owned = Mailbox<'static>;
    fn into_owned(self) -> Mailbox<'static> {
        Mailbox(cow_str_owned(self.0))
    }
}

impl<'a> TryFrom<&'a str> for Mailbox<'a> {
    type Error = ValidationError;
    fn try_from(s: &'a str) -> Result<Self, ValidationError> {
        Mailbox::new(s)
    }
}

/// A LIST/LSUB mailbox pattern (RFC 9051 §6.3.9, §9): `list-mailbox = 1*list-char / string`,
/// `list-char = ATOM-CHAR / list-wildcards / resp-specials`, held as UTF-8 like [`Mailbox`].
///
/// `*` matches any characters, `%` any characters but the hierarchy delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListMailbox<'a>(Cow<'a, str>);

impl<'a> ListMailbox<'a> {
    /// A pattern in UTF-8 (may be empty). NUL is refused.
    pub fn new(pattern: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let pattern = pattern.into();
        if let Some(position) = memchr::memchr(0, pattern.as_bytes()) {
            return Err(ValidationError::InvalidByte {
                what: "list pattern",
                byte: 0,
                position,
            });
        }
        Ok(ListMailbox(pattern))
    }

    pub(crate) fn unvalidated(s: Cow<'a, str>) -> Self {
        ListMailbox(s)
    }

    /// The pattern in UTF-8.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IntoOwned for ListMailbox<'_> {
    type Owned = ListMailbox<'static>;
    fn into_owned(self) -> ListMailbox<'static> {
        ListMailbox(cow_str_owned(self.0))
    }
}

impl<'a> TryFrom<&'a str> for ListMailbox<'a> {
    type Error = ValidationError;
    fn try_from(s: &'a str) -> Result<Self, ValidationError> {
        ListMailbox::new(s)
    }
}

/// A flag keyword (RFC 9051 §2.3.2, §9): `flag-keyword = "$MDNSent" / "$Forwarded" / ... / atom`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagKeyword<'a>(Cow<'a, str>);

impl<'a> FlagKeyword<'a> {
    /// A keyword: an atom.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("flag keyword", s.as_bytes(), is_atom_char)?;
        Ok(FlagKeyword(s))
    }
}
str_newtype_common!(FlagKeyword);

/// The name of a `flag-extension` without its backslash (RFC 9051 §9:
/// `flag-extension = "\" atom`, "Future expansion"), other than the system flags of
/// [`Flag`], `\Recent` and `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagExtension<'a>(Cow<'a, str>);

/// Names that have their own variants, so never a [`FlagExtension`].
const RESERVED_FLAG_NAMES: [&str; 6] =
    ["Answered", "Flagged", "Deleted", "Seen", "Draft", "Recent"];

impl<'a> FlagExtension<'a> {
    /// An extension flag name (without the backslash): an atom that is not a system flag name.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("flag extension", s.as_bytes(), is_atom_char)?;
        if RESERVED_FLAG_NAMES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&s))
        {
            return Err(ValidationError::Invalid {
                what: "flag extension",
                reason: "a system flag name",
            });
        }
        Ok(FlagExtension(s))
    }
}
str_newtype_common!(FlagExtension);

/// A message flag (RFC 9051 §2.3.2, §9).
///
/// ```text
/// flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
///        flag-extension
/// ```
///
/// System flag names are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Flag<'a> {
    /// `\Answered`.
    Answered,
    /// `\Flagged`.
    Flagged,
    /// `\Deleted`.
    Deleted,
    /// `\Seen`.
    Seen,
    /// `\Draft`.
    Draft,
    /// A keyword (`$Forwarded`, `$Junk`, any atom).
    Keyword(FlagKeyword<'a>),
    /// `\` followed by an atom that is not a system flag.
    Extension(FlagExtension<'a>),
}

impl<'a> Flag<'a> {
    /// Parses a flag from its text (`\Seen`, `$Junk`, `\X-Custom`).
    pub fn parse(s: &'a str) -> Result<Self, ValidationError> {
        match s.strip_prefix('\\') {
            Some(name) => match Self::system(name) {
                Some(flag) => Ok(flag),
                None => Ok(Flag::Extension(FlagExtension::new(name)?)),
            },
            None => Ok(Flag::Keyword(FlagKeyword::new(s)?)),
        }
    }

    pub(crate) fn system(name: &str) -> Option<Flag<'static>> {
        Some(match name.len() {
            4 if name.eq_ignore_ascii_case("Seen") => Flag::Seen,
            5 if name.eq_ignore_ascii_case("Draft") => Flag::Draft,
            7 if name.eq_ignore_ascii_case("Flagged") => Flag::Flagged,
            7 if name.eq_ignore_ascii_case("Deleted") => Flag::Deleted,
            8 if name.eq_ignore_ascii_case("Answered") => Flag::Answered,
            _ => return None,
        })
    }

    /// A keyword flag.
    pub fn keyword(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        Ok(Flag::Keyword(FlagKeyword::new(s)?))
    }
}

impl IntoOwned for Flag<'_> {
    type Owned = Flag<'static>;
    fn into_owned(self) -> Flag<'static> {
        match self {
            Flag::Answered => Flag::Answered,
            Flag::Flagged => Flag::Flagged,
            Flag::Deleted => Flag::Deleted,
            Flag::Seen => Flag::Seen,
            Flag::Draft => Flag::Draft,
            Flag::Keyword(k) => Flag::Keyword(k.into_owned()),
            Flag::Extension(e) => Flag::Extension(e.into_owned()),
        }
    }
}

/// A flag in a FETCH response (RFC 9051 §9): `flag-fetch = flag / obsolete-flag-recent`
/// (`\Recent`, IMAP4rev1 only).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagFetch<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\Recent` (RFC 3501 §2.3.2; obsolete in RFC 9051).
    Recent,
}

impl IntoOwned for FlagFetch<'_> {
    type Owned = FlagFetch<'static>;
    fn into_owned(self) -> FlagFetch<'static> {
        match self {
            FlagFetch::Flag(f) => FlagFetch::Flag(f.into_owned()),
            FlagFetch::Recent => FlagFetch::Recent,
        }
    }
}

/// A flag in a PERMANENTFLAGS response code (RFC 9051 §9): `flag-perm = flag / "\*"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagPerm<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\*`: new keywords may be created.
    Asterisk,
}

impl IntoOwned for FlagPerm<'_> {
    type Owned = FlagPerm<'static>;
    fn into_owned(self) -> FlagPerm<'static> {
        match self {
            FlagPerm::Flag(f) => FlagPerm::Flag(f.into_owned()),
            FlagPerm::Asterisk => FlagPerm::Asterisk,
        }
    }
}

/// A message sequence number or UID in a set (RFC 9051 §9): `seq-number = nz-number / "*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeqNumber {
    /// A number (never zero).
    Value(NonZeroU32),
    /// `*`: the largest number in use.
    Largest,
}

impl SeqNumber {
    /// A number; `None` for zero.
    pub fn new(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(SeqNumber::Value)
    }
}

/// One element of a sequence set (RFC 9051 §9): `seq-number / seq-range`, where
/// `seq-range = seq-number ":" seq-number` in either order ("2:4 and 4:2 are equivalent").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeqItem {
    /// A single number or `*`.
    Single(SeqNumber),
    /// A range, as written (not reordered).
    Range(SeqNumber, SeqNumber),
}

impl SeqItem {
    /// Whether `n` is in this item, `largest` being the value of `*`.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        let v = |s: SeqNumber| match s {
            SeqNumber::Value(v) => v.get(),
            SeqNumber::Largest => largest,
        };
        match *self {
            SeqItem::Single(s) => v(s) == n,
            SeqItem::Range(a, b) => {
                let (lo, hi) = if v(a) <= v(b) {
                    (v(a), v(b))
                } else {
                    (v(b), v(a))
                };
                (lo..=hi).contains(&n)
            }
        }
    }
}

/// A set of message sequence numbers or UIDs (RFC 9051 §9).
///
/// ```text
/// sequence-set     = (seq-number / seq-range) ["," sequence-set]
/// sequence-set     =/ seq-last-command
/// seq-last-command = "$"
/// ```
///
/// `$` is the saved result of the last `SEARCH ... RETURN (SAVE)` (RFC 5182 §2.1).
///
/// ```
/// use imap_proto::types::core::SequenceSet;
/// let set = SequenceSet::parse("1:4,7,9:*").unwrap();
/// assert_eq!(set.items().unwrap().len(), 3);
/// assert!(SequenceSet::parse("$").unwrap().is_saved());
/// assert!(SequenceSet::parse("0").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceSet(SetRepr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum SetRepr {
    Items(Vec<SeqItem>),
    Saved,
}

impl SequenceSet {
    /// A set of the given items; at least one.
    pub fn new(items: Vec<SeqItem>) -> Result<Self, ValidationError> {
        if items.is_empty() {
            return Err(ValidationError::Empty {
                what: "sequence set",
            });
        }
        Ok(SequenceSet(SetRepr::Items(items)))
    }

    /// `$`, the saved search result (RFC 5182).
    pub fn saved() -> Self {
        SequenceSet(SetRepr::Saved)
    }

    /// A single number (zero is refused).
    pub fn single(n: u32) -> Result<Self, ValidationError> {
        let n = SeqNumber::new(n).ok_or(ValidationError::OutOfRange {
            what: "sequence number",
            min: 1,
            max: u32::MAX.into(),
        })?;
        Ok(SequenceSet(SetRepr::Items(vec![SeqItem::Single(n)])))
    }

    /// `1:*`, every message.
    pub fn all() -> Self {
        SequenceSet(SetRepr::Items(vec![SeqItem::Range(
            SeqNumber::Value(NonZeroU32::MIN),
            SeqNumber::Largest,
        )]))
    }

    /// Parses the wire form (`1,3:5,7:*`, `$`).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match crate::decode::core::sequence_set(s.as_bytes(), usize::MAX) {
            Ok((b"", set)) => Ok(set),
            _ => Err(ValidationError::Invalid {
                what: "sequence set",
                reason: "not of the form 1,2:4,5:*",
            }),
        }
    }

    /// The items, or `None` for `$`.
    pub fn items(&self) -> Option<&[SeqItem]> {
        match &self.0 {
            SetRepr::Items(v) => Some(v),
            SetRepr::Saved => None,
        }
    }

    /// Whether this is `$`.
    pub fn is_saved(&self) -> bool {
        matches!(self.0, SetRepr::Saved)
    }
}

impl From<NonZeroU32> for SequenceSet {
    fn from(n: NonZeroU32) -> Self {
        SequenceSet(SetRepr::Items(vec![SeqItem::Single(SeqNumber::Value(n))]))
    }
}

/// Month names of `date-month` (RFC 9051 §9).
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// A calendar date (RFC 9051 §9): `date-text = date-day "-" date-month "-" date-year`, e.g.
/// `1-Feb-1994`; `date = date-text / DQUOTE date-text DQUOTE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date; the year has four digits, the day exists in the month.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, ValidationError> {
        if year > 9999 {
            return Err(ValidationError::OutOfRange {
                what: "year",
                min: 0,
                max: 9999,
            });
        }
        if !(1..=12).contains(&month) {
            return Err(ValidationError::OutOfRange {
                what: "month",
                min: 1,
                max: 12,
            });
        }
        let max = days_in_month(year, month);
        if !(1..=max).contains(&day) {
            return Err(ValidationError::OutOfRange {
                what: "day",
                min: 1,
                max: max.into(),
            });
        }
        Ok(Date { year, month, day })
    }

    /// The year (0-9999).
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month (1-12).
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month (1-31).
    pub fn day(&self) -> u8 {
        self.day
    }
}

/// A date and time with its zone (RFC 9051 §9), as in INTERNALDATE and APPEND:
///
/// ```text
/// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
/// time      = 2DIGIT ":" 2DIGIT ":" 2DIGIT
/// zone      = ("+" / "-") 4DIGIT
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    zone_minutes: i16,
}

impl DateTime {
    /// A date-time; `zone_minutes` is the offset east of UTC in minutes (-5999..=5999, i.e.
    /// `-9959`..`+9959` with minutes below 60). Seconds may be 60 (a leap second).
    pub fn new(
        date: Date,
        hour: u8,
        minute: u8,
        second: u8,
        zone_minutes: i16,
    ) -> Result<Self, ValidationError> {
        if hour > 23 {
            return Err(ValidationError::OutOfRange {
                what: "hour",
                min: 0,
                max: 23,
            });
        }
        if minute > 59 {
            return Err(ValidationError::OutOfRange {
                what: "minute",
                min: 0,
                max: 59,
            });
        }
        if second > 60 {
            return Err(ValidationError::OutOfRange {
                what: "second",
                min: 0,
                max: 60,
            });
        }
        if !(-5999..=5999).contains(&zone_minutes) {
            return Err(ValidationError::OutOfRange {
                what: "zone offset in minutes",
                min: 0,
                max: 5999,
            });
        }
        Ok(DateTime {
            date,
            hour,
            minute,
            second,
            zone_minutes,
        })
    }

    /// The date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Hour (0-23).
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// Minute (0-59).
    pub fn minute(&self) -> u8 {
        self.minute
    }

    /// Second (0-60).
    pub fn second(&self) -> u8 {
        self.second
    }

    /// Offset east of UTC, in minutes.
    pub fn zone_minutes(&self) -> i16 {
        self.zone_minutes
    }
}

/// A body part number (RFC 9051 §9): `section-part = nz-number *("." nz-number)`, e.g. `1.2.3`.
/// Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Part(Vec<NonZeroU32>);

impl Part {
    /// A part path; at least one number.
    pub fn new(numbers: Vec<NonZeroU32>) -> Result<Self, ValidationError> {
        if numbers.is_empty() {
            return Err(ValidationError::Empty {
                what: "section part",
            });
        }
        Ok(Part(numbers))
    }

    pub(crate) fn unvalidated(numbers: Vec<NonZeroU32>) -> Self {
        Part(numbers)
    }

    /// The numbers, outermost first.
    pub fn numbers(&self) -> &[NonZeroU32] {
        &self.0
    }
}

/// The text part of a section (RFC 9051 §9).
///
/// ```text
/// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
/// section-text    = section-msgtext / "MIME"
/// header-list     = "(" header-fld-name *(SP header-fld-name) ")"
/// header-fld-name = astring
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionText<'a> {
    /// `HEADER`.
    Header,
    /// `HEADER.FIELDS (names)`.
    HeaderFields(HeaderList<'a>),
    /// `HEADER.FIELDS.NOT (names)`.
    HeaderFieldsNot(HeaderList<'a>),
    /// `TEXT`.
    Text,
    /// `MIME` (only after a part number).
    Mime,
}

impl IntoOwned for SectionText<'_> {
    type Owned = SectionText<'static>;
    fn into_owned(self) -> SectionText<'static> {
        match self {
            SectionText::Header => SectionText::Header,
            SectionText::HeaderFields(h) => SectionText::HeaderFields(h.into_owned()),
            SectionText::HeaderFieldsNot(h) => SectionText::HeaderFieldsNot(h.into_owned()),
            SectionText::Text => SectionText::Text,
            SectionText::Mime => SectionText::Mime,
        }
    }
}

/// A non-empty list of header field names (RFC 9051 §9 `header-list`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeaderList<'a>(Vec<IString<'a>>);

impl<'a> HeaderList<'a> {
    /// A header list; at least one name, no name empty.
    pub fn new(names: Vec<IString<'a>>) -> Result<Self, ValidationError> {
        if names.is_empty() {
            return Err(ValidationError::Empty {
                what: "header list",
            });
        }
        Ok(HeaderList(names))
    }

    pub(crate) fn unvalidated(names: Vec<IString<'a>>) -> Self {
        HeaderList(names)
    }

    /// The field names.
    pub fn names(&self) -> &[IString<'a>] {
        &self.0
    }
}

impl IntoOwned for HeaderList<'_> {
    type Owned = HeaderList<'static>;
    fn into_owned(self) -> HeaderList<'static> {
        HeaderList(self.0.into_iter().map(IntoOwned::into_owned).collect())
    }
}

/// A section of a message (RFC 9051 §6.4.5, §9): what is inside `BODY[...]`.
///
/// ```text
/// section      = "[" [section-spec] "]"
/// section-spec = section-msgtext / (section-part ["." section-text])
/// ```
///
/// `BODY[]` is the default section (no part, no text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Section<'a> {
    part: Option<Part>,
    text: Option<SectionText<'a>>,
}

impl<'a> Section<'a> {
    /// A section; `MIME` needs a part number (RFC 9051 §9 `section-text`).
    pub fn new(part: Option<Part>, text: Option<SectionText<'a>>) -> Result<Self, ValidationError> {
        if part.is_none() && matches!(text, Some(SectionText::Mime)) {
            return Err(ValidationError::Invalid {
                what: "section",
                reason: "MIME needs a part number",
            });
        }
        Ok(Section { part, text })
    }

    pub(crate) fn unvalidated(part: Option<Part>, text: Option<SectionText<'a>>) -> Self {
        Section { part, text }
    }

    /// The whole message: `[]`.
    pub fn full() -> Self {
        Section::default()
    }

    /// The part number, if any.
    pub fn part(&self) -> Option<&Part> {
        self.part.as_ref()
    }

    /// The text specifier, if any.
    pub fn text(&self) -> Option<&SectionText<'a>> {
        self.text.as_ref()
    }
}

impl IntoOwned for Section<'_> {
    type Owned = Section<'static>;
    fn into_owned(self) -> Section<'static> {
        Section {
            part: self.part,
            text: self.text.map(IntoOwned::into_owned),
        }
    }
}

/// A partial fetch range (RFC 9051 §9): `partial = "<" number64 "." nz-number64 ">"`: the
/// 0-based offset of the first octet and the number of octets. Responses carry only the offset
/// (`<origin>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partial {
    offset: u64,
    length: NonZeroU64,
}

impl Partial {
    /// A range; both numbers at most [`MAX_NUMBER64`].
    pub fn new(offset: u64, length: NonZeroU64) -> Result<Self, ValidationError> {
        if offset > MAX_NUMBER64 || length.get() > MAX_NUMBER64 {
            return Err(ValidationError::OutOfRange {
                what: "partial range",
                min: 0,
                max: MAX_NUMBER64,
            });
        }
        Ok(Partial { offset, length })
    }

    /// The offset of the first octet.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The number of octets.
    pub fn length(&self) -> NonZeroU64 {
        self.length
    }
}

/// A charset name (RFC 9051 §9): `charset = atom / quoted`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Charset<'a>(Cow<'a, str>);

impl<'a> Charset<'a> {
    /// A charset name: printable US-ASCII, not empty.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("charset", s.as_bytes(), |b| (0x20..0x7f).contains(&b))?;
        Ok(Charset(s))
    }
}
str_newtype_common!(Charset);

/// An object identifier (RFC 8474 §4, §7): `objectid = 1*255(ALPHA / DIGIT / "_" / "-")`,
/// case-sensitive. Used by MAILBOXID, EMAILID and THREADID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectId<'a>(Cow<'a, str>);

/// The longest object identifier: 255 characters (RFC 8474 §7).
pub const MAX_OBJECT_ID_LEN: usize = 255;

/// Whether `b` may appear in an [`ObjectId`].
#[inline]
pub fn is_object_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl<'a> ObjectId<'a> {
    /// An object id: 1 to 255 of `A-Z a-z 0-9 _ -`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        check_bytes("object id", s.as_bytes(), is_object_id_char)?;
        if s.len() > MAX_OBJECT_ID_LEN {
            return Err(ValidationError::TooLong {
                what: "object id",
                max: MAX_OBJECT_ID_LEN,
            });
        }
        Ok(ObjectId(s))
    }
}
str_newtype_common!(ObjectId);

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9051 §9: atom-specials, ASTRING-CHAR adds "]", tags exclude "+".
    #[test]
    fn byte_classes() {
        for b in b"(){ %*\"\\]\x7f\x00\r\n".iter() {
            assert!(!is_atom_char(*b), "{b:#x}");
        }
        assert!(is_astring_char(b']'));
        assert!(!is_tag_char(b'+'));
        assert!(is_atom_char(b'+'));
        assert!(is_list_char(b'%') && is_list_char(b'*'));
        assert!(!is_atom_char(0xc3));
    }

    /// RFC 9051 §9: "All case variants of INBOX ... MUST be interpreted as INBOX".
    #[test]
    fn inbox_case_insensitive() {
        assert_eq!(Mailbox::new("iNbOx").unwrap(), Mailbox::INBOX);
        assert!(!Mailbox::new("INBOX.sub").unwrap().is_inbox());
        assert!(Mailbox::new("a\0b").is_err());
    }

    /// Validated constructors refuse what the grammar cannot carry.
    #[test]
    fn constructors_validate() {
        assert!(Tag::new("").is_err());
        assert!(Atom::new("a b").is_err());
        assert!(IString::new(&b"a\0"[..]).is_err());
        assert!(FlagExtension::new("seen").is_err());
        assert!(Date::new(2023, 2, 29).is_err());
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Section::new(None, Some(SectionText::Mime)).is_err());
        assert!(HeaderList::new(vec![]).is_err());
        assert!(SequenceSet::new(vec![]).is_err());
        assert!(DateTime::new(Date::new(2024, 1, 1).unwrap(), 24, 0, 0, 0).is_err());
    }

    /// RFC 9051 §9 seq-range: "2:4 and 4:2 are equivalent".
    #[test]
    fn ranges_in_either_order() {
        let r = SeqItem::Range(SeqNumber::new(4).unwrap(), SeqNumber::new(2).unwrap());
        assert!(r.contains(3, 10));
        assert!(!r.contains(5, 10));
        let r = SeqItem::Range(SeqNumber::Largest, SeqNumber::new(8).unwrap());
        assert!(r.contains(9, 10));
    }
}
