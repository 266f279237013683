"""Who is asking: console sessions (cookie + CSRF) and API tokens (``Authorization: Bearer``).

Every console route goes through ``page`` (GET, read only) or ``action`` (POST, CSRF
checked); both check the role. Records are checked again by the queue services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from anyio import to_thread
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.records.db import Database
from bot.settings import Settings
from bot.staff import accounts, sessions, tokens
from bot.staff.roles import Actor, Role


@dataclass(frozen=True)
class Login:
    actor: Actor
    csrf: str


def now() -> datetime:
    return datetime.now(UTC)


def db_of(request: Request) -> Database:
    db: Database = request.app.state.pipeline.db
    return db


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_ip(request: Request) -> str:
    # The app listens on loopback or behind a proxy we do not trust headers from.
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(sessions.COOKIE, token, httponly=True, secure=True, samesite="strict", path="/staff")


def load_login(request: Request, touch: bool = True) -> Login | None:
    """The logged-in staff member for this request's cookie (blocking: call in a thread)."""
    settings = settings_of(request)
    with db_of(request).session() as session:
        row = sessions.load(
            session,
            request.cookies.get(sessions.COOKIE),
            now(),
            settings.session_idle_s,
            settings.session_max_s,
            touch=touch,
        )
        if row is None or row.staff is None or not row.staff.active:
            return None
        return Login(accounts.actor(row.staff), row.csrf_token)


def _no_store(response: Response) -> Response:
    response.headers["cache-control"] = "no-store"
    return response


def forbidden(request: Request, message: str = "You do not have access to this page.") -> Response:
    templates = request.app.state.templates
    return _no_store(templates.TemplateResponse(request, "error.html", {"message": message}, status_code=403))


PageHandler = Callable[[Request, Login], Awaitable[Response]]
ActionHandler = Callable[[Request, Login, FormData], Awaitable[Response]]


def page(role: Role = Role.STAFF) -> Callable[[PageHandler], Callable[[Request], Awaitable[Response]]]:
    """A GET console page: logged in, at least ``role``; never changes state."""

    def wrap(handler: PageHandler) -> Callable[[Request], Awaitable[Response]]:
        @wraps(handler)
        async def endpoint(request: Request) -> Response:
            login = await to_thread.run_sync(load_login, request)
            if login is None:
                return RedirectResponse("/staff/login", status_code=303)
            if not login.actor.at_least(role):
                return forbidden(request)
            return _no_store(await handler(request, login))

        return endpoint

    return wrap


def action(role: Role = Role.STAFF) -> Callable[[ActionHandler], Callable[[Request], Awaitable[Response]]]:
    """A POST console action: logged in, at least ``role``, and the session's CSRF token."""

    def wrap(handler: ActionHandler) -> Callable[[Request], Awaitable[Response]]:
        @wraps(handler)
        async def endpoint(request: Request) -> Response:
            login = await to_thread.run_sync(load_login, request)
            if login is None:
                return forbidden(request, "Your session has ended. Log in again.")
            form = await request.form(max_files=0, max_fields=20)
            csrf = form.get("csrf")
            if not sessions.csrf_ok_token(login.csrf, csrf if isinstance(csrf, str) else None):
                return forbidden(request, "This form is out of date (CSRF check failed). Go back, reload and retry.")
            if not login.actor.at_least(role):
                return forbidden(request)
            return _no_store(await handler(request, login, form))

        return endpoint

    return wrap


def api_actor(request: Request) -> Actor | None:
    """The staff member behind a ``Bearer`` token (blocking: call in a thread)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    with db_of(request).session() as session:
        staff = tokens.authenticate(session, token.strip(), now())
        return accounts.actor(staff) if staff else None


def api_unauthorised() -> JSONResponse:
    return JSONResponse(
        {"error": "a valid personal API token is required: Authorization: Bearer <token>"},
        status_code=401,
        headers={"www-authenticate": "Bearer"},
    )
