"""Progress of the long steps inside a stage, for whoever displays it (the CLI).

A step that runs over many items (texts analysed, vectors encoded, rows compared) calls
:func:`track`; a display registers a callback with :func:`listening`. Without a listener the
calls cost next to nothing, and no result depends on them. :func:`progress_display` and
:func:`step_listener` show them with Rich (the CLI's ``report``; usable in a script too).

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
from typing import Any

__all__ = ["Step", "listening", "progress_display", "step_listener", "track"]

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


def progress_display(console: Any, quiet: bool = False) -> Any:
    """A Rich progress display for ``console``: stages, and the long steps with rate and time left.

    The CLI's ``report`` uses it with :func:`step_listener`; ``quiet`` hides it.
    """
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
        TimeElapsedColumn, TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second of a step (empty for the stages)."""

        def render(self, task: Any) -> Text:
            if not task.fields.get("step") or not task.speed:
                return Text("")
            return Text(f"{task.speed:,.0f}/s".replace(",", "."), style="progress.data.speed")

    return Progress(
        SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(), TimeElapsedColumn(),
        console=console, transient=False, disable=quiet,
    )


def step_listener(progress: Any) -> Listener:
    """Show each long step of a stage (texts analysed, vectors encoded) as its own bar."""
    tasks: dict[str, Any] = {}

    def listener(label: str, done: int, total: int | None) -> None:
        task = tasks.get(label)
        if task is None or done == 0:
            if task is not None:
                progress.remove_task(task)
            task = tasks[label] = progress.add_task(f"  {label}", total=total, step=True)
        progress.update(task, completed=done, total=total)
        if total is not None and done >= total:
            progress.remove_task(task)
            del tasks[label]

    return listener
