"""The pseudonym key: read from a file or the environment, refused when missing or short."""

from __future__ import annotations

from pathlib import Path

import pytest

from addin.pseudonym_key import KEY_VARIABLE, load_key
from sheets_templates.errors import UsageError

KEY = b"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"  # 32 bytes, hex


def test_the_pseudonym_key_comes_from_a_file_or_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "ilr.key"
    key_file.write_text("  " + KEY.decode() + "\n")
    assert load_key(key_file) == KEY
    assert load_key(None, {KEY_VARIABLE: KEY.decode()}) == KEY
    with pytest.raises(UsageError, match="ILR_PSEUDONYM_KEY"):
        load_key(None, {})
    with pytest.raises(UsageError, match="too short"):
        load_key(None, {KEY_VARIABLE: "short"})


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("0123456789abcdef0123456789abcdef", False),  # 32 hex digits: 16 random bytes
        ("ab" * 31, False),
        ("ab" * 32, True),  # what `secrets.token_hex(32)` gives
        ("a passphrase of thirty-two chars", True),
        ("a passphrase of thirty-one char", False),
    ],
)
def test_a_key_shorter_than_32_random_bytes_is_refused(key: str, accepted: bool) -> None:
    if accepted:
        assert load_key(None, {KEY_VARIABLE: key}) == key.encode()
    else:
        with pytest.raises(UsageError, match="fewer than 32 random bytes"):
            load_key(None, {KEY_VARIABLE: key})
