"""SQLAlchemy tables: inbox, cases, case tickets, scheduled actions, Slack prompts, effects ledger, audit trail,
rate windows, organizations' tags as last read."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

INT32 = (-(2 ** 31), 2 ** 31 - 1)


class Int32(TypeDecorator):
    """An INTEGER column (32 bits on PostgreSQL) whose look-ups by a number it cannot hold find nothing.

    Numbers that senders control reach look-ups: an issue iid, the case id in an issue description's marker, the
    prompt id in a Slack block_id. Bound as they are, PostgreSQL refuses one beyond 32 bits ("integer out of
    range") and SQLite's driver one beyond 64 bits (OverflowError), so a single hostile number made every
    look-up of that event raise. No row can carry such a number, so it is bound as NULL, which equals nothing:
    a look-up finds no row and a write of it into a NOT NULL column fails loudly. The range is the same on both
    databases, so SQLite behaves like PostgreSQL. The DDL is plain INTEGER (no migration).
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        if isinstance(value, int) and not isinstance(value, bool) and not INT32[0] <= value <= INT32[1]:
            return None
        return value


class Base(DeclarativeBase):
    """Declarative base of the bot's own tables."""


class InboxEvent(Base):
    """One accepted webhook delivery, keyed by its delivery id: the dedupe and the durable hand-off."""

    __tablename__ = "inbox"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<source>:<delivery id>"
    source: Mapped[str] = mapped_column(String(20))
    event_type: Mapped[str] = mapped_column(String(120))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # new -> queued (handed to DBOS) -> done | ignored | failed
    status: Mapped[str] = mapped_column(String(20), default="new")
    partition_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (Index("ix_inbox_status", "status"),)


class Case(Base):
    """One migration case: an organization moving from its paid offering to a target offering."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Int32, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(String(40))
    org_name: Mapped[str] = mapped_column(String(300), default="")
    paid_offering: Mapped[str] = mapped_column(String(40))
    target_offering: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    # 1 while the case is open, NULL once ended: a unique key that allows one open case per org and target.
    open_slot: Mapped[int | None] = mapped_column(Int32, nullable=True, default=1)
    support_level: Mapped[str | None] = mapped_column(String(40), nullable=True)
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    partner_managed: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    origin_ticket_id: Mapped[str] = mapped_column(String(40))
    issue_iid: Mapped[int | None] = mapped_column(Int32, nullable=True)
    issue_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    added_tag: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("org_id", "target_offering", "open_slot", name="uq_cases_open"),
                      Index("ix_cases_issue", "issue_iid"))


class CaseTicket(Base):
    """A ticket that belongs to a case (the first one, and any joining later)."""

    __tablename__ = "case_tickets"
    id: Mapped[int] = mapped_column(Int32, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(Int32, ForeignKey("cases.id"))
    ticket_id: Mapped[str] = mapped_column(String(40))
    requester_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    role: Mapped[str] = mapped_column(String(20), default="origin")  # origin | joined
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("case_id", "ticket_id", name="uq_case_ticket"),
                      Index("ix_case_tickets_ticket", "ticket_id"))


class ScheduledAction(Base):
    """A reminder or expiry due at run_after; generation changes when the target date moves."""

    __tablename__ = "scheduled_actions"
    id: Mapped[int] = mapped_column(Int32, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(Int32, ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(40))  # remind:7 | remind:1 | expire
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    target_date: Mapped[date] = mapped_column(Date)
    # pending -> queued -> done | cancelled | failed
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Int32, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (UniqueConstraint("case_id", "kind", "target_date", name="uq_action"),
                      Index("ix_actions_due", "status", "run_after"))


class SlackPrompt(Base):
    """A Slack message with buttons awaiting a permitted person's decision."""

    __tablename__ = "slack_prompts"
    id: Mapped[int] = mapped_column(Int32, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # confirm_case | pick_tag
    case_id: Mapped[int | None] = mapped_column(Int32, ForeignKey("cases.id"), nullable=True)
    ticket_id: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(100), nullable=True)
    ts: Mapped[str | None] = mapped_column(String(40), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | decided
    decided_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decision: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_prompts_ts", "channel", "ts"),)


class Effect(Base):
    """Ledger of side effects by semantic key: started before the call, done after it (look-before-write)."""

    __tablename__ = "effects"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class AuditEntry(Base):
    """Append-only trail of every decision and write (never secrets)."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    case_id: Mapped[int | None] = mapped_column(Int32, nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_audit_case", "case_id"),)


class RateCall(Base):
    """One outbound call inside its rate window, for ceilings shared by several worker processes."""

    __tablename__ = "rate_calls"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    service: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_rate_calls_bucket", "service", "key", "at"),)


class OrgTags(Base):
    """An organization's tags as the bot last read them: lets a new ticket whose copied tags agree be ruled out
    without reading the org again (handlers/zendesk.py). Before the bot changes the org's tags the row becomes a
    marker (tags None) that no read started earlier may overwrite."""

    __tablename__ = "org_tags"
    org_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tags: Mapped[list | None] = mapped_column(JSON, nullable=True)  # None: the bot changed them at read_at
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # when the read (or the change) started


class EndedAdminSession(Base):
    """An admin session signed out before its cookie expires: the cookie is signed, not stored, so a copy taken
    before the logout would otherwise stay valid until `expires_at`. Rows past it may be deleted."""

    __tablename__ = "admin_sessions_ended"
    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
