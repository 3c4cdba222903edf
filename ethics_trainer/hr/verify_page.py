"""The offline certificate verification page: one static HTML file, no server, no network.

An agency that receives a certificate has a phone, not our app. The unit hosts this page
anywhere (or opens the file); the certificate's QR carries ``<page url>#<payload>``, so the
phone camera opens the page and the browser checks the Ed25519 signature itself
(WebCrypto) against the public keys embedded here. The payload after ``#`` is never sent to
the host. The page also lists the certificates revoked as of the day it was written, and
says that day: a newer page is needed to see later revocations.

A Content-Security-Policy with the script's own hash forbids every network request and every
other script, so the page cannot leak or be extended by what it displays.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.i18n import LANGUAGES, catalog
from ethics_trainer.i18n.formats import local
from ethics_trainer.paths import RESOURCES_DIR
from ethics_trainer.storage.db import Database

PAGE_KEYS = (
    "title",
    "other_language",
    "field.name",
    "field.course",
    "field.date",
    "field.number",
    "paste",
    "check",
    "revoked_title",
    "revoked_none",
    "privacy",
    "waiting",
    "valid",
    "valid_elsewhere",
    "not_valid",
    "cannot_check",
    "status.valid",
    "status.valid_elsewhere",
    "status.altered",
    "status.unknown_key",
    "status.malformed",
    "status.unsupported",
    "status.revoked",
)


def _resource(name: str) -> str:
    return (RESOURCES_DIR / "verify_page" / name).read_text(encoding="utf-8")


def page_strings() -> dict[str, dict[str, str]]:
    """Every language's texts of the page, ``{placeholders}`` left for the script."""
    return {
        lang: {key: catalog(lang).gettext(f"interop.page.{key}") for key in PAGE_KEYS}
        for lang in LANGUAGES
    }


_SCRIPT_ESCAPES: dict[str, str | int | None] = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_PLACEHOLDER = re.compile(r"__(SCRIPT_HASH|TITLE|DATA|SCRIPT)__")


def _json_for_script(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, nor break a line in JS."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(str.maketrans(_SCRIPT_ESCAPES))


def fill_template(template: str, values: dict[str, str]) -> str:
    """Each ``__NAME__`` of ``template`` replaced by ``values[NAME]``, in one pass.

    The inserted text is never searched again, so data that happens to contain
    ``__SCRIPT__`` (a revocation reason, an organisation name) stays data.
    """
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def build_page(
    db: Database,
    course_titles: dict[str, str],
    *,
    clock: Clock = SYSTEM_CLOCK,
    data_dir: Path | None = None,
) -> str:
    """The page's HTML for this installation, as of now: only keys this PC trusts."""
    from ethics_trainer.hr.certificate_trust import default_data_dir, own_key_id
    from ethics_trainer.hr.org_settings import load_org_settings
    from ethics_trainer.hr.revocations import all_revocations
    from ethics_trainer.hr.verification import all_public_keys

    written: datetime = clock.now()
    org = load_org_settings(db)
    data: dict[str, Any] = {
        "written": local(written).date().isoformat(),
        "org": " — ".join(p for p in (org.parent_org, org.org_name) if p),
        "keys": all_public_keys(db, data_dir),
        # this installation's own key: a certificate signed by another trusted centre's key
        # is "valid, issued elsewhere" on the page too (docs/security.md, "Certificates")
        "own": [k for k in [own_key_id(data_dir or default_data_dir(db))] if k],
        "revoked": {
            r.number: {"date": local(r.revoked_at).date().isoformat(), "reason": r.reason}
            for r in all_revocations(db)
        },
        "courses": dict(course_titles),
        "i18n": page_strings(),
    }
    script = _resource("verify.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return fill_template(
        _resource("verify.html"),
        {
            "SCRIPT_HASH": f"sha256-{digest}",
            "TITLE": html.escape(data["i18n"]["vi"]["title"]),
            "DATA": _json_for_script(data),
            "SCRIPT": script,
        },
    )


def write_page(
    db: Database,
    target: Path,
    course_titles: dict[str, str],
    *,
    clock: Clock = SYSTEM_CLOCK,
    data_dir: Path | None = None,
) -> Path:
    """Write the page to ``target`` (a file; written whole, then renamed into place)."""
    from ethics_trainer.fileio.safe_write import write_text

    text = build_page(db, course_titles, clock=clock, data_dir=data_dir)
    write_text(target, text)  # the one atomic writer: never onto a device or a link
    return target


@dataclass(frozen=True)
class PublishedPage:
    """A written page, what it holds, and why this PC's own key may be missing from it."""

    path: Path
    keys: int
    revoked: int
    key_problem: str = ""  # "" when this installation's signing key is on the page


def publish_page(
    db: Database,
    target: Path,
    course_titles: dict[str, str],
    *,
    data_dir: Path,
    clock: Clock = SYSTEM_CLOCK,
) -> PublishedPage:
    """Write the page holding the key certificates printed here will be signed with.

    The documented order is "write the page, publish it, then print": the signing key is
    loaded (made on first use) before the page is built, so a page written before the first
    certificate already knows it. If the key cannot be read the page is still written with
    the other installations' keys, and ``key_problem`` says why.
    """
    from ethics_trainer.errors import UserError
    from ethics_trainer.hr.revocations import all_revocations
    from ethics_trainer.hr.verification import all_public_keys, load_signing_key

    problem = ""
    try:
        load_signing_key(db, data_dir)
    except UserError as exc:
        problem = exc.message  # the translated line naming the file, not the library's detail
    write_page(db, target, course_titles, clock=clock, data_dir=data_dir)
    return PublishedPage(
        target, len(all_public_keys(db, data_dir)), len(all_revocations(db)), key_problem=problem
    )
