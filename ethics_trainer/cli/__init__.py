"""The ``ethics-trainer`` command: one command, subcommands, all calling core services."""
