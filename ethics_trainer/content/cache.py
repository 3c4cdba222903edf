"""A loaded :class:`Library` kept on disk, so the next start skips parsing unchanged content.

The cache key is every file under the content folder (relative path, size, ``mtime_ns``) plus
every module of the content package, the app's version and the interface language with its compiled messages (problems
are stored already translated), so editing, adding or removing any lesson, bank or image — or
upgrading the app, or switching language — reloads from the files. The cache lives in
``AppPaths.cache_dir``, which only this user writes, and is never read from anywhere else. Any problem with it (missing, stale, unreadable) simply means a normal load.
The key is stored whole and compared whole, so no digest is needed: ``hashlib`` (OpenSSL) is
not loaded on the app's way to its first paint (issue #17).

The file is ``marshal`` data (``cache_codec.py``: built in, no ``pickle`` import, a quarter of
the unpickling time): a header — the format, the key and a CRC-32 of the body — then the body,
so a stale key is refused before the body is read and a damaged body is never decoded; the key
holds Python's version, since ``marshal``'s format is Python's own (issue #17).
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer import __version__
from ethics_trainer.content.cache_codec import Unstorable, decode, encode
from ethics_trainer.content.model import Library
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.i18n import LOCALES_DIR, current_language

if TYPE_CHECKING:
    from ethics_trainer.content.loader import ProgressCallback

CACHE_FORMAT = 3  # 2: the key is the fingerprint's text, not its SHA-256; 3: marshal
_HEADER_SIZE = 4  # bytes giving the header's length
# Code outside this package whose behaviour is stored in a cached library.
_OTHER_CODE = ("fileio/bounded_read.py",)


def _walk(folder: str, prefix: str, out: list[str], seen: set[str] | None = None) -> None:
    """Every file below ``folder``, following linked folders as the loader's glob does (a
    course or lessons folder may be a link), each real folder once."""
    seen = {os.path.realpath(folder)} if seen is None else seen
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(entry.path)
                if real in seen:
                    out.append(f"{name}\0seen")
                    continue
                seen.add(real)
                _walk(entry.path, name + "/", out, seen)
            else:
                try:
                    st = entry.stat()  # follows symlinks: a changed target counts
                except OSError:
                    out.append(f"{name}\0missing")
                    continue
                out.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")


def _package_modules(here: Path) -> list[os.DirEntry[str]]:
    """Every module of the content package: whichever of them changes, a parse may change
    (a list of names kept by hand missed the modules split out later)."""
    try:
        with os.scandir(here) as entries:
            found = [e for e in entries if e.name.endswith(".py")]
    except OSError:
        return []
    return sorted(found, key=lambda e: e.name)


def fingerprint(root: Path) -> str:
    """Every file's path, size and time, the loader's code and the language, as one text
    (about 60 bytes a file: a cache key compared whole, stored in the cache once)."""
    language = current_language()
    parts: list[str] = [f"format={CACHE_FORMAT}", str(root), f"language={language}"]
    parts.append(f"python={sys.version}")  # marshal's format is the interpreter's
    here = Path(__file__).resolve().parent
    catalogues = LOCALES_DIR / language / "LC_MESSAGES"
    parts.append(f"version={__version__}")  # a frozen bundle has no .py files to stat
    checked = [(entry.name, Path(entry.path)) for entry in _package_modules(here)]
    checked += [(name, here.parent / name) for name in _OTHER_CODE]
    checked += [
        ("content.mo", catalogues / "content.mo"),
        ("content_lint.mo", catalogues / "content_lint.mo"),
        ("faults.mo", catalogues / "faults.mo"),  # refusals (too large, outside) are stored
    ]
    for name, code in checked:
        try:
            st = code.stat()
            parts.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            parts.append(name)
    files: list[str] = []
    try:
        _walk(str(root), "", files)
    except OSError:
        files.append("unreadable")
    files.sort()
    parts.extend(files)
    return "\n".join(parts)


def cache_file(root: Path, cache_dir: Path) -> Path:
    """One file per content folder, named by a checksum of its path: two folders that shared a
    name would only take turns in it, since the whole key is checked on every read."""
    name = f"{zlib.crc32(str(root).encode('utf-8', 'surrogateescape')):08x}"
    return cache_dir / f"library-{CACHE_FORMAT}-{name}.marshal"


def _read(path: Path, key: str) -> Library | None:
    try:
        data = path.read_bytes()
        size = int.from_bytes(data[:_HEADER_SIZE], "little")
        head = memoryview(data)[_HEADER_SIZE : _HEADER_SIZE + size]
        stored_format, stored_key, crc = marshal.loads(head)
        if stored_format != CACHE_FORMAT or stored_key != key:
            return None
        body = memoryview(data)[_HEADER_SIZE + size :]
        if zlib.crc32(body) != crc:
            return None
        # 10**4–10**5 new objects: GC passes would cost more than the decoding (gc_pause.py)
        with paused_gc():
            return decode(*marshal.loads(body))
    except Exception:  # a stale or damaged cache is never an error: load from the files
        return None


def _write(path: Path, key: str, library: Library) -> None:
    try:
        body = marshal.dumps(encode(library))
        head = marshal.dumps((CACHE_FORMAT, key, zlib.crc32(body)))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            handle.write(len(head).to_bytes(_HEADER_SIZE, "little"))
            handle.write(head)
            handle.write(body)
        os.replace(partial, path)
    except (OSError, ValueError, Unstorable):
        pass  # a cache that cannot be written costs the next start a normal load, nothing more


def _load(root: Path, progress: ProgressCallback | None) -> Library:
    from ethics_trainer.content.loader import load_library

    return load_library(root, progress)


def load_library_cached(
    root: Path | str, cache_dir: Path, progress: ProgressCallback | None = None
) -> Library:
    """Like :func:`load_library`, from the cache when no content file has changed.

    The loader (and PyYAML) is imported only on a miss: a cached start does not need it.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        return _load(root, progress)
    key = fingerprint(root)
    path = cache_file(root, cache_dir)
    library = _read(path, key)
    if library is not None:
        if progress:
            progress(1, 1)
        return library
    library = _load(root, progress)
    if fingerprint(root) == key:  # not edited while loading
        _write(path, key, library)
    return library
