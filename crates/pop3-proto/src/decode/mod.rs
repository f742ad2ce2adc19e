//! Decoders: [`CommandDecoder`] (servers), [`ResponseDecoder`] (clients), and the streaming
//! [`BodyDecoder`] and [`ListingDecoder`] for multi-line responses.
//!
//! Every decoder follows mail-core's convention: [`Decoded::Complete`] with the bytes used,
//! [`Decoded::Incomplete`] when the input is a valid prefix, or a [`DecodeError`] whose `skip`
//! (when known) says how many bytes to drop to get past the malformed message.

mod body;
mod command;
mod parse;
mod response;

use mail_core::dot::BareLineEndings;
use mail_core::line::{LineConfig, LineEndings, LineFramer, find_line};
use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded};

pub use body::BodyDecoder;

use crate::types::{
    Capability, Command, Greeting, LanguageEntry, Mechanism, MessageBody, Response, SaslResponse,
    ScanEntry, UidEntry,
};
use parse::Fail;

/// RFC 2449 §4: "The maximum length of a command is increased ... to 255 octets, including the
/// terminating CRLF."
pub const COMMAND_LINE_MAX: usize = 255;
/// RFC 2449 §4: the first line of a response is at most 512 octets, CRLF included; a capability
/// line too (RFC 2449 §5).
pub const RESPONSE_LINE_MAX: usize = 512;
/// Lines of an AUTH exchange (RFC 5034 §4 lets them exceed the command limit); the same default
/// as SMTP AUTH lines.
pub const SASL_LINE_MAX: usize = 12288;

fn fail_at_line(fail: Fail, consumed: usize) -> DecodeError {
    DecodeError::new(fail.0, fail.1).with_skip(consumed)
}

/// Limits and leniencies of [`CommandDecoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandDecoderConfig {
    /// Maximum command line length in octets, CRLF included ([`COMMAND_LINE_MAX`]).
    pub max_line: usize,
    /// Maximum length of a client line during AUTH ([`SASL_LINE_MAX`]).
    pub max_sasl_line: usize,
    /// Accept UTF-8 in parameters and passwords (RFC 6856 §2: after a successful UTF8 command).
    pub utf8: bool,
    /// Line terminators accepted (CR LF only by default).
    pub line_endings: LineEndings,
}

impl Default for CommandDecoderConfig {
    fn default() -> Self {
        CommandDecoderConfig {
            max_line: COMMAND_LINE_MAX,
            max_sasl_line: SASL_LINE_MAX,
            utf8: false,
            line_endings: LineEndings::Strict,
        }
    }
}

impl CommandDecoderConfig {
    /// Sets the command line limit.
    pub fn with_max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line;
        self
    }

    /// Sets the AUTH line limit.
    pub fn with_max_sasl_line(mut self, max: usize) -> Self {
        self.max_sasl_line = max;
        self
    }

    /// Accepts UTF-8 (RFC 6856 UTF-8 mode).
    pub fn with_utf8(mut self, utf8: bool) -> Self {
        self.utf8 = utf8;
        self
    }

    /// Leniency: accept a bare LF as a line end.
    pub fn with_line_endings(mut self, line_endings: LineEndings) -> Self {
        self.line_endings = line_endings;
        self
    }
}

/// Decodes the commands a client sends (used by servers).
///
/// ```
/// use pop3_proto::{Command, CommandDecoder};
///
/// let decoder = CommandDecoder::default();
/// let (cmd, used) = decoder.decode(b"RETR 1\r\nQUIT\r\n").unwrap().complete().unwrap();
/// assert_eq!((cmd.kind().keyword(), used), ("RETR", 8));
/// assert!(!decoder.decode(b"RETR").unwrap().is_complete());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CommandDecoder {
    config: CommandDecoderConfig,
}

impl CommandDecoder {
    /// A decoder with `config`.
    pub fn new(config: CommandDecoderConfig) -> Self {
        CommandDecoder { config }
    }

    /// The configuration.
    pub fn config(&self) -> &CommandDecoderConfig {
        &self.config
    }

    /// Switches UTF-8 mode (RFC 6856 §2.1) on or off.
    pub fn set_utf8(&mut self, utf8: bool) {
        self.config.utf8 = utf8;
    }

    fn line<'a>(&self, input: &'a [u8], max: usize) -> DecodeResult<(&'a [u8], usize)> {
        let config = LineConfig::new(max).with_line_endings(self.config.line_endings);
        Ok(find_line(input, 0, &config)?.map(|l| {
            let len = l.len();
            (l.content, len)
        }))
    }

    /// Decodes one command at the start of `input`.
    pub fn decode<'a>(&self, input: &'a [u8]) -> DecodeResult<Command<'a>> {
        let Decoded::Complete {
            value: (line, consumed),
            ..
        } = self.line(input, self.config.max_line)?
        else {
            return Ok(Decoded::Incomplete);
        };
        command::command(line, self.config.utf8)
            .map(|value| Decoded::Complete { value, consumed })
            .map_err(|f| fail_at_line(f, consumed))
    }

    /// Decodes one client line of an AUTH exchange (RFC 5034 §4): base64, `=` or an empty
    /// line for an empty response, `*` to cancel.
    pub fn decode_sasl_response<'a>(&self, input: &'a [u8]) -> DecodeResult<SaslResponse<'a>> {
        let Decoded::Complete {
            value: (line, consumed),
            ..
        } = self.line(input, self.config.max_sasl_line)?
        else {
            return Ok(Decoded::Incomplete);
        };
        command::sasl_response(line)
            .map(|value| Decoded::Complete { value, consumed })
            .map_err(|f| fail_at_line(f, consumed))
    }
}

/// Which response a command asks for: POP3 responses do not say whether they are multi-line,
/// the command does (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expect {
    /// The greeting, at connection start.
    Greeting,
    /// A single-line `+OK` or `-ERR`.
    Status,
    /// STAT: `+OK nn mm`.
    Stat,
    /// LIST with an argument: `+OK msg size`.
    Scan,
    /// UIDL with an argument: `+OK msg uid`.
    UniqueId,
    /// During AUTH: a `+ ` challenge or the final `+OK`/`-ERR`.
    Auth,
    /// `+OK` and a multi-line listing (LIST, UIDL, CAPA, LANG, AUTH without argument).
    Listing(ListingKind),
    /// `+OK` and a dot-stuffed message (RETR, TOP).
    Message,
}

impl Expect {
    /// What `command` gets in answer (RFC 1939 §5, §7; RFC 2449 §5; RFC 5034 §4; RFC 6856 §3).
    pub fn for_command(command: &Command<'_>) -> Expect {
        match command {
            Command::Stat => Expect::Stat,
            Command::List(Some(_)) => Expect::Scan,
            Command::List(None) => Expect::Listing(ListingKind::Scan),
            Command::Uidl(Some(_)) => Expect::UniqueId,
            Command::Uidl(None) => Expect::Listing(ListingKind::UniqueId),
            Command::Retr(_) | Command::Top { .. } => Expect::Message,
            Command::Capa => Expect::Listing(ListingKind::Capabilities),
            Command::Lang(None) => Expect::Listing(ListingKind::Languages),
            Command::Auth(None) => Expect::Listing(ListingKind::Mechanisms),
            Command::Auth(Some(_)) => Expect::Auth,
            _ => Expect::Status,
        }
    }

    /// Whether a `+OK` answer is followed by more lines and a `.` line.
    pub fn is_multi_line(self) -> bool {
        matches!(self, Expect::Listing(_) | Expect::Message)
    }
}

/// The kinds of multi-line listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingKind {
    /// Scan listings (LIST, RFC 1939 §5).
    Scan,
    /// Unique-id listings (UIDL, RFC 1939 §7).
    UniqueId,
    /// Capabilities (CAPA, RFC 2449 §5).
    Capabilities,
    /// Language listings (LANG, RFC 6856 §3.2).
    Languages,
    /// SASL mechanisms (AUTH without argument).
    Mechanisms,
}

/// One line of a listing, from [`ListingDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListItem<'a> {
    /// A scan listing.
    Scan(ScanEntry<'a>),
    /// A unique-id listing.
    UniqueId(UidEntry<'a>),
    /// A capability.
    Capability(Capability<'a>),
    /// A language listing.
    Language(LanguageEntry<'a>),
    /// A SASL mechanism.
    Mechanism(Mechanism<'a>),
}

impl mail_core::IntoOwned for ListItem<'_> {
    type Owned = ListItem<'static>;
    fn into_owned(self) -> ListItem<'static> {
        match self {
            ListItem::Scan(e) => ListItem::Scan(e.into_owned()),
            ListItem::UniqueId(e) => ListItem::UniqueId(e.into_owned()),
            ListItem::Capability(c) => ListItem::Capability(c.into_owned()),
            ListItem::Language(l) => ListItem::Language(l.into_owned()),
            ListItem::Mechanism(m) => ListItem::Mechanism(m.into_owned()),
        }
    }
}

/// Limits and leniencies of [`ResponseDecoder`] (and of the streaming decoders it creates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseDecoderConfig {
    /// Maximum length of a response line and of a listing line, CRLF included
    /// ([`RESPONSE_LINE_MAX`]).
    pub max_line: usize,
    /// Maximum length of a challenge line during AUTH ([`SASL_LINE_MAX`]).
    pub max_sasl_line: usize,
    /// Maximum number of entries a whole-response [`ResponseDecoder::decode`] collects (the
    /// streaming [`ListingDecoder`] has no such limit: it keeps nothing).
    pub max_entries: usize,
    /// Bare CR or LF in RETR/TOP bodies. By default they are kept as data
    /// ([`BareLineEndings::Preserve`]): they never end the body (only CR LF `.` CR LF does, so
    /// the smuggling sequences cannot cut it short), a client is the message's final reader
    /// (nothing is relayed), and servers that store LF-only files send them; dropping them would
    /// corrupt the message. [`BareLineEndings::Reject`] reports each one as an error (and skips
    /// it), for callers that check the server's framing.
    pub body_line_endings: BareLineEndings,
    /// Line terminators accepted for status and listing lines.
    pub line_endings: LineEndings,
}

impl Default for ResponseDecoderConfig {
    fn default() -> Self {
        ResponseDecoderConfig {
            max_line: RESPONSE_LINE_MAX,
            max_sasl_line: SASL_LINE_MAX,
            max_entries: 1_000_000,
            body_line_endings: BareLineEndings::Preserve,
            line_endings: LineEndings::Strict,
        }
    }
}

impl ResponseDecoderConfig {
    /// Sets the response line limit.
    pub fn with_max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line;
        self
    }

    /// Sets the AUTH challenge line limit.
    pub fn with_max_sasl_line(mut self, max: usize) -> Self {
        self.max_sasl_line = max;
        self
    }

    /// Sets the entry limit of whole-response decoding.
    pub fn with_max_entries(mut self, max: usize) -> Self {
        self.max_entries = max;
        self
    }

    /// What to do with bare CR and LF in message bodies (see
    /// [`ResponseDecoderConfig::body_line_endings`]).
    pub fn with_body_line_endings(mut self, policy: BareLineEndings) -> Self {
        self.body_line_endings = policy;
        self
    }

    /// Leniency: accept a bare LF as the end of a status or listing line.
    pub fn with_line_endings(mut self, line_endings: LineEndings) -> Self {
        self.line_endings = line_endings;
        self
    }
}

/// A streaming decoder of a listing (after its `+OK` line): one entry per call, nothing kept,
/// each byte scanned once however the input is cut.
///
/// `Complete { value: Some(item) }` is an entry, `Complete { value: None }` the terminating `.`
/// line. A malformed line is an error with `skip` covering it; decoding goes on after it.
#[derive(Debug, Clone)]
pub struct ListingDecoder {
    kind: ListingKind,
    framer: LineFramer,
}

impl ListingDecoder {
    /// A decoder of a listing of `kind`, with lines of at most `config.max_line` octets.
    pub fn new(kind: ListingKind, config: &ResponseDecoderConfig) -> Self {
        ListingDecoder {
            kind,
            framer: LineFramer::new(
                LineConfig::new(config.max_line).with_line_endings(config.line_endings),
            ),
        }
    }

    /// The kind of listing.
    pub fn kind(&self) -> ListingKind {
        self.kind
    }

    /// Decodes the next line at the start of `input`. After a complete line or an error with a
    /// skip, drop those bytes before calling again; after `Incomplete`, call again with the same
    /// bytes and more.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> DecodeResult<Option<ListItem<'a>>> {
        let Decoded::Complete {
            value: line,
            consumed,
        } = self.framer.next_line(input)?
        else {
            return Ok(Decoded::Incomplete);
        };
        let mut content = line.content;
        let mut base = 0;
        if content.first() == Some(&b'.') {
            if content.len() == 1 {
                return Ok(Decoded::Complete {
                    value: None,
                    consumed,
                });
            }
            content = &content[1..];
            base = 1;
        }
        let item = match self.kind {
            ListingKind::Scan => response::scan_entry(content, base).map(ListItem::Scan),
            ListingKind::UniqueId => response::uid_entry(content, base).map(ListItem::UniqueId),
            ListingKind::Capabilities => {
                response::capability(content, base).map(ListItem::Capability)
            }
            ListingKind::Languages => response::language(content, base).map(ListItem::Language),
            ListingKind::Mechanisms => response::mechanism(content, base).map(ListItem::Mechanism),
        };
        item.map(|item| Decoded::Complete {
            value: Some(item),
            consumed,
        })
        .map_err(|f| fail_at_line(f, consumed))
    }
}

/// Decodes the responses a server sends (used by clients), given what the command expects.
///
/// [`ResponseDecoder::decode`] returns whole responses, listings and message included: handy
/// for tools and tests, but it scans a multi-line response again from its start at every call
/// until it is complete. Sessions use [`ResponseDecoder::decode_first_line`] and then the
/// streaming [`BodyDecoder`] or [`ListingDecoder`] from [`ResponseDecoder::body_decoder`] and
/// [`ResponseDecoder::listing_decoder`].
///
/// ```
/// use pop3_proto::{Expect, Response, ResponseDecoder};
///
/// let decoder = ResponseDecoder::default();
/// let wire = b"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n";
/// let (response, used) = decoder.decode(wire, Expect::for_command(&pop3_proto::Command::List(None)))
///     .unwrap().complete().unwrap();
/// assert_eq!(used, wire.len());
/// let Response::ScanListing { entries, .. } = response else { panic!() };
/// assert_eq!(entries[1].size, 200);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ResponseDecoder {
    config: ResponseDecoderConfig,
}

impl ResponseDecoder {
    /// A decoder with `config`.
    pub fn new(config: ResponseDecoderConfig) -> Self {
        ResponseDecoder { config }
    }

    /// The configuration.
    pub fn config(&self) -> &ResponseDecoderConfig {
        &self.config
    }

    /// A streaming decoder for the body after a `+OK` to RETR or TOP.
    pub fn body_decoder(&self) -> BodyDecoder {
        BodyDecoder::new(self.config.body_line_endings)
    }

    /// A streaming decoder for the listing after a `+OK` to a listing command.
    pub fn listing_decoder(&self, kind: ListingKind) -> ListingDecoder {
        ListingDecoder::new(kind, &self.config)
    }

    /// Decodes the first line of a response: for single-line expectations the whole response;
    /// for multi-line ones a [`Response::Status`] (its `+OK` means the listing or body follows).
    pub fn decode_first_line<'a>(
        &self,
        input: &'a [u8],
        expect: Expect,
    ) -> DecodeResult<Response<'a>> {
        let max = if expect == Expect::Auth {
            self.config.max_sasl_line
        } else {
            self.config.max_line
        };
        let config = LineConfig::new(max).with_line_endings(self.config.line_endings);
        let Decoded::Complete {
            value: line,
            consumed,
        } = find_line(input, 0, &config)?
        else {
            return Ok(Decoded::Incomplete);
        };
        let line = line.content;
        let value = match expect {
            Expect::Greeting => {
                response::status_line(line).map(|s| Response::Greeting(Greeting(s)))
            }
            Expect::Status | Expect::Listing(_) | Expect::Message => {
                response::status_line(line).map(Response::Status)
            }
            Expect::Stat => {
                response::stat(line).map(|r| r.map_or_else(Response::Status, Response::Stat))
            }
            Expect::Scan => response::positive_then(line, response::scan_entry)
                .map(|r| r.map_or_else(Response::Status, Response::Scan)),
            Expect::UniqueId => response::positive_then(line, response::uid_entry)
                .map(|r| r.map_or_else(Response::Status, Response::UniqueId)),
            Expect::Auth => response::challenge_or_status(line)
                .map(|r| r.map_or_else(Response::Status, Response::Challenge)),
        };
        value
            .map(|value| Decoded::Complete { value, consumed })
            .map_err(|f| fail_at_line(f, consumed))
    }

    /// Decodes one whole response at the start of `input`.
    pub fn decode<'a>(&self, input: &'a [u8], expect: Expect) -> DecodeResult<Response<'a>> {
        let Decoded::Complete {
            value: first,
            consumed,
        } = self.decode_first_line(input, expect)?
        else {
            return Ok(Decoded::Incomplete);
        };
        let ok = match first {
            Response::Status(s) if s.is_ok() && expect.is_multi_line() => s.text,
            other => {
                return Ok(Decoded::Complete {
                    value: other,
                    consumed,
                });
            }
        };
        match expect {
            Expect::Message => self.decode_message(input, consumed, ok),
            Expect::Listing(kind) => self.decode_listing(input, consumed, ok, kind),
            _ => Err(DecodeError::syntax(0, "a multi-line expectation")),
        }
    }

    fn decode_message<'a>(
        &self,
        input: &'a [u8],
        mut pos: usize,
        ok: crate::types::ResponseText<'a>,
    ) -> DecodeResult<Response<'a>> {
        let mut body = self.body_decoder();
        let mut data: Option<std::borrow::Cow<'a, [u8]>> = None;
        // Contiguous chunks stay one borrowed slice; a removed dot makes the body owned.
        let mut span: Option<(usize, usize)> = None;
        let mut error: Option<DecodeError> = None;
        loop {
            let rest = &input[pos..];
            match body.decode(rest) {
                Ok(chunk) => {
                    if chunk.needs_more() {
                        return Ok(Decoded::Incomplete);
                    }
                    let start = pos + chunk.consumed - chunk.data.len();
                    if !chunk.data.is_empty() {
                        match (&mut span, &mut data) {
                            (Some((_, end)), None) if *end == start => {
                                *end = start + chunk.data.len()
                            }
                            (None, None) => span = Some((start, start + chunk.data.len())),
                            (Some((s, e)), d @ None) => {
                                let mut v = input[*s..*e].to_vec();
                                v.extend_from_slice(chunk.data);
                                *d = Some(v.into());
                            }
                            (_, Some(d)) => d.to_mut().extend_from_slice(chunk.data),
                        }
                    }
                    pos += chunk.consumed;
                    if chunk.end {
                        break;
                    }
                }
                Err(e) => {
                    let skip = e.skip.unwrap_or(1);
                    if error.is_none() {
                        error = Some(e.shifted(pos));
                    }
                    pos += skip;
                }
            }
        }
        if let Some(e) = error {
            let mut e = e;
            e.skip = Some(pos);
            return Err(e);
        }
        let bytes = match (data, span) {
            (Some(d), _) => d,
            (None, Some((s, e))) => std::borrow::Cow::Borrowed(&input[s..e]),
            (None, None) => std::borrow::Cow::Borrowed(&input[pos..pos]),
        };
        Ok(Decoded::Complete {
            value: Response::Message {
                ok,
                body: MessageBody(bytes),
            },
            consumed: pos,
        })
    }

    fn decode_listing<'a>(
        &self,
        input: &'a [u8],
        mut pos: usize,
        ok: crate::types::ResponseText<'a>,
        kind: ListingKind,
    ) -> DecodeResult<Response<'a>> {
        let mut decoder = self.listing_decoder(kind);
        let mut items = Vec::new();
        let mut error: Option<DecodeError> = None;
        loop {
            match decoder.decode(&input[pos..]) {
                Ok(Decoded::Incomplete) => return Ok(Decoded::Incomplete),
                Ok(Decoded::Complete {
                    value: None,
                    consumed,
                }) => {
                    pos += consumed;
                    break;
                }
                Ok(Decoded::Complete {
                    value: Some(item),
                    consumed,
                }) => {
                    pos += consumed;
                    if items.len() >= self.config.max_entries {
                        error.get_or_insert(DecodeError::new(
                            pos,
                            DecodeErrorKind::LimitExceeded {
                                what: "listing entries",
                                limit: self.config.max_entries as u64,
                            },
                        ));
                    } else {
                        items.push(item);
                    }
                }
                // An over-long line ends the listing whether or not its end has arrived yet,
                // so the outcome does not depend on how the input was cut (RFC 2449 §4).
                Err(e) if matches!(e.kind, DecodeErrorKind::LineTooLong { .. }) => {
                    let mut e = e.shifted(pos);
                    e.skip = None;
                    return Err(e);
                }
                Err(e) => match e.skip {
                    Some(skip) => {
                        error.get_or_insert(e.shifted(pos));
                        pos += skip;
                    }
                    // An over-long line whose end has not arrived: the end of the response is
                    // not known yet.
                    None => return Err(e.shifted(pos)),
                },
            }
        }
        if let Some(mut e) = error {
            e.skip = Some(pos);
            return Err(e);
        }
        let value = match kind {
            ListingKind::Scan => Response::ScanListing {
                ok,
                entries: items
                    .into_iter()
                    .filter_map(|i| match i {
                        ListItem::Scan(e) => Some(e),
                        _ => None,
                    })
                    .collect(),
            },
            ListingKind::UniqueId => Response::UidListing {
                ok,
                entries: items
                    .into_iter()
                    .filter_map(|i| match i {
                        ListItem::UniqueId(e) => Some(e),
                        _ => None,
                    })
                    .collect(),
            },
            ListingKind::Capabilities => Response::Capabilities {
                ok,
                capabilities: items
                    .into_iter()
                    .filter_map(|i| match i {
                        ListItem::Capability(e) => Some(e),
                        _ => None,
                    })
                    .collect(),
            },
            ListingKind::Languages => Response::Languages {
                ok,
                languages: items
                    .into_iter()
                    .filter_map(|i| match i {
                        ListItem::Language(e) => Some(e),
                        _ => None,
                    })
                    .collect(),
            },
            ListingKind::Mechanisms => Response::Mechanisms {
                ok,
                mechanisms: items
                    .into_iter()
                    .filter_map(|i| match i {
                        ListItem::Mechanism(e) => Some(e),
                        _ => None,
                    })
                    .collect(),
            },
        };
        Ok(Decoded::Complete {
            value,
            consumed: pos,
        })
    }
}

#[cfg(test)]
mod tests;
