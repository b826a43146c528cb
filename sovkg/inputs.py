"""The inputs of a query store: which files, their fingerprint, and the cache folder.

A store is built from the ontology and the ``*.trig``, ``*.ttl``, ``*.nt`` and ``*.nq`` files of
the data folder; its :func:`fingerprint` (the SHA-256 of their names and contents, the sovkg and
pyoxigraph versions and :data:`STORE_FORMAT`) names the on-disk store built from them, so an
edited file is never answered from a stale store.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from sovkg.errors import DataError
from sovkg.resources import ontology_file

CACHE_ENV = "SOVKG_CACHE"
STORE_FORMAT = "sovkg-oxigraph-store-1"
"""Bump when the layout of a cached store changes."""

DATA_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
"""Data file suffix -> RDF format."""


def input_files(data: Path) -> list[Path]:
    """Return the files a query store is built from: the ontology, then the data files.

    Data files are the ``*.trig``, ``*.ttl``, ``*.nt`` and ``*.nq`` files directly in ``data``,
    sorted by name.

    Args:
        data: the data folder.

    Raises:
        DataError: if the ontology is missing or the folder has no data file.
    """
    files = sorted(
        p for p in data.iterdir() if p.suffix in DATA_FORMATS and not p.name.startswith(".")
    )
    if not files:
        raise DataError(f"no data files in '{data}'; expected *.trig, *.ttl, *.nt or *.nq files")
    return [ontology_file(), *files]


def fingerprint(files: Sequence[Path]) -> str:
    """Return a hex digest of the files' names and contents, and of the sovkg version.

    Raises:
        DataError: if a file cannot be read.
    """
    import hashlib

    from sovkg import __version__

    digest = hashlib.sha256()
    for part in (STORE_FORMAT, __version__, ox.__version__):
        digest.update(part.encode() + b"\0")
    for path in files:
        digest.update(f"{path.name}\0{_file_digest(path)}\0".encode())
    return digest.hexdigest()


_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's content; within one process, reused while its stat is unchanged."""
    import hashlib

    try:
        info = path.stat()
        signature = (str(path.resolve()), info.st_size, info.st_mtime_ns, info.st_ino)
        if signature not in _DIGESTS:
            with path.open("rb") as handle:
                _DIGESTS[signature] = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise unreadable(path, exc) from None
    return _DIGESTS[signature]


def total_bytes(files: Sequence[Path]) -> int:
    """Return the size of ``files`` together, in bytes."""
    return sum(p.stat().st_size for p in files)


def cache_root() -> Path:
    """Return the cache folder: ``$SOVKG_CACHE``, ``$XDG_CACHE_HOME/sovkg``, ``~/.cache/sovkg``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "sovkg"


def unreadable(path: Path, exc: OSError) -> DataError:
    """The error for a data file that cannot be read."""
    return DataError(f"cannot read {path}: {exc.strerror or exc}")


def unparsable(path: Path, exc: Exception) -> DataError:
    """The error for a data file that cannot be parsed (the parser's message on one line)."""
    message = " ".join(str(exc).split())
    return DataError(f"cannot parse {path}: {message}")


def forget_digests() -> None:
    """Forget the file digests this process computed (see :func:`sovkg.store.clear_memo`)."""
    _DIGESTS.clear()
