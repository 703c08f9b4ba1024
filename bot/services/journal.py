"""The reads of one unit of work (a workflow step), replayed when the unit is redone after a transient failure."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")


class ReadJournal:
    """The reads one unit of work made, so that redoing it (after a transient failure) replays them instead of
    asking the service again: the redo resumes where the first run was, like a durable step's recorded output.

    Replay is positional: the n-th read of the redo gets the n-th answer of the run before only when it asks for
    the same thing; the first read that differs, and every call after a write, go to the service (a write changes
    what a read would see). Answers older than `max_age` seconds are not replayed."""

    def __init__(self, max_age: float = 300.0, clock: Callable[[], float] = time.monotonic):
        self.max_age, self.clock = max_age, clock
        self._lock = threading.Lock()
        self._previous: list[tuple[tuple, Any, float]] = []
        self._current: list[tuple[tuple, Any, float]] = []
        self._live = False
        self.replayed = 0

    def begin(self) -> None:
        """A new run of the unit: what the last run read becomes what this one replays."""
        with self._lock:
            if self._current:  # a run that failed before reading anything leaves the one before to replay
                self._previous = self._current[-1000:]
            self._current, self._live = [], False

    def read(self, key: tuple, call: Callable[[], T]) -> T:
        with self._lock:
            if not self._live and self._previous:
                (seen, answer, at), rest = self._previous[0], self._previous[1:]
                if seen == key and self.clock() - at <= self.max_age:
                    self._previous = rest
                    self._current.append((seen, answer, at))
                    self.replayed += 1
                    return answer
            self._live = True  # diverged: from here on everything is asked afresh
        answer = call()
        with self._lock:
            self._current.append((key, answer, self.clock()))
        return answer

    def wrote(self) -> None:
        with self._lock:
            self._live = True
            self._previous = []


_JOURNAL: ContextVar[ReadJournal | None] = ContextVar("read_journal", default=None)


@contextmanager
def journaled(journal: ReadJournal) -> Iterator[ReadJournal]:
    """Reads made inside the block go through `journal` (one run of a unit of work)."""
    journal.begin()
    token = _JOURNAL.set(journal)
    try:
        yield journal
    finally:
        _JOURNAL.reset(token)


def current() -> ReadJournal | None:
    """The journal of the unit of work this thread runs, if any."""
    return _JOURNAL.get()
