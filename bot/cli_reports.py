"""CLI commands for carers, reports, demo data and the records lifecycle (wired in ``bot.cli``).

python -m bot carers invite --placement NAME     a one-time enrolment code for a carer (printed once)
python -m bot carers add-child --placement NAME --code JM [--first-name Jade] [--birth-year 2011]
python -m bot report --from D --to D --format json|csv|html [--table figures|episodes] [--out FILE]
python -m bot demo-data --seed N [--force]       a synthetic year in a fresh database
python -m bot records purge                      wipe or anonymise what is past its retention time
python -m bot records export --person PSEUDONYM  everything held about a person (JSON)
python -m bot records erase --person PSEUDONYM   erase, or refuse with the reason recorded
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.runtime import database
from bot.settings import Settings

COMMANDS = ("carers", "report", "demo-data", "records")


def add_parsers(commands: Any) -> None:
    """Add this module's subcommands to ``python -m bot``."""
    carers = commands.add_parser("carers", help="carers: enrolment codes and children")
    carers_sub = carers.add_subparsers(dest="carers_command", required=True)
    invite = carers_sub.add_parser("invite", help="print a one-time enrolment code for a carer of a placement")
    invite.add_argument("--placement", required=True, help="placement name (created if new)")
    invite.add_argument("--kind", default="foster", choices=["foster", "childrens_home", "semi_independent"])
    invite.add_argument("--hours", type=float, default=None, help="hours before the code expires")
    child = carers_sub.add_parser("add-child", help="add a child (short code) to a placement")
    child.add_argument("--placement", required=True)
    child.add_argument("--code", required=True, help="the short code carers use in chat, e.g. JM")
    child.add_argument("--first-name", default=None)
    child.add_argument("--birth-year", type=int, default=None)

    report = commands.add_parser("report", help="figures for a period: JSON, CSV or HTML")
    today = date.today()
    report.add_argument("--from", dest="start", type=date.fromisoformat, default=today - timedelta(days=365))
    report.add_argument("--to", dest="end", type=date.fromisoformat, default=today, help="inclusive")
    report.add_argument("--format", choices=["json", "csv", "html"], default="json")
    report.add_argument("--table", choices=["figures", "episodes"], default="figures", help="CSV: which table")
    report.add_argument("--out", type=Path, default=None, help="write to a file instead of stdout")

    demo = commands.add_parser("demo-data", help="fill a fresh database with a synthetic year")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--force", action="store_true", help="add to a database that already has records")

    records = commands.add_parser("records", help="retention purge, subject access export, erasure")
    records_sub = records.add_subparsers(dest="records_command", required=True)
    records_sub.add_parser("purge", help="wipe or anonymise what is past its retention time")
    for name, text in (("export", "everything held about a person, as JSON"), ("erase", "erase a person's records")):
        sub = records_sub.add_parser(name, help=text)
        sub.add_argument("--person", required=True, help="a conversation pseudonym or a child reference (C-...)")


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    handlers = {"carers": _carers, "report": _report, "demo-data": _demo, "records": _records}
    return handlers[args.command](args, settings)


def _carers(args: argparse.Namespace, settings: Settings) -> int:
    from bot.carers import invites, placements

    with database().session() as session:
        placement = placements.get_or_create_placement(session, args.placement, getattr(args, "kind", "foster"))
        if args.carers_command == "invite":
            hours = args.hours if args.hours is not None else settings.carer_invite_hours
            code = invites.issue(session, placement, hours)
            print(
                f"One-time code for {placement.name}, valid {hours:g} hours. The carer sends it to the bot:",
                file=sys.stderr,
            )
            print(code)
            return 0
        child = placements.add_child(session, placement, args.code, args.first_name, args.birth_year)
        print(f"{child.code} added to {placement.name} (reference {child.reference})")
        return 0


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reports import figures, render

    if args.end < args.start:
        print("error: --to is before --from", file=sys.stderr)
        return 2
    with database().session() as session:
        report = figures.build(
            session,
            args.start,
            args.end,
            tz_name=settings.local_timezone,
            repeat_episodes=settings.repeat_missing_episodes,
            repeat_days=settings.repeat_missing_days,
        )
        if args.format == "json":
            text = render.to_json(report)
        elif args.format == "html":
            text = render.to_html(report)
        elif args.table == "episodes":
            text = render.episodes_csv(session, report)
        else:
            text = render.figures_csv(report)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reports import demo

    try:
        with database().session() as session:
            summary = demo.generate(session, args.seed, force=args.force, now=datetime.now(UTC))
    except demo.NotEmpty as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"demo data: {summary.placements} placements, {summary.children} children, {summary.carers} carers, "
        f"{summary.episodes} episodes, {summary.contacts} contacts, {summary.cases} cases"
    )
    return 0


def _records(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from bot import retention

    with database().session() as session:
        if args.records_command == "purge":
            counts = retention.purge(session, settings)
            print(json.dumps(counts))
            return 0
        if args.records_command == "export":
            export = retention.export_person(session, args.person)
            if export is None:
                print("error: no records under that pseudonym or reference", file=sys.stderr)
                return 1
            print(json.dumps(export, indent=2))
            return 0
        outcome, reason = retention.erase_person(session, args.person)
    print(reason, file=sys.stderr if outcome != "done" else sys.stdout)
    return 0 if outcome == "done" else 3
