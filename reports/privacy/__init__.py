"""The disclosure rules for everything that leaves the private workbook.

Who the workbook knows (`people`), every form of their names (`names`, `folding`) and
scrubbing them out of free text (`scrub`); group labels (`groups`), how much detail a shared row
keeps (`release`) and what a coarse label hides in its text (`generalise`); small-cell
suppression of one table (`suppression`) and of nested windows together (`nested`); keyed
pseudonyms (`pseudonyms`).
"""
