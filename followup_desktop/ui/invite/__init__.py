"""Importing an interview invitation (.ics)."""
