"""The calendar: month, week and agenda, day panel, drag-and-drop rescheduling."""
