"""Talking to the Rasa server: the REST channel for dialogue, /model/parse for triage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or said nothing."""


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Parse:
    intent: str
    confidence: float
    ranking: list[tuple[str, float]]


class RasaClient:
    def __init__(self, url: str, token: str, timeout_s: float = 10.0) -> None:
        self._url = url.rstrip("/")
        self._params = {"token": token}
        self._http = httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _post(self, path: str, payload: dict[str, Any]) -> Any:
        try:
            response = await self._http.post(f"{self._url}{path}", json=payload, params=self._params)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[Reply]:
        """Send one user message through the REST channel; return the bot's replies."""
        body = await self._post("/webhooks/rest/webhook", {"sender": sender, "message": text, "metadata": metadata})
        replies = [
            Reply(
                text=item["text"],
                buttons=[{"title": b["title"], "payload": b["payload"]} for b in item.get("buttons", [])],
            )
            for item in body
            if isinstance(item, dict) and item.get("text")
        ]
        if not replies:
            raise RasaUnavailable("no reply")
        return replies

    async def append_event(self, sender: str, event: dict[str, Any]) -> None:
        """Add an event (e.g. ``{"event": "pause"}``) to a conversation's tracker."""
        await self._post(f"/conversations/{quote(sender, safe='')}/tracker/events", event)

    async def parse(self, text: str) -> Parse:
        body = await self._post("/model/parse", {"text": text})
        ranking = [(i["name"], float(i["confidence"])) for i in body.get("intent_ranking", [])]
        intent = body.get("intent") or {}
        if not intent.get("name"):
            raise RasaUnavailable("no intent")
        return Parse(intent=intent["name"], confidence=float(intent["confidence"]), ranking=ranking)

    async def healthy(self) -> bool:
        try:
            response = await self._http.get(f"{self._url}/status", params=self._params, timeout=2)
            return response.status_code == 200
        except httpx.HTTPError:
            return False
