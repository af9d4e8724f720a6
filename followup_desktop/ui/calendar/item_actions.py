"""What the user can do to a calendar item: open, mark done, skip, snooze, reschedule, move.

Every write is one store call (one transaction that also re-plans the application); a manual
move or snooze is flagged ``manual`` by the store, so the plan keeps it. Each write is read before
and after (``store/undo.recorded``) and handed up as an undo command (``recorded``), so Edit >
Undo takes it back. Dialogs are opened window-modal without blocking (``open()``), so nothing here
spins a nested event loop (the draft dialog, modal, runs its own).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from followup_desktop.core.clock import Now
from followup_desktop.core.model import NON_MESSAGE_KINDS
from followup_desktop.store import queries, undo, writes
from followup_desktop.store.db import Database
from followup_desktop.ui.calendar.details_dialog import DetailsDialog, item_html
from followup_desktop.ui.calendar.reschedule_dialog import RescheduleDialog
from followup_desktop.ui.calendar.rows import INTERVIEW, CalItem, title
from followup_desktop.ui.common import fmt
from followup_desktop.ui.common.view import guarded
from followup_desktop.ui.shell.undo_command import recorder

log = logging.getLogger(__name__)
SNOOZES = ((1, "1 day"), (3, "3 days"), (7, "a week"))


def shifted(item: CalItem, days: int) -> datetime:
    """The item's employer-local wall time, ``days`` later (its send slot kept)."""
    return item.employer_time + timedelta(days=days)


def localize(wall: datetime, zone_name: str) -> datetime:
    """A naive wall time in ``zone_name``; a time in a DST gap moves to the first valid one."""
    zone = fmt.safe_zone(zone_name)
    local = wall.replace(tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    return back if back.replace(tzinfo=None) != wall else local


def snooze_until(item: CalItem, days: int, now: datetime) -> datetime:
    """``days`` after the due time, or after today at the same employer time when overdue."""
    base = item.employer_time
    if item.start < now:
        today = now.astimezone(base.tzinfo).date()
        base = base.replace(year=today.year, month=today.month, day=today.day)
    until = base + timedelta(days=days)
    while until <= now:
        until += timedelta(days=1)
    return until


def undo_label(verb: str, item: CalItem) -> str:
    """How Edit > Undo names a write: 'mark sent: Thank-you to Dana Lee (Acme Corp)'."""
    who = f" to {item.person}" if item.person else ""
    where = f" ({item.company})" if item.company else ""
    return f"{verb}: {fmt.kind_words(item.kind)}{who}{where}"


class ItemActions(QObject):
    """Acts on items looked up by key; emits ``changed`` after a write, ``message`` to say so."""

    changed = Signal()
    message = Signal(str)
    #: A QUndoCommand for the write just made (the owning view forwards it as ``undoable``).
    recorded = Signal(object)

    def __init__(
        self, owner: QWidget, db: Database, now: Now, lookup: Callable[[str], CalItem | None]
    ) -> None:
        super().__init__(owner)
        self.owner, self.db, self.now, self.lookup = owner, db, now, lookup
        self.dialog: QWidget | None = None  # the last dialog opened (tests look at it)
        self.record = recorder(self.recorded.emit, db, now, self.message.emit)

    def window(self) -> QWidget:
        return self.owner.window()

    def _item(self, key: str) -> CalItem:
        item = self.lookup(key)
        if item is None:
            raise LookupError("That item is no longer shown; the calendar was refreshed.")
        return item

    def _done(self, text: str) -> None:
        self.changed.emit()
        self.message.emit(text)

    def _write(self, item: CalItem, verb: str, write: Callable[[], object]) -> None:
        """Make one write on ``item``'s application, recorded for Edit > Undo."""
        _result, change = undo.recorded(
            self.db, undo.followup_scope(self.db, item.record_id), write
        )
        self.record(change, undo_label(verb, item))

    # --- actions ----------------------------------------------------------------------------

    @guarded("Open")
    def open(self, key: str) -> None:
        """A message follow-up opens its draft; an interview, or a reminder such as the
        move-on review, opens a read-only details dialog."""
        item = self._item(key)
        if item.is_followup and item.kind not in NON_MESSAGE_KINDS:
            # lazy: the draft dialog brings the template engine (jinja2), ~60 ms of the first
            # window when it opens on the calendar (bench_lazy_imports --view calendar)
            from followup_desktop.ui.draft.draft_dialog import open_draft

            scope = undo.followup_scope(self.db, item.record_id)
            before = undo.take(self.db, scope)  # the draft is modal: nothing else writes here

            def sent() -> None:
                change = undo.Change(before, undo.take(self.db, scope))
                self.record(change, undo_label("mark sent", item))
                self._done(f"Sent: {title(item)}.")

            open_draft(self.window(), self.db, item.record_id, self.now, on_sent=sent)
            return
        dialog = DetailsDialog(title(item), item_html(self.db, item), self.window())
        dialog.setModal(True)
        dialog.open()
        self.dialog = dialog

    @guarded("Mark done")
    def mark_done(self, key: str) -> None:
        item = self._item(key)
        self._write(
            item, "mark done", lambda: writes.mark_done(self.db, item.record_id, self.now())
        )
        self._done(f"Done: {title(item)}.")

    @guarded("Skip")
    def skip(self, key: str) -> None:
        item = self._item(key)
        self._write(
            item, "skip", lambda: writes.skip(self.db, item.record_id, "Skipped by you", self.now())
        )
        self._done(f"Skipped: {title(item)}.")

    @guarded("Snooze")
    def snooze(self, key: str, days: int) -> None:
        item = self._item(key)
        until = snooze_until(item, days, self.now())
        self._write(
            item, "snooze", lambda: writes.snooze(self.db, item.record_id, until, self.now())
        )
        self._done(f"Snoozed until {self._when(until, item)}: {title(item)}.")

    @guarded("Reschedule")
    def reschedule(self, key: str) -> RescheduleDialog:
        item = self._item(key)
        dialog = RescheduleDialog(self.db, item, self.now(), self.window())
        dialog.accepted.connect(lambda: self.move_to(key, dialog.chosen()))
        dialog.setModal(True)
        dialog.open()
        self.dialog = dialog
        return dialog

    @guarded("Move")
    def drop(self, key: str, target: object, user_zone: str) -> None:
        """A drag ended: ``target`` is a day (keep the time) or a naive wall time (week)."""
        item = self._item(key)
        if not item.pending:
            raise ValueError("Only planned follow-ups can be moved; this one is not pending.")
        if isinstance(target, datetime):
            due = localize(target, user_zone)
        elif isinstance(target, date):
            if target == item.day:
                return
            due = shifted(item, (target - item.day).days)
        else:
            return
        self.move_to(key, due)

    def move_to(self, key: str, due: datetime) -> None:
        item = self._item(key)
        self._write(
            item, "reschedule", lambda: writes.reschedule(self.db, item.record_id, due, self.now())
        )
        self._done(f"Moved by you to {self._when(due, item)}: {title(item)}.")

    def _when(self, instant: datetime, item: CalItem) -> str:
        """In both zones, as the calendar says a time: 'Tue 1 Dec 08:30 New York time
        (07:30 your time)' (one time when the item's zone and the user's agree)."""
        user_zone = fmt.safe_zone(queries.get_profile(self.db).timezone)
        return fmt.both_zones(instant, item.zone, user_zone)

    # --- menu -------------------------------------------------------------------------------

    def menu(self, key: str, parent: QWidget) -> QMenu:
        """The actions that make sense for ``key`` (open always; writes for pending items)."""
        item = self.lookup(key)
        menu = QMenu(parent)
        if item is None:
            return menu
        opens = "Open interview" if item.kind == INTERVIEW else "Open draft…"
        self._add(menu, opens, lambda: self.open(key))
        if item.pending:
            menu.addSeparator()
            self._add(menu, "Mark done", lambda: self.mark_done(key))
            self._add(menu, "Skip", lambda: self.skip(key))
            snooze = menu.addMenu("Snooze")
            for days, words in SNOOZES:
                self._add(snooze, words, lambda d=days: self.snooze(key, d))
            self._add(menu, "Reschedule…", lambda: self.reschedule(key))
        return menu

    def popup(self, key: str, pos: QPoint, parent: QWidget) -> QMenu:
        menu = self.menu(key, parent)
        menu.popup(pos)
        return menu

    @staticmethod
    def _add(menu: QMenu, text: str, slot) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action
