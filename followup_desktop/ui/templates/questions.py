"""The Templates view's questions to the user, as plain functions (tests replace them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


def ask_unsaved(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel' for unsaved changes to ``name``."""
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        parent, "Unsaved changes", f"Save your changes to “{name}”?", buttons
    )
    return {
        QMessageBox.StandardButton.Save: "save",
        QMessageBox.StandardButton.Discard: "discard",
    }.get(answer, "cancel")


def ask_text(parent: QWidget, title: str, label: str, value: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=value)
    return text if ok else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Import templates", str(Path.home()), "Follow-up Desktop files (*.json)"
    )
    return Path(path) if path else None


def ask_save_path(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        "Export your templates",
        str(Path.home() / "followup-templates.json"),
        "Follow-up Desktop files (*.json)",
    )
    if not path:
        return None
    return Path(path) if Path(path).suffix else Path(path).with_suffix(".json")
