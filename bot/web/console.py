"""The staff console at ``/staff``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route


async def home(request: Request) -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>Waymark staff</title><h1>Waymark staff console</h1>")


routes = [Route("/staff", home)]
