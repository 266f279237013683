"""When Rasa is down the safety net alone replies kindly, records, and opens cases."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from bot import cases, conversations
from bot.pipeline.outbox import Outbox
from bot.pipeline.pipeline import Inbound, Pipeline
from bot.pipeline.rasa_client import RasaClient
from bot.records.db import Database
from bot.records.models import Case, Contact, Message
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY, free_port


def pipeline_without_rasa(db: Database) -> Pipeline:
    dead = RasaClient(f"http://127.0.0.1:{free_port()}", "token", timeout_s=2)
    return Pipeline(db, dead, Outbox(db), PSEUDONYM_KEY)


async def test_emergency_still_reaches_a_person_with_rasa_down(db: Database) -> None:
    pipeline = pipeline_without_rasa(db)
    sender = str(uuid.uuid4())
    replies = await pipeline.handle(Inbound("web", sender, "hes got a knife and hes coming for me"))
    assert replies and "999" in replies[0].text
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", sender)
        case = cases.open_case(session, conversation.id)
        assert case is not None and case.priority == Risk.EMERGENCY
        contact = session.scalars(select(Contact).where(Contact.conversation_id == conversation.id)).one()
        assert contact.decided_by == "safety_net" and contact.risk == "emergency"
        statuses = {
            m.direction: m.status
            for m in session.scalars(select(Message).where(Message.conversation_id == conversation.id))
        }
        assert statuses == {"in": "processed", "out": "sent"}
    await pipeline.rasa.aclose()


async def test_harmless_message_gets_a_kind_fallback_and_no_case(db: Database) -> None:
    pipeline = pipeline_without_rasa(db)
    sender = str(uuid.uuid4())
    replies = await pipeline.handle(Inbound("web", sender, "what time is it"))
    assert "Childline" in replies[0].text and "999" in replies[0].text
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", sender)
        assert cases.open_case(session, conversation.id) is None
    await pipeline.rasa.aclose()


async def test_a_redelivered_update_is_stored_once(db: Database) -> None:
    pipeline = pipeline_without_rasa(db)
    inbound = Inbound(
        "telegram",
        "55501",
        "hello",
        reply_address="55501",
        external_id=f"telegram:{uuid.uuid4().int % 10**9}",
    )
    first = await pipeline.handle(inbound)
    again = await pipeline.handle(inbound)
    assert first and again == []
    with db.session() as session:
        count = len(session.scalars(select(Message).where(Message.external_id == inbound.external_id)).all())
    assert count == 1
    await pipeline.rasa.aclose()


async def test_photos_get_a_kind_reply_and_are_recorded_by_type(db: Database) -> None:
    pipeline = pipeline_without_rasa(db)
    replies = await pipeline.handle(Inbound("telegram", "55502", "", reply_address="55502", kind="photo"))
    assert "typed" in replies[0].text
    await pipeline.rasa.aclose()


async def test_the_bot_stays_with_a_young_person_in_danger_until_a_person_claims(db: Database) -> None:
    from bot.pipeline.fallback import STAY_WITH_YOU

    pipeline = pipeline_without_rasa(db)
    sender = str(uuid.uuid4())
    await pipeline.handle(Inbound("web", sender, "hes got a knife and hes coming for me"))
    follow_ups = [await pipeline.handle(Inbound("web", sender, f"please hurry {i}")) for i in range(3)]
    assert all(len(replies) == 1 for replies in follow_ups), "every message gets a kind reply while the case waits"
    assert any(r[0].text in STAY_WITH_YOU for r in follow_ups)
    assert all("999" in r[0].text for r in follow_ups)
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", sender)
        case = cases.open_case(session, conversation.id)
        assert case is not None
        case.status = "claimed"  # a person has it now: the bot steps back
    assert await pipeline.handle(Inbound("web", sender, "are you there")) == []
    await pipeline.rasa.aclose()


async def test_a_carer_keeps_talking_to_the_bot_until_a_person_picks_the_case_up(db: Database) -> None:
    pipeline = pipeline_without_rasa(db)
    sender = str(uuid.uuid4())
    await pipeline.handle(Inbound("web", sender, "hi"))
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", sender)
        conversation.role = "carer"
        case, _ = cases.open_or_raise(session, conversation.id, Risk.HIGH, ["carer reports a child missing"])
        case_id = case.id
    stored = pipeline.store(Inbound("web", sender, "he's back, came in at 3"))
    assert stored is not None and not stored.case_open, "waiting: the bot still answers the carer"
    with db.session() as session:
        claimed = session.get(Case, case_id)
        assert claimed is not None
        claimed.status = "claimed"
    stored = pipeline.store(Inbound("web", sender, "are you there"))
    assert stored is not None and stored.case_open, "claimed: the carer is talking to a person"
    await pipeline.rasa.aclose()
