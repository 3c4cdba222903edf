"""What one certificate says: number, person, course, result, date, content version, QR text.

Why apart: the layout draws it, the batch writer names its file, and the numbering and signing
make it; none of them needs the others to know what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ethics_trainer.hr.verification import CertificateFields, short_hash


@dataclass(frozen=True)
class CertificateData:
    number: str
    full_name: str
    unit: str
    course_id: str
    course_title: str
    score: float
    completed_on: date
    content_hash: str  # full hash; printed short
    qr_text: str = ""

    @property
    def fields(self) -> CertificateFields:
        return CertificateFields(
            self.number,
            self.full_name,
            self.course_id,
            self.completed_on,
            short_hash(self.content_hash),
        )
