"""Live console updates: one watcher publishes, every server-sent-events stream listens."""

from __future__ import annotations

import asyncio
from contextlib import suppress


class Broadcaster:
    """Fan-out of "the queue changed" to every connected console (in this process)."""

    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue[int]] = set()
        self.version = 0

    def publish(self) -> None:
        self.version += 1
        for queue in list(self._listeners):
            with suppress(asyncio.QueueFull):
                queue.put_nowait(self.version)

    def subscribe(self) -> asyncio.Queue[int]:
        # One slot is enough: a console only needs to know *that* something changed.
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=1)
        self._listeners.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[int]) -> None:
        self._listeners.discard(queue)

    @property
    def listeners(self) -> int:
        return len(self._listeners)
