"""The records: who talked to Waymark, what was said (encrypted), what it meant, who acted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.records.crypto import EncryptedText


def utcnow() -> datetime:
    return datetime.now(UTC)


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

    messages: Mapped[list[Message]] = relationship(back_populates="conversation")


class Message(Base):
    """Inbox and outbox in one table: inbound rows are committed before anything else runs."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_outbox", "direction", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    author: Mapped[str] = mapped_column(String(8))  # "person" | "bot" | "staff"
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str | None] = mapped_column(EncryptedText)
    # "telegram:<update_id>": stored once, so a redelivered update is ignored.
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # in: received -> processed; out: pending -> sent | failed
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(default=0)
    channel_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]

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

    conversation: Mapped[Conversation] = relationship()
    claimed_by: Mapped[Staff | None] = relationship()


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
