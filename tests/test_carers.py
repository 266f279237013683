"""Carers: one-time codes, carer reports turned into episodes and cases, and the whole flow end to end."""

from __future__ import annotations

import json
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot import conversations, episodes
from bot.carers import context, invites, placements
from bot.carers import reports as carer_reports
from bot.records.crypto import pseudonym
from bot.records.db import Database
from bot.records.models import Carer, Case, Child, Conversation, Episode, Placement, as_utc
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY, Stack, make_settings

NOW = datetime(2026, 3, 6, 14, 0, tzinfo=UTC)


def _placement(session):  # type: ignore[no-untyped-def]
    return placements.get_or_create_placement(session, f"test-{uuid.uuid4().hex[:8]}")


def _conversation(session):  # type: ignore[no-untyped-def]
    return conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))


def test_a_code_links_a_conversation_once(db: Database) -> None:
    with db.session() as session:
        placement = _placement(session)
        code = invites.issue(session, placement, hours=1, now=NOW)
        first, second = _conversation(session), _conversation(session)
        result = invites.enrol(session, first, f"/start {code.lower()}", now=NOW + timedelta(minutes=5))
        assert result.ok and result.carer is not None and result.carer.placement_id == placement.id
        assert first.role == "carer"
        assert placements.carer_of_conversation(session, first.id) is not None
        again = invites.enrol(session, second, code, now=NOW + timedelta(minutes=6))
        assert not again.ok, "a code works once"
        assert placements.carer_of_conversation(session, second.id) is None


def test_a_code_expires(db: Database) -> None:
    with db.session() as session:
        code = invites.issue(session, _placement(session), hours=1, now=NOW)
        late = invites.enrol(session, _conversation(session), code, now=NOW + timedelta(hours=1, seconds=1))
        assert not late.ok


@pytest.mark.parametrize("text", ["WM-AAAA-BBBB", "i'm a foster carer", "", "WM-0000-1111"])
def test_unknown_or_missing_codes_link_nothing(db: Database, text: str) -> None:
    with db.session() as session:
        conversation = _conversation(session)
        assert not invites.enrol(session, conversation, text, now=NOW).ok
        assert conversation.role == "young_person"


def test_codes_are_stored_hashed_and_read_from_plain_text_or_start() -> None:
    assert invites.normalise_code("/start wm-abcd-2345") == "WM-ABCD-2345"
    assert invites.normalise_code("my code is WM ABCD 2345") == "WM-ABCD-2345"
    assert invites.normalise_code("jade hasnt come back") is None


def test_someone_who_only_says_they_are_a_carer_learns_nothing_about_a_child(db: Database) -> None:
    with db.session() as session:
        placement = _placement(session)
        placements.add_child(session, placement, "JM", "Jade", 2012)
        stranger = _conversation(session)
        assert context.child_in_question(session, stranger, "im jades carer, is JM missing", None) is None


def _carer(session, placement):  # type: ignore[no-untyped-def]
    conversation = _conversation(session)
    carer = Carer(placement_id=placement.id, conversation_id=conversation.id)
    session.add(carer)
    session.flush()
    return carer


def test_a_carer_report_opens_the_episode_and_a_case_raised_by_repeat_missing(db: Database, tmp_path: Path) -> None:
    settings = make_settings(db.url, tmp_path)
    with db.session() as session:
        placement = _placement(session)
        child = placements.add_child(session, placement, "TK", "Tyler", 2011)
        carer = _carer(session, placement)
        for days in (40, 20):
            start = NOW - timedelta(days=days)
            episodes.report_missing(session, child, start, now=start)
            episodes.report_child_return(session, child, start + timedelta(hours=3), now=start + timedelta(hours=3))
        answers = {"last_seen": "4pm at college", "risks": "none known", "police": "yes ref CAM-2231", "with": "dk"}
        report = carer_reports.report_missing(session, settings, carer, child, answers, now=NOW)
        assert report.new_episode
        assert report.episode.police_informed is True and report.episode.police_reference == "CAM-2231"
        case = session.get(Case, report.case_id)
        assert case is not None and case.priority == int(Risk.HIGH)
        assert any("repeat missing: 3 episodes in 90 days" in r for r in case.reasons)
        assert report.assessment.call == "101"
        # The triage sees it too: a later contact about TK from the carer raises risk.
        conversation = session.get(Conversation, carer.conversation_id)
        assert conversation is not None
        assert context.repeat_missing(session, settings, conversation, "any news on TK", at=NOW) is not None


def test_danger_in_a_carer_report_means_999(db: Database, tmp_path: Path) -> None:
    settings = make_settings(db.url, tmp_path)
    with db.session() as session:
        placement = _placement(session)
        child = placements.add_child(session, placement, "KD", "Kayden", 2012)
        report = carer_reports.report_missing(
            session, settings, _carer(session, placement), child, {"risks": "diabetic, no insulin with him"}, now=NOW
        )
        assert report.assessment.call == "999" and report.assessment.risk == Risk.EMERGENCY


def test_a_return_closes_the_episode_and_concerns_open_a_case(db: Database, tmp_path: Path) -> None:
    settings = make_settings(db.url, tmp_path)
    with db.session() as session:
        placement = _placement(session)
        child = placements.add_child(session, placement, "RS", "Reece", 2010)
        carer = _carer(session, placement)
        episodes.report_missing(session, child, NOW - timedelta(hours=8), now=NOW - timedelta(hours=7))
        answers = {
            "time": "3am",
            "seem": "quiet",
            "injuries": "none",
            "intoxication": "smelt of weed",
            "concerns": "no",
        }
        result = carer_reports.report_return(session, settings, carer, child, answers, now=NOW)
        assert result.episode.ended_at is not None
        due = as_utc(result.episode.return_interview_due_at)  # type: ignore[arg-type]
        assert due == as_utc(result.episode.ended_at) + timedelta(hours=72)
        assert result.concerns == ["on return: drink or drugs reported"] and result.case_id is not None


def test_time_parsing_takes_the_most_recent_matching_time() -> None:
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 6, 2, 30, tzinfo=UTC)  # 02:30 GMT
    assert carer_reports.parse_time("last seen 4pm", now, london) == datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    assert carer_reports.parse_time("came in at 3", now, london) == datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    assert carer_reports.parse_time("came in at 1", now, london) == datetime(2026, 3, 6, 1, 0, tzinfo=UTC)
    assert carer_reports.parse_time("dont know", now, london) is None
    assert carer_reports.police_answer("not yet") == (False, None)
    assert carer_reports.police_answer("dunno") == (None, None)


# -- end to end: web chat, real Rasa and action servers, the CLI ------------------------------------------------


def chat(app: str, sender: str, text: str) -> str:
    response = httpx.post(f"{app}/api/chat", json={"sender": sender, "text": text}, timeout=60)
    assert response.status_code == 200, response.text
    replies = response.json()["replies"]
    assert replies, "every message gets a reply"
    return " ".join(str(r["text"]) for r in replies)


def cli(stack: Stack, *args: str) -> str:
    out = subprocess.run(
        [".venv/bin/python", "-m", "bot", *args], env=stack.env, capture_output=True, text=True, timeout=120, check=True
    )
    return out.stdout


@pytest.mark.stack
def test_carer_enrols_reports_missing_and_back_and_the_report_shows_it(app: str, stack: Stack, db: Database) -> None:
    placement = f"E2E House {uuid.uuid4().hex[:6]}"
    cli(
        stack,
        "carers",
        "add-child",
        "--placement",
        placement,
        "--code",
        "JM",
        "--first-name",
        "Jade",
        "--birth-year",
        "2011",
    )
    code = cli(stack, "carers", "invite", "--placement", placement).strip()
    assert invites.normalise_code(code) == code

    stranger = str(uuid.uuid4())
    reply = chat(app, stranger, "JM still not in, phone off")
    assert "code" in reply and "Jade" not in reply and "JM" not in reply, "nothing about any child before enrolment"

    sender = str(uuid.uuid4())
    reply = chat(app, sender, code)
    assert "linked as a carer" in reply and "JM" in reply
    assert "didn't work" in chat(app, str(uuid.uuid4()), code), "the code works once"

    assert "last seen" in chat(app, sender, "JM still not in, phone off")
    assert "wearing" in chat(app, sender, "4pm outside college")
    assert "with" in chat(app, sender, "dont know")
    assert "risks" in chat(app, sender, "probably her mate from school")
    assert "police" in chat(app, sender, "none known")
    reply = chat(app, sender, "not yet")
    assert "Recorded: JM not back" in reply and "101" in reply

    with db.session() as session:
        carer_conversation = conversations.find(session, "web", pseudonym(PSEUDONYM_KEY, "web", sender))
        assert carer_conversation is not None and carer_conversation.role == "carer"
        conversation_id = carer_conversation.id
        case = session.scalar(select(Case).where(Case.conversation_id == conversation_id, Case.status != "closed"))
        assert case is not None and any("carer reports JM" in r for r in case.reasons)
        assert case.status == "waiting"

    # Nobody has picked the case up yet: the carer can still report the return to the bot.
    assert "What time" in chat(app, sender, "JM is back, came in at 3")
    assert "seem" in chat(app, sender, "3am")
    assert "injuries" in chat(app, sender, "tired but ok")
    assert "drink or drugs" in chat(app, sender, "none")
    assert "worries" in chat(app, sender, "no")
    reply = chat(app, sender, "none")
    assert "Recorded: JM back" in reply and "return interview is due by" in reply

    report = json.loads(cli(stack, "report", "--format", "json"))
    with db.session() as session:
        child = session.scalar(select(Child).join(Placement).where(Placement.name == placement))
        assert child is not None
        episode = session.scalar(select(Episode).where(Episode.child_id == child.id))
        assert episode is not None
        reference = child.reference
    rows = [row for row in report["figures"]["episodes"] if row["child"] == reference]
    assert len(rows) == 1, "one episode for the absence"
    row = rows[0]
    assert row["category"] == "missing" and row["sources"] == ["carer"]
    assert row["ended_at"] is not None and row["return_interview_due_at"] is not None
    ended = datetime.fromisoformat(row["ended_at"])
    assert datetime.fromisoformat(row["return_interview_due_at"]) - ended == timedelta(hours=72)
    assert "Jade" not in json.dumps(report)
