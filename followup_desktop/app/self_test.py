"""The offscreen self-test behind ``followup-desktop self-test``: every view, every template.

It builds the real main window on the given database, opens each view in turn, checks that it
painted something, renders each built-in template in the sandbox against the demo data, and
saves one screenshot per view when asked. It returns the failures as sentences (empty: passed).

It also plans a sample interview in Tokyo the day before a Japanese public holiday on a database
of its own (a temporary folder) and checks that the thank-you skips the holiday by name, then
writes that plan as an .ics and parses it back: a bundle or install missing its zone data
(tzdata), holiday data or holiday names fails here rather than in front of a user.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
import traceback
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from PySide6.QtWidgets import QApplication

from followup_desktop import paths
from followup_desktop.app.run import build_main_window
from followup_desktop.core import calendar, messages
from followup_desktop.core.ics_export import FOLLOWUP_UID
from followup_desktop.core.interchange import parse_document
from followup_desktop.core.model import FollowUpKind
from followup_desktop.store import queries, templates_store
from followup_desktop.store.db import Database
from followup_desktop.store.demo import fill_demo
from followup_desktop.store.exports import export_to
from followup_desktop.store.open import open_store
from followup_desktop.store.transfer import import_document, known_ids
from followup_desktop.ui.shell.main_window import VIEW_KEYS, VIEWS

log = logging.getLogger(__name__)

#: Screenshot file name per view key.
SHOT_NAMES = {
    "pipeline": "pipeline.png",
    "interview": "interview.png",
    "calendar": "calendar.png",
    "templates": "templates.png",
    "settings": "settings.png",
}
SHOT_SIZE = (1100, 700)
#: The plan of the holiday sample, as iCalendar, saved beside the screenshots when asked.
HOLIDAY_ICS_NAME = "holiday-sample.ics"
#: The sample employer: a zone and a holiday calendar other than the demo profile's (Chicago).
HOLIDAY_ZONE, HOLIDAY_COUNTRY = "Asia/Tokyo", "JP"


def _blank(image) -> bool:
    """True when the image is empty or a single colour (nothing was painted)."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    first = image.pixel(0, 0)
    step_x, step_y = max(image.width() // 40, 1), max(image.height() // 40, 1)
    return all(
        image.pixel(x, y) == first
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    )


def run_self_test(db: Database, screenshots: Path | None, now: datetime) -> list[str]:
    """Open every view offscreen (and render templates); the failures as sentences."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the QApplication is made
    failures: list[str] = []
    if screenshots is not None:
        try:
            screenshots.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return [f"Cannot create the screenshot folder {screenshots}: {exc.strerror}."]
    try:
        window = build_main_window(db, lambda: now)
    except Exception as exc:
        log.debug("main window failed", exc_info=True)
        return [f"The main window could not be built: {exc}."]
    try:
        window.resize(*SHOT_SIZE)
        window.show()
        QApplication.processEvents()
        for spec in VIEWS:
            try:
                view = window.show_view(spec.key)
                view.refresh()
                QApplication.processEvents()
            except Exception as exc:
                failures.append(f"The {spec.title} view failed to open: {exc!r}.")
                log.debug("%s", traceback.format_exc())
                continue
            if window.stack.currentWidget() is not view:
                failures.append(f"The {spec.title} view was not shown when selected.")
            image = window.grab().toImage()
            if _blank(view.grab().toImage()):
                failures.append(f"The {spec.title} view painted nothing.")
            shot = SHOT_NAMES.get(spec.key, f"{spec.key}.png")  # a view added later
            if screenshots is not None and not image.save(str(screenshots / shot)):
                failures.append(f"Cannot write {screenshots / shot}.")
        if screenshots is not None:
            about = window.about_box()
            about.adjustSize()
            about.grab().save(str(screenshots / "about.png"))
            about.deleteLater()
        failures += _check_status(window)
        window.show_view(VIEW_KEYS[0])
    finally:
        window.timer.stop()
        window.hide()
        window.deleteLater()
        QApplication.processEvents()
    failures += render_templates(db, now)
    failures += plan_across_holiday(now, screenshots)
    return failures


def _check_status(window) -> list[str]:
    text = window.counts.text()
    if "due today" not in text:
        return [f"The status bar does not show the due counts (it shows {text!r})."]
    return []


def render_templates(db: Database, now: datetime) -> list[str]:
    """Check every built-in template file: it reads as UTF-8, has a subject line, and both parts
    render in the sandbox for every interview of the demo data (a broken file otherwise fails
    only when used). ``db`` is not read: the demo data is built in memory."""
    try:
        folder = paths.templates_dir()
    except FileNotFoundError:
        folder = None
    files = messages.builtin_files(folder)
    if not files:
        return ["No built-in template files were found (the templates folder is empty)."]
    try:
        samples = _demo_facts(now)
    except Exception as exc:
        log.debug("demo data failed", exc_info=True)
        return [f"The demo data to render templates with could not be built: {exc}."]
    failures = []
    for path in files:
        try:
            template = messages.read_builtin(path, strict=True)  # a damaged file fails here
        except (OSError, UnicodeError) as exc:
            failures.append(f"Template {path.name} cannot be read: {exc}.")
            continue
        if not template.subject:
            failures.append(f"Template {path.name} has no 'Subject:' first line.")
        for facts in samples:  # in the template's language: its dates come from Babel's data
            problem = messages.compose(template, replace(facts, language=template.language)).problem
            if problem is not None:
                failures.append(_problem_sentence(path.name, template, problem))
                break
    return failures


def _problem_sentence(name: str, template, problem) -> str:
    """'Template check_in.txt line 3: unexpected end of template.' (file lines)."""
    if problem.line is None:
        return f"Template {name}: {problem.what}."
    line = problem.line + (template.body_line - 1 if problem.part == "Body" else 0)
    return f"Template {name} line {line}: {problem.what}."


def _demo_facts(now: datetime) -> list:
    """One message's facts per demo interview (its first interviewer) and per stage reply."""
    demo = open_store(":memory:")
    try:
        fill_demo(demo, now)
        samples = [
            templates_store.facts_for(
                demo, iv.application, iv.id, next(iter(iv.interviewers), None), now
            )
            for iv in queries.list_interviews(demo)
        ]
        for app in queries.list_applications(demo):
            samples.append(templates_store.facts_for(demo, app.id, None, None, now))
        return samples
    finally:
        demo.close()


# --- zones and holidays: a sample interview in Tokyo the day before a public holiday ----------


def plan_across_holiday(now: datetime, keep_ics_in: Path | None = None) -> list[str]:
    """Plan a Tokyo interview the day before a Japanese public holiday on a temporary database;
    the thank-you must skip the holiday by its English name and land on a later working day at
    08:30 Tokyo time; the plan's .ics must parse back with that time and zone. Qt is not used.
    ``keep_ics_in``: a folder to leave a copy of the .ics in (the screenshots folder)."""
    try:
        failures = _check_zone_data()
        if failures:
            return failures
        with tempfile.TemporaryDirectory(prefix="followup-selftest-") as tmp:
            failures, ics = _plan_sample(now, Path(tmp))
            if ics is not None and keep_ics_in is not None:
                shutil.copyfile(ics, keep_ics_in / HOLIDAY_ICS_NAME)
        return failures
    except Exception as exc:  # any failure here is a finding, not a crash of the self-test
        log.debug("holiday sample failed", exc_info=True)
        return [f"The sample interview across a holiday could not be planned: {exc!r}."]


def _check_zone_data() -> list[str]:
    """The IANA zone files of the ``tzdata`` package are present and readable (the bundle and
    Windows have no system zone database to fall back on)."""
    try:
        data = (resources.files("tzdata") / "zoneinfo" / "Asia" / "Tokyo").read_bytes()
        tokyo = ZoneInfo.from_file(io.BytesIO(data), key=HOLIDAY_ZONE)
    except (ImportError, OSError, ValueError) as exc:
        return [f"The time zone data (tzdata) is missing or damaged: {exc}."]
    offset = datetime(2026, 1, 15, 12, 0, tzinfo=tokyo).utcoffset()
    if offset != timedelta(hours=9):
        return [f"The time zone data (tzdata) is wrong: Tokyo is UTC{offset}, not UTC+09:00."]
    return []


def _holiday_ahead(start: date) -> tuple[date, str] | None:
    """The first Japanese public holiday on or after ``start`` that falls Tuesday to Friday
    and follows a working day (so an interview can happen the day before)."""
    holiday_name = calendar.holiday_name  # read at each call, not at import: tests replace it
    for offset in range(800):
        day = start + timedelta(days=offset)
        name = holiday_name(day, HOLIDAY_COUNTRY)
        if (
            name
            and 1 <= day.weekday() <= 4
            and not holiday_name(day - timedelta(1), HOLIDAY_COUNTRY)
        ):
            return day, name
    return None


def _sample_document(now: datetime, interview_day: date) -> dict:
    """An interchange document: a Chicago job seeker, a Tokyo employer, one interview."""
    starts = datetime.combine(interview_day, time(10, 0), ZoneInfo(HOLIDAY_ZONE))
    return {
        "format": "followup-desktop",
        "version": 1,
        "profile": {
            "name": "Self Test",
            "email": "self.test@example.org",
            "timezone": "America/Chicago",
            "country": "US",
            "subdivision": "IL",
            "cadence": "standard",
        },
        "companies": [
            {
                "id": "selftest-tokyo",
                "name": "Self-test Tokyo KK",
                "timezone": HOLIDAY_ZONE,
                "country": HOLIDAY_COUNTRY,
            }
        ],
        "contacts": [
            {
                "id": "selftest-aiko",
                "company": "selftest-tokyo",
                "name": "Aiko Mori",
                "email": "aiko@tokyo.example",
            }
        ],
        "applications": [
            {
                "id": "selftest-app",
                "company": "selftest-tokyo",
                "role": "Engineer",
                "stage": "interviewing",
                "contact": "selftest-aiko",
            }
        ],
        "interviews": [
            {
                "id": "selftest-iv",
                "application": "selftest-app",
                "starts_at": starts.isoformat(),
                "duration_minutes": 45,
                "format": "video",
                "interviewers": ["selftest-aiko"],
            }
        ],
    }


def _plan_sample(now: datetime, folder: Path) -> tuple[list[str], Path | None]:
    """Import the sample into a database in ``folder``, check the thank-you and its .ics."""
    tokyo = ZoneInfo(HOLIDAY_ZONE)
    found = _holiday_ahead(now.astimezone(tokyo).date() + timedelta(days=2))
    if found is None:
        return [f"No {HOLIDAY_COUNTRY} public holiday was found in the coming two years."], None
    holiday, name = found
    if not name.isascii():  # the English names are translations (.mo files) shipped separately
        return [f"Holiday names are not in English ({name!r}): translations are missing."], None
    db = open_store(folder / "holiday-sample.sqlite3")
    try:
        doc = parse_document(_sample_document(now, holiday - timedelta(1)), "sample", known_ids(db))
        import_document(db, doc, now)
        thanks = [f for f in queries.list_followups(db) if f.kind == FollowUpKind.THANK_YOU]
        ics = folder / HOLIDAY_ICS_NAME
        export_to(db, ics, now=now)
    finally:
        db.close()
    where = f"the thank-you after a Tokyo interview on the eve of {name} ({holiday})"
    if len(thanks) != 1:
        return [f"Expected one thank-you for the sample interview, found {len(thanks)}."], None
    item = thanks[0]
    local = item.due.astimezone(tokyo)
    failures = []
    if local.date() <= holiday or local.weekday() >= 5 or local.time() != time(8, 30):
        failures.append(f"{where.capitalize()} is due {local:%A %Y-%m-%d %H:%M} Tokyo time.")
    if name not in item.reason or "skipped" not in item.reason:
        failures.append(f"The reason for {where} does not name the holiday: {item.reason!r}.")
    failures += _check_ics(ics, item, where)
    return failures, ics


def _check_ics(ics: Path, item, where: str) -> list[str]:
    """The .ics parses back (icalendar) with the thank-you at the same instant in Tokyo time."""
    try:
        parsed = Calendar.from_ical(ics.read_bytes())
    except (OSError, ValueError) as exc:
        return [f"The .ics of the sample plan cannot be read back: {exc}."]
    zones = {str(tz.get("tzid")) for tz in parsed.walk("VTIMEZONE")}
    events = {str(e.get("uid")): e for e in parsed.walk("VEVENT")}
    event = events.get(FOLLOWUP_UID.format(item.id))
    if event is None:
        return [f"The .ics of the sample plan lacks {where}."]
    start = event.decoded("dtstart")
    failures = []
    if HOLIDAY_ZONE not in zones or event["dtstart"].params.get("TZID") != HOLIDAY_ZONE:
        failures.append(f"The .ics does not give {where} in {HOLIDAY_ZONE} time.")
    if not isinstance(start, datetime) or start != item.due:
        failures.append(f"The .ics gives {where} at {start}, the plan at {item.due}.")
    return failures
