"""Rules: offerings, tags, levels, labels, timings, phrases, templates; built-in or from BOT_RULES."""
