"""The console's carer side over HTTP (in process): carer codes, child profiles, a case's
episodes (linking the young person, return interviews), and the scheduled retention purge."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import uvicorn
from sqlalchemy import select, text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.templating import Jinja2Templates

from bot import cases, conversations, episodes, retention
from bot.carers import invites, placements
from bot.queue.targets import ClaimTargets
from bot.records.db import Database, migrate
from bot.records.models import AuditEvent, Child, Episode, RecordsRequest
from bot.risk import Risk
from bot.settings import Settings
from bot.web import carers_console, console
from bot.web.app import TEMPLATES, SecurityHeaders
from tests.conftest import PSEUDONYM_KEY, free_port, make_settings
from tests.helpers_staff import make_staff, new_conversation
from tests.test_staff_auth import http_login

CODE = re.compile(r"WM-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def web(db: Database, settings: Settings) -> Iterator[httpx.Client]:
    """The console routes served on a loopback port, on the test database (no Rasa, no Telegram)."""
    app = Starlette(routes=[*console.routes, *carers_console.routes], middleware=[Middleware(SecurityHeaders)])
    app.state.settings = settings
    app.state.pipeline = SimpleNamespace(db=db)
    app.state.templates = Jinja2Templates(directory=TEMPLATES)
    app.state.relay = SimpleNamespace(targets=ClaimTargets.parse(settings.claim_targets))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the console did not start"
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def login_as(client: httpx.Client, db: Database, role: str) -> tuple[int, str]:
    """Log in a new account of ``role``; returns its id and the CSRF token."""
    who, secret = make_staff(db, role)
    _token, csrf = http_login(client, who.username, secret)
    return who.id, csrf


def audited(db: Database, staff_id: int, action: str) -> list[AuditEvent]:
    with db.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.staff_id == staff_id, AuditEvent.action == action)
            ).all()
        )


def new_placement(db: Database) -> tuple[int, str, int]:
    """A placement with one child; returns (placement id, placement name, child id)."""
    with db.session() as session:
        placement = placements.get_or_create_placement(session, f"home-{uuid.uuid4().hex[:8]}")
        child = placements.add_child(session, placement, "JM", "Jamie", 2011)
        return placement.id, placement.name, child.id


# -- carer codes -----------------------------------------------------------------------------


def test_a_supervisor_issues_a_carer_code_shown_once_and_audited(web: httpx.Client, db: Database) -> None:
    placement_id, name, _child = new_placement(db)
    staff_id, csrf = login_as(web, db, "supervisor")
    listing = web.get("/staff/carers")
    assert listing.status_code == 200 and name in listing.text
    assert not CODE.search(listing.text)
    # CSRF, and POST only.
    assert web.post("/staff/carers/invite", data={"placement_id": str(placement_id)}).status_code == 403
    assert web.get("/staff/carers/invite").status_code == 405
    issued = web.post("/staff/carers/invite", data={"csrf": csrf, "placement_id": str(placement_id)})
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    match = CODE.search(issued.text)
    assert match, "the code is shown once"
    code = match.group(0)
    assert code not in web.get("/staff/carers").text, "never shown again"
    # The code enrols a carer for that placement, once.
    with db.session() as session:
        first = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
        enrolment = invites.enrol(session, first, code)
        assert enrolment.ok and enrolment.carer is not None and enrolment.carer.placement_id == placement_id
        second = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
        assert not invites.enrol(session, second, code).ok
    events = audited(db, staff_id, "carer_invite.issue")
    assert len(events) == 1 and events[0].detail["placement_id"] == placement_id
    assert code not in json.dumps(events[0].detail), "the audit log never holds the code"
    assert audited(db, staff_id, "placements.view")
    missing = web.post("/staff/carers/invite", data={"csrf": csrf, "placement_id": "999999"})
    assert missing.status_code == 404


def test_staff_cannot_issue_codes(web: httpx.Client, db: Database) -> None:
    placement_id, _name, _child = new_placement(db)
    _staff_id, csrf = login_as(web, db, "staff")
    assert web.get("/staff/carers").status_code == 403
    refused = web.post("/staff/carers/invite", data={"csrf": csrf, "placement_id": str(placement_id)})
    assert refused.status_code == 403 and not CODE.search(refused.text)


def test_logged_out_gets_nothing(web: httpx.Client, db: Database) -> None:
    _placement_id, _name, child_id = new_placement(db)
    assert web.get("/staff/carers").status_code == 303
    assert web.get(f"/staff/children/{child_id}").status_code == 303
    assert web.post(f"/staff/children/{child_id}/profile", data={"description": "x"}).status_code == 403


# -- child profiles --------------------------------------------------------------------------


PROFILE = {
    "description": "Tall, red hair, scar over left eyebrow",
    "known_places": "Riverside skate park; Market Street arcade",
    "known_associates": "Older boy called Dex",
    "vulnerabilities": "Asthma (inhaler); exploitation concerns",
    "photo_reference": "File 7, photo dated March",
}


def test_a_supervisor_keeps_an_encrypted_profile_staff_only_read_it(
    web: httpx.Client, db: Database, settings: Settings
) -> None:
    _placement_id, _name, child_id = new_placement(db)
    supervisor_id, csrf = login_as(web, db, "supervisor")
    assert web.post(f"/staff/children/{child_id}/profile", data=PROFILE).status_code == 403, "CSRF"
    saved = web.post(f"/staff/children/{child_id}/profile", data={**PROFILE, "csrf": csrf})
    assert saved.status_code == 303 and saved.headers["location"] == f"/staff/children/{child_id}?saved=1"
    page = web.get(f"/staff/children/{child_id}")
    assert page.status_code == 200 and 'id="profile"' in page.text
    for value in PROFILE.values():
        assert value in page.text
    assert "Jamie" in page.text, "supervisors see the first name"
    # Encrypted at rest: the stored bytes hold none of it.
    with db.engine.connect() as conn:
        raw = bytes(conn.execute(text("SELECT profile FROM children WHERE id = :id"), {"id": child_id}).scalar_one())
    assert b"Dex" not in raw and b"skate" not in raw
    # Audited with field names only.
    updates = audited(db, supervisor_id, "child.profile.update")
    assert updates and sorted(updates[0].detail["fields"]) == sorted(PROFILE)
    assert "Dex" not in json.dumps(updates[0].detail)
    assert audited(db, supervisor_id, "child.view")
    # An edit of one field leaves the others.
    web.post(f"/staff/children/{child_id}/profile", data={"csrf": csrf, "known_associates": ""})
    with db.session() as session:
        child = session.get(Child, child_id)
        assert child is not None and child.profile is not None
        stored = json.loads(child.profile)
        assert "known_associates" not in stored and stored["description"] == PROFILE["description"]
    too_long = web.post(f"/staff/children/{child_id}/profile", data={"csrf": csrf, "photo_reference": "x" * 201})
    assert too_long.status_code == 422
    assert web.get("/staff/children/999999").status_code == 404

    # Staff: read only, no first name, and no editing.
    web.headers.pop("cookie")
    staff_id, staff_csrf = login_as(web, db, "staff")
    read = web.get(f"/staff/children/{child_id}")
    assert read.status_code == 200 and PROFILE["description"] in read.text
    assert 'id="profile"' not in read.text and "Jamie" not in read.text
    refused = web.post(f"/staff/children/{child_id}/profile", data={"csrf": staff_csrf, "description": "changed"})
    assert refused.status_code == 403
    assert audited(db, staff_id, "child.view")


# -- a case: link the young person, return interviews ----------------------------------------


def test_linking_a_case_reconciles_episodes_and_records_the_return_interview(web: httpx.Client, db: Database) -> None:
    _placement_id, _name, child_id = new_placement(db)
    young_person = new_conversation(db)
    at = datetime.now(UTC) - timedelta(hours=5)
    with db.session() as session:
        child = session.get(Child, child_id)
        assert child is not None
        reference = child.reference
        # The young person says they are away; the carer reports the same child missing.
        own = episodes.record_self_report(session, young_person, "yes", {"where": "a mate's"})
        own.started_at = at
        carer_episode, _new = episodes.report_missing(session, child, at - timedelta(minutes=30))
        case, _ = cases.open_or_raise(session, young_person, Risk.HIGH, ["away from placement"])
        case_id, carer_episode_id = case.id, carer_episode.id
    supervisor_id, csrf = login_as(web, db, "supervisor")
    before = web.get(f"/staff/cases/{case_id}")
    assert before.status_code == 200 and 'id="link-child"' in before.text

    assert web.post(f"/staff/cases/{case_id}/link-child", data={"child": reference}).status_code == 403, "CSRF"
    unknown = web.post(f"/staff/cases/{case_id}/link-child", data={"csrf": csrf, "child": "C-NOPE0000"})
    assert unknown.status_code == 404
    linked = web.post(f"/staff/cases/{case_id}/link-child", data={"csrf": csrf, "child": reference.lower()})
    assert linked.status_code == 303
    with db.session() as session:
        found = session.scalars(select(Episode).where(Episode.child_id == child_id)).all()
        assert [e.id for e in found] == [carer_episode_id], "one absence, one episode"
        assert sorted(found[0].sources or []) == ["carer", "young_person"]
        assert found[0].conversation_id == young_person
        assert episodes.details_of(found[0])["where"] == "a mate's"
        # Their next "I'm back" closes the carer's episode.
        closed = episodes.record_return(session, young_person, datetime.now(UTC) - timedelta(hours=1))
        assert closed is not None and closed.id == carer_episode_id
    events = audited(db, supervisor_id, "child.link")
    assert events and events[0].case_id == case_id and events[0].detail["child_id"] == child_id

    page = web.get(f"/staff/cases/{case_id}")
    assert reference in page.text and f'data-episode="{carer_episode_id}"' in page.text
    assert 'id="link-child"' not in page.text

    back = f"/staff/cases/{case_id}"
    url = f"/staff/episodes/{carer_episode_id}/return-interview"
    early = (datetime.now(UTC) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    assert web.post(url, data={"csrf": csrf, "what": "offered", "at": early, "back": back}).status_code == 422
    future = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert web.post(url, data={"csrf": csrf, "what": "done", "at": future, "back": back}).status_code == 422
    assert web.post(url, data={"csrf": csrf, "what": "maybe", "back": back}).status_code == 422
    offered = web.post(url, data={"csrf": csrf, "what": "offered", "back": back})
    assert offered.status_code == 303 and offered.headers["location"] == back
    done = web.post(url, data={"csrf": csrf, "what": "done", "back": "https://evil.example/"})
    assert done.status_code == 303 and done.headers["location"] == "/staff", "no open redirect"
    with db.session() as session:
        episode = session.get(Episode, carer_episode_id)
        assert episode is not None
        assert episode.return_interview_offered_at is not None and episode.return_interview_done_at is not None
    interviews = audited(db, supervisor_id, "episode.return_interview")
    assert [e.detail["what"] for e in interviews] == ["offered", "done"]
    assert interviews[0].case_id == case_id


def test_staff_cannot_link_or_record_interviews(web: httpx.Client, db: Database) -> None:
    _placement_id, _name, child_id = new_placement(db)
    conversation = new_conversation(db)
    with db.session() as session:
        child = session.get(Child, child_id)
        assert child is not None
        case, _ = cases.open_or_raise(session, conversation, Risk.MEDIUM, ["test"])
        episode, _ = episodes.report_missing(session, child, datetime.now(UTC) - timedelta(hours=3))
        episodes.report_child_return(session, child, datetime.now(UTC) - timedelta(hours=1))
        case_id, episode_id, reference = case.id, episode.id, child.reference
    _staff_id, csrf = login_as(web, db, "staff")
    page = web.get(f"/staff/cases/{case_id}")
    assert page.status_code == 200 and 'id="link-child"' not in page.text
    assert web.post(f"/staff/cases/{case_id}/link-child", data={"csrf": csrf, "child": reference}).status_code == 403
    url = f"/staff/episodes/{episode_id}/return-interview"
    assert web.post(url, data={"csrf": csrf, "what": "done"}).status_code == 403
    with db.session() as session:
        child = session.get(Child, child_id)
        assert child is not None and child.conversation_id is None


def test_a_carer_conversation_or_a_second_child_cannot_be_linked(web: httpx.Client, db: Database) -> None:
    _placement_id, name, child_id = new_placement(db)
    with db.session() as session:
        placement = placements.find_placement(session, name)
        assert placement is not None
        other = placements.add_child(session, placement, "AB")
        carer_conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
        code = invites.issue(session, placement)
        assert invites.enrol(session, carer_conversation, code).ok
        carer_case, _ = cases.open_or_raise(session, carer_conversation.id, Risk.HIGH, ["carer report"])
        young_person = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
        case, _ = cases.open_or_raise(session, young_person.id, Risk.HIGH, ["test"])
        child = session.get(Child, child_id)
        assert child is not None
        ids = carer_case.id, case.id, child.reference, other.reference
    _supervisor, csrf = login_as(web, db, "supervisor")
    carer_case_id, case_id, reference, other_reference = ids
    refused = web.post(f"/staff/cases/{carer_case_id}/link-child", data={"csrf": csrf, "child": reference})
    assert refused.status_code == 409
    assert web.post(f"/staff/cases/{case_id}/link-child", data={"csrf": csrf, "child": reference}).status_code == 303
    second = web.post(f"/staff/cases/{case_id}/link-child", data={"csrf": csrf, "child": other_reference})
    assert second.status_code == 409 and reference in second.text


# -- the scheduled retention purge -------------------------------------------------------------


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'purge.db'}"
    migrate(url)
    database = Database(url)
    yield database
    database.engine.dispose()


def test_the_purge_runs_once_per_period(fresh_db: Database, tmp_path: Path) -> None:
    settings = make_settings(fresh_db.url, tmp_path, purge_every_hours=24.0)
    start = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert retention.purge_if_due(fresh_db, settings, start) is not None
    assert retention.purge_if_due(fresh_db, settings, start + timedelta(hours=23)) is None
    assert retention.purge_if_due(fresh_db, settings, start + timedelta(hours=24)) is not None
    with fresh_db.session() as session:
        runs = session.scalars(select(RecordsRequest).where(RecordsRequest.kind == "purge")).all()
        assert len(runs) == 2


def test_the_purge_task_keeps_going_after_a_failure_and_can_be_off(
    fresh_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def flaky(db: Database, settings: Settings, now: datetime | None = None) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")

    monkeypatch.setattr(retention, "purge_if_due", flaky)

    async def run(settings: Settings) -> None:
        task = asyncio.create_task(retention.purge_forever(fresh_db, settings, check_every_s=0.01))
        await asyncio.sleep(0.2)
        assert not task.done() or task.exception() is None
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run(make_settings(fresh_db.url, tmp_path, purge_every_hours=24.0)))
    assert len(calls) >= 2, "a failed run does not stop the schedule"

    calls.clear()
    off = make_settings(fresh_db.url, tmp_path, purge_every_hours=0.0)
    asyncio.run(asyncio.wait_for(retention.purge_forever(fresh_db, off, check_every_s=0.01), 1))
    assert calls == []


def test_the_purge_interval_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WAYMARK_VAR_DIR", str(tmp_path))
    assert Settings.from_env().purge_every_hours == 24.0
    monkeypatch.setenv("WAYMARK_PURGE_EVERY_HOURS", "6")
    assert Settings.from_env().purge_every_hours == 6.0
