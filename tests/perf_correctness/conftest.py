"""Fixtures shared with the suites whose optimisations these tests check."""

from tests.hr.conftest import hr_db  # noqa: F401  (a fixture: the small HR database)
