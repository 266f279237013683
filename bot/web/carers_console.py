"""The console's carer side: placements and enrolment codes, child profiles, a case's episodes.

- Supervisors and admins issue one-time carer codes (shown once, stored hashed), edit child
  profiles, record return interviews and link a child to a young person's conversation.
- Staff may open a child's profile read-only (the duty team needs it when a child is missing).
Every view and change is audited (ids and field names only, never the profile text or a code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.carers import invites, placements, profiles
from bot.episodes import CATEGORY_LABELS
from bot.queue import work
from bot.records.models import Case, Child, Episode, Placement, as_utc
from bot.staff import audit
from bot.staff.roles import Actor, Role
from bot.web.staff_auth import Login, action, db_of, now, page, settings_of

#: Where a form may send the browser back to: a case or a child page, nothing else.
BACK = re.compile(r"^/staff/(cases|children)/(\d+)$")


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(request, name, context, status_code=status)
    return response


def _error(request: Request, who: Login, message: str, status: int, case_id: int | None = None) -> Response:
    return _render(request, "error.html", status=status, message=message, who=who, case_id=case_id)


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _tz(request: Request) -> ZoneInfo:
    return ZoneInfo(settings_of(request).local_timezone)


def _when(value: datetime | None, tz: ZoneInfo) -> str:
    return as_utc(value).astimezone(tz).strftime("%d %b %Y %H:%M") if value else ""


@dataclass(frozen=True)
class EpisodeRow:
    """One episode, ready to show (no free text: that stays in the episode's own record)."""

    id: int
    category: str
    child_reference: str | None
    started: str
    start_known: bool
    ended: str
    sources: list[str]
    police_informed: bool | None
    interview_due: str
    interview_offered: str
    interview_done: str


def episode_rows(session: Session, episodes: list[Episode], tz: ZoneInfo) -> list[EpisodeRow]:
    references = {
        child.id: child.reference
        for child in session.scalars(select(Child).where(Child.id.in_({e.child_id for e in episodes if e.child_id})))
    }
    return [
        EpisodeRow(
            id=e.id,
            category=CATEGORY_LABELS.get(e.category, e.category),
            child_reference=references.get(e.child_id) if e.child_id else None,
            started=_when(e.started_at, tz),
            start_known=e.start_known,
            ended=_when(e.ended_at, tz),
            sources=list(e.sources or [e.source]),
            police_informed=e.police_informed,
            interview_due=_when(e.return_interview_due_at, tz),
            interview_offered=_when(e.return_interview_offered_at, tz),
            interview_done=_when(e.return_interview_done_at, tz),
        )
        for e in episodes
    ]


def case_extras(session: Session, case: Case, actor: Actor, tz_name: str) -> dict[str, Any]:
    """What the case page shows about children and episodes (called inside the case's session)."""
    child = session.scalar(select(Child).where(Child.conversation_id == case.conversation_id))
    found = list(profiles.episodes_for(session, case.conversation_id, child))
    return {
        "child": child,
        "episodes": episode_rows(session, found, ZoneInfo(tz_name)),
        "can_supervise": actor.at_least(Role.SUPERVISOR),
        "is_young_person": case.conversation.role != "carer",
    }


# -- placements and carer codes ------------------------------------------------------------


def _placements(session: Session) -> list[tuple[Placement, list[Child]]]:
    rows = session.scalars(select(Placement).order_by(Placement.name)).all()
    return [(p, [c for c in placements.children_of(session, p.id) if c.anonymised_at is None]) for p in rows]


def _carers_context(request: Request, who: Login, audit_as: str | None) -> dict[str, Any]:
    with db_of(request).session() as session:
        if audit_as:
            audit.record(session, who.actor.id, audit_as)
        return {
            "placements": _placements(session),
            "invite_hours": settings_of(request).carer_invite_hours,
        }


@page(Role.SUPERVISOR)
async def carers_page(request: Request, who: Login) -> Response:
    context = await to_thread.run_sync(_carers_context, request, who, "placements.view")
    return _render(request, "carers.html", who=who, issued=None, error=None, **context)


@action(Role.SUPERVISOR)
async def issue_invite(request: Request, who: Login, form: FormData) -> Response:
    """A one-time enrolment code for a placement: shown on this response only, stored hashed."""
    hours = settings_of(request).carer_invite_hours

    def store() -> tuple[str, str, str] | None:
        try:
            placement_id = int(_field(form, "placement_id"))
        except ValueError:
            return None
        with db_of(request).session() as session:
            placement = session.get(Placement, placement_id)
            if placement is None:
                return None
            at = now()
            code = invites.issue(session, placement, hours, now=at)
            audit.record(session, who.actor.id, "carer_invite.issue", placement_id=placement.id, hours=hours)
            return placement.name, code, _when(at + timedelta(hours=hours), _tz(request))

    issued = await to_thread.run_sync(store)
    context = await to_thread.run_sync(_carers_context, request, who, None)
    if issued is None:
        return _render(request, "carers.html", status=404, who=who, issued=None, error="No such placement.", **context)
    return _render(request, "carers.html", who=who, issued=issued, error=None, **context)


# -- a child's profile -----------------------------------------------------------------------


def _child_context(request: Request, who: Login, child_id: int) -> dict[str, Any] | None:
    with db_of(request).session() as session:
        child = session.get(Child, child_id)
        if child is None:
            return None
        audit.record(session, who.actor.id, "child.view", child_id=child.id)
        placement = session.get(Placement, child.placement_id) if child.placement_id else None
        found = list(profiles.episodes_for(session, None, child))
        return {
            "child": child,
            "first_name": child.first_name if who.actor.at_least(Role.SUPERVISOR) else None,
            "placement": placement.name if placement else None,
            "profile": profiles.profile_of(child),
            "fields": profiles.FIELDS,
            "episodes": episode_rows(session, found, _tz(request)),
            "can_supervise": who.actor.at_least(Role.SUPERVISOR),
            "linked": child.conversation_id is not None,
        }


@page()
async def child_page(request: Request, who: Login) -> Response:
    context = await to_thread.run_sync(_child_context, request, who, int(request.path_params["child_id"]))
    if context is None:
        return _error(request, who, "No such child record.", 404)
    return _render(request, "child.html", who=who, saved=request.query_params.get("saved") == "1", **context)


@action(Role.SUPERVISOR)
async def save_profile(request: Request, who: Login, form: FormData) -> Response:
    child_id = int(request.path_params["child_id"])

    def store() -> bool:
        with db_of(request).session() as session:
            child = session.get(Child, child_id)
            if child is None:
                return False
            values = {name: _field(form, name) for name in profiles.FIELDS if name in form}
            changed = profiles.save_profile(session, child, values)
            audit.record(session, who.actor.id, "child.profile.update", child_id=child.id, fields=changed)
            return True

    try:
        found = await to_thread.run_sync(store)
    except profiles.ChildError as exc:
        return _error(request, who, str(exc), exc.status)
    if not found:
        return _error(request, who, "No such child record.", 404)
    return RedirectResponse(f"/staff/children/{child_id}?saved=1", status_code=303)


# -- a case: link the child, record the return interview --------------------------------------


@action(Role.SUPERVISOR)
async def link_child(request: Request, who: Login, form: FormData) -> Response:
    """Link a case's young person to a child record; their episodes reconcile with the child's."""
    case_id = int(request.path_params["case_id"])
    reference = _field(form, "child")

    def store() -> None:
        with db_of(request).session() as session:
            case = work.visible(session, case_id, who.actor)
            child = profiles.find_child(session, reference)
            if child is None:
                raise profiles.ChildError("No child has that reference (it looks like C-1A2B3C4D).", 404)
            joined = profiles.link_conversation(session, child, case.conversation)
            audit.record(session, who.actor.id, "child.link", case.id, child_id=child.id, episodes=joined)

    try:
        await to_thread.run_sync(store)
    except (work.QueueError, profiles.ChildError) as exc:
        return _error(request, who, str(exc), exc.status, case_id)
    return RedirectResponse(f"/staff/cases/{case_id}", status_code=303)


@action(Role.SUPERVISOR)
async def return_interview(request: Request, who: Login, form: FormData) -> Response:
    episode_id = int(request.path_params["episode_id"])
    what, back = _field(form, "what"), _field(form, "back")
    target = BACK.match(back)
    case_id = int(target.group(2)) if target and target.group(1) == "cases" else None
    settings = settings_of(request)

    def store() -> None:
        with db_of(request).session() as session:
            if case_id is not None:
                work.visible(session, case_id, who.actor)  # the audit row names a real case
            episode = session.get(Episode, episode_id)
            if episode is None:
                raise profiles.ChildError("No such episode.", 404)
            at = profiles.parse_local(_field(form, "at"), settings.local_timezone, now())
            profiles.record_interview(session, episode, what, at)
            audit.record(session, who.actor.id, "episode.return_interview", case_id, episode_id=episode.id, what=what)

    try:
        await to_thread.run_sync(store)
    except (work.QueueError, profiles.ChildError) as exc:
        return _error(request, who, str(exc), exc.status, case_id)
    return RedirectResponse(back if target else "/staff", status_code=303)


routes = [
    Route("/staff/carers", carers_page, methods=["GET"]),
    Route("/staff/carers/invite", issue_invite, methods=["POST"]),
    Route("/staff/children/{child_id:int}", child_page, methods=["GET"]),
    Route("/staff/children/{child_id:int}/profile", save_profile, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/link-child", link_child, methods=["POST"]),
    Route("/staff/episodes/{episode_id:int}/return-interview", return_interview, methods=["POST"]),
]
