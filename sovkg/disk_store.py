"""The on-disk pyoxigraph store of an input set: built once, reused until the inputs change.

Large inputs are bulk-loaded once into a RocksDB store under the cache folder
(:func:`sovkg.inputs.cache_root`) named by the inputs' fingerprint, and opened read-only
afterwards. The store is built in a temporary folder beside it and renamed into place, so a
concurrent process sees either no store or a complete one; if two processes build at once, the
second rename fails and that process uses the winner's store. Unused stores are pruned after a
week. :func:`spawn_builder` starts a detached, low-priority builder (``python -m
sovkg.disk_store KEY FILE...``, guarded by a lock file) so that a first use need not wait.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from sovkg.errors import DataError
from sovkg.inputs import CACHE_ENV, STORE_FORMAT, cache_root, fingerprint
from sovkg.oxigraph_load import load_into

_STALE_BUILD_SECONDS = 3600
_UNUSED_STORE_SECONDS = 7 * 24 * 3600


def persistent_store(files: Sequence[Path], key: str, root: Path | None = None) -> ox.Store:
    """Open the on-disk store for ``key`` read-only, building it first if it does not exist.

    Args:
        files: the input files (used only when the store must be built).
        key: the inputs' :func:`fingerprint`.
        root: the cache folder; :func:`cache_root` if ``None``.

    Returns:
        A read-only store.

    Raises:
        DataError: if an input cannot be read or parsed.
        OSError: if the cache folder cannot be written (callers fall back to memory).
    """
    root = root or cache_root()
    final = root / _entry_name(key)
    if not final.is_dir():
        _build(files, key, root, final)
    try:
        store = ox.Store.read_only(str(final / "store"))
    except (OSError, RuntimeError):
        # A damaged entry (disk full during an old build, manual edits): replace it once.
        _discard(final, root)
        _build(files, key, root, final)
        store = ox.Store.read_only(str(final / "store"))
    with contextlib.suppress(OSError):
        os.utime(final / "manifest.json")
    return store


def _build(files: Sequence[Path], key: str, root: Path, final: Path) -> None:
    """Bulk-load ``files`` into a temporary folder beside ``final``, then rename it into place."""
    import json
    import shutil
    import tempfile
    import time

    root.mkdir(parents=True, exist_ok=True)
    _prune(root)
    building = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        writer = ox.Store(str(building / "store"))
        load_into(writer, files, bulk=True)
        writer.flush()
        writer.optimize()
        quads = len(writer)
        del writer  # closes RocksDB before the rename
        manifest = {
            "format": STORE_FORMAT,
            "fingerprint": key,
            "quads": quads,
            "files": [str(p) for p in files],
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (building / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        try:
            building.rename(final)
        except OSError:
            if not final.is_dir():
                raise
            # Another process renamed its complete build first; use that one.
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)


def _discard(entry: Path, root: Path) -> None:
    import shutil
    import tempfile

    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=root))
    with contextlib.suppress(OSError):
        entry.rename(trash / entry.name)
    shutil.rmtree(trash, ignore_errors=True)


def _prune(root: Path) -> None:
    """Remove crashed builds older than an hour and stores unused for a week."""
    import shutil
    import time

    now = time.time()
    for entry in root.iterdir():
        try:
            if entry.name.startswith((".build-", ".trash-")):
                if now - entry.stat().st_mtime > _STALE_BUILD_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith("oxigraph-"):
                stamp = entry / "manifest.json"
                if now - stamp.stat().st_mtime > _UNUSED_STORE_SECONDS:
                    _discard(entry, root)
        except OSError:
            continue


def store_dir(key: str) -> Path:
    """Return the folder of the on-disk store for the inputs' fingerprint ``key``."""
    return cache_root() / _entry_name(key)


def _entry_name(key: str) -> str:
    return f"oxigraph-{key[:40]}"


def _lock(root: Path, key: str) -> Path:
    """The lock file that marks a detached builder running for ``key``."""
    return root / f".lock-{key[:40]}"


def spawn_builder(files: Sequence[Path], key: str) -> None:
    """Start one detached process that builds the on-disk store for ``key``, unless one runs.

    A lock file ``.lock-KEY`` in the cache folder (created exclusively, stale after an hour)
    keeps concurrent first uses from starting several builders.
    """
    import subprocess
    import sys
    import time

    root = cache_root()
    lock = _lock(root, key)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if time.time() - lock.stat().st_mtime > _STALE_BUILD_SECONDS:
                lock.unlink()
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except OSError:
        return  # a builder is running, or the cache cannot be written: memory it is
    try:
        subprocess.Popen(
            [sys.executable, "-m", "sovkg.disk_store", key, *(str(p) for p in files)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, CACHE_ENV: str(root)},
        )
    except OSError:
        lock.unlink(missing_ok=True)


def build_main(argv: Sequence[str]) -> int:
    """Entry point of the detached builder: ``python -m sovkg.disk_store KEY FILE...``."""
    key, *paths = argv
    lock = _lock(cache_root(), key)
    try:
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)  # leave the cores to the user's queries
        files = [Path(p) for p in paths]
        if fingerprint(files) == key:  # never build a store for inputs that changed since
            persistent_store(files, key)
    except (DataError, OSError):
        return 1
    finally:
        lock.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":  # pragma: no cover - the detached builder
    import sys

    sys.exit(build_main(sys.argv[1:]))
