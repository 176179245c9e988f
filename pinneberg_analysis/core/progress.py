"""Progress of the long steps inside a stage, for whoever displays it (the CLI).

A step that runs over many items (texts analysed, vectors encoded, rows compared) calls
:func:`track`; a display registers a callback with :func:`listening`. Without a listener the
calls cost next to nothing, and no result depends on them.

Examples
--------
>>> seen = []
>>> with listening(lambda label, done, total: seen.append((label, done, total))):
...     with track("Texte analysieren", 3) as step:
...         step.advance(2)
...         step.advance(1)
>>> seen
[('Texte analysieren', 0, 3), ('Texte analysieren', 2, 3), ('Texte analysieren', 3, 3)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Step", "listening", "track"]

Listener = Callable[[str, int, "int | None"], None]
_listeners: list[Listener] = []


class Step:
    """One tracked step: :meth:`advance` it by the items done."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label = label
        self.total = total
        self.done = 0

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items as done and tell the listeners."""
        self.done += n
        for listener in list(_listeners):
            listener(self.label, self.done, self.total)


@contextmanager
def track(label: str, total: int | None) -> Iterator[Step]:
    """A step of ``total`` items (None: unknown), labelled in German for the display."""
    step = Step(label, total)
    for listener in list(_listeners):
        listener(label, 0, total)
    yield step


@contextmanager
def listening(callback: Listener) -> Iterator[None]:
    """Call ``callback(label, done, total)`` for every step reported inside the block."""
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)
