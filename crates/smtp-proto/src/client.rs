//! Sans-IO SMTP client.
