"""The staff JSON API (``Authorization: Bearer <personal token>``):

GET  /api/staff/cases?status=open|waiting|claimed|closed   -> {"cases": [case, ...]}
POST /api/staff/cases/{id}/claim                           -> {"case": case}
POST /api/staff/cases/{id}/reply   {"text": str}           -> {"message_id": int}
POST /api/staff/cases/{id}/close   {"outcome": str, "note": str?} -> {"case": case}

The same role and record checks as the console; errors are JSON with a 4xx status.
"""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot import cases
from bot.pipeline.handback import StaffRelay
from bot.queue import work
from bot.records.models import Case
from bot.staff import audit
from bot.staff.roles import Actor
from bot.web.staff_auth import api_actor, api_unauthorised, db_of, now

STATUSES = ("open", "waiting", "claimed", "closed")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def case_json(case: Case) -> dict[str, Any]:
    return {
        **cases.summary(case),
        "first_claimed_at": _iso(case.first_claimed_at),
        "first_reply_at": _iso(case.first_reply_at),
        "claim_target_met": case.claim_target_met,
        "closed_at": _iso(case.closed_at),
        "outcome": case.outcome,
    }


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"error": detail}, status_code=status)


async def _body(request: Request) -> dict[str, Any] | JSONResponse:
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(400, "body is not valid JSON")
    if not isinstance(body, dict):
        return _error(422, "body must be a JSON object")
    return body


def _case_json_by_id(request: Request, case_id: int, actor: Actor) -> dict[str, Any]:
    with db_of(request).session() as session:
        return case_json(work.visible(session, case_id, actor))


async def list_cases(request: Request) -> JSONResponse:
    actor = await to_thread.run_sync(api_actor, request)
    if actor is None:
        return api_unauthorised()
    status = request.query_params.get("status", "open")
    if status not in STATUSES:
        return _error(422, f"status must be one of: {', '.join(STATUSES)}")

    def load() -> list[dict[str, Any]]:
        with db_of(request).session() as session:
            rows = [case_json(case) for case in work.cases_for(session, actor, status)]
            audit.record(session, actor.id, "api.cases.list", None, status=status, count=len(rows))
            return rows

    return JSONResponse({"cases": await to_thread.run_sync(load)})


async def _case_action(request: Request, kind: str) -> JSONResponse:
    actor = await to_thread.run_sync(api_actor, request)
    if actor is None:
        return api_unauthorised()
    case_id = int(request.path_params["case_id"])
    relay: StaffRelay = request.app.state.relay
    body = await _body(request) if kind != "claim" else {}
    if isinstance(body, JSONResponse):
        return body
    try:
        if kind == "claim":
            await relay.claim(case_id, actor, now())
        elif kind == "reply":
            text = body.get("text")
            if not isinstance(text, str):
                return _error(422, 'body must be {"text": str}')
            message_id = await relay.reply(case_id, actor, text, now())
            return JSONResponse({"message_id": message_id})
        else:
            outcome, note = body.get("outcome"), body.get("note", "")
            if not isinstance(outcome, str) or not isinstance(note, str):
                return _error(422, f'body must be {{"outcome": one of {", ".join(work.OUTCOMES)}, "note": str?}}')
            await relay.close(case_id, actor, outcome, note, now())
        return JSONResponse({"case": await to_thread.run_sync(_case_json_by_id, request, case_id, actor)})
    except work.QueueError as exc:
        return _error(exc.status, str(exc))


async def claim(request: Request) -> JSONResponse:
    return await _case_action(request, "claim")


async def reply(request: Request) -> JSONResponse:
    return await _case_action(request, "reply")


async def close(request: Request) -> JSONResponse:
    return await _case_action(request, "close")


routes = [
    Route("/api/staff/cases", list_cases, methods=["GET"]),
    Route("/api/staff/cases/{case_id:int}/claim", claim, methods=["POST"]),
    Route("/api/staff/cases/{case_id:int}/reply", reply, methods=["POST"]),
    Route("/api/staff/cases/{case_id:int}/close", close, methods=["POST"]),
]
