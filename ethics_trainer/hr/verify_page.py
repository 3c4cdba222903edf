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
import json
from datetime import datetime
from pathlib import Path

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
    "not_valid",
    "cannot_check",
    "status.valid",
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


def _json_for_script(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_page(db: Database, course_titles: dict[str, str], *, clock: Clock = SYSTEM_CLOCK) -> str:
    """The page's HTML for this installation, as of now."""
    from ethics_trainer.hr.org_settings import load_org_settings
    from ethics_trainer.hr.revocations import all_revocations
    from ethics_trainer.hr.verification import all_public_keys

    written: datetime = clock.now()
    org = load_org_settings(db)
    data = {
        "written": local(written).date().isoformat(),
        "org": " — ".join(p for p in (org.parent_org, org.org_name) if p),
        "keys": all_public_keys(db),
        "revoked": {
            r.number: {"date": local(r.revoked_at).date().isoformat(), "reason": r.reason}
            for r in all_revocations(db)
        },
        "courses": dict(course_titles),
        "i18n": page_strings(),
    }
    script = _resource("verify.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    html = _resource("verify.html")
    return (
        html.replace("__SCRIPT_HASH__", f"sha256-{digest}")
        .replace("__TITLE__", data["i18n"]["vi"]["title"])
        .replace("__DATA__", _json_for_script(data))
        .replace("__SCRIPT__", script)
    )


def write_page(
    db: Database, target: Path, course_titles: dict[str, str], *, clock: Clock = SYSTEM_CLOCK
) -> Path:
    """Write the page to ``target`` (a file; written whole, then renamed into place)."""
    text = build_page(db, course_titles, clock=clock)
    partial = target.with_name(target.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target
