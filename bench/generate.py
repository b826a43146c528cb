"""Generate synthetic sovkg data of a given size, deterministic for a seed.

The synthetic graph grows the way the real one would as users add data: the delegates of every
congress with their mandates (republic, social category, party, voting rights, the term of the
mandate), the sessions of the Central Executive Committee between congresses, and autonomous
republics with their admission and their (time-bounded) membership of the Union. Every fact is
stated by a citation, laid out like the real data: the citation (``sov:Citation`` with a verbatim
``sov:quote``, ``sov:section`` and ``sov:sourceDocument``) in the default graph, the fact's triples
in the named graph of that citation, and every fact node carrying ``sov:citation``. The quotes
are the lines of a synthetic source document written beside the data
(``sources/synthetic-roster.txt``), whose SHA-256 the ``sov:SourceDocument`` records.

The output folder gets a copy of the real data (so the named queries still answer the real
facts) and ``synthetic.trig``; its size is the number of quads of all data files together. The
synthetic file is TriG, like the real data: rdflib 7.6's N-Quads parser empties a ``Dataset``'s
default graph each time it parses a file into it, so an ``.nq`` file would silently drop the
ontology and the citations from the rdflib baseline.

A delegate's mandate is an n-ary fact node, a ``sov:DelegateMandate`` (:data:`MANDATE_CLASS`):
``sov:delegate`` (the person), ``sov:congress``, ``sov:republic``, ``sov:category``,
``sov:affiliation``, ``sov:hasVotingRights``, ``sov:during`` (the term), ``sov:citation`` and an
``rdfs:label``.

Usage::

    python bench/generate.py --triples 100000 --seed 1 --out /tmp/sovkg-1e5
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOV = "https://w3id.org/sovkg/ontology#"
SK = "https://w3id.org/sovkg/id/"
CITE = SK + "citation/"
SRC = SK + "source/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
DCTERMS = "http://purl.org/dc/terms/"

MANDATE_CLASS = SOV + "DelegateMandate"
"""The class of a delegate mandate: ``sov:DelegateMandate`` once the ontology declares it."""
MANDATE_DELEGATE = SOV + "delegate"
"""The delegate of a mandate."""
MANDATE_REPUBLIC = SOV + "republic"
"""The republic a delegate was sent by (a property the ontology does not declare yet)."""

SYNTHETIC_FILE = "synthetic.trig"
"""The file of synthetic quads in the output folder."""
SOURCE_FILE = "synthetic-roster.txt"
"""The synthetic source document, in ``sources/`` of the output folder."""
RDF_SUFFIXES = (".trig", ".ttl", ".nt", ".nq")

CONGRESS_NAMES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
CONGRESS_OPENINGS = (
    dt.date(1922, 12, 30),
    dt.date(1924, 1, 26),
    dt.date(1925, 5, 13),
    dt.date(1927, 4, 18),
    dt.date(1929, 5, 20),
    dt.date(1931, 3, 8),
    dt.date(1935, 1, 28),
    dt.date(1936, 11, 25),
)
"""Where synthetic mandates and sessions are placed in time (synthetic data, not sourced facts)."""

REPUBLICS = (
    # (IRI local name, label in quotes, first congress it sends delegates to)
    ("RSFSR", "the RSFSR", 1),
    ("UkrainianSSR", "the Ukrainian SSR", 1),
    ("ByelorussianSSR", "the Byelorussian SSR", 1),
    ("TSFSR", "the Transcaucasian SFSR", 1),
    ("UzbekSSR", "the Uzbek SSR", 3),
    ("TurkmenSSR", "the Turkmen SSR", 3),
    ("TajikRepublic", "the Tadzhik SSR", 5),
)
SOCIAL_CATEGORIES = (
    ("cat-workers", "worker", 940),
    ("cat-peasants", "peasant", 473),
    ("cat-government-employees", "government employee", 609),
)
"""Social categories of voting delegates, weighted by the Seventh Congress's figures."""
ADVISORY_CATEGORY = ("cat-advisory", "in an advisory role")
ADVISORY_SHARE = 540 / (2022 + 540)
PARTIES = (
    ("CommunistParty", "member of the Communist Party", 1498),
    ("Komsomol", "member of the Komsomol", 99),
    (None, "independent", 425),
)
INITIALS = "ABDEFGIKLMNOPRSTVYZ"
SURNAMES = (
    "Abramov",
    "Alekseev",
    "Antonov",
    "Baranov",
    "Belov",
    "Bogdanov",
    "Borisov",
    "Vasiliev",
    "Volkov",
    "Gavrilov",
    "Grigoriev",
    "Davydov",
    "Egorov",
    "Zaitsev",
    "Ivanov",
    "Kovalenko",
    "Kozlov",
    "Kuznetsov",
    "Lebedev",
    "Makarov",
    "Mironov",
    "Morozov",
    "Nikitin",
    "Orlov",
    "Pavlov",
    "Petrenko",
    "Popov",
    "Romanov",
    "Semenov",
    "Sokolov",
    "Stepanov",
    "Tarasov",
    "Fedorov",
    "Frolov",
    "Kharitonov",
    "Tsvetkov",
    "Shevchenko",
    "Yakovlev",
    "Aliev",
    "Karimov",
    "Nazarov",
    "Rakhimov",
    "Gurbanov",
    "Mamedov",
    "Beridze",
    "Sargsyan",
    "Kalnins",
    "Lysenko",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MANDATES_PER_SESSION = 40
"""One session of the Central Executive Committee is generated per this many mandates."""
MANDATES_PER_REPUBLIC = 100
"""One autonomous republic and its membership of the Union are generated per this many mandates."""
ENDED_SHARE = 0.3
"""The share of synthetic memberships that end before 1937."""
ADMISSIONS = (dt.date(1923, 1, 1), dt.date(1936, 6, 30))
"""Synthetic admissions fall between these days."""
REUSE_SHARE = 0.25
"""The share of mandates held by a delegate who already had one (re-election)."""


# --------------------------------------------------------------------------- TriG writing

PREFIXES = {
    "sov": SOV,
    "sk": SK,
    "cite": CITE,
    "src": SRC,
    "xsd": XSD,
    "org": ORG,
    "dcterms": DCTERMS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")

HEADER = """\
# Synthetic sovkg data for benchmarks, written by bench/generate.py; not historical facts.
# Layout as in data/*.trig: citations in the default graph, each fact in its citation's graph.

"""
"""The comment that opens the synthetic file."""

Quad = tuple[str, str, str, "str | None"]
"""Subject, predicate, object and graph (``None``: the default graph), as TriG terms."""


def iri(value: str) -> str:
    """Return ``value`` as a TriG term: a prefixed name where one fits, else ``<value>``.

    ``rdf:type`` becomes ``a`` (it is only ever used as a predicate here).

    Example:
        >>> iri(SK + "congress-7"), iri(SK + "a/b")
        ('sk:congress-7', '<https://w3id.org/sovkg/id/a/b>')
    """
    if value == RDF_TYPE:
        return "a"
    for prefix, namespace in _BY_LENGTH:
        if value.startswith(namespace) and _LOCAL_NAME.fullmatch(value[len(namespace) :]):
            return f"{prefix}:{value[len(namespace) :]}"
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    """Return a TriG literal: plain (``xsd:string``), typed or language-tagged.

    Example:
        >>> lit('say "hi"', lang="en")
        '"say \\\\"hi\\\\""@en'
    """
    body = f'"{_escape(text)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^{iri(datatype)}"
    return body


def day_lit(day: dt.date) -> str:
    """Return a calendar day as the project's ``xsd:dateTime`` bound (the day's start)."""
    return lit(day.isoformat() + "T00:00:00", XSD + "dateTime")


def bool_lit(value: bool) -> str:
    """Return an ``xsd:boolean`` literal (TriG's ``true``/``false``)."""
    return "true" if value else "false"


def quad(s: str, p: str, o: str, g: str | None = None) -> Quad:
    """Return one quad (``g`` ``None`` for the default graph)."""
    return (s, p, o, g)


def trig(quads: list[Quad]) -> str:
    """Serialize ``quads`` as TriG in the order given, laid out like the real data files.

    Consecutive quads of one named graph share a ``graph { ... }`` block; default-graph triples
    stand outside blocks. Consecutive triples of one subject share it with ``;``, as in
    ``data/*.trig`` and as RDF serializers write Turtle and TriG.

    >>> text = trig([("sk:a", "a", "sov:Person", "cite:c"), ("sk:a", "sov:p", "1", "cite:c"),
    ...              ("cite:c", "a", "sov:Citation", None)])
    >>> print(text[text.index("cite:c {"):], end="")
    cite:c {
        sk:a a sov:Person ;
            sov:p 1 .
    }
    cite:c a sov:Citation .
    """
    out = [HEADER]
    out += [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items()]
    out.append("\n")
    current: str | None = None
    subject: str | None = None
    for s, p, o, g in quads:
        if g != current:
            out.append(" .\n" if subject is not None else "")
            subject = None
            if current is not None:
                out.append("}\n")
            if g is not None:
                out.append(f"\n{g} {{\n")
            current = g
        indent = "    " if g is not None else ""
        if s == subject:
            out.append(f" ;\n{indent}    {p} {o}")
        else:
            out.append(" .\n" if subject is not None else "")
            out.append(f"{indent}{s} {p} {o}")
            subject = s
    out.append(" .\n" if subject is not None else "")
    if current is not None:
        out.append("}\n")
    return "".join(out)


# --------------------------------------------------------------------------- time spans


@dataclass(frozen=True)
class Span:
    """A time span as the project models it: words, EDTF, precision and four day bounds.

    Attributes:
        text: the date in the words of the (synthetic) source.
        edtf: the EDTF string at the stated precision.
        precision: ``Day``, ``Month`` or ``Year`` (the coarsest part).
        begin: earliest and latest day of the beginning.
        end: earliest and latest day of the end, or ``None`` for an open end.
    """

    text: str
    edtf: str
    precision: str
    begin: tuple[dt.date, dt.date]
    end: tuple[dt.date, dt.date] | None

    def quads(self, node: str, graph: str) -> list[Quad]:
        """Return the span's quads (type, citation, words, EDTF, precision, bounds)."""
        lines = [
            quad(node, iri(RDF_TYPE), iri(SOV + "TimeSpan"), graph),
            quad(node, iri(SOV + "citation"), graph, graph),
            quad(node, iri(SOV + "dateText"), lit(self.text), graph),
            quad(node, iri(SOV + "edtf"), lit(self.edtf), graph),
            quad(node, iri(SOV + "precision"), iri(SOV + self.precision), graph),
            quad(node, iri(SOV + "beginOfBegin"), day_lit(self.begin[0]), graph),
            quad(node, iri(SOV + "endOfBegin"), day_lit(self.begin[1]), graph),
        ]
        if self.end is not None:
            lines.append(quad(node, iri(SOV + "beginOfEnd"), day_lit(self.end[0]), graph))
            lines.append(quad(node, iri(SOV + "endOfEnd"), day_lit(self.end[1]), graph))
        return lines


def spoken(day: dt.date) -> str:
    """Return a day as the sources write it: ``5 January 1935``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def mandate_span(elected: dt.date, ends: dt.date | None) -> Span:
    """Return a mandate's term: from the election day to the next congress's opening (or open)."""
    if ends is None:
        return Span(
            f"from {spoken(elected)}", f"{elected.isoformat()}/..", "Day", (elected, elected), None
        )
    return Span(
        f"from {spoken(elected)} to {spoken(ends)}",
        f"{elected.isoformat()}/{ends.isoformat()}",
        "Day",
        (elected, elected),
        (ends, ends),
    )


def dated_span(day: dt.date, precision: str) -> Span:
    """Return the span of a one-day event stated at ``precision`` (Day, Month or Year)."""
    if precision == "Day":
        return Span(f"on {spoken(day)}", day.isoformat(), "Day", (day, day), (day, day))
    if precision == "Month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        last = following - dt.timedelta(days=1)
        return Span(
            f"in {MONTHS[day.month - 1]} {day.year}",
            f"{day.year:04d}-{day.month:02d}",
            "Month",
            (first, last),
            (first, last),
        )
    first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return Span(f"in {day.year}", f"{day.year:04d}", "Year", (first, last), (first, last))


def membership_span(admission: Span, until: int | None) -> Span:
    """Return a membership from an admission to the end of year ``until`` (``None``: open)."""
    if until is None:
        return Span(
            f"admitted {admission.text}",
            f"{admission.edtf}/..",
            admission.precision,
            admission.begin,
            None,
        )
    first, last = dt.date(until, 1, 1), dt.date(until, 12, 31)
    return Span(
        f"admitted {admission.text}, a member until {until}",
        f"{admission.edtf}/{until:04d}",
        "Year",
        admission.begin,
        (first, last),
    )


# --------------------------------------------------------------------------- the generator


@dataclass(frozen=True)
class Report:
    """What :func:`generate` wrote.

    Attributes:
        real_quads: quads of the copied real data.
        synthetic_quads: quads of ``synthetic.trig``.
        mandates: delegate mandates generated.
        delegates: distinct delegates (people) generated.
        sessions: sessions of the Central Executive Committee generated.
        republics: autonomous republics (each with an admission and a membership) generated.
    """

    real_quads: int
    synthetic_quads: int
    mandates: int
    delegates: int
    sessions: int
    republics: int

    @property
    def quads(self) -> int:
        """All quads of the output folder's data files."""
        return self.real_quads + self.synthetic_quads


class _Roster:
    """Builds the synthetic facts and their quotes, one citation at a time."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.quotes: list[str] = []
        self.lines: list[Quad] = []
        self.people: list[tuple[str, str]] = []  # (IRI term, name)
        self.mandates = 0
        self.sessions = 0
        self.republics = 0
        self.source = iri(SRC + "synthetic")

    def _cite(self, local: str, section: str, quote: str) -> str:
        """Add a citation of ``quote`` (one line of the roster); return its IRI term."""
        node = iri(CITE + local)
        self.quotes.append(quote)
        self.lines += [
            quad(node, iri(RDF_TYPE), iri(SOV + "Citation")),
            quad(node, iri(SOV + "sourceDocument"), self.source),
            quad(node, iri(SOV + "section"), lit(section)),
            quad(node, iri(SOV + "quote"), lit(quote)),
        ]
        return node

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        if self.people and rng.random() < REUSE_SHARE:
            return self.people[rng.randrange(len(self.people))]
        name = f"{rng.choice(INITIALS)}. {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}"
        person = (iri(SK + f"syn-delegate-{len(self.people) + 1:06d}"), name)
        self.people.append(person)
        return person

    def mandate(self) -> None:
        """Add one delegate's mandate at the next congress in turn (round robin over 1-8)."""
        rng = self.rng
        number = self.mandates + 1
        congress = self.mandates % 8 + 1
        self.mandates = number
        republics = [r for r in REPUBLICS if r[2] <= congress]
        republic, republic_words, _ = rng.choice(republics)
        advisory = rng.random() < ADVISORY_SHARE
        if advisory:
            category, category_words = ADVISORY_CATEGORY
        else:
            category, category_words, _ = rng.choices(
                SOCIAL_CATEGORIES, weights=[c[2] for c in SOCIAL_CATEGORIES]
            )[0]
        party, party_words, _ = rng.choices(PARTIES, weights=[p[2] for p in PARTIES])[0]
        opening = CONGRESS_OPENINGS[congress - 1]
        elected = opening - dt.timedelta(days=rng.randint(5, 60))
        ends = CONGRESS_OPENINGS[congress] if congress < 8 else None
        person, name = self._person()
        rights = "in an advisory role" if advisory else "with voting rights"
        quote = (
            f"Mandate {number:06d}: {name}, delegate of {republic_words} to the "
            f"{CONGRESS_NAMES[congress - 1]} Congress, elected on {spoken(elected)}; "
            f"{category_words}; {party_words}; {rights}."
        )
        graph = self._cite(
            f"syn-mandate-{number:06d}",
            f"Delegates to the {CONGRESS_NAMES[congress - 1]} Congress",
            quote,
        )
        node = iri(SK + f"syn-mandate-{number:06d}")
        term = iri(SK + f"ts-syn-mandate-{number:06d}")
        self.lines += [
            quad(person, iri(RDF_TYPE), iri(SOV + "Person"), graph),
            quad(person, iri(RDFS_LABEL), lit(name, lang="en"), graph),
            quad(node, iri(RDF_TYPE), iri(MANDATE_CLASS), graph),
            quad(node, iri(RDFS_LABEL), lit(f"Mandate {number:06d} of {name}", lang="en"), graph),
            quad(node, iri(SOV + "citation"), graph, graph),
            quad(node, iri(MANDATE_DELEGATE), person, graph),
            quad(node, iri(SOV + "congress"), iri(SK + f"congress-{congress}"), graph),
            quad(node, iri(MANDATE_REPUBLIC), iri(SK + republic), graph),
            quad(node, iri(SOV + "category"), iri(SK + category), graph),
            quad(node, iri(SOV + "hasVotingRights"), bool_lit(not advisory), graph),
            quad(node, iri(SOV + "during"), term, graph),
        ]
        if party is not None:
            self.lines.append(quad(node, iri(SOV + "affiliation"), iri(SK + party), graph))
        self.lines += mandate_span(elected, ends).quads(term, graph)

    def session(self) -> None:
        """Add one session of the Central Executive Committee on a day between congresses."""
        rng = self.rng
        number = self.sessions + 1
        self.sessions = number
        after = rng.randrange(7)  # between congress after+1 and after+2
        start, stop = CONGRESS_OPENINGS[after], CONGRESS_OPENINGS[after + 1]
        day = start + dt.timedelta(days=rng.randint(1, (stop - start).days - 1))
        precision = rng.choices(("Day", "Month", "Year"), weights=(6, 3, 1))[0]
        span = dated_span(day, precision)
        quote = (
            f"Session {number:05d} of the Central Executive Committee met in Moscow {span.text}."
        )
        graph = self._cite(
            f"syn-session-{number:05d}", "Sessions of the Central Executive Committee", quote
        )
        node = iri(SK + f"syn-session-{number:05d}")
        term = iri(SK + f"ts-syn-session-{number:05d}")
        self.lines += [
            quad(node, iri(RDF_TYPE), iri(SOV + "Meeting"), graph),
            quad(node, iri(SOV + "citation"), graph, graph),
            quad(
                node,
                iri(RDFS_LABEL),
                lit(f"Session {number} of the Central Executive Committee", lang="en"),
                graph,
            ),
            quad(node, iri(SOV + "organ"), iri(SK + "CEC"), graph),
            quad(node, iri(SOV + "heldAt"), iri(SK + "Moscow"), graph),
            quad(node, iri(SOV + "during"), term, graph),
        ]
        self.lines += span.quads(term, graph)

    def republic(self) -> None:
        """Add an autonomous republic, its admission to the Union and its membership."""
        rng = self.rng
        number = self.republics + 1
        self.republics = number
        start, stop = ADMISSIONS
        day = start + dt.timedelta(days=rng.randint(0, (stop - start).days))
        admission = dated_span(day, rng.choices(("Day", "Month", "Year"), weights=(3, 3, 4))[0])
        until = rng.randint(day.year + 1, 1937) if rng.random() < ENDED_SHARE else None
        span = membership_span(admission, until)
        name = f"Autonomous Republic {number:04d}"
        ending = f", and was a member until {until}" if until is not None else ""
        quote = f"The {name} was admitted to the Union {admission.text}{ending}."
        graph = self._cite(f"syn-republic-{number:04d}", "Autonomous republics", quote)
        local = f"syn-republic-{number:04d}"
        republic, event, member = (
            iri(SK + local),
            iri(SK + f"admission-{local}"),
            iri(SK + f"membership-{local}"),
        )
        admitted, during = iri(SK + f"ts-admission-{local}"), iri(SK + f"ts-membership-{local}")
        self.lines += [
            quad(republic, iri(RDF_TYPE), iri(SOV + "AutonomousRepublic"), graph),
            quad(republic, iri(RDFS_LABEL), lit(name, lang="en"), graph),
            quad(event, iri(RDF_TYPE), iri(SOV + "Admission"), graph),
            quad(event, iri(SOV + "citation"), graph, graph),
            quad(event, iri(RDFS_LABEL), lit(f"Admission of the {name}", lang="en"), graph),
            quad(event, iri(SOV + "admitted"), republic, graph),
            quad(event, iri(SOV + "actor"), iri(SK + "CongressOfSoviets"), graph),
            quad(event, iri(SOV + "during"), admitted, graph),
            quad(member, iri(RDF_TYPE), iri(SOV + "Membership"), graph),
            quad(member, iri(SOV + "citation"), graph, graph),
            quad(member, iri(SOV + "member"), republic, graph),
            quad(member, iri(SOV + "memberOf"), iri(SK + "USSR"), graph),
            quad(member, iri(SOV + "role"), iri(SOV + "AutonomousRepublicRole"), graph),
            quad(member, iri(SOV + "admittedBy"), event, graph),
            quad(member, iri(SOV + "memberDuring"), during, graph),
        ]
        self.lines += admission.quads(admitted, graph) + span.quads(during, graph)

    def source_quads(self, text: bytes) -> list[Quad]:
        """Return the quads describing the synthetic source document whose bytes are ``text``."""
        node = self.source
        return [
            quad(node, iri(RDF_TYPE), iri(SOV + "SourceDocument")),
            quad(node, iri(RDFS_LABEL), lit("Synthetic source: delegate roster", lang="en")),
            quad(node, iri(DCTERMS + "title"), lit("Synthetic delegate roster (benchmark)")),
            quad(node, iri(DCTERMS + "identifier"), lit("synthetic-roster")),
            quad(node, iri(SOV + "fileName"), lit(SOURCE_FILE)),
            quad(node, iri(SOV + "sha256"), lit(hashlib.sha256(text).hexdigest())),
        ]


def synthetic(quads: int, seed: int) -> tuple[list[Quad], bytes, _Roster]:
    """Build about ``quads`` synthetic quads (never fewer, at most one fact more).

    Args:
        quads: how many quads to produce; 0 gives none.
        seed: the random seed; the same seed gives the same lines.

    Returns:
        The quads in writing order, the bytes of the synthetic source document, and the roster
        (its counts).
    """
    roster = _Roster(seed)
    if quads <= 0:
        return [], b"", roster
    header = len(roster.source_quads(b""))
    while len(roster.lines) + header < quads:
        roster.mandate()
        if roster.mandates % MANDATES_PER_SESSION == 0:
            roster.session()
        if roster.mandates % MANDATES_PER_REPUBLIC == 0:
            roster.republic()
    text = "".join(q + "\n" for q in roster.quotes).encode("utf-8")
    return roster.source_quads(text) + roster.lines, text, roster


def real_files(data: Path) -> list[Path]:
    """Return the RDF files of the real data folder, sorted by name."""
    return sorted(p for p in data.iterdir() if p.suffix in RDF_SUFFIXES and p.is_file())


def count_quads(files: list[Path]) -> int:
    """Return the number of distinct quads in ``files`` (parsed with pyoxigraph)."""
    import pyoxigraph as ox

    formats = {
        ".trig": ox.RdfFormat.TRIG,
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
    }
    store = ox.Store()
    for path in files:
        store.load(path=str(path), format=formats[path.suffix])
    return len(store)


def generate(triples: int, seed: int, out: Path, real_data: Path | None = None) -> Report:
    """Write a data folder of about ``triples`` quads: the real data plus synthetic facts.

    Args:
        triples: the target size (all data files together); below the real data's size, the
            folder holds the real data only.
        seed: the random seed; the same seed gives byte-identical files.
        out: the output folder; created if missing; its RDF files and ``sources/`` are replaced.
        real_data: the real data folder; ``None`` for sovkg's data folder.

    Returns:
        The counts of what was written.
    """
    if real_data is None:
        from sovkg.resources import data_dir

        real_data = data_dir()
    out.mkdir(parents=True, exist_ok=True)
    for old in real_files(out):
        old.unlink()
    if (out / "sources").is_dir():
        shutil.rmtree(out / "sources")
    (out / "sources").mkdir()
    copied = []
    for path in real_files(real_data):
        shutil.copyfile(path, out / path.name)
        copied.append(out / path.name)
    if (real_data / "sources").is_dir():
        for path in sorted((real_data / "sources").iterdir()):
            if path.is_file():
                shutil.copyfile(path, out / "sources" / path.name)
    real = count_quads(copied)
    lines, text, roster = synthetic(triples - real, seed)
    if lines:
        _write(out / "sources" / SOURCE_FILE, text)
        _write(out / SYNTHETIC_FILE, trig(lines).encode("utf-8"))
    return Report(
        real, len(lines), roster.mandates, len(roster.people), roster.sessions, roster.republics
    )


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def iter_sizes(max_triples: int) -> Iterator[int]:
    """Yield 10^3, 10^4, ... up to ``max_triples`` (and ``max_triples`` itself if not a power)."""
    size = 1000
    while size <= max_triples:
        yield size
        size *= 10
    if size // 10 != max_triples and max_triples > 1000:
        yield max_triples


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="target size in quads")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output data folder")
    args = parser.parse_args(argv)
    if args.triples < 0:
        parser.error("--triples must not be negative")
    report = generate(args.triples, args.seed, args.out)
    print(
        f"{args.out}: {report.quads} quads ({report.real_quads} real, "
        f"{report.synthetic_quads} synthetic: {report.mandates} mandates of "
        f"{report.delegates} delegates, {report.sessions} sessions, "
        f"{report.republics} autonomous republics)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
