//! Sans-IO IMAP4rev1 / IMAP4rev2 codec.
//!
//! This crate turns IMAP bytes into typed values and typed values into bytes, for both sides of
//! a session. It performs no I/O and keeps no clock: the caller reads and writes the socket and
//! hands the bytes in.
//!
//! # The sans-IO contract
//!
//! * Decoders take the bytes received so far (`&[u8]`) and answer one of: a complete value and
//!   how many bytes it used ([`Decoded::Complete`]), need-more ([`Decoded::Incomplete`], never
//!   an error: every prefix of a valid command is need-more), or an error saying where, what,
//!   and how many bytes to skip to reach the next message ([`DecodeError::skip`]). A command
//!   error also carries the command's tag ([`CommandError`]) so a server answers `tag BAD`.
//! * Decoded values borrow from the input (a literal is a slice of it); `into_owned()`
//!   ([`IntoOwned`]) gives a `'static` value.
//! * A server frames commands with [`decode::CommandFramer`]: it finds where a command ends
//!   across its literals, reports a synchronizing literal before its data arrives (so the
//!   server answers `+` or refuses), skips refused literals by length, and never scans a byte
//!   twice.
//! * Encoding is infallible: constructors validate, so every value can be written. The encoder
//!   picks atom, quoted string or literal by content; [`types::command::Command::encode_with`]
//!   returns the command in fragments, so a client waits for `+` before each synchronizing
//!   literal, and uses non-synchronizing literals when the server announced `LITERAL+` or
//!   `LITERAL-`.
//! * Every limit is configurable (line length, literal size, command size, list items,
//!   nesting depth), with defaults from the RFCs, and exceeding one is a typed error. Parsers
//!   never recurse without a depth counter.
//!
//! # Decoding a command (server side)
//!
//! ```
//! use imap_proto::decode::CommandDecoder;
//! use imap_proto::types::command::CommandBody;
//! use imap_proto::Decoded;
//!
//! let decoder = CommandDecoder::default();
//! let input = b"a1 LOGIN {5}\r\nalice \"pass word\"\r\na2 SELECT inbox\r\n";
//! let (cmd, used) = decoder.decode(input).unwrap().complete().unwrap();
//! assert_eq!(cmd.tag.as_str(), "a1");
//! match &cmd.body {
//!     CommandBody::Login { username, password } => {
//!         assert_eq!(username.as_bytes(), b"alice");
//!         assert_eq!(password.expose().as_bytes(), b"pass word");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! // Debug output never shows the password.
//! assert!(!format!("{cmd:?}").contains("pass word"));
//! let (cmd, _) = decoder.decode(&input[used..]).unwrap().complete().unwrap();
//! assert!(matches!(cmd.body, CommandBody::Select { ref mailbox, .. } if mailbox.is_inbox()));
//!
//! // Need-more is not an error.
//! assert_eq!(decoder.decode(b"a3 NOOP").unwrap(), Decoded::Incomplete);
//! // An unknown command is an error carrying the tag.
//! let err = decoder.decode(b"a4 XYZZY\r\n").unwrap_err();
//! assert_eq!(err.tag.unwrap().as_str(), "a4");
//! assert_eq!(err.error.skip, Some(10));
//! ```
//!
//! # Encoding a command (client side)
//!
//! ```
//! use imap_proto::encode::{EncodeOptions, Fragment, LiteralSupport};
//! use imap_proto::types::command::{Command, CommandBody};
//! use imap_proto::types::core::{IString, Tag};
//! use imap_proto::Encode;
//!
//! let cmd = Command::new(
//!     Tag::new("a1").unwrap(),
//!     CommandBody::Login {
//!         username: IString::try_from("alice").unwrap(),
//!         password: IString::try_from("line\r\nbreak").unwrap().into(),
//!     },
//! );
//! // A password with CR LF must be a literal; without LITERAL+ the client waits for "+".
//! let enc = cmd.encode_with(EncodeOptions::default());
//! assert_eq!(
//!     enc.fragments(),
//!     vec![
//!         Fragment::Line(b"a1 LOGIN alice {11}\r\n"),
//!         Fragment::Literal { data: b"line\r\nbreak", mode: imap_proto::types::core::LiteralMode::Sync },
//!         Fragment::Line(b"\r\n"),
//!     ]
//! );
//! // With LITERAL+ the whole command goes at once.
//! let plus = cmd.encode_with(EncodeOptions::default().with_literals(LiteralSupport::Plus));
//! assert_eq!(plus.as_bytes(), b"a1 LOGIN alice {11+}\r\nline\r\nbreak\r\n");
//! assert_eq!(cmd.to_bytes(), enc.as_bytes());
//! ```
//!
//! # Sessions: the client and server state machines
//!
//! [`server::Server`] and [`client::Client`] run an IMAP session without I/O, like the other
//! protocol crates of the workspace: `handle_input` takes the bytes read from the socket,
//! `poll_transmit` appends the bytes to write, `poll_event` says what happened,
//! `poll_timeout` / `handle_timeout` take the time. The server hands out each command as an
//! event with its tag and encodes the typed answers (untagged data, continuations, the
//! tagged status), refusing by itself what the protocol forbids (a command in the wrong
//! state, LOGIN under LOGINDISABLED); it asks the application about each synchronizing
//! literal, runs AUTHENTICATE, IDLE, STARTTLS and COMPRESS. The client generates tags,
//! pipelines commands where RFC 9051 §5.5 allows, waits for `+` before synchronizing
//! literals, matches every tagged status to its command and refuses a response injected
//! after the OK to STARTTLS.
//!
//! ```
//! use std::time::Instant;
//! use imap_proto::client::{Client, ClientConfig, ClientEvent};
//! use imap_proto::server::{Server, ServerConfig, ServerEvent, ServerState};
//! use imap_proto::types::command::CommandBody;
//! use imap_proto::types::core::{IString, Mailbox};
//! use imap_proto::types::response::{Data, Greeting, GreetingKind, RespText, State};
//!
//! let now = Instant::now();
//! let greeting = Greeting { kind: GreetingKind::Ok, text: RespText::text("ready").unwrap() };
//! let mut server = Server::new(ServerConfig::default().with_auto_accept_literals(true), &greeting, now);
//! let mut client = Client::new(ClientConfig::default(), now);
//! client.send_command(CommandBody::Login {
//!     username: IString::try_from("alice").unwrap(),
//!     password: IString::try_from("pass\r\nword").unwrap().into(), // a literal
//! }).unwrap();
//! let select = client.send_command(CommandBody::Select {
//!     mailbox: Mailbox::new("INBOX").unwrap(),
//!     params: vec![],
//! }).unwrap();
//!
//! let mut completed = Vec::new();
//! for _ in 0..10 {
//!     let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
//!     client.poll_transmit(&mut to_server);
//!     server.handle_input(&to_server);
//!     while let Some(event) = server.poll_event() {
//!         if let ServerEvent::Command(cmd) = event {
//!             if matches!(cmd.body, CommandBody::Select { .. }) {
//!                 server.reply_data(Data::Exists(2)).unwrap();
//!             }
//!             server.reply_ok(RespText::text("done").unwrap()).unwrap();
//!         }
//!     }
//!     server.poll_transmit(&mut to_client);
//!     client.handle_input(&to_client);
//!     while let Some(event) = client.poll_event() {
//!         if let ClientEvent::Completed { tag, status, .. } = event {
//!             completed.push((tag, status));
//!         }
//!     }
//! }
//! assert_eq!(server.state(), ServerState::Selected);
//! assert_eq!(completed.len(), 3); // LOGIN, the CAPABILITY re-read after login, SELECT
//! assert!(completed.contains(&(select, State::Ok)));
//! ```
//!
//! # Specifications
//!
//! | RFC | what | where |
//! |---|---|---|
//! | 9051 | IMAP4rev2: grammar §9, commands §6 | [`types::core`], [`types::command`] |
//! | 9051 §3, §5.5 | connection states, pipelining | [`server`], [`client`] |
//! | 3501 | IMAP4rev1 (`CHECK`, `LSUB`, `RECENT`, `\Recent`, `NEW`/`OLD`) | [`types::command`], [`types::search`] |
//! | 3501 §5.1.3 | modified UTF-7 mailbox names | [`types::utf7`] |
//! | 4466 | collected extension ABNF (`tagged-ext`, parameters) | [`types::ext`] |
//! | 7888 | LITERAL+ / LITERAL- | [`encode`], [`decode::CommandFramer`] |
//! | 3516 | BINARY (`literal8`, `BINARY[...]`) | [`types::fetch`] |
//! | 2177 | IDLE / DONE | [`decode::decode_idle_done`] |
//! | 4959 | SASL-IR | [`types::command::CommandBody::Authenticate`] |
//! | 5161 | ENABLE | [`types::command::CommandBody::Enable`] |
//! | 2971 | ID | [`types::command::CommandBody::Id`] |
//! | 2342 | NAMESPACE | [`types::command::CommandBody::Namespace`] |
//! | 7162 | CONDSTORE / QRESYNC | [`types::command::SelectParam`], [`types::fetch::FetchModifier`] |
//! | 5258, 5819, 6154, 8440 | LIST-EXTENDED, LIST-STATUS, SPECIAL-USE, LIST-MYRIGHTS | [`types::command::ListReturnOption`] |
//! | 4731, 5182, 5267, 9394 | ESEARCH, SEARCHRES, CONTEXT/ESORT, PARTIAL | [`types::search::SearchReturnOption`] |
//! | 5256, 5957 | SORT, THREAD, DISPLAY sort | [`types::search`] |
//! | 5032, 6203, 8474, 8514 | WITHIN, FUZZY, OBJECTID, SAVEDATE | [`types::search::SearchKey`] |
//! | 8970 | PREVIEW | [`types::fetch::FetchItem`] |
//! | 3502, 6855 | MULTIAPPEND, UTF8=ACCEPT (APPEND UTF8, UTF-8 names) | [`types::command::AppendData`] |
//! | 9208 | QUOTA | [`types::command::CommandBody::SetQuota`] |
//! | 5464 | METADATA | [`types::command::CommandBody::GetMetadata`] |
//! | 4314 | ACL | [`types::command::CommandBody::SetAcl`] |
//! | 4315, 6851, 3691, 8508 | UIDPLUS, MOVE, UNSELECT, REPLACE | [`types::command::CommandBody`] |
//! | 4978, 8437 | COMPRESS, UNAUTHENTICATE | [`types::command::CommandBody`] |
//! | 9586 | UIDONLY | [`types::command::CommandBody::uses_sequence_numbers`] |

#![forbid(unsafe_code)]

#[cfg(any(test, feature = "arbitrary"))]
mod arbitrary;
pub mod client;
pub mod decode;
pub mod encode;
pub mod error;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod harness;
pub mod server;
pub mod types;

pub use error::CommandError;
pub use mail_core::{DecodeError, DecodeErrorKind, DecodeResult, Decoded, Encode, IntoOwned};
