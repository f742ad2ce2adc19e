//! mail-core RFC 5321 paths, mailboxes and hosts, xtext and enhanced status codes: no panic, and
//! whatever parses re-encodes to something that parses to the same value. The first byte picks
//! the parser and the SMTPUTF8 setting.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mail_core::harness::fuzz_address(data));
