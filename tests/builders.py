"""Test data shared by the tests: the fixed instants, the interchange example, small job searches
written through store.writes, and the constants and polling helper of the end-to-end desktop.

Plain values and functions only: fixtures live in the conftest.py files (and may use these).
The application's modules are imported inside each builder, so importing this module (the
top-level conftest does) loads nothing of the app.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# -- fixed instants (the clock is always injected) ---------------------------------------------

#: Saturday 21 Nov 2026, 15:00 UTC (09:00 in Chicago, the calendar user's zone): the tests' "now".
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
#: Sunday 22 Nov 2026, 09:00 UTC (the agenda --json tests).
SUNDAY_MORNING = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
#: Monday 23 Nov 2026, 09:00 UTC (the reminder rules: a working day).
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
#: Wednesday 25 Nov 2026, 15:00 UTC (the .ics invitation imports).
WEDNESDAY_AFTERNOON = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)

NY, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")

# -- the interchange example -------------------------------------------------------------------


def sample_document() -> dict[str, Any]:
    """The interchange.md example (a fresh deep copy each call)."""
    return copy.deepcopy(json.loads((FIXTURES / "sample.json").read_text(encoding="utf-8")))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- small job searches, written through store.writes ------------------------------------------


def add_acme(db, now: datetime) -> None:
    """Acme (New York): an application with a video interview on Thursday 19 Nov 2026."""
    from followup_desktop.core.model import (
        Application,
        Company,
        Contact,
        Interview,
        InterviewFormat,
        InterviewNotes,
        Stage,
    )
    from followup_desktop.store import writes

    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), now)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", "Engineering Manager"))
    writes.save_application(
        db, Application("acme-be", "acme", "Backend Engineer", Stage.INTERVIEWING), now
    )
    writes.save_interview(
        db,
        Interview(
            "acme-be-1",
            "acme-be",
            datetime(2026, 11, 19, 15, 0, tzinfo=UTC),
            format=InterviewFormat.VIDEO,
            duration_minutes=45,
            interviewers=["dana"],
            notes=InterviewNotes(topics="the payments ledger migration"),
            interviewer_notes={"dana": "Asked about on-call rotations."},
        ),
        now,
    )


def add_globex(db, now: datetime) -> None:
    """Globex (no interview yet): an application still at 'applied'."""
    from followup_desktop.core.model import Application, Company
    from followup_desktop.store import writes

    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin", "DE"), now)
    writes.save_application(db, Application("globex-pm", "globex", "Product Manager"), now)


def add_searchable_interview(db) -> None:
    """Acme with Dana (an e-mail address), the application acme-be and its interview "i1" on
    Fri 27 Nov 2026, whose notes ("ledger migration…") and interviewer notes ("…kubernetes
    costs") are the text the search, backup, health and privacy tests look for; written at NOW."""
    from followup_desktop.core.model import Application, Company, Contact, Interview, InterviewNotes
    from followup_desktop.store import writes

    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), NOW)
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", email="dana@acme.example"))
    writes.save_application(db, Application("acme-be", "acme", "Backend Engineer"), NOW)
    writes.save_interview(
        db,
        Interview(
            "i1",
            "acme-be",
            datetime(2026, 11, 27, 20, 0, tzinfo=UTC),
            interviewers=["dana"],
            notes=InterviewNotes(topics="ledger migration to event sourcing"),
            interviewer_notes={"dana": "on-call rotation and kubernetes costs"},
        ),
        NOW,
    )


def build_jobs(db, now: datetime = NOW) -> None:
    """A user in Chicago; Acme in New York (panel of eight on Thu 19 Nov), Northwind in Berlin
    (interview on Mon 23 Nov), Globex rejected (its follow-ups cancelled)."""
    from followup_desktop.core.model import (
        Application,
        Company,
        Contact,
        Interview,
        InterviewFormat,
        Profile,
        Stage,
    )
    from followup_desktop.store import writes

    writes.save_profile(
        db, Profile(name="Alex Morgan", timezone="America/Chicago", country="US"), now
    )
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), now)
    writes.save_company(db, Company("northwind", "Northwind Labs", "Europe/Berlin", "DE"), now)
    writes.save_company(db, Company("globex", "Globex", "America/New_York", "US"), now)
    people = ["dana", "omar", "priya", "kofi", "lena", "raj", "sue", "tom"]
    for person in people:
        writes.save_contact(
            db, Contact(person, "acme", person.title(), None, f"{person}@acme.example")
        )
    writes.save_contact(
        db, Contact("jonas", "northwind", "Jonas Becker", None, "jonas@northwind.example")
    )
    writes.save_contact(db, Contact("gil", "globex", "Gil Grey", None, "g@globex.ex"))
    for app, company in (("acme-be", "acme"), ("nw-sre", "northwind"), ("globex-pm", "globex")):
        writes.save_application(db, Application(app, company, "Engineer", Stage.INTERVIEWING), now)
    interviews = [
        ("acme-be-1", "acme-be", datetime(2026, 11, 19, 10, tzinfo=NY), people),
        ("nw-sre-1", "nw-sre", datetime(2026, 11, 23, 10, tzinfo=BERLIN), ["jonas"]),
        ("globex-pm-1", "globex-pm", datetime(2026, 11, 19, 14, tzinfo=NY), ["gil"]),
    ]
    for iid, app, start, who in interviews:
        interview = Interview(iid, app, start, None, 45, InterviewFormat.VIDEO, 1, who)
        writes.save_interview(db, interview, now)
    writes.mark_done(db, "acme-be-1/thank_you/omar", now)
    writes.skip(db, "acme-be-1/thank_you/priya", "Said goodbye in person", now)
    writes.set_stage(db, "globex-pm", Stage.WITHDRAWN, now)  # cancels Globex's items


# -- Qt without a screen -----------------------------------------------------------------------

#: What the offscreen platform says about any popup window (a real desktop does not).
OFFSCREEN_POPUP = r"This plugin does not support (raise\(\)|grabbing the keyboard)"

# -- the end-to-end desktop (tests/e2e) --------------------------------------------------------

SCREEN = (1280, 800)
TRAY_WIDTH, TRAY_HEIGHT = 100, 24

#: Tuesday 24 Nov 2026, 16:31 UTC (11:31 in New York, after the demo's thank-yous come due):
#: where the end-to-end tests' clock starts, so their counts never depend on the hour.
E2E_START = datetime(2026, 11, 24, 16, 31, tzinfo=UTC)
#: The app's own pin (app/clock.py): the instant its clock starts at.
PIN_VARIABLE = "FOLLOWUP_DESKTOP_NOW"


class RunningClock:
    """A clock that starts at a fixed instant and then runs on in real (monotonic) time, for the
    tests that watch the real app wait for something to come due."""

    def __init__(self, start: datetime) -> None:
        self.start, self._began = start, time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._began)

    def pin(self) -> dict[str, str]:
        """The environment that starts the app's clock at this clock's present instant."""
        return {PIN_VARIABLE: self().isoformat()}


def wait_until(check: Callable[[], object], timeout: float, what: str, step: float = 0.1):
    """Poll ``check`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def old_database(path: Path, version: int) -> Path:
    """A copy at ``path`` of the stored database of schema ``version`` (tests/fixtures/): the
    demo job search as a user of that version has it. Writing rows with today's code into an
    old schema is not something a user can do (the app migrates first), so tests of a migration
    start from these files."""
    import shutil

    shutil.copyfile(FIXTURES / f"db-v{version}.sqlite3", path)
    return path
