"""A loaded :class:`Library` kept on disk, so the next start skips parsing unchanged content.

The cache key is every file under the content folder (relative path, size, ``mtime_ns``) plus
every module of the content package, the app's version and the interface language with its
compiled messages (problems are stored already translated), so editing, adding or removing
any lesson, bank or image — or upgrading the app, or switching language — reloads from the
files. The cache lives in ``AppPaths.cache_dir``, which only this user writes, and is never
read from anywhere else. Any problem with it (missing, stale, unreadable) simply means a
normal load. The key is stored whole and compared whole, so no digest is needed: ``hashlib``
(OpenSSL) is not loaded on the app's way to its first paint (issue #17).

The file is ``marshal`` data (``cache_codec.py``: built in, no ``pickle`` import, records
built without Python code per record): a header — the format, the key and a CRC-32 of the
body (≈ 0.5 ms for the bundled course: a damaged file must not serve a wrong text) — then the
body, so a stale key is refused before the body is read and a damaged body never decoded. The
key holds Python's version, since ``marshal``'s format is the interpreter's own.
"""

from __future__ import annotations

import contextlib
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
from ethics_trainer.i18n.merged import FILE_NAME

if TYPE_CHECKING:
    from ethics_trainer.content.loader import ProgressCallback

CACHE_FORMAT = 3  # 2: the key is the fingerprint's text, not its SHA-256; 3: marshal
_HEADER_SIZE = 4  # bytes giving the header's length
# Code outside this package whose behaviour is stored in a cached library.
_OTHER_CODE = ("fileio/bounded_read.py", "record.py")  # the model's records, outside content/
_HERE = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = os.path.dirname(_HERE)


def _walk(folder: str, prefix: str, out: list[str], seen: set[object]) -> None:
    """Every file below ``folder``, following linked folders as the loader's glob does (a
    course or lessons folder may be a link), each real folder once."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            try:
                is_dir = entry.is_dir()
                # both follow links (a changed target counts); a folder's own os.stat, since
                # on Windows a DirEntry's st_ino and st_dev are always 0
                st = os.stat(entry.path) if is_dir else entry.stat()
            except OSError:
                out.append(f"{name}\0missing")
                continue
            if is_dir:
                real = _identity(entry.path, st)
                if real in seen:
                    out.append(f"{name}\0seen")
                    continue
                seen.add(real)
                _walk(entry.path, name + "/", out, seen)
            else:
                out.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")


def _identity(path: str, st: os.stat_result) -> object:
    """Which real folder ``path`` is: (device, inode), or its resolved path where the file
    system has no inode numbers (0 on some network shares and FAT drives)."""
    return (st.st_dev, st.st_ino) if st.st_ino else os.path.realpath(path)


def _stat_line(name: str, path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return name
    return f"{name}\0{st.st_size}\0{st.st_mtime_ns}"


def fingerprint(root: Path) -> str:
    """Every file's path, size and time, the loader's code and the language, as one text
    (about 60 bytes a file: a cache key compared whole, stored in the cache once). Plain
    ``os`` calls on strings: ``pathlib`` objects made it 2.5 times slower (issue #17)."""
    language = current_language()
    parts: list[str] = [f"format={CACHE_FORMAT}", str(root), f"language={language}"]
    parts.append(f"python={sys.version}")  # marshal's format is the interpreter's
    parts.append(f"version={__version__}")  # a frozen bundle has no .py files to stat
    # Every module of the content package: whichever of them changes, a parse may change
    # (a list of names kept by hand missed the modules split out later).
    try:
        with os.scandir(_HERE) as entries:
            modules = sorted((e.name, e.path) for e in entries if e.name.endswith(".py"))
    except OSError:
        modules = []
    parts += [_stat_line(name, path) for name, path in modules]
    parts += [_stat_line(name, os.path.join(_PACKAGE, name)) for name in _OTHER_CODE]
    # Problems are stored translated: the merged catalogue the app reads them from, and the
    # domains it falls back to (refusals, too large or outside, are in faults.mo).
    parts.append(_stat_line(FILE_NAME, os.path.join(LOCALES_DIR, language, FILE_NAME)))
    catalogues = os.path.join(LOCALES_DIR, language, "LC_MESSAGES")
    for name in ("content.mo", "content_lint.mo", "faults.mo"):
        parts.append(_stat_line(name, os.path.join(catalogues, name)))
    files: list[str] = []
    try:
        _walk(str(root), "", files, {_identity(str(root), os.stat(root))})
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
        return  # a cache that cannot be written costs the next start a normal load, nothing more
    # The pickle of format 2 for the same folder is never read again (up to 20 MB).
    old = path.with_name(path.name.replace(f"-{CACHE_FORMAT}-", "-2-", 1)).with_suffix(".pickle")
    with contextlib.suppress(OSError):
        old.unlink(missing_ok=True)


def _load(root: Path, progress: ProgressCallback | None) -> Library:
    from ethics_trainer.content.loader import load_library

    return load_library(root, progress)


def load_library_if_cached(root: Path | str, cache_dir: Path) -> Library | None:
    """The library from a current cache, or None (no cache, a content file changed, or no
    folder): a few milliseconds, for a caller that would rather not start a background
    load when the answer is already on disk. Never parses, never raises: anything unusual
    (a folder that links to itself, say) is left to :func:`load_library_cached`, which
    reports it."""
    try:
        resolved = Path(root).resolve()
        if not resolved.is_dir():
            return None
        return _read(cache_file(resolved, cache_dir), fingerprint(resolved))
    except Exception:  # the normal load meets the same problem and says what it is
        return None


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
