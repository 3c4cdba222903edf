"""Supervised-exam screens: password dialog, definition editor, proctor console, candidate screen."""
