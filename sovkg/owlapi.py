"""The ontology as Protégé sees it: the OWL API's OWL 2 DL profile check and HermiT.

owlready2 ships ``HermiT.jar`` (HermiT 1.3.8 with the OWL API 3.4 inside, the same parser
generation as Protégé 4/5's). :func:`check` runs the small Java program
``sovkg/java/OwlCheck.java`` against that jar: it loads one ontology document (RDF/XML, Turtle,
OWL/XML ...) offline, lists the OWL 2 DL profile violations and the triples the parser could not
turn into axioms, then runs HermiT *without* ignoring unsupported datatypes (so an ``xsd:date``
or ``xsd:gYear`` value fails, as it does in Protégé): consistency, then classification, then the
unsatisfiable classes.

The program is compiled once with ``javac`` into the sovkg cache folder (see
:func:`sovkg.inputs.cache_root`), keyed by the SHA-256 of its source, of the jar and of the
``javac`` version; without ``javac``, Java 11 or later runs the source file directly (slower).
Imports resolve only through the IRI-to-file map given, for example an XML catalog read by
:func:`catalog_entries`; nothing is fetched from the web.

Example (needs Java, so not run as a doctest)::

    from sovkg.owlapi import check_export
    result = check_export()          # the merged RDF/XML export, as Protege opens it
    result.profile_violations        # [] (OWL 2 DL)
    result.consistent, result.classified, result.unsatisfiable   # (True, True, [])
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sovkg.errors import DataError, SovkgError

PathLike = str | os.PathLike[str]

JAVA_SOURCE = Path(__file__).resolve().parent / "java" / "OwlCheck.java"
"""The Java program run against HermiT.jar."""
MAIN_CLASS = "OwlCheck"
HERMIT_ENV = "SOVKG_HERMIT_JAR"
"""Environment variable naming a HermiT.jar to use instead of owlready2's."""
DEFAULT_TIMEOUT = 600.0
"""Seconds a check may take before it is stopped."""
CATALOG_FILE = "catalog-v001.xml"
_CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
_LOAD_FAILED = 3
"""OwlCheck's exit status when the document does not load."""


class JavaUnavailableError(SovkgError):
    """Java (or HermiT.jar) is not installed, so the OWL API check cannot run (exit code 2)."""


class OwlApiError(SovkgError):
    """The OWL API could not load the document, or the check failed to run (exit code 2)."""


@dataclass(frozen=True)
class OwlCheckResult:
    """What the OWL API and HermiT say about one ontology document.

    Attributes:
        document: the file checked.
        ontology_iri: the ontology IRI the OWL API read ("" if it has none).
        format: the syntax the OWL API recognised ("RDF/XML", "Turtle" ...).
        axioms: the number of axioms loaded (declarations and annotations included).
        logical_axioms: the number of logical axioms.
        imports: the number of ontologies imported directly.
        closure_axioms: the number of axioms with the imported ontologies'.
        triples: the number of RDF triples parsed, or ``None`` for a non-RDF syntax.
        profile_violations: OWL 2 DL profile violations, one line each ("Kind: detail").
        unparsed_triples: triples the parser could not turn into any axiom (lost in Protégé).
        consistent: HermiT proved the ontology consistent.
        classified: HermiT computed the class hierarchy.
        unsatisfiable: IRIs of unsatisfiable named classes, sorted.
        reasoner_error: why HermiT could not run (for example an unsupported datatype), or
            ``None``; ``consistent`` and ``classified`` are then ``False``.
        millis: milliseconds per phase: load, profile, consistency, classification.
    """

    document: str
    ontology_iri: str = ""
    format: str = ""
    axioms: int = 0
    logical_axioms: int = 0
    imports: int = 0
    closure_axioms: int = 0
    triples: int | None = None
    profile_violations: list[str] = field(default_factory=list)
    unparsed_triples: list[str] = field(default_factory=list)
    consistent: bool = False
    classified: bool = False
    unsatisfiable: list[str] = field(default_factory=list)
    reasoner_error: str | None = None
    millis: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """In OWL 2 DL, nothing unparsed, consistent, classified, no unsatisfiable class."""
        return (
            not self.profile_violations
            and not self.unparsed_triples
            and self.consistent
            and self.classified
            and not self.unsatisfiable
            and self.reasoner_error is None
        )

    def problems(self) -> list[str]:
        """Return one line per problem found (empty when :attr:`ok`)."""
        lines = [f"OWL 2 DL profile violation: {v}" for v in self.profile_violations]
        lines += [f"triple not parsed into OWL: {t}" for t in self.unparsed_triples]
        if self.reasoner_error is not None:
            lines.append(f"HermiT could not reason: {self.reasoner_error}")
        elif not self.consistent:
            lines.append("HermiT: the ontology is inconsistent")
        elif not self.classified:
            lines.append("HermiT: the class hierarchy was not computed")
        lines += [f"unsatisfiable class: {c}" for c in self.unsatisfiable]
        return lines


# --------------------------------------------------------------------------- tools


def hermit_jar() -> Path:
    """Return the path of ``HermiT.jar``: ``$SOVKG_HERMIT_JAR``, else the one in owlready2.

    owlready2 is located without importing it.

    Raises:
        JavaUnavailableError: if there is no such jar.
    """
    if os.environ.get(HERMIT_ENV):
        path = Path(os.environ[HERMIT_ENV]).expanduser()
        if path.is_file():
            return path
        raise JavaUnavailableError(f"${HERMIT_ENV} names '{path}', which is not a file")
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise JavaUnavailableError(
            "owlready2 is not installed, so there is no HermiT.jar; pip install owlready2"
        )
    package = Path(spec.origin).parent
    candidates = [package / "hermit" / "HermiT.jar", *sorted(package.rglob("HermiT*.jar"))]
    for path in candidates:
        if path.is_file():
            return path
    raise JavaUnavailableError(f"no HermiT.jar in the owlready2 package at {package}")


@dataclass(frozen=True)
class JavaTools:
    """The Java launcher and compiler found.

    Attributes:
        java: the ``java`` executable.
        javac: the ``javac`` executable, or ``None`` (a JRE without a compiler).
        major: the Java major version (17 for "17.0.15").
    """

    java: str
    javac: str | None
    major: int


def java_tools() -> JavaTools:
    """Find ``java`` (and ``javac``) in ``$JAVA_HOME/bin``, else on ``PATH``.

    Raises:
        JavaUnavailableError: if there is no ``java``, or it cannot run this check.
    """
    home = os.environ.get("JAVA_HOME")
    search = os.pathsep.join(
        filter(None, [str(Path(home) / "bin") if home else None, os.environ.get("PATH", "")])
    )
    java = shutil.which("java", path=search)
    if java is None:
        raise JavaUnavailableError(
            "java is not installed (needed for the OWL API / HermiT check); "
            "install a JDK, e.g. apt-get install default-jdk-headless"
        )
    javac = shutil.which("javac", path=search)
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise JavaUnavailableError(f"cannot run {java}: {exc}") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if done.returncode != 0 or match is None:
        raise JavaUnavailableError(f"{java} -version failed: {' '.join(done.stderr.split())}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0_292" is Java 8
        major = int(match.group(2))
    if javac is None and major < 11:
        raise JavaUnavailableError(
            f"javac is not installed and Java {major} cannot run source files; install a JDK"
        )
    return JavaTools(java, javac, major)


def compiled_classes(tools: JavaTools, jar: Path, cache: Path | None = None) -> Path:
    """Compile ``OwlCheck.java`` against ``jar`` once, and return the folder of its classes.

    The folder is ``<cache>/java/owlcheck-<key>``, the key hashing the source, the jar and the
    ``javac`` version; it is compiled in a temporary folder beside it and renamed into place, so
    concurrent runs see either no folder or a complete one.

    Args:
        tools: from :func:`java_tools`; ``tools.javac`` must not be ``None``.
        jar: the HermiT.jar to compile against.
        cache: the cache folder; ``None`` for :func:`sovkg.inputs.cache_root`.

    Raises:
        OwlApiError: if compilation fails.
    """
    from sovkg.inputs import cache_root

    if tools.javac is None:
        raise OwlApiError("javac is not installed")
    digest = hashlib.sha256()
    digest.update(JAVA_SOURCE.read_bytes())
    with jar.open("rb") as handle:
        digest.update(hashlib.file_digest(handle, "sha256").digest())
    digest.update(f"{tools.javac} {tools.major}".encode())
    root = (cache or cache_root()) / "java"
    final = root / f"owlcheck-{digest.hexdigest()[:24]}"
    if (final / f"{MAIN_CLASS}.class").is_file():
        return final
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".build-owlcheck-", dir=root))
    try:
        done = subprocess.run(
            [
                tools.javac,
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-d",
                str(building),
                "-cp",
                str(jar),
                str(JAVA_SOURCE),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise OwlApiError(f"javac failed on {JAVA_SOURCE}: {' '.join(done.stderr.split())}")
        try:
            building.rename(final)
        except OSError:
            if not (final / f"{MAIN_CLASS}.class").is_file():
                raise
            # Another process finished the same build first; use that one.
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return final


def catalog_entries(catalog: PathLike) -> dict[str, Path]:
    """Read a Protégé XML catalog (``catalog-v001.xml``): IRI -> local file.

    Relative file names are resolved against the catalog's folder. Only ``<uri>`` entries are
    read (the only kind Protégé writes).

    Raises:
        DataError: if the catalog cannot be read or is not XML.

    Example:
        >>> from sovkg.resources import resource_dir
        >>> entries = catalog_entries(resource_dir("ontology") / "catalog-v001.xml")
        >>> entries["https://w3id.org/sovkg/ontology"].name
        'sovkg.ttl'
    """
    path = Path(catalog)
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ET.ParseError as exc:
        raise DataError(f"{path} is not an XML catalog: {exc}") from None
    entries: dict[str, Path] = {}
    for entry in root.iter(f"{_CATALOG_NS}uri"):
        name, target = entry.get("name"), entry.get("uri")
        if name and target:
            entries[name] = (path.parent / target).resolve()
    return entries


# --------------------------------------------------------------------------- checking


def check(
    document: PathLike,
    *,
    imports: Mapping[str, PathLike] | None = None,
    catalog: PathLike | None = None,
    reasoner: bool = True,
    compile_java: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> OwlCheckResult:
    """Load ``document`` with the OWL API, check the OWL 2 DL profile, then run HermiT.

    Args:
        document: an ontology file (RDF/XML, Turtle, OWL/XML, functional syntax ...).
        imports: IRI -> local file, for ``owl:imports`` (nothing else resolves).
        catalog: an XML catalog to read more such entries from; by default the
            ``catalog-v001.xml`` beside ``document``, if any.
        reasoner: run HermiT (consistency, classification); ``False`` for the profile only.
        compile_java: compile the program once into the cache (needs ``javac``); ``False``
            runs the source file directly (Java 11 or later).
        timeout: seconds before the check is stopped.

    Returns:
        The :class:`OwlCheckResult`.

    Raises:
        JavaUnavailableError: if Java or HermiT.jar is missing.
        OwlApiError: if the document does not load, or the program fails.
    """
    path = Path(document)
    if not path.is_file():
        raise OwlApiError(f"'{path}' is not a file")
    mapping: dict[str, Path] = {}
    beside = path.parent / CATALOG_FILE
    if catalog is not None or beside.is_file():
        mapping.update(catalog_entries(catalog if catalog is not None else beside))
    mapping.update({iri: Path(p).resolve() for iri, p in (imports or {}).items()})

    jar = hermit_jar()
    tools = java_tools()
    command = [tools.java, "-Djava.awt.headless=true"]
    if compile_java and tools.javac is not None:
        command += [
            "-cp",
            os.pathsep.join([str(jar), str(compiled_classes(tools, jar))]),
            MAIN_CLASS,
        ]
    else:
        command += ["-cp", str(jar), str(JAVA_SOURCE)]
    for iri, target in sorted(mapping.items()):
        command += ["--map", f"{iri}={target}"]
    if not reasoner:
        command.append("--no-reasoner")
    command.append(str(path.resolve()))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise OwlApiError(f"the OWL API check of {path} took more than {timeout:g} s") from None
    except OSError as exc:
        raise JavaUnavailableError(f"cannot run {tools.java}: {exc}") from None
    result = parse_output(done.stdout, str(path))
    if done.returncode == _LOAD_FAILED:
        reason = _first(done.stdout, "error") or " ".join(done.stderr.split())
        # The OWL API appends every parser's log; the first sentences say what went wrong.
        reason = reason.split(" See parser logs below")[0].split(" Detailed logs:")[0]
        raise OwlApiError(f"the OWL API cannot load {path}: {_shorten(reason)}")
    if done.returncode != 0:
        tail = " ".join(done.stderr.split())[-500:]
        raise OwlApiError(f"the OWL API check of {path} failed (exit {done.returncode}): {tail}")
    return result


def parse_output(text: str, document: str = "") -> OwlCheckResult:
    """Turn OwlCheck's ``KEY<TAB>VALUE`` lines into an :class:`OwlCheckResult`.

    Example:
        >>> lines = 'ontology\\t"urn:o"\\naxioms\\t3\\nconsistent\\ttrue\\nclassified\\ttrue\\n'
        >>> r = parse_output(lines)
        >>> (r.ontology_iri, r.axioms, r.consistent, r.classified, r.ok)
        ('urn:o', 3, True, True, True)
    """
    values: dict[str, object] = {}
    lists: dict[str, list[str]] = {
        "profile_violation": [],
        "unparsed_triple": [],
        "unsatisfiable": [],
    }
    millis: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition("\t")
        if not rest:
            continue
        if key == "millis":
            phase, _, value = rest.partition("\t")
            millis[json.loads(phase)] = int(value)
        elif key in lists:
            lists[key].append(json.loads(rest))
        else:
            values[key] = json.loads(rest)
    triples = values.get("triples")
    error = values.get("reasoner_error")
    return OwlCheckResult(
        document=document,
        ontology_iri=str(values.get("ontology", "")),
        format=str(values.get("format", "")),
        axioms=int(values.get("axioms", 0)),  # type: ignore[call-overload]
        logical_axioms=int(values.get("logical_axioms", 0)),  # type: ignore[call-overload]
        imports=int(values.get("imports", 0)),  # type: ignore[call-overload]
        closure_axioms=int(values.get("closure_axioms", 0)),  # type: ignore[call-overload]
        triples=int(triples) if isinstance(triples, int) else None,
        profile_violations=lists["profile_violation"],
        unparsed_triples=lists["unparsed_triple"],
        consistent=values.get("consistent") is True,
        classified=values.get("classified") is True,
        unsatisfiable=lists["unsatisfiable"],
        reasoner_error=str(error) if error is not None else None,
        millis=millis,
    )


def _shorten(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first(text: str, key: str) -> str | None:
    for line in text.splitlines():
        name, _, rest = line.partition("\t")
        if name == key and rest:
            return str(json.loads(rest))
    return None


def check_ontology(**kwargs: object) -> OwlCheckResult:
    """Check ``ontology/sovkg.ttl`` as it stands (Turtle, with its catalog).

    Takes the keyword arguments of :func:`check`.
    """
    from sovkg.resources import ontology_file

    return check(ontology_file(), **kwargs)  # type: ignore[arg-type]


def check_export(data_dir: PathLike | None = None, **kwargs: object) -> OwlCheckResult:
    """Check the merged RDF/XML export (ontology + data), as ``sovkg export --format xml``.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        **kwargs: the keyword arguments of :func:`check`.
    """
    from sovkg.export import export

    result = export("xml", data_dir)
    with tempfile.TemporaryDirectory(prefix="sovkg-owlapi-") as folder:
        path = Path(folder) / "sovkg.rdf"
        path.write_bytes(result.data)
        return check(path, **kwargs)  # type: ignore[arg-type]
