"""The interview's panel says each follow-up's due time as every view does: the employer's time,
then the user's in brackets when it differs."""

from __future__ import annotations

import dataclasses

from followup_desktop.store import queries, writes
from followup_desktop.ui.interviews.interview_view import InterviewView
from tests.builders import NOW


def _due_lines(qtbot, db) -> list[str]:
    """The due time shown under each follow-up of the Acme interview."""
    view = InterviewView(db, lambda: NOW)
    qtbot.addWidget(view)
    view.refresh()
    assert view.select_interview("acme-be-1")
    lines = view.details.toPlainText().splitlines()
    start = lines.index("Follow-ups planned from this interview")
    return [line for line in lines[start:] if line.startswith("Fri ")]


def test_due_times_are_in_both_zones(filled, qtbot):
    assert _due_lines(qtbot, filled) == [  # the user in UTC, Acme in New York
        "Fri 20 Nov 2026 08:30 New York time (13:30 your time)",
        "Fri 27 Nov 2026 08:30 New York time (13:30 your time)",
        "Fri 4 Dec 2026 08:30 New York time (13:30 your time)",
        "Fri 11 Dec 2026 08:30 UTC",  # the move-on review: the user's morning, in the user's zone
    ]


def test_one_time_when_the_user_lives_in_the_employers_zone(filled, qtbot):
    profile = queries.get_profile(filled)
    writes.save_profile(filled, dataclasses.replace(profile, timezone="America/New_York"), NOW)
    assert _due_lines(qtbot, filled) == [
        "Fri 20 Nov 2026 08:30 New York time",
        "Fri 27 Nov 2026 08:30 New York time",
        "Fri 4 Dec 2026 08:30 New York time",
        "Fri 11 Dec 2026 08:30 New York time",
    ]
