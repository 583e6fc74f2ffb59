"""The tests, a package of their own: `tests.fakes`, `tests.builders` and the rest import as
`tests.*` even where an installed distribution ships a top-level `tests` package of its own
(the confusables package does)."""
