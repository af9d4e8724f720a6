"""Small shared pieces of the views: the view base class, error reporting, empty states."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


class View(QWidget):
    """One page of the main window. ``refresh()`` re-reads the store; ``changed`` says it wrote."""

    #: Emitted after this view changed data (other views and the status bar then refresh).
    changed = Signal()
    #: Emitted with a one-line message for the status bar.
    message = Signal(str)
    #: Emitted with a QUndoCommand for a write just made (already applied): the window pushes
    #: it on its undo stack (Edit > Undo, Ctrl+Z) without running it again.
    undoable = Signal(object)

    def refresh(self) -> None:
        """Re-read what the view shows from the store (each view defines it)."""

    def first_focus(self) -> QWidget:
        """The widget that gets the keyboard focus when the view is shown."""
        return self


def sentence(exc: BaseException) -> str:
    """One readable sentence for an error (store and core errors already are one)."""
    text = str(exc).strip() or exc.__class__.__name__
    if isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return text if text.endswith((".", "!", "?")) else text + "."


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user, in one sentence, what went wrong (tests replace this function)."""
    QMessageBox.warning(parent, title, text)


def guarded(title: str) -> Callable[[F], F]:
    """Decorate a slot so an exception becomes one message to the user, never a crash."""

    def wrap(slot: F) -> F:
        params = list(inspect.signature(slot).parameters.values())[1:]
        takes_all = any(p.kind is p.VAR_POSITIONAL for p in params)

        @functools.wraps(slot)
        def run(self: QWidget, *args: Any) -> Any:
            # Signals pass extra arguments (e.g. ``checked``); give the slot only what it takes.
            args = args if takes_all else args[: len(params)]
            try:
                return slot(self, *args)
            except Exception as exc:  # every failure of a user action ends here
                log.exception("%s failed", title)
                show_error(self.window() if self is not None else None, title, sentence(exc))
                return None

        return run  # type: ignore[return-value]

    return wrap


def empty_state(text: str, parent: QWidget | None = None) -> QLabel:
    """A centred, wrapped, friendly sentence shown where a list has nothing yet."""
    label = QLabel(text, parent)
    label.setObjectName("emptyState")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMargin(24)
    return label


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("viewHeading")
    return label


def plain_label(name: str = "") -> QLabel:
    """A label for text from mail or files: plain text only (never rich), wrapped, selectable."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label
