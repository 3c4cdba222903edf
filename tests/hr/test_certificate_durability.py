"""Bulk certificates into a folder: every PDF is on disk before it takes its name, and the
folder's renames are made durable once per batch and at the end, also after a cancel (the
folder was synced after each PDF before; ``hr/certificate_files.write_certificates``)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from ethics_trainer.hr import certificate_files
from ethics_trainer.hr.certificate_files import write_certificates
from ethics_trainer.hr.certificates import sample_certificate
from ethics_trainer.hr.org_settings import OrgSettings

ORG = OrgSettings(org_name="Sở Nội vụ", place="Hà Nội", signer_title="Giám đốc")


def _journal(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What reached the disk, in order: ("fsync", path) and ("rename", from → to)."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src: object, dst: object) -> None:
        events.append(("rename", f"{Path(str(src)).resolve()} → {Path(str(dst)).resolve()}"))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", rename)
    return events


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
@pytest.mark.parametrize("stop_after", [None, 3])
def test_each_pdf_synced_before_its_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_after: int | None
) -> None:
    monkeypatch.setattr(certificate_files, "BATCH", 2)
    base = sample_certificate()
    certs = [replace(base, number=f"ĐĐCV-2026-{i:06d}") for i in range(5)]
    out = tmp_path / "out"
    events = _journal(monkeypatch)
    job = write_certificates(certs, ORG, out)
    for done, _progress in enumerate(job, 1):
        if done == stop_after:
            job.close()  # cancelled: the PDFs already written stay, and are durable
            break
    written = sorted(out.glob("*.pdf"))
    assert len(written) == (stop_after or 5)
    folder = str(out.resolve())
    for pdf in written:
        rename = next(
            i for i, (k, v) in enumerate(events) if k == "rename" and v.endswith(str(pdf))
        )
        temporary = events[rename][1].split(" → ")[0]
        assert ("fsync", temporary) in events[:rename]  # whole on disk before it has its name
        assert ("fsync", folder) in events[rename + 1 :]  # its name durable afterwards
    assert events[-1] == ("fsync", folder)
    folder_syncs = events.count(("fsync", folder))
    assert folder_syncs <= (stop_after or 5) // 2 + 1  # once per batch and at the end
