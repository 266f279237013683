"""Make what a person typed safe to hand to the NLU: visible, single-spaced and bounded.

The stored message always keeps the text exactly as sent; only the copy that goes to
Rasa and the safety net is normalised.
"""

from __future__ import annotations

import re
import unicodedata

#: Rasa and the safety net see at most this many characters; a longer text keeps its start,
#: where people say what matters most.
NLU_MAX_CHARS = 1000

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES = re.compile(r"\s+")


def normalise_for_nlu(text: str) -> str:
    """Return ``text`` with invisible and control characters removed, spaces collapsed, bounded."""
    text = unicodedata.normalize("NFKC", text)
    visible = "".join(
        " " if ch in "\t\n\r" else ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE
    )
    collapsed = _SPACES.sub(" ", visible).strip()
    if len(collapsed) <= NLU_MAX_CHARS:
        return collapsed
    cut = collapsed[:NLU_MAX_CHARS]
    # Do not hand the NLU half a word.
    return cut.rsplit(" ", 1)[0] if " " in cut else cut
