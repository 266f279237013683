"""What the young person hears when Rasa cannot answer, and while a person is on the way."""

from __future__ import annotations

from bot.risk import Risk

SIGNPOSTS = "Childline: call 0800 1111 (free, any time). Runaway Helpline: call or text 116 000 (free)."

HOLDING = "A person from our team has your message and will reply here. If you are in danger right now, call 999."

#: While an emergency case waits for a person, each message gets one of these.
STAY_WITH_YOU = (
    "I'm still here with you. A person is on the way. If you can, call 999.",
    "You're doing the right thing by messaging. Someone from our team is coming. In danger? Call 999.",
    "I'm here. Keep yourself as safe as you can. If you can call 999, do it now.",
)

NOT_TEXT = (
    "Thanks for sending that. I can only read typed messages, so could you tell me in words? "
    "If you are in danger right now, call 999."
)


def fallback_reply(risk: Risk) -> str:
    """A kind reply that never depends on Rasa."""
    if risk == Risk.EMERGENCY:
        return "If you are in danger right now, call 999. I'm getting a person for you now. Stay with me. " + SIGNPOSTS
    if risk == Risk.HIGH:
        return (
            "Thank you for telling me. I'm getting a person to talk to you. "
            "If you are in danger, call 999. " + SIGNPOSTS
        )
    return (
        "Sorry, I'm having trouble answering right now, but your message is safe with us. "
        "If you need someone now: " + SIGNPOSTS + " In danger? Call 999."
    )
