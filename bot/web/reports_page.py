"""The console's reports page: figures, charts (SVG from a route, so the CSP needs nothing inline)
and exports. Supervisors and admins only; every view is in the audit log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.reports import charts, figures, render
from bot.staff import audit
from bot.staff.roles import Role
from bot.web.staff_auth import Login, db_of, page, settings_of

MAX_DAYS = 3660


def _period(request: Request) -> tuple[date, date] | None:
    today = date.today()
    try:
        start = date.fromisoformat(request.query_params.get("from") or str(today - timedelta(days=365)))
        end = date.fromisoformat(request.query_params.get("to") or str(today))
    except ValueError:
        return None
    if end < start or (end - start).days > MAX_DAYS:
        return None
    return start, end


def _build(request: Request, login: Login, start: date, end: date, what: str) -> dict[str, Any]:
    settings = settings_of(request)
    with db_of(request).session() as session:
        audit.record(session, login.actor.id, "report_viewed", what=what, start=str(start), end=str(end))
        return figures.build(
            session,
            start,
            end,
            tz_name=settings.local_timezone,
            repeat_episodes=settings.repeat_missing_episodes,
            repeat_days=settings.repeat_missing_days,
        )


@page(Role.SUPERVISOR)
async def reports_page(request: Request, login: Login) -> Response:
    """The figures for a period, with charts."""
    period = _period(request)
    if period is None:
        return PlainTextResponse("from/to must be dates (YYYY-MM-DD), from before to", status_code=422)
    report = await to_thread.run_sync(_build, request, login, *period, "page")
    context = {
        "who": login,
        "period": report["period"],
        "rules": report["rules"],
        "headline": render.headline_rows(report["figures"]),
        "charts": charts.CHARTS,
        "episodes": report["figures"]["episodes"][-200:],
        "definitions": report["definitions"],
    }
    response: Response = request.app.state.templates.TemplateResponse(request, "reports.html", context)
    return response


@page(Role.SUPERVISOR)
async def chart(request: Request, login: Login) -> Response:
    """One chart as SVG."""
    name = request.path_params["name"]
    period = _period(request)
    if name not in charts.CHARTS or period is None:
        return PlainTextResponse("no such chart", status_code=404)
    report = await to_thread.run_sync(_build, request, login, *period, f"chart:{name}")
    return Response(charts.chart(name, report["figures"]), media_type="image/svg+xml")


@page(Role.SUPERVISOR)
async def export(request: Request, login: Login) -> Response:
    """The report as JSON, or the figures as CSV (no names, no message text)."""
    period = _period(request)
    if period is None:
        return PlainTextResponse("from/to must be dates (YYYY-MM-DD), from before to", status_code=422)
    kind = request.path_params["kind"]
    if kind not in ("json", "csv"):
        return PlainTextResponse("export.json or export.csv", status_code=404)
    report = await to_thread.run_sync(_build, request, login, *period, f"export:{kind}")
    if kind == "json":
        return Response(render.to_json(report), media_type="application/json")
    return Response(
        render.figures_csv(report),
        media_type="text/csv",
        headers={"content-disposition": f'attachment; filename="waymark-{period[0]}-{period[1]}.csv"'},
    )


routes = [
    Route("/staff/reports", reports_page, methods=["GET"]),
    Route("/staff/reports/chart/{name}.svg", chart, methods=["GET"]),
    Route("/staff/reports/export.{kind:str}", export, methods=["GET"]),
]
