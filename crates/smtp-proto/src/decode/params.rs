//! ESMTP parameters of `MAIL` and `RCPT` (RFC 5321 §4.1.2), hand-written: this is the hot
//! path of a server.

use std::borrow::Cow;

use mail_core::address::{AddressConfig, parse_mailbox};
use mail_core::{DecodeError, DecodeErrorKind};

use crate::types::params::{
    AuthParam, Body, By, ByMode, EsmtpParam, Hold, MailParams, Notify, Orcpt, Priority, RcptParams,
    Ret, Rrvs, RrvsAction, Xtext, is_atext,
};
use crate::types::value::{
    DateTime, EsmtpValue, Keyword, date_time_valid, is_keyword_char, is_value_char,
};

/// One raw `esmtp-param` with its offset in the line.
struct Raw<'a> {
    at: usize,
    keyword: &'a str,
    value: Option<&'a str>,
    value_at: usize,
}

/// Iterates over `SP esmtp-param` items starting at `at` (the byte after the path).
fn for_each_param<'a>(
    line: &'a [u8],
    line_text: &'a str,
    at: usize,
    utf8: bool,
    mut f: impl FnMut(Raw<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut pos = at;
    while pos < line.len() {
        if line.get(pos) != Some(&b' ') {
            return Err(DecodeError::syntax(pos, "SP before a parameter"));
        }
        pos += 1;
        let start = pos;
        match line.get(pos) {
            Some(b) if b.is_ascii_alphanumeric() => pos += 1,
            _ => return Err(DecodeError::syntax(pos, "an esmtp-keyword")),
        }
        pos += run(line, pos, is_keyword_char);
        let keyword_end = pos;
        let mut value = None;
        let mut value_at = pos;
        if line.get(pos) == Some(&b'=') {
            pos += 1;
            value_at = pos;
            pos += run(line, pos, |b| is_value_char(b) || (utf8 && b >= 128));
            if pos == value_at {
                return Err(DecodeError::syntax(pos, "an esmtp-value"));
            }
            value = Some(text_in(line_text, line, value_at, pos)?);
        }
        if !matches!(line.get(pos), None | Some(b' ')) {
            return Err(DecodeError::syntax(pos, "SP or CRLF after a parameter"));
        }
        f(Raw {
            at: start,
            keyword: text_in(line_text, line, start, keyword_end)?,
            value,
            value_at,
        })?;
    }
    Ok(())
}

/// How many bytes from `pos` on satisfy `class` (a tight loop over the slice, without a bounds
/// check per byte).
fn run(line: &[u8], pos: usize, class: impl Fn(u8) -> bool) -> usize {
    let rest = line.get(pos..).unwrap_or_default();
    rest.iter().position(|&b| !class(b)).unwrap_or(rest.len())
}

/// `line[from..to]` as text, sliced from `line_text` (the same line, already checked as UTF-8
/// by the command decoder) rather than validated again.
fn text_in<'a>(
    line_text: &'a str,
    line: &'a [u8],
    from: usize,
    to: usize,
) -> Result<&'a str, DecodeError> {
    match line_text.get(from..to) {
        Some(t) => Ok(t),
        None => text(line, from, to),
    }
}

fn text(line: &[u8], from: usize, to: usize) -> Result<&str, DecodeError> {
    std::str::from_utf8(line.get(from..to).unwrap_or_default())
        .map_err(|e| DecodeError::new(from + e.valid_up_to(), DecodeErrorKind::InvalidUtf8))
}

fn dup(at: usize, what: &'static str) -> DecodeError {
    DecodeError::new(at, DecodeErrorKind::Duplicate { what })
}

fn value_of<'a>(p: &Raw<'a>, what: &'static str) -> Result<&'a str, DecodeError> {
    p.value
        .ok_or(DecodeError::syntax(p.at + p.keyword.len(), what))
}

fn no_value(p: &Raw<'_>) -> Result<(), DecodeError> {
    match p.value {
        None => Ok(()),
        Some(_) => Err(DecodeError::syntax(
            p.value_at - 1,
            "no value for this parameter",
        )),
    }
}

/// `1*20DIGIT` into a u64; overflow is an error (RFC 1870: "SIZE" "=" size-value).
fn number(s: &str, at: usize) -> Result<u64, DecodeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::syntax(at, "a decimal number"));
    }
    let mut n: u64 = 0;
    for b in s.bytes() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
            .ok_or(DecodeError::new(at, DecodeErrorKind::NumberOverflow))?;
    }
    Ok(n)
}

fn set<T>(slot: &mut Option<T>, v: T, at: usize, what: &'static str) -> Result<(), DecodeError> {
    if slot.is_some() {
        return Err(dup(at, what));
    }
    *slot = Some(v);
    Ok(())
}

fn xtext(s: &str, at: usize) -> Result<Xtext<'_>, DecodeError> {
    // Valid xtext (the common case) is recognised here without decoding it: decoding a value
    // with an escape would allocate. Anything else goes through the decoder for its error.
    if !xtext_valid(s.as_bytes()) {
        mail_core::xtext::decode(s.as_bytes()).map_err(|e| e.shifted(at))?;
    }
    Ok(Xtext(Cow::Borrowed(s)))
}

/// RFC 3461 §4: `xtext = *( xchar / hexchar )`, `hexchar = "+" 2(upper-case HEXDIG)`. Accepts
/// exactly what the strict `mail_core::xtext::decode` accepts, without building the value.
fn xtext_valid(v: &[u8]) -> bool {
    // Most values have no escape: one pass over a byte class.
    // (A fold without early exit, so that it vectorizes.)
    if v.iter()
        .fold(true, |ok, &b| ok & mail_core::xtext::is_xchar(b))
    {
        return true;
    }
    let upper_hex = |b: &u8| matches!(b, b'0'..=b'9' | b'A'..=b'F');
    let mut i = 0;
    while let Some(&b) = v.get(i) {
        if b == b'+' {
            match v.get(i + 1..i + 3) {
                Some(hex) if hex.iter().all(upper_hex) => i += 3,
                _ => return false,
            }
        } else if mail_core::xtext::is_xchar(b) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn date_time(s: &str, at: usize) -> Result<DateTime<'_>, DecodeError> {
    if date_time_valid(s.as_bytes()) {
        Ok(DateTime(Cow::Borrowed(s)))
    } else {
        Err(DecodeError::syntax(at, "an RFC 3339 date-time"))
    }
}

fn unknown<'a>(
    p: &Raw<'a>,
    ext: &mut crate::types::params::Extensions<'a>,
) -> Result<(), DecodeError> {
    let param = EsmtpParam {
        keyword: Keyword(Cow::Borrowed(p.keyword)),
        value: p.value.map(|v| EsmtpValue(Cow::Borrowed(v))),
    };
    if ext.get(p.keyword).is_some() {
        return Err(dup(p.at, "parameter"));
    }
    ext.push(param).map_err(|_| {
        DecodeError::new(
            p.at,
            DecodeErrorKind::LimitExceeded {
                what: "unknown parameters",
                limit: crate::types::params::MAX_EXTENSIONS as u64,
            },
        )
    })
}

/// RFC 3461 §4.2 and §5.4: the longest `ORCPT` value.
const MAX_ORCPT: usize = 500;

/// Keywords that belong to `RCPT` (refused on `MAIL`) and the reverse.
const RCPT_ONLY: [&str; 3] = ["NOTIFY", "ORCPT", "RRVS"];
const MAIL_ONLY: [&str; 14] = [
    "SIZE",
    "BODY",
    "SMTPUTF8",
    "RET",
    "ENVID",
    "AUTH",
    "MT-PRIORITY",
    "REQUIRETLS",
    "HOLDFOR",
    "HOLDUNTIL",
    "BY",
    "TRANSID",
    "MTRK",
    "SOLICIT",
];

fn misplaced(p: &Raw<'_>, list: &[&str]) -> Result<(), DecodeError> {
    if list.iter().any(|k| k.eq_ignore_ascii_case(p.keyword)) {
        return Err(DecodeError::new(
            p.at,
            DecodeErrorKind::Invalid {
                what: "parameter for this command",
            },
        ));
    }
    Ok(())
}

/// `Mail-parameters` after the reverse-path, starting at `at` in `line`.
pub(crate) fn parse_mail_params<'a>(
    line: &'a [u8],
    line_text: &'a str,
    at: usize,
    utf8: bool,
) -> Result<MailParams<'a>, DecodeError> {
    let mut m = MailParams::default();
    let mut seen_smtputf8 = false;
    let mut seen_requiretls = false;
    for_each_param(line, line_text, at, utf8, |p| {
        let k = p.keyword.as_bytes();
        let eq = |s: &str| k.eq_ignore_ascii_case(s.as_bytes());
        if eq("SIZE") {
            // RFC 1870 §6: size-value = 1*20DIGIT
            let v = value_of(&p, "=size")?;
            set(&mut m.size, number(v, p.value_at)?, p.at, "SIZE")
        } else if eq("BODY") {
            let v = value_of(&p, "=7BIT, =8BITMIME or =BINARYMIME")?;
            let body = if v.eq_ignore_ascii_case("8BITMIME") {
                Body::EightBitMime
            } else if v.eq_ignore_ascii_case("7BIT") {
                Body::SevenBit
            } else if v.eq_ignore_ascii_case("BINARYMIME") {
                Body::BinaryMime
            } else {
                return Err(DecodeError::syntax(
                    p.value_at,
                    "7BIT, 8BITMIME or BINARYMIME",
                ));
            };
            set(&mut m.body, body, p.at, "BODY")
        } else if eq("SMTPUTF8") {
            no_value(&p)?;
            if std::mem::replace(&mut seen_smtputf8, true) {
                return Err(dup(p.at, "SMTPUTF8"));
            }
            m.smtputf8 = true;
            Ok(())
        } else if eq("RET") {
            let v = value_of(&p, "=FULL or =HDRS")?;
            let ret = if v.eq_ignore_ascii_case("FULL") {
                Ret::Full
            } else if v.eq_ignore_ascii_case("HDRS") {
                Ret::Headers
            } else {
                return Err(DecodeError::syntax(p.value_at, "FULL or HDRS"));
            };
            set(&mut m.ret, ret, p.at, "RET")
        } else if eq("ENVID") {
            // RFC 3461 §4.4: envid-parameter = "ENVID=" xtext, at most 100 characters.
            let v = value_of(&p, "=xtext")?;
            if v.len() > 100 {
                return Err(DecodeError::new(
                    p.value_at,
                    DecodeErrorKind::LimitExceeded {
                        what: "ENVID characters",
                        limit: 100,
                    },
                ));
            }
            set(&mut m.envid, xtext(v, p.value_at)?, p.at, "ENVID")
        } else if eq("AUTH") {
            // RFC 4954 §5: "AUTH=" xtext, decoding to a Mailbox or "<>".
            let v = value_of(&p, "=<> or =mailbox")?;
            let auth = if v == "<>" {
                AuthParam::Unknown
            } else {
                let x = xtext(v, p.value_at)?;
                let decoded = x.decoded();
                let mut config = AddressConfig::new();
                config.utf8 = utf8;
                let (_, used) = parse_mailbox(&decoded, &config)
                    .map_err(|_| DecodeError::syntax(p.value_at, "a mailbox in xtext"))?;
                if used != decoded.len() {
                    return Err(DecodeError::syntax(p.value_at, "a mailbox in xtext"));
                }
                AuthParam::Mailbox(x)
            };
            set(&mut m.auth, auth, p.at, "AUTH")
        } else if eq("MT-PRIORITY") {
            // RFC 6710 §3: priority-value = [ "-" / "+" ] DIGIT, in -9..=9.
            let v = value_of(&p, "=priority")?;
            let (neg, digits) = match v.as_bytes() {
                [b'-', d] => (true, *d),
                [b'+', d] | [d] => (false, *d),
                _ => return Err(DecodeError::syntax(p.value_at, "a priority in -9..9")),
            };
            if !digits.is_ascii_digit() {
                return Err(DecodeError::syntax(p.value_at, "a priority in -9..9"));
            }
            let n = (digits - b'0') as i8;
            let prio = Priority::new(if neg { -n } else { n })
                .map_err(|_| DecodeError::new(p.value_at, DecodeErrorKind::NumberOutOfRange))?;
            set(&mut m.mt_priority, prio, p.at, "MT-PRIORITY")
        } else if eq("REQUIRETLS") {
            no_value(&p)?;
            if std::mem::replace(&mut seen_requiretls, true) {
                return Err(dup(p.at, "REQUIRETLS"));
            }
            m.requiretls = true;
            Ok(())
        } else if eq("HOLDFOR") {
            let v = value_of(&p, "=seconds")?;
            set(
                &mut m.hold,
                Hold::For(number(v, p.value_at)?),
                p.at,
                "HOLDFOR or HOLDUNTIL",
            )
        } else if eq("HOLDUNTIL") {
            let v = value_of(&p, "=date-time")?;
            set(
                &mut m.hold,
                Hold::Until(date_time(v, p.value_at)?),
                p.at,
                "HOLDFOR or HOLDUNTIL",
            )
        } else if eq("BY") {
            let v = value_of(&p, "=time;mode")?;
            set(&mut m.by, by(v, p.value_at)?, p.at, "BY")
        } else if eq("TRANSID") {
            let v = value_of(&p, "=id")?;
            set(
                &mut m.transid,
                EsmtpValue(Cow::Borrowed(v)),
                p.at,
                "TRANSID",
            )
        } else if eq("MTRK") {
            set(
                &mut m.mtrk,
                p.value.map(|v| EsmtpValue(Cow::Borrowed(v))),
                p.at,
                "MTRK",
            )
        } else if eq("SOLICIT") {
            let v = value_of(&p, "=keywords")?;
            set(
                &mut m.solicit,
                EsmtpValue(Cow::Borrowed(v)),
                p.at,
                "SOLICIT",
            )
        } else {
            misplaced(&p, &RCPT_ONLY)?;
            unknown(&p, &mut m.extensions)
        }
    })?;
    Ok(m)
}

/// RFC 2852 §4: `by-value = by-time ";" by-mode [ by-trace ]`, by-time = ["-" / "+"] 1*9digit.
/// `split_once` on an ASCII separator, by a byte search (the `char` pattern searcher is
/// costly on the short values of a command line).
trait SplitOnceByte {
    fn split_once_byte(&self, sep: u8) -> Option<(&str, &str)>;
}

impl SplitOnceByte for str {
    fn split_once_byte(&self, sep: u8) -> Option<(&str, &str)> {
        debug_assert!(sep.is_ascii());
        let at = self.bytes().position(|b| b == sep)?;
        // An ASCII byte is a character boundary on both sides.
        Some((self.get(..at)?, self.get(at + 1..)?))
    }
}

fn by(v: &str, at: usize) -> Result<By, DecodeError> {
    let (time, mode) = v
        .split_once_byte(b';')
        .ok_or(DecodeError::syntax(at, "time;mode"))?;
    let (neg, digits) = match time.as_bytes().first() {
        Some(b'-') => (true, &time[1..]),
        Some(b'+') => (false, &time[1..]),
        _ => (false, time),
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::syntax(at, "a by-time of 1 to 9 digits"));
    }
    let n = number(digits, at)? as i32;
    let time = if neg { -n } else { n };
    let mode_at = at + v.len() - mode.len();
    let (mode, trace) = match mode.as_bytes() {
        [m] => (*m, false),
        [m, b't' | b'T'] => (*m, true),
        _ => return Err(DecodeError::syntax(mode_at, "R or N, optionally T")),
    };
    let mode = match mode {
        b'R' | b'r' => ByMode::Return,
        b'N' | b'n' => ByMode::Notify,
        _ => return Err(DecodeError::syntax(mode_at, "R or N")),
    };
    By::new(time, mode, trace).map_err(|_| DecodeError::new(at, DecodeErrorKind::NumberOutOfRange))
}

/// `Rcpt-parameters` after the forward-path, starting at `at` in `line`.
pub(crate) fn parse_rcpt_params<'a>(
    line: &'a [u8],
    line_text: &'a str,
    at: usize,
    utf8: bool,
) -> Result<RcptParams<'a>, DecodeError> {
    let mut r = RcptParams::default();
    for_each_param(line, line_text, at, utf8, |p| {
        let k = p.keyword.as_bytes();
        let eq = |s: &str| k.eq_ignore_ascii_case(s.as_bytes());
        if eq("NOTIFY") {
            let v = value_of(&p, "=NEVER or a list of SUCCESS, FAILURE, DELAY")?;
            set(&mut r.notify, notify(v, p.value_at)?, p.at, "NOTIFY")
        } else if eq("ORCPT") {
            // RFC 3461 §4.2: orcpt-parameter = "ORCPT=" original-recipient-address
            //   original-recipient-address = addr-type ";" xtext
            let v = value_of(&p, "=addr-type;xtext")?;
            // RFC 3461 §4.2: "The entire ORCPT parameter MAY be up to 500 characters".
            if v.len() > MAX_ORCPT {
                return Err(DecodeError::new(
                    p.value_at,
                    DecodeErrorKind::LimitExceeded {
                        what: "ORCPT characters",
                        limit: MAX_ORCPT as u64,
                    },
                ));
            }
            let (addr_type, addr) = v
                .split_once_byte(b';')
                .ok_or(DecodeError::syntax(p.value_at, "addr-type;xtext"))?;
            if addr_type.is_empty() || !addr_type.bytes().all(is_atext) {
                return Err(DecodeError::syntax(p.value_at, "an address type atom"));
            }
            let x = xtext(addr, p.value_at + addr_type.len() + 1)?;
            set(
                &mut r.orcpt,
                Orcpt {
                    addr_type: Cow::Borrowed(addr_type),
                    address: x,
                },
                p.at,
                "ORCPT",
            )
        } else if eq("RRVS") {
            // RFC 7293 §3: rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]
            let v = value_of(&p, "=date-time")?;
            let (time, action) = match v.split_once_byte(b';') {
                Some((t, "C" | "c")) => (t, Some(RrvsAction::Continue)),
                Some((t, "R" | "r")) => (t, Some(RrvsAction::Reject)),
                Some((t, _)) => {
                    return Err(DecodeError::syntax(p.value_at + t.len() + 1, "C or R"));
                }
                None => (v, None),
            };
            let time = date_time(time, p.value_at)?;
            set(&mut r.rrvs, Rrvs { time, action }, p.at, "RRVS")
        } else {
            misplaced(&p, &MAIL_ONLY)?;
            unknown(&p, &mut r.extensions)
        }
    })?;
    Ok(r)
}

/// RFC 3461 §4.1: `"NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" )`; NEVER stands alone.
fn notify(v: &str, at: usize) -> Result<Notify, DecodeError> {
    if v.eq_ignore_ascii_case("NEVER") {
        return Ok(Notify::NEVER);
    }
    let mut n = Notify::NEVER;
    let mut pos = at;
    for item in v.as_bytes().split(|&b| b == b',') {
        let slot = if item.eq_ignore_ascii_case(b"SUCCESS") {
            &mut n.success
        } else if item.eq_ignore_ascii_case(b"FAILURE") {
            &mut n.failure
        } else if item.eq_ignore_ascii_case(b"DELAY") {
            &mut n.delay
        } else {
            return Err(DecodeError::syntax(
                pos,
                "SUCCESS, FAILURE or DELAY (NEVER alone)",
            ));
        };
        if std::mem::replace(slot, true) {
            return Err(dup(pos, "NOTIFY value"));
        }
        pos += item.len() + 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// RFC 3461 §4 xtext: the allocation-free check accepts exactly what the strict
        /// decoder accepts (so ENVID, ORCPT and AUTH= keep their errors and offsets).
        #[test]
        fn xtext_check_agrees_with_the_decoder(
            v in proptest::collection::vec(
                prop_oneof![
                    Just(b'+'), Just(b'2'), Just(b'B'), Just(b'b'), Just(b'='), Just(b' '),
                    Just(b'!'), Just(b'~'), Just(0x7f_u8), Just(b'G'), any::<u8>(),
                ],
                0..12,
            )
        ) {
            prop_assert_eq!(
                super::xtext_valid(&v),
                mail_core::xtext::decode(&v).is_ok(),
                "{:?}", v
            );
        }
    }
}
