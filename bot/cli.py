"""``python -m bot``: run Waymark, triage messages, look at the queue.

python -m bot run                  start everything (what ``make run`` does)
python -m bot migrate              bring the database schema up to date
python -m bot triage < messages    one JSON decision per input line (needs Rasa)
python -m bot cases list --json    open cases, most urgent first
python -m bot staff add NAME --role staff|supervisor|admin   (password on stdin)
python -m bot staff token NAME     a new personal API token (shown once)
python -m bot staff revoke-token NAME
python -m bot carers invite --placement NAME   (and report, demo-data, records: see bot/cli_reports.py)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import replace

from bot import cases, cli_reports
from bot.pipeline.rasa_client import RasaClient, RasaUnavailable
from bot.records.db import migrate
from bot.risk import Risk
from bot.runtime import configure_logging, database
from bot.safety.net import Finding, screen
from bot.safety.normalise import normalise_for_nlu
from bot.settings import get_settings
from bot.triage import decide


async def _triage_lines(lines: Sequence[str], rasa_only: bool, net_only: bool, lexicon_only: bool = False) -> int:
    settings = get_settings()
    rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
    try:
        for line in lines:
            text = line.rstrip("\n")
            if not text.strip():
                continue
            nlu_text = normalise_for_nlu(text)
            finding = screen(nlu_text)
            intent = confidence = None
            ranking: list[tuple[str, float]] = []
            if lexicon_only:
                finding = replace(finding, scores=None)
            if not (net_only or lexicon_only):
                try:
                    parsed = await rasa.parse(nlu_text)
                    intent, confidence, ranking = parsed.intent, parsed.confidence, parsed.ranking
                except RasaUnavailable:
                    pass
            if rasa_only:
                finding = Finding(risk=Risk.LOW, categories=(), reasons=())
            decision = decide(finding, intent, confidence, ranking)
            print(
                json.dumps(
                    {
                        "text": text,
                        "risk": decision.risk.label,
                        "handoff": decision.handoff,
                        "intent": decision.intent,
                        "confidence": decision.confidence,
                        "reasons": list(decision.reasons),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
    finally:
        await rasa.aclose()
    return 0


def _cases_list(as_json: bool) -> int:
    with database().session() as session:
        rows = [cases.summary(case) for case in cases.list_open(session)]
    if as_json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"#{row['id']:<5} {row['priority']:<9} {row['status']:<8} {row['channel']:<8} {row['opened_at']}")
    return 0


def _staff(args: argparse.Namespace) -> int:
    """Account commands; secrets are printed once and stored only hashed or encrypted."""
    from datetime import UTC, datetime

    from bot.staff import accounts, tokens

    with database().session() as session:
        if args.staff_command == "add":
            password = sys.stdin.readline().rstrip("\n")
            try:
                staff, uri = accounts.create(session, args.name, args.role, password)
            except accounts.AccountError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            print(f"Created {staff.username} ({staff.role}). Enrol their authenticator app with:", file=sys.stderr)
            print(uri)
            return 0
        staff_ = accounts.find(session, args.name)
        if staff_ is None or not staff_.active:
            print(f"error: no active account called {args.name!r}", file=sys.stderr)
            return 2
        if args.staff_command == "token":
            print(tokens.issue(session, staff_))
            return 0
        revoked = tokens.revoke_all(session, staff_, datetime.now(UTC))
        print(f"Revoked {revoked} token(s) for {staff_.username}.", file=sys.stderr)
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start Rasa, the action server and the app")
    commands.add_parser("migrate", help="bring the database schema up to date")
    triage = commands.add_parser("triage", help="triage one message per stdin line, JSON lines out")
    which = triage.add_mutually_exclusive_group()
    which.add_argument("--rasa-only", action="store_true", help="ignore the safety net (evaluation)")
    which.add_argument("--safety-net-only", action="store_true", help="do not ask Rasa (evaluation)")
    which.add_argument(
        "--lexicon-only", action="store_true", help="the safety net's rules without its model or Rasa (evaluation)"
    )
    case_cmd = commands.add_parser("cases", help="the human queue")
    case_sub = case_cmd.add_subparsers(dest="cases_command", required=True)
    listing = case_sub.add_parser("list", help="open cases, most urgent first")
    listing.add_argument("--json", action="store_true", help="JSON output")
    staff_cmd = commands.add_parser("staff", help="staff accounts and API tokens")
    staff_sub = staff_cmd.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="create an account (password on stdin); prints the TOTP enrolment URI")
    add.add_argument("name")
    add.add_argument("--role", choices=["staff", "supervisor", "admin"], required=True)
    staff_sub.add_parser("token", help="print a new personal API token").add_argument("name")
    staff_sub.add_parser("revoke-token", help="revoke every API token of an account").add_argument("name")
    cli_reports.add_parsers(commands)  # carers, report, demo-data, records

    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "run":
        configure_logging()
        from bot.runner import run

        return run(settings)
    if args.command == "migrate":
        migrate(settings.database_url)
        return 0
    if args.command == "triage":
        return asyncio.run(
            _triage_lines(sys.stdin.readlines(), args.rasa_only, args.safety_net_only, args.lexicon_only)
        )
    if args.command == "cases":
        migrate(settings.database_url)
        return _cases_list(args.json)
    if args.command in cli_reports.COMMANDS:
        migrate(settings.database_url)
        return cli_reports.dispatch(args, settings)
    if args.command == "staff":
        migrate(settings.database_url)
        return _staff(args)
    parser.error(f"unknown command {args.command}")
    return 2
