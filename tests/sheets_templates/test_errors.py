"""The exception tree drawn in `sheets_templates.errors` is the one the code raises: callers
catch one root, `IlrError`, and every class on the drawing has the parent drawn above it."""

from __future__ import annotations

import re

import addin.google.jobs
import addin.google.server
import addin.google.watch
import sheets_templates.errors as errors

BRANCH = re.compile(r"^    ((?:\|   |    )*)\+-- (\w+)")
MODULES = (errors, addin.google.watch, addin.google.server, addin.google.jobs)


def drawn_parents() -> dict[str, str]:
    """Each class on the docstring's drawing -> the class drawn as its parent."""
    parents: dict[str, str] = {}
    path = ["IlrError"]
    for line in (errors.__doc__ or "").splitlines():
        branch = BRANCH.match(line)
        if branch:
            depth = len(branch[1]) // 4 + 1
            del path[depth:]
            parents[branch[2]] = path[-1]
            path.append(branch[2])
    return parents


def defined(name: str) -> type:
    """The class of that name, wherever the drawing says it lives."""
    return next(getattr(module, name) for module in MODULES if hasattr(module, name))


def subclasses(root: type) -> set[type]:
    below = set(root.__subclasses__())
    return below.union(*(subclasses(cls) for cls in below))


def test_every_drawn_class_has_its_drawn_parent() -> None:
    parents = drawn_parents()
    assert len(parents) == 12
    for name, parent in parents.items():
        assert defined(name).__bases__ == (defined(parent),), name


def test_every_error_the_tool_raises_on_purpose_is_drawn() -> None:
    assert {cls.__name__ for cls in subclasses(errors.IlrError)} == set(drawn_parents())
