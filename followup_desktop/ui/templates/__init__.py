"""The message template editor with live preview."""
