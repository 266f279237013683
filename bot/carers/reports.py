"""A carer's reports, turned into episodes and cases: missing, returned, heard from them."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import cases, episodes
from bot.carers import guidance
from bot.carers.placements import children_of
from bot.records.models import Carer, Child, Episode
from bot.risk import Risk
from bot.settings import Settings

logger = logging.getLogger(__name__)

DONT_KNOW = re.compile(
    r"^\s*(d+unno|dno|idk|i ?d(o|o')?n'?t know|don'?t know|dont know|not sure|no idea|unknown|skip|n/?a|"
    r"no clue|dk|not known|cant remember|can't remember)\b",
    re.I,
)
NO = re.compile(r"^\s*(no|nope|nah|none|nothing|not really|no concerns?|fine|all good|ok|okay|seems? fine)\b", re.I)
YES = re.compile(r"^\s*(yes|yeah|yep|yh|ya|they have|i have|i did|done|called|rang|reported|police know)\b", re.I)
TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\b", re.I)
REFERENCE = re.compile(r"\b([A-Z]{0,4}[-/]?\d[\w/-]{3,})\b", re.I)
MIDNIGHT_WORDS = {"midnight": 0, "noon": 12, "midday": 12}


def dont_know(text: str | None) -> bool:
    return text is None or text == "skipped" or bool(DONT_KNOW.match(text))


def answered_no(text: str | None) -> bool:
    return bool(text) and not dont_know(text) and bool(NO.match(text or ""))


def parse_time(text: str | None, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The latest past moment matching "4pm", "16:30", "3" (the last time the clock said it)."""
    if not text or dont_know(text):
        return None
    local_now = now.astimezone(tz)
    lowered = text.lower()
    for word, hour in MIDNIGHT_WORDS.items():
        if word in lowered:
            candidate = local_now.replace(hour=hour, minute=0, second=0, microsecond=0)
            return (candidate if candidate <= local_now else candidate - timedelta(days=1)).astimezone(UTC)
    for match in TIME.finditer(text):
        hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
        if hour > 23 or minute > 59 or (not meridiem and not match.group(2) and hour > 12):
            continue
        options = [hour]
        if meridiem.startswith("p") and hour < 12:
            options = [hour + 12]
        elif meridiem.startswith("a") and hour == 12:
            options = [0]
        elif not meridiem and hour < 12 and not match.group(2):
            options = [hour, hour + 12]  # "came in at 3": whichever 3 o'clock was most recent
        best: datetime | None = None
        for h in options:
            candidate = local_now.replace(hour=h % 24, minute=minute, second=0, microsecond=0)
            if candidate > local_now:
                candidate -= timedelta(days=1)
            best = candidate if best is None or candidate > best else best
        if best is not None:
            return best.astimezone(UTC)
    if "yesterday" in lowered:
        return (local_now - timedelta(days=1)).astimezone(UTC)
    return None


def police_answer(text: str | None) -> tuple[bool | None, str | None]:
    """(told the police?, reference) from "yes ref 4471 of 12/3", "not yet", "dunno"."""
    if dont_know(text):
        return None, None
    assert text is not None
    reference = REFERENCE.search(text)
    ref = reference.group(1) if reference and any(ch.isdigit() for ch in reference.group(1)) else None
    if NO.match(text) or "not yet" in text.lower():
        return False, None
    if YES.match(text) or ref:
        return True, ref
    return None, None


def age_of(child: Child | None, now: datetime) -> int | None:
    return now.year - child.birth_year if child and child.birth_year else None


@dataclass(frozen=True)
class MissingReport:
    episode: Episode
    new_episode: bool
    assessment: guidance.Assessment
    case_id: int


def report_missing(
    session: Session,
    settings: Settings,
    carer: Carer,
    child: Child | None,
    answers: dict[str, str | None],
    *,
    category: str = episodes.MISSING,
    now: datetime | None = None,
) -> MissingReport:
    """Record a carer's report that a child has not come back; open the episode and a case."""
    now = now or datetime.now(UTC)
    tz = ZoneInfo(settings.local_timezone)
    told, reference = police_answer(answers.get("police"))
    last_seen = parse_time(answers.get("last_seen"), now, tz) or now
    repeat = None
    if child is not None:
        status = episodes.repeat_status(
            session, child.id, now, settings.repeat_missing_episodes, settings.repeat_missing_days
        )
        # This report is itself an episode unless it joins an open one: count it in.
        will_join = episodes.matching_episode(session, child.id, last_seen, now) is not None
        count = status.episodes + (0 if will_join else 1)
        if count >= settings.repeat_missing_episodes:
            repeat = f"repeat missing: {count} episodes in {settings.repeat_missing_days} days"
    assessment = guidance.assess(
        settings,
        category=category,
        texts=(answers.get("risks"), answers.get("with"), answers.get("last_seen"), answers.get("first_message")),
        age=age_of(child, now),
        repeat_reason=repeat,
        local_time=now.astimezone(tz),
        police_told=told,
    )
    details = {
        "last_seen": answers.get("last_seen"),
        "clothing": answers.get("clothing"),
        "with": answers.get("with"),
        "risks": answers.get("risks"),
        "police_answer": answers.get("police"),
    }
    details = {k: v for k, v in details.items() if v and not dont_know(v)}
    if child is None:
        # Not matched to a child on the list: still an episode (the placement's), for staff to attach.
        episode = Episode(
            placement_id=carer.placement_id,
            category=category,
            source="carer",
            sources=["carer"],
            started_at=last_seen,
            reported_at=now,
            risk=assessment.risk.label,
            police_informed=told,
            police_reference=reference,
        )
        session.add(episode)
        session.flush()
        new = True
        episodes._merge_details(episode, details)
    else:
        episode, new = episodes.report_missing(
            session,
            child,
            last_seen,
            category=category,
            details=details,
            police_informed=told,
            police_reference=reference,
            risk=assessment.risk.label,
            now=now,
        )
    label = f"{child.code} ({child.reference})" if child else "a child not on the list"
    reasons = [f"carer reports {label} {episodes.CATEGORY_LABELS.get(category, category)}", *assessment.reasons]
    if told is False:
        reasons.append("police not yet told")
    assert carer.conversation_id is not None
    case, _ = cases.open_or_raise(session, carer.conversation_id, assessment.risk, reasons)
    logger.info(
        "carer report: episode %s (%s) case %s at %s",
        episode.id,
        "new" if new else "joined",
        case.id,
        assessment.risk.label,
    )
    return MissingReport(episode, new, assessment, case.id)


@dataclass(frozen=True)
class ReturnReport:
    episode: Episode
    new_episode: bool
    concerns: list[str]
    case_id: int | None


def report_return(
    session: Session,
    settings: Settings,
    carer: Carer,
    child: Child,
    answers: dict[str, str | None],
    *,
    now: datetime | None = None,
) -> ReturnReport:
    """Close the child's episode, schedule the return interview, raise a case if there are concerns."""
    now = now or datetime.now(UTC)
    tz = ZoneInfo(settings.local_timezone)
    returned = parse_time(answers.get("time"), now, tz) or now
    details = {k: v for k, v in answers.items() if v and not dont_know(v)}
    episode, new = episodes.report_child_return(
        session, child, returned, details=details, interview_hours=settings.return_interview_hours, now=now
    )
    concerns = []
    for key, label in (("injuries", "injuries"), ("intoxication", "drink or drugs"), ("concerns", "other concerns")):
        value = answers.get(key)
        if value and not dont_know(value) and not answered_no(value):
            concerns.append(f"on return: {label} reported")
    concerns += [f"on return: {f}" for f in guidance.factors_in(answers.get("seem"), answers.get("concerns"))]
    concerns = list(dict.fromkeys(concerns))
    case_id = None
    if concerns:
        assert carer.conversation_id is not None
        risk = Risk.HIGH if any("injur" in c or "danger" in c or "self-harm" in c for c in concerns) else Risk.MEDIUM
        case, _ = cases.open_or_raise(
            session, carer.conversation_id, risk, [f"carer reports {child.code} ({child.reference}) back", *concerns]
        )
        case_id = case.id
    return ReturnReport(episode, new, concerns, case_id)


def open_episodes_of_placement(session: Session, placement_id: int) -> list[tuple[Child, Episode]]:
    out = []
    for child in children_of(session, placement_id):
        episode = episodes.open_for_child(session, child.id)
        if episode is not None:
            out.append((child, episode))
    return out
