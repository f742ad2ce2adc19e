//! The command decoder (servers use it).

use std::borrow::Cow;

use mail_core::address::{AddressConfig, Host, parse_forward_path, parse_host, parse_reverse_path};
use mail_core::line::{LineConfig, LineEndings, find_line};
use mail_core::sasl::Mechanism;
use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, Secret};

use super::params::{parse_mail_params, parse_rcpt_params};
use crate::types::command::{Command, InitialResponse};
use crate::types::value::Argument;

/// RFC 5321 §4.5.3.1.4: "The maximum total length of a command line including the command word
/// and the `<CRLF>` is 512 octets."
pub const MAX_COMMAND_LINE: usize = 512;

/// RFC 4954 §4: "a server implementation MUST be able to handle lines of at least 12288 octets"
/// for `AUTH` commands and SASL responses.
pub const MAX_AUTH_LINE: usize = 12288;

/// The longest `MAIL`/`RCPT` line: RFC 5321 §4.5.3.1.4 lets extensions raise the 512 octets,
/// and each extension whose parameter this crate types says by how much. `MAIL`: SIZE +26
/// (RFC 1870 §3), BODY=BINARYMIME +16 (RFC 3030 §3), SMTPUTF8 +10 (RFC 6531 §3.1), REQUIRETLS
/// +11 (RFC 8689 §2), AUTH= +500 (RFC 2554 §3, kept by RFC 4954), ENVID +101 and RET +9 (RFC
/// 3461 §5.4, a parameter and its SP). `RCPT` needs less: +530 for ORCPT and NOTIFY (RFC 3461
/// §5.4: "at least 1036 characters"). RFC 3461 §5.4 also asks for room for "any combination of
/// ESMTP parameters", so this is the sum for `MAIL`, used for both.
pub const MAX_MAIL_RCPT_LINE: usize = MAX_COMMAND_LINE + 26 + 16 + 10 + 11 + 500 + 101 + 9;

/// Limits and leniencies of [`CommandDecoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandDecoderConfig {
    /// Maximum command line length in octets, CR LF included ([`MAX_COMMAND_LINE`]).
    pub max_line_len: usize,
    /// Maximum `AUTH` command line length ([`MAX_AUTH_LINE`]).
    pub max_auth_line_len: usize,
    /// Maximum `MAIL` and `RCPT` line length, raised by the ESMTP parameters they may carry
    /// ([`MAX_MAIL_RCPT_LINE`]); never below `max_line_len`.
    pub max_mail_rcpt_line_len: usize,
    /// SMTPUTF8 (RFC 6531) is in effect: UTF-8 is accepted in addresses and arguments.
    pub utf8: bool,
    /// Leniency: a bare LF also ends a command line.
    pub accept_bare_lf: bool,
    /// Leniency: `MAIL FROM: <a@b>` and `RCPT TO: <a@b>` (spaces after the colon, which
    /// RFC 5321 §4.1.2 forbids: "spaces are not permitted on either side of the colon").
    /// A widespread client habit: older Swift Mailer (PHP), smtp-cli (Perl), SmtpClient for
    /// Qt and gen_smtp (Erlang) releases, appliances such as Aladdin eSafe, Tobit David and
    /// MailEnable 1.x, and many notification senders (airline and game-store mailers seen
    /// in the mox and KumoMTA issue trackers). Servers that receive mail from the Internet
    /// usually turn it on (Postfix, unless `strict_rfc821_envelopes` is set, accepts "nearly
    /// any envelope address that it can make sense of").
    pub space_after_colon: bool,
    /// Leniency: trailing spaces at the end of a command line are ignored (`DATA ` as sent
    /// by Nim's `std/smtp` module, `MAIL FROM:<a@b> ` from hand-written scripts).
    pub trailing_space: bool,
    /// Leniency: the argument of `EHLO`, `HELO` and `LHLO` is a host name as machines name
    /// themselves ([`AddressConfig::relaxed_host`]: `_` in labels, a label starting or ending
    /// with `-`, a dot at the end), not only an RFC 5321 `Domain`. Clients put their own name
    /// there: Python's smtplib sends `socket.getfqdn()`, Windows machine names carry
    /// underscores (`EHLO DESKTOP-AB12_X`); Postfix and Exim accept such names unless told to
    /// check them. Address literals keep their grammar, and `MAIL`/`RCPT` addresses are not
    /// affected.
    pub relaxed_helo: bool,
    /// Address length limits (RFC 5321 §4.5.3.1).
    pub address: AddressConfig,
}

impl Default for CommandDecoderConfig {
    fn default() -> Self {
        CommandDecoderConfig {
            max_line_len: MAX_COMMAND_LINE,
            max_auth_line_len: MAX_AUTH_LINE,
            max_mail_rcpt_line_len: MAX_MAIL_RCPT_LINE,
            utf8: false,
            accept_bare_lf: false,
            space_after_colon: false,
            trailing_space: false,
            relaxed_helo: false,
            address: AddressConfig::new(),
        }
    }
}

/// Decodes SMTP/LMTP command lines (RFC 5321 §4.1.1), zero-copy.
///
/// Each call decodes the first command at the start of `input`; a malformed command gives an
/// error whose `skip` covers its line, so the caller can answer (500/501) and go on.
#[derive(Debug, Clone, Default)]
pub struct CommandDecoder {
    config: CommandDecoderConfig,
}

impl CommandDecoder {
    /// A decoder with the RFC defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder with `config`.
    pub fn with_config(config: CommandDecoderConfig) -> Self {
        CommandDecoder { config }
    }

    /// The configuration.
    pub fn config(&self) -> &CommandDecoderConfig {
        &self.config
    }

    /// Sets the maximum command line length.
    pub fn with_max_line_len(mut self, max: usize) -> Self {
        self.config.max_line_len = max;
        self
    }

    /// Sets the maximum `AUTH` line length.
    pub fn with_max_auth_line_len(mut self, max: usize) -> Self {
        self.config.max_auth_line_len = max;
        self
    }

    /// Turns SMTPUTF8 (RFC 6531) on or off.
    pub fn with_utf8(mut self, utf8: bool) -> Self {
        self.config.utf8 = utf8;
        self.config.address.utf8 = utf8;
        self
    }

    /// Leniency: accept a bare LF as line end.
    pub fn with_bare_lf(mut self, accept: bool) -> Self {
        self.config.accept_bare_lf = accept;
        self
    }

    /// Leniency: accept `MAIL FROM: <...>` with a space after the colon (see
    /// [`CommandDecoderConfig::space_after_colon`] for the clients that need it).
    pub fn with_space_after_colon(mut self, accept: bool) -> Self {
        self.config.space_after_colon = accept;
        self
    }

    /// Leniency: ignore trailing spaces (see [`CommandDecoderConfig::trailing_space`]).
    pub fn with_trailing_space(mut self, accept: bool) -> Self {
        self.config.trailing_space = accept;
        self
    }

    /// Leniency: host names as machines name themselves in `EHLO`/`HELO`/`LHLO` (see
    /// [`CommandDecoderConfig::relaxed_helo`]).
    pub fn with_relaxed_helo(mut self, accept: bool) -> Self {
        self.config.relaxed_helo = accept;
        self
    }

    /// Sets the maximum `MAIL`/`RCPT` line length.
    pub fn with_max_mail_rcpt_line_len(mut self, max: usize) -> Self {
        self.config.max_mail_rcpt_line_len = max;
        self
    }

    /// The line limit that applies to a line starting with `input` (longer for `AUTH`, and
    /// for `MAIL` and `RCPT` with their ESMTP parameters).
    pub fn line_limit(&self, input: &[u8]) -> usize {
        let starts = |verb: &[u8; 5]| {
            let n = input.len().min(verb.len());
            input[..n].eq_ignore_ascii_case(&verb[..n])
        };
        let mut limit = self.config.max_line_len;
        if starts(b"AUTH ") {
            limit = limit.max(self.config.max_auth_line_len);
        }
        if starts(b"MAIL ") || starts(b"RCPT ") {
            limit = limit.max(self.config.max_mail_rcpt_line_len);
        }
        limit
    }

    /// Decodes the command at the start of `input`.
    pub fn decode<'a>(&self, input: &'a [u8]) -> DecodeResult<Command<'a>> {
        let limit = self.line_limit(input);
        let line_config = LineConfig::new(limit).with_line_endings(if self.config.accept_bare_lf {
            LineEndings::AcceptBareLf
        } else {
            LineEndings::Strict
        });
        let (line, consumed) = match find_line(input, 0, &line_config)? {
            Decoded::Complete { value, consumed } => (value.content, consumed),
            Decoded::Incomplete => return Ok(Decoded::Incomplete),
        };
        match self.decode_line(line) {
            Ok(value) => Ok(Decoded::Complete { value, consumed }),
            Err(e) => Err(e.with_skip(consumed)),
        }
    }

    /// Decodes one command line without its CR LF.
    pub fn decode_line<'a>(&self, line: &'a [u8]) -> Result<Command<'a>, DecodeError> {
        let mut line = line;
        if self.config.trailing_space {
            while let [rest @ .., b' '] = line {
                line = rest;
            }
        }
        let text = self.text(line)?;
        let verb_len = memchr::memchr(b' ', line).unwrap_or(line.len());
        let verb = &line[..verb_len];
        let args = text.get(verb_len + 1..);
        let args_at = verb_len + 1;
        let upper = |v: &[u8]| -> u32 {
            match v {
                [a, b, c, d] => u32::from_be_bytes([*a, *b, *c, *d]) & 0xDFDF_DFDF,
                _ => 0,
            }
        };
        let no_args = |cmd: Command<'a>| match args {
            None => Ok(cmd),
            Some(_) => Err(DecodeError::syntax(verb_len, "CRLF after the command")),
        };
        let verb4 = if verb.len() == 4 && verb.iter().all(u8::is_ascii_alphabetic) {
            upper(verb)
        } else {
            0
        };
        const fn v(s: &[u8; 4]) -> u32 {
            u32::from_be_bytes(*s)
        }
        match verb4 {
            x if x == v(b"MAIL") => self.mail(line, text, args_at),
            x if x == v(b"RCPT") => self.rcpt(line, text, args_at),
            x if x == v(b"EHLO") => self.host(line, args_at).map(Command::Ehlo),
            x if x == v(b"HELO") => self.host(line, args_at).map(Command::Helo),
            x if x == v(b"LHLO") => self.host(line, args_at).map(Command::Lhlo),
            x if x == v(b"DATA") => no_args(Command::Data),
            x if x == v(b"RSET") => no_args(Command::Rset),
            x if x == v(b"QUIT") => no_args(Command::Quit),
            x if x == v(b"NOOP") => optional(args, args_at).map(Command::Noop),
            x if x == v(b"HELP") => optional(args, args_at).map(Command::Help),
            x if x == v(b"VRFY") => required(args, args_at, verb_len).map(Command::Vrfy),
            x if x == v(b"EXPN") => required(args, args_at, verb_len).map(Command::Expn),
            x if x == v(b"ETRN") => required(args, args_at, verb_len).map(Command::Etrn),
            x if x == v(b"ATRN") => optional(args, args_at).map(Command::Atrn),
            x if x == v(b"BDAT") => bdat(args, args_at, verb_len),
            x if x == v(b"BURL") => burl(args, args_at, verb_len),
            x if x == v(b"AUTH") => self.auth(args, args_at, verb_len),
            _ if verb.eq_ignore_ascii_case(b"STARTTLS") => no_args(Command::StartTls),
            _ => Err(DecodeError::new(0, DecodeErrorKind::unknown_command(verb))),
        }
    }

    /// The line as text: 8-bit only under SMTPUTF8, and then valid UTF-8.
    fn text<'a>(&self, line: &'a [u8]) -> Result<&'a str, DecodeError> {
        if !line.is_ascii() && !self.config.utf8 {
            let at = line.iter().position(|b| !b.is_ascii()).unwrap_or(0);
            // Still an unknown verb if the verb itself is 8-bit.
            let verb_end = memchr::memchr(b' ', line).unwrap_or(line.len());
            if at < verb_end {
                return Err(DecodeError::new(
                    0,
                    DecodeErrorKind::unknown_command(&line[..verb_end]),
                ));
            }
            return Err(DecodeError::new(at, DecodeErrorKind::EightBit));
        }
        std::str::from_utf8(line)
            .map_err(|e| DecodeError::new(e.valid_up_to(), DecodeErrorKind::InvalidUtf8))
    }

    fn addr_config(&self) -> AddressConfig {
        let mut c = self.config.address;
        c.utf8 = self.config.utf8;
        c
    }

    fn host<'a>(&self, line: &'a [u8], at: usize) -> Result<Host<'a>, DecodeError> {
        let rest = line
            .get(at..)
            .filter(|r| !r.is_empty() && line.get(at - 1) == Some(&b' '))
            .ok_or(DecodeError::syntax(at.min(line.len()), "SP and a domain"))?;
        let config = self
            .addr_config()
            .with_relaxed_host(self.config.relaxed_helo || self.config.address.relaxed_host);
        let (host, used) = parse_host(rest, &config).map_err(|e| e.shifted(at))?;
        if used != rest.len() {
            return Err(DecodeError::syntax(at + used, "CRLF after the domain"));
        }
        Ok(host)
    }

    /// `"FROM:"` / `"TO:"` after `MAIL ` / `RCPT `, case-insensitive; returns where the path
    /// starts.
    fn prefix(&self, line: &[u8], at: usize, word: &'static [u8]) -> Result<usize, DecodeError> {
        let expected = if word == b"FROM:" { "FROM:" } else { "TO:" };
        match line.get(at..at + word.len()) {
            Some(w) if line.get(at - 1) == Some(&b' ') && w.eq_ignore_ascii_case(word) => {}
            _ => return Err(DecodeError::syntax(at.min(line.len()), expected)),
        }
        let mut pos = at + word.len();
        if self.config.space_after_colon {
            while line.get(pos) == Some(&b' ') {
                pos += 1;
            }
        }
        Ok(pos)
    }

    fn mail<'a>(
        &self,
        line: &'a [u8],
        text: &'a str,
        at: usize,
    ) -> Result<Command<'a>, DecodeError> {
        let start = self.prefix(line, at, b"FROM:")?;
        let rest = line.get(start..).unwrap_or_default();
        let config = self.addr_config();
        let (from, used) = parse_reverse_path(rest, &config).map_err(|e| e.shifted(start))?;
        let params_at = start + used;
        let params = parse_mail_params(line, text, params_at, self.config.utf8)?;
        // RFC 6531 §3.4: a non-ASCII address needs the SMTPUTF8 parameter.
        if !from.is_ascii() && !params.smtputf8 {
            return Err(DecodeError::new(start, DecodeErrorKind::EightBit));
        }
        Ok(Command::Mail { from, params })
    }

    fn rcpt<'a>(
        &self,
        line: &'a [u8],
        text: &'a str,
        at: usize,
    ) -> Result<Command<'a>, DecodeError> {
        let start = self.prefix(line, at, b"TO:")?;
        let rest = line.get(start..).unwrap_or_default();
        let (to, used) =
            parse_forward_path(rest, &self.addr_config()).map_err(|e| e.shifted(start))?;
        let params = parse_rcpt_params(line, text, start + used, self.config.utf8)?;
        Ok(Command::Rcpt { to, params })
    }

    fn auth<'a>(
        &self,
        args: Option<&'a str>,
        at: usize,
        verb_len: usize,
    ) -> Result<Command<'a>, DecodeError> {
        let args = args.ok_or(DecodeError::syntax(verb_len, "SP and a SASL mechanism"))?;
        let (mech, ir) = match args.split_once(' ') {
            Some((m, ir)) => (m, Some(ir)),
            None => (args, None),
        };
        let mechanism = Mechanism::decode(mech.as_bytes()).map_err(|e| e.shifted(at))?;
        let initial_response = match ir {
            None => None,
            Some(ir) => {
                let ir_at = at + mech.len() + 1;
                mail_core::sasl::wire::decode_initial_response(ir.as_bytes(), usize::MAX / 2)
                    .map_err(|e| e.shifted(ir_at))?;
                Some(InitialResponse(Secret::new(Cow::Borrowed(ir))))
            }
        };
        Ok(Command::Auth {
            mechanism,
            initial_response,
        })
    }
}

fn argument(arg: &str, at: usize) -> Result<Argument<'_>, DecodeError> {
    Argument::new(arg).map_err(|e| match e {
        mail_core::ValidationError::InvalidByte { position, .. } => {
            DecodeError::syntax(at + position, "printable text")
        }
        _ => DecodeError::syntax(at, "an argument"),
    })
}

fn optional(args: Option<&str>, at: usize) -> Result<Option<Argument<'_>>, DecodeError> {
    args.map(|a| argument(a, at)).transpose()
}

fn required(args: Option<&str>, at: usize, verb_len: usize) -> Result<Argument<'_>, DecodeError> {
    let a = args.ok_or(DecodeError::syntax(verb_len, "SP and an argument"))?;
    argument(a, at)
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF` (RFC 3030 §2).
fn bdat(args: Option<&str>, at: usize, verb_len: usize) -> Result<Command<'static>, DecodeError> {
    let args = args.ok_or(DecodeError::syntax(verb_len, "SP and a chunk size"))?;
    let (size, last) = match args.split_once(' ') {
        Some((s, l)) if l.eq_ignore_ascii_case("LAST") => (s, true),
        Some((s, _)) => return Err(DecodeError::syntax(at + s.len() + 1, "LAST")),
        None => (args, false),
    };
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::syntax(at, "a chunk size"));
    }
    let size = size
        .parse::<u64>()
        .map_err(|_| DecodeError::new(at, DecodeErrorKind::NumberOverflow))?;
    Ok(Command::Bdat { size, last })
}

/// `burl = "BURL" SP absolute-URI [SP end-marker]` (RFC 4468 §3).
fn burl(args: Option<&str>, at: usize, verb_len: usize) -> Result<Command<'_>, DecodeError> {
    let args = args.ok_or(DecodeError::syntax(verb_len, "SP and a URL"))?;
    let (url, last) = match args.split_once(' ') {
        Some((u, l)) if l.eq_ignore_ascii_case("LAST") => (u, true),
        Some((u, _)) => return Err(DecodeError::syntax(at + u.len() + 1, "LAST")),
        None => (args, false),
    };
    Command::burl(url, last).map_err(|_| DecodeError::syntax(at, "a URL"))
}
