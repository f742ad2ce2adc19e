//! Message structure in FETCH responses: ENVELOPE and BODY / BODYSTRUCTURE (RFC 9051 §7.5.2,
//! §9; RFC 3501 §7.4.2, §9).
//!
//! Every string is an [`IString`] borrowed from the input; `NIL` is `None`. A `body` nests
//! (multipart parts, the body of a `message/rfc822` part), so the decoder bounds the depth
//! (see [`ResponseConfig::with_max_depth`](crate::decode::ResponseConfig::with_max_depth)).

use mail_core::IntoOwned;

use crate::types::core::IString;

fn own_opt(s: Option<IString<'_>>) -> Option<IString<'static>> {
    s.map(IntoOwned::into_owned)
}

fn own_vec<T: IntoOwned>(v: Vec<T>) -> Vec<T::Owned> {
    v.into_iter().map(IntoOwned::into_owned).collect()
}

/// One address of an envelope (RFC 9051 §7.5.2, §9).
///
/// ```text
/// address      = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
/// addr-name    = nstring   ; phrase from the RFC 5322 mailbox
/// addr-adl     = nstring   ; holds the route (source route) if present
/// addr-mailbox = nstring   ; NIL means end of RFC 5322 group; if non-NIL and addr-host is
///                          ; NIL, holds the RFC 5322 group name
/// addr-host    = nstring   ; NIL indicates RFC 5322 group syntax
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Address<'a> {
    /// `addr-name`: the display name.
    pub name: Option<IString<'a>>,
    /// `addr-adl`: the source route.
    pub adl: Option<IString<'a>>,
    /// `addr-mailbox`: the local part, or the group name when `host` is `None`.
    pub mailbox: Option<IString<'a>>,
    /// `addr-host`: the domain; `None` marks group syntax.
    pub host: Option<IString<'a>>,
}

impl Address<'_> {
    /// Whether this entry opens an RFC 5322 group (`mailbox` is the group name, `host` NIL).
    pub fn is_group_start(&self) -> bool {
        self.host.is_none() && self.mailbox.is_some()
    }

    /// Whether this entry closes an RFC 5322 group (`mailbox` and `host` NIL).
    pub fn is_group_end(&self) -> bool {
        self.host.is_none() && self.mailbox.is_none()
    }
}

impl IntoOwned for Address<'_> {
    type Owned = Address<'static>;
    fn into_owned(self) -> Address<'static> {
        Address {
            name: own_opt(self.name),
            adl: own_opt(self.adl),
            mailbox: own_opt(self.mailbox),
            host: own_opt(self.host),
        }
    }
}

/// The envelope of a message (RFC 9051 §7.5.2, §9).
///
/// ```text
/// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
///            env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
/// env-from = "(" 1*address ")" / nil      ; same for sender, reply-to, to, cc, bcc
/// ```
///
/// An address list that is `NIL` is an empty `Vec` (the grammar has no empty list).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Envelope<'a> {
    /// `env-date`: the Date header field, as sent.
    pub date: Option<IString<'a>>,
    /// `env-subject`.
    pub subject: Option<IString<'a>>,
    /// `env-from`.
    pub from: Vec<Address<'a>>,
    /// `env-sender`.
    pub sender: Vec<Address<'a>>,
    /// `env-reply-to`.
    pub reply_to: Vec<Address<'a>>,
    /// `env-to`.
    pub to: Vec<Address<'a>>,
    /// `env-cc`.
    pub cc: Vec<Address<'a>>,
    /// `env-bcc`.
    pub bcc: Vec<Address<'a>>,
    /// `env-in-reply-to`.
    pub in_reply_to: Option<IString<'a>>,
    /// `env-message-id`.
    pub message_id: Option<IString<'a>>,
}

impl IntoOwned for Envelope<'_> {
    type Owned = Envelope<'static>;
    fn into_owned(self) -> Envelope<'static> {
        Envelope {
            date: own_opt(self.date),
            subject: own_opt(self.subject),
            from: own_vec(self.from),
            sender: own_vec(self.sender),
            reply_to: own_vec(self.reply_to),
            to: own_vec(self.to),
            cc: own_vec(self.cc),
            bcc: own_vec(self.bcc),
            in_reply_to: own_opt(self.in_reply_to),
            message_id: own_opt(self.message_id),
        }
    }
}

/// A MIME parameter (RFC 9051 §9 `body-fld-param`): attribute and value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    /// The attribute, e.g. `CHARSET`.
    pub name: IString<'a>,
    /// The value, e.g. `UTF-8`.
    pub value: IString<'a>,
}

impl IntoOwned for Param<'_> {
    type Owned = Param<'static>;
    fn into_owned(self) -> Param<'static> {
        Param {
            name: self.name.into_owned(),
            value: self.value.into_owned(),
        }
    }
}

/// The fields every non-multipart body has (RFC 9051 §9).
///
/// ```text
/// body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
///                   body-fld-octets
/// body-fld-param  = "(" string SP string *(SP string SP string) ")" / nil
/// body-fld-enc    = (DQUOTE ("7BIT" / "8BIT" / "BINARY" / "BASE64"/ "QUOTED-PRINTABLE")
///                   DQUOTE) / string
/// body-fld-octets = number
/// ```
///
/// `params` is empty for `NIL`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyFields<'a> {
    /// `body-fld-param`: Content-Type parameters.
    pub params: Vec<Param<'a>>,
    /// `body-fld-id`: Content-ID.
    pub id: Option<IString<'a>>,
    /// `body-fld-desc`: Content-Description.
    pub description: Option<IString<'a>>,
    /// `body-fld-enc`: Content-Transfer-Encoding.
    pub encoding: IString<'a>,
    /// `body-fld-octets`: size of the body in its transfer encoding.
    pub octets: u32,
}

impl IntoOwned for BodyFields<'_> {
    type Owned = BodyFields<'static>;
    fn into_owned(self) -> BodyFields<'static> {
        BodyFields {
            params: own_vec(self.params),
            id: own_opt(self.id),
            description: own_opt(self.description),
            encoding: self.encoding.into_owned(),
            octets: self.octets,
        }
    }
}

/// A Content-Disposition (RFC 9051 §9): `body-fld-dsp = "(" string SP body-fld-param ")" / nil`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Disposition<'a> {
    /// The disposition type, e.g. `attachment`.
    pub kind: IString<'a>,
    /// Its parameters (empty for `NIL`).
    pub params: Vec<Param<'a>>,
}

impl IntoOwned for Disposition<'_> {
    type Owned = Disposition<'static>;
    fn into_owned(self) -> Disposition<'static> {
        Disposition {
            kind: self.kind.into_owned(),
            params: own_vec(self.params),
        }
    }
}

/// A future body extension (RFC 9051 §9):
/// `body-extension = nstring / number / number64 / "(" body-extension *(SP body-extension) ")"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyExtension<'a> {
    /// A string, or `NIL`.
    String(Option<IString<'a>>),
    /// A number (`number` or `number64`).
    Number(u64),
    /// A parenthesised, non-empty list.
    List(Vec<BodyExtension<'a>>),
}

impl IntoOwned for BodyExtension<'_> {
    type Owned = BodyExtension<'static>;
    fn into_owned(self) -> BodyExtension<'static> {
        match self {
            BodyExtension::String(s) => BodyExtension::String(own_opt(s)),
            BodyExtension::Number(n) => BodyExtension::Number(n),
            BodyExtension::List(l) => BodyExtension::List(own_vec(l)),
        }
    }
}

/// The extension data after the MD5 (single part) or the parameters (multipart), from the
/// disposition on (RFC 9051 §9):
///
/// ```text
/// body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang
///                  [SP body-fld-loc *(SP body-extension)]]]
/// body-fld-lang  = nstring / "(" string *(SP string) ")"
/// body-fld-loc   = nstring
/// ```
///
/// Each `Option` that is `None` means the field and all after it are absent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtDisposition<'a> {
    /// `body-fld-dsp` (`None` for `NIL`).
    pub disposition: Option<Disposition<'a>>,
    /// `SP body-fld-lang ...`, when present.
    pub language: Option<ExtLanguage<'a>>,
}

/// The language and what follows it (see [`ExtDisposition`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtLanguage<'a> {
    /// `body-fld-lang`: no element for `NIL`, one for a string, several for a list. A
    /// one-element list `("EN")` is the same value as the string `"EN"`.
    pub language: Vec<IString<'a>>,
    /// `SP body-fld-loc *(SP body-extension)`, when present.
    pub location: Option<ExtLocation<'a>>,
}

/// The location and the extensions after it (see [`ExtDisposition`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtLocation<'a> {
    /// `body-fld-loc` (Content-Location).
    pub location: Option<IString<'a>>,
    /// `*(SP body-extension)`.
    pub extensions: Vec<BodyExtension<'a>>,
}

impl IntoOwned for ExtDisposition<'_> {
    type Owned = ExtDisposition<'static>;
    fn into_owned(self) -> ExtDisposition<'static> {
        ExtDisposition {
            disposition: self.disposition.map(IntoOwned::into_owned),
            language: self.language.map(IntoOwned::into_owned),
        }
    }
}

impl IntoOwned for ExtLanguage<'_> {
    type Owned = ExtLanguage<'static>;
    fn into_owned(self) -> ExtLanguage<'static> {
        ExtLanguage {
            language: own_vec(self.language),
            location: self.location.map(IntoOwned::into_owned),
        }
    }
}

impl IntoOwned for ExtLocation<'_> {
    type Owned = ExtLocation<'static>;
    fn into_owned(self) -> ExtLocation<'static> {
        ExtLocation {
            location: own_opt(self.location),
            extensions: own_vec(self.extensions),
        }
    }
}

/// Extension data of a non-multipart body (BODYSTRUCTURE only, RFC 9051 §9 `body-ext-1part`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SinglePartExt<'a> {
    /// `body-fld-md5`: Content-MD5.
    pub md5: Option<IString<'a>>,
    /// `SP body-fld-dsp ...`, when present.
    pub tail: Option<ExtDisposition<'a>>,
}

impl IntoOwned for SinglePartExt<'_> {
    type Owned = SinglePartExt<'static>;
    fn into_owned(self) -> SinglePartExt<'static> {
        SinglePartExt {
            md5: own_opt(self.md5),
            tail: self.tail.map(IntoOwned::into_owned),
        }
    }
}

/// Extension data of a multipart body (BODYSTRUCTURE only, RFC 9051 §9 `body-ext-mpart`):
/// `body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
/// *(SP body-extension)]]]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MultipartExt<'a> {
    /// `body-fld-param`: the Content-Type parameters (e.g. `BOUNDARY`), empty for `NIL`.
    pub params: Vec<Param<'a>>,
    /// `SP body-fld-dsp ...`, when present.
    pub tail: Option<ExtDisposition<'a>>,
}

impl IntoOwned for MultipartExt<'_> {
    type Owned = MultipartExt<'static>;
    fn into_owned(self) -> MultipartExt<'static> {
        MultipartExt {
            params: own_vec(self.params),
            tail: self.tail.map(IntoOwned::into_owned),
        }
    }
}

/// A body structure (RFC 9051 §7.5.2, §9):
///
/// ```text
/// body            = "(" (body-type-1part / body-type-mpart) ")"
/// body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
/// body-type-basic = media-basic SP body-fields
/// body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
/// body-type-text  = media-text SP body-fields SP body-fld-lines
/// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Body<'a> {
    /// `body-type-basic`: any type but `TEXT` and multipart. A `MESSAGE/RFC822` or
    /// `MESSAGE/GLOBAL` part without the envelope, body and line count of `body-type-msg` is
    /// one too (`media-basic` includes `"MESSAGE"`, RFC 9051 §9).
    Basic {
        /// The media type, e.g. `APPLICATION`.
        media_type: IString<'a>,
        /// The subtype, e.g. `PDF`.
        subtype: IString<'a>,
        /// The body fields.
        fields: BodyFields<'a>,
        /// Extension data (BODYSTRUCTURE).
        ext: Option<SinglePartExt<'a>>,
    },
    /// `body-type-text`: `TEXT/*`.
    Text {
        /// The subtype, e.g. `PLAIN`.
        subtype: IString<'a>,
        /// The body fields.
        fields: BodyFields<'a>,
        /// `body-fld-lines`: size in text lines.
        lines: u64,
        /// Extension data (BODYSTRUCTURE).
        ext: Option<SinglePartExt<'a>>,
    },
    /// `body-type-msg`: `MESSAGE/RFC822` or `MESSAGE/GLOBAL` (RFC 6532), with the envelope and
    /// body of the encapsulated message.
    Message {
        /// The subtype, `RFC822` or `GLOBAL`.
        subtype: IString<'a>,
        /// The body fields.
        fields: BodyFields<'a>,
        /// The encapsulated message's envelope.
        envelope: Box<Envelope<'a>>,
        /// The encapsulated message's body.
        body: Box<Body<'a>>,
        /// `body-fld-lines`.
        lines: u64,
        /// Extension data (BODYSTRUCTURE).
        ext: Option<SinglePartExt<'a>>,
    },
    /// `body-type-mpart`: a multipart with at least one part.
    Multipart {
        /// The parts (never empty).
        parts: Vec<Body<'a>>,
        /// The subtype, e.g. `MIXED`.
        subtype: IString<'a>,
        /// Extension data (BODYSTRUCTURE).
        ext: Option<MultipartExt<'a>>,
    },
}

impl Body<'_> {
    /// The subtype (`PLAIN`, `MIXED`, ...).
    pub fn subtype(&self) -> &[u8] {
        match self {
            Body::Basic { subtype, .. }
            | Body::Text { subtype, .. }
            | Body::Message { subtype, .. }
            | Body::Multipart { subtype, .. } => subtype.as_bytes(),
        }
    }

    /// The media type (`TEXT`, `MESSAGE`, `MULTIPART`, `APPLICATION`...), as received for a basic
    /// body and upper case otherwise.
    pub fn media_type(&self) -> &[u8] {
        match self {
            Body::Basic { media_type, .. } => media_type.as_bytes(),
            Body::Text { .. } => b"TEXT",
            Body::Message { .. } => b"MESSAGE",
            Body::Multipart { .. } => b"MULTIPART",
        }
    }

    /// The body fields, for a non-multipart body.
    pub fn fields(&self) -> Option<&BodyFields<'_>> {
        match self {
            Body::Basic { fields, .. }
            | Body::Text { fields, .. }
            | Body::Message { fields, .. } => Some(fields),
            Body::Multipart { .. } => None,
        }
    }

    /// The part numbered `part` (`[1, 2]` is `1.2`), following IMAP's numbering (RFC 9051
    /// §6.4.5): the parts of a multipart, then inside a `MESSAGE/RFC822` the parts of its body.
    pub fn part(&self, part: &[u32]) -> Option<&Self> {
        let Some((&first, rest)) = part.split_first() else {
            return Some(self);
        };
        let index = usize::try_from(first.checked_sub(1)?).ok()?;
        let next = match self {
            Body::Multipart { parts, .. } => parts.get(index)?,
            Body::Message { body, .. } => match &**body {
                Body::Multipart { parts, .. } => parts.get(index)?,
                other if index == 0 => other,
                _ => return None,
            },
            _ if index == 0 && rest.is_empty() => self,
            _ => return None,
        };
        next.part(rest)
    }
}

impl IntoOwned for Body<'_> {
    type Owned = Body<'static>;
    fn into_owned(self) -> Body<'static> {
        match self {
            Body::Basic {
                media_type,
                subtype,
                fields,
                ext,
            } => Body::Basic {
                media_type: media_type.into_owned(),
                subtype: subtype.into_owned(),
                fields: fields.into_owned(),
                ext: ext.map(IntoOwned::into_owned),
            },
            Body::Text {
                subtype,
                fields,
                lines,
                ext,
            } => Body::Text {
                subtype: subtype.into_owned(),
                fields: fields.into_owned(),
                lines,
                ext: ext.map(IntoOwned::into_owned),
            },
            Body::Message {
                subtype,
                fields,
                envelope,
                body,
                lines,
                ext,
            } => Body::Message {
                subtype: subtype.into_owned(),
                fields: fields.into_owned(),
                envelope: Box::new((*envelope).into_owned()),
                body: Box::new((*body).into_owned()),
                lines,
                ext: ext.map(IntoOwned::into_owned),
            },
            Body::Multipart {
                parts,
                subtype,
                ext,
            } => Body::Multipart {
                parts: own_vec(parts),
                subtype: subtype.into_owned(),
                ext: ext.map(IntoOwned::into_owned),
            },
        }
    }
}
