"""Import PySide6 for the window, telling it first which modules cannot be using it.

Importing this module imports PySide6; ``app/run.py`` imports it before anything else that
uses Qt. PySide6 hooks ``import``: for every module imported after it, it reads that module's
whole source looking for ``from __feature__ import`` (its opt-in snake_case API), ~0.2 ms a
module. A module loaded before PySide6 cannot be using it, so the modules of the first window
that need no Qt are imported here first, and then entered in PySide6's table of answers
(``shibokensupport.feature.pyside_feature_dict``, a private table) with the answer its own scan
gives them. Should a PySide6 release drop the table, nothing is entered and it scans as before.

This is the one use of a private PySide6 API, kept because it is worth more than 5% of the
start-up (issue 14): tests/benchmarks/bench_startup.py, 2 x 7 interleaved runs on 2026-12-03,
main window shown 188 ms with it and 199 ms without (1.91x against 2.04x the bare window).
"""

from __future__ import annotations

import sys

# The first window's modules that need no Qt, with the standard library they pull in.
import followup_desktop.store.drafts
import followup_desktop.store.health
import followup_desktop.store.migrations
import followup_desktop.store.open
import followup_desktop.store.pipeline_query
import followup_desktop.store.queries
import followup_desktop.ui.common.fmt
import followup_desktop.ui.pipeline.rows  # noqa: F401

#: PySide6's answer for "this module does not use PySide6" in its table.
PLAIN_MODULE = -1


def _import_pyside() -> int:
    """Import PySide6 and enter every module loaded so far as plain; how many were entered."""
    if "PySide6" in sys.modules:
        return 0
    plain = list(sys.modules)
    import PySide6.QtWidgets  # noqa: F401

    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    for name in plain:
        table.setdefault(name, PLAIN_MODULE)
    return len(plain)


ENTERED = _import_pyside()
