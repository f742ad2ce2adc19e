//! The command grammar (RFC 1939, RFC 2449 §3, RFC 2595, RFC 5034, RFC 6856), on one line
//! without its CR LF.

use std::borrow::Cow;

use mail_core::{DecodeErrorKind, Secret};

use super::parse::{Fail, Parts, message_number, number, split_sp3, syntax, utf8};
use crate::types::simple::{first_bad, is_base64, is_param_byte, is_text_byte};
use crate::types::{
    ApopDigest, AuthStart, Base64Text, Command, CommandKind, LangArg, Mechanism, Param, Password,
    SaslResponse,
};

fn param(token: &[u8], offset: usize, utf8_ok: bool) -> Result<Param<'_>, Fail> {
    if token.is_empty() {
        return Err(syntax(offset, "a parameter"));
    }
    if let Some(i) = first_bad(token, |b| is_param_byte(b, utf8_ok)) {
        let kind = if token[i] >= 0x80 {
            DecodeErrorKind::EightBit
        } else {
            DecodeErrorKind::Syntax {
                expected: "printable characters",
            }
        };
        return Err((offset + i, kind));
    }
    Ok(Param(Cow::Borrowed(utf8(token, offset)?)))
}

/// One command line. `utf8_ok`: the UTF8 command was accepted (RFC 6856 §2).
pub(crate) fn command(line: &[u8], utf8_ok: bool) -> Result<Command<'_>, Fail> {
    let (keyword, rest) = match memchr::memchr(b' ', line) {
        Some(i) => (&line[..i], Some((i + 1, &line[i + 1..]))),
        None => (line, None),
    };
    // RFC 2449 §3: keyword = 3*4VCHAR.
    if !(3..=4).contains(&keyword.len()) || keyword.iter().any(|b| !(0x21..=0x7e).contains(b)) {
        return Err(syntax(0, "a command keyword of 3 or 4 characters"));
    }
    let kind =
        CommandKind::from_keyword(keyword).ok_or((0, DecodeErrorKind::unknown_command(keyword)))?;
    if kind == CommandKind::Pass {
        // RFC 1939 §7: the whole rest of the line is the password, spaces included.
        let Some((at, pw)) = rest.filter(|(_, pw)| !pw.is_empty()) else {
            return Err(syntax(line.len(), "a password"));
        };
        if let Some(i) = first_bad(pw, |b| is_text_byte(b, utf8_ok)) {
            let k = if pw[i] >= 0x80 {
                DecodeErrorKind::EightBit
            } else {
                DecodeErrorKind::Invalid {
                    what: "byte in password",
                }
            };
            return Err((at + i, k));
        }
        return Ok(Command::Pass(Password(Secret::new(Cow::Borrowed(utf8(
            pw, at,
        )?)))));
    }
    let args = match rest {
        Some((at, rest)) => split_sp3(rest, at, 3),
        None => Parts::empty(),
    };
    // Every argument is one token; a third one (or an empty one) is a syntax error.
    let arity = |min: usize, max: usize, what: &'static str| -> Result<(), Fail> {
        if let Some((at, _)) = args.iter().find(|(_, t)| t.is_empty()) {
            return Err(syntax(*at, what));
        }
        if args.len() < min {
            return Err(syntax(line.len(), what));
        }
        if args.len() > max {
            let at = args.get(max).map_or(line.len(), |(at, _)| *at - 1);
            return Err(syntax(at, "end of line"));
        }
        Ok(())
    };
    let arg = |i: usize| args.get(i).copied().unwrap_or((line.len(), &b""[..]));
    let msg = |i: usize| {
        let (at, t) = arg(i);
        message_number(t, at)
    };
    Ok(match kind {
        CommandKind::User => {
            arity(1, 1, "a user name")?;
            let (at, t) = arg(0);
            Command::User(param(t, at, utf8_ok)?)
        }
        CommandKind::Apop => {
            arity(2, 2, "a name and a digest")?;
            let (at, t) = arg(0);
            let name = param(t, at, utf8_ok)?;
            let (at, t) = arg(1);
            let digest = ApopDigest::from_hex(t)
                .map_err(|_| syntax(at, "32 lower-case hexadecimal digits"))?;
            Command::Apop { name, digest }
        }
        CommandKind::Quit => arity(0, 0, "end of line").map(|_| Command::Quit)?,
        CommandKind::Stat => arity(0, 0, "end of line").map(|_| Command::Stat)?,
        CommandKind::Noop => arity(0, 0, "end of line").map(|_| Command::Noop)?,
        CommandKind::Rset => arity(0, 0, "end of line").map(|_| Command::Rset)?,
        CommandKind::Capa => arity(0, 0, "end of line").map(|_| Command::Capa)?,
        CommandKind::Stls => arity(0, 0, "end of line").map(|_| Command::Stls)?,
        CommandKind::Utf8 => arity(0, 0, "end of line").map(|_| Command::Utf8)?,
        CommandKind::List => {
            arity(0, 1, "a message number")?;
            Command::List(if args.is_empty() { None } else { Some(msg(0)?) })
        }
        CommandKind::Uidl => {
            arity(0, 1, "a message number")?;
            Command::Uidl(if args.is_empty() { None } else { Some(msg(0)?) })
        }
        CommandKind::Retr => {
            arity(1, 1, "a message number")?;
            Command::Retr(msg(0)?)
        }
        CommandKind::Dele => {
            arity(1, 1, "a message number")?;
            Command::Dele(msg(0)?)
        }
        CommandKind::Top => {
            arity(2, 2, "a message number and a line count")?;
            let m = msg(0)?;
            let (at, t) = arg(1);
            let lines = number(t, at, u64::from(u32::MAX), "a line count")?;
            Command::Top {
                msg: m,
                lines: u32::try_from(lines).map_err(|_| (at, DecodeErrorKind::NumberOverflow))?,
            }
        }
        CommandKind::Auth => {
            arity(0, 2, "a SASL mechanism")?;
            if args.is_empty() {
                Command::Auth(None)
            } else {
                let (at, t) = arg(0);
                let mechanism = Mechanism::decode(t).map_err(|e| (at + e.offset, e.kind))?;
                let initial_response = match args.get(1) {
                    None => None,
                    Some((_, b"=")) => Some(SaslResponse::Empty),
                    Some((at, t)) if is_base64(t) => Some(SaslResponse::Data(Base64Text(
                        Secret::new(Cow::Borrowed(utf8(t, *at)?)),
                    ))),
                    Some((at, _)) => return Err(syntax(*at, "base64 or \"=\"")),
                };
                Command::Auth(Some(AuthStart {
                    mechanism,
                    initial_response,
                }))
            }
        }
        CommandKind::Lang => {
            arity(0, 1, "a language range or \"*\"")?;
            Command::Lang(match args.first() {
                None => None,
                Some((_, b"*")) => Some(LangArg::Default),
                Some((at, t)) => Some(LangArg::Tag(param(t, *at, false)?)),
            })
        }
        CommandKind::Pass => return Err(syntax(0, "a password")),
    })
}

/// A client line during an AUTH exchange (RFC 5034 §4).
pub(crate) fn sasl_response(line: &[u8]) -> Result<SaslResponse<'_>, Fail> {
    match line {
        b"*" => Ok(SaslResponse::Cancel),
        b"" | b"=" => Ok(SaslResponse::Empty),
        _ if is_base64(line) => Ok(SaslResponse::Data(Base64Text(Secret::new(Cow::Borrowed(
            utf8(line, 0)?,
        ))))),
        _ => Err(syntax(0, "base64, \"=\" or \"*\"")),
    }
}
