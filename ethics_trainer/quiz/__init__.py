"""The quiz engine: drawing questions from a seed and scoring answers. No Qt, no database."""
