"""Staff authentication: argon2id, TOTP, lockout, sessions, CSRF, cookies, roles.

Service rules run on the test databases; the HTTP checks run against the real app.
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
import pytest
from sqlalchemy import select, text

from bot.records.db import Database
from bot.records.models import ApiToken, Staff
from bot.staff import login, sessions, throttle, tokens
from tests.conftest import Stack
from tests.helpers_staff import PASSWORD, make_staff

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def ip() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def code_at(secret: str, at: datetime) -> str:
    return str(pyotp.TOTP(secret).at(at))


# -- services ------------------------------------------------------------------------------


def test_passwords_are_argon2id_and_totp_secrets_encrypted(db: Database) -> None:
    who, secret = make_staff(db)
    with db.session() as session:
        staff = session.get(Staff, who.id)
        assert staff is not None and staff.password_hash.startswith("$argon2id$")
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT totp_secret FROM staff WHERE id = :id"), {"id": who.id}).scalar_one()
    assert secret.encode() not in bytes(raw)


def test_login_needs_password_and_a_fresh_totp_code(db: Database) -> None:
    who, secret = make_staff(db)
    address = ip()
    with db.session() as session, pytest.raises(login.LoginFailed):
        login.authenticate(session, who.username, "wrong password!!", code_at(secret, NOW), address, NOW)
    with db.session() as session, pytest.raises(login.LoginFailed):
        login.authenticate(session, who.username, PASSWORD, "000000", address, NOW)
    with db.session() as session:
        assert login.authenticate(session, who.username, PASSWORD, code_at(secret, NOW), address, NOW).id == who.id
    # The same code cannot be used twice (replay), even within its 30 seconds.
    with db.session() as session, pytest.raises(login.LoginFailed):
        login.authenticate(session, who.username, PASSWORD, code_at(secret, NOW), address, NOW + timedelta(seconds=5))
    with db.session() as session:
        later = NOW + timedelta(seconds=60)
        assert login.authenticate(session, who.username, PASSWORD, code_at(secret, later), address, later)


def test_an_account_locks_after_repeated_failures(db: Database) -> None:
    who, secret = make_staff(db)
    address = ip()
    for _ in range(throttle.ACCOUNT_LIMIT):
        with db.session() as session, pytest.raises(login.LoginFailed, match="did not match"):
            login.authenticate(session, who.username, "nope nope nope", "123456", address, NOW)
    with db.session() as session, pytest.raises(login.LoginFailed, match="Too many"):
        login.authenticate(session, who.username, PASSWORD, code_at(secret, NOW), ip(), NOW)
    after = NOW + throttle.WINDOW + timedelta(seconds=31)
    with db.session() as session:
        assert login.authenticate(session, who.username, PASSWORD, code_at(secret, after), ip(), after)


def test_an_address_is_limited_whatever_the_usernames(db: Database) -> None:
    who, secret = make_staff(db)
    address = ip()
    for n in range(throttle.ADDRESS_LIMIT):
        with db.session() as session, pytest.raises(login.LoginFailed):
            login.authenticate(session, f"guess{n}", "whatever whatever", "123456", address, NOW)
    with db.session() as session, pytest.raises(login.LoginFailed, match="Too many"):
        login.authenticate(session, who.username, PASSWORD, code_at(secret, NOW), address, NOW)


def test_sessions_end_when_idle_and_at_their_absolute_limit(db: Database) -> None:
    who, _ = make_staff(db)
    with db.session() as session:
        token, row = sessions.start(session, who.id, NOW)
        assert row.id != token, "only a digest of the cookie is stored"
    with db.session() as session:
        assert sessions.load(session, token, NOW + timedelta(minutes=29), idle_s=1800, max_s=43200)
    with db.session() as session:  # 29 minutes after the last request is still fine
        assert sessions.load(session, token, NOW + timedelta(minutes=58), idle_s=1800, max_s=43200)
    with db.session() as session:  # 31 idle minutes: gone, for good
        assert sessions.load(session, token, NOW + timedelta(minutes=89), idle_s=1800, max_s=43200) is None
    with db.session() as session:
        assert sessions.load(session, token, NOW + timedelta(minutes=90), idle_s=1800, max_s=43200) is None
    with db.session() as session:
        busy, _ = sessions.start(session, who.id, NOW)
    moment = NOW
    for _ in range(25):  # active every 29 minutes, still cut off after 12 hours
        moment += timedelta(minutes=29)
        with db.session() as session:
            alive = sessions.load(session, busy, moment, idle_s=1800, max_s=43200)
        if moment - NOW > timedelta(hours=12):
            assert alive is None
            break
        assert alive is not None
    else:
        pytest.fail("the session never reached its absolute limit")


def test_api_tokens_are_stored_hashed_and_revocable(db: Database) -> None:
    who, _ = make_staff(db)
    with db.session() as session:
        staff = session.get(Staff, who.id)
        assert staff is not None
        token = tokens.issue(session, staff)
    with db.session() as session:
        assert not session.scalars(select(ApiToken).where(ApiToken.token_hash == token)).all()
        found = tokens.authenticate(session, token, NOW)
        assert found is not None and found.id == who.id
        assert tokens.authenticate(session, token + "x", NOW) is None
    with db.session() as session:
        staff = session.get(Staff, who.id)
        assert staff is not None
        assert tokens.revoke_all(session, staff, NOW) == 1
    with db.session() as session:
        assert tokens.authenticate(session, token, NOW) is None


# -- over HTTP, against the real app ------------------------------------------------------


def cookie_of(response: httpx.Response) -> tuple[str, str]:
    """The session cookie value and its full Set-Cookie line."""
    for line in response.headers.get_list("set-cookie"):
        if line.startswith(f"{sessions.COOKIE}="):
            return line.split(";", 1)[0].split("=", 1)[1], line
    raise AssertionError("no session cookie set")


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def http_login(client: httpx.Client, username: str, secret: str) -> tuple[str, str]:
    """Log in like a browser; returns the session cookie and the page's CSRF token.

    httpx will not send ``Secure`` cookies over plain http, so the cookie is sent by hand.
    """
    form = client.get("/staff/login")
    pre, _ = cookie_of(form)
    done = client.post(
        "/staff/login",
        data={"csrf": csrf_of(form.text), "username": username, "password": PASSWORD, "code": pyotp.TOTP(secret).now()},
        headers={"cookie": f"{sessions.COOKIE}={pre}"},
    )
    assert done.status_code == 303, done.text
    token, _ = cookie_of(done)
    assert token != pre, "a new session id after login (no fixation)"
    client.headers["cookie"] = f"{sessions.COOKIE}={token}"
    queue = client.get("/staff")
    assert queue.status_code == 200
    return token, csrf_of(queue.text)


@pytest.mark.stack
def test_session_cookie_is_secure_httponly_samesite_strict(app: str) -> None:
    response = httpx.get(f"{app}/staff/login", timeout=30)
    _, line = cookie_of(response)
    flags = {part.strip().lower() for part in line.split(";")[1:]}
    assert {"secure", "httponly", "samesite=strict", "path=/staff"} <= flags
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.stack
def test_login_over_http_wrong_code_csrf_and_lockout(app: str, db: Database) -> None:
    who, secret = make_staff(db)
    with httpx.Client(base_url=app, timeout=30) as client:
        login_attempts(client, who.username, secret)


def login_attempts(client: httpx.Client, username: str, secret: str) -> None:
    form = client.get("/staff/login")
    pre, _ = cookie_of(form)
    headers = {"cookie": f"{sessions.COOKIE}={pre}"}
    fields = {"username": username, "password": PASSWORD, "code": "000000"}
    no_csrf = client.post("/staff/login", data=fields, headers=headers)
    assert no_csrf.status_code == 401 and "out of date" in no_csrf.text
    wrong = client.post("/staff/login", data={**fields, "csrf": csrf_of(form.text)}, headers=headers)
    assert wrong.status_code == 401 and "did not match" in wrong.text
    for _ in range(throttle.ACCOUNT_LIMIT):
        client.post("/staff/login", data={**fields, "csrf": csrf_of(form.text)}, headers=headers)
    right = {**fields, "code": pyotp.TOTP(secret).now(), "csrf": csrf_of(form.text)}
    locked = client.post("/staff/login", data=right, headers=headers)
    assert locked.status_code == 401 and "Too many" in locked.text


@pytest.mark.stack
def test_csrf_roles_and_no_state_change_over_get(app: str, db: Database) -> None:
    who, secret = make_staff(db)
    with httpx.Client(base_url=app, timeout=30) as client:
        csrf_and_roles(app, client, *http_login(client, who.username, secret))


def csrf_and_roles(app: str, client: httpx.Client, _token: str, csrf: str) -> None:
    # No CSRF token, or a wrong one: refused.
    assert client.post("/staff/duty", data={"on_duty": "0"}).status_code == 403
    assert client.post("/staff/duty", data={"on_duty": "0", "csrf": "forged"}).status_code == 403
    assert client.post("/staff/duty", data={"on_duty": "0", "csrf": csrf}).status_code == 303
    # Changes are POST only.
    for path in ("/staff/cases/1/claim", "/staff/cases/1/close", "/staff/logout", "/staff/duty"):
        assert client.get(path).status_code == 405, path
    # Admin pages are for admins.
    for path in ("/staff/accounts", "/staff/audit", "/staff/settings", "/staff/canned"):
        assert client.get(path).status_code == 403, path
    assert client.post("/staff/accounts", data={"csrf": csrf, "username": "x1", "role": "admin"}).status_code == 403
    # Without a session: the login page, never the queue.
    anonymous = httpx.get(f"{app}/staff", timeout=30)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/staff/login"
    assert httpx.get(f"{app}/staff/events", timeout=30).status_code == 401
    # Logging out ends the session on the server.
    assert client.post("/staff/logout", data={"csrf": csrf}).status_code == 303
    assert client.get("/staff").status_code == 303


@pytest.mark.stack
def test_admin_creates_an_account_and_sees_the_audit_log(app: str, db: Database) -> None:
    admin, secret = make_staff(db, "admin")
    with httpx.Client(base_url=app, timeout=30) as client:
        _token, csrf = http_login(client, admin.username, secret)
        admin_pages(client, csrf)


def admin_pages(client: httpx.Client, csrf: str) -> None:
    name = f"new-{uuid.uuid4().hex[:6]}"
    created = client.post(
        "/staff/accounts", data={"csrf": csrf, "username": name, "role": "staff", "password": PASSWORD}
    )
    assert created.status_code == 200 and "otpauth://totp/Waymark:" + name in created.text
    weak = client.post("/staff/accounts", data={"csrf": csrf, "username": name + "b", "role": "staff", "password": "x"})
    assert weak.status_code == 422
    log = client.get("/staff/audit")
    assert log.status_code == 200 and "account.create" in log.text
    settings = client.get("/staff/settings")
    assert settings.status_code == 200 and "***" in settings.text


def cli(stack: Stack, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "staff", *args],
        input=stdin,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.stack
def test_cli_adds_accounts_and_issues_and_revokes_tokens(stack: Stack, db: Database) -> None:
    name = f"cli-{uuid.uuid4().hex[:6]}"
    weak = cli(stack, "add", name, "--role", "staff", stdin="short\n")
    assert weak.returncode == 2 and "at least 12" in weak.stderr
    added = cli(stack, "add", name, "--role", "supervisor", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith(f"otpauth://totp/Waymark:{name}?secret=")
    token = cli(stack, "token", name).stdout.strip()
    with db.session() as session:
        staff = tokens.authenticate(session, token, NOW)
        assert staff is not None and staff.username == name and staff.role == "supervisor"
    assert cli(stack, "revoke-token", name).returncode == 0
    with db.session() as session:
        assert tokens.authenticate(session, token, NOW) is None
    assert cli(stack, "token", "no-such-person").returncode == 2
