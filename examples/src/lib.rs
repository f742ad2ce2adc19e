//! Shared code of the example programs.

pub mod decode;
pub mod mailbox;

/// The code blocks of the README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
