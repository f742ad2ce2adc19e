//! SMTP commands (RFC 5321 §4.1.1 and extensions).

use std::borrow::Cow;
use std::fmt;

use mail_core::address::{Host, Path};
use mail_core::sasl::Mechanism;
use mail_core::{IntoOwned, Secret, ValidationError};

use super::params::{MailParams, RcptParams};
use super::value::Argument;

/// The initial response of `AUTH` (RFC 4954 §4), in its wire form: base64 text, or `=` for an
/// empty response. `Debug` never shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitialResponse<'a>(pub(crate) Secret<Cow<'a, str>>);

impl InitialResponse<'_> {
    /// The initial response carrying `data` (base64-encoded here; `=` when empty).
    pub fn new(data: &[u8]) -> InitialResponse<'static> {
        let mut out = Vec::new();
        mail_core::sasl::wire::encode_initial_response(data, &mut out);
        InitialResponse(Secret::new(Cow::Owned(
            String::from_utf8_lossy(&out).into_owned(),
        )))
    }

    /// The wire form (base64 or `=`).
    pub fn as_wire(&self) -> &str {
        self.0.expose()
    }

    /// The decoded octets (empty for `=`).
    pub fn decode(&self) -> Result<Vec<u8>, mail_core::DecodeError> {
        let r = mail_core::sasl::wire::decode_initial_response(
            self.0.expose().as_bytes(),
            usize::MAX / 2,
        )?;
        Ok(r.as_bytes().unwrap_or_default().to_vec())
    }
}

/// An SMTP or LMTP command.
///
/// Commands are values: [`crate::CommandDecoder`] decodes them (servers),
/// [`mail_core::Encode`] writes them (clients).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `ehlo = "EHLO" SP ( Domain / address-literal ) CRLF` (RFC 5321 §4.1.1.1).
    Ehlo(Host<'a>),
    /// `helo = "HELO" SP Domain CRLF` (RFC 5321 §4.1.1.1); an address literal is accepted too.
    Helo(Host<'a>),
    /// `LHLO` (RFC 2033 §4.1): LMTP's EHLO.
    Lhlo(Host<'a>),
    /// `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF` (RFC 5321 §4.1.1.2).
    Mail {
        /// The reverse-path (`<>` allowed).
        from: Path<'a>,
        /// The parameters.
        params: MailParams<'a>,
    },
    /// `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path )
    /// [SP Rcpt-parameters] CRLF` (RFC 5321 §4.1.1.3).
    Rcpt {
        /// The forward-path.
        to: Path<'a>,
        /// The parameters.
        params: RcptParams<'a>,
    },
    /// `data = "DATA" CRLF` (RFC 5321 §4.1.1.4).
    Data,
    /// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF` (RFC 3030 §2).
    Bdat {
        /// `chunk-size = 1*DIGIT`: octets following the command line.
        size: u64,
        /// `end-marker = "LAST"`.
        last: bool,
    },
    /// `rset = "RSET" CRLF` (RFC 5321 §4.1.1.5).
    Rset,
    /// `vrfy = "VRFY" SP String CRLF` (RFC 5321 §4.1.1.6).
    Vrfy(Argument<'a>),
    /// `expn = "EXPN" SP String CRLF` (RFC 5321 §4.1.1.7).
    Expn(Argument<'a>),
    /// `help = "HELP" [ SP String ] CRLF` (RFC 5321 §4.1.1.8).
    Help(Option<Argument<'a>>),
    /// `noop = "NOOP" [ SP String ] CRLF` (RFC 5321 §4.1.1.9).
    Noop(Option<Argument<'a>>),
    /// `quit = "QUIT" CRLF` (RFC 5321 §4.1.1.10).
    Quit,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `auth-command = "AUTH" SP sasl-mech [SP initial-response]` (RFC 4954 §4).
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// The initial response (`=` for an empty one).
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `etrn = "ETRN" SP node-name` (RFC 1985 §5): `domain`, `@domain` or `#queue`.
    Etrn(Argument<'a>),
    /// `atrn = "ATRN" [SP domain *("," domain)]` (RFC 2645 §4).
    Atrn(Option<Argument<'a>>),
    /// `burl = "BURL" SP absolute-URI [SP end-marker]` (RFC 4468 §3).
    Burl {
        /// The URL, as written (printable, no SP).
        url: Cow<'a, str>,
        /// `end-marker = "LAST"`.
        last: bool,
    },
}

impl<'a> Command<'a> {
    /// The verb as sent (upper case).
    pub fn verb(&self) -> &'static str {
        self.kind().verb()
    }

    /// What kind of command this is.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Ehlo(_) => CommandKind::Ehlo,
            Command::Helo(_) => CommandKind::Helo,
            Command::Lhlo(_) => CommandKind::Lhlo,
            Command::Mail { .. } => CommandKind::Mail,
            Command::Rcpt { .. } => CommandKind::Rcpt,
            Command::Data => CommandKind::Data,
            Command::Bdat { .. } => CommandKind::Bdat,
            Command::Rset => CommandKind::Rset,
            Command::Vrfy(_) => CommandKind::Vrfy,
            Command::Expn(_) => CommandKind::Expn,
            Command::Help(_) => CommandKind::Help,
            Command::Noop(_) => CommandKind::Noop,
            Command::Quit => CommandKind::Quit,
            Command::StartTls => CommandKind::StartTls,
            Command::Auth { .. } => CommandKind::Auth,
            Command::Etrn(_) => CommandKind::Etrn,
            Command::Atrn(_) => CommandKind::Atrn,
            Command::Burl { .. } => CommandKind::Burl,
        }
    }

    /// `BURL url [LAST]`, validating the URL (printable ASCII without SP, non-empty).
    pub fn burl(url: impl Into<Cow<'a, str>>, last: bool) -> Result<Self, ValidationError> {
        let url = url.into();
        if url.is_empty() {
            return Err(ValidationError::Empty { what: "BURL url" });
        }
        if let Some(position) = url.bytes().position(|b| !(33..=126).contains(&b)) {
            return Err(ValidationError::InvalidByte {
                what: "BURL url",
                byte: url.as_bytes()[position],
                position,
            });
        }
        Ok(Command::Burl { url, last })
    }
}

impl IntoOwned for Command<'_> {
    type Owned = Command<'static>;
    fn into_owned(self) -> Command<'static> {
        match self {
            Command::Ehlo(h) => Command::Ehlo(h.into_owned()),
            Command::Helo(h) => Command::Helo(h.into_owned()),
            Command::Lhlo(h) => Command::Lhlo(h.into_owned()),
            Command::Mail { from, params } => Command::Mail {
                from: from.into_owned(),
                params: params.into_owned(),
            },
            Command::Rcpt { to, params } => Command::Rcpt {
                to: to.into_owned(),
                params: params.into_owned(),
            },
            Command::Data => Command::Data,
            Command::Bdat { size, last } => Command::Bdat { size, last },
            Command::Rset => Command::Rset,
            Command::Vrfy(a) => Command::Vrfy(a.into_owned()),
            Command::Expn(a) => Command::Expn(a.into_owned()),
            Command::Help(a) => Command::Help(a.map(IntoOwned::into_owned)),
            Command::Noop(a) => Command::Noop(a.map(IntoOwned::into_owned)),
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response
                    .map(|r| InitialResponse(r.0.map(|c| Cow::Owned(c.into_owned())))),
            },
            Command::Etrn(a) => Command::Etrn(a.into_owned()),
            Command::Atrn(a) => Command::Atrn(a.map(IntoOwned::into_owned)),
            Command::Burl { url, last } => Command::Burl {
                url: Cow::Owned(url.into_owned()),
                last,
            },
        }
    }
}

/// The kind of a [`Command`], without its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommandKind {
    /// `EHLO`.
    Ehlo,
    /// `HELO`.
    Helo,
    /// `LHLO`.
    Lhlo,
    /// `MAIL`.
    Mail,
    /// `RCPT`.
    Rcpt,
    /// `DATA`.
    Data,
    /// `BDAT`.
    Bdat,
    /// `RSET`.
    Rset,
    /// `VRFY`.
    Vrfy,
    /// `EXPN`.
    Expn,
    /// `HELP`.
    Help,
    /// `NOOP`.
    Noop,
    /// `QUIT`.
    Quit,
    /// `STARTTLS`.
    StartTls,
    /// `AUTH`.
    Auth,
    /// `ETRN`.
    Etrn,
    /// `ATRN`.
    Atrn,
    /// `BURL`.
    Burl,
}

impl CommandKind {
    /// The verb (upper case).
    pub fn verb(self) -> &'static str {
        match self {
            CommandKind::Ehlo => "EHLO",
            CommandKind::Helo => "HELO",
            CommandKind::Lhlo => "LHLO",
            CommandKind::Mail => "MAIL",
            CommandKind::Rcpt => "RCPT",
            CommandKind::Data => "DATA",
            CommandKind::Bdat => "BDAT",
            CommandKind::Rset => "RSET",
            CommandKind::Vrfy => "VRFY",
            CommandKind::Expn => "EXPN",
            CommandKind::Help => "HELP",
            CommandKind::Noop => "NOOP",
            CommandKind::Quit => "QUIT",
            CommandKind::StartTls => "STARTTLS",
            CommandKind::Auth => "AUTH",
            CommandKind::Etrn => "ETRN",
            CommandKind::Atrn => "ATRN",
            CommandKind::Burl => "BURL",
        }
    }

    /// Whether the command ends a pipelined group (RFC 2920 §3.1: "EHLO, DATA, VRFY, EXPN,
    /// TURN, QUIT, and NOOP ... can only appear as the last command in a group"; RFC 4954 §4 and
    /// RFC 3207 §4.2 add AUTH and STARTTLS; HELO and LHLO change the session like EHLO).
    pub fn ends_pipeline_group(self) -> bool {
        matches!(
            self,
            CommandKind::Ehlo
                | CommandKind::Helo
                | CommandKind::Lhlo
                | CommandKind::Data
                | CommandKind::Vrfy
                | CommandKind::Expn
                | CommandKind::Quit
                | CommandKind::Noop
                | CommandKind::Auth
                | CommandKind::StartTls
                | CommandKind::Atrn
                | CommandKind::Etrn
                | CommandKind::Help
        )
    }
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.verb())
    }
}
