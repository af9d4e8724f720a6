"""The desktop app's composition: the Qt application, start-up, wiring of services."""
