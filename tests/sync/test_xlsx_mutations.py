"""A property of the splice: whatever shape a package comes in, two refreshes give back every
part of the person's byte for byte, or one clear refusal that leaves the file alone.

hypothesis combines the shapes of `package_shapes.MUTATIONS` (part names in other cases,
namespaces declared elsewhere or prefixed, missing parts, UTF-16 parts, Strict...), in any
order, on the same small log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_templates.errors import IlrError
from sync.xlsx import XlsxBackend
from tests.sync.package_shapes import LOG_ROWS, MUTATIONS, Parts, base_parts, write
from tests.sync.test_xlsx_real_files import edited_parts, parts, refresh_twice

BASE = base_parts()


def mutated(names: list[str]) -> Parts:
    package = dict(BASE)
    for name in names:
        package = MUTATIONS[name](package)
    return package


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=4, unique=True))
def test_two_refreshes_keep_every_part_or_refuse_in_one_sentence(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(mutated(names), Path(folder) / "ILT log.xlsx")
        before = parts(path)
        try:
            edited = edited_parts(path)
            refresh_twice(path)
        except IlrError as refusal:
            message = str(refusal)
            assert message.endswith("."), message
            assert "\n" not in message, message
            assert message.count(": ") <= 2, message
            assert parts(path) == before
            return
        after = parts(path)
        for name, data in before.items():
            if name not in edited:
                assert after.get(name) == data, (names, name)
        rows = XlsxBackend(path).read(["Walkthroughs"])["Walkthroughs"].rows
        assert rows[0] == LOG_ROWS[0]
        assert len(rows) == len(LOG_ROWS)
