"""The offscreen self-test behind ``followup-desktop self-test``: every view, every template.

It builds the real main window on the given database, opens each view in turn, checks that it
painted something, renders each built-in template in the sandbox against the demo data, and
saves one screenshot per view when asked. It returns the failures as sentences (empty: passed).
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from followup_desktop.app import build_main_window
    from followup_desktop.ui.main_window import VIEW_KEYS, VIEWS

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
            if screenshots is not None and not image.save(str(screenshots / SHOT_NAMES[spec.key])):
                failures.append(f"Cannot write {screenshots / SHOT_NAMES[spec.key]}.")
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
    from followup_desktop import paths
    from followup_desktop.core import messages

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
        for facts in samples:
            problem = messages.compose(template, facts).problem
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
    from followup_desktop.demo import fill_demo
    from followup_desktop.store import queries, templates_store
    from followup_desktop.store.open import open_store

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
