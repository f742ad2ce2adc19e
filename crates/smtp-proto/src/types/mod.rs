//! Validated SMTP types: commands, parameters, replies and EHLO capabilities.

pub mod command;
pub mod ehlo;
pub mod params;
pub mod reply;
pub mod value;
