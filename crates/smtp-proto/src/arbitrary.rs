//! `arbitrary::Arbitrary` for the SMTP value types (feature `arbitrary`), used by the fuzz
//! targets' round trips.
//!
//! Every value is built through the validating constructors (`Mailbox::new`, `ReplyLine::new`,
//! `Reply::from_lines`, `Argument::new`, ...) from text drawn over the alphabet of its ABNF
//! rule, so an arbitrary value is always one that a client or server may send. When a
//! constructor refuses the drawn text, a fixed valid value takes its place, so no fuzzer input
//! is wasted.

use std::borrow::Cow;

use arbitrary::{Arbitrary, Result, Unstructured};
use mail_core::IntoOwned;
use mail_core::address::{Domain, Host, LocalPart, Mailbox, Path};
use mail_core::sasl::Mechanism;
use mail_core::status::EnhancedStatusCode;

use crate::types::command::{Command, InitialResponse};
use crate::types::ehlo::{Capability, EhloReply, Limits};
use crate::types::params::{
    AuthParam, Body, By, ByMode, EsmtpParam, Hold, MailParams, Notify, Orcpt, Priority, RcptParams,
    Ret, Rrvs, RrvsAction, Xtext,
};
use crate::types::reply::{Reply, ReplyCode, ReplyLine};
use crate::types::value::{Argument, DateTime, EsmtpValue, Keyword};

/// `ALPHA / DIGIT`.
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// `atext` (RFC 5322 §3.2.3) and the dot.
const ATEXT: &[u8] = b"abcxyzABCXYZ0189!#$%&'*+-/=?^_`{|}~.";
/// Printable US-ASCII with SP (`%d32-126`).
const PRINTABLE_SP: &[u8] = b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~";
/// `%d33-126` without `=` (an `esmtp-value` or `ehlo-param`).
const VCHAR_NO_EQ: &[u8] = b"!\"#$%&'()*+,-./0123456789:;<>?@ABCXYZ[\\]^_`abcxyz{|}~";
/// `sasl-mech` characters (RFC 4422 §3.1).
const MECH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

/// A string of `min..=max` characters drawn from `alphabet`.
pub(crate) fn text_from(
    u: &mut Unstructured<'_>,
    alphabet: &[u8],
    min: usize,
    max: usize,
) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(*u.choose(alphabet)?));
    }
    Ok(s)
}

/// A domain of 1 to 4 labels (RFC 5321 §4.1.2 `Domain`).
fn domain_text(u: &mut Unstructured<'_>) -> Result<String> {
    let labels = u.int_in_range(1..=4)?;
    let mut s = String::new();
    for i in 0..labels {
        if i > 0 {
            s.push('.');
        }
        s.push_str(&text_from(u, ALNUM, 1, 1)?);
        let middle = text_from(u, b"abc09-", 0, 6)?;
        if !middle.is_empty() {
            s.push_str(&middle);
            s.push_str(&text_from(u, ALNUM, 1, 1)?);
        }
    }
    Ok(s)
}

/// A host: a domain, or now and then an IPv4 address literal.
pub(crate) fn host(u: &mut Unstructured<'_>) -> Result<Host<'static>> {
    let text = if u.ratio(1, 8)? {
        let [a, b, c, d] = u.arbitrary::<[u8; 4]>()?;
        format!("[{a}.{b}.{c}.{d}]")
    } else {
        domain_text(u)?
    };
    Ok(Host::new(&text)
        .map(IntoOwned::into_owned)
        .unwrap_or_else(|_| Host::new("example.com").expect("valid host").into_owned()))
}

/// A mailbox (RFC 5321 §4.1.2): a dot-string or quoted local part, and a host.
pub(crate) fn mailbox(u: &mut Unstructured<'_>) -> Result<Mailbox<'static>> {
    let local = if u.ratio(1, 4)? {
        text_from(u, PRINTABLE_SP, 0, 16)?
    } else {
        text_from(u, ATEXT, 1, 16)?
    };
    let host = host(u)?;
    let built = LocalPart::new(&local)
        .ok()
        .and_then(|l| Mailbox::new(l, host).ok().map(IntoOwned::into_owned));
    Ok(built.unwrap_or_else(|| {
        let l = LocalPart::new("user").expect("valid local part");
        let d = Domain::new("example.com").expect("valid domain");
        Mailbox::new(l, d.into())
            .expect("valid mailbox")
            .into_owned()
    }))
}

/// A SASL mechanism name.
pub(crate) fn mechanism(u: &mut Unstructured<'_>) -> Result<Mechanism<'static>> {
    let name = text_from(u, MECH, 1, 20)?;
    Ok(Mechanism::new(name).unwrap_or_else(|_| Mechanism::new("PLAIN").expect("valid name")))
}

fn argument(u: &mut Unstructured<'_>) -> Result<Argument<'static>> {
    let s = format!(
        "{}{}",
        text_from(u, VCHAR_NO_EQ, 1, 1)?,
        text_from(u, PRINTABLE_SP, 0, 20)?
    );
    Ok(Argument::new(s).unwrap_or_else(|_| Argument::new("x").expect("valid argument")))
}

fn value(u: &mut Unstructured<'_>) -> Result<EsmtpValue<'static>> {
    let s = text_from(u, VCHAR_NO_EQ, 1, 12)?;
    Ok(EsmtpValue::new(s).unwrap_or_else(|_| EsmtpValue::new("v").expect("valid value")))
}

fn date_time(u: &mut Unstructured<'_>) -> Result<DateTime<'static>> {
    let (y, mo, d) = (
        u.int_in_range(2000..=2099u32)?,
        u.int_in_range(1..=12u32)?,
        u.int_in_range(1..=28u32)?,
    );
    let (h, mi, s) = (
        u.int_in_range(0..=23u32)?,
        u.int_in_range(0..=59u32)?,
        u.int_in_range(0..=59u32)?,
    );
    let zone = if u.arbitrary()? { "Z" } else { "+02:00" };
    Ok(
        DateTime::new(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}"))
            .unwrap_or_else(|_| DateTime::new("2026-01-01T00:00:00Z").expect("valid date")),
    )
}

/// Unknown parameters `X-...[=value]`.
fn extensions(u: &mut Unstructured<'_>) -> Result<Vec<EsmtpParam<'static>>> {
    let n = u.int_in_range(0..=3)?;
    let mut out = Vec::new();
    for _ in 0..n {
        let keyword = format!("X-{}", text_from(u, ALNUM, 1, 6)?);
        let Ok(keyword) = Keyword::new(keyword) else {
            continue;
        };
        let value = if u.arbitrary()? {
            Some(value(u)?)
        } else {
            None
        };
        out.push(EsmtpParam { keyword, value });
    }
    Ok(out)
}

fn xtext(u: &mut Unstructured<'_>) -> Result<Option<Xtext<'static>>> {
    let len = u.int_in_range(0..=20)?;
    let bytes = u.bytes(len)?;
    Ok(Xtext::encode(bytes).ok())
}

impl<'a> Arbitrary<'a> for MailParams<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut p = MailParams {
            size: u.arbitrary()?,
            body: match u.int_in_range(0..=3)? {
                0 => None,
                1 => Some(Body::SevenBit),
                2 => Some(Body::EightBitMime),
                _ => Some(Body::BinaryMime),
            },
            smtputf8: u.arbitrary()?,
            ret: match u.int_in_range(0..=2)? {
                0 => None,
                1 => Some(Ret::Full),
                _ => Some(Ret::Headers),
            },
            envid: if u.arbitrary()? { xtext(u)? } else { None },
            auth: match u.int_in_range(0..=2)? {
                0 => None,
                1 => Some(AuthParam::Unknown),
                _ => Xtext::encode(mailbox(u)?.to_string().as_bytes())
                    .ok()
                    .map(AuthParam::Mailbox),
            },
            mt_priority: if u.arbitrary()? {
                Priority::new(u.int_in_range(-9..=9)?).ok()
            } else {
                None
            },
            requiretls: u.arbitrary()?,
            hold: match u.int_in_range(0..=2)? {
                0 => None,
                1 => Some(Hold::For(u.arbitrary()?)),
                _ => Some(Hold::Until(date_time(u)?)),
            },
            by: if u.arbitrary()? {
                let time = u.int_in_range(1..=999_999_999)?;
                let (time, mode) = if u.arbitrary()? {
                    (time, ByMode::Return)
                } else {
                    (-time, ByMode::Notify)
                };
                By::new(time, mode, u.arbitrary()?).ok()
            } else {
                None
            },
            transid: if u.arbitrary()? {
                Some(value(u)?)
            } else {
                None
            },
            mtrk: match u.int_in_range(0..=2)? {
                0 => None,
                1 => Some(None),
                _ => Some(Some(value(u)?)),
            },
            solicit: if u.arbitrary()? {
                Some(value(u)?)
            } else {
                None
            },
            ..MailParams::default()
        };
        for e in extensions(u)? {
            let _ = p.extensions.push(e);
        }
        Ok(p)
    }
}

impl<'a> Arbitrary<'a> for RcptParams<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut p = RcptParams {
            notify: if u.arbitrary()? {
                Some(Notify {
                    success: u.arbitrary()?,
                    failure: u.arbitrary()?,
                    delay: u.arbitrary()?,
                })
            } else {
                None
            },
            orcpt: if u.arbitrary()? {
                let addr_type = text_from(u, ALNUM, 1, 8)?;
                match xtext(u)? {
                    Some(x) => Orcpt::new(addr_type, x).ok(),
                    None => None,
                }
            } else {
                None
            },
            rrvs: if u.arbitrary()? {
                Some(Rrvs {
                    time: date_time(u)?,
                    action: match u.int_in_range(0..=2)? {
                        0 => None,
                        1 => Some(RrvsAction::Continue),
                        _ => Some(RrvsAction::Reject),
                    },
                })
            } else {
                None
            },
            ..RcptParams::default()
        };
        for e in extensions(u)? {
            let _ = p.extensions.push(e);
        }
        Ok(p)
    }
}

impl<'a> Arbitrary<'a> for Command<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=17)? {
            0 => Command::Ehlo(host(u)?),
            1 => Command::Helo(host(u)?),
            2 => Command::Lhlo(host(u)?),
            3 => Command::Mail {
                from: if u.ratio(1, 4)? {
                    Path::Null
                } else {
                    Path::Mailbox(mailbox(u)?)
                },
                params: u.arbitrary()?,
            },
            4 => Command::Rcpt {
                to: if u.ratio(1, 8)? {
                    Path::Postmaster
                } else {
                    Path::Mailbox(mailbox(u)?)
                },
                params: u.arbitrary()?,
            },
            5 => Command::Data,
            6 => Command::Bdat {
                size: u.arbitrary()?,
                last: u.arbitrary()?,
            },
            7 => Command::Rset,
            8 => Command::Vrfy(argument(u)?),
            9 => Command::Expn(argument(u)?),
            10 => Command::Help(if u.arbitrary()? {
                Some(argument(u)?)
            } else {
                None
            }),
            11 => Command::Noop(if u.arbitrary()? {
                Some(argument(u)?)
            } else {
                None
            }),
            12 => Command::Quit,
            13 => Command::StartTls,
            14 => Command::Auth {
                mechanism: mechanism(u)?,
                initial_response: if u.arbitrary()? {
                    let len = u.int_in_range(0..=40)?;
                    Some(InitialResponse::new(u.bytes(len)?))
                } else {
                    None
                },
            },
            15 => Command::Etrn(argument(u)?),
            16 => Command::Atrn(if u.arbitrary()? {
                Some(argument(u)?)
            } else {
                None
            }),
            _ => {
                let url = text_from(u, VCHAR_NO_EQ, 1, 30)?;
                let last = u.arbitrary()?;
                Command::burl(url, last).unwrap_or(Command::Burl {
                    url: Cow::Borrowed("imap://x"),
                    last,
                })
            }
        })
    }
}

impl<'a> Arbitrary<'a> for ReplyCode {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let code = u.int_in_range(2..=5u16)? * 100
            + u.int_in_range(0..=5u16)? * 10
            + u.int_in_range(0..=9u16)?;
        Ok(ReplyCode::new(code).unwrap_or(ReplyCode::OK))
    }
}

/// Reply text: printable ASCII and HT (`textstring`, RFC 5321 §4.2).
fn reply_text(u: &mut Unstructured<'_>) -> Result<String> {
    text_from(
        u,
        b" \t!\"#%&()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~",
        0,
        40,
    )
}

impl<'a> Arbitrary<'a> for Reply<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let code: ReplyCode = u.arbitrary()?;
        let class = u8::try_from(code.get() / 100).unwrap_or(2);
        let n = u.int_in_range(1..=4)?;
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let text = reply_text(u)?;
            let status = if u.arbitrary()? {
                EnhancedStatusCode::new(class, u.int_in_range(0..=999)?, u.int_in_range(0..=999)?)
                    .ok()
            } else {
                None
            };
            let line = match status {
                // A text starting with a digit could read back as a second status code.
                Some(s) if !text.starts_with(|c: char| c.is_ascii_digit()) => {
                    ReplyLine::with_status(s, text)
                }
                _ => ReplyLine::new(text),
            };
            if let Ok(line) = line {
                lines.push(line);
            }
        }
        Ok(Reply::from_lines(code, lines)
            .unwrap_or_else(|_| Reply::new(code.get(), "ok").expect("valid reply")))
    }
}

/// A keyword that no known extension uses, so it reads back as [`Capability::Other`].
fn unknown_keyword(u: &mut Unstructured<'_>) -> Result<Option<Keyword<'static>>> {
    let kw = format!("X{}", text_from(u, b"ABCZ019-", 0, 8)?);
    let known = [
        "PIPELINING",
        "SIZE",
        "8BITMIME",
        "BINARYMIME",
        "CHUNKING",
        "DSN",
        "ENHANCEDSTATUSCODES",
        "STARTTLS",
        "AUTH",
        "SMTPUTF8",
        "REQUIRETLS",
        "MT-PRIORITY",
        "FUTURERELEASE",
        "DELIVERBY",
        "VRFY",
        "EXPN",
        "HELP",
        "ETRN",
        "LIMITS",
    ];
    if known.iter().any(|k| k.eq_ignore_ascii_case(&kw)) {
        return Ok(None);
    }
    Ok(Keyword::new(kw).ok())
}

impl<'a> Arbitrary<'a> for Capability<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let number = |u: &mut Unstructured<'a>| -> Result<Option<u64>> {
            Ok(if u.arbitrary()? {
                Some(u.arbitrary()?)
            } else {
                None
            })
        };
        Ok(match u.int_in_range(0..=20)? {
            0 => Capability::Pipelining,
            1 => Capability::Size(number(u)?),
            2 => Capability::EightBitMime,
            3 => Capability::BinaryMime,
            4 => Capability::Chunking,
            5 => Capability::Dsn,
            6 => Capability::EnhancedStatusCodes,
            7 => Capability::StartTls,
            8 => {
                let n = u.int_in_range(0..=4)?;
                let mut mechanisms = Vec::new();
                for _ in 0..n {
                    mechanisms.push(mechanism(u)?);
                }
                Capability::Auth {
                    mechanisms,
                    legacy: u.arbitrary()?,
                }
            }
            9 => Capability::SmtpUtf8,
            10 => Capability::RequireTls,
            11 => Capability::MtPriority(if u.arbitrary()? {
                Some(Cow::Owned(text_from(u, VCHAR_NO_EQ, 1, 10)?))
            } else {
                None
            }),
            12 => Capability::FutureRelease(if u.arbitrary()? {
                Some((u.arbitrary()?, date_time(u)?))
            } else {
                None
            }),
            13 => Capability::DeliverBy(number(u)?),
            14 => Capability::Vrfy,
            15 => Capability::Expn,
            16 => Capability::Help,
            17 => Capability::Etrn,
            18 => {
                let mut l = Limits {
                    rcptmax: number(u)?,
                    mailmax: number(u)?,
                    rcptdomainmax: number(u)?,
                    other: Vec::new(),
                };
                if u.arbitrary()?
                    && let Some(k) = unknown_keyword(u)?
                {
                    l.other
                        .push((k, Cow::Owned(text_from(u, VCHAR_NO_EQ, 0, 8)?)));
                }
                Capability::Limits(l)
            }
            _ => match unknown_keyword(u)? {
                Some(keyword) => {
                    let n = u.int_in_range(0..=3)?;
                    let mut params = Vec::new();
                    for _ in 0..n {
                        params.push(Cow::Owned(text_from(u, VCHAR_NO_EQ, 1, 8)?));
                    }
                    Capability::Other { keyword, params }
                }
                None => Capability::Pipelining,
            },
        })
    }
}

impl<'a> Arbitrary<'a> for EhloReply<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        // A numeric first label would read back as an RFC 3463 status code
        // (`250-2.5.5 greeting`); host names never have one (RFC 3696 §2).
        let mut domain = domain_text(u)?;
        if domain.starts_with(|c: char| c.is_ascii_digit()) {
            domain.insert(0, 'm');
        }
        let greeting = if u.arbitrary()? {
            Some(Cow::Owned(reply_text(u)?))
        } else {
            None
        };
        let n = u.int_in_range(0..=8)?;
        let mut capabilities: Vec<Capability<'static>> = Vec::with_capacity(n);
        for _ in 0..n {
            capabilities.push(u.arbitrary()?);
        }
        let ehlo = EhloReply {
            domain: Cow::Owned(domain),
            greeting,
            capabilities,
        };
        // `to_reply` is the validation: the value must be sendable.
        if ehlo.to_reply().is_ok() {
            Ok(ehlo)
        } else {
            Ok(EhloReply::new("example.com"))
        }
    }
}
