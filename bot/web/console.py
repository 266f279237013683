"""The staff console at ``/staff``: log in, work the queue, handle a case, and administer.

Server-rendered pages (Jinja2, autoescaped); ``static/console.js`` only refreshes parts of
a page when the server-sent events stream says the queue changed. Every state change is a
POST with the session's CSRF token; GETs only read (and audit what was read).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from anyio import to_thread
from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from bot.pipeline.handback import StaffRelay
from bot.queue import canned, history, work
from bot.queue.live import Broadcaster
from bot.queue.targets import ClaimTargets
from bot.records.models import Case, Staff, as_utc
from bot.risk import Risk
from bot.staff import accounts, audit, login, sessions, tokens
from bot.staff.roles import Actor, Role
from bot.web import carers_console
from bot.web.staff_auth import (
    Login,
    action,
    client_ip,
    db_of,
    forbidden,
    load_login,
    now,
    page,
    set_session_cookie,
    settings_of,
)

#: A live stream ends after this long and the browser reconnects, so shutdown never waits long.
STREAM_LIFETIME_S = 15.0
PING_EVERY_S = 5.0


def _templates(request: Request) -> Any:
    return request.app.state.templates


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    response: Response = _templates(request).TemplateResponse(request, name, context, status_code=status)
    return response


def _relay(request: Request) -> StaffRelay:
    relay: StaffRelay = request.app.state.relay
    return relay


def _targets(request: Request) -> ClaimTargets:
    return _relay(request).targets


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _age(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


@dataclass(frozen=True)
class Row:
    """One queue line, ready to show (no message text: the queue never shows what was written)."""

    id: int
    priority: str
    status: str
    channel: str
    person: str
    waiting: str
    target: str
    target_missed: bool
    reasons: list[str]
    claimed_by: str | None


def _row(case: Case, targets: ClaimTargets, at: datetime) -> Row:
    opened = as_utc(case.opened_at)
    due = targets.due(opened, case.priority)
    if case.claim_target_met is not None:
        target, missed = ("met" if case.claim_target_met else "missed"), not case.claim_target_met
    elif at > due:
        target, missed = "missed", True
    else:
        target, missed = f"due in {_age(due - at)}", False
    return Row(
        id=case.id,
        priority=Risk(case.priority).label,
        status=case.status,
        channel=case.conversation.channel,
        person=case.conversation.pseudonym[:10],
        waiting=_age(at - opened),
        target=target,
        target_missed=missed,
        reasons=list(case.reasons),
        claimed_by=case.claimed_by.username if case.claimed_by else None,
    )


def _queue_rows(request: Request, actor: Actor) -> tuple[list[Row], bool]:
    targets, at = _targets(request), now()
    with db_of(request).session() as session:
        rows = [_row(case, targets, at) for case in work.cases_for(session, actor)]
        staff = session.get(Staff, actor.id)
        return rows, bool(staff and staff.on_duty)


# -- login ---------------------------------------------------------------------------------


def _login_form_session(request: Request) -> tuple[str | None, str]:
    """Reuse this browser's anonymous session, or start one: the login form needs a CSRF token."""
    settings = settings_of(request)
    with db_of(request).session() as session:
        token = request.cookies.get(sessions.COOKIE)
        row = sessions.load(session, token, now(), settings.session_idle_s, settings.session_max_s)
        if row is not None and row.staff_id is None:
            return None, row.csrf_token
        new_token, row = sessions.start(session, None, now())
        return new_token, row.csrf_token


async def login_form(request: Request) -> Response:
    if await to_thread.run_sync(load_login, request) is not None:
        return RedirectResponse("/staff", status_code=303)
    token, csrf = await to_thread.run_sync(_login_form_session, request)
    response = _render(request, "login.html", csrf=csrf, error=None)
    if token:
        set_session_cookie(response, token)
    response.headers["cache-control"] = "no-store"
    return response


def _log_in(request: Request, form: FormData) -> tuple[str | None, str]:
    """Returns (new session token, "") on success or (None, error message)."""
    settings = settings_of(request)
    at = now()
    with db_of(request).session() as session:
        cookie = request.cookies.get(sessions.COOKIE)
        pre = sessions.load(session, cookie, at, settings.session_idle_s, settings.session_max_s)
        if pre is None or pre.staff_id is not None:
            return None, "Your login form expired. Reload the page and try again."
        if not sessions.csrf_ok_token(pre.csrf_token, _field(form, "csrf")):
            return None, "This form is out of date. Reload the page and try again."
    # The attempt is committed on its own, so a failure is counted even though we report it.
    with db_of(request).session() as session:
        try:
            staff = login.authenticate(
                session,
                _field(form, "username"),
                _field(form, "password"),
                _field(form, "code"),
                client_ip(request),
                at,
            )
        except login.LoginFailed as exc:
            return None, str(exc)
        sessions.end(session, cookie, at)  # a fresh session id after login: no fixation
        token, _row = sessions.start(session, staff.id, at)
        staff.on_duty = True
        return token, ""


async def login_submit(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    token, error = await to_thread.run_sync(_log_in, request, form)
    if token is None:
        _new, csrf = await to_thread.run_sync(_login_form_session, request)
        response = _render(request, "login.html", status=401, csrf=csrf, error=error)
        if _new:
            set_session_cookie(response, _new)
        return response
    response = RedirectResponse("/staff", status_code=303)
    set_session_cookie(response, token)
    return response


@action()
async def logout(request: Request, who: Login, form: FormData) -> Response:
    def end() -> None:
        with db_of(request).session() as session:
            sessions.end(session, request.cookies.get(sessions.COOKIE), now())
            staff = session.get(Staff, who.actor.id)
            if staff is not None:
                staff.on_duty = False
            audit.record(session, who.actor.id, "logout")

    await to_thread.run_sync(end)
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/staff", secure=True, httponly=True, samesite="strict")
    return response


@action()
async def set_duty(request: Request, who: Login, form: FormData) -> Response:
    on = _field(form, "on_duty") == "1"

    def store() -> None:
        with db_of(request).session() as session:
            staff = session.get(Staff, who.actor.id)
            assert staff is not None
            staff.on_duty = on
            audit.record(session, who.actor.id, "duty.on" if on else "duty.off")

    await to_thread.run_sync(store)
    return RedirectResponse("/staff", status_code=303)


# -- the queue -------------------------------------------------------------------------------


@page()
async def queue_page(request: Request, who: Login) -> Response:
    rows, on_duty = await to_thread.run_sync(_queue_rows, request, who.actor)
    return _render(request, "queue.html", who=who, rows=rows, on_duty=on_duty)


@page()
async def queue_part(request: Request, who: Login) -> Response:
    rows, _ = await to_thread.run_sync(_queue_rows, request, who.actor)
    return _render(request, "_queue_rows.html", who=who, rows=rows)


async def events(request: Request) -> Response:
    """Server-sent events: ``queue`` whenever the queue or a conversation changed."""
    if await to_thread.run_sync(load_login, request, False) is None:
        return Response("log in first", status_code=401, media_type="text/plain")
    live: Broadcaster = request.app.state.live

    async def stream() -> AsyncIterator[str]:
        inbox = live.subscribe()
        loop = asyncio.get_running_loop()
        ends = loop.time() + STREAM_LIFETIME_S
        try:
            yield "retry: 1000\n\n"
            while loop.time() < ends:
                try:
                    version = await asyncio.wait_for(inbox.get(), timeout=PING_EVERY_S)
                    yield f"event: queue\ndata: {version}\n\n"
                except TimeoutError:
                    yield ": ping\n\n"
        finally:
            live.unsubscribe(inbox)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"cache-control": "no-store", "x-accel-buffering": "no"}
    )


# -- a case ----------------------------------------------------------------------------------


def _case_context(request: Request, actor: Actor, case_id: int, audit_as: str) -> dict[str, Any]:
    targets, at = _targets(request), now()
    with db_of(request).session() as session:
        case = work.visible(session, case_id, actor)
        audit.record(session, actor.id, audit_as, case.id)
        past = history.of(session, case)
        # Load what the template follows now: the objects outlive this session.
        _ = case.conversation, case.claimed_by, [n.staff for n in past.notes]
        extras = carers_console.case_extras(session, case, actor, settings_of(request).local_timezone)
        return {
            **extras,
            "case": case,
            "row": _row(case, targets, at),
            "history": past,
            "canned": canned.active(session),
            "colleagues": [s.username for s in accounts.colleagues(session) if s.id != actor.id],
            "outcomes": work.OUTCOMES,
            "can_work": case.status != "closed" and (actor.at_least(Role.SUPERVISOR) or case.claimed_by_id == actor.id),
            "can_unmask": actor.at_least(Role.SUPERVISOR),
            "target_label": targets.describe(case.priority),
        }


@page()
async def case_page(request: Request, who: Login) -> Response:
    try:
        context = await to_thread.run_sync(
            _case_context, request, who.actor, int(request.path_params["case_id"]), "case.view"
        )
    except work.QueueError as exc:
        return _render(request, "error.html", status=exc.status, message=str(exc), who=who)
    return _render(request, "case.html", who=who, unmasked=None, **context)


@page()
async def thread_part(request: Request, who: Login) -> Response:
    def load() -> dict[str, Any]:
        with db_of(request).session() as session:
            case = work.visible(session, int(request.path_params["case_id"]), who.actor)
            audit.record(session, who.actor.id, "case.view", case.id, part="transcript")
            return {"history": history.of(session, case)}

    try:
        context = await to_thread.run_sync(load)
    except work.QueueError as exc:
        return Response(str(exc), status_code=exc.status, media_type="text/plain")
    return _render(request, "_transcript.html", who=who, **context)


def _case_id(request: Request) -> int:
    return int(request.path_params["case_id"])


async def _after_action(request: Request, who: Login, case_id: int, do: Any) -> Response:
    try:
        await do()
    except work.QueueError as exc:
        return _render(request, "error.html", status=exc.status, message=str(exc), who=who, case_id=case_id)
    return RedirectResponse(f"/staff/cases/{case_id}", status_code=303)


def _in_thread(fn: Any, *args: Any) -> Any:
    async def run() -> Any:
        return await to_thread.run_sync(fn, *args)

    return run


@action()
async def claim(request: Request, who: Login, form: FormData) -> Response:
    case_id = _case_id(request)
    return await _after_action(request, who, case_id, lambda: _relay(request).claim(case_id, who.actor, now()))


@action()
async def release(request: Request, who: Login, form: FormData) -> Response:
    case_id = _case_id(request)

    def store() -> None:
        with db_of(request).session() as session:
            work.release(session, case_id, who.actor, now())

    response = await _after_action(request, who, case_id, _in_thread(store))
    return RedirectResponse("/staff", status_code=303) if response.status_code == 303 else response


@action()
async def transfer(request: Request, who: Login, form: FormData) -> Response:
    case_id, to = _case_id(request), _field(form, "to")

    def store() -> None:
        with db_of(request).session() as session:
            work.transfer(session, case_id, who.actor, to, _targets(request), now())

    return await _after_action(request, who, case_id, _in_thread(store))


@action()
async def reply(request: Request, who: Login, form: FormData) -> Response:
    case_id, text = _case_id(request), _field(form, "text")
    return await _after_action(request, who, case_id, lambda: _relay(request).reply(case_id, who.actor, text, now()))


@action()
async def note(request: Request, who: Login, form: FormData) -> Response:
    case_id, text = _case_id(request), _field(form, "text")

    def store() -> None:
        with db_of(request).session() as session:
            work.add_note(session, case_id, who.actor, text, now())

    return await _after_action(request, who, case_id, _in_thread(store))


@action()
async def close(request: Request, who: Login, form: FormData) -> Response:
    case_id, outcome, text = _case_id(request), _field(form, "outcome"), _field(form, "note")
    return await _after_action(
        request, who, case_id, lambda: _relay(request).close(case_id, who.actor, outcome, text, now())
    )


@action(Role.SUPERVISOR)
async def unmask(request: Request, who: Login, form: FormData) -> Response:
    case_id = _case_id(request)

    def load() -> tuple[dict[str, Any], dict[str, str]]:
        context = _case_context(request, who.actor, case_id, "case.view")
        with db_of(request).session() as session:
            return context, work.unmask(session, case_id, who.actor)

    try:
        context, details = await to_thread.run_sync(load)
    except work.QueueError as exc:
        return _render(request, "error.html", status=exc.status, message=str(exc), who=who)
    return _render(request, "case.html", who=who, unmasked=details, **context)


# -- supervisors: canned replies ----------------------------------------------------------


@page(Role.SUPERVISOR)
async def canned_page(request: Request, who: Login) -> Response:
    def load() -> list[Any]:
        with db_of(request).session() as session:
            return list(canned.active(session))

    return _render(request, "canned.html", who=who, replies=await to_thread.run_sync(load))


@action(Role.SUPERVISOR)
async def canned_save(request: Request, who: Login, form: FormData) -> Response:
    raw_id = request.path_params.get("reply_id")

    def store() -> None:
        with db_of(request).session() as session:
            if _field(form, "retire") == "1" and raw_id is not None:
                canned.retire(session, who.actor, int(raw_id), now())
            else:
                canned.save(
                    session,
                    who.actor,
                    _field(form, "title"),
                    _field(form, "text"),
                    now(),
                    int(raw_id) if raw_id is not None else None,
                )

    try:
        await to_thread.run_sync(store)
    except work.QueueError as exc:
        return _render(request, "error.html", status=exc.status, message=str(exc), who=who)
    return RedirectResponse("/staff/canned", status_code=303)


# -- admins: accounts, audit log, settings ------------------------------------------------


def _accounts(request: Request) -> list[Staff]:
    with db_of(request).session() as session:
        return list(session.scalars(select(Staff).order_by(Staff.username)))


@page(Role.ADMIN)
async def accounts_page(request: Request, who: Login) -> Response:
    staff = await to_thread.run_sync(_accounts, request)
    return _render(request, "accounts.html", who=who, staff=staff, roles=list(Role), created=None, error=None)


@action(Role.ADMIN)
async def accounts_create(request: Request, who: Login, form: FormData) -> Response:
    def store() -> str:
        with db_of(request).session() as session:
            staff, uri = accounts.create(
                session, _field(form, "username"), _field(form, "role"), _field(form, "password")
            )
            audit.record(session, who.actor.id, "account.create", None, username=staff.username, role=staff.role)
            return uri

    created = error = None
    try:
        created = await to_thread.run_sync(store)
    except accounts.AccountError as exc:
        error = str(exc)
    staff = await to_thread.run_sync(_accounts, request)
    return _render(
        request,
        "accounts.html",
        status=200 if created else 422,
        who=who,
        staff=staff,
        roles=list(Role),
        created=created,
        error=error,
    )


@action(Role.ADMIN)
async def accounts_deactivate(request: Request, who: Login, form: FormData) -> Response:
    staff_id = int(request.path_params["staff_id"])

    def store() -> None:
        with db_of(request).session() as session:
            staff = session.get(Staff, staff_id)
            if staff is None or staff.id == who.actor.id:
                return
            staff.active = False
            staff.on_duty = False
            sessions.end_all_for(session, staff.id, now())
            tokens.revoke_all(session, staff, now())
            audit.record(session, who.actor.id, "account.deactivate", None, username=staff.username)

    await to_thread.run_sync(store)
    return RedirectResponse("/staff/accounts", status_code=303)


@page(Role.ADMIN)
async def audit_page(request: Request, who: Login) -> Response:
    def load() -> list[Any]:
        with db_of(request).session() as session:
            events = audit.recent(session, limit=500)
            return [(e, e.staff.username if e.staff else "system") for e in events]

    return _render(request, "audit.html", who=who, events=await to_thread.run_sync(load))


@page(Role.ADMIN)
async def settings_page(request: Request, who: Login) -> Response:
    return _render(request, "settings.html", who=who, settings=settings_of(request).describe())


async def not_allowed(request: Request) -> Response:
    return forbidden(request)


routes = [
    Route("/staff", queue_page, methods=["GET"]),
    Route("/staff/login", login_form, methods=["GET"]),
    Route("/staff/login", login_submit, methods=["POST"]),
    Route("/staff/logout", logout, methods=["POST"]),
    Route("/staff/duty", set_duty, methods=["POST"]),
    Route("/staff/queue.part", queue_part, methods=["GET"]),
    Route("/staff/events", events, methods=["GET"]),
    Route("/staff/cases/{case_id:int}", case_page, methods=["GET"]),
    Route("/staff/cases/{case_id:int}/transcript.part", thread_part, methods=["GET"]),
    Route("/staff/cases/{case_id:int}/claim", claim, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/release", release, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/transfer", transfer, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/reply", reply, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/notes", note, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/close", close, methods=["POST"]),
    Route("/staff/cases/{case_id:int}/unmask", unmask, methods=["POST"]),
    Route("/staff/canned", canned_page, methods=["GET"]),
    Route("/staff/canned", canned_save, methods=["POST"]),
    Route("/staff/canned/{reply_id:int}", canned_save, methods=["POST"]),
    Route("/staff/accounts", accounts_page, methods=["GET"]),
    Route("/staff/accounts", accounts_create, methods=["POST"]),
    Route("/staff/accounts/{staff_id:int}/deactivate", accounts_deactivate, methods=["POST"]),
    Route("/staff/audit", audit_page, methods=["GET"]),
    Route("/staff/settings", settings_page, methods=["GET"]),
]
