"""The migration case: state machine, driver, effects ledger, store, messages, alignment, prompts, reminders."""
