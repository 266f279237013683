import pytest
from cryptography.fernet import Fernet, InvalidToken

from bot.records import crypto
from tests.conftest import ENCRYPTION_KEY


@pytest.fixture(autouse=True)
def _restore_keys() -> object:
    yield
    crypto.configure([ENCRYPTION_KEY])


def test_round_trip_and_ciphertext_hides_the_text() -> None:
    token = crypto.encrypt("he took my shoes")
    assert b"shoes" not in token
    assert crypto.decrypt(token) == "he took my shoes"


def test_keys_rotate_old_texts_still_read_then_re_encrypt() -> None:
    old = crypto.encrypt("before rotation")
    new_key = Fernet.generate_key().decode()
    crypto.configure([new_key, ENCRYPTION_KEY])
    assert crypto.decrypt(old) == "before rotation"
    rotated = crypto.rotate(old)
    crypto.configure([new_key])
    assert crypto.decrypt(rotated) == "before rotation"
    with pytest.raises(InvalidToken):
        crypto.decrypt(old)


def test_pseudonyms_are_stable_keyed_and_per_channel() -> None:
    a = crypto.pseudonym("k1", "telegram", "12345")
    assert a == crypto.pseudonym("k1", "telegram", "12345")
    assert a != crypto.pseudonym("k2", "telegram", "12345")
    assert a != crypto.pseudonym("k1", "web", "12345")
    assert "12345" not in a and len(a) == 32
