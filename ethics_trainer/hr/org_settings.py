"""Who issues the certificates: organisation, place, signer and logo (stored in AppSetting).

Kept in the database, not in a local file, so every PC on a shared server prints the same
header and signature block.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.hr.settings_store import get_settings, set_settings
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database

PREFIX = "hr.org."


@dataclass(frozen=True)
class OrgSettings:
    """The issuing organisation as printed on certificates."""

    parent_org: str = "UBND THÀNH PHỐ HÀ NỘI"
    org_name: str = "SỞ NỘI VỤ"
    place: str = "Hà Nội"
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""
    logo_path: str = ""
    number_prefix: str = "ĐĐCV"

    @property
    def logo(self) -> Path | None:
        """The logo file if one is set and still exists."""
        if not self.logo_path:
            return None
        path = Path(self.logo_path)
        return path if path.is_file() else None


def load_org_settings(db: Database) -> OrgSettings:
    names = [f.name for f in fields(OrgSettings)]
    stored = get_settings(db, [PREFIX + n for n in names])
    values = {n: stored[PREFIX + n] for n in names if PREFIX + n in stored}
    return OrgSettings(**values)


def save_org_settings(db: Database, settings: OrgSettings) -> OrgSettings:
    """Clean (NFC, single spaces) and store; a logo must be a PNG or JPEG that exists."""
    clean = {k: " ".join(nfc(v).split()) for k, v in asdict(settings).items()}
    clean["logo_path"] = nfc(settings.logo_path.strip())
    # the signer's title may take two lines ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC")
    lines = (" ".join(line.split()) for line in nfc(settings.signer_title).splitlines())
    clean["signer_title"] = "\n".join(line for line in lines if line)
    if not clean["org_name"]:
        raise UserError(tr("hr.error.org_name_required"))
    if not clean["number_prefix"]:
        clean["number_prefix"] = OrgSettings.number_prefix
    logo = clean["logo_path"]
    if logo:
        path = Path(logo)
        if not path.is_file() or path.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            raise UserError(tr("hr.error.logo_invalid", path=logo), tr("hr.error.logo_hint"))
    set_settings(db, {PREFIX + k: v for k, v in clean.items()})
    return OrgSettings(**clean)
