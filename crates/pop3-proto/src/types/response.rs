//! POP3 responses (RFC 1939 §3, RFC 2449 §3 and §8, RFC 5034 §4, RFC 6856 §3).

use std::borrow::Cow;

use mail_core::{IntoOwned, ValidationError};

use super::Mechanism;
use super::capability::Capability;
use super::simple::{Base64Text, MessageNumber, Param, ResponseCode, Text, UniqueId};

/// `+OK` or `-ERR` (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `+OK`: positive.
    Ok,
    /// `-ERR`: negative.
    Err,
}

/// What follows the status indicator: an optional response code and human-readable text.
///
/// ```abnf
/// text = *schar / resp-code *CHAR   ; RFC 2449 §3
/// schar = %x21-5A / %x5C-7F         ; printable ASCII, excluding "["
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseText<'a> {
    pub(crate) code: Option<ResponseCode<'a>>,
    pub(crate) text: Text<'a>,
}

impl<'a> ResponseText<'a> {
    /// A code and text. Without a code the text may not start with `[` (it would be read as a
    /// code, RFC 2449 §3).
    pub fn new(code: Option<ResponseCode<'a>>, text: Text<'a>) -> Result<Self, ValidationError> {
        if code.is_none() && text.as_bytes().first() == Some(&b'[') {
            return Err(ValidationError::Invalid {
                what: "response text",
                reason: "text without a response code may not start with \"[\"",
            });
        }
        Ok(ResponseText { code, text })
    }

    /// Text without a code, from a string (see [`ResponseText::new`]).
    pub fn text(text: &'a str) -> Result<Self, ValidationError> {
        Self::new(None, Text::new_str(text)?)
    }

    /// No code and no text.
    pub fn empty() -> ResponseText<'static> {
        ResponseText::default()
    }

    /// The response code, if any.
    pub fn code(&self) -> Option<&ResponseCode<'a>> {
        self.code.as_ref()
    }

    /// The human-readable text (after the code).
    pub fn human(&self) -> &Text<'a> {
        &self.text
    }
}

impl IntoOwned for ResponseText<'_> {
    type Owned = ResponseText<'static>;
    fn into_owned(self) -> ResponseText<'static> {
        ResponseText {
            code: self.code.map(IntoOwned::into_owned),
            text: self.text.into_owned(),
        }
    }
}

/// A single-line status response (RFC 2449 §3).
///
/// ```abnf
/// single-line = status [SP text] CRLF   ; RFC 2449 §3, 512 octets maximum
/// status      = "+OK" / "-ERR"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine<'a> {
    /// `+OK` or `-ERR`.
    pub status: Status,
    /// Code and text.
    pub text: ResponseText<'a>,
}

impl<'a> StatusLine<'a> {
    /// `+OK` with `text`.
    pub fn ok(text: ResponseText<'a>) -> Self {
        StatusLine {
            status: Status::Ok,
            text,
        }
    }

    /// `-ERR` with `text`.
    pub fn err(text: ResponseText<'a>) -> Self {
        StatusLine {
            status: Status::Err,
            text,
        }
    }

    /// Whether the status is `+OK`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}

impl IntoOwned for StatusLine<'_> {
    type Owned = StatusLine<'static>;
    fn into_owned(self) -> StatusLine<'static> {
        StatusLine {
            status: self.status,
            text: self.text.into_owned(),
        }
    }
}

/// The server greeting (RFC 1939 §4, RFC 2449 §3); a server offering APOP puts a timestamp in
/// angle brackets in it (RFC 1939 §7).
///
/// ```abnf
/// greeting  = "+OK" [resp-code] *gchar [timestamp] *gchar CRLF   ; RFC 2449 §3
/// timestamp = "<" *VCHAR ">"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting<'a>(pub StatusLine<'a>);

impl Greeting<'_> {
    /// The APOP timestamp, angle brackets included (`<1896.697170952@dbc.mtview.ca.us>`).
    pub fn timestamp(&self) -> Option<&str> {
        let text = self.0.text.text.as_bytes();
        let start = memchr::memchr(b'<', text)?;
        let len = memchr::memchr(b'>', text.get(start..)?)?;
        let ts = text.get(start..=start + len)?;
        if ts[1..ts.len() - 1]
            .iter()
            .all(|b| (0x21..=0x7e).contains(b))
        {
            std::str::from_utf8(ts).ok()
        } else {
            None
        }
    }
}

impl IntoOwned for Greeting<'_> {
    type Owned = Greeting<'static>;
    fn into_owned(self) -> Greeting<'static> {
        Greeting(self.0.into_owned())
    }
}

/// The positive answer to STAT: `+OK nn mm` (RFC 1939 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatInfo<'a> {
    /// Number of messages.
    pub count: u32,
    /// Size of the maildrop in octets.
    pub size: u64,
    /// Whatever follows the size ("This memo makes no requirement on what follows").
    pub text: Text<'a>,
}

impl IntoOwned for StatInfo<'_> {
    type Owned = StatInfo<'static>;
    fn into_owned(self) -> StatInfo<'static> {
        StatInfo {
            count: self.count,
            size: self.size,
            text: self.text.into_owned(),
        }
    }
}

/// A scan listing: `msg SP size` (RFC 1939 §5 LIST), possibly followed by more information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanEntry<'a> {
    /// The message number.
    pub msg: MessageNumber,
    /// Its size in octets.
    pub size: u64,
    /// Text after the size (RFC 1939 §5 allows more information; usually empty).
    pub extra: Text<'a>,
}

impl ScanEntry<'_> {
    /// An entry without extra information.
    pub fn new(msg: MessageNumber, size: u64) -> ScanEntry<'static> {
        ScanEntry {
            msg,
            size,
            extra: Text::empty(),
        }
    }
}

impl IntoOwned for ScanEntry<'_> {
    type Owned = ScanEntry<'static>;
    fn into_owned(self) -> ScanEntry<'static> {
        ScanEntry {
            msg: self.msg,
            size: self.size,
            extra: self.extra.into_owned(),
        }
    }
}

/// A unique-id listing: `msg SP unique-id` (RFC 1939 §7 UIDL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UidEntry<'a> {
    /// The message number.
    pub msg: MessageNumber,
    /// Its unique id.
    pub uid: UniqueId<'a>,
}

impl IntoOwned for UidEntry<'_> {
    type Owned = UidEntry<'static>;
    fn into_owned(self) -> UidEntry<'static> {
        UidEntry {
            msg: self.msg,
            uid: self.uid.into_owned(),
        }
    }
}

/// A language listing: a language tag, optionally a space and a description (RFC 6856 §3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageEntry<'a> {
    /// The language tag.
    pub tag: Param<'a>,
    /// The description in the language itself (may be empty).
    pub description: Text<'a>,
}

impl IntoOwned for LanguageEntry<'_> {
    type Owned = LanguageEntry<'static>;
    fn into_owned(self) -> LanguageEntry<'static> {
        LanguageEntry {
            tag: self.tag.into_owned(),
            description: self.description.into_owned(),
        }
    }
}

/// A SASL challenge: `+ base64`, `+ ` or `+` (RFC 5034 §4); `None` is an empty challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a>(pub Option<Base64Text<'a>>);

impl Challenge<'_> {
    /// The challenge carrying `data` (empty data: an empty challenge).
    pub fn from_bytes(data: &[u8]) -> Challenge<'static> {
        Challenge(Base64Text::encode(data).ok())
    }

    /// The decoded challenge (strict base64, at most `max_len` octets).
    pub fn decode(&self, max_len: usize) -> Result<Vec<u8>, mail_core::DecodeError> {
        match &self.0 {
            Some(text) => text.decode(max_len).map(|d| d.into_inner()),
            None => Ok(Vec::new()),
        }
    }
}

impl IntoOwned for Challenge<'_> {
    type Owned = Challenge<'static>;
    fn into_owned(self) -> Challenge<'static> {
        Challenge(self.0.map(IntoOwned::into_owned))
    }
}

/// A message (RETR) or part of one (TOP), dot-unstuffed: the text between the status line and
/// the terminating `.` line, each line with its CR LF.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MessageBody<'a>(pub(crate) Cow<'a, [u8]>);

impl std::fmt::Debug for MessageBody<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::simple::debug_bytes(f, "MessageBody", &self.0)
    }
}

impl<'a> MessageBody<'a> {
    /// A body of CR LF lines: empty, or ending with CR LF, without a bare CR or LF.
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValidationError> {
        let bytes = bytes.into();
        let mut i = 0;
        while let Some(found) = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'\r', b'\n', rest))
        {
            let at = i + found;
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                return Err(ValidationError::InvalidByte {
                    what: "message body (bare CR or LF)",
                    byte: bytes[at],
                    position: at,
                });
            }
            i = at + 2;
        }
        if i != bytes.len() {
            return Err(ValidationError::Invalid {
                what: "message body",
                reason: "must end with CR LF",
            });
        }
        Ok(MessageBody(bytes))
    }

    /// The unstuffed bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl IntoOwned for MessageBody<'_> {
    type Owned = MessageBody<'static>;
    fn into_owned(self) -> MessageBody<'static> {
        MessageBody(Cow::Owned(self.0.into_owned()))
    }
}

/// The kinds of multi-line response, by the command that asks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MultiLine {
    /// LIST without argument: scan listings (RFC 1939 §5).
    ScanListing,
    /// UIDL without argument: unique-id listings (RFC 1939 §7).
    UidListing,
    /// CAPA: capabilities (RFC 2449 §5).
    Capabilities,
    /// RETR or TOP: a dot-stuffed message (RFC 1939 §5, §7).
    Message,
    /// LANG without argument: language listings (RFC 6856 §3.2).
    Languages,
    /// AUTH without argument: SASL mechanisms, one per line (a widespread extension).
    Mechanisms,
}

/// A whole POP3 response, decoded by [`ResponseDecoder::decode`](crate::ResponseDecoder::decode)
/// with an [`Expect`](crate::Expect) saying which form the command asked for.
///
/// A multi-line variant always means `+OK`: the `-ERR` answer to any command is a
/// [`Response::Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'a> {
    /// The server greeting.
    Greeting(Greeting<'a>),
    /// A single-line `+OK` or `-ERR`.
    Status(StatusLine<'a>),
    /// `+OK nn mm` to STAT.
    Stat(StatInfo<'a>),
    /// `+OK msg size` to LIST with an argument.
    Scan(ScanEntry<'a>),
    /// `+OK msg uid` to UIDL with an argument.
    UniqueId(UidEntry<'a>),
    /// A SASL challenge during AUTH.
    Challenge(Challenge<'a>),
    /// `+OK` and scan listings (LIST).
    ScanListing {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The listings.
        entries: Vec<ScanEntry<'a>>,
    },
    /// `+OK` and unique-id listings (UIDL).
    UidListing {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The listings.
        entries: Vec<UidEntry<'a>>,
    },
    /// `+OK` and capabilities (CAPA).
    Capabilities {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The capabilities.
        capabilities: Vec<Capability<'a>>,
    },
    /// `+OK` and language listings (LANG).
    Languages {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The languages.
        languages: Vec<LanguageEntry<'a>>,
    },
    /// `+OK` and SASL mechanisms (AUTH without argument).
    Mechanisms {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The mechanisms.
        mechanisms: Vec<Mechanism<'a>>,
    },
    /// `+OK` and a message (RETR, TOP).
    Message {
        /// The text of the `+OK` line.
        ok: ResponseText<'a>,
        /// The unstuffed message.
        body: MessageBody<'a>,
    },
}

fn owned_vec<T: IntoOwned>(v: Vec<T>) -> Vec<T::Owned> {
    v.into_iter().map(IntoOwned::into_owned).collect()
}

impl IntoOwned for Response<'_> {
    type Owned = Response<'static>;
    fn into_owned(self) -> Response<'static> {
        match self {
            Response::Greeting(g) => Response::Greeting(g.into_owned()),
            Response::Status(s) => Response::Status(s.into_owned()),
            Response::Stat(s) => Response::Stat(s.into_owned()),
            Response::Scan(s) => Response::Scan(s.into_owned()),
            Response::UniqueId(u) => Response::UniqueId(u.into_owned()),
            Response::Challenge(c) => Response::Challenge(c.into_owned()),
            Response::ScanListing { ok, entries } => Response::ScanListing {
                ok: ok.into_owned(),
                entries: owned_vec(entries),
            },
            Response::UidListing { ok, entries } => Response::UidListing {
                ok: ok.into_owned(),
                entries: owned_vec(entries),
            },
            Response::Capabilities { ok, capabilities } => Response::Capabilities {
                ok: ok.into_owned(),
                capabilities: owned_vec(capabilities),
            },
            Response::Languages { ok, languages } => Response::Languages {
                ok: ok.into_owned(),
                languages: owned_vec(languages),
            },
            Response::Mechanisms { ok, mechanisms } => Response::Mechanisms {
                ok: ok.into_owned(),
                mechanisms: owned_vec(mechanisms),
            },
            Response::Message { ok, body } => Response::Message {
                ok: ok.into_owned(),
                body: body.into_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1939 §7: the APOP timestamp is the `<...>` part of the greeting.
    #[test]
    fn greeting_timestamp() {
        let g = |t: &'static str| {
            Greeting(StatusLine::ok(
                ResponseText::new(None, Text::new_str(t).unwrap()).unwrap(),
            ))
        };
        assert_eq!(
            g("POP3 server ready <1896.697170952@dbc.mtview.ca.us>").timestamp(),
            Some("<1896.697170952@dbc.mtview.ca.us>")
        );
        assert_eq!(g("POP3 server ready").timestamp(), None);
        assert_eq!(g("ready <a b>").timestamp(), None);
        assert_eq!(g("ready <unclosed").timestamp(), None);
    }

    /// RFC 1939 §3: a body is CR LF lines.
    #[test]
    fn body_validation() {
        assert!(MessageBody::new(&b""[..]).is_ok());
        assert!(MessageBody::new(&b"a\r\n.b\r\n"[..]).is_ok());
        assert!(MessageBody::new(&b"a\nb\r\n"[..]).is_err());
        assert!(MessageBody::new(&b"a\r\nb"[..]).is_err());
        assert!(MessageBody::new(&b"a\r"[..]).is_err());
    }

    /// RFC 2449 §3: text without a code may not begin with "[".
    #[test]
    fn text_starting_with_bracket_needs_a_code() {
        assert!(ResponseText::text("[x] y").is_err());
        assert!(
            ResponseText::new(
                Some(ResponseCode::new("X").unwrap()),
                Text::new_str("[y]").unwrap()
            )
            .is_ok()
        );
    }
}
