"""The timeline picture: congresses, memberships, admissions and changes on one axis.

The facts come from the graph through one SPARQL query (``sovkg/timeline.rq``, run by the store
of :mod:`sovkg.store`); nothing here knows a date. Each dated claim (a ``sov:TimeSpan``) is cut
into :class:`Segment` s from its four day bounds (:func:`segments`):

* a claim given to the day is solid; a single day is a point (a diamond on a tick);
* a claim given to the month or the year covers that whole month or year, shaded lighter
  (the 1925 congress is a bar from 1925-01-01 to 1925-12-31);
* a claim known only by its bounds (precision ``relative``: the Tadzhik ASSR, admitted between
  1924 and 1929) is hatched and faded over all the days it may cover;
* an open-ended membership runs to the end of the axis and ends in an arrowhead;
* an admission or change the sources give no date for (the Tadzhik ASSR's admission: "were
  admitted in 1924, followed by the Tadzhik Autonomous Soviet Socialist Republic") is not given
  one: it is placed by the dated events the sources order it against (``sov:before``), as an
  empty dashed box from the earliest day the events it follows allow to the latest day the events
  it precedes allow, captioned ``undated`` with those events and their dates (:class:`Placement`).

A congress with several claims gets one bar per claim, labelled with its source; where two
sources disagree (their begin ranges or end ranges do not overlap, as for the Seventh Congress)
a detail panel below the axis shows the disputed weeks day by day.

Drawing uses matplotlib's object API with the Agg canvas (no pyplot, no display). Output is
deterministic: fixed fonts and sizes, ``svg.hashsalt`` set and no date in the metadata, so the
same graph gives byte-identical SVG and PNG files. SVG text stays text (``svg.fonttype: none``),
and every drawn item has an id ``<item>--<span>--<style>`` (for example
``congress-3--ts-congress-3--year``; an undated item's are ``<item>--undated--window`` and
``<item>--undated--caption``) so tools and tests can find it.

Example:
    >>> items = timeline_items()
    >>> [item.label for item in items if item.kind == "congress"][:2]
    ['First All-Union Congress of Soviets', 'Second Congress of the Soviets of the USSR']
"""

from __future__ import annotations

import datetime as dt
import io
import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sovkg.errors import OutputError, SovkgError
from sovkg.graphs import Graph
from sovkg.output import atomic_write, check_writable
from sovkg.results import ResultTable, Term
from sovkg.store import load

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

QUERY_FILE = Path(__file__).with_name("timeline.rq")
"""The internal SPARQL query that feeds the timeline."""

AXIS_START = dt.date(1922, 1, 1)
AXIS_END = dt.date(1938, 1, 1)
"""The time axis: 1922 to 1937 inclusive (the end is exclusive)."""

FORMATS = (".svg", ".png")
"""The file extensions ``sovkg timeline`` writes."""

Style = Literal["day", "month", "year", "uncertain"]
Kind = Literal["congress", "membership", "change"]

ONE_DAY = dt.timedelta(days=1)
_PRECISION_STYLE: dict[str, Style] = {
    "day": "day",
    "month": "month",
    "year": "year",
    "relative": "uncertain",
}
_ALPHA: dict[Style, float] = {"day": 1.0, "month": 0.6, "year": 0.35, "uncertain": 0.3}

UNION_REPUBLIC = "https://w3id.org/sovkg/ontology#UnionRepublic"
AUTONOMOUS_REPUBLIC = "https://w3id.org/sovkg/ontology#AutonomousRepublicRole"
_COLORS = {
    "congress": "#b03a2e",
    UNION_REPUBLIC: "#2e6fad",
    AUTONOMOUS_REPUBLIC: "#2e8b57",
    "membership": "#2e6fad",
    "change": "#7d3c98",
}
_DPI = 110
_WIDTH_INCHES = 16.0
_ROW_INCHES = 0.42
_LABEL_WIDTH = 52
"""Row labels longer than this many characters wrap onto a second line."""


class TimelineError(SovkgError):
    """The timeline cannot be drawn (matplotlib missing, or the data gives nothing to draw)."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Source:
    """A source document a claim is cited from.

    Attributes:
        iri: the document's IRI.
        title: its ``dcterms:title``, else its IRI.
    """

    iri: str
    title: str


@dataclass(frozen=True)
class Claim:
    """One dated claim about an item: a ``sov:TimeSpan`` as a source gives it.

    Attributes:
        span: the time span's IRI.
        date_text: the source's words (``sov:dateText``), if given.
        edtf: the EDTF string, if given.
        precision: ``day``, ``month``, ``year`` or ``relative`` (``sov:precision``'s notation).
        begin_of_begin: earliest possible first day (``None`` if not given).
        end_of_begin: latest possible first day.
        begin_of_end: earliest possible last day (``None`` for an open end).
        end_of_end: latest possible last day (``None`` for an open end).
        sources: the documents that state it.
    """

    span: str
    date_text: str | None
    edtf: str | None
    precision: str | None
    begin_of_begin: dt.date | None
    end_of_begin: dt.date | None
    begin_of_end: dt.date | None
    end_of_end: dt.date | None
    sources: tuple[Source, ...]

    @property
    def is_open(self) -> bool:
        """Return whether the span has no end bounds (it goes on past the sources)."""
        return self.begin_of_end is None and self.end_of_end is None

    @property
    def source_titles(self) -> str:
        """Return the titles of the claim's sources, joined by ``; ``."""
        return "; ".join(source.title for source in self.sources)


@dataclass(frozen=True)
class Anchor:
    """A dated event that the sources order an undated one against (by ``sov:before``).

    Attributes:
        iri: the dated event's IRI.
        label: its English label.
        claims: its dated claims, sorted by first possible day.
    """

    iri: str
    label: str
    claims: tuple[Claim, ...]

    @property
    def earliest_end(self) -> dt.date | None:
        """Return the earliest day the event can have ended: what follows it is no earlier."""
        days = [c.begin_of_end or c.begin_of_begin for c in self.claims]
        return min((d for d in days if d is not None), default=None)

    @property
    def latest_start(self) -> dt.date | None:
        """Return the latest day the event can have begun: what precedes it is no later."""
        days = [c.end_of_begin or c.begin_of_begin for c in self.claims]
        return max((d for d in days if d is not None), default=None)

    @property
    def dates(self) -> str:
        """Return the source's words for each of its dates, quoted: ``“in 1924”``."""
        words = dict.fromkeys(c.date_text or c.edtf or "?" for c in self.claims)
        return " / ".join(f"“{w}”" for w in words)


@dataclass(frozen=True)
class Placement:
    """Where an undated event lies, from the dated events the sources order it against.

    Nothing is invented: the window is only what the order allows, from the earliest end of
    the events it follows to the latest start of the events it precedes (either side may be
    missing). The Tadzhik ASSR's admission follows the 1924 admissions and precedes its 1929
    status change, so its window is 1924-01-01 to 1929-12-31.

    Attributes:
        after: the dated events it follows (``anchor sov:before+ event``).
        before: the dated events it precedes (``event sov:before+ anchor``).

    Example:
        >>> y1924 = Claim("a", "in 1924", "1924", "year", dt.date(1924, 1, 1),
        ...               dt.date(1924, 12, 31), dt.date(1924, 1, 1), dt.date(1924, 12, 31), ())
        >>> y1929 = Claim("b", "in 1929", "1929", "year", dt.date(1929, 1, 1),
        ...               dt.date(1929, 12, 31), dt.date(1929, 1, 1), dt.date(1929, 12, 31), ())
        >>> place = Placement((Anchor("x", "A", (y1924,)),), (Anchor("y", "B", (y1929,)),))
        >>> place.earliest.isoformat(), place.latest.isoformat()
        ('1924-01-01', '1929-12-31')
        >>> place.describe()
        'after A (“in 1924”), before B (“in 1929”)'
    """

    after: tuple[Anchor, ...] = ()
    before: tuple[Anchor, ...] = ()

    @property
    def earliest(self) -> dt.date | None:
        """Return the first day the event can have happened (``None``: no lower bound)."""
        days = [a.earliest_end for a in self.after]
        return max((d for d in days if d is not None), default=None)

    @property
    def latest(self) -> dt.date | None:
        """Return the last day the event can have happened (``None``: no upper bound)."""
        days = [a.latest_start for a in self.before]
        return min((d for d in days if d is not None), default=None)

    @property
    def bounded(self) -> bool:
        """Return whether some dated event bounds the window on at least one side."""
        return self.earliest is not None or self.latest is not None

    def describe(self) -> str:
        """Return the order in words, naming the events that set each bound and their dates."""
        parts = []
        after = [a for a in self.after if a.earliest_end == self.earliest] or list(self.after)
        before = [a for a in self.before if a.latest_start == self.latest] or list(self.before)
        if after:
            parts.append("after " + " and ".join(f"{a.label} ({a.dates})" for a in after))
        if before:
            parts.append("before " + " and ".join(f"{a.label} ({a.dates})" for a in before))
        return ", ".join(parts)


@dataclass(frozen=True)
class Item:
    """Something the timeline draws: a congress, a membership, an admission or a change event.

    Attributes:
        kind: ``congress``, ``membership`` or ``change`` (admissions included).
        iri: its IRI.
        label: its English label.
        ordinal: the congress's number, else ``None``.
        republic: the member republic (membership), the republic whose status changed, or the
            republic admitted (``None`` when an admission admits several).
        republic_label: that republic's label.
        role: the membership's role, or the role a status change leads to.
        role_label: that role's label.
        claims: its dated claims, sorted by first possible day; empty if undated.
        placement: for an undated admission or change, the dated events the sources order it
            against; ``None`` for congresses, memberships and dated events.
    """

    kind: Kind
    iri: str
    label: str
    ordinal: int | None
    republic: str | None
    republic_label: str | None
    role: str | None
    role_label: str | None
    claims: tuple[Claim, ...]
    placement: Placement | None = None

    @property
    def undated(self) -> bool:
        """Return whether this is an admission or change the sources give no date for."""
        return self.kind == "change" and not self.claims

    @property
    def local_name(self) -> str:
        """Return the last part of the IRI (``congress-3``), used in the ids of drawn items."""
        return _local(self.iri)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def read_query() -> str:
    """Return the text of the timeline's SPARQL query (``sovkg/timeline.rq``).

    Raises:
        TimelineError: if the file is missing from the installation.
    """
    try:
        return QUERY_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise TimelineError(f"cannot read {QUERY_FILE}: {exc.strerror or exc}") from None


def _date(term: Term | None) -> dt.date | None:
    if term is None:
        return None
    value = term.to_python()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _text(term: Term | None) -> str | None:
    return None if term is None else term.value


def timeline_items(graph: Graph | None = None) -> list[Item]:
    """Run the timeline query and group its rows into items with their claims.

    Args:
        graph: a loaded graph; ``None`` to load the bundled data (or ``$SOVKG_DATA``).

    Returns:
        Congresses by ordinal, then memberships and changes, each sorted by first possible day.

    Raises:
        DataError: if the graph cannot be loaded.
        TimelineError: if the query does not return a table.
    """
    graph = graph if graph is not None else load()
    result = graph.select(read_query())
    if not isinstance(result, ResultTable):  # pragma: no cover - the query is a SELECT
        raise TimelineError("the timeline query did not return a table")
    column = {name: index for index, name in enumerate(result.variables)}

    heads: dict[str, dict[str, Any]] = {}
    spans: dict[str, dict[str, dict[str, Any]]] = {}  # item -> span -> claim fields
    dated: dict[str, dict[str, dict[str, Any]]] = {}  # the same, for events in an order
    orders: dict[str, set[tuple[str, str]]] = {}  # undated item -> (after|before, event)
    for row in result.rows:

        def get(name: str, row: tuple[Term | None, ...] = row) -> Term | None:
            return row[column[name]]

        item = _text(get("item")) or ""
        kind = _text(get("kind"))
        order, anchor = _text(get("order")), _text(get("anchor"))
        if order is not None and anchor is not None:
            orders.setdefault(item, set()).add((order, anchor))
        ordinal = get("ordinal")
        if kind != "anchor":  # an anchor row only dates an event in an order; it is not drawn
            head = heads.setdefault(
                item,
                {
                    "kind": kind,
                    "ordinal": int(ordinal.value) if ordinal is not None else None,
                    "republics": set(),
                    "role": _text(get("role")),
                },
            )
            if get("republic") is not None:
                head["republics"].add(_text(get("republic")))
            head["role"] = head["role"] or _text(get("role"))
        span = _text(get("span"))
        if span is None:
            continue
        claim = (
            (dated if kind == "anchor" else spans)
            .setdefault(item, {})
            .setdefault(
                span,
                {
                    "date_text": _text(get("dateText")),
                    "edtf": _text(get("edtf")),
                    "precision": _text(get("precision")),
                    "begin_of_begin": _date(get("beginOfBegin")),
                    "end_of_begin": _date(get("endOfBegin")),
                    "begin_of_end": _date(get("beginOfEnd")),
                    "end_of_end": _date(get("endOfEnd")),
                    "sources": {},
                },
            )
        )
        source = _text(get("source"))
        if source is not None:
            claim["sources"][source] = _text(get("sourceTitle")) or source

    for head in heads.values():
        # one republic: drawn on its row; an admission of several goes among the other changes
        republics = head.pop("republics")
        head["republic"] = next(iter(republics)) if len(republics) == 1 else None
    wanted = set(heads) | {event for pairs in orders.values() for _, event in pairs}
    for head in heads.values():
        wanted.update(iri for iri in (head["republic"], head["role"]) if iri)
    labels = graph.labels(wanted)

    items = []
    for iri, head in heads.items():
        placement = None
        if head["kind"] == "change" and iri not in spans:
            # only dated events bound it; an undated one between is a step of the order
            found = sorted(pair for pair in orders.get(iri, ()) if pair[1] in dated)
            placement = Placement(
                *(
                    tuple(
                        Anchor(event, labels.get(event, _local(event)), _claims(dated[event]))
                        for order, event in found
                        if order == side
                    )
                    for side in ("after", "before")
                )
            )
        items.append(
            Item(
                kind=head["kind"],
                iri=iri,
                label=labels.get(iri, _local(iri)),
                ordinal=head["ordinal"],
                republic=head["republic"],
                republic_label=labels.get(head["republic"]) if head["republic"] else None,
                role=head["role"],
                role_label=labels.get(head["role"]) if head["role"] else None,
                claims=_claims(spans.get(iri, {})),
                placement=placement,
            )
        )
    order = {"congress": 0, "membership": 1, "change": 2}
    return sorted(
        items,
        key=lambda i: (
            order.get(i.kind, 3),
            i.ordinal if i.ordinal is not None else 0,
            _first_day(i) or dt.date.max,
            i.label,
        ),
    )


def _claims(spans: dict[str, dict[str, Any]]) -> tuple[Claim, ...]:
    """Return the claims of one item (span IRI -> fields), sorted by first possible day."""
    return tuple(
        sorted(
            (
                Claim(
                    span=span,
                    sources=tuple(Source(s, t) for s, t in sorted(fields["sources"].items())),
                    **{k: v for k, v in fields.items() if k != "sources"},
                )
                for span, fields in spans.items()
            ),
            key=lambda c: (c.begin_of_begin or dt.date.max, c.span),
        )
    )


def _first_day(item: Item) -> dt.date | None:
    """Return the first day an item can have begun: its first claim's, or its placement's."""
    if item.claims:
        return item.claims[0].begin_of_begin
    return item.placement.earliest if item.placement else None


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Segment:
    """A stretch of days to draw for a claim.

    Attributes:
        start: first day covered.
        end: the day after the last day covered (exclusive).
        style: ``day`` (known to the day: solid), ``month`` or ``year`` (somewhere in that
            month or year: lighter), ``uncertain`` (only bounds known: hatched).
        point: a single day, drawn as a point.
        open_end: the span goes on past ``end`` (an open-ended membership).
    """

    start: dt.date
    end: dt.date
    style: Style
    point: bool = False
    open_end: bool = False

    @property
    def days(self) -> int:
        """Return the number of days covered."""
        return (self.end - self.start).days


def segments(claim: Claim, axis_end: dt.date = AXIS_END) -> list[Segment]:
    """Cut a claim into segments from its four day bounds.

    The uncertain start (from the begin of the begin to the end of the begin) and the uncertain
    end are drawn in the claim's precision style; the days it surely covers in between, if any,
    are solid. A claim whose possible starts and ends overlap (one date given to the month or
    year) is one span over all its possible days.

    Args:
        claim: the claim.
        axis_end: where an open-ended claim stops (exclusive).

    Returns:
        The segments in time order; empty if the claim has no begin bound.

    Example:
        >>> year = Claim("ts", "1925", "1925", "year", dt.date(1925, 1, 1), dt.date(1925, 12, 31),
        ...              dt.date(1925, 1, 1), dt.date(1925, 12, 31), ())
        >>> [(s.start.isoformat(), s.end.isoformat(), s.style) for s in segments(year)]
        [('1925-01-01', '1926-01-01', 'year')]
    """
    b0 = claim.begin_of_begin
    if b0 is None:
        return []
    b1 = claim.end_of_begin or b0
    style = _PRECISION_STYLE.get(claim.precision or "", "year")
    if claim.is_open:
        found = []
        if b1 > b0:
            found.append(Segment(b0, b1 + ONE_DAY, style))
            core_start = b1 + ONE_DAY
        else:
            core_start = b0
        if core_start < axis_end:
            found.append(Segment(core_start, axis_end, "day", open_end=True))
        return found
    e1 = claim.end_of_end or claim.begin_of_end or b1
    e0 = claim.begin_of_end or e1
    if b0 == b1 == e0 == e1:
        return [Segment(b0, b0 + ONE_DAY, "day", point=True)]
    if b1 >= e0:  # possible starts and ends overlap: one span over every possible day
        return [Segment(b0, e1 + ONE_DAY, style)]
    found = []
    core_start, core_end = b0, e1 + ONE_DAY
    if b1 > b0:
        found.append(Segment(b0, b1 + ONE_DAY, style))
        core_start = b1 + ONE_DAY
    tail = Segment(e0, e1 + ONE_DAY, style) if e1 > e0 else None
    if tail is not None:
        core_end = e0
    if core_start < core_end:
        found.append(Segment(core_start, core_end, "day"))
    if tail is not None:
        found.append(tail)
    return found


def disagree(first: Claim, second: Claim) -> bool:
    """Return whether two claims disagree: their begin ranges or their end ranges do not overlap.

    Open ends are taken as agreeing; a claim without a begin bound agrees with everything.

    Example:
        >>> feb = Claim("a", None, None, "month", dt.date(1935, 2, 1), dt.date(1935, 2, 28),
        ...             dt.date(1935, 2, 1), dt.date(1935, 2, 28), ())
        >>> days = Claim("b", None, None, "day", dt.date(1935, 1, 28), dt.date(1935, 1, 28),
        ...              dt.date(1935, 2, 6), dt.date(1935, 2, 6), ())
        >>> disagree(feb, days)
        True
    """

    def apart(
        a0: dt.date | None, a1: dt.date | None, b0: dt.date | None, b1: dt.date | None
    ) -> bool:
        if None in (a0, a1, b0, b1):
            return False
        return a1 < b0 or b1 < a0  # type: ignore[operator]

    return apart(
        first.begin_of_begin, first.end_of_begin, second.begin_of_begin, second.end_of_begin
    ) or apart(first.begin_of_end, first.end_of_end, second.begin_of_end, second.end_of_end)


def disputed(items: Iterable[Item]) -> list[Item]:
    """Return the items with at least two claims that :func:`disagree`."""
    return [
        item
        for item in items
        if any(disagree(a, b) for i, a in enumerate(item.claims) for b in item.claims[i + 1 :])
    ]


def gid(item: Item, claim: Claim, style: str) -> str:
    """Return the id a drawn segment gets in the SVG: ``<item>--<span>--<style>``.

    Example:
        >>> claim = Claim("https://w3id.org/sovkg/id/ts-congress-3", None, None, "year",
        ...               None, None, None, None, ())
        >>> item = Item("congress", "https://w3id.org/sovkg/id/congress-3", "Third", 3,
        ...             None, None, None, None, (claim,))
        >>> gid(item, claim, "year")
        'congress-3--ts-congress-3--year'
    """
    return f"{item.local_name}--{_local(claim.span)}--{style}"


# --------------------------------------------------------------------------- drawing

Entry = tuple[Item, Claim | None]
"""An item and one of its claims; ``None`` for an undated admission or change (its placement)."""


@dataclass
class _Row:
    """One row of the chart: a label and lanes of (item, claim) entries drawn one above another.

    A header row (``header=True``) only names a section. An item with several claims gets one
    lane per claim (captioned with its source); otherwise each item takes one lane, an undated
    admission or change too (drawn from its placement).
    """

    label: str
    lanes: list[list[Entry]]
    note: str | None = None
    header: bool = False

    @property
    def height(self) -> float:
        """Return the row's height in row units."""
        if self.header:
            return 0.8
        return max(1.0, 0.62 * len(self.lanes))


def _lanes(items: Iterable[Item]) -> list[list[Entry]]:
    lanes: list[list[Entry]] = []
    for item in items:
        if len(item.claims) > 1:
            lanes.extend([(item, claim)] for claim in item.claims)
        elif item.claims:
            lanes.append([(item, item.claims[0])])
        elif item.undated:
            lanes.append([(item, None)])
    return lanes


def _rows(items: Sequence[Item]) -> list[_Row]:
    """Lay the items out: congresses, then one row per republic, then other changes.

    A republic's row holds its memberships, its status changes and its admission (dated or
    not); an admission of several republics goes among the other changes.
    """
    rows: list[_Row] = [_Row("CONGRESSES OF SOVIETS", [], header=True)]
    for item in items:
        if item.kind == "congress":
            rows.append(
                _Row(item.label, _lanes([item]), None if item.claims else "no date in the sources")
            )
    republics: dict[str, list[Item]] = {}
    for item in items:
        if item.kind == "membership" and item.republic:
            republics.setdefault(item.republic, []).append(item)
    for item in items:
        if item.kind == "change" and item.republic in republics:
            republics[item.republic].append(item)
    if republics:
        rows.append(_Row("REPUBLICS IN THE USSR", [], header=True))
    for members in republics.values():
        label = next((m.republic_label for m in members if m.republic_label), None)
        rows.append(_Row(label or _local(members[0].republic or ""), _lanes(members)))
    others = [i for i in items if i.kind == "change" and i.republic not in republics]
    if others:
        rows.append(_Row("OTHER CHANGES", [], header=True))
        for item in others:
            if item.undated and not (item.placement and item.placement.bounded):
                # nothing orders it either: its own row says so, as for an undated congress
                rows.append(_Row(item.label, [], "no date in the sources"))
            else:
                rows.append(_Row(item.label, _lanes([item])))
    return rows


def _num(day: dt.date) -> float:
    """Return a day as matplotlib's date number (days since 1970-01-01)."""
    return float((day - dt.date(1970, 1, 1)).days)


def _color(item: Item) -> str:
    if item.kind == "membership" and item.role in _COLORS:
        return _COLORS[item.role]
    return _COLORS[item.kind]


def _caption(item: Item, claim: Claim, with_source: bool) -> str:
    words = f"\u201c{claim.date_text}\u201d" if claim.date_text else (claim.edtf or "")
    if item.kind == "membership":
        words = f"{item.role_label or 'member'}: {words}"
    elif item.kind == "change" and item.republic:
        words = f"{item.label}: {words}"
    if with_source:
        words += f"  [source: {claim.source_titles}]"
    return words


def _draw_claim(
    ax: Axes,
    item: Item,
    claim: Claim,
    y: float,
    height: float,
    caption: str,
    axis: tuple[dt.date, dt.date],
    caption_left_after: dt.date,
    prefix: str = "",
) -> None:
    """Draw one claim's segments centred on ``y``, with its caption beside them.

    The caption goes right of the bar, or left of it when the bar starts after
    ``caption_left_after`` (so it is not cut at the axis end), or inside an open-ended bar.
    Every artist's id is :func:`gid` preceded by ``prefix``.
    """
    from matplotlib.patches import Rectangle

    def ident(style: str) -> str:
        return prefix + gid(item, claim, style)

    color = _color(item)
    parts = segments(claim, axis[1])
    for part in parts:
        x0, width = _num(part.start), float(part.days)
        if part.point:
            ax.vlines(
                x0 + 0.5,
                y - height / 2,
                y + height / 2,
                colors=color,
                linewidth=1.2,
                gid=ident("tick"),
            )
            ax.plot(
                [x0 + 0.5],
                [y],
                marker="D",
                markersize=7,
                color=color,
                markeredgecolor="black",
                markeredgewidth=0.6,
                linestyle="none",
                gid=ident("point"),
            )
            continue
        hatched = part.style == "uncertain"
        rect = Rectangle(
            (x0, y - height / 2),
            width,
            height,
            facecolor=color,
            alpha=_ALPHA[part.style],
            edgecolor="#333333" if hatched else color,
            hatch="////" if hatched else None,
            linewidth=0.8 if hatched else 0.4,
        )
        rect.set_gid(ident(part.style))
        ax.add_patch(rect)
        if part.open_end:
            ax.plot(
                [_num(part.end)],
                [y],
                marker=">",
                markersize=10,
                color=color,
                clip_on=False,
                linestyle="none",
                gid=ident("open"),
            )
    if not parts:
        return
    span = (axis[1] - axis[0]).days
    pad = span / 400
    if parts[-1].open_end:  # runs to the axis end: caption inside, on the solid part
        ax.text(
            _num(parts[-1].start) + 2 * pad,
            y,
            caption,
            va="center",
            ha="left",
            fontsize=8.5,
            color="white",
            fontweight="bold",
            gid=ident("caption"),
        )
    elif parts[0].start > caption_left_after:
        ax.text(
            _num(parts[0].start) - pad * (3 if parts[0].point else 1),
            y,
            caption,
            va="center",
            ha="right",
            fontsize=8.5,
            color="#222222",
            gid=ident("caption"),
        )
    else:
        ax.text(
            _num(parts[-1].end) + pad * (3 if parts[-1].point else 1),
            y,
            caption,
            va="center",
            ha="left",
            fontsize=8.5,
            color="#222222",
            gid=ident("caption"),
        )


def undated_caption(item: Item) -> str:
    """Return the caption of an undated admission or change: ``undated`` and what orders it.

    Example:
        >>> undated_caption(Item("change", "x", "Admission of X", None, None, None, None, None, ()))
        'Admission of X: no date in the sources'
    """
    order = item.placement.describe() if item.placement else ""
    return f"{item.label}: undated; {order}" if order else f"{item.label}: no date in the sources"


def _draw_undated(
    ax: Axes,
    item: Item,
    y: float,
    height: float,
    axis: tuple[dt.date, dt.date],
    caption_left_after: dt.date,
) -> None:
    """Draw an undated item: an empty dashed box over the days its placement allows, captioned.

    The box runs from the placement's earliest day to its latest (to the axis ends where a side
    is unbounded); with no bound at all there is no box, only the caption at the axis start. The
    caption starts inside the box on a white ground (so the dashes do not cross the words), or
    ends left of it when the box starts after ``caption_left_after``.
    """
    from matplotlib.patches import Rectangle

    place = item.placement or Placement()
    earliest, latest = place.earliest, place.latest
    pad = (axis[1] - axis[0]).days / 400
    ground = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
    style: dict[str, Any] = {"va": "center", "fontsize": 8.5, "color": "#222222", "bbox": ground}
    ident = f"{item.local_name}--undated--"

    def caption(x: float, ha: str) -> None:
        ax.text(x, y, undated_caption(item), ha=ha, gid=ident + "caption", **style)

    if earliest is None and latest is None:
        caption(_num(axis[0]) + pad, "left")
        return
    first, last = earliest or axis[0], latest or axis[1] - ONE_DAY
    first, last = min(first, last), max(first, last)  # an order the dates contradict: all of it
    start, end = max(first, axis[0]), min(last + ONE_DAY, axis[1])
    box = Rectangle(
        (_num(start), y - height / 2),
        float((end - start).days),
        height,
        facecolor="none",
        edgecolor=_color(item),
        linestyle=(0, (4, 3)),
        linewidth=1.2,
    )
    box.set_gid(ident + "window")
    ax.add_patch(box)
    if start > caption_left_after:
        caption(_num(start) - pad, "right")
    else:
        caption(_num(start) + 2 * pad, "left")


def _draw_rows(ax: Axes, rows: Sequence[_Row], axis: tuple[dt.date, dt.date]) -> list[float]:
    """Draw every row from the top down; return each row's centre."""
    left_after = axis[0] + (axis[1] - axis[0]) * 0.62
    centres: list[float] = []
    top = 0.0
    for row in rows:
        y = top - row.height / 2
        centres.append(y)
        if row.header and top < 0:
            ax.axhline(top, color="#888888", linewidth=0.8)
        top -= row.height
        if row.note:
            ax.text(
                _num(axis[0]) + (axis[1] - axis[0]).days / 200,
                y,
                row.note,
                va="center",
                ha="left",
                fontsize=8.5,
                style="italic",
                color="#777777",
            )
        lanes = len(row.lanes)
        lane_height = row.height / max(lanes, 1)
        for index, lane in enumerate(row.lanes):
            lane_y = y + row.height / 2 - lane_height * (index + 0.5)
            for item, claim in lane:
                if claim is None:
                    _draw_undated(ax, item, lane_y, min(lane_height * 0.78, 0.6), axis, left_after)
                    continue
                with_source = len(item.claims) > 1
                _draw_claim(
                    ax,
                    item,
                    claim,
                    lane_y,
                    min(lane_height * 0.78, 0.6),
                    _caption(item, claim, with_source),
                    axis,
                    left_after,
                )
    ax.set_ylim(top, 0.0)
    return centres


def _year_axis(ax: Axes, start: dt.date, end: dt.date) -> None:
    """Put a grid line at each new year and the year's number in the middle of its span."""
    years = [y for y in range(start.year, end.year + 1) if dt.date(y, 1, 1) < end]
    ax.set_xticks([_num(dt.date(y, 1, 1)) for y in years])
    ax.set_xticklabels([""] * len(years))
    ax.set_xticks([_num(dt.date(y, 7, 2)) for y in years], minor=True)
    ax.set_xticklabels([str(y) for y in years], minor=True, fontsize=10)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlim(_num(start), _num(end))


def _legend(fig: Figure) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = "#555555"
    handles = [
        Patch(facecolor=_COLORS["congress"], label="congress"),
        Patch(facecolor=_COLORS[UNION_REPUBLIC], label="union republic"),
        Patch(facecolor=_COLORS[AUTONOMOUS_REPUBLIC], label="autonomous republic"),
        Patch(facecolor=_COLORS["change"], label="change"),
        Patch(facecolor=grey, alpha=_ALPHA["day"], label="dated to the day"),
        Patch(facecolor=grey, alpha=_ALPHA["month"], label="to the month: anywhere in it"),
        Patch(facecolor=grey, alpha=_ALPHA["year"], label="to the year: anywhere in it"),
        Patch(
            facecolor=grey,
            alpha=_ALPHA["uncertain"],
            hatch="////",
            edgecolor="#333333",
            label="only bounds known",
        ),
        Line2D([], [], marker="D", color=grey, linestyle="none", label="a single day"),
        Line2D([], [], marker=">", color=grey, linestyle="none", label="goes on (open end)"),
        Patch(
            facecolor="none",
            edgecolor=grey,
            linestyle=(0, (4, 3)),
            label="undated: between the events the sources order it by",
        ),
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=4,
        fontsize=9,
        frameon=False,
        bbox_to_anchor=(0.55, 0.0),
    )


def _detail_panel(ax: Axes, item: Item) -> None:
    """Draw the disagreeing claims of ``item`` day by day, one lane per claim."""
    firsts = [c.begin_of_begin for c in item.claims if c.begin_of_begin]
    lasts = [c.end_of_end or c.begin_of_end or c.end_of_begin for c in item.claims]
    start = min(firsts) - dt.timedelta(days=7)
    end = max([d for d in lasts if d] + firsts) + dt.timedelta(days=22)
    axis = (start, end)
    for lane, claim in enumerate(item.claims):
        _draw_claim(
            ax,
            item,
            claim,
            -lane,
            0.5,
            f"\u201c{claim.date_text or claim.edtf}\u201d",
            axis,
            end,
            prefix="detail-",
        )
    ax.set_ylim(-len(item.claims) + 0.4, 0.6)
    ax.set_yticks([-lane for lane in range(len(item.claims))])
    ax.set_yticklabels(
        [f"source: {textwrap.fill(c.source_titles, 36)}" for c in item.claims], fontsize=9
    )
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    ax.set_xticks([_num(d) for d in days if d.weekday() == 0])
    ax.set_xticklabels([f"{d.day} {d:%b %Y}" for d in days if d.weekday() == 0], fontsize=8.5)
    ax.set_xticks([_num(d) for d in days], minor=True)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlim(_num(start), _num(end))
    ax.set_title(
        f"{item.label}: the sources disagree (detail, day by day)", fontsize=11, loc="left"
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw(
    items: Sequence[Item], fmt: str, axis: tuple[dt.date, dt.date] = (AXIS_START, AXIS_END)
) -> bytes:
    """Draw the timeline and return the file's bytes.

    Args:
        items: from :func:`timeline_items`.
        fmt: ``svg`` or ``png``.
        axis: the first day and the day after the last day of the time axis.

    Raises:
        TimelineError: if matplotlib is missing or there is nothing dated to draw.
    """
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise TimelineError("the timeline needs matplotlib: pip install 'sovkg[docs]'") from None
    if not any(item.claims for item in items):
        raise TimelineError("the graph has no dated congress, membership or change to draw")

    rows = _rows(items)
    details = disputed(items)
    main_height = _ROW_INCHES * sum(row.height for row in rows) + 0.6
    detail_height = 1.5
    heights = [main_height] + [detail_height] * len(details)
    top_margin, bottom_margin, gap = 0.8, 1.0, 0.9
    total = sum(heights) + top_margin + bottom_margin + gap * len(details)
    style = {
        "svg.fonttype": "none",
        "svg.hashsalt": "sovkg-timeline",
        "font.family": "DejaVu Sans",
        "path.simplify": False,
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=(_WIDTH_INCHES, total), dpi=_DPI)
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(
            len(heights),
            1,
            height_ratios=heights,
            hspace=gap / (sum(heights) / len(heights)) if details else 0.0,
            left=0.25,
            right=0.97,
            top=1 - top_margin / total,
            bottom=bottom_margin / total,
        )
        ax = fig.add_subplot(grid[0])
        ax.patch.set_gid("timeline-axes")
        centres = _draw_rows(ax, rows, axis)
        ax.set_yticks(centres)
        ax.set_yticklabels([textwrap.fill(r.label, _LABEL_WIDTH) for r in rows], fontsize=9.5)
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            if row.header:
                tick.set_fontweight("bold")
                tick.set_color("#444444")
        _year_axis(ax, axis[0], axis[1])
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(
            "The All-Union Congress of Soviets: congresses, member republics and changes, "
            f"{axis[0].year}\u2013{axis[1].year - 1}, at the precision the sources give",
            fontsize=13,
            loc="left",
            pad=14,
        )
        for index, item in enumerate(details, start=1):
            _detail_panel(fig.add_subplot(grid[index]), item)
        _legend(fig)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, dpi=_DPI)
    return buffer.getvalue()


# --------------------------------------------------------------------------- file


def output_format(path: str | os.PathLike[str]) -> str:
    """Return ``svg`` or ``png`` from the file name's extension.

    Raises:
        OutputError: for any other extension.

    Example:
        >>> output_format("timeline.PNG")
        'png'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise OutputError(
            f"cannot write '{path}': {shown} is not a timeline format; "
            f"use a file name ending in {' or '.join(FORMATS)}"
        )
    return suffix[1:]


def write_timeline(path: str | os.PathLike[str], graph: Graph | None = None) -> Path:
    """Draw the timeline of ``graph`` into ``path`` (SVG or PNG by extension), atomically.

    Raises:
        OutputError: for a bad extension or an unwritable place (checked before any work).
        TimelineError: if matplotlib is missing or nothing is dated.
        DataError: if the graph cannot be loaded.
    """
    fmt = output_format(path)
    target = check_writable(path)
    data = draw(timeline_items(graph), fmt)
    atomic_write(target, data)
    return target
