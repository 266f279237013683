"""Upgrading a database that already holds records keeps them (SQLite batch copies tables)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bot.records.db import MIGRATIONS, make_engine, migrate


def test_upgrading_from_the_first_revision_keeps_existing_records(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO conversations (id, channel, pseudonym, role, created_at) "
                "VALUES (1, 'web', 'p1', 'young_person', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO messages (id, conversation_id, direction, author, kind, status, attempts, created_at) "
                "VALUES (1, 1, 'in', 'person', 'text', 'processed', 0, '2026-01-01 00:00:00')"
            )
        )
        # A row that points at a message: copying the messages table must not break it.
        conn.execute(
            text(
                "INSERT INTO contacts (id, conversation_id, message_id, channel, at, risk, reasons, decided_by) "
                "VALUES (1, 1, 1, 'web', '2026-01-01 00:00:00', 'low', '[]', 'actions')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, conversation_id, priority, status, reasons, opened_at, holding_sent) "
                "VALUES (1, 1, 3, 'waiting', '[]', '2026-01-01 00:00:00', 0)"
            )
        )
    engine.dispose()

    migrate(url)

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 1
        assert conn.execute(text("SELECT message_id FROM contacts")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        # The one-open-case-per-conversation index survived the table copies.
        indexes = {row[1] for row in conn.execute(text("PRAGMA index_list('cases')"))}
        assert "uq_cases_one_open_per_conversation" in indexes
    engine.dispose()
