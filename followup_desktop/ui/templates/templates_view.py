"""Templates: your templates and the built-in ones, an editor, the variables, a live preview.

Left: the list (yours first, then the shipped files by language, read-only) and the variables
panel. Middle: the editor. Right: the preview for a real interview, one column per interviewer
side by side, each with its findings (preview_panel.py). A copy keeps its template's language.
Keys: Ctrl+S save, Ctrl+D duplicate, F2 rename; Enter in the variables list inserts one.
A copy of yours overrides the built-in of its kind; "Restore the built-in" deletes the copy.
Saving is safe: text that does not render on the sample interview is kept as a draft while the
last good version stays in use; every save, copy, rename and restore is on Edit > Undo.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import paths
from followup_desktop.core import messages
from followup_desktop.core.clock import Now
from followup_desktop.core.languages import LANGUAGES, language_name
from followup_desktop.core.messages import MessageTemplate
from followup_desktop.core.model import Template
from followup_desktop.store import queries, templates_store, writes
from followup_desktop.store.db import Database
from followup_desktop.store.templates_store import TemplateSave
from followup_desktop.ui.common.view import View, guarded, heading
from followup_desktop.ui.templates.preview_panel import PreviewPanel
from followup_desktop.ui.templates.questions import (  # module names: tests replace them
    ask_open_path,
    ask_save_path,
    ask_text,
    ask_unsaved,
    confirm,
)
from followup_desktop.ui.templates.template_editor import TemplateEditor
from followup_desktop.ui.templates.template_undo import TemplateUndo
from followup_desktop.ui.templates.variables_panel import VariablesPanel

KEY_ROLE = Qt.ItemDataRole.UserRole


def builtin_templates() -> list[MessageTemplate]:
    try:
        folder = paths.templates_dir()
    except FileNotFoundError:
        return []
    return messages.load_builtins(folder)


def short_language(template: MessageTemplate) -> str:
    """ "German" for a template in German (the English name, without the native one)."""
    return language_name(template.language).split(" (")[0]


def _language_order(code: str) -> int:
    return LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES)


class TemplatesView(View):
    """A list of templates (yours first, then built-in), the editor and the live preview."""

    def __init__(self, db: Database, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.now = db, now
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a scroll bar that comes and goes narrows the list after its lines were wrapped
        # (Qt then elides them): the list is always longer than its pane anyway
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.variables = VariablesPanel()
        self.editor = TemplateEditor()
        self.subject, self.body = self.editor.subject, self.editor.body
        self.preview = PreviewPanel(db, now)
        self.buttons: dict[str, QPushButton] = {}
        bar, files = QHBoxLayout(), QHBoxLayout()
        for row in (bar, files):
            row.setContentsMargins(0, 0, 0, 0)
        for key, text, slot, tip, row in (
            ("save", "Save", self.save, "Save your changes (Ctrl+S)", bar),
            ("duplicate", "Duplicate", self.duplicate, "Make an editable copy (Ctrl+D)", bar),
            ("rename", "Rename…", self.rename, "Rename your template (F2)", bar),
            ("reset", "Restore the buil&t-in", self.reset, "Use the built-in again", bar),
            ("discard", "Discard dra&ft", self.discard_draft, "Back to the saved version", bar),
            ("import", "I&mport…", self.import_templates, "Templates from a .json file", files),
            ("export", "E&xport…", self.export_templates, "Yours to a .json file", files),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)

        top_left = QWidget()
        column = QVBoxLayout(top_left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(files)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(top_left)
        left.addWidget(self.variables)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
        left.setMinimumWidth(210)
        self.preview.setMinimumWidth(280)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(6, 0, 6, 0)
        column.addLayout(bar)
        column.addWidget(self.editor, 1)
        self.splitter = QSplitter()
        for pane in (left, middle, self.preview):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([240, 420, 560])  # room for two drafts side by side
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Templates"))
        layout.addWidget(self.splitter, 1)

        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+D", self.duplicate), ("F2", self.rename)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._shown: dict[str, MessageTemplate] = {}
        self._current_key: str | None = None
        self.list.currentItemChanged.connect(self._selected)
        self.editor.edited.connect(self._edited)
        self.variables.insert_requested.connect(self._insert)
        self.preview.rendered.connect(self._rendered)

    def first_focus(self) -> QWidget:
        return self.list

    # --- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the list; the selected template stays, and so do unsaved edits to it."""
        selected, self._current_key = self._current_key, None
        pending = self.editor.texts() if self.editor.is_dirty() else None
        self.list.blockSignals(True)
        try:
            self.list.clear()
            self._shown = {}
            self._section("Your templates")
            mine = [messages.from_record(t) for t in queries.list_templates(self.db)]
            for template in sorted(mine, key=lambda t: (t.kind, t.name.casefold())):
                self._add(template, f"{template.name} · {short_language(template)}")
            if not mine:
                self._note("None yet: pick a built-in and Duplicate it.")
            own_kinds = {(t.kind, t.language) for t in mine}
            builtins = builtin_templates()
            for code in sorted({t.language for t in builtins}, key=_language_order):
                self._section(f"Built-in templates · {language_name(code)}")
                for template in (t for t in builtins if t.language == code):
                    replaced = (template.kind, code) in own_kinds
                    self._add(
                        template, template.name + (" (yours replaces it)" if replaced else "")
                    )
            if not builtins:
                self._section("Built-in templates")
                self._note("No built-in template files were found in this installation.")
        finally:
            self.list.blockSignals(False)
        self.preview.load_choices()
        if not (selected and self.select(selected)):
            self._select_first()
        elif pending is not None and not self.editor.body.isReadOnly():
            self.editor.subject.setText(pending[0])
            self.editor.body.setPlainText(pending[1])

    def _section(self, title: str) -> None:
        item = QListWidgetItem(title, self.list)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not selectable

    def _note(self, text: str) -> None:
        item = QListWidgetItem(text, self.list)
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _add(self, template: MessageTemplate, text: str) -> None:
        item = QListWidgetItem(text, self.list)
        item.setData(KEY_ROLE, template.key)
        language = language_name(template.language)
        item.setToolTip(f"{template.origin} · kind {template.kind} · in {language}")
        self._shown[template.key] = template

    def keys(self) -> list[str]:
        return list(self._shown)

    def current(self) -> MessageTemplate | None:
        return self._shown.get(self._current_key or "")

    def select(self, key: str) -> bool:
        """Select the template ``key`` (False when it is not listed or the user stays put)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                if self.list.currentRow() == row:  # no signal will come
                    if self._current_key != key:
                        self._show(key)
                else:
                    self.list.setCurrentRow(row)  # -> _selected (may ask about unsaved edits)
                return self._current_key == key
        return False

    def _select_first(self) -> None:
        if self._shown:
            self.select(next(iter(self._shown)))
        else:
            self._show(None)

    def _selected(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        key = current.data(KEY_ROLE) if current is not None else None
        if key is None or key == self._current_key:
            return
        if not self._leave_current():
            with QSignalBlocker(self.list):  # back to the previous item, or to none
                if previous is not None:
                    self.list.setCurrentItem(previous)
                else:
                    self.list.setCurrentRow(-1)
            return
        self._show(key)

    def _show(self, key: str | None) -> None:
        self._current_key = key
        template = self._shown.get(key or "")
        self.editor.set_template(template)
        record_id = template.record_id if template else None
        draft = templates_store.get_draft(self.db, record_id) if record_id else None
        if draft is not None and template is not None:
            self.editor.show_draft(draft.subject, draft.body, draft.problem)
            template = self._edited_template(template)
        self._update_buttons()
        self.preview.show_template(template, now=True)

    def _leave_current(self) -> bool:
        """False when the user cancels leaving unsaved changes."""
        current = self.current()
        if current is None or not self.editor.is_dirty():
            return True
        kept = templates_store.get_draft(self.db, current.record_id or "")
        if kept is not None and (kept.subject, kept.body) == self.editor.texts():
            return True  # the text is kept as the template's draft already
        answer = ask_unsaved(self, current.name)
        if answer == "save":
            self.message.emit(self._said(current, self._write(current)))
        return answer != "cancel"

    def confirm_leave(self) -> bool:
        """For the window's close: offer to save unsaved edits; False when the user cancels."""
        return self._leave_current()

    def _update_buttons(self) -> None:
        template = self.current()
        mine = template is not None and not template.builtin
        has_builtin = template is not None and any(
            t.builtin and t.kind == template.kind for t in self._shown.values()
        )
        self.buttons["save"].setEnabled(mine and self.editor.is_dirty())
        self.buttons["duplicate"].setEnabled(template is not None)
        self.buttons["rename"].setEnabled(mine)
        self.buttons["reset"].setEnabled(mine)
        self.buttons["reset"].setText(
            "Restore the buil&t-in" if has_builtin or not mine else "De&lete"
        )
        self.buttons["discard"].setVisible(mine and self.editor.has_draft_note())

    # --- editing ------------------------------------------------------------------------------

    def _edited(self) -> None:
        template = self.current()
        self._update_buttons()
        if template is None:
            return
        self.preview.show_template(self._edited_template(template))

    def _edited_template(self, template: MessageTemplate) -> MessageTemplate:
        subject, body = self.editor.texts()
        return replace(template, subject=subject, body=body)  # keeps its language

    def _insert(self, text: str) -> None:
        if not self.editor.insert(text):
            self.message.emit("Built-in templates are read-only: Duplicate it (Ctrl+D) first.")

    def _rendered(self, problem) -> None:
        self.editor.mark_problem(
            problem.part if problem else None, problem.line if problem else None
        )

    def _write(self, template: MessageTemplate) -> TemplateSave:
        """Save the editor's text if it renders on the sample interview (else keep it as the
        template's draft); an undoable change when it was saved."""
        subject, body = self.editor.texts()
        record = Template(
            template.record_id or "",
            template.kind,
            template.name,
            subject,
            body,
            language=template.language,
        )
        outcome = templates_store.save_checked(self.db, record, self.now())
        if outcome.saved and outcome.before != outcome.after:
            self._undoable(record.id, outcome.before, outcome.after, f"save “{template.name}”")
        return outcome

    def _said(self, template: MessageTemplate, outcome: TemplateSave) -> str:
        if outcome.saved:
            return f"Saved “{template.name}”."
        return (
            f"Not saved as “{template.name}”: {outcome.problem} The last good version stays in "
            "use; your text is kept as a draft."
        )

    def _undoable(
        self, template_id: str, before: Template | None, after: Template | None, label: str
    ) -> None:
        self.undoable.emit(
            TemplateUndo(self.db, template_id, before, after, label, self.message.emit)
        )

    @guarded("Save template")
    def save(self) -> None:
        template = self.current()
        if template is None or template.builtin:
            self.message.emit("Built-in templates are read-only: Duplicate it (Ctrl+D) to edit.")
            return
        outcome = self._write(template)
        self.refresh()
        if not outcome.saved:
            self._show(template.key)  # the draft and why it is not in use
        self.message.emit(self._said(template, outcome))

    @guarded("Discard draft")
    def discard_draft(self) -> None:
        template = self.current()
        if template is None or template.record_id is None:
            return
        templates_store.discard_draft(self.db, template.record_id)
        self._show(template.key)
        self.message.emit(f"Discarded the draft: “{template.name}” shows its saved version.")

    @guarded("Duplicate template")
    def duplicate(self) -> None:
        template = self.current()
        if template is None:
            return
        subject, body = self.editor.texts()
        suffix = " (my copy)" if template.builtin else " (copy)"
        record = Template(
            templates_store.new_template_id(self.db, template.kind),
            template.kind,
            template.name + suffix,
            subject,
            body,
            language=template.language,
        )
        if not template.builtin and self.editor.is_dirty():  # the edits go to the copy only
            self.editor.set_template(template)
        writes.save_template(self.db, record)
        self._undoable(record.id, None, record, f"copy “{record.name}”")
        self._current_key = f"db:{record.id}"
        self.refresh()
        self.editor.body.setFocus()
        self.message.emit(f"Made “{record.name}”: edit it here; it replaces the built-in.")

    @guarded("Rename template")
    def rename(self) -> None:
        template = self.current()
        if template is None or template.builtin or template.record_id is None:
            return
        name = ask_text(self, "Rename template", "New name:", template.name)
        if name is None or not name.strip():
            return
        if self.editor.is_dirty():
            self.message.emit(self._said(template, self._write(template)))
        before = templates_store.get_template(self.db, template.record_id)
        after = templates_store.rename_template(self.db, template.record_id, name)
        self._undoable(template.record_id, before, after, f"rename “{after.name}”")
        self.refresh()
        self.message.emit(f"Renamed to “{' '.join(name.split())}”.")

    @guarded("Reset template")
    def reset(self) -> None:
        template = self.current()
        if template is None or template.builtin or template.record_id is None:
            return
        builtin = next(
            (t for t in self._shown.values() if t.builtin and t.kind == template.kind), None
        )
        if builtin is None and not confirm(
            self, "Delete template", f"Delete “{template.name}”? There is no built-in of its kind."
        ):
            return
        before = templates_store.get_template(self.db, template.record_id)
        templates_store.delete_template(self.db, template.record_id)
        label = f"restore the built-in over “{template.name}”" if builtin else "delete template"
        self._undoable(template.record_id, before, None, label)
        self.editor.set_template(None)
        self._current_key = builtin.key if builtin else None
        self.refresh()
        done = "Drafts use the built-in again" if builtin else "Deleted it"
        self.message.emit(f"{done}; Edit > Undo (Ctrl+Z) brings “{template.name}” back.")

    @guarded("Import templates")
    def import_templates(self) -> None:
        path = ask_open_path(self)
        if path is None or not self._leave_current():
            return
        imported = templates_store.import_templates(self.db, path)
        self._current_key = f"db:{imported[0].id}"
        self.refresh()
        self.message.emit(f"Imported {len(imported)} template(s) from {path.name}.")

    @guarded("Export templates")
    def export_templates(self) -> None:
        if not queries.list_templates(self.db):
            self.message.emit("You have no templates of your own yet: Duplicate a built-in first.")
            return
        path = ask_save_path(self)
        if path is None:
            return
        count = templates_store.export_templates(self.db, path)
        self.message.emit(f"Exported {count} template(s) to {path}.")
