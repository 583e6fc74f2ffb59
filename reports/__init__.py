"""Pure computations: a parsed `Book` in, backend-neutral `OutputTab`s out.

Each report is a function `Book -> OutputTab` and never imports a backend;
`reports.build.build_output_tabs` runs them all. This package imports nothing itself, so a
backend can use `reports.model` without loading pandas.
"""
