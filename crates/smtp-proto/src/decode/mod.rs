//! Decoders: [`CommandDecoder`] (servers) and [`ReplyDecoder`] / [`ReplyFramer`] (clients).

mod command;
mod params;
mod reply;

pub use command::{CommandDecoder, CommandDecoderConfig, MAX_AUTH_LINE, MAX_COMMAND_LINE};
pub use reply::{MAX_REPLY_LINE, MAX_REPLY_LINES, ReplyDecoder, ReplyDecoderConfig, ReplyFramer};
