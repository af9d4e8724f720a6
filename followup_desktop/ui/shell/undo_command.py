"""One undoable write on the window's undo stack (Edit > Undo, Ctrl+Z; Redo, Ctrl+Shift+Z).

A view makes the write through ``store/undo.recorded`` and emits an :class:`UndoCommand` holding
the rows before and after it (``View.undoable``). The window pushes it, and ``QUndoStack.push``
calls ``redo()`` at once: the first one does nothing (the write was made). Later undos and redos
put rows back with ``store/undo.restore`` (one transaction, re-planned). When the records changed
underneath in the meantime, the command says so in one sentence, writes nothing and leaves the
stack (``setObsolete``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from followup_desktop.core.clock import Now
from followup_desktop.store.db import Database, StoreError
from followup_desktop.store.undo import Change, Snapshot, UndoConflict, restore

log = logging.getLogger(__name__)

#: Receives a finished write (what it did, and its label) and puts it on the undo stack.
Recorder = Callable[[Change, str], None]


class UndoCommand(QUndoCommand):
    """A write already made; ``label`` names it in the menu: "mark sent: Thank-you to Dana Lee"
    shows as "Undo mark sent: Thank-you to Dana Lee". ``say`` gets each outcome's sentence."""

    def __init__(
        self,
        db: Database,
        now: Now,
        change: Change,
        label: str,
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.db, self.now, self.change, self.label, self.say = db, now, change, label, say
        # Before the newline: the plain text (QUndoView); after it: the menu's, "&" kept literal.
        self.setText(f"{label}\n{label.replace('&', '&&')}")
        self._made = True
        #: The last sentence said (the status bar shows it).
        self.outcome = ""

    def redo(self) -> None:
        if self._made:  # pushed right after the write: nothing to do
            self._made = False
            return
        self._put_back(self.change.before, self.change.after, "redo", "Redone")

    def undo(self) -> None:
        self._put_back(self.change.after, self.change.before, "undo", "Undone")

    def _put_back(self, have: Snapshot, want: Snapshot, verb: str, done: str) -> None:
        try:
            changes = restore(self.db, have, want, self.now())
        except UndoConflict as exc:
            self._refuse(f"Cannot {verb} “{self.label}”: {exc}, so nothing was changed.")
        except StoreError as exc:
            self._refuse(f"Cannot {verb} “{self.label}”: {str(exc).rstrip('.')}.")
        except Exception:  # a bug must not leave the stack claiming what did not happen
            log.exception("%s of %r failed", verb, self.label)
            self._refuse(f"Cannot {verb} “{self.label}”: something went wrong; nothing changed.")
        else:
            said = "; ".join(changes) if changes else "the plan did not change"
            self._say(f"{done}: {self.label}. {said[:1].upper()}{said[1:]}.")

    def _refuse(self, text: str) -> None:
        self.setObsolete(True)  # the stack drops it: it can no longer be undone or redone
        self._say(text)

    def _say(self, text: str) -> None:
        self.outcome = text
        if self.say is not None:
            self.say(text)


def recorder(
    emit: Callable[[object], None],
    db: Database,
    now: Now,
    say: Callable[[str], None] | None = None,
) -> Recorder:
    """What a writer calls after an undoable write: a command for ``emit`` (a view's
    ``undoable.emit``), unless the write changed nothing."""

    def record(change: Change, label: str) -> None:
        if not change.is_empty():
            emit(UndoCommand(db, now, change, label, say))

    return record
