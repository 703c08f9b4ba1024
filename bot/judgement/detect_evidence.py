"""Per-clause evidence for the detector: offering mentions, their role in a move, and problem cues."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.judgement.detect_lexicon import DetectorLexicon
from bot.judgement.textutil import Clause, clauses, clauses_with_asides, split_history

_CONTRAST = re.compile(r",?\s\b(?:but|however|although|aber|jedoch|mais|pero|mas|maar|ma|però)\b\s|、しかし|が、", re.I)
# "we left our server and are on gitlab.com now, how do I register runners?": the statement before a trailing
# question is not itself asked (a questioned move reads as hypothetical).
_QUESTION_TAIL = re.compile(
    r",\s+(?=(?:how|what|where|why|when|which|can|could|do|does|should|is there|are there|comment|où|pourquoi|"
    r"est-ce que|cómo|como|dónde|onde|por qué|porque|wie|wo|warum|können|hoe|waar|waarom|kunnen|come|dove|perché)"
    r"\b(?:[^,.;]|\.(?=\S))*[?？]\s*$)", re.I)
# "If we move to GitLab.com, what happens to our licence?": a condition stays part of its question.
_CONDITIONAL_HEAD = re.compile(
    r"\s*(?:if|in case|suppose|supposing|assuming|when|once|hypothetically|should we|falls|wenn|sofern|sollten wir|"
    r"si|au cas|dans le cas|en caso|caso|se|nel caso|qualora|als|indien|mocht)\b", re.I)


# A dashed banner line that carries words ("--- Support request form ---", "---- Forwarded by Priya ----") opens a
# form, a pasted transcript or a forwarded note; read as a signature marker it would cut away everything after it.
# A bare dash line ("--", "---", "----------") stays a signature marker, and so does a signature's own "-- " line,
# except the one that closes a worded banner's form.
# a token that is an identifier (a branch, path, address, host, file): its words name no purchase ('feature/invoices')
# (ASCII only: an unspaced script's sentence after 'GitLab.com' is no part of it)
_IDENTIFIER = re.compile(r"[\w.\-]*[/\\_@][\w./\\@\-]*|[\w\-]+\.\w[\w./\\@\-]*", re.ASCII)
_BANNER = re.compile(r"^[ \t]*-{2,}[ \t]*[^\s-][^\n]*?-{2,}[ \t]*$")
_BARE_DASHES = re.compile(r"^[ \t]*-{3,}[ \t]*$")
# a dashed line that opens a quoted earlier message ("----- Original Message -----") is left to split_history
_ORIGINAL_MESSAGE = re.compile(r"original message|ursprüngliche nachricht|message d'origine|mensaje original|"
                               r"mensagem original|oorspronkelijk bericht|messaggio originale", re.I)
_FORM_LINES = 20  # a banner's form ends at a bare dash line at most this many lines further on


def _without_banners(text: str) -> str:
    """The text with worded dashed banner lines blanked (and the bare dash line closing a banner's form), except
    those opening a quoted earlier message."""
    lines = text.split("\n")
    opened = None  # index of the last worded banner whose form is not closed yet
    for i, line in enumerate(lines):
        if _BANNER.match(line) and not _ORIGINAL_MESSAGE.search(line):
            lines[i], opened = "", i
        elif opened is not None and _BARE_DASHES.match(line) and i - opened <= _FORM_LINES:
            lines[i], opened = "", None
    return "\n".join(lines)


@dataclass
class Mention:
    offering: str  # an offering name, or "vendor"
    start: int
    end: int
    weight: float
    role: str | None = None  # "src" | "dst" in a move
    located: bool = False  # "on X", "X side": where something happens
    new: bool = False
    negated: bool = False
    role_word: bool = False  # "destination is X", "source is X"


@dataclass
class ClauseEvidence:
    clause: Clause
    weight: float
    mentions: list[Mention] = field(default_factory=list)
    move: bool = False
    leave: bool = False
    hypothetical: bool = False
    no_move: bool = False
    not_yet: bool = False
    problem: bool = False
    ok: bool = False
    question: bool = False
    commercial: bool = False
    no_problem: bool = False
    export: bool = False
    imports: bool = False
    technical: bool = False
    src_ref: bool = False
    dst_ref: bool = False
    intrinsic: list[str] = field(default_factory=list)
    anaphor_dest: bool = False  # "we moved our repos there"
    intra_move: bool = False  # "to new hardware", "from 17.3 to 17.5", "Omnibus to Helm"

    @property
    def text(self) -> str:
        return self.clause.text


# What the detector reads of a ticket, so a pasted log or dump cannot hold a worker (its cost grows with the text, about
# 17 us a character): each text's head and tail (the statement opens it, a last line often says what matters), and the
# comments read newest first within a budget (a later comment often holds the deciding fact).
TEXT_HEAD = 6000
TEXT_TAIL = 2000
COMMENTS_BUDGET = 24000


def bounded(text: str) -> str:
    """`text`, or its first TEXT_HEAD and last TEXT_TAIL characters when it is longer than both."""
    if len(text) <= TEXT_HEAD + TEXT_TAIL:
        return text
    return f"{text[:TEXT_HEAD]}\n\n{text[-TEXT_TAIL:]}"


def _read_comments(comments: list[dict]) -> list[dict]:
    """The public comments the detector reads, in order, each with its body bounded: the newest whose bounded bodies
    fit COMMENTS_BUDGET."""
    kept, spent = [], 0
    for comment in reversed(comments):
        body = comment["body"]
        spent += len(body)
        if kept and spent > COMMENTS_BUDGET:
            break
        kept.append({**comment, "body": body})
    return kept[::-1]


def gather_clauses(item: dict, lex: DetectorLexicon) -> list[Clause]:
    """Customer-written clauses: subject, description (quoted history apart) and requester comments.

    Agent comments count only when the requester's next comment confirms them; a confirmed question is kept
    apart as "answered" (the agent's wording, so it may support an "ask" but not an "act").
    """
    ticket = item.get("ticket") or {}
    out: list[Clause] = []

    def add(text: str, kind: str) -> None:
        for part, aside in clauses_with_asides(text):
            pieces = [q.strip() for p in _CONTRAST.split(part) if p
                      for q in ([p] if _CONDITIONAL_HEAD.match(p) else _QUESTION_TAIL.split(p)) if q.strip()]
            for k, piece in enumerate(pieces):
                out.append(Clause(piece, kind, len(out), aside, joined=k > 0))

    add(bounded(ticket.get("subject") or ""), "subject")
    newest, quoted = split_history(_without_banners(bounded(ticket.get("description") or "")))
    add(newest, "description")
    add(quoted, "quoted")
    comments = _read_comments([c for c in ticket.get("comments") or [] if c.get("public", True)])
    for i, comment in enumerate(comments):
        body = comment["body"]
        if comment.get("author") == "requester":
            newest, quoted = split_history(_without_banners(body))
            add(newest, "comment")
            add(quoted, "quoted")
        else:
            reply = next((c for c in comments[i + 1 :] if c.get("author") == "requester"), None)
            answer = reply["body"].strip() if reply else ""
            if answer and lex.confirm.search(answer):
                said = clauses(split_history(body)[0])
                add("\n".join(s for s in said if not lex.question.search(s)), "agent")
                # the question the requester said yes to is now their statement; kind "answered" never acts alone
                add("\n".join(lex.question.sub("", s) for s in said if lex.question.search(s)), "answered")
            elif answer and lex.deny and lex.deny.search(answer):
                # "Are you moving off your instance?" "No, we keep it.": a move the requester denied
                said = clauses(split_history(body)[0])
                add("\n".join(lex.question.sub("", s) for s in said if lex.question.search(s)), "denied")
    return out


def _mentions(low: str, lex: DetectorLexicon) -> list[Mention]:
    found: list[Mention] = []
    for off, pats in lex.offering_patterns.items():
        for rx, w in pats:
            found.extend(Mention(off, m.start(), m.end(), w) for m in rx.finditer(low))
    found.extend(Mention("vendor", m.start(), m.end(), 1.0) for m in lex.vendor.finditer(low))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:  # overlapping or adjacent matches of one offering ("GitLab Dedicated tenant") are one mention
        gap = low[kept[-1].end : m.start] if kept else ""
        if kept and m.offering == kept[-1].offering and len(gap) <= 5 and len(gap.strip()) <= 3:  # "tenant de GitLab Dedicated"
            kept[-1].end = max(kept[-1].end, m.end)
            kept[-1].weight = max(kept[-1].weight, m.weight)
            continue
        if kept and m.start < kept[-1].end:
            if m.offering == kept[-1].offering:
                kept[-1].weight = max(kept[-1].weight, m.weight)
            continue
        kept.append(m)
    return kept


def _last(rx: re.Pattern, text: str) -> int:
    pos = -1
    for m in rx.finditer(text):
        pos = m.start()
    return pos


def analyse(clause: Clause, lex: DetectorLexicon) -> ClauseEvidence:
    low = clause.text  # every pattern is case-insensitive unless it says otherwise ("Dedicated")
    ev = ClauseEvidence(clause, float(lex.clause_weights.get(clause.kind, 1.0)))
    ev.move = bool(lex.move.search(low))
    ev.leave = bool(lex.leave.search(low))
    ev.hypothetical = bool(lex.hypothetical.search(low))
    ev.not_yet = bool(lex.not_yet.search(low))
    ev.no_problem = bool(lex.no_problem.search(low))
    benign = bool(lex.benign and lex.benign.search(low))
    masked = lex.benign.sub(" ", low) if benign else low  # "no errors" is not an error
    ev.problem = bool(lex.problem.search(masked)) and not ev.no_problem
    ev.ok = (benign or bool(lex.ok.search(low))) and not ev.problem
    ev.question = bool(lex.question.search(low))
    ev.commercial = bool(lex.commercial.search(_IDENTIFIER.sub(" ", low)))  # a branch or path ('feature/invoices') buys nothing
    ev.export = bool(lex.export.search(low))
    ev.imports = bool(lex.imports.search(low))
    ev.technical = bool(lex.technical.search(low))
    ev.src_ref = bool(lex.source_role.search(low))
    ev.dst_ref = bool(lex.dest_role.search(low)) or bool(lex.dest_ref.search(low))
    ev.intrinsic = [off for off, rx in lex.intrinsic.items() if rx.search(low)]
    ev.anaphor_dest = bool(lex.anaphor_dest and lex.anaphor_dest.search(low))
    ev.intra_move = bool(lex.intra_move and lex.intra_move.search(low))
    ev.mentions = _mentions(low, lex)
    _roles(ev, low, lex)
    # a move or leave word that is also an everyday verb ("the tests pass", "our admin is moving house", "we leave on
    # holiday") is one only where this clause names an offering: as where to or where from (a move), at all (a leave)
    named = [m for m in ev.mentions if m.offering != "vendor" and not m.negated]
    if not ev.move and any(m.role for m in named) and _governs(lex.everyday_move, low, [m for m in named if m.role]):
        ev.move = True
    if not ev.leave and named and lex.everyday_leave.search(low):
        ev.leave = True
    ev.no_move = bool(lex.no_move.search(low)) or (clause.kind == "denied" and bool(ev.move or ev.leave))
    if ev.no_move and lex.tier and not any(m.offering != "vendor" for m in ev.mentions) and lex.tier.search(low):
        ev.no_move = False  # "(restiamo su Ultimate)": the tier stays, not the offering
    return ev


# How far an offering may stand from an everyday move verb and still be what its to/from governs, and what breaks
# that: a comma, semicolon or colon between them ("we moved to the new office, and in our GitLab.com group ...";
# "zieht nach Berlin um, auf GitLab.com ..."). A German separable verb closes its clause with its particle, so only an
# offering inside "zieht ... um" is its own.
_GOVERN_GAP = 30
_GOVERN_BREAK = re.compile(r"[,;:،、，；：]")


def _governs(rx: re.Pattern, low: str, mentions: list) -> bool:
    """An everyday move verb whose own to/from names an offering: the offering inside the verb's match or next to it,
    with no clause break between."""
    for v in rx.finditer(low):
        for m in mentions:
            if m.start >= v.start() and m.end <= v.end():
                return True
            if m.start >= v.end():
                gap = low[v.end() : m.start]
            elif m.end <= v.start():
                gap = low[m.end : v.start()]
            else:
                continue
            if len(gap) <= _GOVERN_GAP and not _GOVERN_BREAK.search(gap):
                return True
    return False


def _roles(ev: ClauseEvidence, low: str, lex: DetectorLexicon) -> None:
    """Each mention's place in the clause: where something happens, new, negated, source or destination."""
    anchor = 0
    for m in ev.mentions:
        before = low[max(anchor, m.start - 45) : m.start]
        after = low[m.end : m.end + 20]
        m.located = bool(lex.location_prefix.search(before) or lex.location_suffix.search(after))
        m.new = bool(lex.new.search(low[max(0, m.start - 20) : m.start]) or lex.new.search(low[m.start : m.end]))
        m.negated = bool(lex.negated.search(before))
        m.role_word = bool(lex.dest_role.search(before) or lex.source_role.search(before))
        f_pos, t_pos = _last(lex.from_cues, before), _last(lex.to_cues, before)
        if f_pos > t_pos:
            m.role = "src"
        elif t_pos > f_pos:
            m.role = "dst"
        elif lex.from_suffix.search(after):
            m.role = "src"
        elif lex.to_suffix.search(after):
            m.role = "dst"
        if lex.dest_role.search(before):
            m.role = "dst"
        elif lex.source_role.search(before) and not lex.new.search(before):
            m.role = "src"
        anchor = m.end


# A tenant of the customer's own: an identity or tool tenant ("a new Entra ID tenant", "our Okta tenant"; a bare
# "our tenant" is mostly the Dedicated one), a
# single-tenant thing they run ("a single-tenant Kubernetes cluster we operate", "single tenant mode", "a single-tenant
# deployment"). Where a ticket names one, its bare tenant words ("the new tenant", "the single-tenant cluster") are that
# tenant, not the Dedicated instance the vendor runs.
_OWN_TENANT = re.compile(
    r"\b(?:entra(?: id)?|azure(?: ad| ad b2c)?|aad|okta|auth0|keycloak|onelogin|ping(?:id|federate| identity)?|"
    r"google(?: workspace)?|m365|microsoft(?: 365)?|office 365|o365|aws|artifactory|jira|confluence|atlassian|"
    r"salesforce|servicenow|slack|vault|sso|idp|identity|directory)[\s-]+tenant\b"
    r"|\bsingle[- ]?tenant\s+(?:[\w.-]+\s+){0,2}?(?:cluster|kubernetes|k8s|mode|deployment|database|db|setup|vm|"
    r"server|installation|keycloak|artifactory|vault)\b"
    r"|\btenant\w*\s+(?:that\s+|which\s+)?we\s+(?:operate|run|host|manage|own|set up|built)\b"
    r"|\bsingle[- ]?tenant\b(?:(?!\byou|\bnot\b)[^.;!?]){0,40}\bwe\s+(?:operate|run|host|manage|own|set up|built)\b", re.I)
_TENANT_WORD = re.compile(r"tenant|テナント|租户|租戶|테넌트|टेनेंट|مستأجر|مستاجر|dzier[żz]aw|арендн|тенант|kirac|"
                          r"khách thuê|penyewa|inquilino|locataire", re.I)
_VENDOR_NAMED = re.compile(r"dedicated|gitlab|you|your|vendor|ustedes|vous|jullie|ihr|shared", re.I)
_TENANT_DEST_REF = re.compile(r"\b(new|neue\w*|nouve\w*|nuev\w*|nov[oa]|nieuwe|nuov\w*)\s+tenant\b", re.I)


def _drop_own_tenants(evs: list[ClauseEvidence], lex: DetectorLexicon) -> None:
    """Where the ticket names a tenant of the customer's own, its tenant words name no Dedicated instance."""
    if not any(_OWN_TENANT.search(ev.text) for ev in evs):
        return
    for ev in evs:
        low = ev.text
        kept = [m for m in ev.mentions
                if not (m.offering == "dedicated" and _TENANT_WORD.search(low[m.start:m.end])
                        and not _VENDOR_NAMED.search(low[m.start:m.end]))]
        if len(kept) != len(ev.mentions):
            ev.mentions = kept
        if ev.dst_ref and _TENANT_DEST_REF.search(low):
            # "the new tenant" is the customer's tenant; a destination only by another reference
            ev.dst_ref = bool(lex.dest_role.search(low)) or bool(lex.dest_ref.search(_TENANT_DEST_REF.sub(" ", low)))


def evidence(item: dict, lex: DetectorLexicon) -> list[ClauseEvidence]:
    evs = [analyse(c, lex) for c in gather_clauses(item, lex)]
    _drop_own_tenants(evs, lex)
    return evs
