"""Progress of the long steps inside a stage, for whoever displays it (the CLI).

A step that runs over many items (texts analysed, vectors encoded, rows compared) calls
:func:`track`; a display registers a callback with :func:`listening`. Without a listener the
calls cost next to nothing, and no result depends on them. :func:`progress_display` and
:func:`step_listener` show them with Rich (the CLI's ``report``; usable in a script too). When
the output is not a terminal (a log file, a pipe, CI), bars cannot redraw, so
:class:`PlainProgress` writes one line per stage and, for long steps, a line at most every few
seconds with rate and time left.

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

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PlainProgress", "Step", "begin", "listening", "progress_display", "step_listener", "track"]

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
    yield begin(label, total)


def begin(label: str, total: int | None) -> Step:
    """Start a step outside a ``with`` block (a long function of several phases), as :func:`track`."""
    step = Step(label, total)
    for listener in list(_listeners):
        listener(label, 0, total)
    return step


@contextmanager
def listening(callback: Listener) -> Iterator[None]:
    """Call ``callback(label, done, total)`` for every step reported inside the block."""
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)


def progress_display(console: Any, quiet: bool = False) -> Any:
    """A progress display for ``console``: stages, and the long steps with rate and time left.

    A Rich progress bar in a terminal; :class:`PlainProgress` (one line at a time, readable in a
    log) when ``console`` writes to a file or pipe. The CLI's ``report`` uses it with
    :func:`step_listener`; ``quiet`` hides it.
    """
    if not quiet and not console.is_terminal:
        return PlainProgress(console.print)
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


def _german_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"


@dataclass
class _PlainTask:
    description: str
    total: float | None
    step: bool
    completed: float = 0
    started: float = 0.0
    last_line: float = 0.0


@dataclass
class PlainProgress:
    """Progress as plain lines, for output that is not a terminal (a log, a pipe, CI).

    It has the part of :class:`rich.progress.Progress` the CLI uses (``add_task``, ``update``,
    ``advance``, ``remove_task``; a context manager). Each stage gets a line when it starts;
    a long step (one still running after ``interval`` seconds) gets a line at most every
    ``interval`` seconds with its count, rate and time left, and one when it ends. Short steps
    write nothing, so a log stays readable.

    Examples
    --------
    >>> lines, now = [], iter([0, 0, 1, 11, 12, 30]).__next__
    >>> with PlainProgress(lines.append, interval=10, clock=now) as progress:
    ...     stage = progress.add_task("Analyse", total=2)
    ...     step = progress.add_task("  Texte analysieren", total=1000, step=True)
    ...     progress.update(step, completed=100)
    ...     progress.update(step, completed=500)
    ...     progress.update(step, completed=600)
    ...     progress.update(step, completed=1000)
    >>> print("\\n".join(lines))
    Analyse
      Texte analysieren: 500/1.000 (50 %), 45/s, noch etwa 11 s
      Texte analysieren: 1.000/1.000 (100 %), 33/s, fertig nach 30 s
    """

    write: Callable[[str], Any]
    interval: float = 10.0
    clock: Callable[[], float] = time.monotonic
    tasks: dict[int, _PlainTask] = field(default_factory=dict)
    next_id: int = 0

    def __enter__(self) -> "PlainProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: float | None = None, step: bool = False, **_: Any) -> int:
        """Start a stage or step and write its first line; returns its task id."""
        now = self.clock()
        task_id, self.next_id = self.next_id, self.next_id + 1
        self.tasks[task_id] = _PlainTask(description, total, step, started=now, last_line=now)
        if not step:
            self.write(description)
        return task_id

    def update(
        self, task_id: int, completed: float | None = None, total: float | None = None,
        description: str | None = None, advance: float | None = None, **_: Any,
    ) -> None:
        """Record a step's count or a stage's new name; write a line when one is due."""
        task = self.tasks[task_id]
        if total is not None:
            task.total = total
        if completed is not None:
            task.completed = completed
        if advance is not None:
            task.completed += advance
        if description is not None and description != task.description:
            task.description = description
            self.write(description)
        if not task.step:
            return
        now = self.clock()
        finished = task.total is not None and task.completed >= task.total
        due = now - task.last_line >= self.interval
        if due or (finished and now - task.started >= self.interval):
            task.last_line = now
            self.write(self._line(task, now))

    def advance(self, task_id: int, advance: float = 1) -> None:
        """Count ``advance`` more items of a task done."""
        self.update(task_id, advance=advance)

    def remove_task(self, task_id: int) -> None:
        """Forget a finished step."""
        self.tasks.pop(task_id, None)

    @staticmethod
    def _line(task: _PlainTask, now: float) -> str:
        count = _german_number(task.completed)
        if task.total is None:
            return f"{task.description}: {count}"
        line = f"{task.description}: {count}/{_german_number(task.total)}"
        elapsed = now - task.started
        if not task.completed or elapsed <= 0:
            return line
        rate = task.completed / elapsed
        share = 100 * task.completed / task.total if task.total else 100
        line += f" ({share:.0f} %)"
        if rate >= 1:  # a step of a few long phases has no useful rate
            line += f", {_german_number(rate) if rate >= 10 else f'{rate:.1f}'.replace('.', ',')}/s"
        if task.completed >= (task.total or 0):
            return line + f", fertig nach {_duration(elapsed)}"
        if share < 5:  # too early: start-up costs would dominate the estimate
            return line
        return line + f", noch etwa {_duration((task.total - task.completed) / rate)}"
