"""The benchmarks' generated district still builds.

Benchmarks run on demand, never in the tests, so a change to the demo school they build on
would break them unseen; this builds a small district the way `benchmarks/` does. Speed is
not measured here.
"""

from __future__ import annotations

from benchmarks.generate import WALKTHROUGHS_PER_COACHING_ROW, district_rows
from sheets_templates.schema import COACHING, RESULTS, ROSTER, WALKTHROUGHS


def test_a_small_district_has_the_rows_asked_for() -> None:
    tabs = district_rows(2_000, seed=1)
    assert len(tabs[WALKTHROUGHS.name]) == 2_000
    assert len(tabs[COACHING.name]) == 2_000 // WALKTHROUGHS_PER_COACHING_ROW
    assert len(tabs[ROSTER.name]) > 0
    assert RESULTS.name not in tabs  # the demo's results name the demo's own staff
