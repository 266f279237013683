"""The combination rules of triage, independent of the model and the lexicon."""

from bot.risk import Risk
from bot.safety.net import Finding
from bot.triage import Context, decide

NOTHING = Finding(risk=Risk.LOW, categories=(), reasons=())
EMERGENCY = Finding(risk=Risk.EMERGENCY, categories=("in_danger_now",), reasons=("safety net: danger now",))


def test_confident_low_risk_intent_and_quiet_net_is_low() -> None:
    decision = decide(NOTHING, "greet", 0.97, [("greet", 0.97)])
    assert decision.risk == Risk.LOW and not decision.handoff and decision.reasons == ()


def test_a_safety_net_emergency_wins_over_a_confident_harmless_reading() -> None:
    decision = decide(EMERGENCY, "out_of_scope", 0.99, [("out_of_scope", 0.99)])
    assert decision.risk == Risk.EMERGENCY and decision.handoff
    assert "safety net: danger now" in decision.reasons


def test_a_high_net_match_against_a_sure_harmless_reading_is_recorded_not_handed_off() -> None:
    hurt = Finding(risk=Risk.HIGH, categories=("being_hurt",), reasons=("safety net: says someone hurts them",))
    sure = decide(hurt, "out_of_scope", 0.97, [("out_of_scope", 0.97)])
    assert sure.risk == Risk.MEDIUM and not sure.handoff
    assert "safety net: says someone hurts them" in sure.reasons
    unsure = decide(hurt, "out_of_scope", 0.7, [("out_of_scope", 0.7)])
    assert unsure.risk == Risk.HIGH and unsure.handoff
    assert decide(hurt).handoff, "with Rasa down the net alone decides"


def test_confident_risk_intent_escalates_without_the_net() -> None:
    decision = decide(NOTHING, "exploitation", 0.9, [("exploitation", 0.9)])
    assert decision.risk == Risk.HIGH and decision.handoff
    assert any("exploitation" in r for r in decision.reasons)


def test_unsure_with_a_risky_alternative_escalates_instead_of_guessing() -> None:
    ranking = [("out_of_scope", 0.45), ("being_hurt", 0.35), ("greet", 0.2)]
    decision = decide(NOTHING, "out_of_scope", 0.45, ranking)
    assert decision.risk == Risk.HIGH and decision.handoff
    assert any("unsure" in r for r in decision.reasons)


def test_unsure_between_harmless_readings_stays_low() -> None:
    ranking = [("greet", 0.5), ("thanks", 0.4)]
    assert decide(NOTHING, "greet", 0.5, ranking).risk == Risk.LOW


def test_want_person_always_hands_off() -> None:
    decision = decide(NOTHING, "want_person", 0.8, [("want_person", 0.8)])
    assert decision.risk == Risk.MEDIUM and decision.handoff


def test_rasa_down_leaves_the_net_to_decide_and_says_so() -> None:
    decision = decide(EMERGENCY)
    assert decision.risk == Risk.EMERGENCY and decision.intent is None
    assert any("Rasa unavailable" in r for r in decision.reasons)


def test_repeat_missing_raises_medium_to_high() -> None:
    away = decide(NOTHING, "away_safe", 0.9, [("away_safe", 0.9)], Context(repeat_missing=True))
    assert away.risk == Risk.HIGH and away.handoff
    assert any("repeat missing" in r for r in away.reasons)


def test_context_never_raises_a_low_risk_message() -> None:
    assert decide(NOTHING, "greet", 0.9, [], Context(repeat_missing=True)).risk == Risk.LOW


def test_high_risk_happening_now_is_an_emergency() -> None:
    now = Finding(risk=Risk.LOW, categories=("happening_now",), reasons=("safety net: happening now",))
    decision = decide(now, "being_hurt", 0.9, [("being_hurt", 0.9)])
    assert decision.risk == Risk.EMERGENCY
    assert decide(now, "greet", 0.9, [("greet", 0.9)]).risk == Risk.LOW


def test_risk_described_as_over_is_recorded_but_not_handed_off() -> None:
    past = Finding(risk=Risk.LOW, categories=("history",), reasons=("safety net: past self-harm, over",))
    decision = decide(past, "self_harm", 0.8, [("self_harm", 0.8)])
    assert decision.risk == Risk.MEDIUM and not decision.handoff
    # An emergency reading is never talked down.
    assert decide(past, "in_danger_now", 0.8, [("in_danger_now", 0.8)]).risk == Risk.EMERGENCY
