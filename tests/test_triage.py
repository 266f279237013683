"""The combination rules of triage, independent of the models and the lexicon."""

from dataclasses import replace

from bot.risk import Risk
from bot.safety.classifier import RiskScores
from bot.safety.net import Finding
from bot.triage import (
    EMERGENCY_AT,
    EMERGENCY_FLOOR,
    HIGH_AT,
    LAUGHING,
    MODELS_AGREE,
    SURE_HARMLESS,
    SURE_HARMLESS_EMERGENCY,
    Context,
    before_rasa,
    decide,
)

NOTHING = Finding(risk=Risk.LOW, categories=(), reasons=())
EMERGENCY = Finding(risk=Risk.EMERGENCY, categories=("in_danger_now",), reasons=("safety net: danger now",))
HARMLESS = RiskScores(emergency=0.01, high=0.02, medium=0.02, low=0.95)


def scores(emergency: float = 0.0, high: float = 0.0) -> RiskScores:
    return RiskScores(emergency=emergency, high=high, medium=0.0, low=1 - emergency - high)


def test_confident_low_risk_intent_and_quiet_net_is_low() -> None:
    decision = decide(NOTHING, "greet", 0.97, [("greet", 0.97)])
    assert decision.risk == Risk.LOW and not decision.handoff and decision.reasons == ()


def test_an_emergency_rule_stands_unless_both_models_read_harmless() -> None:
    rasa_harmless = ("out_of_scope", 0.99, [("out_of_scope", 0.99)])
    alone = decide(EMERGENCY, *rasa_harmless)
    assert alone.risk == Risk.EMERGENCY and alone.handoff, "Rasa alone never talks an emergency rule down"
    both = decide(Finding(EMERGENCY.risk, EMERGENCY.categories, EMERGENCY.reasons, HARMLESS), *rasa_harmless)
    assert both.risk == Risk.MEDIUM and not both.handoff
    assert "safety net: danger now" in both.reasons and any("not handed off" in r for r in both.reasons)
    unsure = Finding(EMERGENCY.risk, EMERGENCY.categories, EMERGENCY.reasons, scores(high=0.4))
    assert decide(unsure, *rasa_harmless).risk == Risk.EMERGENCY
    rasa_down = decide(Finding(EMERGENCY.risk, EMERGENCY.categories, EMERGENCY.reasons, HARMLESS))
    assert rasa_down.risk == Risk.EMERGENCY and rasa_down.handoff, "the net's model alone never talks it down"


def test_a_high_rule_against_models_sure_it_is_harmless_is_recorded_not_handed_off() -> None:
    hurt = Finding(Risk.HIGH, ("being_hurt",), ("safety net: says someone hurts them",), HARMLESS)
    sure = decide(hurt, "out_of_scope", 0.97, [("out_of_scope", 0.97)])
    assert sure.risk == Risk.MEDIUM and not sure.handoff
    assert "safety net: says someone hurts them" in sure.reasons
    leaning = 2 * SURE_HARMLESS  # Rasa gives risk this much: the average is above "sure it is harmless"
    unsure = decide(hurt, "out_of_scope", 1 - leaning, [("out_of_scope", 1 - leaning), ("being_hurt", leaning)])
    assert unsure.risk == Risk.HIGH and unsure.handoff
    no_model = Finding(hurt.risk, hurt.categories, hurt.reasons)
    assert decide(no_model).handoff, "with Rasa down and no model the rules alone decide"
    assert decide(no_model, "out_of_scope", 0.97, [("out_of_scope", 0.97)]).handoff, "Rasa alone never talks it down"


def test_a_rule_in_a_missing_report_is_never_talked_down() -> None:
    """Both models learnt episodes as routine; a child away with a sign of risk is high risk."""
    exploited = Finding(Risk.HIGH, ("exploitation", "away"), ("safety net: mentions older men",), HARMLESS)
    report = decide(exploited, "report_missing", 0.99, [("report_missing", 0.99)])
    assert report.risk == Risk.HIGH and report.handoff
    police = decide(exploited, "out_of_scope", 0.99, [("out_of_scope", 0.99)])
    assert police.handoff, "the net's own reading of a missing child is enough"
    not_away = Finding(Risk.HIGH, ("exploitation",), exploited.reasons, HARMLESS)
    assert not decide(not_away, "out_of_scope", 0.99, [("out_of_scope", 0.99)]).handoff


def test_confident_risk_intent_escalates_without_the_net() -> None:
    decision = decide(NOTHING, "exploitation", 0.9, [("exploitation", 0.9)])
    assert decision.risk == Risk.HIGH and decision.handoff
    assert any("likely at risk" in r for r in decision.reasons)


def test_unsure_between_harmless_and_several_risks_escalates_instead_of_guessing() -> None:
    ranking = [("out_of_scope", 0.35), ("being_hurt", 0.35), ("feel_unsafe", 0.25), ("greet", 0.05)]
    decision = decide(NOTHING, "out_of_scope", 0.35, ranking)
    assert decision.risk == Risk.HIGH and decision.handoff
    assert any("escalated, not guessed" in r for r in decision.reasons)


def test_unsure_between_harmless_readings_stays_low() -> None:
    ranking = [("greet", 0.5), ("thanks", 0.4)]
    assert decide(NOTHING, "greet", 0.5, ranking).risk == Risk.LOW


def test_rasa_can_raise_the_nets_decision_but_never_lower_it() -> None:
    rasa_worried = ("being_hurt", 0.4, [("being_hurt", 0.4), ("out_of_scope", 0.3), ("feel_unsafe", 0.3)])
    unsure_net = Finding(Risk.LOW, (), (), scores(high=HIGH_AT - 0.1))
    assert decide(unsure_net).risk == Risk.LOW
    assert decide(unsure_net, *rasa_worried).risk == Risk.HIGH, "the average of the two models is at risk"
    rasa_calm = ("out_of_scope", 0.95, [("out_of_scope", 0.95)])
    model_only = Finding(Risk.LOW, (), (), scores(high=HIGH_AT + 0.1))
    assert before_rasa(model_only) is None, "the model alone does not open a case before Rasa answers"
    assert decide(model_only).risk == Risk.HIGH, "but decides alone when Rasa is down"
    calmed = decide(model_only, *rasa_calm)
    assert calmed.risk == Risk.HIGH and calmed.handoff, "Rasa's calm reading does not lower the net's"
    assert any("safety net alone reads it as high" in r for r in calmed.reasons)
    # Rules and model both see it: the gateway has opened a case, Rasa's calm reading cannot undo it.
    just_high = scores(high=HIGH_AT + 0.05)
    rules_and_model = Finding(Risk.HIGH, ("being_hurt",), ("safety net: says someone hurts them",), just_high)
    assert before_rasa(rules_and_model) is not None
    decision = decide(rules_and_model, *rasa_calm)
    assert decision.risk == Risk.HIGH and any("safety net alone reads it as high" in r for r in decision.reasons)
    # Danger now: one model is enough, once the two together see some risk.
    rasa_uneasy = ("feel_unsafe", 0.5, [("feel_unsafe", 0.5), ("out_of_scope", 0.5)])
    alarmed = Finding(Risk.LOW, (), (), scores(emergency=EMERGENCY_AT + 0.01, high=EMERGENCY_FLOOR))
    assert decide(alarmed, *rasa_uneasy).risk == Risk.EMERGENCY
    stray = Finding(Risk.LOW, (), (), scores(emergency=EMERGENCY_AT + 0.01))
    assert decide(stray, *rasa_calm).risk < Risk.EMERGENCY


def test_a_model_sure_of_risk_does_not_escalate_alone_against_one_sure_there_is_none() -> None:
    calm_net = Finding(Risk.LOW, (), (), scores(high=MODELS_AGREE / 2))
    rasa_sure = ("in_danger_now", 0.95, [("in_danger_now", 0.95), ("out_of_scope", 0.05)])
    decision = decide(calm_net, *rasa_sure)
    assert decision.risk == Risk.LOW and not decision.handoff
    assert any("disagree" in r for r in decision.reasons)
    fairly_sure = ("in_danger_now", 0.8, [("in_danger_now", 0.8), ("out_of_scope", 0.2)])
    assert decide(calm_net, *fairly_sure).risk == Risk.LOW, "nor as danger now below the bar for high"
    away = ("away_safe", 0.9, [("away_safe", 0.9), ("out_of_scope", 0.1)])
    assert decide(calm_net, *away).risk == Risk.MEDIUM, "agreeing there is no risk is not a dispute"
    uneasy_net = Finding(Risk.LOW, (), (), scores(high=MODELS_AGREE * 2))
    assert decide(uneasy_net, *rasa_sure).risk == Risk.EMERGENCY
    rule = Finding(Risk.HIGH, ("being_hurt",), ("safety net: says someone hurts them",), calm_net.scores)
    assert decide(rule, *rasa_sure).handoff, "the rules still count when the models disagree"


def test_laughter_lets_the_models_talk_an_emergency_rule_down_only_when_they_agree() -> None:
    joking = (*EMERGENCY.categories, LAUGHING)
    rasa_harmless = ("out_of_scope", 0.9, [("out_of_scope", 0.9)])
    between = (SURE_HARMLESS + SURE_HARMLESS_EMERGENCY) / 2  # harmless-ish, but not sure without the laugh
    without = decide(Finding(EMERGENCY.risk, EMERGENCY.categories, EMERGENCY.reasons, scores(high=between)))
    assert without.risk == Risk.EMERGENCY
    laughed = decide(Finding(EMERGENCY.risk, joking, EMERGENCY.reasons, scores(high=between)), *rasa_harmless)
    assert laughed.risk == Risk.MEDIUM and not laughed.handoff
    worried = decide(Finding(EMERGENCY.risk, joking, EMERGENCY.reasons, scores(high=0.6)), *rasa_harmless)
    assert worried.risk == Risk.EMERGENCY and worried.handoff, "'i want to die lol' the models read as risk stands"
    no_model = decide(Finding(EMERGENCY.risk, joking, EMERGENCY.reasons), *rasa_harmless)
    assert no_model.risk == Risk.EMERGENCY, "without the net's own model laughter changes nothing"


def test_want_person_always_hands_off() -> None:
    decision = decide(NOTHING, "want_person", 0.8, [("want_person", 0.8)])
    assert decision.risk == Risk.MEDIUM and decision.handoff


def test_rasa_down_leaves_the_net_to_decide_and_says_so() -> None:
    decision = decide(EMERGENCY)
    assert decision.risk == Risk.EMERGENCY and decision.intent is None
    assert any("Rasa unavailable" in r for r in decision.reasons)
    by_model = decide(Finding(Risk.LOW, (), (), scores(emergency=0.9)))
    assert by_model.risk == Risk.EMERGENCY and any("safety net's model" in r for r in by_model.reasons)


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


def test_risk_named_only_to_deny_it_is_recorded_but_not_handed_off() -> None:
    denied = Finding(risk=Risk.LOW, categories=("denied",), reasons=("safety net: self-harm, denied",))
    decision = decide(denied, "self_harm", 0.8, [("self_harm", 0.8)])
    assert decision.risk == Risk.MEDIUM and not decision.handoff
    assert any("deny" in r for r in decision.reasons)
    # A denial never talks down danger now, nor a risk the rules found beside it.
    assert decide(denied, "in_danger_now", 0.8, [("in_danger_now", 0.8)]).risk == Risk.EMERGENCY
    hurt = Finding(risk=Risk.HIGH, categories=("being_hurt", "denied"), reasons=("safety net: hit",))
    assert decide(hurt, "self_harm", 0.8, [("self_harm", 0.8)]).handoff


def test_one_models_danger_now_needs_the_other_to_see_some_risk() -> None:
    rasa_alarmed = [("in_danger_now", 0.7), ("out_of_scope", 0.3)]
    calm = Finding(risk=Risk.LOW, categories=(), reasons=(), scores=scores(emergency=0.05, high=SURE_HARMLESS - 0.15))
    assert decide(calm, "in_danger_now", 0.7, rasa_alarmed).risk < Risk.EMERGENCY
    wary = Finding(risk=Risk.LOW, categories=(), reasons=(), scores=scores(emergency=0.05, high=SURE_HARMLESS))
    assert decide(wary, "in_danger_now", 0.7, rasa_alarmed).risk == Risk.EMERGENCY
    # The other way round: the net's model alarmed, Rasa sure it is harmless. The net's own
    # decision still stands as a floor, but as high risk, not danger now.
    net_alarmed = Finding(risk=Risk.LOW, categories=(), reasons=(), scores=scores(emergency=0.3, high=0.4))
    assert decide(net_alarmed).risk == Risk.EMERGENCY, "alone, the net's model decides"
    floor = decide(net_alarmed, "out_of_scope", 0.95, [("out_of_scope", 0.95)])
    assert floor.risk == Risk.HIGH and floor.handoff
    rasa_uneasy = [("feel_unsafe", SURE_HARMLESS), ("out_of_scope", 1 - SURE_HARMLESS)]
    assert decide(net_alarmed, "out_of_scope", 1 - SURE_HARMLESS, rasa_uneasy).risk == Risk.EMERGENCY


def test_a_now_in_a_report_of_a_child_missing_at_risk_does_not_make_it_an_emergency() -> None:
    report = Finding(
        risk=Risk.HIGH,
        categories=("missing_at_risk", "away", "happening_now"),
        reasons=("safety net: reports a child missing with signs of risk",),
    )
    assert decide(report).risk == Risk.HIGH and decide(report).handoff
    hurt = replace(report, categories=("missing_at_risk", "being_hurt", "away", "happening_now"))
    assert decide(hurt).risk == Risk.EMERGENCY


def test_a_first_aid_lesson_is_settled_even_when_the_models_read_danger_now() -> None:
    from bot.safety.net import screen

    finding = replace(
        screen("in first aid we learned what to do if someone takes an overdose"),
        scores=RiskScores(low=0.1, medium=0.1, high=0.1, emergency=0.7),
    )
    assert "first_aid_lesson" in finding.categories
    decision = decide(finding)
    assert not decision.handoff
    assert any("first-aid lesson" in reason for reason in decision.reasons)


def test_plain_words_stand_when_both_models_read_the_message_as_harmless() -> None:
    from bot.safety.net import screen

    calm = RiskScores(low=0.95, medium=0.03, high=0.02, emergency=0.0)
    plain = replace(screen("my 'boyfriend' is 23 lol he bought me an iphone 😂"), scores=calm)
    assert decide(plain, "out_of_scope", 0.95, [("out_of_scope", 0.95)]).handoff
    # a figure of speech the same models read as harmless is still talked down
    hyperbole = replace(screen("my legs are killing me after cross country"), scores=calm)
    assert hyperbole.risk == Risk.HIGH
    assert not decide(hyperbole, "out_of_scope", 0.95, [("out_of_scope", 0.95)]).handoff


def test_a_report_that_999_has_been_called_is_not_talked_down_by_calm_models() -> None:
    from bot.safety.net import screen

    calm = RiskScores(low=0.95, medium=0.03, high=0.02, emergency=0.0)
    text = "a pupil messaged me saying she is on the bridge and this is goodbye, i have rung 999, please help"
    report = replace(screen(text), scores=calm)
    decision = decide(report, "out_of_scope", 0.95, [("out_of_scope", 0.95)])
    assert decision.risk == Risk.EMERGENCY
    assert decision.handoff


def test_a_rule_in_a_report_about_a_young_person_is_never_talked_down() -> None:
    """Both models read a calm professional report ("Young person, 16, found with deep cuts") as routine."""
    wound = Finding(Risk.EMERGENCY, ("suicide_now", "third_party"), ("safety net: a wound",), HARMLESS)
    assert decide(wound, "out_of_scope", 0.99, [("out_of_scope", 0.99)]).risk == Risk.EMERGENCY
    mine = Finding(Risk.EMERGENCY, ("suicide_now",), wound.reasons, HARMLESS)
    assert decide(mine, "out_of_scope", 0.99, [("out_of_scope", 0.99)]).risk < Risk.EMERGENCY
    bruise = Finding(Risk.HIGH, ("being_hurt", "third_party"), ("safety net: a bruise",), HARMLESS)
    assert not decide(bruise, "out_of_scope", 0.99, [("out_of_scope", 0.99)]).handoff, "a high risk still can be"
