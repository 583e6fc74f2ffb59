"""Figures several reports need, worked out once per refresh.

    @once_per_book
    def rotation(book: Book) -> Rotation: ...

Coverage, Next Visits and the Roadmap all ask for the rotation; Trends and the Roadmap for
every recorded look-for. The answer is kept on the `Book` it came from, so a new book (a new
refresh, a test) starts afresh. What a shared function returns is read, never changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar, cast

from sheets_templates.book import Book

T = TypeVar("T")


def once_per_book(compute: Callable[[Book], T]) -> Callable[[Book], T]:
    """`compute(book)`, computed the first time a book asks and remembered on it."""
    key = f"{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def shared(book: Book) -> T:
        if key not in book.shared:
            book.shared[key] = compute(book)
        return cast(T, book.shared[key])

    return shared
