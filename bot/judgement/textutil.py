"""Text helpers for customer messages: quoted history, signatures, clause splitting."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Where an e-mail client starts appending older messages; everything from there on is history.
_HISTORY_START = re.compile(
    r"^\s*(-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"mensagem original|oorspronkelijk bericht|messaggio originale)\s*-{2,}|_{8,}|"
    r"(on|am|le|el|em|op|il)\s.{4,200}\s(wrote|schrieb|a écrit|escribió|escreveu|schreef|ha scritto):\s*)$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\s*(from|von|de|van|da)\s*:\s*\S", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\s*(sent|date|gesendet|datum|envoyé|enviado|verzonden|inviato)\s*:", re.IGNORECASE)
_QUOTED_LINE = re.compile(r"^\s*>")
_SIG_DASHES = re.compile(r"^\s*--\s*($|\S)")
_SIG_LINE = re.compile(
    r"^\s*(sent from my \w+|confidentiality notice|this e-?mail (and any|is confidential))", re.IGNORECASE
)
# A line holding only a closing formula (optionally followed by a short name) ends the message body.
_CLOSING = re.compile(
    r"^\s*(best regards|kind regards|warm regards|regards|best|cheers|thanks( in advance| again)?|thank you|many thanks|"
    r"thx|cordialement|bien à vous|viele grüße|mit freundlichen grüßen|beste grüße|gruß|saludos( cordiales)?|gracias|"
    r"un saludo|obrigad[oa]|atenciosamente|abraços|met vriendelijke groet(en)?|groeten|cordiali saluti|saluti|grazie|"
    r"よろしくお願いいたします|よろしくお願いします|以上)[\s,.!。]*([A-ZÀ-Ý][\w'.-]*(\s+[A-ZÀ-Ý][\w'.-]*){0,3})?\s*$",
    re.IGNORECASE,
)
# A letter, or a vowel sign or other mark of the Indic, Thai, Lao, Burmese and Khmer scripts (Python's \w leaves the
# spacing marks out, so [^\W\d_]+ cuts "महीने" into pieces); never a digit nor a danda.
LETTER_WITH_MARKS = r"(?:[^\W\d_]|(?![\d\u0964\u0965])[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff])"
_BULLET = re.compile(r"^\s*([-•*·]|\d+[.)])\s+")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[\w¿¡])|(?<=[。！？])|;\s+|\s+[-–—]\s+")
# "e.g. foo" and "approx. 5" do not end a sentence.
# "15. März", "3. Quartal": a day or ordinal number with a dot does not end a sentence either.
_ABBREV = re.compile(r"(\b(e\.g|i\.e|etc|vs|approx|ca|cf|no|nr|z\.b|bzw|p\.ex|ex|incl|resp)\.|\b[A-Z]\.|(?<=\s)[0-3]?\d\.)$",
                     re.IGNORECASE)
_PAREN = re.compile(r"[(（]([^()（）]{3,200})[)）]")


@dataclass
class Clause:
    text: str
    kind: str  # subject | description | comment | agent | quoted
    order: int
    aside: bool = False  # a parenthetical remark
    joined: bool = False  # the "but ..." half of a sentence split at a contrast word


def normalise(text: str) -> str:
    """NFKC (full-width forms to ASCII), unified quotes, no carriage returns."""
    text = unicodedata.normalize("NFKC", text or "")
    return text.replace("\r", "").replace("\u2019", "'").replace("\u2018", "'")


def split_history(text: str) -> tuple[str, str]:
    """(newest message, quoted older messages); header lines of quoted mails are dropped."""
    lines = normalise(text).split("\n")
    newest: list[str] = []
    quoted: list[str] = []
    in_history = False
    for i, line in enumerate(lines):
        if not in_history:
            if _HISTORY_START.match(line) or (
                _HEADER_FROM.match(line) and any(_HEADER_SENT.match(x) for x in lines[i + 1 : i + 4])
            ):
                in_history = True
                continue
        if in_history or _QUOTED_LINE.match(line):
            stripped = re.sub(r"^(\s*>)+\s?", "", line)
            if not (_HEADER_FROM.match(stripped) or _HEADER_SENT.match(stripped)
                    or re.match(r"^\s*(to|an|à|para|aan|a|subject|betreff|objet|asunto|assunto|onderwerp|oggetto)\s*:",
                                stripped, re.IGNORECASE) or _HISTORY_START.match(stripped)):
                quoted.append(stripped)
            continue
        newest.append(line)
    return strip_signature("\n".join(newest)), "\n".join(quoted)


def strip_signature(text: str) -> str:
    """Cut the message at a signature marker or a closing formula line."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i == 0 and _CLOSING.match(line) and len(lines) > 1:
            continue  # a reply may open with "Thanks," before the content
        if _SIG_DASHES.match(line) or _SIG_LINE.match(line) or (_CLOSING.match(line) and i > 0):
            return "\n".join(lines[:i])
    return text


def _units(text: str) -> list[str]:
    """Paragraph lines joined where hard-wrapped; bullets, indented (log) lines and label lines stay apart."""
    units: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        current = ""
        prev_line = ""
        for line in para.split("\n"):
            if not line.strip():
                continue
            starts_new = (
                not current
                or _BULLET.match(line)
                or line.startswith("  ")
                or prev_line.rstrip().endswith(":")
                or prev_line.startswith("  ")
            )
            if starts_new:
                if current:
                    units.append(current)
                current = _BULLET.sub("", line).strip()
            else:
                current += " " + line.strip()
            prev_line = line
        if current:
            units.append(current)
    return units


def clauses(text: str) -> list[str]:
    """Sentences and clauses of a message; parenthetical remarks become clauses of their own."""
    return [c for c, _ in clauses_with_asides(text)]


def clauses_with_asides(text: str) -> list[tuple[str, bool]]:
    """(clause, is_parenthetical) pairs in reading order, asides after their sentence."""
    out: list[tuple[str, bool]] = []
    for unit in _units(text):
        inner = [m.group(1) for m in _PAREN.finditer(unit)]
        unit = _PAREN.sub(" ", unit)
        for piece, aside in [(unit, False), *((x, True) for x in inner)]:
            for sent in _split_sentences(piece):
                sent = re.sub(r"\s+", " ", sent or "").strip(" ,")
                if sent and re.search(r"\w", sent):
                    out.append((sent, aside))
    return out


def _split_sentences(piece: str) -> list[str]:
    out: list[str] = []
    for part in _SENT_SPLIT.split(piece):
        if part is None:
            continue
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def factor_word_boundary(pattern: str) -> str:
    """`\\bA|\\bB|C` as `\\b(?:A|B)|C`: same matches, but the engine tests the boundary once per position.

    Only for patterns used as yes/no tests: at one position the order of alternatives may differ.
    """
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    bounded = [p[2:] for p in parts if p.startswith("\\b")]
    rest = [p for p in parts if not p.startswith("\\b")]
    if len(bounded) < 2:
        return pattern
    return "|".join([rf"\b(?:{'|'.join(bounded)})", *rest])


def word_alt(words) -> str:
    """An alternation matching the longest of the words (a space in one matches any run of spaces), written as a trie:
    hundreds of month and weekday names compile in a fraction of the time a flat list takes, and match faster. The
    one helper every reply module builds its word lists with."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else "(?!)"


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a word may stop here; the longer continuation is tried first (the group is greedy)
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    # (a single literal branch of one character needs no group; "\s+" or an escape does)
    return body
