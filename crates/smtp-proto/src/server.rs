//! Sans-IO SMTP server.
