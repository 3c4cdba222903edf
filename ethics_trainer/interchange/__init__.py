"""Moodle GIFT and Aiken question files in and out of our Markdown question banks.

Training centres already keep questions in Moodle; these modules let them bring a bank over
(``ethics-trainer import``) and take ours back (``ethics-trainer export``) without retyping.
Core code: no Qt here.
"""
