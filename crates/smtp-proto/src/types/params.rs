//! Typed ESMTP parameters of `MAIL` and `RCPT` (RFC 5321 §4.1.2 `esmtp-param`).
//!
//! ```text
//! Mail-parameters  = esmtp-param *(SP esmtp-param)
//! Rcpt-parameters  = esmtp-param *(SP esmtp-param)
//! esmtp-param      = esmtp-keyword ["=" esmtp-value]
//! ```
//!
//! Known parameters are fields of [`MailParams`] / [`RcptParams`]; others are kept in
//! [`Extensions`], a fixed-capacity inline list, so decoding a command allocates nothing.

use std::borrow::Cow;
use std::fmt;

use mail_core::{IntoOwned, ValidationError};

use super::value::{DateTime, EsmtpValue, Keyword};

/// Most unknown parameters kept on one command ([`Extensions`] capacity).
pub const MAX_EXTENSIONS: usize = 8;

/// `BODY=` of `MAIL` (RFC 6152 §2, RFC 3030 §3): `7BIT`, `8BITMIME` or `BINARYMIME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// `BODY=7BIT`.
    SevenBit,
    /// `BODY=8BITMIME` (RFC 6152).
    EightBitMime,
    /// `BODY=BINARYMIME` (RFC 3030 §3): the message must be sent with `BDAT`.
    BinaryMime,
}

impl Body {
    /// The value as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::SevenBit => "7BIT",
            Body::EightBitMime => "8BITMIME",
            Body::BinaryMime => "BINARYMIME",
        }
    }
}

/// `RET=` of `MAIL` (RFC 3461 §4.3): return the full message or only its headers in a DSN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `RET=FULL`.
    Full,
    /// `RET=HDRS`.
    Headers,
}

impl Ret {
    /// The value as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Ret::Full => "FULL",
            Ret::Headers => "HDRS",
        }
    }
}

/// A value carried in xtext form (RFC 3461 §4): `ENVID=`, the address of `ORCPT=` and
/// `AUTH=` (RFC 4954 §5). Holds the wire (encoded) form, so decoding borrows and never
/// allocates; [`Xtext::decoded`] gives the octets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Xtext<'a>(pub(crate) Cow<'a, str>);

impl<'a> Xtext<'a> {
    /// Encodes `value` (any octets, at least one: an `esmtp-value` is never empty) as xtext.
    pub fn encode(value: &[u8]) -> Result<Xtext<'static>, ValidationError> {
        if value.is_empty() {
            return Err(ValidationError::Empty {
                what: "xtext value",
            });
        }
        let mut out = Vec::with_capacity(mail_core::xtext::encoded_len(value));
        mail_core::xtext::encode(value, &mut out);
        // xtext output is ASCII.
        Ok(Xtext(Cow::Owned(
            String::from_utf8_lossy(&out).into_owned(),
        )))
    }

    /// Takes an already encoded xtext (validated strictly).
    pub fn from_wire(wire: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let wire = wire.into();
        if mail_core::xtext::is_valid(wire.as_bytes()) {
            Ok(Xtext(wire))
        } else {
            Err(ValidationError::Invalid {
                what: "xtext",
                reason: "RFC 3461 §4 xchar or +XX expected",
            })
        }
    }

    /// The encoded (wire) form.
    pub fn as_wire(&self) -> &str {
        &self.0
    }

    /// The decoded octets (borrowed when there is no `+XX` escape).
    pub fn decoded(&self) -> Cow<'_, [u8]> {
        // Validated on construction, so decoding cannot fail; fall back to the wire form.
        mail_core::xtext::decode(self.0.as_bytes()).unwrap_or(Cow::Borrowed(self.0.as_bytes()))
    }
}

impl IntoOwned for Xtext<'_> {
    type Owned = Xtext<'static>;
    fn into_owned(self) -> Xtext<'static> {
        Xtext(Cow::Owned(self.0.into_owned()))
    }
}

/// `AUTH=` of `MAIL` (RFC 4954 §5): `AUTH=<>` or an xtext-encoded mailbox.
///
/// ```text
/// auth-param = "AUTH=" xtext   ; the decoded xtext is a Mailbox, or "<>"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthParam<'a> {
    /// `AUTH=<>`: the submitter is unknown or not trusted.
    Unknown,
    /// The xtext form of a mailbox (validated as a `Mailbox` when decoded).
    Mailbox(Xtext<'a>),
}

impl IntoOwned for AuthParam<'_> {
    type Owned = AuthParam<'static>;
    fn into_owned(self) -> AuthParam<'static> {
        match self {
            AuthParam::Unknown => AuthParam::Unknown,
            AuthParam::Mailbox(x) => AuthParam::Mailbox(x.into_owned()),
        }
    }
}

/// `MT-PRIORITY=` of `MAIL` (RFC 6710 §3): a priority in `-9..=9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Priority(i8);

impl Priority {
    /// A priority in `-9..=9`.
    pub fn new(value: i8) -> Result<Self, ValidationError> {
        if (-9..=9).contains(&value) {
            Ok(Priority(value))
        } else {
            Err(ValidationError::OutOfRange {
                what: "MT-PRIORITY",
                min: 0,
                max: 9,
            })
        }
    }

    /// The priority.
    pub fn get(self) -> i8 {
        self.0
    }
}

/// `HOLDFOR=` / `HOLDUNTIL=` of `MAIL` (RFC 4865 §4, FUTURERELEASE); at most one of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Hold<'a> {
    /// `HOLDFOR=seconds`.
    For(u64),
    /// `HOLDUNTIL=date-time` (RFC 3339).
    Until(DateTime<'a>),
}

impl IntoOwned for Hold<'_> {
    type Owned = Hold<'static>;
    fn into_owned(self) -> Hold<'static> {
        match self {
            Hold::For(s) => Hold::For(s),
            Hold::Until(d) => Hold::Until(d.into_owned()),
        }
    }
}

/// The mode of `BY=` (RFC 2852 §4): what to do when the deadline passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `R`: return the message (fail it) when it cannot be delivered in time.
    Return,
    /// `N`: deliver anyway, but send a delay notification.
    Notify,
}

/// `BY=` of `MAIL` (RFC 2852 §4, DELIVERBY):
///
/// ```text
/// by-value = by-time ";" by-mode [ by-trace ]
/// by-time  = [ "-" / "+" ] 1*9digit      ; seconds
/// by-mode  = "N" / "R"
/// by-trace = "T"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct By {
    /// Seconds until the deadline (may be negative with `N`).
    pub time: i32,
    /// Return or notify.
    pub mode: ByMode,
    /// `T`: trace the delivery.
    pub trace: bool,
}

impl By {
    /// Largest magnitude of `by-time`: nine digits.
    pub const MAX_TIME: i32 = 999_999_999;

    /// Validates a `BY=` value (RFC 2852 §4: `R` requires a positive time).
    pub fn new(time: i32, mode: ByMode, trace: bool) -> Result<Self, ValidationError> {
        if !(-Self::MAX_TIME..=Self::MAX_TIME).contains(&time) {
            return Err(ValidationError::OutOfRange {
                what: "BY time",
                min: 0,
                max: Self::MAX_TIME as u64,
            });
        }
        if mode == ByMode::Return && time <= 0 {
            return Err(ValidationError::Invalid {
                what: "BY",
                reason: "mode R needs a positive time",
            });
        }
        Ok(By { time, mode, trace })
    }
}

/// `NOTIFY=` of `RCPT` (RFC 3461 §4.1):
///
/// ```text
/// notify-esmtp-value = "NEVER" / 1#notify-list-element
/// notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Notify {
    /// `SUCCESS`.
    pub success: bool,
    /// `FAILURE`.
    pub failure: bool,
    /// `DELAY`.
    pub delay: bool,
}

impl Notify {
    /// `NOTIFY=NEVER`.
    pub const NEVER: Notify = Notify {
        success: false,
        failure: false,
        delay: false,
    };

    /// Whether this is `NEVER`.
    pub fn is_never(self) -> bool {
        self == Self::NEVER
    }
}

/// `ORCPT=` of `RCPT` (RFC 3461 §4.2): `addr-type ";" xtext`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    /// The address type (`rfc822`, `utf-8`, ...), an atom.
    pub addr_type: Cow<'a, str>,
    /// The original recipient, xtext-encoded.
    pub address: Xtext<'a>,
}

impl<'a> Orcpt<'a> {
    /// Validates an `ORCPT` value: `addr_type` is an RFC 5322 atom without `;`.
    pub fn new(
        addr_type: impl Into<Cow<'a, str>>,
        address: Xtext<'a>,
    ) -> Result<Self, ValidationError> {
        let addr_type = addr_type.into();
        if addr_type.is_empty() {
            return Err(ValidationError::Empty {
                what: "ORCPT address type",
            });
        }
        if let Some(position) = addr_type.bytes().position(|b| !is_atext(b)) {
            return Err(ValidationError::InvalidByte {
                what: "ORCPT address type",
                byte: addr_type.as_bytes()[position],
                position,
            });
        }
        Ok(Orcpt { addr_type, address })
    }
}

/// RFC 5322 §3.2.3 atext.
pub(crate) fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

impl IntoOwned for Orcpt<'_> {
    type Owned = Orcpt<'static>;
    fn into_owned(self) -> Orcpt<'static> {
        Orcpt {
            addr_type: Cow::Owned(self.addr_type.into_owned()),
            address: self.address.into_owned(),
        }
    }
}

/// The action of `RRVS=` (RFC 7293 §3): what to do when the mailbox changed owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RrvsAction {
    /// `C`: continue delivery (only warn).
    Continue,
    /// `R`: reject the recipient.
    Reject,
}

/// `RRVS=` of `RCPT` (RFC 7293 §3): `date-time [ ";" ( "C" / "R" ) ]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    /// The date the mailbox was known to belong to the recipient.
    pub time: DateTime<'a>,
    /// The requested action, when given.
    pub action: Option<RrvsAction>,
}

impl IntoOwned for Rrvs<'_> {
    type Owned = Rrvs<'static>;
    fn into_owned(self) -> Rrvs<'static> {
        Rrvs {
            time: self.time.into_owned(),
            action: self.action,
        }
    }
}

/// A parameter this crate does not interpret: `esmtp-keyword ["=" esmtp-value]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EsmtpParam<'a> {
    /// The keyword (compared without regard to case).
    pub keyword: Keyword<'a>,
    /// The value, when given.
    pub value: Option<EsmtpValue<'a>>,
}

impl IntoOwned for EsmtpParam<'_> {
    type Owned = EsmtpParam<'static>;
    fn into_owned(self) -> EsmtpParam<'static> {
        EsmtpParam {
            keyword: self.keyword.into_owned(),
            value: self.value.map(IntoOwned::into_owned),
        }
    }
}

/// Parameters this crate does not interpret, in the order received: a fixed-capacity inline
/// list ([`MAX_EXTENSIONS`]), so that decoding never allocates.
#[derive(Clone, PartialEq, Eq)]
pub struct Extensions<'a> {
    items: [Option<EsmtpParam<'a>>; MAX_EXTENSIONS],
    len: usize,
}

impl Default for Extensions<'_> {
    fn default() -> Self {
        Extensions {
            items: [const { None }; MAX_EXTENSIONS],
            len: 0,
        }
    }
}

impl<'a> Extensions<'a> {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parameter. Errors when the list is full or the keyword is already present.
    pub fn push(&mut self, param: EsmtpParam<'a>) -> Result<(), ValidationError> {
        if self.get(param.keyword.as_str()).is_some() {
            return Err(ValidationError::Invalid {
                what: "parameter",
                reason: "duplicate keyword",
            });
        }
        let slot = self
            .items
            .get_mut(self.len)
            .ok_or(ValidationError::TooLong {
                what: "unknown parameters",
                max: MAX_EXTENSIONS,
            })?;
        *slot = Some(param);
        self.len += 1;
        Ok(())
    }

    /// The parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = &EsmtpParam<'a>> {
        self.items.iter().take(self.len).flatten()
    }

    /// The parameter with this keyword (any case).
    pub fn get(&self, keyword: &str) -> Option<&EsmtpParam<'a>> {
        self.iter()
            .find(|p| p.keyword.as_str().eq_ignore_ascii_case(keyword))
    }

    /// How many parameters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Debug for Extensions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl IntoOwned for Extensions<'_> {
    type Owned = Extensions<'static>;
    fn into_owned(self) -> Extensions<'static> {
        let mut out = Extensions::default();
        for (slot, item) in out.items.iter_mut().zip(self.items) {
            *slot = item.map(IntoOwned::into_owned);
        }
        out.len = self.len;
        out
    }
}

/// The parameters of `MAIL FROM` (RFC 5321 §4.1.1.2 `Mail-parameters`), typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailParams<'a> {
    /// `SIZE=` (RFC 1870 §6): the message size in octets.
    pub size: Option<u64>,
    /// `BODY=` (RFC 6152, RFC 3030).
    pub body: Option<Body>,
    /// `SMTPUTF8` (RFC 6531 §3.4).
    pub smtputf8: bool,
    /// `RET=` (RFC 3461 §4.3).
    pub ret: Option<Ret>,
    /// `ENVID=` (RFC 3461 §4.4), xtext.
    pub envid: Option<Xtext<'a>>,
    /// `AUTH=` (RFC 4954 §5).
    pub auth: Option<AuthParam<'a>>,
    /// `MT-PRIORITY=` (RFC 6710 §3).
    pub mt_priority: Option<Priority>,
    /// `REQUIRETLS` (RFC 8689 §4.1).
    pub requiretls: bool,
    /// `HOLDFOR=` / `HOLDUNTIL=` (RFC 4865 §4).
    pub hold: Option<Hold<'a>>,
    /// `BY=` (RFC 2852 §4).
    pub by: Option<By>,
    /// `TRANSID=`: a transaction identifier, kept as written.
    pub transid: Option<EsmtpValue<'a>>,
    /// `MTRK` (RFC 3885 §4): present, with its optional value kept as written.
    pub mtrk: Option<Option<EsmtpValue<'a>>>,
    /// `SOLICIT=` (RFC 3865 §3): solicitation class keywords, kept as written.
    pub solicit: Option<EsmtpValue<'a>>,
    /// Parameters not interpreted here, kept for the application to decide.
    pub extensions: Extensions<'a>,
}

impl IntoOwned for MailParams<'_> {
    type Owned = MailParams<'static>;
    fn into_owned(self) -> MailParams<'static> {
        MailParams {
            size: self.size,
            body: self.body,
            smtputf8: self.smtputf8,
            ret: self.ret,
            envid: self.envid.map(IntoOwned::into_owned),
            auth: self.auth.map(IntoOwned::into_owned),
            mt_priority: self.mt_priority,
            requiretls: self.requiretls,
            hold: self.hold.map(IntoOwned::into_owned),
            by: self.by,
            transid: self.transid.map(IntoOwned::into_owned),
            mtrk: self.mtrk.map(|v| v.map(IntoOwned::into_owned)),
            solicit: self.solicit.map(IntoOwned::into_owned),
            extensions: self.extensions.into_owned(),
        }
    }
}

/// The parameters of `RCPT TO` (RFC 5321 §4.1.1.3 `Rcpt-parameters`), typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RcptParams<'a> {
    /// `NOTIFY=` (RFC 3461 §4.1).
    pub notify: Option<Notify>,
    /// `ORCPT=` (RFC 3461 §4.2).
    pub orcpt: Option<Orcpt<'a>>,
    /// `RRVS=` (RFC 7293 §3).
    pub rrvs: Option<Rrvs<'a>>,
    /// Parameters not interpreted here, kept for the application to decide.
    pub extensions: Extensions<'a>,
}

impl IntoOwned for RcptParams<'_> {
    type Owned = RcptParams<'static>;
    fn into_owned(self) -> RcptParams<'static> {
        RcptParams {
            notify: self.notify,
            orcpt: self.orcpt.map(IntoOwned::into_owned),
            rrvs: self.rrvs.map(IntoOwned::into_owned),
            extensions: self.extensions.into_owned(),
        }
    }
}
