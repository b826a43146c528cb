"""The facts of the two source documents, each with its exact expected value and citation.

Written by reading ``data/sources/000_3c924279c8fa2842.txt`` (d000, the article on the All-Union
Congress of Soviets) and ``data/sources/002_eb65001f0a15f11b.txt`` (d002, the article on the
Seventh Congress) sentence by sentence. Each :class:`Fact` says: the subject's values for the
predicate, over all the data's named graphs together, are exactly these (no more, no fewer), and
each value is stated in the named graphs of exactly the citations given for it (for ``rdf:type``,
which the data repeats in every graph that mentions a node: at least in those). ``inverse=True``
turns a fact around: the subjects that have ``predicate`` -> ``node`` are exactly these.

Citations are written as their local names (``d000-s13`` is ``cite:d000-s13``): ``d000-sNN`` is
the NNth sentence of d000, ``d000-hN`` the heading of its Nth congress, ``d000-pN`` its Nth power;
``d002-tNN`` is the NNth infobox line or sentence of d002, ``d002-aN`` its Nth agenda item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from sovkg.namespaces import CITE, SK, SOV

Value = ox.NamedNode | ox.Literal
"""An expected object (or, for an inverse fact, subject)."""

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SKOS_IN_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
ORG_ORIGINAL = ox.NamedNode("http://www.w3.org/ns/org#originalOrganization")
ORG_RESULTING = ox.NamedNode("http://www.w3.org/ns/org#resultingOrganization")


def sov(term: str) -> ox.NamedNode:
    """Return an ontology term; a misspelt name fails (``SOV`` is a closed namespace)."""
    return ox.NamedNode(str(getattr(SOV, term)))


def sk(name: str) -> ox.NamedNode:
    """Return an individual of the data (``sk:name``)."""
    return ox.NamedNode(str(SK[name]))


def cite(name: str) -> ox.NamedNode:
    """Return a citation (the name of the graph that holds its facts)."""
    return ox.NamedNode(str(CITE[name]))


def en(text: str) -> ox.Literal:
    """An English string."""
    return ox.Literal(text, language="en")


def ru(text: str) -> ox.Literal:
    """A Russian string."""
    return ox.Literal(text, language="ru")


def txt(text: str) -> ox.Literal:
    """A plain string."""
    return ox.Literal(text)


def integer(value: int) -> ox.Literal:
    """An ``xsd:integer``."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def boolean(value: bool) -> ox.Literal:
    """An ``xsd:boolean``."""
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))


def day(iso: str) -> ox.Literal:
    """A date bound: the calendar day ``iso`` as the ``xsd:dateTime`` of its start."""
    return ox.Literal(f"{iso}T00:00:00", datatype=ox.NamedNode(XSD + "dateTime"))


# --------------------------------------------------------------------------- named individuals

CONGRESS_1, CONGRESS_2, CONGRESS_3, CONGRESS_4 = (sk(f"congress-{n}") for n in (1, 2, 3, 4))
CONGRESS_5, CONGRESS_6, CONGRESS_7, CONGRESS_8 = (sk(f"congress-{n}") for n in (5, 6, 7, 8))
CONGRESSES = (
    CONGRESS_1,
    CONGRESS_2,
    CONGRESS_3,
    CONGRESS_4,
    CONGRESS_5,
    CONGRESS_6,
    CONGRESS_7,
    CONGRESS_8,
)
TS_CONGRESS_1 = sk("ts-congress-1")
TS_CONGRESS_2 = sk("ts-congress-2")
TS_CONGRESS_3 = sk("ts-congress-3")
TS_CONGRESS_4 = sk("ts-congress-4")
TS_CONGRESS_7_D000 = sk("ts-congress-7-d000")
TS_CONGRESS_7_D002 = sk("ts-congress-7-d002")
TS_CONGRESS_8_D000 = sk("ts-congress-8-d000")
TS_CONGRESS_8_D002 = sk("ts-congress-8-d002")

CONGRESS_OF_SOVIETS = sk("CongressOfSoviets")
CEC = sk("CEC")
PRESIDIUM = sk("Presidium")
SUPREME_SOVIET = sk("SupremeSoviet")
CONSTITUTIONAL_COMMISSION = sk("ConstitutionalCommission")
COUNCIL_OF_PEOPLES_COMMISSARS = sk("CouncilOfPeoplesCommissars")
COMMISSARIAT_HEAVY_INDUSTRY = sk("CommissariatHeavyIndustry")
COMMUNIST_PARTY = sk("CommunistParty")
CENTRAL_COMMITTEE = sk("CentralCommittee")
KOMSOMOL = sk("Komsomol")
USSR = sk("USSR")
MOSCOW = sk("Moscow")

RSFSR = sk("RSFSR")
UKRAINIAN_SSR = sk("UkrainianSSR")
BYELORUSSIAN_SSR = sk("ByelorussianSSR")
TSFSR = sk("TSFSR")
AZERBAIJAN_SSR = sk("AzerbaijanSSR")
GEORGIA = sk("Georgia")
ARMENIA = sk("Armenia")
UZBEK_SSR = sk("UzbekSSR")
TURKMEN_SSR = sk("TurkmenSSR")
TAJIK_REPUBLIC = sk("TajikRepublic")

KALININ = sk("Kalinin")
STALIN = sk("Stalin")
LENIN = sk("Lenin")
MOLOTOV = sk("Molotov")
ORDZHONIKIDZE = sk("Ordzhonikidze")
CHERNOV = sk("Chernov")
KALMANOVICH = sk("Kalmanovich")
YENUKIDZE = sk("Yenukidze")

TREATY = sk("TreatyOnCreation")
CONSTITUTION_1924 = sk("Constitution1924")
CONSTITUTION_1936 = sk("Constitution1936")
REPLACEMENT = sk("replacement-1936")
PLENUM = sk("plenum-cc-1935")

POWERS = tuple(sk(f"power-{n}") for n in range(1, 10))
AGENDA_7 = tuple(sk(f"agenda-7-{n}") for n in range(1, 7))
FOUNDING_MEMBERSHIPS = {
    RSFSR: sk("membership-rsfsr"),
    UKRAINIAN_SSR: sk("membership-ukrainian-ssr"),
    BYELORUSSIAN_SSR: sk("membership-byelorussian-ssr"),
    TSFSR: sk("membership-tsfsr"),
}
MEMBERSHIP_UZBEK = sk("membership-uzbek-ssr")
MEMBERSHIP_TURKMEN = sk("membership-turkmen-ssr")
MEMBERSHIP_TAJIK_AUTONOMOUS = sk("membership-tajik-autonomous")
MEMBERSHIP_TAJIK_UNION = sk("membership-tajik-union")

UNION_REPUBLIC = sov("UnionRepublic")
AUTONOMOUS_ROLE = sov("AutonomousRepublicRole")
DAY, MONTH, YEAR, RELATIVE = sov("Day"), sov("Month"), sov("Year"), sov("Relative")

# --------------------------------------------------------------------------- the fact type


@dataclass(frozen=True)
class Fact:
    """One fact: ``subject predicate value`` for exactly ``values``, each in its citations.

    Attributes:
        id: a readable test id, such as ``congress-3-edtf``.
        subject: the node the fact is about (for an inverse fact, the object).
        predicate: the property.
        values: every expected value, each mapped to the citations (local names) whose named
            graphs must state it. Empty: the sources give no value, so the graph must have none.
        inverse: if ``True``, ``values`` are the subjects ``?x`` of ``?x predicate subject``.
        note: for an empty fact, the citation that shows the source is silent.
    """

    id: str
    subject: ox.NamedNode
    predicate: ox.NamedNode
    values: Mapping[Value, tuple[str, ...]]
    inverse: bool = False
    note: tuple[str, ...] = field(default=())


def fact(
    id: str,
    subject: ox.NamedNode,
    predicate: ox.NamedNode,
    *values: Value,
    cite: tuple[str, ...] | str,
    inverse: bool = False,
) -> Fact:
    """A fact whose every value is stated by the same citations."""
    cites = (cite,) if isinstance(cite, str) else cite
    if not values:
        return Fact(id, subject, predicate, {}, inverse, cites)
    return Fact(id, subject, predicate, {v: cites for v in values}, inverse)


def facts_by_value(
    id: str,
    subject: ox.NamedNode,
    predicate: ox.NamedNode,
    values: Mapping[Value, tuple[str, ...] | str],
    *,
    inverse: bool = False,
) -> Fact:
    """A fact whose values come from different citations."""
    return Fact(
        id,
        subject,
        predicate,
        {v: ((c,) if isinstance(c, str) else c) for v, c in values.items()},
        inverse,
    )


def time_span(
    prefix: str,
    node: ox.NamedNode,
    *,
    text: str | None,
    edtf: str,
    precision: ox.NamedNode,
    bounds: tuple[str, str, str | None, str | None],
    cite: tuple[str, ...] | str,
    bound_cites: tuple[tuple[str, ...], ...] | None = None,
) -> list[Fact]:
    """The facts of one time span: its text, EDTF, precision and four bounds.

    ``bounds`` are begin-of-begin, end-of-begin, begin-of-end, end-of-end (``None``: open end,
    so no value); ``bound_cites`` gives each bound its own citations where they differ.
    """
    cites = (cite,) if isinstance(cite, str) else cite
    facts = [
        fact(f"{prefix}-edtf", node, sov("edtf"), txt(edtf), cite=cites),
        fact(f"{prefix}-precision", node, sov("precision"), precision, cite=cites),
    ]
    if text is not None:
        facts.append(fact(f"{prefix}-date-text", node, sov("dateText"), txt(text), cite=cites))
    names = ("beginOfBegin", "endOfBegin", "beginOfEnd", "endOfEnd")
    for index, (name, bound) in enumerate(zip(names, bounds, strict=True)):
        where = bound_cites[index] if bound_cites else cites
        values = (day(bound),) if bound is not None else ()
        facts.append(fact(f"{prefix}-{name}", node, sov(name), *values, cite=where))
    return facts


# --------------------------------------------------------------------------- congresses

CONGRESS_LABELS = (
    "First All-Union Congress of Soviets",
    "Second Congress of the Soviets of the USSR",
    "Third Congress of Soviets of the USSR",
    "Fourth Congress of Soviets of the USSR",
    "Fifth Congress of Soviets of the USSR",
    "Sixth Congress of Soviets of the USSR",
    "Seventh Congress of Soviets of the USSR",
    "Eighth Congress of Soviets of the USSR",
)
"""The headings of d000's section "Congresses", in order: each names one congress."""

_INFOBOX_PREVIOUS = {7: "d002-t02", 8: "d002-t03"}
_INFOBOX_NEXT = {6: "d002-t02", 7: "d002-t03"}
_INFOBOX_BODY = {7: "d002-t04"}


def _congress_facts() -> list[Fact]:
    facts: list[Fact] = []
    for number, (node, label) in enumerate(zip(CONGRESSES, CONGRESS_LABELS, strict=True), 1):
        heading = f"d000-h{number}"
        prefix = f"congress-{number}"
        facts += [
            fact(f"{prefix}-type", node, RDF_TYPE, sov("Congress"), cite=heading),
            fact(f"{prefix}-ordinal", node, sov("ordinal"), integer(number), cite=heading),
            fact(f"{prefix}-label", node, RDFS_LABEL, en(label), cite=heading),
            fact(
                f"{prefix}-session-of",
                node,
                sov("sessionOf"),
                CONGRESS_OF_SOVIETS,
                cite=(heading, *([_INFOBOX_BODY[number]] if number in _INFOBOX_BODY else [])),
            ),
        ]
        if number > 1:
            cites = (heading, *([_INFOBOX_PREVIOUS[number]] if number in _INFOBOX_PREVIOUS else []))
            facts.append(
                fact(
                    f"{prefix}-previous",
                    node,
                    sov("previousCongress"),
                    CONGRESSES[number - 2],
                    cite=cites,
                )
            )
        else:
            facts.append(fact(f"{prefix}-previous", node, sov("previousCongress"), cite=heading))
        if number < 8:
            cites = (heading, *([_INFOBOX_NEXT[number]] if number in _INFOBOX_NEXT else []))
            facts.append(
                fact(f"{prefix}-next", node, sov("nextCongress"), CONGRESSES[number], cite=cites)
            )
        else:
            facts.append(fact(f"{prefix}-next", node, sov("nextCongress"), cite=heading))
    return facts


CONGRESS_FACTS: list[Fact] = [
    *_congress_facts(),
    # First Congress: "held on 30 December 1922 in Moscow with delegates from ..."
    fact("congress-1-during", CONGRESS_1, sov("during"), TS_CONGRESS_1, cite="d000-s13"),
    *time_span(
        "congress-1",
        TS_CONGRESS_1,
        text="30 December 1922",
        edtf="1922-12-30",
        precision=DAY,
        bounds=("1922-12-30",) * 4,
        cite="d000-s13",
    ),
    fact("congress-1-place", CONGRESS_1, sov("heldAt"), MOSCOW, cite="d000-s13"),
    fact(
        "congress-1-delegates-from",
        CONGRESS_1,
        sov("delegatesFrom"),
        RSFSR,
        UKRAINIAN_SSR,
        TSFSR,
        BYELORUSSIAN_SSR,
        cite="d000-s13",
    ),
    # Second Congress: "held in January 1924"
    fact("congress-2-during", CONGRESS_2, sov("during"), TS_CONGRESS_2, cite="d000-s15"),
    *time_span(
        "congress-2",
        TS_CONGRESS_2,
        text="January 1924",
        edtf="1924-01",
        precision=MONTH,
        bounds=("1924-01-01", "1924-01-31", "1924-01-01", "1924-01-31"),
        cite="d000-s15",
    ),
    fact("congress-2-place", CONGRESS_2, sov("heldAt"), cite="d000-s15"),
    fact("congress-2-honoured-lenin", CONGRESS_2, sov("honoured"), LENIN, cite="d000-s20"),
    # Third and Fourth: years only
    fact("congress-3-during", CONGRESS_3, sov("during"), TS_CONGRESS_3, cite="d000-s21"),
    *time_span(
        "congress-3",
        TS_CONGRESS_3,
        text="1925",
        edtf="1925",
        precision=YEAR,
        bounds=("1925-01-01", "1925-12-31", "1925-01-01", "1925-12-31"),
        cite="d000-s21",
    ),
    fact("congress-4-during", CONGRESS_4, sov("during"), TS_CONGRESS_4, cite="d000-s22"),
    *time_span(
        "congress-4",
        TS_CONGRESS_4,
        text="1927",
        edtf="1927",
        precision=YEAR,
        bounds=("1927-01-01", "1927-12-31", "1927-01-01", "1927-12-31"),
        cite="d000-s22",
    ),
    # Fifth and Sixth: the sources give headings only, no date, no place
    fact("congress-5-no-date", CONGRESS_5, sov("during"), cite="d000-h5"),
    fact("congress-6-no-date", CONGRESS_6, sov("during"), cite="d000-h6"),
    fact("congress-5-no-place", CONGRESS_5, sov("heldAt"), cite="d000-h5"),
    fact(
        "congress-6-alt-label",
        CONGRESS_6,
        SKOS_ALT,
        en("Sixth All-Union Congress of Soviets"),
        cite="d002-t02",
    ),
    # Seventh: two date claims, one per source
    facts_by_value(
        "congress-7-during",
        CONGRESS_7,
        sov("during"),
        {
            TS_CONGRESS_7_D000: "d000-s23",
            TS_CONGRESS_7_D002: ("d002-t05", "d002-t06", "d002-t09", "d002-t21"),
        },
    ),
    *time_span(
        "congress-7-d000",
        TS_CONGRESS_7_D000,
        text="February 1935",
        edtf="1935-02",
        precision=MONTH,
        bounds=("1935-02-01", "1935-02-28", "1935-02-01", "1935-02-28"),
        cite="d000-s23",
    ),
    *time_span(
        "congress-7-d002",
        TS_CONGRESS_7_D002,
        text="from the 28th of January to the 6th of February, 1935",
        edtf="1935-01-28/1935-02-06",
        precision=DAY,
        bounds=("1935-01-28", "1935-01-28", "1935-02-06", "1935-02-06"),
        cite="d002-t09",
        bound_cites=(
            ("d002-t06", "d002-t09"),
            ("d002-t06", "d002-t09"),
            ("d002-t05", "d002-t09", "d002-t21"),
            ("d002-t05", "d002-t09", "d002-t21"),
        ),
    ),
    fact("congress-7-place", CONGRESS_7, sov("heldAt"), MOSCOW, cite=("d002-t07", "d002-t09")),
    fact(
        "congress-7-alt-label",
        CONGRESS_7,
        SKOS_ALT,
        en("Seventh All-Union Congress of Soviets"),
        cite="d002-t01",
    ),
    fact(
        "congress-7-controlled-by",
        CONGRESS_7,
        sov("controlledBy"),
        COMMUNIST_PARTY,
        cite="d002-t08",
    ),
    fact(
        "congress-7-not-marked-extraordinary", CONGRESS_7, sov("isExtraordinary"), cite="d002-t09"
    ),
    # Eighth: Extraordinary; November-December 1936 (d000) and 1936 (d002)
    fact(
        "congress-8-extraordinary",
        CONGRESS_8,
        sov("isExtraordinary"),
        boolean(True),
        cite=("d000-s26", "d002-t20"),
    ),
    facts_by_value(
        "congress-8-alt-labels",
        CONGRESS_8,
        SKOS_ALT,
        {
            en("Eighth All-Union Congress of Soviets"): "d002-t03",
            en("Extraordinary Eighth Congress of Soviets of the USSR"): "d000-s26",
            en("Extraordinary Eighth All-Union Congress of Soviets"): "d002-t20",
        },
    ),
    facts_by_value(
        "congress-8-during",
        CONGRESS_8,
        sov("during"),
        {
            TS_CONGRESS_8_D000: "d000-s26",
            TS_CONGRESS_8_D002: "d002-t20",
        },
    ),
    *time_span(
        "congress-8-d000",
        TS_CONGRESS_8_D000,
        text="from November 1936 to December 1936",
        edtf="1936-11/1936-12",
        precision=MONTH,
        bounds=("1936-11-01", "1936-11-30", "1936-12-01", "1936-12-31"),
        cite="d000-s26",
    ),
    *time_span(
        "congress-8-d002",
        TS_CONGRESS_8_D002,
        text="1936",
        edtf="1936",
        precision=YEAR,
        bounds=("1936-01-01", "1936-12-31", "1936-01-01", "1936-12-31"),
        cite="d002-t20",
    ),
    fact("moscow-label", MOSCOW, RDFS_LABEL, en("Moscow"), cite="d000-s13"),
    fact("moscow-located-in", MOSCOW, sov("locatedIn"), RSFSR, USSR, cite=("d002-t07", "d002-t09")),
]

# --------------------------------------------------------------------------- bodies

_BODY_SPAN = sk("ts-congress-body")
_FOUNDATION_OF_CONGRESS = sk("foundation-of-congress")

BODY_FACTS: list[Fact] = [
    facts_by_value(
        "congress-body-labels",
        CONGRESS_OF_SOVIETS,
        RDFS_LABEL,
        {
            en("All-Union Congress of Soviets"): "d000-s01",
            ru("Всесоюзный съезд Советов"): "d000-s01",
        },
    ),
    fact(
        "congress-body-romanization",
        CONGRESS_OF_SOVIETS,
        sov("romanization"),
        txt('Vsesoyuznyy s"yezd Sovetov'),
        cite="d000-s01",
    ),
    facts_by_value(
        "congress-body-alt-labels",
        CONGRESS_OF_SOVIETS,
        SKOS_ALT,
        {
            en("Congress of Soviets"): "d000-s02",
            en("All-Union Congress"): "d000-s03",
            en("Congress of Soviets of the Soviet Union"): ("d000-s09", "d002-t04"),
        },
    ),
    fact(
        "congress-body-supreme-body-of",
        CONGRESS_OF_SOVIETS,
        sov("supremeBodyOf"),
        USSR,
        cite="d000-s01",
    ),
    fact(
        "congress-body-existed-during",
        CONGRESS_OF_SOVIETS,
        sov("existedDuring"),
        _BODY_SPAN,
        cite="d000-s01",
    ),
    *time_span(
        "congress-body-tenure",
        _BODY_SPAN,
        text="from its formation (30 December 1922) until the adoption of its second "
        "constitution in 1936",
        edtf="1922-12-30/1936",
        precision=YEAR,
        bounds=("1922-12-30", "1922-12-30", "1936-01-01", "1936-12-31"),
        cite="d000-s01",
    ),
    fact(
        "congress-body-formation",
        _FOUNDATION_OF_CONGRESS,
        ORG_RESULTING,
        CONGRESS_OF_SOVIETS,
        cite="d000-s01",
    ),
    facts_by_value(
        "congress-body-formation-dates",
        _FOUNDATION_OF_CONGRESS,
        sov("during"),
        {
            sk("ts-1922-12-30-d000"): "d000-s01",
            sk("ts-1922-d000"): "d000-s04",
        },
    ),
    fact(
        "congress-body-formation-day",
        sk("ts-1922-12-30-d000"),
        sov("edtf"),
        txt("1922-12-30"),
        cite="d000-s01",
    ),
    fact(
        "congress-body-formation-year",
        sk("ts-1922-d000"),
        sov("edtf"),
        txt("1922"),
        cite="d000-s04",
    ),
    fact("congress-body-elects-cec", CONGRESS_OF_SOVIETS, sov("elects"), CEC, cite="d000-s02"),
    facts_by_value(
        "congress-body-functions",
        CONGRESS_OF_SOVIETS,
        sov("function"),
        {
            txt("determined the general direction of all public bodies"): "d000-s02",
            txt(
                "composed of representatives from the councils of all the Soviet republics"
            ): "d000-s09",
        },
    ),
    fact(
        "cec-label",
        CEC,
        RDFS_LABEL,
        en("Central Executive Committee of the Soviet Union"),
        cite=("d000-s02", "d002-t12"),
    ),
    fact(
        "cec-alt-label", CEC, SKOS_ALT, en("All-Union Central Executive Committee"), cite="d000-s25"
    ),
    fact("cec-elected-by", CEC, sov("electedBy"), CONGRESS_OF_SOVIETS, cite="d000-s02"),
    fact("cec-accountable-to", CEC, sov("accountableTo"), CONGRESS_OF_SOVIETS, cite="d000-s02"),
    fact("cec-holds-powers-of", CEC, sov("holdsPowersOf"), CONGRESS_OF_SOVIETS, cite="d000-s02"),
    fact(
        "cec-function",
        CEC,
        sov("function"),
        txt("held the powers of the Congress when the Congress was not in session"),
        cite="d000-s02",
    ),
    fact(
        "cec-elected-at-congress-7",
        CEC,
        sov("electionAt"),
        CONGRESS_7,
        cite=("d002-t12", "d002-a6"),
    ),
    fact(
        "presidium-label", PRESIDIUM, RDFS_LABEL, en("Presidium of the Congress"), cite="d000-s12"
    ),
    fact("presidium-of", PRESIDIUM, sov("presidiumOf"), CONGRESS_OF_SOVIETS, cite="d000-s12"),
    fact(
        "chairman-post-label",
        sk("post-chairman-presidium"),
        RDFS_LABEL,
        en("Chairman of the Presidium of the Congress"),
        cite="d000-s12",
    ),
    fact(
        "chairman-post-in", sk("post-chairman-presidium"), sov("postIn"), PRESIDIUM, cite="d000-s12"
    ),
    fact(
        "chairman-only-holding",
        sk("post-chairman-presidium"),
        sov("post"),
        sk("holding-kalinin-chairman"),
        cite="d000-s12",
        inverse=True,
    ),
    fact("kalinin-label", KALININ, RDFS_LABEL, en("Mikhail Kalinin"), cite="d000-s12"),
    fact("kalinin-holder", sk("holding-kalinin-chairman"), sov("holder"), KALININ, cite="d000-s12"),
    fact(
        "kalinin-only-chairman",
        sk("holding-kalinin-chairman"),
        sov("isOnlyHolder"),
        boolean(True),
        cite="d000-s12",
    ),
    facts_by_value(
        "supreme-soviet-names",
        SUPREME_SOVIET,
        RDFS_LABEL,
        {
            en("Supreme Soviet of the Soviet Union"): "d000-s26",
        },
    ),
    fact(
        "supreme-soviet-alt-label", SUPREME_SOVIET, SKOS_ALT, en("Supreme Soviet"), cite="d000-s03"
    ),
    fact(
        "replacement-type",
        REPLACEMENT,
        RDF_TYPE,
        sov("Replacement"),
        cite=("d000-s01", "d000-s03", "d000-s26"),
    ),
    fact(
        "replacement-original",
        REPLACEMENT,
        ORG_ORIGINAL,
        CONGRESS_OF_SOVIETS,
        cite=("d000-s01", "d000-s03", "d000-s26"),
    ),
    fact(
        "replacement-resulting",
        REPLACEMENT,
        ORG_RESULTING,
        SUPREME_SOVIET,
        cite=("d000-s03", "d000-s26"),
    ),
    fact(
        "replacement-transfers-powers",
        REPLACEMENT,
        sov("transfersPowersTo"),
        SUPREME_SOVIET,
        cite="d000-s26",
    ),
    facts_by_value(
        "replacement-effected-by",
        REPLACEMENT,
        sov("effectedBy"),
        {
            CONSTITUTION_1936: ("d000-s01", "d000-s03"),
            CONGRESS_8: "d000-s26",
        },
    ),
    fact("replacement-during", REPLACEMENT, sov("during"), sk("ts-1936-d000"), cite="d000-s01"),
    *time_span(
        "replacement",
        sk("ts-1936-d000"),
        text="1936",
        edtf="1936",
        precision=YEAR,
        bounds=("1936-01-01", "1936-12-31", "1936-01-01", "1936-12-31"),
        cite="d000-s01",
    ),
    fact(
        "commission-label",
        CONSTITUTIONAL_COMMISSION,
        RDFS_LABEL,
        en("Constitutional Commission"),
        cite="d002-t12",
    ),
    fact(
        "commission-members",
        CONSTITUTIONAL_COMMISSION,
        sov("memberCount"),
        integer(31),
        cite="d002-t19",
    ),
    fact(
        "commission-created-during",
        CONSTITUTIONAL_COMMISSION,
        sov("createdDuring"),
        CONGRESS_7,
        cite="d002-t12",
    ),
    fact(
        "commission-elected-by",
        CONSTITUTIONAL_COMMISSION,
        sov("electedBy"),
        PLENUM,
        cite="d002-t19",
    ),
    facts_by_value(
        "commission-functions",
        CONSTITUTIONAL_COMMISSION,
        sov("function"),
        {
            txt("to draft a replacement to the 1924 Constitution"): "d002-t12",
            txt("tasked with drafting the constitution"): "d002-t19",
        },
    ),
    fact(
        "commission-chair-post",
        sk("post-chair-commission"),
        sov("postIn"),
        CONSTITUTIONAL_COMMISSION,
        cite=("d002-t12", "d002-t19"),
    ),
    fact(
        "commission-chair-holding",
        sk("post-chair-commission"),
        sov("post"),
        sk("holding-stalin-commission"),
        cite=("d002-t12", "d002-t19"),
        inverse=True,
    ),
    fact(
        "commission-chaired-by-stalin",
        sk("holding-stalin-commission"),
        sov("holder"),
        STALIN,
        cite=("d002-t12", "d002-t19"),
    ),
    fact(
        "cpc-label",
        COUNCIL_OF_PEOPLES_COMMISSARS,
        RDFS_LABEL,
        en("Council of People's Commissars"),
        cite="d002-t18",
    ),
    fact(
        "molotov-chairman-cpc-post",
        sk("holding-molotov-cpc"),
        sov("post"),
        sk("post-chairman-cpc"),
        cite="d002-t18",
    ),
    fact(
        "molotov-chairman-cpc-holder",
        sk("holding-molotov-cpc"),
        sov("holder"),
        MOLOTOV,
        cite="d002-t18",
    ),
    fact(
        "molotov-chairman-cpc-when",
        sk("holding-molotov-cpc"),
        sov("during"),
        sk("ts-1935-02-01"),
        cite="d002-t18",
    ),
    fact(
        "stalin-general-secretary",
        sk("holding-stalin-general-secretary"),
        sov("holder"),
        STALIN,
        cite="d002-t19",
    ),
    fact(
        "heavy-industry-label",
        COMMISSARIAT_HEAVY_INDUSTRY,
        RDFS_LABEL,
        en("People's Commissariat for Heavy Industry"),
        cite="d002-a2",
    ),
    fact(
        "communist-party-label",
        COMMUNIST_PARTY,
        RDFS_LABEL,
        en("Communist Party of the Soviet Union"),
        cite="d002-t08",
    ),
    facts_by_value(
        "communist-party-alt-labels",
        COMMUNIST_PARTY,
        SKOS_ALT,
        {
            en("Communist Party"): ("d000-s24", "d002-t11"),
            en("CPSU"): "d002-t18",
            en("All-Union Communist Party"): "d002-t19",
        },
    ),
    fact(
        "central-committee-organ-of",
        CENTRAL_COMMITTEE,
        sov("organOf"),
        COMMUNIST_PARTY,
        cite=("d000-s24", "d002-t18", "d002-t19"),
    ),
    fact("komsomol-label", KOMSOMOL, RDFS_LABEL, en("Komsomol"), cite="d002-t11"),
    fact("plenum-organ", PLENUM, sov("organ"), CENTRAL_COMMITTEE, cite=("d002-t18", "d002-t19")),
    fact(
        "plenum-creates-commission",
        sk("decision-plenum-constitution"),
        sov("created"),
        CONSTITUTIONAL_COMMISSION,
        cite="d002-t19",
    ),
]

# --------------------------------------------------------------------------- republics

REPUBLIC_FACTS: list[Fact] = [
    fact(
        "rsfsr-label",
        RSFSR,
        RDFS_LABEL,
        en("Russian Soviet Federative Socialist Republic"),
        cite=("d000-s05", "d000-s13"),
    ),
    facts_by_value(
        "rsfsr-alt-labels",
        RSFSR,
        SKOS_ALT,
        {
            en("Russian Socialist Federated Soviet Republic"): "d000-s06",
            en("R.S.F.S.R"): "d000-s06",
            en("RSFSR"): "d002-t07",
        },
    ),
    fact("rsfsr-type", RSFSR, RDF_TYPE, sov("FederativeRepublic"), cite="d000-s06"),
    fact(
        "ukrainian-ssr-label",
        UKRAINIAN_SSR,
        RDFS_LABEL,
        en("Ukrainian Soviet Socialist Republic"),
        cite="d000-s13",
    ),
    fact(
        "byelorussian-ssr-label",
        BYELORUSSIAN_SSR,
        RDFS_LABEL,
        en("Byelorussian Soviet Socialist Republic"),
        cite="d000-s05",
    ),
    fact(
        "byelorussian-ssr-alt-label",
        BYELORUSSIAN_SSR,
        SKOS_ALT,
        en("Belarusian Soviet Socialist Republic"),
        cite="d000-s13",
    ),
    fact(
        "tsfsr-label",
        TSFSR,
        RDFS_LABEL,
        en("Transcaucasian Socialist Federated Soviet Republic"),
        cite="d000-s06",
    ),
    fact(
        "tsfsr-alt-label",
        TSFSR,
        SKOS_ALT,
        en("Transcaucasian Socialist Federative Soviet Republic"),
        cite="d000-s13",
    ),
    fact(
        "tsfsr-formed-from",
        TSFSR,
        sov("formedFrom"),
        AZERBAIJAN_SSR,
        GEORGIA,
        ARMENIA,
        cite="d000-s06",
    ),
    fact(
        "tsfsr-formation-from",
        sk("formation-of-tsfsr"),
        ORG_ORIGINAL,
        AZERBAIJAN_SSR,
        GEORGIA,
        ARMENIA,
        cite="d000-s06",
    ),
    fact("tsfsr-formation-result", sk("formation-of-tsfsr"), ORG_RESULTING, TSFSR, cite="d000-s06"),
    fact(
        "azerbaijan-label",
        AZERBAIJAN_SSR,
        RDFS_LABEL,
        en("Azerbaijan Soviet Socialist Republic"),
        cite="d000-s05",
    ),
    fact("azerbaijan-alt-label", AZERBAIJAN_SSR, SKOS_ALT, en("Azerbaijan"), cite="d000-s06"),
    fact("georgia-label", GEORGIA, RDFS_LABEL, en("Georgia"), cite="d000-s06"),
    fact("armenia-label", ARMENIA, RDFS_LABEL, en("Armenia"), cite="d000-s06"),
    fact(
        "uzbek-ssr-label",
        UZBEK_SSR,
        RDFS_LABEL,
        en("Uzbek Soviet Socialist Republic"),
        cite="d000-s08",
    ),
    fact(
        "turkmen-ssr-label",
        TURKMEN_SSR,
        RDFS_LABEL,
        en("Turkmen Soviet Socialist Republic"),
        cite="d000-s08",
    ),
    fact(
        "tajik-label",
        TAJIK_REPUBLIC,
        RDFS_LABEL,
        en("Tadzhik Autonomous Soviet Socialist Republic"),
        cite="d000-s08",
    ),
    # a republic, not an ASSR for ever: it "became a Union Republic in 1929" (memberships say when)
    fact("tajik-type", TAJIK_REPUBLIC, RDF_TYPE, sov("Republic"), cite="d000-s08"),
    fact("ussr-label", USSR, RDFS_LABEL, en("Soviet Union"), cite="d000-s01"),
    facts_by_value(
        "ussr-alt-labels",
        USSR,
        SKOS_ALT,
        {
            en("USSR"): ("d000-s14", "d002-t07"),
            en("Union of Soviet Socialist Republics"): "d002-a1",
        },
    ),
    fact(
        "ussr-founding-members",
        USSR,
        sov("foundingMember"),
        RSFSR,
        UKRAINIAN_SSR,
        BYELORUSSIAN_SSR,
        TSFSR,
        cite="d000-s14",
    ),
    facts_by_value(
        "ussr-memberships",
        USSR,
        sov("memberOf"),
        {
            **{m: "d000-s06" for m in FOUNDING_MEMBERSHIPS.values()},
            MEMBERSHIP_UZBEK: ("d000-s07", "d000-s08"),
            MEMBERSHIP_TURKMEN: ("d000-s07", "d000-s08"),
            MEMBERSHIP_TAJIK_AUTONOMOUS: ("d000-s07", "d000-s08"),
            MEMBERSHIP_TAJIK_UNION: "d000-s08",
        },
        inverse=True,
    ),
    fact(
        "ussr-created-by",
        sk("foundation-of-ussr"),
        sov("effectedBy"),
        CONGRESS_1,
        TREATY,
        cite="d000-s14",
    ),
    fact("ussr-creation-result", sk("foundation-of-ussr"), ORG_RESULTING, USSR, cite="d000-s14"),
    fact(
        "ussr-created-at-the-first-congress",
        sk("foundation-of-ussr"),
        sov("during"),
        TS_CONGRESS_1,
        cite="d000-s14",
    ),
    fact(
        "steps-to-combine-actors",
        sk("steps-to-combine"),
        sov("actor"),
        RSFSR,
        UKRAINIAN_SSR,
        BYELORUSSIAN_SSR,
        AZERBAIJAN_SSR,
        cite="d000-s05",
    ),
    fact(
        "steps-to-combine-when",
        sk("steps-to-combine"),
        sov("relativeDate"),
        txt("By the early 1920s"),
        cite="d000-s05",
    ),
    # the 1924 admissions
    fact(
        "admission-1924-admitted",
        sk("admission-1924"),
        sov("admitted"),
        UZBEK_SSR,
        TURKMEN_SSR,
        cite="d000-s08",
    ),
    fact(
        "admission-1924-during",
        sk("admission-1924"),
        sov("during"),
        sk("ts-1924-d000"),
        cite="d000-s08",
    ),
    *time_span(
        "admission-1924",
        sk("ts-1924-d000"),
        text="in 1924",
        edtf="1924",
        precision=YEAR,
        bounds=("1924-01-01", "1924-12-31", "1924-01-01", "1924-12-31"),
        cite="d000-s08",
    ),
    fact(
        "admission-1924-before-tajik",
        sk("admission-1924"),
        sov("before"),
        sk("admission-tajik"),
        cite="d000-s08",
    ),
    fact(
        "admission-tajik-admitted",
        sk("admission-tajik"),
        sov("admitted"),
        TAJIK_REPUBLIC,
        cite="d000-s08",
    ),
    # the Tadzhik ASSR becomes a Union Republic in 1929
    fact(
        "tajik-status-change-of",
        sk("tajik-status-change"),
        sov("statusOf"),
        TAJIK_REPUBLIC,
        cite="d000-s08",
    ),
    fact(
        "tajik-status-change-from",
        sk("tajik-status-change"),
        sov("fromRole"),
        AUTONOMOUS_ROLE,
        cite="d000-s08",
    ),
    fact(
        "tajik-status-change-to",
        sk("tajik-status-change"),
        sov("toRole"),
        UNION_REPUBLIC,
        cite="d000-s08",
    ),
    fact(
        "tajik-status-change-during",
        sk("tajik-status-change"),
        sov("during"),
        sk("ts-1929-d000"),
        cite="d000-s08",
    ),
    *time_span(
        "tajik-status-change",
        sk("ts-1929-d000"),
        text="in 1929",
        edtf="1929",
        precision=YEAR,
        bounds=("1929-01-01", "1929-12-31", "1929-01-01", "1929-12-31"),
        cite="d000-s08",
    ),
    fact(
        "tajik-memberships",
        TAJIK_REPUBLIC,
        sov("member"),
        MEMBERSHIP_TAJIK_AUTONOMOUS,
        MEMBERSHIP_TAJIK_UNION,
        cite="d000-s08",
        inverse=True,
    ),
    fact(
        "tajik-autonomous-role",
        MEMBERSHIP_TAJIK_AUTONOMOUS,
        sov("role"),
        AUTONOMOUS_ROLE,
        cite="d000-s08",
    ),
    fact(
        "tajik-autonomous-admitted-by",
        MEMBERSHIP_TAJIK_AUTONOMOUS,
        sov("admittedBy"),
        sk("admission-tajik"),
        cite="d000-s08",
    ),
    fact(
        "tajik-autonomous-ended-by",
        MEMBERSHIP_TAJIK_AUTONOMOUS,
        sov("endedBy"),
        sk("tajik-status-change"),
        cite="d000-s08",
    ),
    *time_span(
        "tajik-autonomous",
        sk("ts-tajik-autonomous"),
        text=None,
        edtf="[1924..1929]/1929",
        precision=RELATIVE,
        bounds=("1924-01-01", "1929-12-31", "1929-01-01", "1929-12-31"),
        cite="d000-s08",
    ),
    fact("tajik-union-role", MEMBERSHIP_TAJIK_UNION, sov("role"), UNION_REPUBLIC, cite="d000-s08"),
    fact(
        "tajik-union-admitted-by",
        MEMBERSHIP_TAJIK_UNION,
        sov("admittedBy"),
        sk("tajik-status-change"),
        cite="d000-s08",
    ),
    fact("tajik-union-ended-by", MEMBERSHIP_TAJIK_UNION, sov("endedBy"), cite="d000-s08"),
    *time_span(
        "tajik-union",
        sk("ts-from-1929"),
        text=None,
        edtf="1929/..",
        precision=YEAR,
        bounds=("1929-01-01", "1929-12-31", None, None),
        cite="d000-s08",
    ),
    *time_span(
        "uzbek-turkmen-membership",
        sk("ts-from-1924"),
        text=None,
        edtf="1924/..",
        precision=YEAR,
        bounds=("1924-01-01", "1924-12-31", None, None),
        cite="d000-s08",
    ),
    *time_span(
        "founding-membership",
        sk("ts-from-1922-12-30"),
        text=None,
        edtf="1922-12-30/..",
        precision=DAY,
        bounds=("1922-12-30", "1922-12-30", None, None),
        cite="d000-s13",
    ),
]

for _republic, _membership in FOUNDING_MEMBERSHIPS.items():
    _name = _membership.value.rsplit("membership-", 1)[1]
    REPUBLIC_FACTS += [
        fact(f"{_name}-member", _membership, sov("member"), _republic, cite="d000-s06"),
        fact(f"{_name}-member-of", _membership, sov("memberOf"), USSR, cite="d000-s06"),
        fact(f"{_name}-role", _membership, sov("role"), UNION_REPUBLIC, cite="d000-s14"),
        fact(
            f"{_name}-joined",
            _membership,
            sov("memberDuring"),
            sk("ts-from-1922-12-30"),
            cite="d000-s13",
        ),
        fact(
            f"{_name}-founder",
            _membership,
            sov("admittedBy"),
            sk("foundation-of-ussr"),
            cite="d000-s14",
        ),
    ]
for _republic, _membership in ((UZBEK_SSR, MEMBERSHIP_UZBEK), (TURKMEN_SSR, MEMBERSHIP_TURKMEN)):
    _name = _membership.value.rsplit("membership-", 1)[1]
    REPUBLIC_FACTS += [
        fact(f"{_name}-member", _membership, sov("member"), _republic, cite="d000-s08"),
        fact(f"{_name}-role", _membership, sov("role"), UNION_REPUBLIC, cite="d000-s08"),
        fact(
            f"{_name}-joined", _membership, sov("memberDuring"), sk("ts-from-1924"), cite="d000-s08"
        ),
        fact(
            f"{_name}-admitted-by",
            _membership,
            sov("admittedBy"),
            sk("admission-1924"),
            cite="d000-s08",
        ),
    ]

# --------------------------------------------------------------------------- election

RULE_CITY = sk("rule-city-council")
RULE_PROVINCIAL = sk("rule-provincial-republic")
ELECTION_AT_CONGRESSES = sk("election-at-congresses")
ELECTION_DIRECTLY = sk("election-directly")

ELECTION_FACTS: list[Fact] = [
    facts_by_value(
        "rules-of-the-congress",
        CONGRESS_OF_SOVIETS,
        sov("ruleFor"),
        {
            RULE_CITY: "d000-s09",
            RULE_PROVINCIAL: "d000-s09",
            ELECTION_AT_CONGRESSES: "d000-s10",
            ELECTION_DIRECTLY: "d000-s10",
        },
        inverse=True,
    ),
    fact("rule-city-type", RULE_CITY, RDF_TYPE, sov("RepresentationRule"), cite="d000-s09"),
    fact(
        "rule-city-body", RULE_CITY, sov("electingBody"), sk("kind-city-council"), cite="d000-s09"
    ),
    fact("rule-city-delegates", RULE_CITY, sov("delegates"), integer(1), cite="d000-s09"),
    fact("rule-city-per-unit", RULE_CITY, sov("perUnit"), integer(25000), cite="d000-s09"),
    fact("rule-city-constituency", RULE_CITY, sov("constituency"), sov("Voters"), cite="d000-s09"),
    fact(
        "kind-city-council-label",
        sk("kind-city-council"),
        RDFS_LABEL,
        en("City Council"),
        cite="d000-s09",
    ),
    fact(
        "rule-provincial-bodies",
        RULE_PROVINCIAL,
        sov("electingBody"),
        sk("kind-provincial-congress"),
        sk("kind-republic-congress"),
        cite="d000-s09",
    ),
    fact(
        "rule-provincial-delegates", RULE_PROVINCIAL, sov("delegates"), integer(1), cite="d000-s09"
    ),
    fact(
        "rule-provincial-per-unit",
        RULE_PROVINCIAL,
        sov("perUnit"),
        integer(125000),
        cite="d000-s09",
    ),
    fact(
        "rule-provincial-constituency",
        RULE_PROVINCIAL,
        sov("constituency"),
        sov("Residents"),
        cite="d000-s09",
    ),
    fact(
        "kind-provincial-congress-label",
        sk("kind-provincial-congress"),
        RDFS_LABEL,
        en("provincial (regional, territorial) congress"),
        cite="d000-s09",
    ),
    fact(
        "kind-republic-congress-label",
        sk("kind-republic-congress"),
        RDFS_LABEL,
        en("republic-level congress"),
        cite="d000-s09",
    ),
    fact(
        "election-at-congresses-body",
        ELECTION_AT_CONGRESSES,
        sov("electingBody"),
        sk("kind-autonomous-republican-congress"),
        cite="d000-s10",
    ),
    fact(
        "election-at-congresses-unconditional",
        ELECTION_AT_CONGRESSES,
        sov("condition"),
        cite="d000-s10",
    ),
    fact(
        "election-directly-body",
        ELECTION_DIRECTLY,
        sov("electingBody"),
        sk("kind-union-republic-congress"),
        cite="d000-s10",
    ),
    fact(
        "election-directly-condition",
        ELECTION_DIRECTLY,
        sov("condition"),
        txt("if republic did not have provincial (and then provincial, regional) congresses"),
        cite="d000-s10",
    ),
    fact(
        "kind-union-republic-congress-label",
        sk("kind-union-republic-congress"),
        RDFS_LABEL,
        en("Congress of Soviets of the union republic"),
        cite="d000-s10",
    ),
]

# --------------------------------------------------------------------------- powers

POWER_LABELS = (
    "Rights to conclude treaties, conduct diplomatic relations, and declare war",
    "Establish a union citizenship",
    "Settle disputes between republics",
    "Coin money, establish postal services, and establish standard weights and measures",
    "Power to develop a general plan for the entire national economy",
    "Establish general principles for the development and use of soil, mineral deposits, "
    "forests, and bodies of water",
    "Power to direct transport, telegraph services, and foreign trade",
    "Responsibility of the establishment of new Republics to the Congress",
    "Amending of the Constitution of the USSR",
)
"""The list "The exclusive jurisdiction of the Congress of Soviets consists of:", in order."""

POWER_FACTS: list[Fact] = [
    fact(
        "powers-of-the-congress",
        CONGRESS_OF_SOVIETS,
        sov("hasExclusivePower"),
        *POWERS,
        cite="d000-s11",
    ),
    facts_by_value(
        "powers-in-scheme",
        sk("exclusive-jurisdiction"),
        SKOS_IN_SCHEME,
        {power: f"d000-p{n}" for n, power in enumerate(POWERS, 1)},
        inverse=True,
    ),
]
for _n, (_power, _label) in enumerate(zip(POWERS, POWER_LABELS, strict=True), 1):
    POWER_FACTS += [
        fact(f"power-{_n}-label", _power, RDFS_LABEL, en(_label), cite=f"d000-p{_n}"),
        fact(f"power-{_n}-position", _power, sov("position"), integer(_n), cite=f"d000-p{_n}"),
    ]

# --------------------------------------------------------------------------- documents

DOCUMENT_FACTS: list[Fact] = [
    fact(
        "treaty-label",
        TREATY,
        RDFS_LABEL,
        en("Treaty on the Creation of the USSR"),
        cite="d000-s14",
    ),
    fact("treaty-type", TREATY, RDF_TYPE, sov("Treaty"), cite="d000-s14"),
    fact(
        "treaty-basis-of-1924-constitution",
        TREATY,
        sov("basisOf"),
        CONSTITUTION_1924,
        cite="d000-s14",
    ),
    fact(
        "treaty-actions",
        TREATY,
        sov("document"),
        sk("action-congress-1-approves-treaty"),
        cite="d000-s14",
        inverse=True,
    ),
    fact(
        "treaty-approved-by",
        sk("action-congress-1-approves-treaty"),
        sov("actor"),
        CONGRESS_1,
        cite="d000-s14",
    ),
    fact(
        "treaty-approved",
        sk("action-congress-1-approves-treaty"),
        sov("actionType"),
        sov("Approved"),
        cite="d000-s14",
    ),
    fact(
        "constitution-1924-label",
        CONSTITUTION_1924,
        RDFS_LABEL,
        en("1924 Constitution of the Soviet Union"),
        cite="d000-s15",
    ),
    facts_by_value(
        "constitution-1924-alt-labels",
        CONSTITUTION_1924,
        SKOS_ALT,
        {
            en("1924 Soviet Constitution"): "d000-s14",
            en("1924 Constitution"): "d002-t12",
        },
    ),
    facts_by_value(
        "constitution-1924-actions",
        CONSTITUTION_1924,
        sov("document"),
        {
            sk("action-congress-2-ratifies-1924"): "d000-s15",
            sk("action-1924-submitted"): "d000-s16",
        },
        inverse=True,
    ),
    fact(
        "constitution-1924-ratified-by",
        sk("action-congress-2-ratifies-1924"),
        sov("actor"),
        CONGRESS_2,
        cite="d000-s15",
    ),
    fact(
        "constitution-1924-ratified",
        sk("action-congress-2-ratifies-1924"),
        sov("actionType"),
        sov("Ratified"),
        cite="d000-s15",
    ),
    fact(
        "constitution-1924-submitted",
        sk("action-1924-submitted"),
        sov("actionType"),
        sov("SubmittedTo"),
        cite="d000-s16",
    ),
    fact(
        "constitution-1924-submitted-to",
        sk("action-1924-submitted"),
        sov("recipient"),
        CONGRESS_OF_SOVIETS,
        cite="d000-s16",
    ),
    fact(
        "constitution-1924-submitted-when",
        sk("action-1924-submitted"),
        sov("during"),
        sk("ts-1923-07-06"),
        cite="d000-s16",
    ),
    *time_span(
        "constitution-1924-submitted",
        sk("ts-1923-07-06"),
        text="6 July 1923",
        edtf="1923-07-06",
        precision=DAY,
        bounds=("1923-07-06",) * 4,
        cite="d000-s16",
    ),
    fact(
        "constitution-1936-ordinal", CONSTITUTION_1936, sov("ordinal"), integer(2), cite="d000-s01"
    ),
    fact(
        "constitution-1936-label",
        CONSTITUTION_1936,
        RDFS_LABEL,
        en("1936 Constitution of the Soviet Union"),
        cite="d000-s26",
    ),
    facts_by_value(
        "constitution-1936-alt-labels",
        CONSTITUTION_1936,
        SKOS_ALT,
        {
            en("1936 Constitution"): ("d000-s03", "d002-t20"),
            en("Stalin constitution"): "d002-t20",
        },
    ),
    facts_by_value(
        "constitution-1936-actions",
        CONSTITUTION_1936,
        sov("document"),
        {
            sk("action-congress-8-ratifies-1936"): "d000-s26",
            sk("action-congress-8-approves-1936"): "d000-s27",
            sk("action-congress-8-adopts-1936"): "d002-t20",
        },
        inverse=True,
    ),
    fact(
        "constitution-1936-ratified",
        sk("action-congress-8-ratifies-1936"),
        sov("actionType"),
        sov("Ratified"),
        cite="d000-s26",
    ),
    fact(
        "constitution-1936-ratified-by",
        sk("action-congress-8-ratifies-1936"),
        sov("actor"),
        CONGRESS_8,
        cite="d000-s26",
    ),
    fact(
        "constitution-1936-approved",
        sk("action-congress-8-approves-1936"),
        sov("actionType"),
        sov("Approved"),
        cite="d000-s27",
    ),
    fact(
        "constitution-1936-approved-by",
        sk("action-congress-8-approves-1936"),
        sov("actor"),
        CONGRESS_8,
        cite="d000-s27",
    ),
    fact(
        "constitution-1936-adopted",
        sk("action-congress-8-adopts-1936"),
        sov("actionType"),
        sov("Adopted"),
        cite="d002-t20",
    ),
    fact(
        "constitution-1936-adopted-by",
        sk("action-congress-8-adopts-1936"),
        sov("actor"),
        CONGRESS_8,
        cite="d002-t20",
    ),
    fact(
        "congress-8-publication-decision",
        sk("decision-congress-8-publication"),
        sov("provision"),
        txt("approved plans for the publication of copies of the Constitution"),
        txt("invited citizens to discuss the new changes to the Constitution"),
        cite="d000-s27",
    ),
]

# --------------------------------------------------------------------------- the Seventh Congress

_COUNTS = (
    # name, category, count, voting rights (None: not stated), approximate, part of voting
    ("voting", "cat-voting", 2022, True, False, False, "d002-t10"),
    ("workers", "cat-workers", 940, True, False, True, "d002-t10"),
    ("peasants", "cat-peasants", 473, True, False, True, "d002-t10"),
    ("government-employees", "cat-government-employees", 609, True, False, True, "d002-t10"),
    ("advisory", "cat-advisory", 540, False, True, False, "d002-t10"),
    ("communist", "cat-communist", 1498, None, False, False, "d002-t11"),
    ("komsomol", "cat-komsomol", 99, None, False, False, "d002-t11"),
    ("independents", "cat-independents", 425, None, False, False, "d002-t11"),
)
"""The delegate figures of d002: "2,022 delegates with voting rights, consisting of 940 workers,
473 peasants, 609 Government employees, in addition to some 540 present who assumed an advisory
role" and "1,498 delegates were members of the Communist Party, 99 of the Komsomol and 425 were
independents"."""

SEVENTH_FACTS: list[Fact] = [
    facts_by_value(
        "congress-7-delegate-counts",
        CONGRESS_7,
        sov("congress"),
        {sk(f"count-congress-7-{name}"): row[-1] for name, *row in _COUNTS},
        inverse=True,
    ),
]
for _name, _category, _count, _voting, _approximate, _part, _cite in _COUNTS:
    _node = sk(f"count-congress-7-{_name}")
    SEVENTH_FACTS += [
        fact(f"delegates-{_name}-count", _node, sov("count"), integer(_count), cite=_cite),
        fact(f"delegates-{_name}-category", _node, sov("category"), sk(_category), cite=_cite),
        fact(
            f"delegates-{_name}-approximate",
            _node,
            sov("isApproximate"),
            boolean(_approximate),
            cite=_cite,
        ),
        fact(
            f"delegates-{_name}-voting-rights",
            _node,
            sov("hasVotingRights"),
            *(() if _voting is None else (boolean(_voting),)),
            cite=_cite,
        ),
        fact(
            f"delegates-{_name}-part-of",
            _node,
            sov("partOf"),
            *((sk("count-congress-7-voting"),) if _part else ()),
            cite=_cite,
        ),
    ]
SEVENTH_FACTS += [
    fact(
        "delegates-communist-affiliation",
        sk("cat-communist"),
        sov("affiliation"),
        COMMUNIST_PARTY,
        cite="d002-t11",
    ),
    fact(
        "delegates-komsomol-affiliation",
        sk("cat-komsomol"),
        sov("affiliation"),
        KOMSOMOL,
        cite="d002-t11",
    ),
    fact("delegates-workers-label", sk("cat-workers"), RDFS_LABEL, en("workers"), cite="d002-t10"),
    fact(
        "delegates-peasants-label", sk("cat-peasants"), RDFS_LABEL, en("peasants"), cite="d002-t10"
    ),
    fact(
        "delegates-government-employees-label",
        sk("cat-government-employees"),
        RDFS_LABEL,
        en("Government employees"),
        cite="d002-t10",
    ),
    fact(
        "delegates-independents-label",
        sk("cat-independents"),
        RDFS_LABEL,
        en("independents"),
        cite="d002-t11",
    ),
    # the agenda: six items, in order, with rapporteurs
    facts_by_value(
        "agenda-7-items",
        CONGRESS_7,
        sov("agendaOf"),
        {item: ("d002-t13", f"d002-a{n}") for n, item in enumerate(AGENDA_7, 1)},
        inverse=True,
    ),
]
_AGENDA = (
    ("The Report of the Government of the Union of Soviet Socialist Republics", (MOLOTOV,)),
    ("The Report of the People's Commissariat for Heavy Industry", (ORDZHONIKIDZE,)),
    ("On Measures for Strengthening and Developing Livestock Farming", (CHERNOV, KALMANOVICH)),
    ("The Report on Constitutional Issues", (YENUKIDZE,)),
    (
        "On the Introduction of Amendments to the Constitution of the Union of Soviet Socialist "
        "Republics",
        (MOLOTOV,),
    ),
    ("Elections to the Central Executive Committee of the Union of Soviet Socialist Republics", ()),
)
for _n, (_item, (_title, _rapporteurs)) in enumerate(zip(AGENDA_7, _AGENDA, strict=True), 1):
    SEVENTH_FACTS += [
        fact(f"agenda-7-{_n}-position", _item, sov("position"), integer(_n), cite=f"d002-a{_n}"),
        fact(f"agenda-7-{_n}-title", _item, sov("title"), txt(_title), cite=f"d002-a{_n}"),
        fact(
            f"agenda-7-{_n}-rapporteurs",
            _item,
            sov("rapporteur"),
            *_rapporteurs,
            cite=f"d002-a{_n}",
        ),
    ]
_MOLOTOV_REPORT = sk("report-molotov-amendments")
SEVENTH_FACTS += [
    facts_by_value("molotov-labels", MOLOTOV, RDFS_LABEL, {en("Vyacheslav Molotov"): "d002-t18"}),
    fact("molotov-alt-label", MOLOTOV, SKOS_ALT, en("V.M. Molotov"), cite=("d002-a1", "d002-a5")),
    fact(
        "ordzhonikidze-label", ORDZHONIKIDZE, RDFS_LABEL, en("G.K. Ordzhonikidze"), cite="d002-a2"
    ),
    fact("ordzhonikidze-alt-label", ORDZHONIKIDZE, SKOS_ALT, en("Ordzhonikidze"), cite="d002-t16"),
    fact("chernov-label", CHERNOV, RDFS_LABEL, en("M.A. Chernov"), cite="d002-a3"),
    fact("kalmanovich-label", KALMANOVICH, RDFS_LABEL, en("M.I. Kalmanovich"), cite="d002-a3"),
    fact("yenukidze-label", YENUKIDZE, RDFS_LABEL, en("A.S. Yenukidze"), cite="d002-a4"),
    # Molotov's report of 1 February
    fact(
        "molotov-report-speaker",
        _MOLOTOV_REPORT,
        sov("speaker"),
        MOLOTOV,
        cite=("d002-t18", "d002-a5"),
    ),
    fact(
        "molotov-report-congress", _MOLOTOV_REPORT, sov("deliveredAt"), CONGRESS_7, cite="d002-t18"
    ),
    fact(
        "molotov-report-agenda-item",
        _MOLOTOV_REPORT,
        sov("onAgendaItem"),
        AGENDA_7[4],
        cite="d002-a5",
    ),
    fact(
        "molotov-report-title",
        _MOLOTOV_REPORT,
        sov("title"),
        txt(
            "on the introduction of amendments to the constitution of the Union of Soviet "
            "Socialist Republics"
        ),
        cite="d002-t18",
    ),
    fact("molotov-report-prompted-by", _MOLOTOV_REPORT, sov("promptedBy"), PLENUM, cite="d002-t18"),
    fact(
        "molotov-report-during",
        _MOLOTOV_REPORT,
        sov("during"),
        sk("ts-1935-02-01"),
        cite="d002-t18",
    ),
    *time_span(
        "molotov-report",
        sk("ts-1935-02-01"),
        text="On 1 February",
        edtf="1935-02-01",
        precision=DAY,
        bounds=("1935-02-01",) * 4,
        cite="d002-t18",
    ),
    fact(
        "government-report-speaker",
        sk("report-government-congress-7"),
        sov("speaker"),
        MOLOTOV,
        cite="d002-a1",
    ),
    fact(
        "government-report-agenda-item",
        sk("report-government-congress-7"),
        sov("onAgendaItem"),
        AGENDA_7[0],
        cite=("d002-t14", "d002-a1"),
    ),
    fact(
        "ordzhonikidze-report-speaker",
        sk("report-ordzhonikidze-congress-7"),
        sov("speaker"),
        ORDZHONIKIDZE,
        cite=("d002-t16", "d002-a2"),
    ),
    fact(
        "ordzhonikidze-report-agenda-item",
        sk("report-ordzhonikidze-congress-7"),
        sov("onAgendaItem"),
        AGENDA_7[1],
        cite="d002-a2",
    ),
    fact(
        "congress-7-constitution-vote",
        sk("decision-congress-7-constitution"),
        sov("provision"),
        txt(
            "that the new constitution should incorporate some of the best features of "
            "parliamentary democracy"
        ),
        txt("that the representation of urban and rural voters should be equalized"),
        txt("that voting should be secret and direct"),
        txt(
            "that the All-Union Central Executive Committee should appoint a constitutional "
            "commission to draft the new organic law"
        ),
        cite="d000-s25",
    ),
    fact(
        "congress-7-constitution-vote-by",
        sk("decision-congress-7-constitution"),
        sov("actor"),
        CONGRESS_7,
        cite="d000-s25",
    ),
    fact(
        "congress-7-livestock-resolution",
        sk("decision-congress-7-livestock"),
        sov("provision"),
        txt("the mechanisation of the labour process on livestock farms"),
        txt('the creation of new forms of "large socialist livestock farming"'),
        txt("training and employing more livestock personnel"),
        txt("the qualitative improvement of veterinary and zootechnical services"),
        cite="d002-t17",
    ),
    fact(
        "stalin-proposal-speaker",
        sk("speech-stalin-proposal"),
        sov("speaker"),
        STALIN,
        cite="d000-s23",
    ),
    fact(
        "stalin-proposal-congress",
        sk("speech-stalin-proposal"),
        sov("deliveredAt"),
        CONGRESS_7,
        cite="d000-s23",
    ),
    fact(
        "stalin-proposal-discussed-at",
        sk("speech-stalin-proposal"),
        sov("discussedAt"),
        sk("meeting-cc-before-congress-7"),
        cite="d000-s24",
    ),
    fact(
        "cc-meeting-before-congress-7",
        sk("meeting-cc-before-congress-7"),
        sov("before"),
        CONGRESS_7,
        cite="d000-s24",
    ),
]

# --------------------------------------------------------------------------- the Second Congress

_SPEECH = sk("speech-stalin-congress-2")
QUOTED_WORDS = (
    "Leaving us, comrade Lenin bequeathed to us the duty of holding high and keeping pure the "
    "great calling member of the party. We swear to thee, comrade Lenin, that we shall fulfil "
    "this thy commandment with honour."
)

SECOND_FACTS: list[Fact] = [
    fact("stalin-speech-speaker", _SPEECH, sov("speaker"), STALIN, cite="d000-s17"),
    fact("stalin-speech-congress", _SPEECH, sov("deliveredAt"), CONGRESS_2, cite="d000-s17"),
    fact("stalin-speech-words", _SPEECH, sov("quotedWords"), txt(QUOTED_WORDS), cite="d000-s19"),
    fact(
        "stalin-speech-characterized",
        sk("statement-stalin-speech"),
        sov("statementText"),
        txt("Stalin departed from Marxism and drew on his own theological training."),
        cite="d000-s18",
    ),
    fact(
        "stalin-speech-statement-about",
        sk("statement-stalin-speech"),
        sov("aboutThing"),
        _SPEECH,
        cite="d000-s18",
    ),
    fact("stalin-label", STALIN, RDFS_LABEL, en("Joseph Stalin"), cite=("d002-t12", "d002-t19")),
    fact("stalin-alt-label", STALIN, SKOS_ALT, en("Stalin"), cite=("d000-s17", "d002-t15")),
    fact("lenin-label", LENIN, RDFS_LABEL, en("Lenin"), cite="d000-s20"),
    fact("lenin-death-person", sk("death-of-lenin"), sov("person"), LENIN, cite="d000-s20"),
    fact(
        "lenin-death-before-congress-2",
        sk("death-of-lenin"),
        sov("before"),
        CONGRESS_2,
        cite="d000-s20",
    ),
    fact(
        "lenin-death-when",
        sk("death-of-lenin"),
        sov("relativeDate"),
        txt("a few days before the Second Congress began its session"),
        cite="d000-s20",
    ),
]

ALL_FACTS: list[Fact] = [
    *CONGRESS_FACTS,
    *BODY_FACTS,
    *REPUBLIC_FACTS,
    *ELECTION_FACTS,
    *POWER_FACTS,
    *DOCUMENT_FACTS,
    *SEVENTH_FACTS,
    *SECOND_FACTS,
]
"""Every fact checked by ``tests/test_facts.py``."""
