"""Contacts and companies: lists, editors, duplicates and merge."""
