"""The demo data's message cases, shared by the template tests of each language, the golden
drafts and bench_messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from followup_desktop import paths
from followup_desktop.core import messages
from tests.builders import NOW

#: (application, interview, contact): every demo interview with notes, and the stage replies.
CASES: list[tuple[str, str | None, str | None]] = [
    ("acme-be", "acme-be-1", "dana"),
    ("acme-be", "acme-be-1", "omar"),
    ("acme-be", "acme-be-1", "priya"),
    ("sakura-robotics", "sakura-robotics-1", "haruto"),
    ("sakura-robotics", "sakura-robotics-1", "yui"),
    ("kestrel-data", None, None),
    ("fernhill-platform", None, None),
    ("lumen-analytics", "lumen-analytics-1", "sam"),
    ("orbital-maps", "orbital-maps-1", "nadia"),
]


def builtins_in(language: str) -> dict[str, messages.MessageTemplate]:
    """The shipped templates of ``language`` by kind."""
    shipped = messages.load_builtins(paths.templates_dir())
    return {t.kind: t for t in shipped if t.language == language}


@contextmanager
def demo_in_memory(at: datetime = NOW) -> Iterator:
    """A database in memory with the demo job search at ``at`` (closed afterwards)."""
    from followup_desktop.store.demo import fill_demo
    from followup_desktop.store.open import open_store

    database = open_store(":memory:")
    fill_demo(database, at)
    try:
        yield database
    finally:
        database.close()
