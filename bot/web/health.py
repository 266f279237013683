"""``GET /healthz``: 200 when Rasa, the action server and the database all answer.

Besides the parts, ``unconfirmed`` counts outbox sends whose answer was lost (never
resent; staff follow them up). It does not change the status code.
"""

from __future__ import annotations

import asyncio

import httpx
from anyio import to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse


async def _actions_ok(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(f"{url}/health")).status_code == 200
    except httpx.HTTPError:
        return False


async def healthz(request: Request) -> JSONResponse:
    state = request.app.state
    rasa, actions, db = await asyncio.gather(
        state.pipeline.rasa.healthy(),
        _actions_ok(state.settings.action_server_url),
        to_thread.run_sync(state.pipeline.db.ping),
    )
    parts = {"rasa": rasa, "actions": actions, "db": db}
    body: dict[str, object] = {"status": "ok" if all(parts.values()) else "degraded"}
    body.update({name: "ok" if up else "down" for name, up in parts.items()})
    if db:
        try:
            body["unconfirmed"] = await to_thread.run_sync(state.outbox.unconfirmed)
        except Exception:  # the database went away meanwhile: the parts above still say so
            body["unconfirmed"] = None
    return JSONResponse(body, status_code=200 if all(parts.values()) else 503)
