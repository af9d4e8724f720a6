"""The command line (shared/interchange.md): parser, errors, one module per command group."""
