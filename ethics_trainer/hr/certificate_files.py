"""Bulk certificates: rendered in batches (in worker processes from the command line) and
written one PDF each into a folder, or into one ZIP.

Why apart: writing many files atomically, cancelling, and spreading batches over processes
are one concern; what a certificate looks like is another
(:mod:`ethics_trainer.hr.certificate_layout`).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Generator, Iterator
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.fileio.safe_write import atomic_path, fsync_dir, write_bytes
from ethics_trainer.hr.certificate_content import CertificateData
from ethics_trainer.hr.certificates import ascii_slug, render_batch
from ethics_trainer.hr.org_settings import OrgSettings
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr

MIN_PER_WORKER = 20  # below this a process pool costs more than it saves


BATCH = 200  # certificates drawn as one document (fonts parsed and subset once) and split


FIRST_BATCH = 10  # the first batch is small so the progress bar moves at once


def file_name(data: CertificateData) -> str:
    return f"{ascii_slug(data.number).upper()}_{ascii_slug(data.full_name)}.pdf"


def _render_chunk(job: tuple[list[CertificateData], OrgSettings]) -> list[bytes]:
    """Top-level, so a worker process can run it."""
    return render_batch(*job)


def _chunks(certificates: list[CertificateData], size: int) -> Iterator[list[CertificateData]]:
    """The first batch small, so progress shows at once; then ``size`` at a time."""
    first = min(FIRST_BATCH, size)
    yield certificates[:first]
    for at in range(first, len(certificates), size):
        yield certificates[at : at + size]


def _rendered(
    certificates: list[CertificateData], org: OrgSettings, workers: int
) -> Generator[bytes, None, None]:
    """PDF bytes in order, rendered in batches (:func:`render_batch`). With ``workers`` > 1
    and enough certificates, batches run in a process pool: it is CPU-bound pure Python, so
    threads would not help. Closing the iterator cancels what is still queued."""
    if not certificates:
        return
    if workers <= 1 or len(certificates) < 2 * MIN_PER_WORKER:
        for chunk in _chunks(certificates, BATCH):
            yield from render_batch(chunk, org)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(workers, len(certificates) // MIN_PER_WORKER)
    size = max(MIN_PER_WORKER, min(BATCH, -(-len(certificates) // (2 * workers))))
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        for pdfs in executor.map(
            _render_chunk, ((chunk, org) for chunk in _chunks(certificates, size))
        ):
            yield from pdfs
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """Processes for bulk certificates from the command line: one per CPU, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def write_certificates(
    certificates: list[CertificateData],
    org: OrgSettings,
    output: Path | str,
    *,
    workers: int = 1,
) -> Iterator[Progress]:
    """Write one PDF each into a folder, or into ``output`` when it ends in ``.zip``.

    Stop iterating to cancel: a ZIP is then removed; PDFs already in a folder stay.
    ``workers`` > 1 renders in that many processes (the command line; the app keeps 1,
    as forking a process that runs Qt threads is unsafe).
    """
    output = Path(output)
    total = len(certificates)
    if output.suffix.lower() == ".zip":
        if not output.parent.is_dir():
            raise UserError(tr("hr.error.no_folder", path=str(output.parent)))
        pdfs = _rendered(certificates, org, workers)
        try:
            # atomic: a device, folder or link is refused; a full disk keeps the old ZIP
            with (
                atomic_path(output) as tmp,
                zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive,
            ):
                for i, (data, pdf) in enumerate(zip(certificates, pdfs, strict=True), 1):
                    name = file_name(data)
                    archive.writestr(name, pdf)
                    yield Progress(i, total, name)
        finally:
            pdfs.close()
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_write", path=str(output)), str(exc)) from exc
    pdfs = _rendered(certificates, org, workers)
    try:
        for i, (data, pdf) in enumerate(zip(certificates, pdfs, strict=True), 1):
            name = file_name(data)
            # atomic: a full disk keeps the older PDF; each file is on disk before its rename,
            # the folder's renames are made durable once per batch (an fsync of the folder for
            # each PDF was half the time spent writing them)
            write_bytes(output / name, pdf, sync_folder=False)
            if i % BATCH == 0:
                fsync_dir(output)
            yield Progress(i, total, name)
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_write", path=str(output)), str(exc)) from exc
    finally:
        fsync_dir(output)
        pdfs.close()
