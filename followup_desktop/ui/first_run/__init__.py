"""The first-run setup: who the user is, where they live, and how to start."""
