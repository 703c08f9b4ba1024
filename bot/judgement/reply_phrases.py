"""The reply parser's phrase lists (reply.toml [reply.phrases]) as attributes: `Phrases(section).NEXT_BEFORE` is the
list `next_before`. The lists are data, one alternative per element, grouped by cue and language in the TOML file;
a BOT_RULES file can override any of them."""
from __future__ import annotations

# one-element lists that the code reads as a single regex fragment
_FRAGMENTS = {"fiscal_label", "tier_arrow"}


class Phrases:
    """Read-only view of reply.phrases; a missing list is an error at first use, naming the key."""

    def __init__(self, section: dict):
        self._data = {k.lower(): ("".join(v) if k.lower() in _FRAGMENTS else v) for k, v in section.items()}

    def __getattr__(self, name: str):
        try:
            return self.__dict__["_data"][name.lower()]
        except KeyError:
            raise AttributeError(f"reply.phrases has no '{name.lower()}'") from None
