"""The pseudonym key: read from a file or the environment, refused when missing or short."""

from __future__ import annotations

from pathlib import Path

import pytest

from addin.pseudonym_key import KEY_VARIABLE, load_key
from sheets_templates.errors import UsageError

KEY = b"0123456789abcdef0123456789abcdef"


def test_the_pseudonym_key_comes_from_a_file_or_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "ilr.key"
    key_file.write_text("  " + KEY.decode() + "\n")
    assert load_key(key_file) == KEY
    assert load_key(None, {KEY_VARIABLE: KEY.decode()}) == KEY
    with pytest.raises(UsageError, match="ILR_PSEUDONYM_KEY"):
        load_key(None, {})
    with pytest.raises(UsageError, match="too short"):
        load_key(None, {KEY_VARIABLE: "short"})
