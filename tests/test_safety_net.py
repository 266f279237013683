"""Tests for the safety net: categories, indirect disclosures, slang, negation, tense, idioms."""

from __future__ import annotations

import time

import pytest

from bot.risk import Risk
from bot.safety.net import Finding, screen, warm_up

EMERGENCY_CASES: list[tuple[str, str]] = [
    ("i'm going to kill myself tonight", "suicide_now"),
    ("im gonna kms tonight", "suicide_now"),
    ("i've taken pills", "suicide_now"),
    ("i took a whole packet of paracetamol", "suicide_now"),
    ("just swallowed 30 tablets", "suicide_now"),
    ("gonna jump", "suicide_now"),
    ("i want to die", "suicide_now"),
    ("i wanna die lol", "suicide_now"),
    ("i dont want to be here anymore", "suicide_now"),
    ("im going to end it all", "suicide_now"),
    ("i dont wanna wake up tomorrow", "suicide_now"),
    ("everyone would be better off without me", "suicide_now"),
    ("i'm on the bridge", "suicide_now"),
    ("i feel suicidal", "suicide_now"),
    ("i cut too deep and it wont stop bleeding", "suicide_now"),
    ("i'm going to cut myself right now", "suicide_now"),
    ("he's hitting me right now", "in_danger_now"),
    ("i'm locked in and can't get out", "in_danger_now"),
    ("he has a knife", "in_danger_now"),
    ("someone is trying to get in", "in_danger_now"),
    ("there's a man outside my door and he won't go", "in_danger_now"),
    ("they took me somewhere against my will", "in_danger_now"),
    ("he raped me", "in_danger_now"),
    ("help now", "in_danger_now"),
    ("pls sum1 help me", "in_danger_now"),
    ("hes going to stab me", "in_danger_now"),
    ("i'm in danger", "in_danger_now"),
]

HIGH_CASES: list[tuple[str, str]] = [
    ("been cutting again", "self_harm"),
    ("i want to hurt myself", "self_harm"),
    ("i keep scratching my arms till they bleed", "self_harm"),
    ("he hits me", "being_hurt"),
    ("my stepdad punched me", "being_hurt"),
    ("he took my shoes so i cant leave", "being_hurt"),
    ("she won't give me my phone back and locks the door", "being_hurt"),
    ("they wont let me out of the house", "being_hurt"),
    ("he threatened me", "being_hurt"),
    ("my friend told me to kys", "being_hurt"),
    ("this older guy gives me money and now says i owe him", "exploitation"),
    ("they want me to hold a bag for them", "exploitation"),
    ("he keeps asking me for pics", "exploitation"),
    ("my bf is 24", "exploitation"),
    ("guys with cars pick me up after school", "exploitation"),
    ("they asked me to drop off a package", "exploitation"),
    ("they gave me weed and now i have to pay them back", "exploitation"),
    ("i dont know where i am", "lost_stranded"),
    ("my phone is dying and im on my own", "lost_stranded"),
    ("i've got nowhere to sleep", "lost_stranded"),
    ("sleeping in the park tonight", "lost_stranded"),
    ("no money to get back", "lost_stranded"),
    ("i dont feel safe", "unsafe"),
    ("im scard to go home", "unsafe"),
    ("i cant do this anymore", "self_harm"),
    ("no one would even notice if i was gone", "self_harm"),
    ("my battery is on 5% and it's dark", "lost_stranded"),
    ("i got kicked out and have nowhere to go", "lost_stranded"),
    ("i have to run a line for them", "exploitation"),
    ("i owe them 200 quid", "exploitation"),
    ("i'm scared he'll find me", "unsafe"),
    ("someone is following me", "unsafe"),
]

MEDIUM_CASES: list[tuple[str, str]] = [
    ("i want to talk to a real person", "want_person"),
    ("can i speak to someone", "want_person"),
    ("are you a bot", "want_person"),
    ("im not going back tonight", "away"),
    ("staying at my mates", "away"),
    ("i ran away", "away"),
    ("i'm never going back there", "away"),
]

HARD_NEGATIVES: list[str] = [
    "this homework is killing me",
    "i'd murder a maccies rn",
    "my mum's gonna kill me if i'm late",
    "i'm dead 😂",
    "dying of laughter",
    "that film was sick",
    "the game killed me",
    "i could die of boredom",
    "killing it",
    "my phone's dead lol",
    "we got lost on the school trip haha",
    "kys",
    "i take my meds every day",
    "i'm so scared of spiders",
    "can you help me with my homework",
    "my foster dad is gonna kill me lol",
    "this song slaps",
    "i'm lost in maths",
    "she beat me at fifa",
    "hit me up later",
    "i cut my hair",
    "my carer picks me up in her car",
    "my mum bought me a new phone",
    "i took my shoes off",
    "i'm dying to see you",
    "im scared for my exams",
    "my mum will kill me lol",
    "im so lost with this homework",
    "that's sick bro",
    "i love my carer she is nice",
]

NEGATED: list[str] = [
    "i'm not scared",
    "nobody is hurting me",
    "i don't want to kill myself",
    "no one is following me",
    "i'm not going to hurt myself",
    "he doesn't hit me",
    "i'm not in danger",
    "i don't need to talk to anyone",
]

PAST: list[str] = [
    "i used to self-harm but i'm ok now",
    "when i was little he hit me but that's over",
    "2 years clean from cutting",
    "i used to want to die but i'm in a better place now",
    "years ago i took an overdose",
]


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    warm_up()


@pytest.mark.parametrize(("text", "category"), EMERGENCY_CASES)
def test_emergency(text: str, category: str) -> None:
    finding = screen(text)
    assert finding.risk is Risk.EMERGENCY
    assert category in finding.categories


@pytest.mark.parametrize(("text", "category"), HIGH_CASES)
def test_high(text: str, category: str) -> None:
    finding = screen(text)
    assert finding.risk >= Risk.HIGH
    assert category in finding.categories


@pytest.mark.parametrize(("text", "category"), MEDIUM_CASES)
def test_medium(text: str, category: str) -> None:
    finding = screen(text)
    assert finding.risk is Risk.MEDIUM
    assert category in finding.categories


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_low(text: str) -> None:
    assert screen(text).risk is Risk.LOW


@pytest.mark.parametrize("text", NEGATED)
def test_negation_is_low(text: str) -> None:
    assert screen(text).risk is Risk.LOW


@pytest.mark.parametrize("text", PAST)
def test_past_is_at_most_medium(text: str) -> None:
    finding = screen(text)
    assert finding.risk <= Risk.MEDIUM
    assert "suicide_now" not in finding.categories
    assert "in_danger_now" not in finding.categories


@pytest.mark.parametrize(
    "text",
    [
        "i used to cut but i started again last night",
        "when i was little he hit me and he still does",
    ],
)
def test_past_that_is_active_again_still_counts(text: str) -> None:
    assert screen(text).risk >= Risk.HIGH


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i want to die 😂", "suicide_now"),
        ("he has a knife haha", "in_danger_now"),
    ],
)
def test_laughter_never_suppresses_explicit_emergencies(text: str, category: str) -> None:
    finding = screen(text)
    assert finding.risk is Risk.EMERGENCY
    assert category in finding.categories


@pytest.mark.parametrize(
    "text",
    [
        "i'm going to kill myself tonight",
        "he took my shoes so i cant leave",
        "this older guy gives me money and now says i owe him",
        "i dont know where i am",
        "i want to talk to a real person",
    ],
)
def test_reasons_never_quote_the_message(text: str) -> None:
    finding = screen(text)
    assert finding.reasons
    assert len(finding.reasons) == len(finding.categories)
    lowered = text.lower()
    for reason in finding.reasons:
        assert reason.startswith("safety net: ")
        assert lowered not in reason.lower()
        body = reason.lower().removeprefix("safety net: ")
        # No run of four consecutive message words appears in a reason.
        words = lowered.split()
        for i in range(len(words) - 3):
            assert " ".join(words[i : i + 4]) not in body


def test_finding_shape_and_empty_input() -> None:
    assert screen("") == Finding(Risk.LOW, (), ())
    assert screen("   \n\t ") == Finding(Risk.LOW, (), ())
    finding = screen("hi, what time is it")
    assert finding.risk is Risk.LOW
    assert finding.categories == ()


def test_highest_risk_wins_with_several_categories() -> None:
    finding = screen("i'm lost and he has a knife")
    assert finding.risk is Risk.EMERGENCY
    assert {"in_danger_now", "lost_stranded"} <= set(finding.categories)


def test_long_and_odd_input_does_not_crash() -> None:
    text = "\u200bhelp\x00 " + "blah " * 2000 + "i want to die"
    assert isinstance(screen(text), Finding)
    assert screen("helppp pleaseee im scareddd").risk >= Risk.HIGH


def test_import_does_not_load_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, bot.safety.net; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fast_after_warm_up() -> None:
    start = time.perf_counter()
    for _ in range(50):
        screen("there's a man outside my door and he won't go away, i'm so scared")
    assert (time.perf_counter() - start) / 50 < 0.02
