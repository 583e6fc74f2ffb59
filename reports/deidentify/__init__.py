"""De-identified copies of coaching logs (DESIGN.md, de-identified copy).

    tabs = deidentified_tabs(book, DeidentifyOptions(min_group=5))
    backend.create("Shared coaching.xlsx", tabs)

`groups` labels teachers by group, `scrub` takes names out of free text, `pseudonyms` makes
keyed codes, `copy` builds the tabs.
"""

from reports.deidentify.copy import ABOUT_TAB, DeidentifyOptions, deidentified_tabs, week_of

__all__ = ["ABOUT_TAB", "DeidentifyOptions", "deidentified_tabs", "week_of"]
