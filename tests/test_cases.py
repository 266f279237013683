"""Queue rules on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from bot import cases, conversations
from bot.records.db import Database
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY


def new_conversation(db: Database) -> int:
    with db.session() as session:
        return conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4())).id


def test_one_open_case_per_conversation_and_risk_only_raises(db: Database) -> None:
    cid = new_conversation(db)
    with db.session() as session:
        first, new = cases.open_or_raise(session, cid, Risk.MEDIUM, ["asked for a person"])
        assert new
    with db.session() as session:
        again, new = cases.open_or_raise(session, cid, Risk.EMERGENCY, ["danger now"])
        assert not new and again.id == first.id
        assert again.priority == Risk.EMERGENCY
        assert again.reasons == ["asked for a person", "danger now"]
    with db.session() as session:
        lower, _ = cases.open_or_raise(session, cid, Risk.LOW, [])
        assert lower.priority == Risk.EMERGENCY


def test_concurrent_openers_share_one_case(db: Database) -> None:
    cid = new_conversation(db)

    def open_one(_: int) -> int:
        with db.session() as session:
            case, _new = cases.open_or_raise(session, cid, Risk.HIGH, ["x"])
            return case.id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(open_one, range(8)))
    assert len(ids) == 1


def test_queue_order_is_priority_then_longest_waiting(db: Database) -> None:
    made = []
    for risk in (Risk.MEDIUM, Risk.EMERGENCY, Risk.HIGH, Risk.EMERGENCY):
        cid = new_conversation(db)
        with db.session() as session:
            made.append((cases.open_or_raise(session, cid, risk, [])[0].id, risk))
    with db.session() as session:
        mine = [c for c in cases.list_open(session) if c.id in {m[0] for m in made}]
    ids = [c.id for c in mine]
    emergencies = [m[0] for m in made if m[1] == Risk.EMERGENCY]
    assert ids[:2] == emergencies  # both emergencies first, the earlier one first
    assert [Risk(c.priority) for c in mine] == [Risk.EMERGENCY, Risk.EMERGENCY, Risk.HIGH, Risk.MEDIUM]
