"""The local web chat: ``POST /api/chat`` and ``GET /api/chat/{sender}/messages``.

The sender id is chosen by the browser (a random UUID kept in local storage) and works
like a bearer secret: anyone who knows it can read that conversation's replies.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot import conversations
from bot.pipeline.pipeline import Inbound, Pipeline
from bot.records.crypto import pseudonym
from bot.records.models import Message

MAX_SENDER = 128
MAX_TEXT = 20_000


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"error": detail}, status_code=status)


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


async def post_chat(request: Request) -> JSONResponse:
    """Take one message from the web chat and answer with the bot's replies."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error(415, "Content-Type must be application/json")
    try:
        body: Any = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return _error(400, "body is not valid JSON")
    if not isinstance(body, dict):
        return _error(422, 'body must be a JSON object: {"sender": str, "text": str}')
    sender, text = body.get("sender"), body.get("text")
    if not isinstance(sender, str) or not sender.strip():
        return _error(422, "sender is required and must be a non-empty string")
    if len(sender) > MAX_SENDER:
        return _error(422, f"sender must be at most {MAX_SENDER} characters")
    if not isinstance(text, str):
        return _error(422, "text is required and must be a string")
    if not text.strip():
        return _error(422, "text must not be empty")
    if len(text) > MAX_TEXT:
        return _error(413, f"text must be at most {MAX_TEXT} characters")
    replies = await _pipeline(request).handle(Inbound(channel="web", user_id=sender, text=text))
    return JSONResponse(
        {"replies": [{"text": r.text, **({"buttons": r.buttons} if r.buttons else {})} for r in replies]}
    )


def _messages_after(request: Request, sender: str, after: int) -> list[dict[str, Any]]:
    pipeline = _pipeline(request)
    with pipeline.db.session() as session:
        conversation = conversations.find(
            session, "web", pseudonym(request.app.state.settings.pseudonym_key, "web", sender)
        )
        if conversation is None:
            return []
        rows = session.scalars(
            select(Message)
            .where(
                Message.conversation_id == conversation.id,
                Message.direction == "out",
                Message.id > after,
            )
            .order_by(Message.id)
        )
        return [{"id": m.id, "from": m.author, "text": m.text or "", "at": m.created_at.isoformat()} for m in rows]


async def get_messages(request: Request) -> JSONResponse:
    """Every message for this sender after ``?after=ID``, oldest first (bot and staff)."""
    sender = request.path_params["sender"]
    try:
        after = int(request.query_params.get("after", "0"))
    except ValueError:
        return _error(422, "after must be an integer message id")
    from anyio import to_thread

    messages = await to_thread.run_sync(_messages_after, request, sender, after)
    return JSONResponse({"messages": messages})


routes = [
    Route("/api/chat", post_chat, methods=["POST"]),
    Route("/api/chat/{sender}/messages", get_messages, methods=["GET"]),
]
