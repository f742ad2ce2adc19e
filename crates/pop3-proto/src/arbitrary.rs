//! `arbitrary::Arbitrary` for the POP3 value types (feature `arbitrary`), used by the fuzz
//! targets' round trips.
//!
//! Every value is built through the validating constructors (`Param::new`, `Text::new`,
//! `ResponseText::new`, `MessageBody::new`, `OtherCapability::new`, ...) from bytes drawn over
//! the alphabet of its RFC 1939 / RFC 2449 rule. When a constructor refuses the drawn bytes, a
//! fixed valid value takes its place, so no fuzzer input is wasted.

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::types::{
    ApopDigest, AuthStart, Base64Text, Capability, Challenge, Command, Expire, Greeting, LangArg,
    LanguageEntry, MessageBody, MessageNumber, OtherCapability, Param, Password, Response,
    ResponseCode, ResponseText, SaslResponse, ScanEntry, StatInfo, Status, StatusLine, Text,
    UidEntry, UniqueId,
};
use mail_core::sasl::Mechanism;

/// `%x21-7E` (RFC 2449 `param`), without `.` so a tag drawn from it is a `cchar` tag too.
const VCHAR: &[u8] = b"!\"#$%&'()*+,-/0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~";
/// `sasl-mech` characters (RFC 4422 §3.1).
const MECH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

fn text_from(u: &mut Unstructured<'_>, alphabet: &[u8], min: usize, max: usize) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(*u.choose(alphabet)?));
    }
    Ok(s)
}

fn param(u: &mut Unstructured<'_>) -> Result<Param<'static>> {
    let s = text_from(u, VCHAR, 1, 16)?;
    Ok(Param::new(s).unwrap_or_else(|_| Param::new("x").expect("valid param")))
}

fn message_number(u: &mut Unstructured<'_>) -> Result<MessageNumber> {
    let n = u.int_in_range(1..=u32::MAX)?;
    Ok(MessageNumber::new(n).unwrap_or_else(|_| MessageNumber::new(1).expect("valid number")))
}

fn optional<'a, T>(
    u: &mut Unstructured<'a>,
    f: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn mechanism(u: &mut Unstructured<'_>) -> Result<Mechanism<'static>> {
    let s = text_from(u, MECH, 1, 20)?;
    Ok(Mechanism::new(s).unwrap_or_else(|_| Mechanism::new("PLAIN").expect("valid name")))
}

fn base64(u: &mut Unstructured<'_>) -> Result<Base64Text<'static>> {
    let len = u.int_in_range(1..=40)?;
    let data = u.bytes(len)?;
    Ok(
        Base64Text::encode(data)
            .unwrap_or_else(|_| Base64Text::encode(b"x").expect("valid base64")),
    )
}

/// Response text: any bytes but CR, LF and NUL (RFC 2449 §3 `text`), often printable ASCII.
fn text(u: &mut Unstructured<'_>) -> Result<Text<'static>> {
    let bytes = if u.ratio(1, 4)? {
        let len = u.int_in_range(0..=30)?;
        u.bytes(len)?.to_vec()
    } else {
        text_from(
            u,
            b" !#$%&()*+,-./0123456789:;<=>?@ABCXYZ[]^_abcxyz{|}~",
            0,
            30,
        )?
        .into_bytes()
    };
    Ok(Text::new(bytes).unwrap_or_else(|_| Text::empty()))
}

fn response_text(u: &mut Unstructured<'_>) -> Result<ResponseText<'static>> {
    let code = if u.arbitrary()? {
        let mut s = text_from(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1)?;
        s.push_str(&text_from(u, b"ABCXYZ019-", 0, 8)?);
        for _ in 0..u.int_in_range(0..=2)? {
            s.push('/');
            s.push_str(&text_from(u, b"ABCXYZ019", 1, 5)?);
        }
        ResponseCode::new(s).ok()
    } else {
        None
    };
    let text = text(u)?;
    Ok(ResponseText::new(code, text).unwrap_or_else(|_| ResponseText::empty()))
}

fn status(u: &mut Unstructured<'_>) -> Result<Status> {
    Ok(if u.arbitrary()? {
        Status::Ok
    } else {
        Status::Err
    })
}

impl<'a> Arbitrary<'a> for Command<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=17)? {
            0 => Command::User(param(u)?),
            1 => {
                let p = text_from(u, b" !\"#$%&'()*+,-./0189:;<=>?@AZ[\\]^_`az{|}~", 1, 30)?;
                Command::Pass(
                    Password::new(p)
                        .unwrap_or_else(|_| Password::new("secret").expect("valid password")),
                )
            }
            2 => Command::Apop {
                name: param(u)?,
                digest: ApopDigest(u.arbitrary()?),
            },
            3 => Command::Quit,
            4 => Command::Stat,
            5 => Command::List(optional(u, message_number)?),
            6 => Command::Retr(message_number(u)?),
            7 => Command::Dele(message_number(u)?),
            8 => Command::Noop,
            9 => Command::Rset,
            10 => Command::Top {
                msg: message_number(u)?,
                lines: u.arbitrary()?,
            },
            11 => Command::Uidl(optional(u, message_number)?),
            12 => Command::Capa,
            13 => Command::Stls,
            14 => Command::Auth(if u.arbitrary()? {
                let initial = match u.int_in_range(0..=2)? {
                    0 => None,
                    1 => Some(SaslResponse::Empty),
                    _ => Some(SaslResponse::Data(base64(u)?)),
                };
                AuthStart::new(mechanism(u)?, initial).ok()
            } else {
                None
            }),
            15 => Command::Utf8,
            _ => Command::Lang(match u.int_in_range(0..=2)? {
                0 => None,
                1 => Some(LangArg::Default),
                _ => {
                    let p = param(u)?;
                    (p.as_str() != "*").then_some(LangArg::Tag(p))
                }
            }),
        })
    }
}

impl<'a> Arbitrary<'a> for Capability<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=14)? {
            0 => Capability::Top,
            1 => Capability::User,
            2 => {
                let mut m = Vec::new();
                for _ in 0..u.int_in_range(0..=4)? {
                    m.push(mechanism(u)?);
                }
                Capability::Sasl(m)
            }
            3 => Capability::RespCodes,
            4 => Capability::AuthRespCode,
            5 => Capability::LoginDelay {
                seconds: u.arbitrary()?,
                per_user: u.arbitrary()?,
            },
            6 => Capability::Pipelining,
            7 => Capability::Expire {
                expire: match optional(u, |u| u.arbitrary::<u32>())? {
                    Some(d) => Expire::Days(d),
                    None => Expire::Never,
                },
                per_user: u.arbitrary()?,
            },
            8 => Capability::Uidl,
            9 => Capability::Implementation(text(u)?),
            10 => Capability::Stls,
            11 => Capability::Utf8 {
                user: u.arbitrary()?,
            },
            12 => Capability::Lang,
            _ => {
                let mut tag = text_from(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1)?;
                tag.push_str(&text_from(u, b"ABCXYZ019-", 0, 10)?);
                let mut args = Vec::new();
                for _ in 0..u.int_in_range(0..=3)? {
                    args.push(param(u)?);
                }
                match Param::new(tag).map(|t| OtherCapability::new(t, args)) {
                    Ok(Ok(other)) => Capability::Other(other),
                    _ => Capability::Top,
                }
            }
        })
    }
}

fn scan(u: &mut Unstructured<'_>) -> Result<ScanEntry<'static>> {
    Ok(ScanEntry {
        msg: message_number(u)?,
        size: u.arbitrary()?,
        extra: text(u)?,
    })
}

fn uid(u: &mut Unstructured<'_>) -> Result<UidEntry<'static>> {
    let s = text_from(u, VCHAR, 1, 70)?;
    Ok(UidEntry {
        msg: message_number(u)?,
        uid: UniqueId::new(s).unwrap_or_else(|_| UniqueId::new("u1").expect("valid uid")),
    })
}

/// A body of CR LF lines, some starting with `.` (dot-stuffed on the wire, RFC 1939 §3).
fn body(u: &mut Unstructured<'_>) -> Result<MessageBody<'static>> {
    let mut b = Vec::new();
    for _ in 0..u.int_in_range(0..=8)? {
        b.extend_from_slice(u.choose(&[&b""[..], b".", b"..", b"x", b"\t"])?);
        let len = u.int_in_range(0..=16)?;
        b.extend(u.bytes(len)?.iter().filter(|&&c| c != b'\r' && c != b'\n'));
        b.extend_from_slice(b"\r\n");
    }
    Ok(MessageBody::new(b).unwrap_or_else(|_| MessageBody::new(&b""[..]).expect("empty body")))
}

fn list<'a, T>(
    u: &mut Unstructured<'a>,
    max: usize,
    mut f: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut v = Vec::new();
    for _ in 0..u.int_in_range(0..=max)? {
        v.push(f(u)?);
    }
    Ok(v)
}

impl<'a> Arbitrary<'a> for Response<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=11)? {
            0 => Response::Greeting(Greeting(StatusLine {
                status: status(u)?,
                text: response_text(u)?,
            })),
            1 => Response::Status(StatusLine {
                status: status(u)?,
                text: response_text(u)?,
            }),
            2 => Response::Stat(StatInfo {
                count: u.arbitrary()?,
                size: u.arbitrary()?,
                text: text(u)?,
            }),
            3 => Response::Scan(scan(u)?),
            4 => Response::UniqueId(uid(u)?),
            5 => Response::Challenge(Challenge(optional(u, base64)?)),
            6 => Response::ScanListing {
                ok: response_text(u)?,
                entries: list(u, 5, scan)?,
            },
            7 => Response::UidListing {
                ok: response_text(u)?,
                entries: list(u, 5, uid)?,
            },
            8 => Response::Capabilities {
                ok: response_text(u)?,
                capabilities: list(u, 6, |u| u.arbitrary())?,
            },
            9 => Response::Languages {
                ok: response_text(u)?,
                languages: list(u, 4, |u| {
                    Ok(LanguageEntry {
                        tag: param(u)?,
                        description: text(u)?,
                    })
                })?,
            },
            10 => Response::Mechanisms {
                ok: response_text(u)?,
                mechanisms: list(u, 4, mechanism)?,
            },
            _ => Response::Message {
                ok: response_text(u)?,
                body: body(u)?,
            },
        })
    }
}
