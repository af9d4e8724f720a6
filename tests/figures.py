"""Figures some tests collect while they run (what they tried, what each case cost), printed once
after the run, in the "figures" section, by ``pytest_terminal_summary`` in tests/conftest.py."""

from __future__ import annotations

from collections import Counter

#: exit code of `followup-desktop import` -> how many fuzzed bad files ended with it
#: (tests/integration/test_fuzz_import.py)
IMPORT_EXIT_CODES: Counter[int] = Counter()
#: damaged-file variant -> what recovery made of it (tests/unit/store/test_corrupt.py)
CORRUPT_VARIANTS: dict[str, str] = {}


def summary_lines() -> list[str]:
    """The collected figures as lines of text; none for the tests that did not run."""
    lines = []
    if IMPORT_EXIT_CODES:
        tried = IMPORT_EXIT_CODES.total()
        outcomes = dict(sorted(IMPORT_EXIT_CODES.items()))
        lines.append(f"[fuzz import] {tried} bad inputs tried; exit codes {outcomes}")
    if CORRUPT_VARIANTS:
        lines.append(f"[corrupt files] {len(CORRUPT_VARIANTS)} variants handled:")
        lines.extend(f"  {name}: {text}" for name, text in CORRUPT_VARIANTS.items())
    return lines
