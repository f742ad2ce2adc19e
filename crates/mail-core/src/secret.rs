//! A wrapper for credentials that keeps them out of `Debug` output and logs.

use std::fmt;

/// A credential (password, SASL response, token): its `Debug` form is `Secret(<redacted>)`.
///
/// The value is still reachable through [`Secret::expose`]: the wrapper prevents accidents, not
/// deliberate access.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a credential.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The credential itself.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the credential.
    pub fn into_inner(self) -> T {
        self.0
    }

    /// Applies `f` to the credential, keeping it wrapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Secret<U> {
        Secret(f(self.0))
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:#?}", Some(s.clone())).contains("hunter2"));
        assert_eq!(*s.expose(), "hunter2");
    }
}
