"""One template change on the window's undo stack: save, duplicate, rename, restore the built-in.

The change is already made when the view emits it (``View.undoable``); the first ``redo`` does
nothing. Undo puts the version before it back (or deletes a copy that did not exist), redo the
one after. When the template was changed elsewhere in the meantime, it says so and writes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from followup_desktop.core.model import Template
from followup_desktop.store import templates_store
from followup_desktop.store.db import Database, StoreError


class TemplateUndo(QUndoCommand):
    """``before`` -> ``after`` of the template ``template_id`` (None: there was none)."""

    def __init__(
        self,
        db: Database,
        template_id: str,
        before: Template | None,
        after: Template | None,
        label: str,
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.db, self.template_id, self.label, self.say = db, template_id, label, say
        self.before, self.after = before, after
        self.setText(f"{label}\n{label.replace('&', '&&')}")
        self._made = True

    def redo(self) -> None:
        if self._made:  # pushed right after the change: nothing to do
            self._made = False
            return
        self._put(self.before, self.after, "redo", "Redone")

    def undo(self) -> None:
        self._put(self.after, self.before, "undo", "Undone")

    def _put(self, have: Template | None, want: Template | None, verb: str, done: str) -> None:
        found = templates_store.get_template(self.db, self.template_id)
        if _text(found) != _text(have):
            self.setObsolete(True)
            self._say(f"Cannot {verb} “{self.label}”: the template changed since; nothing changed.")
            return
        try:
            templates_store.put_template(self.db, self.template_id, want)
        except StoreError as exc:
            self.setObsolete(True)
            self._say(f"Cannot {verb} “{self.label}”: {str(exc).rstrip('.')}.")
            return
        self._say(f"{done}: {self.label}.")

    def _say(self, text: str) -> None:
        if self.say is not None:
            self.say(text)


def _text(template: Template | None) -> tuple[str, ...] | None:
    if template is None:
        return None
    return (template.kind, template.name, template.subject, template.body)
