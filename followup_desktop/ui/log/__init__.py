"""The communication log and its entry dialogs."""
