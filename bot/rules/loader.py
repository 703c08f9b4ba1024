"""Rules: offerings, tags, levels, labels, timings, phrases and templates; built-in or from BOT_RULES.

The built-in rules are TOML files in bot/rules/defaults/, merged in DEFAULT_FILES order. A pattern there (or in a
BOT_RULES file) is a regex string or the list of its alternatives; join_patterns() turns every list into the one
string the rest of the bot compiles, so nothing outside this module ever sees a list.
"""
from __future__ import annotations

import json
import tomllib
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from bot.errors import ConfigError
from bot.judgement.detect import check_rules

SCHEMA_DIR = resources.files("bot") / "schemas"
# core: offerings, tags, levels, labels, timings; then message templates; detector and reply-parser phrases.
DEFAULT_FILES = ("core.toml", "templates.toml", "detector.toml", "reply.toml")
# Every pattern field of the schema is {"$ref": "#/$defs/pattern"}: a string or a non-empty list of strings.
PATTERN_REF = "#/$defs/pattern"


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_file(path: Path, setting: str = "BOT_RULES") -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{setting}: cannot read {path}: {exc.strerror}") from exc
    try:
        if path.suffix == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{setting}: {path} is not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}") from exc


def _registry() -> Registry:
    registry = Registry()
    for path in SCHEMA_DIR.iterdir():
        if path.name.startswith("rules") and path.name.endswith(".schema.json"):
            doc = json.loads(path.read_text(encoding="utf-8"))
            registry = registry.with_resource(path.name, Resource.from_contents(doc))
    return registry


def join_patterns(data: dict) -> dict:
    """A copy of data with every pattern given as a list of alternatives joined with "|" into one regex string.

    Which values are patterns is read from the schema (PATTERN_REF), not guessed from key names: lists that are
    data (languages, levels_sold, month_stopwords, unit_words, the {re, w} list of offering_patterns) stay lists,
    a new pattern field needs no change here, and a list holding anything but strings is left for
    validate_rules() to report.
    """

    def walk(value: Any, schema: dict, resolver) -> Any:
        ref = schema.get("$ref", "")
        if ref.endswith(PATTERN_REF):
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                return "|".join(value)
            return value
        if ref:
            resolved = resolver.lookup(ref)
            schema, resolver = resolved.contents, resolved.resolver
        if isinstance(value, dict):
            props, extra = schema.get("properties", {}), schema.get("additionalProperties")
            extra = extra if isinstance(extra, dict) else {}
            return {k: walk(v, props.get(k, extra), resolver) for k, v in value.items()}
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [walk(v, schema["items"], resolver) for v in value]
        return value

    return walk(data, rules_schema(), _registry().resolver(base_uri="rules.schema.json"))


def default_rules_data() -> dict:
    """The built-in rules, merged from the packaged default files, patterns joined."""
    data: dict = {}
    pkg = resources.files("bot.rules") / "defaults"
    for name in DEFAULT_FILES:  # a missing file is a packaging bug: fail loudly rather than run without its rules
        data = _deep_merge(data, tomllib.loads((pkg / name).read_text(encoding="utf-8")))
    return join_patterns(data)


def rules_schema() -> dict:
    """The JSON Schema of the rules file (schemas/rules.schema.json, with $refs resolved locally)."""
    return json.loads((SCHEMA_DIR / "rules.schema.json").read_text(encoding="utf-8"))


def validate_rules(data: dict, source: str = "built-in rules") -> None:
    """Raise ConfigError naming the first problem in a rules document."""
    validator = jsonschema.Draft202012Validator(rules_schema(), registry=_registry())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(top)"
        raise ConfigError(f"BOT_RULES: {source}: {where}: {err.message}")


class Rules:
    """Validated rules with helpers for tags and levels; sections are plain dicts."""

    def __init__(self, data: dict):
        self.data = data

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def offerings(self) -> dict:
        return self.data["offerings"]

    @property
    def marker_tag(self) -> str:
        return self.data["marker_tag"]

    @property
    def partner_tag(self) -> str:
        return self.data["partner_tag"]

    @property
    def labels(self) -> dict:
        return self.data["labels"]

    @property
    def timings(self) -> dict:
        return self.data["timings"]

    @property
    def templates(self) -> dict:
        return self.data["templates"]

    def label(self, offering: str) -> str:
        return self.offerings.get(offering, {}).get("label", offering)

    def tag_for(self, offering: str, level: str) -> str:
        return f"{self.offerings[offering]['tag_prefix']}_{level}"

    @cached_property
    def level_tags(self) -> dict[str, tuple[str, str]]:
        """Every support-level tag -> (offering, level), legacy levels included."""
        out = {}
        for offering, spec in self.offerings.items():
            for level in list(spec["levels_sold"]) + list(spec.get("legacy_levels", [])):
                out[f"{spec['tag_prefix']}_{level}"] = (offering, level)
        return out

    def paid_offerings(self, tags: list[str]) -> set[str]:
        return {self.level_tags[t][0] for t in tags if t in self.level_tags}

    def paid_offering(self, tags: list[str]) -> str:
        """self_managed|saas|dedicated, 'both' for two or more offerings, 'none' for no level tag."""
        paid = self.paid_offerings(tags)
        if not paid:
            return "none"
        if len(paid) > 1:
            return "both"
        return next(iter(paid))

    def level_of(self, tags: list[str], offering: str) -> str | None:
        """The highest level the tags give for one offering."""
        order = self.data["levels"]
        found = [self.level_tags[t][1] for t in tags if self.level_tags.get(t, ("",))[0] == offering]
        return max(found, key=order.index) if found else None

    def normalise_level(self, word: str) -> str | None:
        word = word.strip().lower()
        if word in self.data["levels"]:
            return word
        return self.data["legacy_tier_names"].get(word)


def load_rules(path: str | None = None, setting: str = "BOT_RULES") -> Rules:
    """Built-in rules, deep-merged with the BOT_RULES file when given; validated against the schema. `setting` is
    what an error names: where the path came from."""
    data = default_rules_data()
    source = "built-in rules"
    if path:
        data = _deep_merge(data, _read_file(Path(path), setting))
        source = path
    validate_rules(data, source)  # before joining, so a bad list is reported as the list the operator wrote
    rules = Rules(join_patterns(data))
    check_rules(rules)  # compiles every pattern now: a bad one fails start-up, not a ticket
    return rules
