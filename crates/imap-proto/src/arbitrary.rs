//! `arbitrary::Arbitrary` for IMAP commands, responses and greetings (feature `arbitrary`),
//! used by the fuzz targets' round trips.
//!
//! Every value is built through the validating constructors (`Tag::new`, `Atom::new`,
//! `IString::new`, `Mailbox::new`, `SequenceSet::new`, `DateTime::new`, `RespText::new`, ...)
//! from data drawn over the alphabet of its RFC 9051 rule; when a constructor refuses, a fixed
//! valid value takes its place. The commands cover the session, mailbox, message and ACL/quota
//! commands with their common arguments (literals included: `APPEND` data, 8-bit strings); the
//! responses cover tagged and untagged status responses with common codes, continuation
//! requests, and the `CAPABILITY`, `ENABLED`, `FLAGS`, `LIST`, `LSUB`, `SEARCH`, `EXISTS`,
//! `RECENT` and `EXPUNGE` data; `SEARCH` with common keys (nested `NOT`/`OR`/`( )`) and `FETCH`
//! with common items. Forms outside this set (extended `LIST`, `FETCH` sections with parts and
//! header lists, `FETCH` response data, `BODYSTRUCTURE`...) are covered by the decode targets.

use std::num::NonZeroU32;

use arbitrary::{Arbitrary, Result, Unstructured};
use mail_core::Secret;
use mail_core::sasl::Mechanism;
use mail_core::sasl::wire::SaslResponse;

use crate::types::command::{AppendData, AppendMessage, Command, CommandBody, StoreKind};
use crate::types::core::{
    Atom, Date, DateTime, Flag, FlagExtension, FlagKeyword, IString, ListMailbox, Literal8,
    Mailbox, SeqItem, SeqNumber, SequenceSet, Tag,
};
use crate::types::core::{Charset, Section};
use crate::types::fetch::{FetchItem, FetchItems};
use crate::types::response::{
    Base64, Code, Condition, Continue, Data, Greeting, GreetingKind, MailboxList, RespText,
    Response, State, Text,
};
use crate::types::search::SearchKey;
use crate::types::status::StatusItem;

const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Characters of a tag (`ASTRING-CHAR` without `+`), a few of them.
const TAG: &[u8] = b"ABCXYZabcxyz0189.";
/// Atom characters (RFC 9051 §9 `ATOM-CHAR`), a few of them.
const ATOM: &[u8] = b"ABCXYZabcxyz0189$_.+-";

fn text_from(u: &mut Unstructured<'_>, alphabet: &[u8], min: usize, max: usize) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(*u.choose(alphabet)?));
    }
    Ok(s)
}

fn tag(u: &mut Unstructured<'_>) -> Result<Tag<'static>> {
    let s = text_from(u, TAG, 1, 8)?;
    Ok(Tag::new(s).unwrap_or_else(|_| Tag::new("a1").expect("valid tag")))
}

fn atom(u: &mut Unstructured<'_>) -> Result<Atom<'static>> {
    let s = text_from(u, ALPHA, 1, 1)? + &text_from(u, ATOM, 0, 9)?;
    Ok(Atom::new(s).unwrap_or_else(|_| Atom::new("X").expect("valid atom")))
}

/// A string: a few letters (an atom on the wire), any 8-bit bytes but NUL (a literal), or
/// printable text with quotes and backslashes (a quoted string).
fn istring(u: &mut Unstructured<'_>) -> Result<IString<'static>> {
    let bytes: Vec<u8> = match u.int_in_range(0..=2)? {
        0 => text_from(u, ALPHA, 1, 8)?.into_bytes(),
        1 => {
            let len = u.int_in_range(0..=24)?;
            u.bytes(len)?.iter().map(|&b| b.max(1)).collect()
        }
        _ => text_from(u, b" \"\\%*(){}abcXYZ019", 0, 12)?.into_bytes(),
    };
    Ok(IString::new(bytes).unwrap_or_else(|_| IString::new(&b"x"[..]).expect("valid string")))
}

fn mailbox(u: &mut Unstructured<'_>) -> Result<Mailbox<'static>> {
    let name = match u.int_in_range(0..=3)? {
        0 => return Ok(Mailbox::INBOX),
        1 => {
            let mut s = String::new();
            for _ in 0..u.int_in_range(0..=6)? {
                s.push(*u.choose(&['a', 'Z', '/', '.', '&', 'ä', '日', ' ', '~'])?);
            }
            s
        }
        _ => text_from(u, b"abcXYZ019/.&~ -_", 0, 10)?,
    };
    Ok(Mailbox::new(name).unwrap_or(Mailbox::INBOX))
}

fn list_mailbox(u: &mut Unstructured<'_>) -> Result<ListMailbox<'static>> {
    let s = text_from(u, b"abcXYZ019/%*& ", 0, 8)?;
    Ok(ListMailbox::new(s).unwrap_or_else(|_| ListMailbox::new("*").expect("valid pattern")))
}

fn nz(u: &mut Unstructured<'_>) -> Result<NonZeroU32> {
    Ok(NonZeroU32::new(u.int_in_range(1..=u32::MAX)?).unwrap_or(NonZeroU32::MIN))
}

fn seq_number(u: &mut Unstructured<'_>) -> Result<SeqNumber> {
    Ok(if u.ratio(1, 6)? {
        SeqNumber::Largest
    } else {
        SeqNumber::Value(nz(u)?)
    })
}

fn seq_set(u: &mut Unstructured<'_>) -> Result<SequenceSet> {
    if u.ratio(1, 10)? {
        return Ok(SequenceSet::saved());
    }
    let mut items = Vec::new();
    for _ in 0..u.int_in_range(1..=4)? {
        items.push(if u.arbitrary()? {
            SeqItem::Single(seq_number(u)?)
        } else {
            SeqItem::Range(seq_number(u)?, seq_number(u)?)
        });
    }
    Ok(SequenceSet::new(items).unwrap_or_else(|_| SequenceSet::saved()))
}

fn flag(u: &mut Unstructured<'_>) -> Result<Flag<'static>> {
    Ok(match u.int_in_range(0..=6)? {
        0 => Flag::Answered,
        1 => Flag::Flagged,
        2 => Flag::Deleted,
        3 => Flag::Seen,
        4 => Flag::Draft,
        5 => {
            let s = text_from(u, ALPHA, 1, 1)? + &text_from(u, ATOM, 0, 9)?;
            FlagKeyword::new(s).map(Flag::Keyword).unwrap_or(Flag::Seen)
        }
        _ => {
            let s = format!("X-{}", text_from(u, ALPHA, 1, 6)?);
            FlagExtension::new(s)
                .map(Flag::Extension)
                .unwrap_or(Flag::Draft)
        }
    })
}

fn flags(u: &mut Unstructured<'_>, max: usize) -> Result<Vec<Flag<'static>>> {
    let mut v = Vec::new();
    for _ in 0..u.int_in_range(0..=max)? {
        v.push(flag(u)?);
    }
    Ok(v)
}

fn date_time(u: &mut Unstructured<'_>) -> Result<Option<DateTime>> {
    let date = Date::new(
        u.int_in_range(0..=9999)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
    );
    let Ok(date) = date else {
        return Ok(None);
    };
    let zone = u.int_in_range(-12..=14i16)? * 100 + *u.choose(&[0i16, 30, 45])?;
    Ok(DateTime::new(
        date,
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=60)?,
        zone,
    )
    .ok())
}

fn append_message(u: &mut Unstructured<'_>) -> Result<AppendMessage<'static>> {
    let len = u.int_in_range(0..=40)?;
    let data = match u.int_in_range(0..=2)? {
        0 => AppendData::Literal(istring(u)?),
        1 => AppendData::Binary(Literal8::new(u.bytes(len)?.to_vec())),
        _ => AppendData::Utf8(Literal8::new(u.bytes(len)?.to_vec())),
    };
    Ok(AppendMessage {
        flags: if u.arbitrary()? {
            Some(flags(u, 3)?)
        } else {
            None
        },
        date: date_time(u)?,
        data,
    })
}

fn date(u: &mut Unstructured<'_>) -> Result<Option<Date>> {
    Ok(Date::new(
        u.int_in_range(0..=9999)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
    )
    .ok())
}

/// A search key (RFC 9051 §6.4.4), nested at most `depth` levels in `NOT`, `OR` and `( )`.
fn search_key(u: &mut Unstructured<'_>, depth: u32) -> Result<SearchKey<'static>> {
    type K = SearchKey<'static>;
    let nested = if depth == 0 { 0 } else { 3 };
    Ok(match u.int_in_range(0..=(17 + nested))? {
        0 => K::All,
        1 => K::Answered,
        2 => K::Deleted,
        3 => K::Seen,
        4 => K::Unseen,
        5 => K::Flagged,
        6 => K::New,
        7 => K::From(istring(u)?),
        8 => K::Subject(istring(u)?),
        9 => K::Body(istring(u)?),
        10 => K::Header(istring(u)?, istring(u)?),
        11 => K::Larger(u.int_in_range(0..=(1u64 << 63) - 1)?),
        12 => K::Smaller(u.int_in_range(0..=(1u64 << 63) - 1)?),
        13 => match date(u)? {
            Some(d) => K::Since(d),
            None => K::All,
        },
        14 => match date(u)? {
            Some(d) => K::SentBefore(d),
            None => K::Old,
        },
        15 => K::Uid(seq_set(u)?),
        16 => K::SequenceSet(seq_set(u)?),
        17 => {
            let s = text_from(u, ALPHA, 1, 1)? + &text_from(u, ATOM, 0, 6)?;
            FlagKeyword::new(s).map(K::Keyword).unwrap_or(K::Draft)
        }
        18 => K::Not(Box::new(search_key(u, depth - 1)?)),
        19 => K::Or(
            Box::new(search_key(u, depth - 1)?),
            Box::new(search_key(u, depth - 1)?),
        ),
        _ => K::And(vec![search_key(u, depth - 1)?, search_key(u, depth - 1)?]),
    })
}

fn fetch_items(u: &mut Unstructured<'_>) -> Result<FetchItems<'static>> {
    Ok(match u.int_in_range(0..=5)? {
        0 => FetchItems::All,
        1 => FetchItems::Fast,
        2 => FetchItems::Full,
        _ => {
            let mut items = Vec::new();
            for _ in 0..u.int_in_range(1..=4)? {
                items.push(match u.int_in_range(0..=7)? {
                    0 => FetchItem::Envelope,
                    1 => FetchItem::Flags,
                    2 => FetchItem::InternalDate,
                    3 => FetchItem::Rfc822Size,
                    4 => FetchItem::Uid,
                    5 => FetchItem::BodyStructure,
                    6 => FetchItem::ModSeq,
                    _ => match Section::new(None, None) {
                        Ok(section) => FetchItem::BodySection {
                            peek: u.arbitrary()?,
                            section,
                            partial: None,
                        },
                        Err(_) => FetchItem::Flags,
                    },
                });
            }
            FetchItems::Items(items)
        }
    })
}

fn mechanism(u: &mut Unstructured<'_>) -> Result<Mechanism<'static>> {
    let s = text_from(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 1, 20)?;
    Ok(Mechanism::new(s).unwrap_or_else(|_| Mechanism::new("PLAIN").expect("valid name")))
}

/// A SASL response as sent on the wire: data, `=` (empty) or `*` (cancel).
pub(crate) fn sasl_response(u: &mut Unstructured<'_>) -> Result<SaslResponse> {
    Ok(match u.int_in_range(0..=5)? {
        0 => SaslResponse::Empty,
        1 => SaslResponse::Cancel,
        _ => {
            let len = u.int_in_range(1..=48)?;
            SaslResponse::Data(Secret::new(u.bytes(len)?.to_vec()))
        }
    })
}

impl<'a> Arbitrary<'a> for Command<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        type B = CommandBody<'static>;
        let body = match u.int_in_range(0..=39)? {
            0 => B::Capability,
            1 => B::Noop,
            2 => B::Logout,
            3 => B::Id(if u.arbitrary()? {
                let mut v = Vec::new();
                for _ in 0..u.int_in_range(0..=3)? {
                    let value = if u.arbitrary()? {
                        Some(istring(u)?)
                    } else {
                        None
                    };
                    v.push((istring(u)?, value));
                }
                Some(v)
            } else {
                None
            }),
            4 => B::StartTls,
            5 => B::Authenticate {
                mechanism: mechanism(u)?,
                initial_response: match sasl_response(u)? {
                    SaslResponse::Cancel => None,
                    r => Some(r),
                },
            },
            6 => B::Login {
                username: istring(u)?,
                password: Secret::new(istring(u)?),
            },
            7 => {
                let mut v = vec![atom(u)?];
                for _ in 0..u.int_in_range(0..=2)? {
                    v.push(atom(u)?);
                }
                B::Enable(v)
            }
            8 => B::Select {
                mailbox: mailbox(u)?,
                params: Vec::new(),
            },
            9 => B::Examine {
                mailbox: mailbox(u)?,
                params: Vec::new(),
            },
            10 => B::Create {
                mailbox: mailbox(u)?,
                params: Vec::new(),
            },
            11 => B::Delete(mailbox(u)?),
            12 => B::Rename {
                from: mailbox(u)?,
                to: mailbox(u)?,
                params: Vec::new(),
            },
            13 => B::Subscribe(mailbox(u)?),
            14 => B::Unsubscribe(mailbox(u)?),
            15 => B::List {
                selection: None,
                reference: mailbox(u)?,
                pattern: list_mailbox(u)?,
                more_patterns: Vec::new(),
                return_opts: None,
            },
            16 => B::Lsub {
                reference: mailbox(u)?,
                pattern: list_mailbox(u)?,
            },
            17 => B::Namespace,
            18 => {
                let all = [
                    StatusItem::Messages,
                    StatusItem::UidNext,
                    StatusItem::UidValidity,
                    StatusItem::Unseen,
                    StatusItem::Deleted,
                    StatusItem::Size,
                    StatusItem::Recent,
                ];
                let mut items = vec![*u.choose(&all)?];
                for _ in 0..u.int_in_range(0..=3)? {
                    items.push(*u.choose(&all)?);
                }
                B::Status {
                    mailbox: mailbox(u)?,
                    items,
                }
            }
            19 => {
                let mut messages = vec![append_message(u)?];
                if u.ratio(1, 4)? {
                    messages.push(append_message(u)?);
                }
                B::Append {
                    mailbox: mailbox(u)?,
                    messages,
                }
            }
            20 => B::Idle,
            21 => B::GetQuota(istring(u)?),
            22 => B::GetQuotaRoot(mailbox(u)?),
            23 => B::GetAcl(mailbox(u)?),
            24 => B::MyRights(mailbox(u)?),
            25 => B::Unauthenticate,
            26 => B::Check,
            27 => B::Close,
            28 => B::Unselect,
            29 => B::Expunge,
            30 => B::UidExpunge(seq_set(u)?),
            31 => B::Copy {
                uid: u.arbitrary()?,
                set: seq_set(u)?,
                mailbox: mailbox(u)?,
            },
            32 => B::Move {
                uid: u.arbitrary()?,
                set: seq_set(u)?,
                mailbox: mailbox(u)?,
            },
            33 => B::Store {
                uid: u.arbitrary()?,
                set: seq_set(u)?,
                modifiers: Vec::new(),
                kind: *u.choose(&[StoreKind::Replace, StoreKind::Add, StoreKind::Remove])?,
                silent: u.arbitrary()?,
                flags: flags(u, 4)?,
            },
            34 => B::SetAcl {
                mailbox: mailbox(u)?,
                identifier: istring(u)?,
                rights: istring(u)?,
            },
            35 => B::DeleteAcl {
                mailbox: mailbox(u)?,
                identifier: istring(u)?,
            },
            36 => B::ListRights {
                mailbox: mailbox(u)?,
                identifier: istring(u)?,
            },
            37 => B::Search {
                uid: u.arbitrary()?,
                return_opts: None,
                charset: if u.arbitrary()? {
                    Charset::new("UTF-8").ok()
                } else {
                    None
                },
                criteria: {
                    let mut v = vec![search_key(u, 2)?];
                    if u.arbitrary()? {
                        v.push(search_key(u, 2)?);
                    }
                    v
                },
            },
            38 => B::Fetch {
                uid: u.arbitrary()?,
                set: seq_set(u)?,
                items: fetch_items(u)?,
                modifiers: Vec::new(),
            },
            _ => B::SetQuota {
                root: istring(u)?,
                limits: {
                    let mut v = Vec::new();
                    for _ in 0..u.int_in_range(0..=2)? {
                        v.push((atom(u)?, u.int_in_range(0..=(1u64 << 63) - 1)?));
                    }
                    v
                },
            },
        };
        Ok(Command::new(tag(u)?, body))
    }
}

fn code(u: &mut Unstructured<'_>) -> Result<Option<Code<'static>>> {
    Ok(match u.int_in_range(0..=12)? {
        0 => Some(Code::Alert),
        1 => Some(Code::ReadOnly),
        2 => Some(Code::ReadWrite),
        3 => Some(Code::TryCreate),
        4 => Some(Code::UidNext(nz(u)?)),
        5 => Some(Code::UidValidity(nz(u)?)),
        6 => Some(Code::Capability(vec![atom(u)?, atom(u)?])),
        7 => Some(Code::Parse),
        8 => Some(Code::NonExistent),
        9 => Some(Code::HighestModSeq(u.int_in_range(1..=(1u64 << 63) - 1)?)),
        _ => None,
    })
}

fn resp_text(u: &mut Unstructured<'_>) -> Result<RespText<'static>> {
    let code = code(u)?;
    let s = text_from(u, b" !#$%&'()*+,-./0189:;<=>?@AZaz[]^_{|}~", 0, 30)?;
    let built = Text::new(s).and_then(|t| RespText::new(code, t));
    Ok(built.unwrap_or_else(|_| RespText::text("done").expect("valid text")))
}

impl<'a> Arbitrary<'a> for Response<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let state = *u.choose(&[State::Ok, State::No, State::Bad])?;
        Ok(match u.int_in_range(0..=13)? {
            0 | 1 => Response::Tagged {
                tag: tag(u)?,
                state,
                text: resp_text(u)?,
            },
            2 | 3 => Response::Status {
                condition: *u.choose(&[
                    Condition::Ok,
                    Condition::No,
                    Condition::Bad,
                    Condition::PreAuth,
                    Condition::Bye,
                ])?,
                text: resp_text(u)?,
            },
            4 => {
                let len = u.int_in_range(0..=30)?;
                let data = u.bytes(len)?;
                let mut b64 = Vec::new();
                mail_core::sasl::wire::encode_challenge(data, &mut b64);
                let b64 = String::from_utf8(b64).unwrap_or_default();
                match Base64::new(b64) {
                    Ok(b) => Response::Continue(Continue::Base64(b)),
                    Err(_) => Response::Continue(Continue::Text(
                        RespText::text("go ahead").expect("valid text"),
                    )),
                }
            }
            5 => {
                // Text without a code that looks like base64 reads back as a challenge.
                let text = resp_text(u)?;
                let text = match text.code() {
                    Some(_) => text,
                    None => RespText::new(
                        None,
                        Text::new(format!("go {}", text.text_str())).unwrap_or_default(),
                    )
                    .unwrap_or_else(|_| RespText::text("go ahead").expect("valid text")),
                };
                Response::Continue(Continue::Text(text))
            }
            6 => Response::Data(Data::Capability(vec![
                Atom::new("IMAP4rev2").expect("valid atom"),
                atom(u)?,
            ])),
            7 => Response::Data(Data::Enabled(vec![atom(u)?])),
            8 => Response::Data(Data::Flags(flags(u, 5)?)),
            9 => Response::Data(Data::Exists(u.arbitrary()?)),
            10 => Response::Data(Data::Recent(u.arbitrary()?)),
            11 => Response::Data(Data::Expunge(nz(u)?)),
            12 => {
                let mut ids = Vec::new();
                for _ in 0..u.int_in_range(0..=5)? {
                    ids.push(nz(u)?);
                }
                Response::Data(Data::Search { ids, modseq: None })
            }
            _ => {
                let list = MailboxList {
                    attributes: Vec::new(),
                    delimiter: *u.choose(&[Some('/'), Some('.'), None])?,
                    mailbox: mailbox(u)?,
                    extended: Vec::new(),
                };
                if u.arbitrary()? {
                    Response::Data(Data::List(list))
                } else {
                    Response::Data(Data::Lsub(list))
                }
            }
        })
    }
}

impl<'a> Arbitrary<'a> for Greeting<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Greeting {
            kind: *u.choose(&[GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye])?,
            text: resp_text(u)?,
        })
    }
}
