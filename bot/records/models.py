"""The records: who talked to Waymark, what was said (encrypted), what it meant, who acted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.records.crypto import EncryptedText


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); make them comparable with utcnow()."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}  # noqa: RUF012


class Conversation(Base):
    """One person on one channel, known only by a keyed pseudonym."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # "web" | "telegram"
    pseudonym: Mapped[str] = mapped_column(String(64), index=True)
    # Where replies go (a Telegram chat id); encrypted because it identifies the person.
    reply_address: Mapped[str | None] = mapped_column(EncryptedText)
    role: Mapped[str] = mapped_column(String(16), default="young_person")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The person sent /stop: the bot starts nothing itself until they write again (see README).
    muted_at: Mapped[datetime | None]

    messages: Mapped[list[Message]] = relationship(back_populates="conversation")


class Message(Base):
    """Inbox and outbox in one table: inbound rows are committed before anything else runs."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_outbox", "direction", "status"),
        Index("ix_messages_conversation_status", "conversation_id", "direction", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    author: Mapped[str] = mapped_column(String(8))  # "person" | "bot" | "staff"
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str | None] = mapped_column(EncryptedText)
    # "telegram:<update_id>": stored once, so a redelivered update is ignored.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # in: received -> processing -> processed
    # out: pending -> sending -> sent | failed | unconfirmed (the send may or may not have
    # reached the channel, so it is never resent blindly; see bot/pipeline/outbox.py)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(default=0)
    channel_message_id: Mapped[str | None] = mapped_column(String(64))
    # A worker's claim on this row ("processing" / "sending") runs out at this time.
    lease_until: Mapped[datetime | None]
    # Outbox: not before this time (backoff, Telegram's retry_after).
    next_attempt_at: Mapped[datetime | None]
    # Inbox: the safety net put this conversation in the human queue the moment it arrived.
    escalated: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    # Outbox: Rasa's buttons sent with this text ([{"title", "payload"}]); None without any.
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Contact(Base):
    """What one inbound message meant: the record every report counts from."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    intent: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None]
    risk: Mapped[str] = mapped_column(String(12))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_by: Mapped[str] = mapped_column(String(16))  # "actions" | "safety_net"


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # staff | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str] = mapped_column(EncryptedText)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # On duty: marked so in the console (and logged in); the monitor counts who can answer.
    on_duty: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The last TOTP time step accepted, so a code cannot be replayed.
    totp_last_step: Mapped[int | None]


class Case(Base):
    """A conversation waiting for, or with, a person. At most one open case per conversation."""

    __tablename__ = "cases"
    __table_args__ = (
        Index(
            "uq_cases_one_open_per_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("status != 'closed'"),
            postgresql_where=text("status != 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    priority: Mapped[int]  # bot.risk.Risk value: higher is more urgent
    status: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting|claimed|closed
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(64))
    holding_sent: Mapped[bool] = mapped_column(default=False)
    # Response times for reports: the first claim and first staff reply, and the target.
    first_claimed_at: Mapped[datetime | None]
    first_reply_at: Mapped[datetime | None]
    claim_target_met: Mapped[bool | None]
    # Monitoring: when staff were alerted, last re-alerted, and the case escalated.
    alerted_at: Mapped[datetime | None]
    alerted_priority: Mapped[int | None]  # a case raised above it is alerted again
    last_alert_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    nobody_on_duty_told: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    outcome_note: Mapped[str | None] = mapped_column(EncryptedText)

    conversation: Mapped[Conversation] = relationship()
    claimed_by: Mapped[Staff | None] = relationship()


class CaseNote(Base):
    """A private staff note on a case; never shown to the young person."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    text: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[Staff] = relationship()


class CannedReply(Base):
    """A reply staff can pick instead of typing; supervisors edit them."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffSession(Base):
    """A console session. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # None before login: the login form needs a CSRF token too.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    staff: Mapped[Staff | None] = relationship()


class ApiToken(Base):
    """A personal API token for the staff JSON API, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    staff: Mapped[Staff] = relationship()


class LoginAttempt(Base):
    """Every login try, so failures can be rate limited per account and per address."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool]


class AuditEvent(Base):
    """Append-only: who did what to which case, and when. Never holds message text."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    action: Mapped[str] = mapped_column(String(48))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    staff: Mapped[Staff | None] = relationship()


class Episode(Base):
    """One absence: a young person away or missing, from first report to return."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))  # "away" (whereabouts known) | "missing"
    source: Mapped[str] = mapped_column(String(16))  # "young_person" | "carer"
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[datetime | None]
    safe_now: Mapped[str | None] = mapped_column(String(12))  # "yes" | "no" | "skipped"
    # Free-text answers (rough area, who with, when back, why) as JSON, encrypted.
    details: Mapped[str | None] = mapped_column(EncryptedText)
    # Carers and reconciliation (0005): the child, every source that reported this absence,
    # police, and the return interview due 72 hours after return.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"))
    sources: Mapped[list[str] | None] = mapped_column(JSON)  # e.g. ["carer", "young_person"]
    # False when only the return was reported: the start is a guess, so no duration is counted.
    start_known: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    reported_at: Mapped[datetime | None]
    risk: Mapped[str | None] = mapped_column(String(12))  # priority given to the carer's report
    police_informed: Mapped[bool | None]
    police_informed_at: Mapped[datetime | None]
    police_reference: Mapped[str | None] = mapped_column(EncryptedText)
    return_details: Mapped[str | None] = mapped_column(EncryptedText)
    return_interview_due_at: Mapped[datetime | None]
    return_interview_offered_at: Mapped[datetime | None]
    return_interview_done_at: Mapped[datetime | None]
    anonymised_at: Mapped[datetime | None]


class Placement(Base):
    """A foster home, children's home or semi-independent placement: where carers and children are."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(24), default="foster")  # foster | childrens_home | semi_independent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Child(Base):
    """A child in a placement, referred to in chat by a short code (never a full name)."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"), index=True)
    # Short code carers use ("JM"), unique within the placement.
    code: Mapped[str] = mapped_column(String(12))
    # A stable pseudonymous reference for reports, exports and erasure requests ("C-1A2B3C4D").
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    first_name: Mapped[str | None] = mapped_column(EncryptedText)
    birth_year: Mapped[int | None]
    # Philomena-style profile (description, known places, associates, vulnerabilities) as JSON.
    profile: Mapped[str | None] = mapped_column(EncryptedText)
    # The young person's own conversation, when linked: their self-reports join the same episodes.
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    anonymised_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("placement_id", "code"),)


class Carer(Base):
    """A foster carer or residential worker, linked to one conversation by an enrolment code."""

    __tablename__ = "carers"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), unique=True)
    label: Mapped[str | None] = mapped_column(EncryptedText)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement: Mapped[Placement] = relationship()


class CarerInvite(Base):
    """A one-time enrolment code, stored as its SHA-256 only; it expires and works once."""

    __tablename__ = "carer_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    carer_id: Mapped[int | None] = mapped_column(ForeignKey("carers.id"))


class RecordsRequest(Base):
    """A subject access or erasure request and what was done about it (refusals keep their reason)."""

    __tablename__ = "records_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(12))  # export | erase | purge
    subject: Mapped[str] = mapped_column(String(64))  # a pseudonym or child reference, never a name
    outcome: Mapped[str] = mapped_column(String(12))  # done | refused | partial | not_found
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
