"""A realistic synthetic year so the reports can be tried at once: ``python -m bot demo-data --seed N``.

Placements, children (short codes, made-up first names), carers, episodes with repeat patterns
(most children go missing once or twice, a few many times, one 67 times as in the NSPCC
article), young people's own reports reconciled with carers', contacts and cases with claim
times. Everything is invented; it refuses to touch a database that already has records.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.carers.placements import new_reference
from bot.records.models import Carer, Case, Child, Contact, Conversation, Episode, Placement
from bot.risk import Risk

FIRST_NAMES = (
    "Jade",
    "Tyler",
    "Kayden",
    "Amelia",
    "Leon",
    "Maisie",
    "Callum",
    "Ruby",
    "Mason",
    "Skye",
    "Reece",
    "Chloe",
    "Dylan",
    "Kacey",
    "Harvey",
    "Lacey",
    "Jordan",
    "Demi",
    "Kyle",
    "Tia",
    "Connor",
    "Paige",
    "Liam",
    "Courtney",
    "Brandon",
    "Shannon",
    "Aaron",
    "Keira",
    "Jayden",
    "Nicole",
    "Ethan",
    "Bethany",
    "Riley",
    "Megan",
    "Corey",
    "Leah",
    "Alfie",
    "Holly",
    "Declan",
    "Abbie",
    "Ryan",
    "Sophie",
    "Marcus",
    "Ellie",
    "Jamie",
)
PLACEMENTS = (
    ("Oak House", "childrens_home", 9),
    ("Birch Lodge", "childrens_home", 8),
    ("Harbour View", "childrens_home", 7),
    ("The Willows (foster)", "foster", 3),
    ("Meadow Close (foster)", "foster", 2),
    ("Station Road flats", "semi_independent", 6),
)
#: Episodes per child: most none or few, a long tail; one child is given 67 (the seed article).
EPISODE_COUNTS = (0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4, 5, 7, 11, 16)
#: Start hours: afternoons and evenings, after school and after curfew.
HOUR_WEIGHTS = (2, 1, 1, 1, 0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 6, 9, 10, 10, 11, 12, 12, 10, 8, 4)
WEEKDAY_WEIGHTS = (4, 4, 4, 5, 8, 9, 6)
INTENTS = (
    ("greet", Risk.LOW, 18),
    ("away_safe", Risk.MEDIUM, 14),
    ("back_home", Risk.LOW, 10),
    ("want_person", Risk.MEDIUM, 7),
    ("feel_unsafe", Risk.HIGH, 5),
    ("exploitation", Risk.HIGH, 2),
    ("self_harm", Risk.HIGH, 2),
    ("in_danger_now", Risk.EMERGENCY, 1),
    ("ask_confidential", Risk.LOW, 6),
    ("report_missing", Risk.MEDIUM, 12),
    ("report_return", Risk.LOW, 10),
    ("carer_ask_police", Risk.LOW, 3),
    ("out_of_scope", Risk.LOW, 6),
)
#: (shortest, longest, target) minutes to a first claim: most within target, some not.
CLAIM_MINUTES = {
    Risk.EMERGENCY: (0.3, 2.6, 2),
    Risk.HIGH: (1, 13, 10),
    Risk.MEDIUM: (3, 75, 60),
    Risk.LOW: (60, 1200, 900),
}
LAST_SEEN = (
    "leaving school at 3.30",
    "at the bus station with {friend}",
    "outside the shop on Mill Road",
    "getting into a car near the park",
    "at {friend}'s house, 14 Station Road",
    "in town, phone 07700 900{n:03d}",
)
RISKS = ("none known", "older boyfriend with a car", "has asthma, no inhaler with her", "new phone, money", "")


class NotEmpty(Exception):
    """The database already has records; demo data goes only into a fresh one."""


@dataclass(frozen=True)
class Summary:
    placements: int
    children: int
    carers: int
    episodes: int
    contacts: int
    cases: int


def is_empty(session: Session) -> bool:
    return all(
        not session.scalar(select(func.count()).select_from(model))
        for model in (Conversation, Episode, Child, Placement, Contact)
    )


def _when(rng: random.Random, start: datetime, days: int) -> datetime:
    while True:
        day = start + timedelta(days=rng.randrange(days))
        if rng.random() * 9 <= WEEKDAY_WEIGHTS[day.weekday()]:
            break
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return day.replace(hour=hour, minute=rng.randrange(60), second=0, microsecond=0)


def generate(session: Session, seed: int, *, now: datetime | None = None, force: bool = False) -> Summary:
    """Fill the database with a synthetic year ending ``now``."""
    if not force and not is_empty(session):
        raise NotEmpty("the database already has records: use --force to add demo data anyway")
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    year_start = (now - timedelta(days=365)).replace(hour=0, minute=0, second=0)
    tag = f"demo{seed}-{rng.randrange(10**6)}"
    conversations, children, carers = _people(session, rng, year_start, tag, force)
    # One child with 67 episodes (as in the seed), the rest from the long-tailed counts.
    plan = [67 if i == 0 else rng.choice(EPISODE_COUNTS) for i in range(len(children))]
    # Two children are missing right now (the latest episode of the 2nd and 3rd child is still open).
    episodes = sum(
        _episodes(session, rng, child, max(n, 1) if i in (1, 2) else n, year_start, now, i in (1, 2))
        for i, (child, n) in enumerate(zip(children, plan, strict=True))
    )
    contacts, cases = _contacts_and_cases(session, rng, conversations, year_start, now)
    session.flush()
    return Summary(len(PLACEMENTS), len(children), carers, episodes, contacts, cases)


def _people(
    session: Session, rng: random.Random, year_start: datetime, tag: str, force: bool
) -> tuple[list[tuple[Conversation, str]], list[Child], int]:
    names = list(FIRST_NAMES)
    rng.shuffle(names)
    conversations: list[tuple[Conversation, str]] = []
    children: list[Child] = []
    for p_index, (name, kind, size) in enumerate(PLACEMENTS):
        placement = Placement(name=name if not force else f"{name} {tag}", kind=kind, created_at=year_start)
        session.add(placement)
        session.flush()
        for c in range(2 if kind != "childrens_home" else 4):
            conv = Conversation(
                channel="telegram", pseudonym=f"{tag}-carer-{p_index}-{c}", role="carer", created_at=year_start
            )
            session.add(conv)
            session.flush()
            session.add(Carer(placement_id=placement.id, conversation_id=conv.id, created_at=year_start))
            conversations.append((conv, "carer"))
        for i in range(size):
            first = names.pop() if names else f"Child{i}"
            child = Child(
                placement_id=placement.id,
                code=f"{first[:2].upper()}{i}",
                reference=new_reference(),
                first_name=first,
                birth_year=year_start.year + 1 - rng.randint(11, 17),
                profile=json.dumps({"description": "synthetic demo child", "vulnerabilities": []}),
                created_at=year_start,
            )
            session.add(child)
            children.append(child)
    carers = len(conversations)
    session.flush()
    for index, child in enumerate(children):
        if rng.random() < 0.5:
            conv = Conversation(
                channel=rng.choice(["telegram", "telegram", "web"]),
                pseudonym=f"{tag}-yp-{index}",
                created_at=year_start,
            )
            session.add(conv)
            session.flush()
            child.conversation_id = conv.id
            conversations.append((conv, "young_person"))
    return conversations, children, carers


def _episodes(
    session: Session, rng: random.Random, child: Child, n: int, year_start: datetime, now: datetime, missing_now: bool
) -> int:
    """n non-overlapping episodes for one child across the year; the latest may still be open."""
    made = 0
    previous_end: datetime | None = None
    for k, planned in enumerate(sorted(_when(rng, year_start, 365) for _ in range(n))):
        start = planned
        open_now = missing_now and k == n - 1
        if previous_end is not None and start <= previous_end:
            start = previous_end + timedelta(hours=rng.randint(2, 30))
        if start >= now:
            break
        end: datetime | None = start + timedelta(hours=min(rng.lognormvariate(1.6, 1.1), 24 * 9))
        if end is not None and end >= now:
            end = start + (now - start) / 2  # only the planned ones are still out
        category = "missing" if rng.random() < 0.75 else "away"
        roll = rng.random()
        if roll < 0.7 or child.conversation_id is None:
            sources = ["carer"]
        else:
            sources = ["young_person"] if roll < 0.8 else ["carer", "young_person"]
        if open_now:
            start, end = now - timedelta(hours=rng.randint(2, 20)), None
        friend = rng.choice(FIRST_NAMES)
        details = {
            "last_seen": rng.choice(LAST_SEEN).format(friend=friend, n=rng.randrange(1000)),
            "risks": rng.choice(RISKS),
        }
        episode = Episode(
            details=json.dumps(details),
            child_id=child.id,
            placement_id=child.placement_id,
            conversation_id=child.conversation_id if "young_person" in sources else None,
            category=category,
            source=sources[0],
            sources=sources,
            started_at=start,
            ended_at=end,
            reported_at=start + timedelta(minutes=rng.randint(20, 240)),
            risk=rng.choices(["medium", "high", "emergency"], weights=(6, 3, 1))[0],
            police_informed=(rng.random() < 0.8) if category == "missing" else (rng.random() < 0.1),
        )
        if end is not None:
            _return_interview(rng, episode, end, now)
        session.add(episode)
        made += 1
        previous_end = end or now
    return made


def _return_interview(rng: random.Random, episode: Episode, end: datetime, now: datetime) -> None:
    episode.return_interview_due_at = end + timedelta(hours=72)
    if rng.random() < 0.85:
        episode.return_interview_offered_at = end + timedelta(hours=rng.randint(2, 30))
        if rng.random() < 0.75:
            delay = rng.choice([rng.randint(6, 71), rng.randint(6, 71), rng.randint(73, 300)])
            done = end + timedelta(hours=delay)
            episode.return_interview_done_at = done if done < now else None


def _contacts_and_cases(
    session: Session,
    rng: random.Random,
    conversations: list[tuple[Conversation, str]],
    year_start: datetime,
    now: datetime,
) -> tuple[int, int]:
    contacts = cases = 0
    for conv, role in conversations:
        choices = [i for i in INTENTS if i[0].startswith(("report", "carer")) == (role == "carer")]
        for _ in range(rng.randint(3, 40) if role == "young_person" else rng.randint(5, 30)):
            at = _when(rng, year_start, 365)
            if at >= now:
                continue
            intent, risk, _weight = rng.choices(choices, weights=[i[2] for i in choices])[0]
            session.add(
                Contact(
                    conversation_id=conv.id,
                    channel=conv.channel,
                    at=at,
                    intent=intent,
                    confidence=round(rng.uniform(0.55, 0.99), 2),
                    risk=risk.label,
                    reasons=[],
                    decided_by="actions",
                )
            )
            contacts += 1
            if risk >= Risk.MEDIUM and rng.random() < (0.9 if risk >= Risk.HIGH else 0.35):
                session.add(_case(rng, conv, intent, risk, at))
                cases += 1
    return contacts, cases


def _case(rng: random.Random, conv: Conversation, intent: str, risk: Risk, at: datetime) -> Case:
    low, high, target = CLAIM_MINUTES[risk]
    wait = rng.uniform(low, high)
    claimed = at + timedelta(minutes=wait)
    case = Case(
        conversation_id=conv.id,
        priority=int(risk),
        status="closed",
        reasons=[f"demo: {intent}"],
        opened_at=at,
        claimed_at=claimed,
        closed_at=claimed + timedelta(minutes=rng.randint(10, 120)),
        outcome=rng.choice(["safe and well", "signposted", "police informed", "return interview booked"]),
    )
    # The queue's timing fields, where this version of the records has them.
    for field, value in (
        ("first_claimed_at", claimed),
        ("first_reply_at", claimed + timedelta(minutes=rng.uniform(0.5, 5))),
        ("claim_target_met", wait <= target),
    ):
        if hasattr(case, field):
            setattr(case, field, value)
    return case
