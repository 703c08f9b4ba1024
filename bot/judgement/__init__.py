"""Pure judgement (no I/O): is a ticket a migration, what does a reply say; dates, levels, lexicons."""
