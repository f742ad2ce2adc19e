//! The LOGIN mechanism (draft-murchison-sasl-login-00, obsolete but widely deployed): the server
//! prompts twice, the client answers with the user name, then the password.
//!
//! draft-murchison-sasl-login-00 §2.2: the server sends "User Name" then "Password"; since "at
//! least one widely deployed client" requires `Username:` and `Password:`, servers may send those
//! instead, and the §2.3 example even ends the prompts with a NUL. §2.1: the client SHOULD ignore
//! the prompts' contents. [`Challenge::prompt`] therefore classifies a prompt loosely, and the
//! encoder sends `Username:` / `Password:`, which every client accepts.
//!
//! §2: "The username MUST be less than 64 characters in length"; "Passwords MAY contain arbitrary
//! binary data excluding NUL, CR and LF characters"; a non-ASCII user name MUST be UTF-8.
//!
//! ```
//! use mail_core::sasl::login::{Challenge, Password, Prompt, Username};
//! use mail_core::Encode;
//!
//! // draft-murchison-sasl-login-00 §2.3 (after base64 decoding).
//! assert_eq!(Challenge::decode(b"User Name\0").prompt(), Prompt::Username);
//! assert_eq!(Challenge::decode(b"Password\0").prompt(), Prompt::Password);
//! assert_eq!(Username::decode(b"tim").unwrap().as_str(), "tim");
//! assert_eq!(Password::decode(b"tanstaaftanstaaf").unwrap().expose(), b"tanstaaftanstaaf");
//! assert_eq!(Challenge::USERNAME.to_bytes(), b"Username:");
//! ```

use std::borrow::Cow;

use bytes::BufMut;

use super::text::{find_byte, own, utf8, validate, validate_bytes};
use crate::decode::{DecodeError, DecodeErrorKind, IntoOwned};
use crate::encode::Encode;
use crate::error::ValidationError;
use crate::secret::Secret;

/// The longest user name: 63 characters ("MUST be less than 64", draft-murchison-sasl-login-00
/// §2).
pub const MAX_USERNAME_CHARS: usize = 63;

/// What a LOGIN server prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prompt {
    /// The user name (`Username:`, `User Name`, `User Name\0`, ...).
    Username,
    /// The password (`Password:`, `Password`, `Password\0`, ...).
    Password,
    /// Something else: the client may still answer by position (first the user name, then the
    /// password), as §2.1 says.
    Other,
}

/// A LOGIN server prompt, kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a>(Cow<'a, [u8]>);

impl<'a> Challenge<'a> {
    /// `Username:`, the prompt every client accepts (§2.2).
    pub const USERNAME: Challenge<'static> = Challenge(Cow::Borrowed(b"Username:"));
    /// `Password:`, the prompt every client accepts (§2.2).
    pub const PASSWORD: Challenge<'static> = Challenge(Cow::Borrowed(b"Password:"));

    /// Decodes a prompt (the octets after base64 decoding). Any octets are a prompt: the client
    /// SHOULD ignore their content (§2.1), so this cannot fail.
    pub fn decode(input: &'a [u8]) -> Self {
        Challenge(Cow::Borrowed(input))
    }

    /// A custom prompt text.
    pub fn new(text: impl Into<Cow<'a, [u8]>>) -> Self {
        Challenge(text.into())
    }

    /// The prompt as sent.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// What the prompt asks for: case-insensitive `username`, `user name` or `user` for the user
    /// name and `password` for the password, ignoring a trailing `:`, NUL and spaces.
    pub fn prompt(&self) -> Prompt {
        let mut text: &[u8] = &self.0;
        while let [rest @ .., b':' | 0 | b' '] = text {
            text = rest;
        }
        if text.eq_ignore_ascii_case(b"username")
            || text.eq_ignore_ascii_case(b"user name")
            || text.eq_ignore_ascii_case(b"user")
        {
            Prompt::Username
        } else if text.eq_ignore_ascii_case(b"password") {
            Prompt::Password
        } else {
            Prompt::Other
        }
    }
}

impl Encode for Challenge<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(&self.0);
    }
}

impl IntoOwned for Challenge<'_> {
    type Owned = Challenge<'static>;

    fn into_owned(self) -> Challenge<'static> {
        Challenge(own(self.0))
    }
}

/// The client's first answer: the user name (UTF-8, 1 to 63 characters, no NUL, CR or LF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username<'a>(Cow<'a, str>);

fn is_nul_cr_lf(b: u8) -> bool {
    b == 0 || b == b'\r' || b == b'\n'
}

impl<'a> Username<'a> {
    /// A user name: non-empty, under 64 characters, without NUL, CR or LF (§2).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let name = name.into();
        validate(name.as_bytes(), "login username", is_nul_cr_lf)?;
        if name.chars().count() > MAX_USERNAME_CHARS {
            return Err(ValidationError::TooLong {
                what: "login username (characters)",
                max: MAX_USERNAME_CHARS,
            });
        }
        Ok(Username(name))
    }

    /// The user name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decodes the answer (the octets after base64 decoding), with the draft's limit of 63
    /// characters.
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with_limit(input, MAX_USERNAME_CHARS)
    }

    /// Like [`Username::decode`] with another character limit: a named leniency for servers
    /// whose users have longer names (e-mail addresses) than the draft allows.
    pub fn decode_with_limit(input: &'a [u8], max_chars: usize) -> Result<Self, DecodeError> {
        if input.is_empty() {
            return Err(DecodeError::syntax(0, "a user name"));
        }
        if let Some((i, _)) = find_byte(input, is_nul_cr_lf) {
            return Err(DecodeError::syntax(i, "user name without NUL, CR or LF"));
        }
        let name = utf8(input, 0)?;
        if let Some((offset, _)) = name.char_indices().nth(max_chars) {
            return Err(DecodeError::new(
                offset,
                DecodeErrorKind::LimitExceeded {
                    what: "login username characters",
                    limit: u64::try_from(max_chars).unwrap_or(u64::MAX),
                },
            ));
        }
        Ok(Username(Cow::Borrowed(name)))
    }
}

impl Encode for Username<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.as_bytes());
    }
}

impl IntoOwned for Username<'_> {
    type Owned = Username<'static>;

    fn into_owned(self) -> Username<'static> {
        Username(own(self.0))
    }
}

/// The client's second answer: the password, any octets but NUL, CR and LF (§2). May be empty.
/// `Debug` redacts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Password<'a>(Secret<Cow<'a, [u8]>>);

impl<'a> Password<'a> {
    /// A password without NUL, CR or LF (§2).
    pub fn new(password: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValidationError> {
        let password = password.into();
        validate_bytes(&password, "login password", is_nul_cr_lf)?;
        Ok(Password(Secret::new(password)))
    }

    /// The password's octets.
    pub fn expose(&self) -> &[u8] {
        self.0.expose()
    }

    /// Decodes the answer (the octets after base64 decoding).
    pub fn decode(input: &'a [u8]) -> Result<Self, DecodeError> {
        if let Some((i, _)) = find_byte(input, is_nul_cr_lf) {
            return Err(DecodeError::syntax(i, "password without NUL, CR or LF"));
        }
        Ok(Password(Secret::new(Cow::Borrowed(input))))
    }
}

impl Encode for Password<'_> {
    fn encode<B: BufMut + ?Sized>(&self, dst: &mut B) {
        dst.put_slice(self.0.expose());
    }
}

impl IntoOwned for Password<'_> {
    type Owned = Password<'static>;

    fn into_owned(self) -> Password<'static> {
        Password(self.0.map(own))
    }
}
