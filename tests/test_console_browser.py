"""The staff console in headless Chromium (Debian's, never a downloaded one): log in with
TOTP, watch a case arrive live, claim, reply, note and close; the young person gets the
reply on the web chat and on Telegram."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import select

from bot.pipeline.handback import HANDED_BACK
from bot.records.db import Database
from bot.records.models import AuditEvent, Case, Conversation
from tests.conftest import STAFF_CHAT_ID, Stack
from tests.fakes.telegram_api import FakeTelegram
from tests.helpers_staff import PASSWORD, make_staff

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.stack,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
URGENT = "help theres a man trying to get in my room right now"
TIMEOUT_MS = 20_000

sync_api = pytest.importorskip("playwright.sync_api")
sync_api.expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def page(app: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(base_url=app)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page
        context.close()
        browser.close()
        assert not [e for e in errors if "Content Security Policy" in e], errors


def log_in(page: Any, db: Database, role: str = "staff") -> str:
    who, secret = make_staff(db, role)
    page.goto("/staff")
    page.wait_for_url(re.compile(r"/staff/login$"))
    page.fill("input[name=username]", who.username)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button:has-text('Log in')")
    sync_api.expect(page.locator("h1")).to_have_text("Queue")
    cookie = next(c for c in page.context.cookies() if c["name"] == "waymark_staff")
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    return who.username


def case_of(db: Database, channel: str, after_id: int) -> int:
    """The newest case on this channel opened after ``after_id`` (polled: the actions open it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with db.session() as session:
            found = session.scalar(
                select(Case.id)
                .join(Conversation)
                .where(Conversation.channel == channel, Case.id > after_id)
                .order_by(Case.id.desc())
            )
        if found:
            return int(found)
        time.sleep(0.05)
    raise AssertionError("no case opened")


def last_case_id(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0)


def wait_for_messages(app: str, sender: str, want: str, timeout: float = 15) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = httpx.get(f"{app}/api/chat/{sender}/messages", timeout=30).json()["messages"]
        if any(m["text"] == want for m in messages):
            return list(messages)
        time.sleep(0.1)
    raise AssertionError(f"the young person never received {want!r}")


def work_the_case(page: Any, case_id: int, username: str, reply: str) -> None:
    page.click(f"tr[data-case-id='{case_id}'] a")
    sync_api.expect(page.locator("h1")).to_contain_text(f"Case #{case_id}")
    page.click("button:has-text('Claim this case')")
    sync_api.expect(page.locator(".status")).to_contain_text(f"claimed by {username}")
    page.fill("#reply-text", reply)
    page.click("button:has-text('Send reply')")
    sync_api.expect(page.locator(".msg.staff .text").last).to_have_text(reply)
    page.fill("textarea[name=text] >> nth=1", "Carer rang; police informed.")
    page.click("button:has-text('Add note')")
    sync_api.expect(page.locator(".notes .text").first).to_have_text("Carer rang; police informed.")


def close_the_case(page: Any, case_id: int) -> None:
    page.select_option("select[name=outcome]", "police_informed")
    page.fill("textarea[name=note]", "Police attended.")
    page.click("button:has-text('Close and hand back')")
    sync_api.expect(page.locator(".status")).to_contain_text("closed: Police informed")


def _alert_for(sent: dict[str, Any], app: str, case_id: int) -> bool:
    # By link, not number: both backends' apps share the fake Telegram and their case numbers overlap.
    return int(sent["chat_id"]) == STAFF_CHAT_ID and f"{app}/staff/cases/{case_id}" in str(sent["text"])


def test_web_chat_emergency_end_to_end(
    app: str, db: Database, page: Any, fake_telegram: FakeTelegram, stack: Stack
) -> None:
    username = log_in(page, db)
    sync_api.expect(page.locator("body")).to_have_attribute("data-live", "connected")
    before = last_case_id(db)
    sender = str(uuid.uuid4())
    started = time.perf_counter()
    assert httpx.post(f"{app}/api/chat", json={"sender": sender, "text": URGENT}, timeout=60).status_code == 200
    case_id = case_of(db, "web", before)
    # The case arrives in the open queue page without a reload (server-sent events).
    row = page.locator(f"tr[data-case-id='{case_id}']")
    sync_api.expect(row).to_be_visible()
    print(f"\nurgent web-chat message -> row visible in the console (SSE): {time.perf_counter() - started:.2f} s")
    sync_api.expect(row.locator(".badge")).to_have_text("emergency")
    # The staff chat hears of it before anyone claims it: the alert is what brings staff to
    # the case (the watcher alerts only cases still waiting, so claiming first would race it).
    deadline = time.monotonic() + 20
    while not (alerts := [m for m in list(fake_telegram.sent) if _alert_for(m, app, case_id)]):
        assert time.monotonic() < deadline, "no staff alert for the emergency case"
        time.sleep(0.05)
    assert "EMERGENCY" in alerts[0]["text"] and "room" not in alerts[0]["text"]

    # A message with markup joins the case thread and shows as text, not as a script.
    sneaky = "<script>document.title='pwned'</script><b>bold?</b>"
    httpx.post(f"{app}/api/chat", json={"sender": sender, "text": sneaky}, timeout=60)
    work_the_case(page, case_id, username, "Hi, I'm from the Waymark team. Are you safe right now?")
    sync_api.expect(page.locator(".msg.person .text").last).to_have_text(sneaky)
    assert page.title() != "pwned" and page.locator(".msg b").count() == 0
    wait_for_messages(app, sender, "Hi, I'm from the Waymark team. Are you safe right now?")

    close_the_case(page, case_id)
    wait_for_messages(app, sender, HANDED_BACK)
    with db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.outcome == "police_informed" and case.outcome_note == "Police attended."
        assert case.first_reply_at is not None and case.claim_target_met is True
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)))
    assert {"case.view", "case.claim", "case.reply", "case.note", "case.close"} <= actions
    for log in stack.logs.glob("*.log"):
        logged = log.read_text(errors="replace")
        for secret in ("Carer rang", "Are you safe right now", "Police attended", "pwned"):
            assert secret not in logged, f"{log.name} contains a note, reply or message text"


def test_telegram_user_gets_the_staff_reply(app: str, db: Database, page: Any, fake_telegram: FakeTelegram) -> None:
    username = log_in(page, db)
    before = last_case_id(db)
    user = uuid.uuid4().int % 10**9
    fake_telegram.push_text(user_id=user, text=URGENT)
    case_id = case_of(db, "telegram", before)
    sync_api.expect(page.locator(f"tr[data-case-id='{case_id}']")).to_be_visible()
    reply = "This is Sam from the duty team. I'm here. Can you get somewhere safe?"
    work_the_case(page, case_id, username, reply)
    deadline = time.monotonic() + 20
    while not [m for m in list(fake_telegram.sent) if int(m["chat_id"]) == user and m["text"] == reply]:
        assert time.monotonic() < deadline, "the staff reply never reached Telegram"
        time.sleep(0.05)
    close_the_case(page, case_id)


def test_supervisor_unmasks_and_it_is_audited(app: str, db: Database, page: Any, fake_telegram: FakeTelegram) -> None:
    log_in(page, db, "supervisor")
    before = last_case_id(db)
    user = uuid.uuid4().int % 10**9
    fake_telegram.push_text(user_id=user, text=URGENT)
    case_id = case_of(db, "telegram", before)
    page.goto(f"/staff/cases/{case_id}")
    sync_api.expect(page.locator("[data-unmasked]")).to_have_count(0)
    assert str(user) not in page.content(), "the chat id is hidden until unmasked"
    page.click("button:has-text('Unmask')")
    sync_api.expect(page.locator("[data-unmasked]")).to_contain_text(str(user))
    with db.session() as session:
        assert session.scalar(
            select(AuditEvent.id).where(AuditEvent.case_id == case_id, AuditEvent.action == "case.unmask")
        )
    close_the_case(page, case_id)
