"""Report figures against hand-computed answers on a small fixed dataset, and what exports leak."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot import conversations, episodes
from bot.carers import placements
from bot.records.db import Database, migrate
from bot.records.models import Case, Contact, Message
from bot.reports import demo, figures, render
from bot.reports.redact import redact
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY, _postgres_database

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
MESSAGE_TEXT = "jade is at tylers flat on 14 Mill Road, ring me on 07700 900123"


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)  # March 2026: London is on GMT


@pytest.fixture(params=["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else []))
def fresh_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A database of its own: report figures count everything in it."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.db'}"])
    else:
        urls = _postgres_database()
    url = next(urls)
    migrate(url)
    database = Database(url)
    yield database
    database.engine.dispose()
    for _ in urls:  # drops the PostgreSQL database
        pass


def _episode(session, child, start, end=None, category="missing", police=None, offered=None, done=None):  # type: ignore[no-untyped-def]
    episode, _ = episodes.report_missing(session, child, start, category=category, police_informed=police, now=start)
    if end is not None:
        episodes.report_child_return(session, child, end, now=end)
    episodes.record_return_interview(session, episode, offered, done)
    return episode


def build_dataset(db: Database) -> None:
    with db.session() as session:
        home = placements.get_or_create_placement(session, "Oak House", "childrens_home")
        a = placements.add_child(session, home, "JM", "Jade", 2012)
        b = placements.add_child(session, home, "TK", "Tyler", 2011)
        c = placements.add_child(session, home, "KD", "Kayden", 2013)
        a.conversation_id = conversations.get_or_create(session, PSEUDONYM_KEY, "telegram", "a-own").id
        session.flush()
        first, _ = episodes.report_missing(session, a, at(2, 10), police_informed=True, now=at(2, 10))
        first.details = json.dumps({"last_seen": "with Tyler at 14 Mill Road CB1 2AB, call 07700 900123"})
        episodes.record_self_report(session, a.conversation_id, "yes", {"area": "town"})  # reconciled: both
        episodes.record_return(session, a.conversation_id, at(2, 12))
        episodes.record_return_interview(session, first, None, at(4, 10))
        _episode(session, a, at(5, 22), at(6, 4), police=False, offered=at(6, 10))
        _episode(session, a, at(7, 15), at(8, 16), category="away", done=at(12, 10))
        _episode(session, b, at(5, 9, month=1), at(5, 14, month=1))
        _episode(session, b, at(7, 22, 30), police=True)  # still missing
        _episode(session, c, at(20, 8, month=2), at(21, 8, month=2))
        _episode(session, c, at(10, 9), at(10, 10))
        episodes.report_child_return(session, c, at(25, 13), now=at(25, 13))  # return only: start unknown
        yp = conversations.get_or_create(session, PSEUDONYM_KEY, "web", "unlinked-young-person")
        own = episodes.record_self_report(session, yp.id, "yes", {"why": MESSAGE_TEXT})
        own.started_at = at(20, 18)
        episodes.record_return(session, yp.id, at(20, 20))
        session.add(
            Message(conversation_id=yp.id, direction="in", author="person", text=MESSAGE_TEXT, status="processed")
        )
        for when, channel, intent, risk in (
            (at(3, 9), "web", "greet", "low"),
            (at(5, 23), "telegram", "away_safe", "medium"),
            (at(7, 23), "telegram", None, "high"),
            (at(2, 9, month=4), "telegram", "greet", "low"),
        ):
            session.add(
                Contact(
                    conversation_id=yp.id,
                    channel=channel,
                    at=when,
                    intent=intent,
                    risk=risk,
                    decided_by="actions",
                    reasons=[],
                )
            )
        for opened, priority, claim_after, met, status in (
            (at(5, 22, 10), Risk.HIGH, 4, True, "closed"),
            (at(7, 22, 40), Risk.MEDIUM, 90, False, "closed"),
            (at(20, 18, 5), Risk.LOW, None, None, "waiting"),
        ):
            conv = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
            case = Case(conversation_id=conv.id, priority=int(priority), status=status, opened_at=opened, reasons=[])
            if claim_after is not None:
                case.claimed_at = opened + timedelta(minutes=claim_after)
                if hasattr(case, "first_claimed_at"):
                    case.first_claimed_at = case.claimed_at
            if hasattr(case, "claim_target_met"):
                case.claim_target_met = met
            session.add(case)


def report(db: Database) -> dict:  # type: ignore[type-arg]
    with db.session() as session:
        return figures.build(session, date(2026, 3, 1), date(2026, 3, 31), now=NOW)


def test_figures_match_the_hand_computed_answers(fresh_db: Database) -> None:
    build_dataset(fresh_db)
    f = report(fresh_db)["figures"]
    assert f["episodes_total"] == 7
    assert f["episodes_by_category"] == {"missing": 5, "away": 2}
    assert f["episodes_by_source"] == {"both": 1, "carer": 5, "young_person": 1}
    assert f["children_missing"] == 4
    assert f["children_repeat_missing"] == 2  # JM (3 in March) and KD (Feb, Mar, Mar)
    assert f["children_two_or_more_episodes"] == 2
    assert f["episodes_per_child"] == [
        {"episodes": 1, "children": 2},
        {"episodes": 2, "children": 1},
        {"episodes": 3, "children": 1},
    ]
    assert f["episodes_per_child_max"] == 3
    assert f["duration_hours"] == {"count": 5, "median": 2.0, "p90": 25.0, "max": 25.0}
    expected_hours = [0] * 24
    for hour in (10, 22, 15, 22, 9, 18, 13):
        expected_hours[hour] += 1
    assert f["episodes_by_hour"] == expected_hours
    assert f["episodes_by_weekday"] == {"Mon": 1, "Tue": 1, "Wed": 1, "Thu": 1, "Fri": 1, "Sat": 2, "Sun": 0}
    assert f["still_missing_now"] == {"as_of": NOW.isoformat(), "episodes": 1, "children": 1}
    assert f["police_informed"] == {"missing_episodes": 5, "informed": 2, "rate": 0.4}
    assert f["return_interviews"] == {
        "returns": 6,
        "offered": 3,
        "completed": 2,
        "completed_within_due": 1,
        "overdue_now": 4,
    }
    assert f["contacts_total"] == 3
    assert f["contacts_by_channel"] == {"telegram": 2, "web": 1}
    assert f["contacts_by_intent"] == {"away_safe": 1, "greet": 1, "none": 1}
    assert f["contacts_by_risk"] == {"emergency": 0, "high": 1, "medium": 1, "low": 1}
    assert f["cases_opened"] == 3
    assert f["cases_by_priority"] == {"emergency": 0, "high": 1, "medium": 1, "low": 1}
    assert f["time_to_claim_minutes"] == {"count": 2, "median": 47.0, "p90": 90.0}
    assert f["claim_targets_missed"] == 1
    rows = f["episodes"]
    assert len(rows) == 7, "the episodes of the period (the open one is among them)"
    assert all(row["child"] is None or row["child"].startswith("C-") for row in rows)


def test_every_figure_has_a_definition(fresh_db: Database) -> None:
    built = report(fresh_db)
    assert set(built["figures"]) <= set(built["definitions"])
    assert built["schema_version"] == 1


def test_csv_exports_carry_no_names_and_no_message_text(fresh_db: Database) -> None:
    build_dataset(fresh_db)
    built = report(fresh_db)
    with fresh_db.session() as session:
        episodes_table = render.episodes_csv(session, built)
    figures_table = render.figures_csv(built)
    for table in (episodes_table, figures_table):
        lowered = table.lower()
        for secret in ("jade", "tyler", "kayden", "mill road", "07700", "cb1 2ab", MESSAGE_TEXT.lower(), "town"):
            assert secret not in lowered, secret
    rows = list(csv.DictReader(io.StringIO(episodes_table)))
    assert len(rows) == 7
    redacted = [row["last_seen"] for row in rows if row["last_seen"]]
    assert redacted and "[PHONE]" in redacted[0] and "[POSTCODE]" in redacted[0]
    assert next(iter(csv.reader(io.StringIO(figures_table)))) == ["figure", "breakdown", "value"]


def test_redaction_patterns() -> None:
    text = redact("Sarah Jones rang from 07700 900123, email sj@example.com, 22 Acacia Avenue, LS1 4AP", ["Jade"])
    for leaked in ("Sarah", "Jones", "07700", "sj@", "Acacia", "LS1"):
        assert leaked not in text
    assert redact("with Jade at the park", ["Jade"]).startswith("with [NAME]")


def test_html_is_self_contained_with_charts(fresh_db: Database) -> None:
    build_dataset(fresh_db)
    page = render.to_html(report(fresh_db))
    assert page.count("<svg") == 4
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "Jade" not in page


def test_demo_data_makes_a_year_and_refuses_a_non_empty_database(fresh_db: Database) -> None:
    with fresh_db.session() as session:
        summary = demo.generate(session, 3, now=NOW)
    assert summary.episodes > 50 and summary.contacts > 100 and summary.cases > 10
    with fresh_db.session() as session:
        built = figures.build(session, date(2025, 4, 1), date(2026, 4, 1), now=NOW)
        with pytest.raises(demo.NotEmpty):
            demo.generate(session, 4, now=NOW)
    f = built["figures"]
    assert f["episodes_per_child_max"] == 67, "one child went missing 67 times, as in the NSPCC article"
    assert f["children_repeat_missing"] >= 3
    assert f["still_missing_now"]["children"] == 2
    assert sum(f["episodes_by_hour"]) == f["episodes_total"]


@pytest.mark.stack
def test_console_reports_page_is_for_supervisors_with_charts_served_as_svg(app: str, db: Database) -> None:
    import httpx

    from tests.helpers_staff import make_staff
    from tests.test_staff_auth import http_login

    staff, staff_secret = make_staff(db, "staff")
    with httpx.Client(base_url=app, timeout=60) as client:
        http_login(client, staff.username, staff_secret)
        assert client.get("/staff/reports").status_code == 403
    supervisor, secret = make_staff(db, "supervisor")
    with httpx.Client(base_url=app, timeout=60) as client:
        http_login(client, supervisor.username, secret)
        page = client.get("/staff/reports?from=2026-01-01&to=2026-12-31")
        assert page.status_code == 200 and "/staff/reports/chart/by_hour.svg" in page.text
        assert "<script>" not in page.text and " style=" not in page.text
        svg = client.get("/staff/reports/chart/by_hour.svg?from=2026-01-01&to=2026-12-31")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert svg.text.startswith("<svg")
        assert client.get("/staff/reports/export.json").json()["schema_version"] == 1
        assert client.get("/staff/reports?from=nonsense").status_code == 422
    with httpx.Client(base_url=app, timeout=60) as anonymous:
        assert anonymous.get("/staff/reports").status_code == 303, "not logged in: to the login page"
