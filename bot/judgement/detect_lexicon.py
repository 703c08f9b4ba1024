"""Compiled detector vocabulary (rules section "detector"), built once per Rules object."""
from __future__ import annotations

import re
import weakref

from bot.judgement.textutil import factor_word_boundary

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_I = re.IGNORECASE
_NEVER = r"(?!)"  # an optional pattern the rules leave out matches nothing
# Negation right before a mention: "this is NOT our self-managed instance".
# "we are not going onto your hosted version", "not moving to the hosted one": a move said not to happen
_NEGATED = re.compile(r"\b(not|isn'?t|nicht|pas|não|niet|non)\s+((going|moving|switching|migrating)\s+)?"
                      r"(on\s+|in\s+|auf\s+|sur\s+|onto\s+|into\s+|to\s+)?(our|the|your|a|unsere\w*|notre|nuestro|nosso)?\s*$", _I)
# "the new instance", "the new group": the destination, referred to without its name
_DEST_REF = re.compile("|".join([
    r"\b(new|neue\w*|nouve\w*|nuev\w*|nov[oa]|nieuwe|nuov\w*)\s+(top-level\s+)?(group|gruppe|groupe|grupo|instance|instanz|"
    r"instancia|inst[âa]ncia|istanza|instantie|tenant|namespace|omgeving|umgebung|environnement|entorno|ambiente)\b",
    r"\b(group|gruppe|groupe|grupo)\s+(nuev\w*|nouve\w*|nov[oa])\b",
    r"\b(instance|instancia|inst[âa]ncia|istanza)\s+(nouvelle|nueva|nova|nuova)\b",
    "新しいグループ", "新しい環境", "新環境", "新しいインスタンス",  # Japanese
    "新实例", "新實例", "新环境", "新環境", "新群组", "新群組",  # Chinese
    r"\b(now(a|ej|ą|ym|ego) instancj\w*|now(e|ym) środowisk\w*)",  # Polish
    r"\b(nov(á|é|ou|ém) instanc\w*|nov(é|ém) prostředí)",  # Czech
    r"\b(нов(ый|ого|ом|ому|ая|ой|ую) (инстанс|экземпляр|сервер|сред)\w*)",  # Russian
    r"\b(нов(ий|ого|ому|а|ої|у) (інстанс|екземпляр|середовищ)\w*)",  # Ukrainian
    "नए इंस्टेंस", "नया इंस्टेंस", "नई इंस्टेंस",  # Hindi
    "نمونه جدید", "نمونهٔ جدید", "المثيل الجديد",  # Persian, Arabic
    "המופע החדש", "במופע החדש",  # Hebrew
    "새 인스턴스", "새 그룹",  # Korean
    "อินสแตนซ์ใหม่",  # Thai
    r"\byeni (grup|örnek|ortam)\w*",  # Turkish "the new group, instance, environment"
    r"\bнова(та)? (група|инстанция|среда)\w*",  # Bulgarian
    "المجموعة الجديدة",  # Arabic "the new group"
    r"\b(den )?nye (gruppen?|instansen?|miljøet)\b", r"\b(den )?nya (gruppen?|instansen?|miljön)\b",  # Norwegian, Swedish
    r"\b(group|grup|kumpulan|instance|instans|instan)\s+baru\b",  # Malay, Indonesian "the new group, instance"
    r"\b(group|nhóm|instance)\s+mới\b",  # Vietnamese "the new group, instance"
]), _I)


def known_words(cfg: dict) -> frozenset:
    """The everyday words of the languages the phrase rules know (detector.known_words), all languages together."""
    return frozenset(w.lower() for ws in (cfg.get("known_words") or {}).values() for w in ws)


class DetectorLexicon:
    """Regexes of the detector rules; names follow the keys of the rules file."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        # an offering's word-bounded alternatives share one boundary test (factor_word_boundary): the long lists of
        # everyday wordings in many languages are tested once per position, not once per alternative
        self.offering_patterns = {
            off: [(re.compile(factor_word_boundary(p["re"]), _I), float(p.get("w", 1.0))) for p in pats]
            for off, pats in cfg["offering_patterns"].items()
        }
        names = ("vendor", "move", "leave", "from_cues", "to_cues", "new", "source_role", "dest_role", "location_prefix",
                 "location_suffix", "problem", "ok", "not_yet", "no_move", "hypothetical", "commercial", "no_problem",
                 "export", "import", "technical", "confirm", "question", "intent", "current")
        for name in names:
            key = name if name.endswith(("_cues", "_role", "_prefix", "_suffix")) else f"{name}_pattern"
            # yes/no patterns are factored for speed; cue patterns keep their order (their positions are used)
            # (source_role, dest_role: only ever tested yes/no, so factored too)
            positional = name == "vendor" or key.endswith(("_cues", "_prefix", "_suffix"))
            source = cfg[key] if positional else factor_word_boundary(cfg[key])
            setattr(self, "imports" if name == "import" else name, re.compile(source, _I))
        self.intrinsic = {off: re.compile(p, _I) for off, p in cfg.get("intrinsic_patterns", {}).items()}
        # Optional: phrases holding a failure word that say there is none ("no errors", "problem is solved"),
        # and "moved our repos there" pointing back at the offering named just before.
        self.benign = re.compile(factor_word_boundary(cfg["benign_pattern"]), _I) if cfg.get("benign_pattern") else None
        self.anaphor_dest = re.compile(cfg["anaphor_dest_pattern"], _I) if cfg.get("anaphor_dest_pattern") else None
        # Optional: what a move inside one offering looks like (new hardware, Kubernetes, "from 17.3 to 17.5").
        self.intra_move = re.compile(cfg["intra_move_pattern"], _I) if cfg.get("intra_move_pattern") else None
        # Optional: move and leave words that are also everyday verbs ("tests pass", "leave on holiday", "moving
        # house"): a move or a leave only where their clause names an offering (detect_evidence.analyse)
        self.everyday_move = re.compile(factor_word_boundary(cfg.get("everyday_move_pattern") or _NEVER), _I)
        self.everyday_leave = re.compile(factor_word_boundary(cfg.get("everyday_leave_pattern") or _NEVER), _I)
        # Optional: tier names; "we stay on Ultimate" keeps a tier, it says nothing about staying on an offering.
        self.tier = re.compile(cfg["tier_pattern"], _I) if cfg.get("tier_pattern") else None
        # Optional: a requester's "no" to an agent's question ("No, we keep it").
        self.deny = re.compile(cfg["deny_pattern"], _I) if cfg.get("deny_pattern") else None
        # Optional: a ticket's completion date (detect._ticket_date): the move's own cutover words, words before a day
        # that make it no completion day, a month's end that does not say which month. Absent, they never match.
        self.cutover = re.compile(cfg.get("cutover_pattern") or _NEVER, _I)
        self.other_day = re.compile(cfg.get("other_day_pattern") or _NEVER, _I)
        self.step_day = re.compile(cfg.get("step_day_pattern") or _NEVER, _I)
        self.unnamed_month_end = re.compile(cfg.get("unnamed_month_end_pattern") or _NEVER, _I)
        # Optional: a tier once held ("we previously had Starter"), up to the end of its clause part (detect.classify)
        self.once_held = re.compile(rf"(?:{cfg.get('once_held_pattern') or _NEVER})[^.;,!?。、；，\n]*", _I)
        self.from_suffix = re.compile(cfg["from_suffix"])
        self.to_suffix = re.compile(cfg["to_suffix"])
        self.negated = _NEGATED
        self.dest_ref = _DEST_REF
        self.known_words = known_words(cfg)
        self.clause_weights = cfg["clause_weights"]
        self.w = cfg["weights"]
        self.t = cfg["thresholds"]


def detector_lexicon(rules) -> DetectorLexicon:
    lex = _CACHE.get(rules)
    if lex is None:
        lex = DetectorLexicon(rules.section("detector"))
        _CACHE[rules] = lex
    return lex
