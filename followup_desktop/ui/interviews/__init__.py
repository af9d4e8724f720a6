"""The interviews list and the notes of one interview."""
