"""Settings: profile, planning, reminders and backups."""
