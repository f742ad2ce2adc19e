//! The generic extension syntax of RFC 4466 §2.1 (`tagged-ext`), used by SELECT, CREATE,
//! RENAME, FETCH and STORE parameters and by LIST options that this crate does not know.
//!
//! ```text
//! tagged-ext          = tagged-ext-label SP tagged-ext-val
//! tagged-ext-label    = tagged-label-fchar *tagged-label-char
//! tagged-label-fchar  = ALPHA / "-" / "_" / "."
//! tagged-label-char   = tagged-label-fchar / DIGIT / ":"
//! tagged-ext-comp     = astring / tagged-ext-comp *(SP tagged-ext-comp) /
//!                       "(" tagged-ext-comp ")"
//! tagged-ext-simple   = sequence-set / number / number64
//! tagged-ext-val      = tagged-ext-simple / "(" [tagged-ext-comp] ")"
//! ```

use std::borrow::Cow;

use mail_core::{IntoOwned, ValidationError};

use super::core::{IString, SequenceSet};

/// A `tagged-ext-label` (RFC 4466 §2.1): starts with a letter, `-`, `_` or `.`, then also
/// digits and `:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label<'a>(Cow<'a, str>);

/// Whether `b` may start a [`Label`].
pub fn is_label_first(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.')
}

/// Whether `b` may follow the first character of a [`Label`].
pub fn is_label_char(b: u8) -> bool {
    is_label_first(b) || b.is_ascii_digit() || b == b':'
}

impl<'a> Label<'a> {
    /// A label; validated against `tagged-ext-label`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let s = s.into();
        let b = s.as_bytes();
        match b.first() {
            None => return Err(ValidationError::Empty { what: "label" }),
            Some(&f) if !is_label_first(f) => {
                return Err(ValidationError::InvalidByte {
                    what: "label",
                    byte: f,
                    position: 0,
                });
            }
            _ => {}
        }
        if let Some(p) = b.iter().position(|&c| !is_label_char(c)) {
            return Err(ValidationError::InvalidByte {
                what: "label",
                byte: b[p],
                position: p,
            });
        }
        Ok(Label(s))
    }

    pub(crate) fn unvalidated(s: impl Into<Cow<'a, str>>) -> Self {
        Label(s.into())
    }

    /// The label text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the label equals `name` ignoring ASCII case.
    pub fn eq_ignore_case(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }
}

impl IntoOwned for Label<'_> {
    type Owned = Label<'static>;
    fn into_owned(self) -> Label<'static> {
        Label(Cow::Owned(self.0.into_owned()))
    }
}

/// One component of a `tagged-ext-comp`: an astring or a parenthesised group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CompItem<'a> {
    /// An astring.
    AString(IString<'a>),
    /// `"(" tagged-ext-comp ")"`: a space-separated group.
    Group(Vec<CompItem<'a>>),
}

impl IntoOwned for CompItem<'_> {
    type Owned = CompItem<'static>;
    fn into_owned(self) -> CompItem<'static> {
        match self {
            CompItem::AString(s) => CompItem::AString(s.into_owned()),
            CompItem::Group(v) => {
                CompItem::Group(v.into_iter().map(IntoOwned::into_owned).collect())
            }
        }
    }
}

/// A `tagged-ext-val` (RFC 4466 §2.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaggedExtVal<'a> {
    /// A number (`number` / `number64`): what a value of only digits decodes to.
    Number(u64),
    /// A sequence set other than a single number.
    SequenceSet(SequenceSet),
    /// `"(" [tagged-ext-comp] ")"`: space-separated components (possibly none).
    Comp(Vec<CompItem<'a>>),
}

impl IntoOwned for TaggedExtVal<'_> {
    type Owned = TaggedExtVal<'static>;
    fn into_owned(self) -> TaggedExtVal<'static> {
        match self {
            TaggedExtVal::Number(n) => TaggedExtVal::Number(n),
            TaggedExtVal::SequenceSet(s) => TaggedExtVal::SequenceSet(s),
            TaggedExtVal::Comp(v) => {
                TaggedExtVal::Comp(v.into_iter().map(IntoOwned::into_owned).collect())
            }
        }
    }
}

/// A parameter in the generic form `label [SP tagged-ext-val]` (RFC 4466 §2.1: select-param,
/// create-param, rename-param, fetch-modifier, store-modifier, search-ret-opt-ext, and LIST's
/// option-extension).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaggedExt<'a> {
    /// The parameter's name.
    pub name: Label<'a>,
    /// Its value, if any.
    pub value: Option<TaggedExtVal<'a>>,
}

impl IntoOwned for TaggedExt<'_> {
    type Owned = TaggedExt<'static>;
    fn into_owned(self) -> TaggedExt<'static> {
        TaggedExt {
            name: self.name.into_owned(),
            value: self.value.map(IntoOwned::into_owned),
        }
    }
}
