"""Episode reconciliation and the repeat-missing rule, edge cases first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from bot import conversations, episodes
from bot.carers import placements
from bot.records.db import Database
from bot.records.models import Child, Episode, as_utc
from tests.conftest import PSEUDONYM_KEY

T0 = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)  # a Friday, 4 pm


def new_child(session, linked: bool = False) -> Child:  # type: ignore[no-untyped-def]
    placement = placements.get_or_create_placement(session, f"test-{uuid.uuid4().hex[:8]}")
    child = placements.add_child(session, placement, "JM", "Jade", 2012)
    if linked:
        child.conversation_id = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4())).id
    session.flush()
    return child


def test_a_carer_report_and_the_young_persons_own_report_are_one_episode(db: Database) -> None:
    with db.session() as session:
        child = new_child(session, linked=True)
        carer_episode, new = episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=5))
        assert new
        assert child.conversation_id is not None
        own = episodes.record_self_report(session, child.conversation_id, "yes", {"area": "town"})
        assert own.id == carer_episode.id
        assert own.sources == ["carer", "young_person"]
        assert own.category == "missing", "the carer's 'whereabouts unknown' is kept"
        closed = episodes.record_return(session, child.conversation_id, T0 + timedelta(hours=9))
        assert closed is not None and closed.id == carer_episode.id
        assert as_utc(closed.return_interview_due_at) == T0 + timedelta(hours=9 + 72)  # type: ignore[arg-type]


def test_the_young_persons_report_first_then_the_carer_joins_it_and_moves_the_start_earlier(db: Database) -> None:
    with db.session() as session:
        child = new_child(session, linked=True)
        assert child.conversation_id is not None
        own = episodes.record_self_report(session, child.conversation_id, "yes", {})
        own.started_at = T0 + timedelta(hours=3)
        episode, new = episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=4))
        assert not new and episode.id == own.id
        assert as_utc(episode.started_at) == T0, "last seen by the carer is the real start"
        assert set(episode.sources or []) == {"carer", "young_person"}


def test_a_second_carer_report_of_the_same_open_absence_does_not_count_twice(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        first, _ = episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=1))
        second, new = episodes.report_missing(
            session,
            child,
            T0 + timedelta(hours=1),
            now=T0 + timedelta(hours=3),
            police_informed=True,
            police_reference="CAM-1234",
        )
        assert not new and second.id == first.id
        assert second.police_informed is True and second.police_reference == "CAM-1234"
        assert as_utc(second.started_at) == T0


def test_a_report_after_the_return_is_a_new_episode(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        first, _ = episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=1))
        episodes.report_child_return(session, child, T0 + timedelta(hours=5), now=T0 + timedelta(hours=5))
        second, new = episodes.report_missing(session, child, T0 + timedelta(days=2), now=T0 + timedelta(days=2))
        assert new and second.id != first.id


def test_a_return_reported_before_the_missing_report(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        back, new = episodes.report_child_return(session, child, T0 + timedelta(hours=11), now=T0 + timedelta(hours=11))
        assert new and not back.start_known, "only the return is known: no duration yet"
        assert back.ended_at is not None
        late, new = episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=12))
        assert not new and late.id == back.id, "the late missing report describes the same absence"
        assert late.start_known and as_utc(late.started_at) == T0
        assert as_utc(late.ended_at) - as_utc(late.started_at) == timedelta(hours=11)  # type: ignore[arg-type]


def test_a_return_reported_twice_closes_one_episode(db: Database) -> None:
    with db.session() as session:
        child = new_child(session, linked=True)
        assert child.conversation_id is not None
        episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=1))
        own = episodes.record_return(session, child.conversation_id, T0 + timedelta(hours=6))
        carer, new = episodes.report_child_return(
            session, child, T0 + timedelta(hours=6, minutes=20), now=T0 + timedelta(hours=7)
        )
        assert not new and own is not None and carer.id == own.id
        assert set(carer.sources or []) == {"carer", "young_person"}


def test_a_return_can_not_end_before_it_started(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        episodes.report_missing(session, child, T0, now=T0 + timedelta(hours=2))
        episode, _ = episodes.report_child_return(session, child, T0 - timedelta(hours=3), now=T0 + timedelta(hours=2))
        assert as_utc(episode.ended_at) == T0  # type: ignore[arg-type]


def _episode_at(session, child: Child, start: datetime, hours: float = 2) -> Episode:  # type: ignore[no-untyped-def]
    episode, _ = episodes.report_missing(session, child, start, now=start)
    episodes.report_child_return(session, child, start + timedelta(hours=hours), now=start + timedelta(hours=hours))
    return episode


def test_repeat_missing_is_three_episodes_in_ninety_days(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        _episode_at(session, child, T0)
        _episode_at(session, child, T0 + timedelta(days=30))
        at = T0 + timedelta(days=60)
        assert not episodes.repeat_status(session, child.id, at).flagged
        _episode_at(session, child, at)
        status = episodes.repeat_status(session, child.id, at + timedelta(hours=3))
        assert status.flagged and status.episodes == 3
        assert status.reason == "repeat missing: 3 episodes in 90 days"
        # Day 90 after the first: the first has left the window.
        assert not episodes.repeat_status(session, child.id, T0 + timedelta(days=90)).flagged
        assert episodes.repeat_status(session, child.id, T0 + timedelta(days=89, hours=23)).flagged


def test_repeat_missing_counts_an_open_episode_and_the_rule_is_configurable(db: Database) -> None:
    with db.session() as session:
        child = new_child(session)
        _episode_at(session, child, T0)
        episodes.report_missing(session, child, T0 + timedelta(days=10), now=T0 + timedelta(days=10))
        at = T0 + timedelta(days=10, hours=1)
        assert episodes.repeat_status(session, child.id, at).episodes == 2
        assert episodes.repeat_status(session, child.id, at, threshold=2).flagged
        assert not episodes.repeat_status(session, child.id, at, threshold=2, days=5).flagged


def test_repeat_missing_does_not_count_another_childs_episodes(db: Database) -> None:
    with db.session() as session:
        one, other = new_child(session), new_child(session)
        for day in (0, 5, 10):
            _episode_at(session, other, T0 + timedelta(days=day))
        assert episodes.repeat_status(session, one.id, T0 + timedelta(days=11)).episodes == 0
