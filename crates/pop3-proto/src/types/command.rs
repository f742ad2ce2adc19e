//! POP3 commands (RFC 1939, RFC 2449, RFC 2595, RFC 5034, RFC 6856).

use std::fmt;

use mail_core::{IntoOwned, ValidationError};
use md5::{Digest, Md5};

use super::Mechanism;
use super::simple::{Base64Text, MessageNumber, Param, Password};

/// The APOP digest (RFC 1939 §7): MD5 of the greeting's timestamp followed by the shared
/// secret, sent as 32 lower-case hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApopDigest(pub [u8; 16]);

impl ApopDigest {
    /// Computes the digest: `MD5(timestamp || secret)` (RFC 1939 §7). `timestamp` includes its
    /// angle brackets, as in the greeting.
    pub fn compute(timestamp: &str, secret: &[u8]) -> Self {
        let mut hasher = Md5::new();
        hasher.update(timestamp.as_bytes());
        hasher.update(secret);
        ApopDigest(hasher.finalize().into())
    }

    /// Parses 32 lower-case hexadecimal digits.
    pub fn from_hex(hex: &[u8]) -> Result<Self, ValidationError> {
        let invalid = ValidationError::Invalid {
            what: "APOP digest",
            reason: "32 lower-case hexadecimal digits",
        };
        if hex.len() != 32 {
            return Err(invalid);
        }
        let nibble = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        let mut out = [0u8; 16];
        for (o, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(h), Some(l)) => *o = h << 4 | l,
                _ => return Err(invalid),
            }
        }
        Ok(ApopDigest(out))
    }

    /// The 32 lower-case hexadecimal digits.
    pub fn to_hex(&self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (pair, b) in out.chunks_exact_mut(2).zip(self.0) {
            pair[0] = HEX[usize::from(b >> 4)];
            pair[1] = HEX[usize::from(b & 15)];
        }
        out
    }

    /// Compares with the digest the client sent, in time independent of where they differ.
    pub fn verify(&self, timestamp: &str, secret: &[u8]) -> bool {
        let expected = Self::compute(timestamp, secret);
        expected
            .0
            .iter()
            .zip(self.0)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

impl fmt::Debug for ApopDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.to_hex();
        write!(f, "ApopDigest({})", String::from_utf8_lossy(&hex))
    }
}

/// A client's SASL response (RFC 5034 §4): base64 data, an empty response, or a cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaslResponse<'a> {
    /// Base64 data.
    Data(Base64Text<'a>),
    /// An empty response: `=` as an initial response, an empty line later (RFC 5034 §4).
    Empty,
    /// `*`: the client cancels the exchange (RFC 5034 §4); not allowed as an initial response.
    Cancel,
}

impl SaslResponse<'_> {
    /// The response carrying `data` (base64-encoded by mail-core's SASL wire module);
    /// [`SaslResponse::Empty`] when `data` is empty.
    pub fn from_bytes(data: &[u8]) -> SaslResponse<'static> {
        match Base64Text::encode(data) {
            Ok(text) => SaslResponse::Data(text),
            Err(_) => SaslResponse::Empty,
        }
    }

    /// The decoded response (strict base64, at most `max_len` octets).
    pub fn decode(
        &self,
        max_len: usize,
    ) -> Result<mail_core::sasl::wire::SaslResponse, mail_core::DecodeError> {
        use mail_core::sasl::wire::SaslResponse as Wire;
        match self {
            SaslResponse::Data(text) => text.decode(max_len).map(|d| Wire::data(d.into_inner())),
            SaslResponse::Empty => Ok(Wire::Empty),
            SaslResponse::Cancel => Ok(Wire::Cancel),
        }
    }
}

impl IntoOwned for SaslResponse<'_> {
    type Owned = SaslResponse<'static>;
    fn into_owned(self) -> SaslResponse<'static> {
        match self {
            SaslResponse::Data(d) => SaslResponse::Data(d.into_owned()),
            SaslResponse::Empty => SaslResponse::Empty,
            SaslResponse::Cancel => SaslResponse::Cancel,
        }
    }
}

/// The arguments of AUTH (RFC 5034 §4).
///
/// ```abnf
/// auth-command = "AUTH" SP sasl-mech [SP initial-response]   ; RFC 5034 §4
/// initial-response = base64 / "="
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthStart<'a> {
    /// The mechanism.
    pub mechanism: Mechanism<'a>,
    /// The initial response, if any: [`SaslResponse::Data`] or [`SaslResponse::Empty`] (never
    /// [`SaslResponse::Cancel`]: see [`AuthStart::new`]).
    pub initial_response: Option<SaslResponse<'a>>,
}

impl<'a> AuthStart<'a> {
    /// AUTH arguments; an initial response may not be a cancellation.
    pub fn new(
        mechanism: Mechanism<'a>,
        initial_response: Option<SaslResponse<'a>>,
    ) -> Result<Self, ValidationError> {
        if initial_response == Some(SaslResponse::Cancel) {
            return Err(ValidationError::Invalid {
                what: "initial response",
                reason: "\"*\" is not an initial response",
            });
        }
        Ok(AuthStart {
            mechanism,
            initial_response,
        })
    }
}

/// The argument of LANG (RFC 6856 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LangArg<'a> {
    /// `*`: the server's preferred language.
    Default,
    /// A language range such as `en` or `de-CH`.
    Tag(Param<'a>),
}

/// A POP3 command.
///
/// ```abnf
/// command = keyword *(SP param) CRLF   ; RFC 2449 §3, 255 octets maximum
/// keyword = 3*4VCHAR                   ; case-insensitive
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `USER name` (RFC 1939 §7).
    User(Param<'a>),
    /// `PASS string` (RFC 1939 §7).
    Pass(Password<'a>),
    /// `APOP name digest` (RFC 1939 §7).
    Apop {
        /// The mailbox name.
        name: Param<'a>,
        /// The digest.
        digest: ApopDigest,
    },
    /// `QUIT` (RFC 1939 §5, §6).
    Quit,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5).
    List(Option<MessageNumber>),
    /// `RETR msg` (RFC 1939 §5).
    Retr(MessageNumber),
    /// `DELE msg` (RFC 1939 §5).
    Dele(MessageNumber),
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `TOP msg n` (RFC 1939 §7).
    Top {
        /// The message.
        msg: MessageNumber,
        /// How many lines of the body to send after the header.
        lines: u32,
    },
    /// `UIDL [msg]` (RFC 1939 §7).
    Uidl(Option<MessageNumber>),
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH [mechanism [initial-response]]` (RFC 5034 §4); without argument, a request for the
    /// list of mechanisms (a common extension answered with a multi-line list).
    Auth(Option<AuthStart<'a>>),
    /// `UTF8` (RFC 6856 §2.1).
    Utf8,
    /// `LANG [tag | *]` (RFC 6856 §3); without argument, a request for the language listing.
    Lang(Option<LangArg<'a>>),
}

/// Which command a value is, without its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommandKind {
    /// USER
    User,
    /// PASS
    Pass,
    /// APOP
    Apop,
    /// QUIT
    Quit,
    /// STAT
    Stat,
    /// LIST
    List,
    /// RETR
    Retr,
    /// DELE
    Dele,
    /// NOOP
    Noop,
    /// RSET
    Rset,
    /// TOP
    Top,
    /// UIDL
    Uidl,
    /// CAPA
    Capa,
    /// STLS
    Stls,
    /// AUTH
    Auth,
    /// UTF8
    Utf8,
    /// LANG
    Lang,
}

impl CommandKind {
    /// The keyword, upper case.
    pub fn keyword(self) -> &'static str {
        match self {
            CommandKind::User => "USER",
            CommandKind::Pass => "PASS",
            CommandKind::Apop => "APOP",
            CommandKind::Quit => "QUIT",
            CommandKind::Stat => "STAT",
            CommandKind::List => "LIST",
            CommandKind::Retr => "RETR",
            CommandKind::Dele => "DELE",
            CommandKind::Noop => "NOOP",
            CommandKind::Rset => "RSET",
            CommandKind::Top => "TOP",
            CommandKind::Uidl => "UIDL",
            CommandKind::Capa => "CAPA",
            CommandKind::Stls => "STLS",
            CommandKind::Auth => "AUTH",
            CommandKind::Utf8 => "UTF8",
            CommandKind::Lang => "LANG",
        }
    }

    /// The command with this keyword (case-insensitive).
    pub fn from_keyword(keyword: &[u8]) -> Option<Self> {
        const ALL: [CommandKind; 17] = [
            CommandKind::User,
            CommandKind::Pass,
            CommandKind::Apop,
            CommandKind::Quit,
            CommandKind::Stat,
            CommandKind::List,
            CommandKind::Retr,
            CommandKind::Dele,
            CommandKind::Noop,
            CommandKind::Rset,
            CommandKind::Top,
            CommandKind::Uidl,
            CommandKind::Capa,
            CommandKind::Stls,
            CommandKind::Auth,
            CommandKind::Utf8,
            CommandKind::Lang,
        ];
        ALL.into_iter()
            .find(|k| k.keyword().as_bytes().eq_ignore_ascii_case(keyword))
    }
}

impl Command<'_> {
    /// Which command this is.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::User(_) => CommandKind::User,
            Command::Pass(_) => CommandKind::Pass,
            Command::Apop { .. } => CommandKind::Apop,
            Command::Quit => CommandKind::Quit,
            Command::Stat => CommandKind::Stat,
            Command::List(_) => CommandKind::List,
            Command::Retr(_) => CommandKind::Retr,
            Command::Dele(_) => CommandKind::Dele,
            Command::Noop => CommandKind::Noop,
            Command::Rset => CommandKind::Rset,
            Command::Top { .. } => CommandKind::Top,
            Command::Uidl(_) => CommandKind::Uidl,
            Command::Capa => CommandKind::Capa,
            Command::Stls => CommandKind::Stls,
            Command::Auth(_) => CommandKind::Auth,
            Command::Utf8 => CommandKind::Utf8,
            Command::Lang(_) => CommandKind::Lang,
        }
    }
}

impl IntoOwned for Command<'_> {
    type Owned = Command<'static>;
    fn into_owned(self) -> Command<'static> {
        match self {
            Command::User(p) => Command::User(p.into_owned()),
            Command::Pass(p) => Command::Pass(p.into_owned()),
            Command::Apop { name, digest } => Command::Apop {
                name: name.into_owned(),
                digest,
            },
            Command::Quit => Command::Quit,
            Command::Stat => Command::Stat,
            Command::List(m) => Command::List(m),
            Command::Retr(m) => Command::Retr(m),
            Command::Dele(m) => Command::Dele(m),
            Command::Noop => Command::Noop,
            Command::Rset => Command::Rset,
            Command::Top { msg, lines } => Command::Top { msg, lines },
            Command::Uidl(m) => Command::Uidl(m),
            Command::Capa => Command::Capa,
            Command::Stls => Command::Stls,
            Command::Auth(a) => Command::Auth(a.map(|a| AuthStart {
                mechanism: a.mechanism.into_owned(),
                initial_response: a.initial_response.map(IntoOwned::into_owned),
            })),
            Command::Utf8 => Command::Utf8,
            Command::Lang(l) => Command::Lang(l.map(|l| match l {
                LangArg::Default => LangArg::Default,
                LangArg::Tag(t) => LangArg::Tag(t.into_owned()),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 1939 §7 (APOP example): MD5("<1896.697170952@dbc.mtview.ca.us>tanstaaf").
    #[test]
    fn apop_digest_known_answer() {
        let d = ApopDigest::compute("<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf");
        assert_eq!(&d.to_hex(), b"c4c9334bac560ecc979e58001b3e22fb");
        assert_eq!(
            ApopDigest::from_hex(b"c4c9334bac560ecc979e58001b3e22fb"),
            Ok(d)
        );
        assert!(d.verify("<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf"));
        assert!(!d.verify("<1896.697170952@dbc.mtview.ca.us>", b"tanstaaF"));
        assert!(ApopDigest::from_hex(b"C4C9334BAC560ECC979E58001B3E22FB").is_err());
        assert!(ApopDigest::from_hex(b"c4c9").is_err());
    }

    #[test]
    fn keywords_are_case_insensitive() {
        assert_eq!(CommandKind::from_keyword(b"uIdL"), Some(CommandKind::Uidl));
        assert_eq!(CommandKind::from_keyword(b"XTND"), None);
    }
}
