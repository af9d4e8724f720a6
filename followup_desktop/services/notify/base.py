"""What every notifier is: a QObject that shows a notice and reports the user's answer.

``action(followup_id, action)`` carries one of OPEN (the draft), SNOOZE (1 h), DONE, or SHOW
(the window, for a summary of several).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from followup_desktop.core.reminders import Notice

OPEN, SNOOZE, DONE, SHOW = "open", "snooze", "done", "show"


class Notifier(QObject):
    """One way to tell the user. Subclasses set ``name`` and ``label`` and define ``show``."""

    action = Signal(str, str)
    name = "none"
    label = "Nothing"

    def available(self) -> bool:
        return True

    def show(self, notice: Notice) -> bool:
        """Show ``notice``; False when this notifier could not (the chain tries the next)."""
        raise NotImplementedError

    def detail(self) -> str:
        """One sentence about what this notifier can do (for Settings)."""
        return ""

    def close(self) -> None:
        """Release what the notifier holds (a D-Bus connection)."""
