//! The response grammar (RFC 1939 §3, RFC 2449 §3, RFC 5034 §4, RFC 6856 §3), one line at a
//! time, without its CR LF.

use std::borrow::Cow;

use mail_core::{DecodeErrorKind, Secret};

use super::parse::{Fail, message_number, number, split_sp, split_sp3, syntax, utf8};
use crate::types::capability::{KNOWN_TAGS, OtherCapability, is_capa_tag};
use crate::types::simple::{first_bad, is_base64, is_code_body, is_text_byte, is_uid};
use crate::types::{
    Base64Text, Capability, Challenge, Expire, LanguageEntry, Mechanism, Param, ResponseCode,
    ResponseText, ScanEntry, StatInfo, Status, StatusLine, Text, UidEntry, UniqueId,
};

fn text(bytes: &[u8], offset: usize) -> Result<Text<'_>, Fail> {
    match first_bad(bytes, |b| is_text_byte(b, true)) {
        Some(i) => Err((
            offset + i,
            DecodeErrorKind::Invalid {
                what: "byte in response text",
            },
        )),
        None => Ok(Text(Cow::Borrowed(bytes))),
    }
}

/// `status [SP text]`: the status, and the offset and bytes after it.
fn status(line: &[u8]) -> Result<(Status, usize, &[u8]), Fail> {
    let (status, len) = if line.starts_with(b"+OK") {
        (Status::Ok, 3)
    } else if line.starts_with(b"-ERR") {
        (Status::Err, 4)
    } else {
        return Err(syntax(0, "\"+OK\" or \"-ERR\""));
    };
    match line.get(len) {
        None => Ok((status, len, &[])),
        Some(b' ') => Ok((status, len + 1, &line[len + 1..])),
        Some(_) => Err(syntax(len, "SP or CRLF after the status")),
    }
}

/// Code and text after the status and its space (RFC 2449 §3 `text`). A `[` that does not open
/// a well-formed code is taken as text.
fn response_text(rest: &[u8], offset: usize) -> Result<ResponseText<'_>, Fail> {
    if rest.first() == Some(&b'[')
        && let Some(close) = memchr::memchr(b']', rest)
        && is_code_body(&rest[1..close])
    {
        let code = ResponseCode(Cow::Borrowed(utf8(&rest[1..close], offset + 1)?));
        let mut after = close + 1;
        if rest.get(after) == Some(&b' ') {
            after += 1;
        }
        return Ok(ResponseText {
            code: Some(code),
            text: text(&rest[after..], offset + after)?,
        });
    }
    Ok(ResponseText {
        code: None,
        text: text(rest, offset)?,
    })
}

/// A single-line response.
pub(crate) fn status_line(line: &[u8]) -> Result<StatusLine<'_>, Fail> {
    let (status, at, rest) = status(line)?;
    Ok(StatusLine {
        status,
        text: response_text(rest, at)?,
    })
}

/// The answer to STAT: `+OK nn mm [text]` or a status line.
pub(crate) fn stat(line: &[u8]) -> Result<Result<StatInfo<'_>, StatusLine<'_>>, Fail> {
    let (status, at, rest) = status(line)?;
    if status == Status::Err {
        return status_line(line).map(Err);
    }
    let parts = split_sp3(rest, at, 3);
    let (c_at, c) = parts[0];
    let count = number(c, c_at, u64::from(u32::MAX), "a message count")?;
    let (s_at, s) = parts.get(1).copied().unwrap_or((line.len(), b""));
    let size = number(s, s_at, u64::MAX, "a maildrop size")?;
    let text = match parts.get(2) {
        Some((t_at, t)) => text(t, *t_at)?,
        None => Text::default(),
    };
    Ok(Ok(StatInfo {
        count: u32::try_from(count).map_err(|_| (c_at, DecodeErrorKind::NumberOverflow))?,
        size,
        text,
    }))
}

/// `msg SP size [SP extra]` (RFC 1939 §5 scan listing).
pub(crate) fn scan_entry(line: &[u8], base: usize) -> Result<ScanEntry<'_>, Fail> {
    let parts = split_sp3(line, base, 3);
    let (m_at, m) = parts[0];
    let msg = message_number(m, m_at)?;
    let (s_at, s) = parts.get(1).copied().unwrap_or((base + line.len(), b""));
    let size = number(s, s_at, u64::MAX, "a message size")?;
    let extra = match parts.get(2) {
        Some((t_at, t)) => text(t, *t_at)?,
        None => Text::default(),
    };
    Ok(ScanEntry { msg, size, extra })
}

/// `msg SP unique-id` (RFC 1939 §7 unique-id listing).
pub(crate) fn uid_entry(line: &[u8], base: usize) -> Result<UidEntry<'_>, Fail> {
    let parts = split_sp3(line, base, 2);
    let (m_at, m) = parts[0];
    let msg = message_number(m, m_at)?;
    let (u_at, u) = parts.get(1).copied().unwrap_or((base + line.len(), b""));
    if !is_uid(u) {
        return Err(syntax(u_at, "a unique-id of 1 to 70 printable characters"));
    }
    Ok(UidEntry {
        msg,
        uid: UniqueId(Cow::Borrowed(utf8(u, u_at)?)),
    })
}

/// The `+OK` line of a single-message LIST or UIDL, or a status line.
pub(crate) fn positive_then<'a, T>(
    line: &'a [u8],
    entry: impl Fn(&'a [u8], usize) -> Result<T, Fail>,
) -> Result<Result<T, StatusLine<'a>>, Fail> {
    let (status, at, rest) = status(line)?;
    if status == Status::Err {
        return status_line(line).map(Err);
    }
    entry(rest, at).map(Ok)
}

/// `+ [base64]` or `+` (RFC 5034 §4 continue-req; a bare `+` is accepted too), or a status line.
pub(crate) fn challenge_or_status(
    line: &[u8],
) -> Result<Result<Challenge<'_>, StatusLine<'_>>, Fail> {
    match line {
        b"+" | b"+ " => Ok(Ok(Challenge(None))),
        [b'+', b' ', data @ ..] => {
            if is_base64(data) {
                Ok(Ok(Challenge(Some(Base64Text(Secret::new(Cow::Borrowed(
                    utf8(data, 2)?,
                )))))))
            } else {
                Err(syntax(2, "base64"))
            }
        }
        _ => status_line(line).map(Err),
    }
}

fn param(token: &[u8], offset: usize) -> Result<Param<'_>, Fail> {
    if token.is_empty() || token.iter().any(|&b| b <= 0x20 || b == 0x7f) {
        return Err(syntax(offset, "a parameter"));
    }
    Ok(Param(Cow::Borrowed(utf8(token, offset)?)))
}

/// One CAPA line (RFC 2449 §5).
pub(crate) fn capability(line: &[u8], base: usize) -> Result<Capability<'_>, Fail> {
    let (tag, rest) = match memchr::memchr(b' ', line) {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => (line, None),
    };
    if !is_capa_tag(tag) {
        return Err(syntax(base, "a capability tag"));
    }
    let rest_at = base + tag.len() + 1;
    let args = || match rest {
        Some(r) => split_sp(r, rest_at, usize::MAX),
        None => Vec::new(),
    };
    let is = |name: &str| tag.eq_ignore_ascii_case(name.as_bytes());
    let invalid = (
        base,
        DecodeErrorKind::Invalid {
            what: "capability arguments",
        },
    );
    let no_args = |c: Capability<'static>| {
        if rest.is_some() {
            Err(invalid.clone())
        } else {
            Ok(c)
        }
    };
    // `n [USER]`
    let with_user = |args: &[(usize, &[u8])]| -> Result<bool, Fail> {
        match args {
            [_] => Ok(false),
            [_, (_, u)] if u.eq_ignore_ascii_case(b"USER") => Ok(true),
            _ => Err(invalid.clone()),
        }
    };
    if is("TOP") {
        no_args(Capability::Top)
    } else if is("USER") {
        no_args(Capability::User)
    } else if is("RESP-CODES") {
        no_args(Capability::RespCodes)
    } else if is("AUTH-RESP-CODE") {
        no_args(Capability::AuthRespCode)
    } else if is("PIPELINING") {
        no_args(Capability::Pipelining)
    } else if is("UIDL") {
        no_args(Capability::Uidl)
    } else if is("STLS") {
        no_args(Capability::Stls)
    } else if is("LANG") {
        no_args(Capability::Lang)
    } else if is("SASL") {
        let mut mechanisms = Vec::new();
        for (at, m) in args() {
            mechanisms.push(Mechanism::decode(m).map_err(|e| (at + e.offset, e.kind))?);
        }
        Ok(Capability::Sasl(mechanisms))
    } else if is("LOGIN-DELAY") {
        let args = args();
        let per_user = with_user(&args)?;
        let (at, n) = args[0];
        let seconds = number(n, at, u64::from(u32::MAX), "a number of seconds")?;
        Ok(Capability::LoginDelay {
            seconds: u32::try_from(seconds).map_err(|_| (at, DecodeErrorKind::NumberOverflow))?,
            per_user,
        })
    } else if is("EXPIRE") {
        let args = args();
        let per_user = with_user(&args)?;
        let (at, n) = args[0];
        let expire = if n.eq_ignore_ascii_case(b"NEVER") {
            Expire::Never
        } else {
            let days = number(n, at, u64::from(u32::MAX), "a number of days or NEVER")?;
            Expire::Days(u32::try_from(days).map_err(|_| (at, DecodeErrorKind::NumberOverflow))?)
        };
        Ok(Capability::Expire { expire, per_user })
    } else if is("IMPLEMENTATION") {
        Ok(Capability::Implementation(match rest {
            Some(r) => text(r, rest_at)?,
            None => Text::default(),
        }))
    } else if is("UTF8") {
        match rest {
            None => Ok(Capability::Utf8 { user: false }),
            Some(u) if u.eq_ignore_ascii_case(b"USER") => Ok(Capability::Utf8 { user: true }),
            Some(_) => Err(invalid),
        }
    } else {
        debug_assert!(!KNOWN_TAGS.iter().any(|k| is(k)));
        let tag = param(tag, base)?;
        let mut params = Vec::new();
        for (at, a) in args() {
            params.push(param(a, at)?);
        }
        Ok(Capability::Other(OtherCapability { tag, args: params }))
    }
}

/// `tag [SP description]` (RFC 6856 §3.2 language listing).
pub(crate) fn language(line: &[u8], base: usize) -> Result<LanguageEntry<'_>, Fail> {
    let parts = split_sp3(line, base, 2);
    let (t_at, t) = parts[0];
    let tag = param(t, t_at)?;
    let description = match parts.get(1) {
        Some((d_at, d)) => text(d, *d_at)?,
        None => Text::default(),
    };
    Ok(LanguageEntry { tag, description })
}

/// One mechanism per line (AUTH without argument).
pub(crate) fn mechanism(line: &[u8], base: usize) -> Result<Mechanism<'_>, Fail> {
    Mechanism::decode(line).map_err(|e| (base + e.offset, e.kind))
}
