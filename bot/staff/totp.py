"""Time-based one-time codes (RFC 6238) for every account, with replay protection."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

ISSUER = "Waymark"
#: Codes from one step either side are accepted: phones drift.
DRIFT_STEPS = 1


def new_secret() -> str:
    return str(pyotp.random_base32())


def enrolment_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app enrols from (as text or a QR code)."""
    return str(pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER))


def accepted_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step the code belongs to, if valid and newer than the last one used."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step_now = int(totp.timecode(now))
    for step in range(step_now - DRIFT_STEPS, step_now + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(str(totp.generate_otp(step)), code):
            return step
    return None
