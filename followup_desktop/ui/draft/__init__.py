"""The draft dialog: a follow-up's message, its checks and hand-offs."""
