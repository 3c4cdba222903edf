"""Use cases called by both the CLI and the GUI. Each takes a Database and returns plain data."""
