"""What each kind of Telegram update becomes: an inbox row, leaving a group, or nothing.

Only private chats are conversations. Text is kept (encrypted) as sent. Everything else is
recorded by its type: media are never downloaded, contacts' numbers are not kept, a
location the person chose to share is kept only as a coarse area (about 11 km). Captions,
edits and unknown commands carry words, so they are kept just long enough to be screened by
the safety net (``telegram_inbox`` wipes them afterwards unless they were risk-bearing).

A pressed inline button (a ``callback_query``) is stored like a typed message whose text
is the button's payload, on the same inbox path; the gateway answers the query
(``answerCallbackQuery``) once it is committed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from telegram import Message as TgMessage
from telegram import Update

from bot.pipeline.fallback import SIGNPOSTS
from bot.pipeline.pipeline import Inbound

CHANNEL = "telegram"
PRIVATE = "private"
MEDIA_KINDS = (
    "photo",
    "voice",
    "video",
    "video_note",
    "sticker",
    "animation",
    "audio",
    "document",
    "contact",
    "poll",
    "dice",
)
#: Kinds whose words are wiped after screening unless the safety net found risk in them.
WIPE_AFTER_SCREENING = frozenset({*MEDIA_KINDS, "edited", "unknown_command", "other"})
KNOWN_COMMANDS = ("start", "help", "stop")
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")

#: Allowed update types asked of Telegram (polling and webhook).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"]

WELCOME = (
    "Hi, I'm Waymark. You can tell me if you're away from home, if you don't feel safe, or if you "
    "want to talk to a person. What you tell me stays private, unless we think your life is in "
    "danger or you are being seriously hurt; then we may have to share it to keep you safe, and we "
    "will try to tell you first. In danger right now? Call 999."
)
HELP = (
    'Just type to me in your own words, for example "I\'m not going home tonight" or "I need '
    'someone". You can ask for a person at any time. ' + SIGNPOSTS + " In danger right now? Call 999."
)
STOP = (
    "OK, I won't message you unless you write to me again. What you already told us is kept safe. "
    "You can come back any time. " + SIGNPOSTS
)
UNKNOWN_COMMAND = "I don't know that command, but you can just type to me in your own words. Send /help for ideas."
EDITED = (
    "I saw you changed a message. I read messages as they first arrive, so if there is something new, "
    "please send it as a new message. In danger right now? Call 999."
)
LOCATION = (
    "Thanks for sharing where you are. I only keep a rough area, not the exact spot. If you are in "
    "danger right now, call 999 and tell them where you are."
)
CONTACT = (
    "Thanks. I don't keep phone numbers sent to me. If you want to tell me about someone, you can type it. "
    "In danger right now? Call 999."
)
NOT_TEXT = (
    "Thanks for sending that. I can't open photos, voice notes, videos, stickers or files, so could "
    "you tell me in words? If you are in danger right now, call 999."
)


def canned_reply(kind: str, text: str | None) -> str | None:
    """The gateway's own answer for a stored row; None when Rasa should answer."""
    if kind == "text":
        return None
    if kind == "command":
        name = (text or "").split(maxsplit=1)[0] if text else ""
        return {"/start": WELCOME, "/help": HELP, "/stop": STOP}.get(name, UNKNOWN_COMMAND)
    if kind == "unknown_command":
        return UNKNOWN_COMMAND
    if kind == "edited":
        return EDITED
    if kind == "location":
        return LOCATION
    if kind == "contact":
        return CONTACT
    return NOT_TEXT


@dataclass(frozen=True)
class Intake:
    """What to do with one update."""

    action: Literal["store", "leave", "ignore"]
    what: str  # the update's type, for logs (never its content)
    inbound: Inbound | None = None
    chat_id: int | None = None
    #: A pressed button: answer this query once the update is committed (or ignored).
    callback_query_id: str | None = None


def coarse_area(latitude: float, longitude: float) -> str:
    """A location rounded to 0.1 degree: a town, not a street."""
    return f"area {round(latitude, 1):.1f},{round(longitude, 1):.1f}"


def _command(text: str) -> tuple[str, str | None]:
    """(kind, text to keep) for a message starting with a slash."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return "text", text  # "/ im scared": not a command at all
    name, rest = match.group(1).lower(), (match.group(2) or "").strip()
    if name not in KNOWN_COMMANDS:
        return "unknown_command", text
    if name == "start" and rest:
        code = _CODE.match(rest)
        # A carer's enrolment code (t.me/bot?start=CODE): it goes on as if typed, so the
        # same enrolment step handles it on every channel. Nothing else from the line is kept.
        return ("text", code.group(0)) if code else ("command", "/start")
    return "command", f"/{name}"


def _kind_of(message: TgMessage) -> tuple[str, str | None]:
    """(kind, text to keep) for a message in a private chat."""
    if message.text is not None:
        if message.text.startswith("/"):
            return _command(message.text)
        return "text", message.text
    if message.location is not None:  # sent on purpose by the person (Telegram never sends it silently)
        return "location", coarse_area(message.location.latitude, message.location.longitude)
    if message.venue is not None:
        return "location", coarse_area(message.venue.location.latitude, message.venue.location.longitude)
    for kind in MEDIA_KINDS:
        if getattr(message, kind, None):
            return kind, message.caption if kind != "contact" else None
    return "other", message.caption


def _inbound(update: Update, message: TgMessage, kind: str, text: str | None) -> Intake:
    user = message.from_user
    if user is None or user.is_bot:
        return Intake("ignore", "no person")
    return Intake(
        "store",
        kind,
        Inbound(
            channel=CHANNEL,
            user_id=str(user.id),
            text=text or "",
            reply_address=str(message.chat.id),
            external_id=f"telegram:{update.update_id}",
            kind=kind,
        ),
    )


def _button_press(update: Update) -> Intake:
    """A pressed inline button: its payload goes on as if the person had typed it."""
    query = update.callback_query
    assert query is not None
    user = query.from_user
    chat = query.message.chat if query.message is not None else None
    chat_id = chat.id if chat is not None else user.id
    if user.is_bot or (chat is not None and chat.type != PRIVATE) or not query.data:
        return Intake("ignore", "button press", callback_query_id=query.id)
    return Intake(
        "store",
        "button",
        Inbound(
            channel=CHANNEL,
            user_id=str(user.id),
            text=query.data,
            reply_address=str(chat_id),
            external_id=f"telegram:{update.update_id}",
            kind="text",
        ),
        callback_query_id=query.id,
    )


def classify(update: Update, staff_chat_id: str = "") -> Intake:
    """Decide what one update becomes; never raises on odd updates."""
    if update.callback_query is not None:
        return _button_press(update)
    if update.my_chat_member is not None:
        chat = update.my_chat_member.chat
        joined = update.my_chat_member.new_chat_member.status in ("member", "administrator")
        if chat.type != PRIVATE and joined and str(chat.id) != staff_chat_id:
            return Intake("leave", "added to a group", chat_id=chat.id)
        return Intake("ignore", "membership")
    if update.channel_post is not None:
        chat = update.channel_post.chat
        if str(chat.id) == staff_chat_id:
            return Intake("ignore", "staff channel")
        return Intake("leave", "channel post", chat_id=chat.id)
    message = update.message or update.edited_message
    if message is None:
        return Intake("ignore", "other update")
    if message.chat.type != PRIVATE:
        if str(message.chat.id) == staff_chat_id:
            return Intake("ignore", "staff chat")
        return Intake("leave", "group message", chat_id=message.chat.id)
    if update.edited_message is not None:
        return _inbound(update, message, "edited", message.text or message.caption)
    kind, text = _kind_of(message)
    return _inbound(update, message, kind, text)
