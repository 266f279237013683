"""Queue rules: claiming (atomically, on SQLite and PostgreSQL), releasing, transferring,
notes, closing with an outcome, claim targets and the monitor's alerts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from bot import cases
from bot.queue import monitor, work
from bot.queue.targets import ClaimTargets, end_of_next_working_day
from bot.records.db import Database, migrate
from bot.records.models import AuditEvent, Case, CaseNote, Message, Staff
from bot.risk import Risk
from bot.staff import audit
from tests.helpers_staff import make_staff, new_conversation

TARGETS = ClaimTargets.parse("emergency=2m,high=10m,medium=60m,low=next-working-day")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


def open_case(db: Database, risk: Risk = Risk.HIGH, channel: str = "web") -> int:
    cid = new_conversation(db, channel)
    with db.session() as session:
        return cases.open_or_raise(session, cid, risk, ["test"])[0].id


@pytest.fixture(scope="module")
def quiet_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A database of our own: the app under test (if running) watches the shared one."""
    url = f"sqlite:///{tmp_path_factory.mktemp('queue') / 'queue.db'}"
    migrate(url)
    database = Database(url)
    yield database
    database.engine.dispose()


def test_concurrent_claims_exactly_one_wins(db: Database) -> None:
    case_id = open_case(db)
    claimers = [make_staff(db)[0] for _ in range(6)]
    barrier = threading.Barrier(len(claimers))

    def try_claim(who: object) -> str:
        barrier.wait()
        try:
            with db.session() as session:
                work.claim(session, case_id, who, TARGETS, datetime.now(UTC))  # type: ignore[arg-type]
            return "won"
        except work.Conflict:
            return "lost"

    with ThreadPoolExecutor(max_workers=len(claimers)) as pool:
        results = list(pool.map(try_claim, claimers))
    assert results.count("won") == 1, results
    assert results.count("lost") == len(claimers) - 1
    winner = claimers[results.index("won")]
    with db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == "claimed" and case.claimed_by_id == winner.id
        claims = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == "case.claim")
        ).all()
        assert [e.staff_id for e in claims] == [winner.id]


def test_staff_see_the_queue_and_their_own_cases_only(db: Database) -> None:
    alice, _ = make_staff(db)
    bob, _ = make_staff(db)
    boss, _ = make_staff(db, "supervisor")
    case_id = open_case(db)
    with db.session() as session:
        assert work.visible(session, case_id, bob).id == case_id  # waiting: anyone may look
        work.claim(session, case_id, alice, TARGETS, NOW)
    with db.session() as session:
        with pytest.raises(work.NotFound):
            work.visible(session, case_id, bob)
        with pytest.raises(work.NotFound):
            work.add_note(session, case_id, bob, "sneaky", NOW)
        assert case_id not in {c.id for c in work.cases_for(session, bob)}
        assert case_id in {c.id for c in work.cases_for(session, alice)}
        assert case_id in {c.id for c in work.cases_for(session, boss)}
        with pytest.raises(work.Forbidden):
            work.unmask(session, case_id, alice)
        assert work.unmask(session, case_id, boss)["channel"] == "web"


def test_release_transfer_and_reassign(db: Database) -> None:
    alice, _ = make_staff(db)
    bob, _ = make_staff(db)
    boss, _ = make_staff(db, "supervisor")
    case_id = open_case(db)
    with db.session() as session:
        work.claim(session, case_id, alice, TARGETS, NOW)
    with db.session() as session:
        assert work.release(session, case_id, alice, NOW).status == "waiting"
    with db.session() as session:
        work.claim(session, case_id, alice, TARGETS, NOW)
        moved = work.transfer(session, case_id, alice, bob.username, TARGETS, NOW)
        assert moved.claimed_by_id == bob.id and moved.status == "claimed"
    with db.session() as session:
        with pytest.raises(work.NotFound):  # alice no longer holds it
            work.transfer(session, case_id, alice, alice.username, TARGETS, NOW)
        with pytest.raises(work.Invalid):
            work.transfer(session, case_id, boss, "nobody-by-that-name", TARGETS, NOW)
        assert work.transfer(session, case_id, boss, alice.username, TARGETS, NOW).claimed_by_id == alice.id
    with db.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        ).all()
        assert actions == ["case.claim", "case.release", "case.claim", "case.transfer", "case.transfer"]


def test_close_needs_a_listed_outcome_and_frees_the_conversation(db: Database) -> None:
    alice, _ = make_staff(db)
    cid = new_conversation(db)
    with db.session() as session:
        case_id = cases.open_or_raise(session, cid, Risk.MEDIUM, ["asked for a person"])[0].id
        work.claim(session, case_id, alice, TARGETS, NOW)
    with db.session() as session, pytest.raises(work.Invalid):
        work.close(session, case_id, alice, "made up", "", NOW)
    with db.session() as session:
        closed = work.close(session, case_id, alice, "signposted", "gave Childline number", NOW)
        assert closed.status == "closed" and closed.outcome == "signposted"
        assert closed.outcome_note == "gave Childline number"
    with db.session() as session:
        with pytest.raises(work.Conflict):
            work.close(session, case_id, alice, "signposted", "", NOW)
        again, new = cases.open_or_raise(session, cid, Risk.HIGH, ["again"])
        assert new and again.id != case_id


def test_notes_are_private_and_encrypted_at_rest(db: Database) -> None:
    alice, _ = make_staff(db)
    case_id = open_case(db)
    with db.session() as session:
        work.claim(session, case_id, alice, TARGETS, NOW)
        note = work.add_note(session, case_id, alice, "carer says she has a new phone", NOW)
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT text FROM case_notes WHERE id = :id"), {"id": note.id}).scalar_one()
    assert b"new phone" not in bytes(raw)
    with db.session() as session:
        stored = session.get(CaseNote, note.id)
        assert stored is not None and stored.text == "carer says she has a new phone"
        # Notes are never messages: nothing was queued for the young person.
        assert not session.scalars(select(Message).where(Message.text == "carer says she has a new phone")).all()


def test_the_audit_log_is_append_only(db: Database) -> None:
    with db.session() as session:
        audit.record(session, None, "test.event")
    with pytest.raises(audit.AppendOnly), db.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None
        event.action = "rewritten"
    # The database refuses too, whatever the code does.
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(update(AuditEvent).values(action="rewritten"))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))


def test_claim_targets_parse_and_next_working_day() -> None:
    assert TARGETS.due(NOW, Risk.EMERGENCY) == NOW + timedelta(minutes=2)
    assert TARGETS.due(NOW, Risk.MEDIUM) == NOW + timedelta(hours=1)
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    monday_5pm_uk = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # GMT in winter
    assert end_of_next_working_day(friday_evening) == monday_5pm_uk
    assert TARGETS.describe(Risk.EMERGENCY) == "2 min"
    assert ClaimTargets.parse("emergency=30s,high=1h,medium=2h,low=4h").due(NOW, Risk.LOW) == NOW + timedelta(hours=4)
    for bad in ("emergency=2m", "emergency=soon,high=1m,medium=1m,low=1m", "urgent=1m"):
        with pytest.raises(ValueError):
            ClaimTargets.parse(bad)


def test_claim_records_whether_the_target_was_met(db: Database) -> None:
    alice, _ = make_staff(db)
    early, late = open_case(db, Risk.EMERGENCY), open_case(db, Risk.EMERGENCY)
    with db.session() as session:
        opened = session.get(Case, early)
        assert opened is not None
        opened_at = opened.opened_at.replace(tzinfo=UTC)
        work.claim(session, early, alice, TARGETS, opened_at + timedelta(seconds=30))
        work.claim(session, late, alice, TARGETS, opened_at + timedelta(minutes=5))
    with db.session() as session:
        first, second = session.get(Case, early), session.get(Case, late)
        assert first is not None and second is not None
        assert first.claim_target_met is True and first.first_claimed_at is not None
        assert second.claim_target_met is False


def _review(db: Database, at: datetime) -> list[monitor.Notice]:
    with db.session() as session:
        return monitor.review(session, at, TARGETS, timedelta(minutes=5), "http://console.test")


def test_monitor_alerts_once_escalates_a_missed_target_and_realerts(quiet_db: Database) -> None:
    boss, _ = make_staff(quiet_db, "supervisor")
    with quiet_db.session() as session:
        staff = session.get(Staff, boss.id)
        assert staff is not None
        staff.on_duty = True
    case_id = open_case(quiet_db, Risk.EMERGENCY)
    with quiet_db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        opened = case.opened_at.replace(tzinfo=UTC)
    first = [n for n in _review(quiet_db, opened + timedelta(seconds=5)) if n.case_id == case_id]
    assert len(first) == 1
    assert f"EMERGENCY case #{case_id}" in first[0].text and "http://console.test/staff/cases/" in first[0].text
    assert not [n for n in _review(quiet_db, opened + timedelta(seconds=10)) if n.case_id == case_id]

    missed = [n for n in _review(quiet_db, opened + timedelta(minutes=3)) if n.case_id == case_id]
    assert len(missed) == 1 and "MISSED 2 min claim target" in missed[0].text
    assert f"on-call supervisor: {boss.username}" in missed[0].text
    assert not [n for n in _review(quiet_db, opened + timedelta(minutes=4)) if n.case_id == case_id]
    again = [n for n in _review(quiet_db, opened + timedelta(minutes=9)) if n.case_id == case_id]
    assert len(again) == 1 and again[0].text.startswith("STILL WAITING")
    with quiet_db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.claim_target_met is False and case.escalated_at is not None
        assert session.scalar(
            select(AuditEvent.id).where(AuditEvent.case_id == case_id, AuditEvent.action == "case.target_missed")
        )
        staff = session.get(Staff, boss.id)
        assert staff is not None
        staff.on_duty = False


def test_a_case_raised_to_emergency_is_alerted_again(quiet_db: Database) -> None:
    cid = new_conversation(quiet_db)
    with quiet_db.session() as session:
        case_id = cases.open_or_raise(session, cid, Risk.HIGH, ["feel unsafe"])[0].id
    first = [n for n in _review(quiet_db, datetime.now(UTC)) if n.case_id == case_id]
    assert len(first) == 1 and first[0].text.startswith("New case: HIGH")
    with quiet_db.session() as session:
        cases.open_or_raise(session, cid, Risk.EMERGENCY, ["danger now"])
    raised = [n for n in _review(quiet_db, datetime.now(UTC)) if n.case_id == case_id]
    assert len(raised) == 1 and raised[0].text.startswith("Case raised: EMERGENCY")


def test_alerts_never_carry_what_the_young_person_wrote(quiet_db: Database) -> None:
    cid = new_conversation(quiet_db)
    with quiet_db.session() as session:
        session.add(Message(conversation_id=cid, direction="in", author="person", text="secret words", status="done"))
        case_id = cases.open_or_raise(session, cid, Risk.HIGH, ["feel unsafe"])[0].id
    notices = [n for n in _review(quiet_db, datetime.now(UTC)) if n.case_id == case_id]
    assert notices and all("secret words" not in n.text for n in notices)
