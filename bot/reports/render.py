"""The report as JSON, CSV or a self-contained HTML page (charts inline as SVG)."""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.episodes import details_of
from bot.records.models import Child, Episode
from bot.reports.charts import CHARTS, chart
from bot.reports.redact import redact

EPISODE_COLUMNS = (
    "id",
    "child",
    "category",
    "sources",
    "started_at",
    "start_known",
    "ended_at",
    "duration_hours",
    "risk",
    "police_informed",
    "return_interview_due_at",
    "return_interview_offered_at",
    "return_interview_done_at",
    "last_seen",
    "risks_noted",
)


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=False)


def _flatten(prefix: str, value: Any) -> list[tuple[str, str, Any]]:
    if isinstance(value, dict):
        return [(prefix, str(k), v) for k, v in value.items() if not isinstance(v, dict | list)]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [(prefix, str(row.get("episodes")), row.get("children")) for row in value]
    if isinstance(value, list):
        return [(prefix, str(i), v) for i, v in enumerate(value)]
    return [(prefix, "", value)]


def figures_csv(report: dict[str, Any]) -> str:
    """figure,breakdown,value: one row per number (no names, no text)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "breakdown", "value"])
    for key, value in report["figures"].items():
        if key == "episodes":
            continue
        for row in _flatten(key, value):
            writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def episodes_csv(session: Session, report: dict[str, Any]) -> str:
    """One row per episode: pseudonymous child reference, dates, and free text redacted."""
    rows = report["figures"]["episodes"]
    ids = [row["id"] for row in rows]
    episodes = {e.id: e for e in session.scalars(select(Episode).where(Episode.id.in_(ids)))} if ids else {}
    names = [c.first_name for c in session.scalars(select(Child)) if c.first_name]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EPISODE_COLUMNS)
    for row in rows:
        details = details_of(episodes[row["id"]]) if row["id"] in episodes else {}
        values = {
            **row,
            "sources": "+".join(row["sources"]),
            "last_seen": redact(str(details.get("last_seen") or details.get("area") or ""), names),
            "risks_noted": redact(str(details.get("risks") or ""), names),
        }
        writer.writerow(["" if values.get(c) is None else values.get(c) for c in EPISODE_COLUMNS])
    return out.getvalue()


def _table(rows: list[tuple[str, Any]]) -> str:
    return "<table>" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows) + "</table>"


def headline_rows(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    d = figures["duration_hours"]
    p = figures["police_informed"]
    r = figures["return_interviews"]
    t = figures["time_to_claim_minutes"]
    return [
        ("Episodes", figures["episodes_total"]),
        (
            "of which missing / away",
            f"{figures['episodes_by_category']['missing']} / {figures['episodes_by_category']['away']}",
        ),
        ("Children who went missing or away", figures["children_missing"]),
        ("Children meeting the repeat-missing rule", figures["children_repeat_missing"]),
        ("Most episodes for one child", figures["episodes_per_child_max"]),
        ("Duration, hours: median / 90th percentile / longest", f"{d['median']} / {d['p90']} / {d['max']}"),
        ("Still missing now (children)", figures["still_missing_now"]["children"]),
        ("Police informed (missing episodes)", f"{p['informed']} of {p['missing_episodes']}"),
        (
            "Return interviews: returns / offered / done / done in time / overdue",
            f"{r['returns']} / {r['offered']} / {r['completed']} / {r['completed_within_due']} / {r['overdue_now']}",
        ),
        ("Contacts", figures["contacts_total"]),
        ("Cases opened", figures["cases_opened"]),
        ("Time to claim, minutes: median / 90th percentile", f"{t['median']} / {t['p90']}"),
        ("Claim targets missed", figures["claim_targets_missed"]),
    ]


def to_html(report: dict[str, Any], images: dict[str, str] | None = None) -> str:
    """A whole page. Charts are inline SVG, or <img> at ``images[name]`` (the console's chart routes)."""
    figures = report["figures"]
    period = report["period"]
    charts = []
    for name in CHARTS:
        if images is not None:
            charts.append(f'<figure><img src="{escape(images[name])}" alt="{escape(name)} chart"></figure>')
        else:
            charts.append(f"<figure>{chart(name, figures)}</figure>")
    definitions = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in report["definitions"].items())
    breakdowns = _table(
        [(f"contacts: {k}", v) for k, v in figures["contacts_by_risk"].items()]
        + [(f"contacts via {k}", v) for k, v in figures["contacts_by_channel"].items()]
        + [(f"cases: {k}", v) for k, v in figures["cases_by_priority"].items()]
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Waymark report {escape(period['from'])} to {escape(period['to'])}</title></head><body>"
        f"<h1>Waymark: missing episodes and contacts</h1>"
        f"<p>{escape(period['from'])} to {escape(period['to'])} ({escape(period['timezone'])}), made "
        f"{escape(report['generated_at'])}. Repeat missing: {report['rules']['repeat_missing']['episodes']} or more "
        f"episodes in {report['rules']['repeat_missing']['days']} days.</p>"
        f"{_table(headline_rows(figures))}{''.join(charts)}{breakdowns}"
        f"<h2>Definitions</h2><dl>{definitions}</dl></body></html>"
    )
