"""The web process: verify, validate, record, answer. No outbound call happens here."""
