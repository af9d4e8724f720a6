"""The notes form's long lists (applications, companies, time zones), read when first used.

Reading 10,000 applications (or scanning the 600 time zones on disk), putting them in a model
and measuring every item for a box's size hint cost more than building the rest of the form,
and most openings of the form never unfold these lists. Until then the application box holds
"new" and the application shown, so the box looks and reads the same; the first popup, key,
wheel turn or (for the boxes typed into) focus reads the whole list first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from followup_desktop.store.db import Database
from followup_desktop.store.people import application_choices
from followup_desktop.ui.interview_form.values import (
    application_title,
    has_applications,
    zone_names,
)

NEW_APPLICATION = "New application (type the company and role below)"
#: Keys a combo box does nothing with (its dialog or the shortcuts do): they read no list.
_IDLE_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
}


class LazyCombo(QComboBox):
    """Calls ``fill`` once before its list can be seen or used: its popup (click, Alt+Down,
    F4), a key (arrows, type-ahead, typing through the completer), the wheel, and, when
    editable, focus. ``forget()`` makes the next use fill it again."""

    def __init__(self, fill: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self.filled = False

    def ensure_filled(self) -> None:
        if not self.filled:
            self.filled = True
            self._fill()

    def forget(self) -> None:
        self.filled = False

    def string_list(self) -> QStringListModel:
        """The box's list (every LazyCombo is given a QStringListModel)."""
        model = self.model()
        assert isinstance(model, QStringListModel)
        return model

    def completer_list(self) -> QStringListModel:
        """The list its completer matches against (typed_combo gives it one)."""
        completer = self.completer()
        model = completer.model() if completer is not None else None
        assert isinstance(model, QStringListModel)
        return model

    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in _IDLE_KEYS:
            self.ensure_filled()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_filled()
        super().wheelEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.ensure_filled()
        super().inputMethodEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.isEditable():  # typed text is completed from the list
            self.ensure_filled()
        super().focusInEvent(event)


def typed_combo(fill: Callable[[], None], parent: QWidget) -> LazyCombo:
    """An editable box with an (empty until filled) completer matching anywhere, any case."""
    combo = LazyCombo(fill, parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setModel(QStringListModel(combo))
    completer = QCompleter(QStringListModel(combo), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCompleter(completer)
    return combo


class ChoiceLists:
    """What :class:`~followup_desktop.ui.interview_form.form_fields.FormFields` does with its
    application, company and time zone boxes (``app_ids[i]``: the application of row i)."""

    db: Database
    application: LazyCombo
    company: LazyCombo
    zone: LazyCombo
    new_app: QWidget
    zone_touched: bool
    app_ids: list[str]
    _choices_read: int  # the connection's change count when the lists were read (-1: not)

    def reload_choices(self, *, editing: bool) -> None:
        """Before showing another interview: lists read before a write elsewhere are dropped
        (read again when next used); the application box is for new interviews only."""
        self.application.setEnabled(not editing)
        self.zone_touched = False
        if self.db.change_count() != self._choices_read:
            self._choices_read = -1
            self.application.forget()
            self.company.forget()
            self._short_list("")
            with QSignalBlocker(self.company):  # (set_values gives it its text)
                self.company.string_list().setStringList([])
                self.company.completer_list().setStringList([])

    def _short_list(self, application_id: str, title: str | None = None) -> int:
        """The application box before its list is read: "new" and the one shown (its row)."""
        self.app_ids = ["", application_id] if title is not None else [""]
        with QSignalBlocker(self.application):
            self.application.string_list().setStringList([NEW_APPLICATION, *filter(None, [title])])
        return len(self.app_ids) - 1

    def _fill_choices(self) -> None:
        """Every application and company, sorted (read once, until something is written)."""
        shown = self.app_ids[max(self.application.currentIndex(), 0)]
        self._choices_read = self.db.change_count()
        apps, names = application_choices(self.db)
        self.app_ids = ["", *(app_id for app_id, _ in apps)]
        self.application.filled = self.company.filled = True
        with QSignalBlocker(self.application), QSignalBlocker(self.company):
            self.application.string_list().setStringList([NEW_APPLICATION, *(t for _, t in apps)])
            self.application.setCurrentIndex(self._choice_index(shown))
            text = self.company.currentText()
            self.company.string_list().setStringList(names)
            self.company.completer_list().setStringList(names)
            self.company.setCurrentIndex(-1)
            self.company.setEditText(text)

    def _choice_index(self, application_id: str) -> int:
        """The row of an application in the box; one missing from it is added (the whole list
        may not be read yet, or was read before it was saved). 0 ("new") when it is gone."""
        if application_id in self.app_ids:
            return self.app_ids.index(application_id)
        title = application_title(self.db, application_id) if application_id else None
        if title is None:
            return 0
        if not self.application.filled:
            return self._short_list(application_id, title)
        self.app_ids.append(application_id)
        with QSignalBlocker(self.application):
            self.application.addItem(title)
        return len(self.app_ids) - 1

    def _fill_zones(self) -> None:
        """The time zones on this system (read once per form: they do not change)."""
        names = list(zone_names())
        with QSignalBlocker(self.zone):
            text = self.zone.currentText()
            self.zone.string_list().setStringList(names)
            self.zone.completer_list().setStringList(names)
            self.zone.setCurrentIndex(0)  # (as when the list was there from the start)
            self.zone.setEditText(text)

    def _any_application(self) -> bool:
        """Whether there is an application to pick (without reading them all)."""
        if self.application.filled or len(self.app_ids) > 1:
            return len(self.app_ids) > 1
        return has_applications(self.db)

    def lock_application(self, application_id: str) -> None:
        """After the first save the interview belongs to that application."""
        index = self._choice_index(application_id)
        with QSignalBlocker(self.application):
            self.application.setCurrentIndex(index)
        self.application.setEnabled(False)
        self.new_app.setVisible(False)
