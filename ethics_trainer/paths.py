"""Every location the app uses, resolved in one place.

Order of precedence for each setting: command-line option, environment variable, default.
Defaults come from platformdirs, so Windows and Linux each get their usual folders.
"""

from __future__ import annotations

import os
from pathlib import Path

from ethics_trainer.record import record

ENV_DATA_DIR = "ETHICS_TRAINER_DATA_DIR"
ENV_DATABASE_URL = "ETHICS_TRAINER_DATABASE_URL"
ENV_CONTENT = "ETHICS_TRAINER_CONTENT"

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"


def bundled_content_dir() -> Path:
    """The lessons shipped with the app.

    In a checkout they live in ``content/`` at the top; an installed wheel carries them as
    ``ethics_trainer/bundled_content`` (see ``setup.py``-free packaging in pyproject).
    """
    installed = PACKAGE_DIR / "bundled_content"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "content"


@record()
class AppPaths:
    data_dir: Path
    database_url: str
    content_dir: Path

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when the database is SQLite on disk, else None."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :])
        return None

    def ensure(self) -> AppPaths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return self


def default_data_dir() -> Path:
    import platformdirs

    # roaming: %APPDATA% on Windows (a per-user folder that follows the user), as office IT expects.
    return Path(platformdirs.user_data_dir("ethics-trainer", appauthor=False, roaming=True))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    database_url: str | None = None,
    content_dir: str | os.PathLike[str] | None = None,
    environ: dict[str, str] | None = None,
) -> AppPaths:
    env = os.environ if environ is None else environ
    data = Path(data_dir or env.get(ENV_DATA_DIR) or default_data_dir()).expanduser()
    url = database_url or env.get(ENV_DATABASE_URL) or sqlite_url(data / "ethics-trainer.db")
    content = Path(content_dir or env.get(ENV_CONTENT) or bundled_content_dir()).expanduser()
    return AppPaths(data_dir=data.resolve(), database_url=url, content_dir=content.resolve())
