"""Records lifecycle: purge keeps the counts, export shows everything, erasure is refused for safeguarding."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import conversations, episodes, retention
from bot.carers import placements
from bot.records.db import Database, migrate
from bot.records.models import Case, Contact, Message, RecordsRequest
from bot.reports import figures
from tests.conftest import PSEUDONYM_KEY, make_settings

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    migrate(url)
    database = Database(url)
    yield database
    database.engine.dispose()


def _message(session, conversation_id: int, text: str, at: datetime) -> None:  # type: ignore[no-untyped-def]
    session.add(
        Message(
            conversation_id=conversation_id,
            direction="in",
            author="person",
            text=text,
            status="processed",
            created_at=at,
        )
    )


def test_purge_wipes_old_texts_and_identities_but_keeps_the_counts(fresh_db: Database, tmp_path: Path) -> None:
    settings = make_settings(fresh_db.url, tmp_path)
    old = NOW - timedelta(days=2500)
    with fresh_db.session() as session:
        chatty = conversations.get_or_create(session, PSEUDONYM_KEY, "web", "chatty")
        _message(session, chatty.id, "hi there", NOW - timedelta(days=100))
        _message(session, chatty.id, "still here", NOW - timedelta(days=10))
        session.add(
            Contact(
                conversation_id=chatty.id,
                channel="web",
                at=NOW - timedelta(days=100),
                risk="low",
                decided_by="actions",
                reasons=[],
            )
        )
        gone = conversations.get_or_create(session, PSEUDONYM_KEY, "telegram", "gone", reply_address="12345")
        gone.created_at = old
        _message(session, gone.id, "im at my mates", old)
        session.add(Case(conversation_id=gone.id, priority=2, status="closed", opened_at=old, closed_at=old))
        child = placements.add_child(session, placements.get_or_create_placement(session, "P"), "JM", "Jade", 2005)
        child.created_at = old
        episode, _ = episodes.report_missing(session, child, old, details={"last_seen": "with Tyler"}, now=old)
        episodes.report_child_return(session, child, old + timedelta(hours=3), now=old + timedelta(hours=3))
        before = figures.build(session, date(2019, 1, 1), date(2026, 12, 31), now=NOW)["figures"]
    with fresh_db.session() as session:
        counts = retention.purge(session, settings, now=NOW)
    assert counts["message_texts"] == 1 and counts["case_message_texts"] == 1
    assert counts["episode_details"] == 1 and counts["identities"] == 2
    with fresh_db.session() as session:
        texts = sorted(m.text or "" for m in session.scalars(select(Message)))
        assert texts == ["", "", "still here"]
        assert session.get(type(gone), gone.id).reply_address is None  # type: ignore[union-attr]
        assert session.get(type(child), child.id).first_name is None  # type: ignore[union-attr]
        assert session.get(type(episode), episode.id).details is None  # type: ignore[union-attr]
        after = figures.build(session, date(2019, 1, 1), date(2026, 12, 31), now=NOW)["figures"]
    for key in ("episodes_total", "children_missing", "duration_hours", "contacts_total", "cases_opened"):
        assert after[key] == before[key], key


def test_export_and_erase(fresh_db: Database) -> None:
    with fresh_db.session() as session:
        plain = conversations.get_or_create(session, PSEUDONYM_KEY, "web", "plain")
        _message(session, plain.id, "whats the best pizza", NOW)
        kept = conversations.get_or_create(session, PSEUDONYM_KEY, "web", "kept")
        session.add(Case(conversation_id=kept.id, priority=2, status="closed", opened_at=NOW))
        plain_name, kept_name = plain.pseudonym, kept.pseudonym
    with fresh_db.session() as session:
        export = retention.export_person(session, plain_name)
        assert export is not None and export["messages"][0]["text"] == "whats the best pizza"
        outcome, reason = retention.erase_person(session, kept_name)
        assert outcome == "refused" and "safeguarding record" in reason
        assert retention.erase_person(session, plain_name)[0] == "done"
        assert retention.export_person(session, "nobody") is None
    with fresh_db.session() as session:
        assert all(m.text is None for m in session.scalars(select(Message)))
        requests = [(r.kind, r.outcome) for r in session.scalars(select(RecordsRequest).order_by(RecordsRequest.id))]
        assert requests == [("export", "done"), ("erase", "refused"), ("erase", "done"), ("export", "not_found")]
        refused = session.scalar(select(RecordsRequest).where(RecordsRequest.outcome == "refused"))
        assert refused is not None and refused.reason
