"""The pipeline: applications as a table or a stage board."""
