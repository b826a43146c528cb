"""Where sovkg finds its ontology, data and named queries.

The three folders live at the top of the repository (``ontology/``, ``data/``, ``queries/``) and
are copied into the wheel as ``sovkg/_resources/{ontology,data,queries}``. An installed package
uses its bundled copy; an editable install or a plain checkout falls back to the repository.

Two environment variables point elsewhere (the command line's ``--data`` and ``--queries``
options set the same thing per call):

* ``SOVKG_DATA``: a folder of ``*.trig``, ``*.ttl``, ``*.nt`` and ``*.nq`` files queried
  instead of the bundled data (the ontology is always the bundled one);
* ``SOVKG_QUERIES``: a folder of ``*.rq`` named queries used instead of the bundled ones.

Example:
    >>> from sovkg.resources import resource_dir
    >>> resource_dir("queries").name
    'queries'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from sovkg.errors import DataError

ResourceName = Literal["ontology", "data", "queries"]

PACKAGE_DIR = Path(__file__).resolve().parent
"""The directory of the installed (or checked-out) ``sovkg`` package."""
BUNDLED_DIR = PACKAGE_DIR / "_resources"
"""Where the wheel puts ``ontology/``, ``data/`` and ``queries/``."""
CHECKOUT_DIR = PACKAGE_DIR.parent
"""The repository root when sovkg runs from a checkout or an editable install."""

ONTOLOGY_FILE = "sovkg.ttl"
"""The one hand-edited ontology, loaded with the data for every query."""
SHAPES_FILE = "shapes.ttl"
"""The SHACL shapes; used by validation only, never loaded for queries."""

DATA_ENV = "SOVKG_DATA"
QUERIES_ENV = "SOVKG_QUERIES"


def resource_dir(name: ResourceName) -> Path:
    """Return the bundled folder ``name``, or the checkout's folder of that name.

    Args:
        name: ``"ontology"``, ``"data"`` or ``"queries"``.

    Returns:
        An existing directory.

    Raises:
        DataError: if neither the installed package nor the checkout has it.
    """
    for base in (BUNDLED_DIR, CHECKOUT_DIR):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise DataError(
        f"cannot find the '{name}' folder in {BUNDLED_DIR} or {CHECKOUT_DIR}; "
        "reinstall sovkg with 'pip install .'"
    )


def ontology_file() -> Path:
    """Return the path of the ontology (``ontology/sovkg.ttl``).

    Raises:
        DataError: if the file is missing.
    """
    path = resource_dir("ontology") / ONTOLOGY_FILE
    if not path.is_file():
        raise DataError(f"the ontology file {path} is missing; reinstall sovkg")
    return path


def shapes_file() -> Path:
    """Return the path of the SHACL shapes (``ontology/shapes.ttl``)."""
    return resource_dir("ontology") / SHAPES_FILE


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: ``override``, else ``$SOVKG_DATA``, else the bundled data.

    Args:
        override: a folder given explicitly (the ``--data`` option), or ``None``.

    Returns:
        An existing directory.

    Raises:
        DataError: if the chosen folder does not exist or is not a directory.
    """
    chosen = override if override is not None else os.environ.get(DATA_ENV) or None
    if chosen is None:
        return resource_dir("data")
    path = Path(chosen).expanduser()
    if not path.is_dir():
        raise DataError(f"data folder '{path}' does not exist or is not a directory")
    return path


def queries_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the named-query folder: ``override``, else ``$SOVKG_QUERIES``, else the bundled one.

    Args:
        override: a folder given explicitly (the ``--queries`` option), or ``None``.

    Raises:
        DataError: if the chosen folder does not exist or is not a directory.
    """
    chosen = override if override is not None else os.environ.get(QUERIES_ENV) or None
    if chosen is None:
        return resource_dir("queries")
    path = Path(chosen).expanduser()
    if not path.is_dir():
        raise DataError(f"query folder '{path}' does not exist or is not a directory")
    return path
