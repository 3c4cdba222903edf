"""Progress reports yielded by long jobs, so the GUI and the CLI can show and cancel them.

A job is a generator: the caller iterates it and stops iterating (``close()``) to cancel.
"""

from __future__ import annotations

from ethics_trainer.record import record


@record()
class Progress:
    done: int
    total: int
    item: str = ""  # what was just finished (a file name, a learner)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def line(self) -> str:
        """A one-line text for the command line: ``  37/120  30%  file.pdf``."""
        width = len(str(self.total))
        return f"{self.done:>{width}}/{self.total}  {round(100 * self.fraction):>3}%  {self.item}"
