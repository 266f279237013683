from bot.safety.normalise import NLU_MAX_CHARS, normalise_for_nlu


def test_invisible_and_control_characters_are_removed() -> None:
    assert normalise_for_nlu("i\u200bm sc\u00adared\x00\x07 \u202ehelp") == "im scared help"


def test_whitespace_is_collapsed() -> None:
    assert normalise_for_nlu("  im\n\n\tnot   ok ") == "im not ok"


def test_long_text_is_bounded_on_a_word_boundary() -> None:
    out = normalise_for_nlu("help me " * 2000)
    assert len(out) <= NLU_MAX_CHARS
    assert out.endswith(("help", "me"))


def test_one_long_word_is_still_bounded() -> None:
    assert len(normalise_for_nlu("x" * 10_000)) == NLU_MAX_CHARS


def test_compatibility_forms_are_folded() -> None:
    assert normalise_for_nlu("ｈｅｌｐ") == "help"
