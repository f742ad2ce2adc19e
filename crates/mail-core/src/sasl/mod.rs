//! SASL mechanism names and messages, and their base64 wire form.
