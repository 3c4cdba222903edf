"""Reusable widgets with no feature knowledge (the question, the score chart, the course tree)."""
