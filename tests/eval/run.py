"""``make eval``: NLU cross-validation and the held-out triage sets; writes docs/evaluation.md.

The held-out triage sets (tests/eval/triage_heldout*.jsonl) are never used for training. Each is run
through ``python -m bot triage`` three times: the full triage, the safety net alone (as when
Rasa is down) and Rasa alone, against a real Rasa server started here.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.processes import MODELS, RASA_BIN, base_env, rasa_command
from bot.settings import ROOT, Settings

EVAL_DIR = ROOT / "tests" / "eval"
#: Never used to tune anything; measured only by ``make eval``.
HELDOUT_SETS = [
    (
        "Triage on the held-out set",
        EVAL_DIR / "triage_heldout.jsonl",
        "`tests/eval/triage_heldout.jsonl`: written by someone who never saw the training data, the "
        "safety-net rules or the tuning sets, and never used to tune anything. Its misses have been "
        "read (they are listed below), so it is no longer unseen.",
    ),
    (
        "Triage on the second held-out set",
        EVAL_DIR / "triage_heldout2.jsonl",
        "`tests/eval/triage_heldout2.jsonl`: written sealed by two more writers (a residential night "
        "worker, a school safeguarding lead) from the risk definitions alone. Its first run, unread: "
        "full triage 98.5% emergency recall, 98.6% handoff, 0.0% false escalation; the safety net alone "
        "98.5%, 98.6%, 1.1%. Its misses (a staff member's overdose report, food withheld) were then read "
        "and the rules mended, so the figures below are no longer unseen.",
    ),
    (
        "Triage on the third held-out set",
        EVAL_DIR / "triage_heldout3.jsonl",
        "`tests/eval/triage_heldout3.jsonl`: written sealed by an out-of-hours duty social worker and a "
        "17-year-old in residential care, from the risk definitions alone. Its first run, unread: full "
        "triage 92.7% emergency recall, 94.4% handoff, 1.4% false escalation; the safety net alone 96.4%, "
        "96.8%, 0.0%. Its misses (mostly carers' and staff's reports) were then read and prompted the "
        "staff-report rules, so the figures below are no longer unseen.",
    ),
    (
        "Triage on the fourth held-out set",
        EVAL_DIR / "triage_heldout4.jsonl",
        "`tests/eval/triage_heldout4.jsonl`: written sealed by three more voices (a counsellor of young "
        "people's messages, a children's home manager with two foster carers, a 15-year-old who has been "
        "missing and around county lines), from the risk definitions alone, after every change; nobody "
        "on the team read it before its first run: full triage 94.5% emergency recall, 89.5% handoff, 1.4% "
        "false escalation; the safety net alone 98.2%, 96.8%, 0.0%. Its misses were listed and read "
        "afterwards, so the figures below are no longer unseen.",
    ),
    (
        "Triage on the fifth held-out set",
        EVAL_DIR / "triage_heldout5.jsonl",
        "`tests/eval/triage_heldout5.jsonl`: written sealed by three writers from the risk definitions "
        "alone. The session that first ran it lost its figures; replayed on the code of commit 5b3d863 (the "
        "last before rules were written from its misses, same Rasa model): full triage 91.2% emergency "
        "recall, 94.8% handoff, 11.1% false escalation; the safety net alone 93.0%, 94.8%, 13.6%. Its "
        "misses were read and prompted rules, so the figures below are no longer unseen.",
    ),
    (
        "Triage on the sixth held-out set",
        EVAL_DIR / "triage_heldout6.jsonl",
        "`tests/eval/triage_heldout6.jsonl`: written sealed by three more writers from the risk "
        "definitions alone. Replayed on the code it was first run on (commit 8c5a207, same Rasa model): "
        "full triage 91.4% emergency recall, 94.1% handoff, 7.5% false escalation; the safety net alone "
        "89.7%, 93.3%, 8.8%. Its misses were read and prompted rules, so the figures below are no longer unseen.",
    ),
    (
        "Triage on the seventh held-out set",
        EVAL_DIR / "triage_heldout7.jsonl",
        "`tests/eval/triage_heldout7.jsonl`: written sealed by three more writers from the risk "
        "definitions alone (a 12-year-old with weak spelling and a young asylum seeker learning English; "
        "regional teen voices and a care leaver on night shifts; a kinship grandmother, police and "
        "foster carers' reports, understated teens), deduplicated by program and committed unread. Its "
        "first run, on the code this report measures: full triage 100% emergency recall, 100% handoff, "
        "3.4% false escalation; the safety net alone 100%, 100%, 5.7%; its three false escalations, "
        "listed below, have been read.",
    ),
    (
        "Triage on the eighth held-out set",
        EVAL_DIR / "triage_heldout8.jsonl",
        "`tests/eval/triage_heldout8.jsonl`: written sealed by one more writer from the risk definitions "
        "alone (autistic and learning-disabled young people who write literally; 11-14 year olds online, "
        "with grooming through games and plenty of harmless gaming talk), deduplicated by program and "
        "committed unread; small (85 messages), so one message moves a figure by several points. Its "
        "first run, on the code that measured the seventh: full triage 94.4% emergency recall, 97.6% "
        "handoff, 16.7% false escalation; the safety net alone 88.9%, 97.6%, 20.0%: below target. Its "
        "misses and false escalations have since been read, so the figures below are optimistic: "
        "rules now catch a child told to undress on a call or in a game, and read stories and lessons "
        "as such; the net's model's false alarms on calm literal messages were left.",
    ),
    (
        "Triage on the ninth held-out set",
        EVAL_DIR / "triage_heldout9.jsonl",
        "`tests/eval/triage_heldout9.jsonl`: written sealed by two more writers from the risk definitions "
        "alone (a 16-year-old in supported accommodation with an older boyfriend, a 14-year-old into drill "
        "and football, a young LGBT person thrown out and sofa-surfing; an 11-year-old in a rural home, a "
        "care leaver being cuckooed, voice-to-text and English-learning writers; kinship, agency and duty "
        "staff), deduplicated by program and committed unread. Its first run, on the code after the "
        "eighth set's fixes (commit ef7f356): full triage 92.3% emergency recall, 95.8% handoff, 4.9% "
        "false escalation; the safety net alone 92.3%, 95.1%, 13.1%: below target. Its misses were then "
        "read, so the figures below are optimistic: rules now make a child lost alone in the dark with a "
        "dying phone an emergency, read carers' reports of a child missing with signs of risk (repeat "
        "missing, whereabouts unknown, out of area, drugs) as high and of a young child missing at night "
        "with them as an emergency, and no longer read treated cuts, the news or 'EDT here' as risks.",
    ),
    (
        "Triage on the tenth held-out set",
        EVAL_DIR / "triage_heldout10.jsonl",
        "`tests/eval/triage_heldout10.jsonl`: written sealed by two more writers from the risk definitions "
        "alone (a 13-year-old in the Welsh valleys, a Scots-speaking 16-year-old, a 15-year-old with ADHD "
        "writing in long streams, a 12-year-old in fragments, a Traveller care leaver, a young carer; "
        "night-shift incident logs, foster carers writing in a second language, a kinship grandad, on-call "
        "and lodgings staff, a girl afraid of being taken abroad, a teen who speaks in irony), "
        "deduplicated by program (14 near-duplicates of training or evaluation messages dropped) and "
        "committed unread. Its first run, on the code after the ninth set's fixes (commit 5e06f2f): full "
        "triage 88.3% emergency recall, 91.7% handoff, 4.4% false escalation; the safety net alone 90.0%, "
        "91.7%, 8.8%: below target. Its misses were then read, so the figures below are optimistic: rules "
        "now read night-shift logs (24-hour times in the small hours, 'YP', 'w/', threats to jump, "
        "injuries or cash on a return, getting into a car with adult males), a child of 12 or under "
        "stranded at night, being followed at night, tablets laid out, thoughts of not existing, an "
        "adult coming into a child's room at night, an allegation against a former carer, and first-aid "
        "lessons about overdoses.",
    ),
    (
        "Triage on the eleventh held-out set",
        EVAL_DIR / "triage_heldout11.jsonl",
        "`tests/eval/triage_heldout11.jsonl`: written sealed by one more writer from the risk definitions "
        "alone (out-of-hours carers, handover notes, police, a school safeguarding lead, kinship and "
        "agency carers, a taxi escort, carers writing in a second language; a sofa-surfing care leaver, a "
        "runaway 12-year-old, online grooming, an older boyfriend), deduplicated by tests/eval/dedupe.py "
        "(4 near-duplicates dropped) and committed unread. Its first run, on the code after the tenth "
        "set's fixes (commit 8355906): full triage 76.7% emergency recall, 88.3% handoff, 9.4% false "
        "escalation; the safety net alone 83.3%, 86.7%, 18.8%: below target. Its misses were then read, "
        "so the figures below are optimistic: rules now read adults' urgent reports (999 already called, "
        "a duty manager asked for now, a child pulled towards a car, given something, a young child "
        "running off near a road or water), sexual touching, first disclosures, self-harm a carer saw, "
        "bleeding that will not stop, sextortion, cash and phones on a return, and hedged denials.",
    ),
    (
        "Triage on the twelfth held-out set",
        EVAL_DIR / "triage_heldout12.jsonl",
        "`tests/eval/triage_heldout12.jsonl`: written sealed by one more writer from the risk definitions "
        "alone (young people's voices: Polish-British, drill slang, an 11-year-old, a trans teenager, "
        "emoji-only, BSL word order, fear of a forced marriage, voice-to-text, Geordie, jokers), "
        "deduplicated by tests/eval/dedupe.py (1 near-duplicate dropped) and committed unread. Its first "
        "run, on the code after the eleventh set's fixes (commit 38abb6a): full triage 96.9% emergency "
        "recall, 92.1% handoff, 2.6% false escalation; the safety net alone 100%, 92.1%, 7.7%: below "
        "target. Its misses were then read, so the figures below are optimistic: a laugh that turns "
        "serious, a driver locking the doors, neglect, an old carer's abuse and 'when i'm in bed' (not the "
        "past) are now read.",
    ),
    (
        "Triage on the thirteenth held-out set",
        EVAL_DIR / "triage_heldout13.jsonl",
        "`tests/eval/triage_heldout13.jsonl`: written sealed by one more writer from the risk definitions "
        "alone (Brummie, Gen-Z, dyslexic and second-language young people, a boy who plays things down, "
        "a sarcastic care leaver; duty-team notes, night logs, a kinship grandmother, police, a school "
        "safeguarding lead on a Sunday, lodgings and agency staff), deduplicated by tests/eval/dedupe.py "
        "(5 near-duplicates dropped) and committed unread. Its first run, on the code after the eleventh "
        "set's fixes (commit 38abb6a): full triage 76.7% emergency recall, 91.9% handoff, 17.1% false "
        "escalation; the safety net alone 80.0%, 90.3%, 14.3%: below target (12.1% and 12.1% false "
        "escalation counting, as this report now does, only low-risk messages that need no person: two "
        "ask for a worker). Its misses were then read, so the figures below are optimistic: rules now read "
        "staff shorthand (14F, 36hrs), a young child missing in the dark, a child missing with adults who "
        "may exploit them, sex offenders, overdoses in misspellings and medicine boxes, searches for how "
        "to die, staff injuring a child, debts paid off, and first-aid refreshers as lessons.",
    ),
    (
        "Triage on the fourteenth held-out set",
        EVAL_DIR / "triage_heldout14.jsonl",
        "`tests/eval/triage_heldout14.jsonl`: written sealed by one more writer from the risk definitions "
        "alone (Scouse and road-slang teenagers, kinship care, a pregnant 17-year-old with a controlling "
        "partner, an 11-year-old, fear of being sent abroad, deaf and voice-to-text writers, jokers; a "
        "formal foster carer, a panicking new night worker, custody, a bus driver, a neighbour, a friend's "
        "mum, A&E, an out-of-hours GP, a lodgings host), deduplicated by tests/eval/dedupe.py (5 "
        "near-duplicates dropped) and committed unread. Its first run, on the code after the thirteenth "
        "set's fixes (commit 13e9614): full triage 93.8% emergency recall, 93.9% handoff, 0.0% false "
        "escalation; the safety net alone 96.9%, 92.4%, 8.1%: below target. Its misses were then read, so "
        "the figures below are optimistic: rules now read a whole pack of tablets even in a joke, a plan to "
        "end it at the railway line, injuries seen on someone, nights not home and cash after days missing.",
    ),
    (
        "Triage on the fifteenth held-out set",
        EVAL_DIR / "triage_heldout15.jsonl",
        "`tests/eval/triage_heldout15.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (an Afghan asylum-seeking boy, Cornish and Glaswegian teenagers, a literal "
        "writer with a learning disability, online grooming read as romance, a carrier writing in code, "
        "emoji writers; an IRO, a youth worker, a taxi controller, a train guard, a hostel porter, a "
        "kinship grandad in capitals, an on-call manager, a GP receptionist, an ambulance crew), "
        "deduplicated by tests/eval/dedupe.py (7 near-duplicates dropped) and committed unread. Its first "
        "run, on the code after the fourteenth set's fixes (commit d3e657f): full triage 89.3% emergency "
        "recall, 96.9% high recall, 96.7% handoff, 5.9% false escalation; the safety net alone 96.4%, "
        "93.8%, 95.0%, 5.9%: below target. Its misses were then read, so the figures below are "
        "optimistic: rules now read a child gone off again with an older male or into his car, a goodbye "
        "by text, a man collecting a child and handing her a phone, and whereabouts withheld.",
    ),
    (
        "Triage on the sixteenth held-out set",
        EVAL_DIR / "triage_heldout16.jsonl",
        "`tests/eval/triage_heldout16.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (Welsh, Mancunian, Bristolian, Brummie, Northern Irish and London teenagers, "
        "an English learner, a younger child, a literal autistic writer, one who plays things down, one "
        "who jokes; foster and kinship carers, night and agency staff, a lodgings host, police, an A&E "
        "nurse, a school nurse, a youth offending worker, taxi and bus drivers, a shop worker, a "
        "neighbour, a duty manager), deduplicated by tests/eval/dedupe.py (6 near-duplicates dropped) and "
        "committed unread. Its first run, on the code after the fifteenth set's fixes (commit eaed097): "
        "full triage 90.6% emergency recall, 91.9% high recall, 97.1% handoff, 6.1% false escalation; "
        "the safety net alone 93.8%, 91.9%, 98.6%, 9.1%: below target. Its misses were then read, so the "
        "figures below are optimistic: rules now read 10pm to midnight as late for a child out, an "
        "overdose reported as taken (however calm), being dropped somewhere unknown, and 'ignore my last "
        "message' and first-aid questions as harmless.",
    ),
    (
        "Triage on the seventeenth held-out set",
        EVAL_DIR / "triage_heldout17.jsonl",
        "`tests/eval/triage_heldout17.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (Yorkshire, Highland, Scouse, Leicester, Belfast, Norfolk and East London "
        "teenagers, an asylum-seeking girl, a deaf teen, a 12-year-old, a care leaver, a young mum, "
        "lowercase, autocorrect and long-paragraph writers; residential managers, an agency worker, a "
        "kinship aunt, a foster dad, a lodgings provider, British Transport Police, a paramedic, a "
        "pharmacist, a hotel receptionist, a caretaker, football coaches, faith volunteers, a taxi firm, "
        "on-call social workers, a PCSO), deduplicated by tests/eval/dedupe.py (1 near-duplicate dropped) "
        "and committed unread. Its first run, on the code after the sixteenth set's fixes (commit "
        "b568d18): full triage 83.3% emergency recall, 94.1% high recall, 92.2% handoff, 6.1% false "
        "escalation; the safety net alone 86.7%, 94.1%, 93.8%, 15.2%: below target. Its misses were then "
        "read, so the figures below are optimistic: a risk buried in a long message is no longer talked "
        "down by the models, and rules now read a young child not in bed with a door open, a suspected "
        "overdose, stab wounds, the top level of a car park, songs, school plays and set texts.",
    ),
    (
        "Triage on the eighteenth held-out set",
        EVAL_DIR / "triage_heldout18.jsonl",
        "`tests/eval/triage_heldout18.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (Cardiff, Sunderland, Plymouth, Nottingham, Glasgow, Derry, Luton and Fens "
        "teenagers, a Romanian-speaking boy, a Kurdish girl, a Traveller teenager, a girl with a "
        "24-year-old boyfriend, drill slang, abbreviations, phonetic spelling; carers, a great-aunt, "
        "residential and duty social workers, a custody nurse, a police control room, a night concierge, "
        "a fast-food manager, a library worker, an Uber driver, station staff, youth club leaders), "
        "deduplicated by tests/eval/dedupe.py (1 near-duplicate dropped) and committed unread. Its first "
        "run, on the code after the seventeenth set's fixes (commit 480f1c2): full triage 89.3% emergency "
        "recall, 96.9% high recall, 96.7% handoff, 13.8% false escalation; the safety net alone 89.3%, "
        "96.9%, 96.7%, 13.8%: below target. Its misses were then read, so the figures below are "
        "optimistic: rules now read a young child alone at 1am who does not know the way home, a child "
        "who has not arrived home in the dark, phonetic spellings, and questions after a first-aid lesson.",
    ),
    (
        "Triage on the nineteenth held-out set",
        EVAL_DIR / "triage_heldout19.jsonl",
        "`tests/eval/triage_heldout19.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (Hull, Swansea, Bradford, Aberdeen, Newry, Ipswich, Croydon and Lake District "
        "teenagers, Eritrean, Vietnamese, Polish-speaking and Somali young people, all-caps, literal, "
        "fragment and 3am writers; night workers, carers, a kinship grandad, a lodgings host, a ward "
        "nurse, ferry crew, shop and petrol-station staff, security, a school receptionist, police, an "
        "IRO, an agency worker), deduplicated by tests/eval/dedupe.py (none dropped) and committed "
        "unread. Its first run, on the code after the eighteenth set's fixes (commit 5faf6ef): full "
        "triage 85.7% emergency recall, 87.5% high recall, 91.7% handoff, 13.3% false escalation; the "
        "safety net alone 85.7%, 87.5%, 93.3%, 13.3%: below target. Its misses were then read, so the "
        "figures below are optimistic: rules now read paramedics on their way, a child walked off a ward "
        "with an adult, a man telling a young child to wait in his cab, being locked in every night, being "
        "lost on a hill in the dark, and an abuser who has found a child's new school; an emergency in a "
        "report about a young person is no longer talked down by the models.",
    ),
    (
        "Triage on the twentieth held-out set",
        EVAL_DIR / "triage_heldout20.jsonl",
        "`tests/eval/triage_heldout20.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (Blackpool, Stoke, Inverness, Wrexham, Enniskillen, Margate, Middlesbrough, "
        "Cornwall, Leicester, Dundee and Lincolnshire teenagers, Albanian-, Afghan-, Sudanese-, Roma- and "
        "Ukrainian-background young people, a deaf teenager, a one-word writer, a joker, a minimiser; a "
        "night bus driver, a hospital porter, a taxi dispatcher, a hostel warden, a pharmacist, a delivery "
        "rider, a lifeguard, a church volunteer, night support workers, foster and kinship carers, a school "
        "nurse, British Transport Police, a lodgings host), deduplicated by tests/eval/dedupe.py (2 "
        "near-duplicates dropped) and committed unread. Its first run, on the code after the nineteenth "
        "set's fixes (commit eecceb2): full triage 92.9% emergency recall, 96.9% high recall, 96.7% "
        "handoff, 3.4% false escalation; the safety net alone 96.4%, 93.8%, 95.0%, 10.3%: below target on "
        "emergencies and handoff. Its misses have not been read: the figures below are honest.",
    ),
    (
        "Triage on the twenty-first held-out set",
        EVAL_DIR / "triage_heldout21.jsonl",
        "`tests/eval/triage_heldout21.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone (voices and places of its own choosing), deduplicated by tests/eval/dedupe.py "
        "(3 near-duplicates dropped) and committed unread. Its first run, on the code after the nineteenth "
        "set's fixes and the review (commit 2162a10): full triage 96.4% emergency recall, 100.0% high "
        "recall, 100.0% handoff, 3.6% false escalation; the safety net alone 96.4%, 100.0%, 100.0%, "
        "14.3%: below target on emergencies, and the net alone on false escalation.",
    ),
    (
        "Triage on the twenty-second held-out set",
        EVAL_DIR / "triage_heldout22.jsonl",
        "`tests/eval/triage_heldout22.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone, deduplicated by tests/eval/dedupe.py (4 near-duplicates dropped) and committed "
        "unread. Its first run, on the code after the twentieth and twenty-first sets' fixes and the adults' "
        "training data (commit 1e50523): full triage 90.3% emergency recall, 100.0% high recall, 96.9% "
        "handoff, 0.0% false escalation; the safety net alone 96.8%, 100.0%, 98.4%, 3.8%: below target on "
        "emergencies. (A run a minute earlier, while `make test` was retraining the net's model, read the "
        "net without it and was discarded.) Its misses were then read (they prompted rules in commit "
        "d67d727), so the figures below are no longer unseen.",
    ),
    (
        "Triage on the twenty-third held-out set",
        EVAL_DIR / "triage_heldout23.jsonl",
        "`tests/eval/triage_heldout23.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone, deduplicated by tests/eval/dedupe.py (12 near-duplicates dropped, 10 of them "
        "low) and committed unread. Its first run, on the code after the sport review (commit b521dcc): "
        "full triage 89.7% emergency recall, 100.0% high recall, 98.3% handoff, 0.0% false escalation; "
        "the safety net alone the same: below target on emergencies. Its misses were then read (they "
        "prompted rules in commit d67d727), so the figures below are no longer unseen.",
    ),
    (
        "Triage on the twenty-fourth held-out set",
        EVAL_DIR / "triage_heldout24.jsonl",
        "`tests/eval/triage_heldout24.jsonl`: written sealed by hand by one more writer from the risk "
        "definitions alone, deduplicated by tests/eval/dedupe.py (10 near-duplicates dropped) and committed "
        "unread. Its first run, on the code after the twenty-second and twenty-third sets' fixes (commit "
        "d67d727): full triage 90.0% emergency recall, 96.9% high recall, 98.4% handoff, 0.0% false "
        "escalation; the safety net alone 100.0%, 93.8%, 96.8%, 4.3%: the net alone meets the emergency "
        "target, full triage does not. Its misses have not been read: the figures below are honest.",
    ),
]
#: Kept out of training but used to choose the triage thresholds and rules, so their figures
#: are optimistic; the held-out set is the honest one.
TUNING_SETS = [
    (
        "first",
        EVAL_DIR / "triage_tune.jsonl",
        "`tests/eval/triage_tune.jsonl`: a third writer's messages, used to choose the triage thresholds.",
    ),
    (
        "second",
        EVAL_DIR / "triage_tune2.jsonl",
        "`tests/eval/triage_tune2.jsonl`: written from the risk definitions and the same example messages "
        "writers 5-13 saw, so it flatters the model.",
    ),
    (
        "third",
        EVAL_DIR / "triage_tune3.jsonl",
        "`tests/eval/triage_tune3.jsonl`: written from the risk definitions alone (no example messages).",
    ),
    (
        "fourth",
        EVAL_DIR / "triage_tune4.jsonl",
        "`tests/eval/triage_tune4.jsonl`: written from the risk definitions alone by two more voices (a "
        "helpline worker, a researcher of young runaways), the hardest of the four; its carer messages "
        "prompted the nineteenth training writer, so those flatter.",
    ),
    (
        "fifth",
        EVAL_DIR / "triage_tune5.jsonl",
        "`tests/eval/triage_tune5.jsonl`: mostly low-risk messages a careless reader might mistake for risk "
        "(ordinary feelings, denials, sport injuries, slang), written from the risk definitions alone to "
        "measure false alarms; used to choose the regularisation and the thresholds after the held-out set "
        "showed more false escalation than the first four.",
    ),
    (
        "sixth",
        EVAL_DIR / "triage_tune6.jsonl",
        "`tests/eval/triage_tune6.jsonl`: two more voices (a care leaver who mentors, a researcher of "
        "text-support transcripts), mostly indirect disclosures and harmless messages that share their "
        "words; measured once before any change, then used to choose the denial, person-request and "
        "medical rules, and to drop half of the twenty-first writer (its denials made the models "
        "overlook risk words).",
    ),
    (
        "seventh",
        EVAL_DIR / "triage_tune7.jsonl",
        "`tests/eval/triage_tune7.jsonl`: a youth offending worker and a long-serving foster carer; "
        "measured once after the sixth set's changes (emergency recall 95.9%, handoff 95.6%, false escalation "
        "3.8%), then used to choose the medical, county-lines and worsening-self-harm rules and to leave "
        "out a twenty-second writer that did not help.",
    ),
    (
        "eighth",
        EVAL_DIR / "triage_tune8.jsonl",
        "`tests/eval/triage_tune8.jsonl`: an auditor of out-of-hours services, mostly carers' and staff's "
        "reports in sector shorthand, written after the third held-out set showed staff reports were the "
        "gap; measured once (emergency recall 100%, handoff 94.1%, false escalation 5.3%), then used to "
        "choose the staff-report rules and to leave out a twenty-third writer (staff reports) that "
        "helped Rasa alone but not full triage.",
    ),
]
REPORT = ROOT / "docs" / "evaluation.md"
RISKS = ("emergency", "high", "medium", "low")


@dataclass(frozen=True)
class Scores:
    emergency_recall: float
    high_recall: float
    urgent_handoff: float
    low_escalated: float
    medium_as_medium: float
    high_as_emergency: float
    misses: list[tuple[str, str, str]]


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def score(gold: list[dict[str, object]], predicted: list[dict[str, object]]) -> Scores:
    pairs = list(zip(gold, predicted, strict=True))
    by = {r: [(g, p) for g, p in pairs if g["risk"] == r] for r in RISKS}
    rank = {r: i for i, r in enumerate(reversed(RISKS))}
    urgent = by["emergency"] + by["high"]
    # A low-risk message its writer marked as needing a person ("can i speak to an actual worker
    # about my flat") is rightly handed off: not a false escalation.
    calm = [(g, p) for g, p in by["low"] if not g["handoff"]]
    misses = [
        (str(g["risk"]), str(p["risk"]), str(g["text"]))
        for g, p in urgent
        if not p["handoff"] or (g["risk"] == "emergency" and p["risk"] != "emergency")
    ] + [(str(g["risk"]), str(p["risk"]), str(g["text"])) for g, p in calm if p["handoff"]]
    # A calmer message its writer said needs a person (a request for a worker) that reached nobody.
    misses += [
        (f"{g['risk']} (wants a person)", str(p["risk"]), str(g["text"]))
        for g, p in by["medium"] + by["low"]
        if g["handoff"] and not p["handoff"]
    ]
    return Scores(
        emergency_recall=_rate(sum(p["risk"] == "emergency" for _, p in by["emergency"]), len(by["emergency"])),
        high_recall=_rate(sum(rank[str(p["risk"])] >= rank["high"] for _, p in by["high"]), len(by["high"])),
        urgent_handoff=_rate(sum(bool(p["handoff"]) for _, p in urgent), len(urgent)),
        low_escalated=_rate(sum(bool(p["handoff"]) for _, p in calm), len(calm)),
        medium_as_medium=_rate(sum(p["risk"] == "medium" for _, p in by["medium"]), len(by["medium"])),
        high_as_emergency=_rate(sum(p["risk"] == "emergency" for _, p in by["high"]), len(by["high"])),
        misses=misses,
    )


def run_triage(env: dict[str, str], texts: list[str], *flags: str) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "triage", *flags],
        input="\n".join(texts) + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert len(rows) == len(texts), "triage must answer every line"
    return rows


#: The baseline the issue compares against: escalate on any alarm word, no understanding.
ALARM_WORDS = re.compile(
    r"\b(kill|die|dead|death|suicide|suicidal|hurt|hurting|hit|hitting|beat|knife|stab|stabbed|blood|bleeding|"
    r"scared|afraid|help|police|999|drugs|owe|groom|groomed|rape|raped|abuse|abused|missing|lost|unsafe|"
    r"overdose|pills|tablets|cut|cutting|self harm|jump|bridge|trapped|locked|follow|following|weapon|gun)\b"
)


#: Figures that need risk levels; a keyword list only says "escalate" or not.
NO_LEVELS = frozenset({"emergency_recall", "medium_as_medium", "high_as_emergency"})


def keyword_list(texts: list[str]) -> list[dict[str, object]]:
    """Triage by the plain keyword list: any alarm word is high risk and a handoff."""
    return [
        {"risk": "high", "handoff": True} if ALARM_WORDS.search(t.lower()) else {"risk": "low", "handoff": False}
        for t in texts
    ]


def cross_validate(env: dict[str, str], out_dir: Path) -> dict[str, dict[str, float]]:
    subprocess.run(
        [
            str(RASA_BIN),
            "test",
            "nlu",
            "--nlu",
            "nlu_data/nlu",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            "3",
            "--out",
            str(out_dir),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    report: dict[str, dict[str, float]] = json.loads((out_dir / "intent_report.json").read_text())
    return report


def confusion(out_dir: Path) -> str:
    errors = (
        json.loads((out_dir / "intent_errors.json").read_text()) if (out_dir / "intent_errors.json").exists() else []
    )
    pairs = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    lines = ["| true intent | predicted as | count |", "|---|---|---|"]
    lines += [f"| {t} | {p} | {n} |" for (t, p), n in pairs.most_common(25)]
    return "\n".join(lines)


ROWS = [
    ("emergency recall (risk = emergency)", "emergency_recall", "100%"),
    ("high recall (risk ≥ high)", "high_recall", ""),
    ("emergency + high escalated (handoff)", "urgent_handoff", "≥ 98%"),
    ("low-risk escalated (false escalation; of those needing no person)", "low_escalated", "≤ 5%"),
    ("medium read as medium", "medium_as_medium", ""),
    ("high over-triaged as emergency", "high_as_emergency", ""),
]


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def start_rasa(env: dict[str, str], settings: Settings) -> subprocess.Popen[bytes]:
    rasa = subprocess.Popen(
        rasa_command(settings, MODELS / "waymark.tar.gz"),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and rasa.poll() is None:
        try:
            status = httpx.get(f"{settings.rasa_url}/status", params={"token": settings.rasa_token}, timeout=2)
            if status.status_code == 200:
                return rasa
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    rasa.kill()
    raise RuntimeError("Rasa did not start")


def triage_section(title: str, about: str, gold: list[dict[str, object]], env: dict[str, str]) -> list[str]:
    texts = [str(g["text"]) for g in gold]
    columns = {
        "full triage": score(gold, run_triage(env, texts)),
        "safety net alone": score(gold, run_triage(env, texts, "--safety-net-only")),
        "its rules alone": score(gold, run_triage(env, texts, "--lexicon-only")),
        "Rasa alone": score(gold, run_triage(env, texts, "--rasa-only")),
        "keyword list": score(gold, keyword_list(texts)),
    }
    full = columns["full triage"]
    counts = Counter(str(g["risk"]) for g in gold)
    lines = [
        f"## {title}",
        "",
        f"{about} {len(gold)} messages ({', '.join(f'{counts[r]} {r}' for r in RISKS)}), "
        "each run through `python -m bot triage` (full), `--safety-net-only` (as when Rasa is down: the "
        "net's risk model and its rules), `--lexicon-only` (the net's rules without its model) and "
        "`--rasa-only`; the keyword list escalates any message with an alarm word (`ALARM_WORDS` in "
        "tests/eval/run.py), the baseline issue 3 compares against.",
        "",
        f"| figure | {' | '.join(columns)} | target |",
        f"|---|{'---|' * len(columns)}---|",
    ]
    for label, attr, target in ROWS:
        cells = [
            "n/a" if name == "keyword list" and attr in NO_LEVELS else f"{getattr(c, attr):.1%}"
            for name, c in columns.items()
        ]
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    lines += [
        "",
        "Full triage, every miss and false escalation:",
        "",
        "| gold | predicted | message |",
        "|---|---|---|",
    ]
    lines += [f"| {g} | {p} | {t.replace('|', '/')} |" for g, p, t in full.misses] or ["| - | - | none |"]
    return [*lines, ""]


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="waymark-eval-"))
    base = Settings.from_env()
    settings = Settings(
        **{**base.__dict__, "rasa_url": "http://127.0.0.1:5905", "rasa_token": secrets.token_urlsafe(12)}
    )
    env = base_env(settings)
    env.update(RASA_URL=settings.rasa_url, RASA_TOKEN=settings.rasa_token)
    print("starting Rasa for the evaluation...", flush=True)
    rasa = start_rasa(env, settings)
    try:
        heldout = [
            line for title, path, about in HELDOUT_SETS for line in triage_section(title, about, load(path), env)
        ]
        tuning = [
            line
            for title, path, about in TUNING_SETS
            for line in triage_section(f"Triage on the {title} tuning set", about, load(path), env)
        ]
    finally:
        rasa.terminate()
        rasa.wait(timeout=30)

    lines = [
        "# Evaluation",
        "",
        f"Measured by `make eval` on {time.strftime('%Y-%m-%d')} with the model trained from this commit's data.",
        "Risk targets come from issue 3. A handoff means the message reaches a person (a case in the queue).",
        "",
        *heldout,
        *tuning,
    ]
    if "--no-cv" not in sys.argv:
        print("NLU cross-validation (3 folds, a few minutes)...", flush=True)
        report = cross_validate(env, tmp / "cv")
        lines += [
            "## NLU intent classification (3-fold cross-validation on the training data)",
            "",
            "| intent | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
        ]
        for name, r in sorted(report.items()):
            if isinstance(r, dict) and "f1-score" in r and name not in ("micro avg", "macro avg", "weighted avg"):
                lines.append(
                    f"| {name} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1-score']:.2f} | {r['support']} |"
                )
        for name in ("macro avg", "weighted avg"):
            if name in report:
                r = report[name]
                lines.append(
                    f"| **{name}** | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1-score']:.2f} | {r['support']} |"
                )
        lines += ["", "### Confusion: the most frequent cross-validation errors", "", confusion(tmp / "cv"), ""]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines))
    print("\n".join(line for line in heldout if line.startswith("## ") or (line.startswith("| ") and "%" in line)))
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
