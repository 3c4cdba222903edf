"""Key/value settings in the ``app_setting`` table, shared by every PC on one database."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, select

from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import AppSetting


def get_settings(db: Database, keys: Iterable[str]) -> dict[str, str]:
    """The stored values of ``keys`` (missing keys are left out)."""
    wanted = list(keys)
    with db.session() as session:
        rows = session.exec(select(AppSetting).where(col(AppSetting.key).in_(wanted))).all()
        return {r.key: r.value for r in rows}


def get_setting(db: Database, key: str, default: str = "") -> str:
    return get_settings(db, [key]).get(key, default)


def set_settings(db: Database, values: dict[str, str]) -> None:
    """Insert or update several settings in one transaction."""
    with db.session() as session:
        for key, value in values.items():
            row = session.get(AppSetting, key)
            if row is None:
                row = AppSetting(key=key, value=value)
            row.value = value
            session.add(row)
