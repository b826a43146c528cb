"""`sovkg timeline`: what is drawn, at which precision, and how the command fails.

The SVG is parsed: every drawn segment has an id ``<item>--<span>--<style>``, and the axes'
background has the id ``timeline-axes``, so widths in pixels convert to days on the axis.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers import need

from sovkg.timeline import (
    AXIS_END,
    AXIS_START,
    Anchor,
    Claim,
    Item,
    Placement,
    disagree,
    segments,
    timeline_items,
    undated_caption,
)

SVG = "{http://www.w3.org/2000/svg}"

CONGRESSES = {
    "congress-1": "First All-Union Congress of Soviets",
    "congress-2": "Second Congress of the Soviets of the USSR",
    "congress-3": "Third Congress of Soviets of the USSR",
    "congress-4": "Fourth Congress of Soviets of the USSR",
    "congress-5": "Fifth Congress of Soviets of the USSR",
    "congress-6": "Sixth Congress of Soviets of the USSR",
    "congress-7": "Seventh Congress of Soviets of the USSR",
    "congress-8": "Eighth Congress of Soviets of the USSR",
}
UNDATED = {"congress-5", "congress-6"}
# source 000: "... the Transcaucasian Socialist Federated Soviet Republic, which was formed by
# Azerbaijan, Georgia, and Armenia": no date, and the data orders it against no dated event
UNORDERED_CHANGES = {"Formation of the Transcaucasian Socialist Federated Soviet Republic"}
REPUBLICS = [
    "Russian Soviet Federative Socialist Republic",
    "Ukrainian Soviet Socialist Republic",
    "Byelorussian Soviet Socialist Republic",
    "Transcaucasian Socialist Federated Soviet Republic",
    "Uzbek Soviet Socialist Republic",
    "Turkmen Soviet Socialist Republic",
    "Tadzhik Autonomous Soviet Socialist Republic",
]
SEVENTH_D000 = "\u201cFebruary 1935\u201d  [source: All-Union Congress of Soviets]"
SEVENTH_D002 = (
    "\u201cfrom the 28th of January to the 6th of February, 1935\u201d  "
    "[source: Seventh All-Union Congress of Soviets]"
)
AXIS_DAYS = (AXIS_END - AXIS_START).days
D = dt.date
SK = "https://w3id.org/sovkg/id/"
# source 000: "The Uzbek and Turkmen Soviet Socialist Republics were admitted in 1924, followed by
# the Tadzhik Autonomous Soviet Socialist Republic, which became a Union Republic in 1929."
TAJIK_ADMISSION = "admission-tajik"
TAJIK_UNDATED = (
    "Admission of the Tadzhik ASSR: undated; "
    "after Admission of the Uzbek and Turkmen SSRs (\u201cin 1924\u201d), "
    "before The Tadzhik ASSR becomes a Union Republic (\u201cin 1929\u201d)"
)
TAJIK_ROW = "Tadzhik Autonomous Soviet Socialist Republic"
CHANGE_RGB = (0x7D, 0x3C, 0x98)
CLI = "from sovkg.cli import cli; cli()"


def _has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def run_cli(args: list[str]) -> tuple[int, str, str]:
    from sovkg.cli import cli

    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Draw the bundled graph's timeline once as SVG and once as PNG, through the CLI."""
    need(_has_matplotlib(), "matplotlib")
    folder = tmp_path_factory.mktemp("timeline")
    paths = {"svg": folder / "timeline.svg", "png": folder / "timeline.png"}
    for path in paths.values():
        code, out, err = run_cli(["timeline", "--output", str(path)])
        assert (code, out, err) == (0, "", f"wrote {path}\n")
    return paths


@pytest.fixture(scope="module")
def svg(drawn: dict[str, Path]) -> ET.Element:
    return ET.parse(drawn["svg"]).getroot()


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def by_id(root: ET.Element, ident: str) -> ET.Element:
    found = [node for node in root.iter() if node.get("id") == ident]
    assert len(found) == 1, f"expected one element with id {ident!r}, found {len(found)}"
    return found[0]


def x_extent(group: ET.Element) -> tuple[float, float]:
    """Return the smallest and largest x of the first path in an element."""
    path = next(group.iter(f"{SVG}path"))
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    xs = numbers[0::2]
    return min(xs), max(xs)


def days_wide(root: ET.Element, ident: str) -> float:
    left, right = x_extent(by_id(root, "timeline-axes"))
    x0, x1 = x_extent(by_id(root, ident))
    return (x1 - x0) / ((right - left) / AXIS_DAYS)


def day_of(root: ET.Element, x: float) -> dt.date:
    left, right = x_extent(by_id(root, "timeline-axes"))
    return AXIS_START + dt.timedelta(days=round((x - left) / ((right - left) / AXIS_DAYS)))


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("iri, label", sorted(CONGRESSES.items()), ids=sorted(CONGRESSES))
def test_every_congress_is_labelled(svg: ET.Element, iri: str, label: str) -> None:
    assert label in texts(svg)


@pytest.mark.parametrize("label", REPUBLICS)
def test_every_republic_is_labelled(svg: ET.Element, label: str) -> None:
    assert label in texts(svg)


def test_undated_congresses_say_so(svg: ET.Element) -> None:
    # and so does the one undated change that nothing orders (on its own row, like a congress)
    assert texts(svg).count("no date in the sources") == len(UNDATED) + len(UNORDERED_CHANGES)
    shown = " ".join(texts(svg))  # a long row label is wrapped into two text elements
    assert all(label in shown for label in UNORDERED_CHANGES)


def test_both_seventh_congress_claims_are_drawn_with_their_source(svg: ET.Element) -> None:
    shown = texts(svg)
    assert SEVENTH_D000 in shown
    assert SEVENTH_D002 in shown
    month = by_id(svg, "congress-7--ts-congress-7-d000--month")
    days = by_id(svg, "congress-7--ts-congress-7-d002--day")
    assert [day_of(svg, x) for x in x_extent(month)] == [dt.date(1935, 2, 1), dt.date(1935, 3, 1)]
    assert [day_of(svg, x) for x in x_extent(days)] == [dt.date(1935, 1, 28), dt.date(1935, 2, 7)]


def test_disagreement_gets_a_detail_panel(svg: ET.Element) -> None:
    shown = texts(svg)
    title = "Seventh Congress of Soviets of the USSR: the sources disagree (detail, day by day)"
    assert title in shown
    assert "\u201cFebruary 1935\u201d" in shown
    assert "source: All-Union Congress of Soviets" in shown
    by_id(svg, "detail-congress-7--ts-congress-7-d000--month")
    by_id(svg, "detail-congress-7--ts-congress-7-d002--day")
    # the Eighth Congress's two claims (Nov-Dec 1936, and 1936) agree: no panel
    assert not any("Eighth" in t and "disagree" in t for t in shown)


# --------------------------------------------------------------------------- precision


@pytest.mark.parametrize(
    "ident, days",
    [
        ("congress-3--ts-congress-3--year", 365),  # "1925"
        ("congress-4--ts-congress-4--year", 365),  # "1927"
        ("congress-8--ts-congress-8-d002--year", 366),  # "1936", a leap year
        ("congress-2--ts-congress-2--month", 31),  # "January 1924"
        ("congress-7--ts-congress-7-d000--month", 28),  # "February 1935"
        ("congress-7--ts-congress-7-d002--day", 10),  # 28 Jan - 6 Feb 1935, both days included
        ("membership-tajik-autonomous--ts-tajik-autonomous--uncertain", 2192),  # 1924-1929
        ("membership-uzbek-ssr--ts-from-1924--year", 366),  # admitted in 1924 (leap year)
    ],
)
def test_spans_are_as_wide_as_their_precision(svg: ET.Element, ident: str, days: int) -> None:
    assert days_wide(svg, ident) == pytest.approx(days, abs=0.5)


def test_year_precise_congress_is_a_span_from_january_to_december(svg: ET.Element) -> None:
    x0, x1 = x_extent(by_id(svg, "congress-3--ts-congress-3--year"))
    assert (day_of(svg, x0), day_of(svg, x1)) == (dt.date(1925, 1, 1), dt.date(1926, 1, 1))


def test_lighter_shading_for_coarser_precision(svg: ET.Element) -> None:
    def opacity(ident: str) -> float:
        style = next(by_id(svg, ident).iter(f"{SVG}path")).get("style", "")
        match = re.search(r"(?<![-\w])opacity: ([\d.]+)", style)
        return float(match.group(1)) if match else 1.0

    year = opacity("congress-3--ts-congress-3--year")
    month = opacity("congress-2--ts-congress-2--month")
    day = opacity("congress-7--ts-congress-7-d002--day")
    assert year < month < day == 1.0


def test_single_day_is_a_point_not_a_bar(svg: ET.Element) -> None:
    by_id(svg, "congress-1--ts-congress-1--point")
    ids = [node.get("id") or "" for node in svg.iter()]
    assert not [i for i in ids if i.startswith("congress-1--ts-congress-1--day")]


def test_uncertain_membership_start_is_hatched(svg: ET.Element) -> None:
    style = next(
        by_id(svg, "membership-tajik-autonomous--ts-tajik-autonomous--uncertain").iter(f"{SVG}path")
    ).get("style", "")
    assert "url(#" in style  # matplotlib writes a hatch as a pattern fill


def test_open_membership_runs_to_the_axis_end_with_an_arrow(svg: ET.Element) -> None:
    _, right = x_extent(by_id(svg, "timeline-axes"))
    _, bar_end = x_extent(by_id(svg, "membership-rsfsr--ts-from-1922-12-30--day"))
    assert bar_end == pytest.approx(right, abs=0.01)
    by_id(svg, "membership-rsfsr--ts-from-1922-12-30--open")


def test_status_change_is_drawn_on_the_republic_row(svg: ET.Element) -> None:
    assert days_wide(svg, "tajik-status-change--ts-1929-d000--year") == pytest.approx(365, abs=0.5)
    assert "The Tadzhik ASSR becomes a Union Republic: \u201cin 1929\u201d" in texts(svg)


# --------------------------------------------------------------------------- undated events


def y_extent(group: ET.Element) -> tuple[float, float]:
    """Return the smallest and largest y of the first path in an element."""
    path = next(group.iter(f"{SVG}path"))
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    ys = numbers[1::2]
    return min(ys), max(ys)


def test_undated_admission_is_in_the_data_with_its_order_and_no_date() -> None:
    items = {item.local_name: item for item in timeline_items()}
    tajik = items[TAJIK_ADMISSION]
    assert (tajik.kind, tajik.republic, tajik.claims) == ("change", SK + "TajikRepublic", ())
    assert tajik.placement is not None
    assert [(a.iri, a.dates) for a in tajik.placement.after] == [
        (SK + "admission-1924", "\u201cin 1924\u201d")
    ]
    assert [(a.iri, a.dates) for a in tajik.placement.before] == [
        (SK + "tajik-status-change", "\u201cin 1929\u201d")
    ]
    assert (tajik.placement.earliest, tajik.placement.latest) == (D(1924, 1, 1), D(1929, 12, 31))
    # the 1924 admission it follows is drawn too, among the other changes (it admits two)
    assert items["admission-1924"].republic is None
    assert [c.edtf for c in items["admission-1924"].claims] == ["1924"]


def test_undated_admission_is_an_empty_dashed_box_between_its_neighbours(svg: ET.Element) -> None:
    window = by_id(svg, f"{TAJIK_ADMISSION}--undated--window")
    x0, x1 = x_extent(window)
    # from the first day the 1924 admissions allow to the last day of 1929 (the status change)
    assert (day_of(svg, x0), day_of(svg, x1)) == (D(1924, 1, 1), D(1930, 1, 1))
    style = next(window.iter(f"{SVG}path")).get("style", "")
    assert "fill: none" in style and "stroke-dasharray" in style and "stroke: #7d3c98" in style
    caption = by_id(svg, f"{TAJIK_ADMISSION}--undated--caption")
    (text,) = list(caption.iter(f"{SVG}text"))
    assert "".join(text.itertext()) == TAJIK_UNDATED
    assert x0 < float(text.get("x", "nan")) < x1  # the caption starts inside the box
    # no date is invented: nothing else is drawn for it (no bar, point or claim caption)
    ids = sorted(
        n.get("id") or "" for n in svg.iter() if (n.get("id") or "").startswith("admission-tajik-")
    )
    assert ids == [f"{TAJIK_ADMISSION}--undated--caption", f"{TAJIK_ADMISSION}--undated--window"]


def test_undated_admission_is_on_the_tadzhik_row_between_its_memberships_and_change(
    svg: ET.Element,
) -> None:
    lanes = [
        "membership-tajik-autonomous--ts-tajik-autonomous--uncertain",
        "membership-tajik-union--ts-from-1929--year",
        f"{TAJIK_ADMISSION}--undated--window",
        "tajik-status-change--ts-1929-d000--year",
    ]
    centres = [sum(y_extent(by_id(svg, ident))) / 2 for ident in lanes]
    assert centres == sorted(centres)  # top to bottom, in this order
    label = next(n for n in svg.iter(f"{SVG}text") if "".join(n.itertext()) == TAJIK_ROW)
    assert centres[0] < float(label.get("y", "nan")) < centres[-1]  # the row's label is beside them


def _purple(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return all(abs(c - e) <= 40 for c, e in zip((r, g, b), CHANGE_RGB, strict=True))


def test_png_draws_the_undated_admission_as_the_svg_does(
    drawn: dict[str, Path], svg: ET.Element
) -> None:
    """The PNG has the same row: a dashed, unfilled box over 1924-1929 and the whole caption."""
    from PIL import Image

    with Image.open(drawn["png"]) as opened:
        image = opened.convert("RGB")
    scale = image.size[0] / float(svg.get("width", "").removesuffix("pt"))
    x0, x1 = (round(x * scale) for x in x_extent(by_id(svg, f"{TAJIK_ADMISSION}--undated--window")))
    top, bottom = (
        round(y * scale) for y in y_extent(by_id(svg, f"{TAJIK_ADMISSION}--undated--window"))
    )
    axis_left = x_extent(by_id(svg, "timeline-axes"))[0]
    for edge in (top, bottom):
        band = [
            [image.getpixel((x, y)) for y in range(edge - 2, edge + 3)]
            for x in range(x0 + 3, x1 - 2)
        ]
        inked = [any(_purple(p) for p in column) for column in band]
        dashes = sum(1 for a, b in zip([False, *inked], inked, strict=False) if b and not a)
        assert 30 <= dashes <= 45, dashes  # dashed: about 37 dashes of 8.4 pt over 311 pt
        # not filled: between the dashes the band is white (or a light grid line) top to bottom
        white = [column for column in band if all(min(p) >= 215 for p in column)]
        assert len(white) >= len(band) // 4
        before = [image.getpixel((x, edge)) for x in range(round(axis_left * scale), x0 - 2)]
        assert not any(_purple(p) for p in before)  # nothing drawn before 1924
    ground = by_id(svg, f"{TAJIK_ADMISSION}--undated--caption")
    c0, c1 = (round(x * scale) for x in x_extent(ground))
    g0, g1 = (round(y * scale) for y in y_extent(ground))

    def ink(left: int, right: int) -> int:
        return sum(
            1
            for x in range(left, right)
            for y in range(g0, g1)
            if max(image.getpixel((x, y))) < 120
        )

    width = c1 - c0
    assert ink(c0, c0 + width // 20) > 10 and ink(c1 - width // 20, c1) > 10  # the whole text


def _anchor(label: str, *bounds: dt.date | None, text: str | None = None) -> Anchor:
    return Anchor(SK + label, label, (Claim(SK + "ts", text, None, "year", *bounds, ()),))


Y1924 = (D(1924, 1, 1), D(1924, 12, 31), D(1924, 1, 1), D(1924, 12, 31))
Y1929 = (D(1929, 1, 1), D(1929, 12, 31), D(1929, 1, 1), D(1929, 12, 31))


@pytest.mark.parametrize(
    "placement, window, words",
    [
        pytest.param(
            Placement(
                (_anchor("A", *Y1924, text="in 1924"),), (_anchor("B", *Y1929, text="in 1929"),)
            ),
            (D(1924, 1, 1), D(1929, 12, 31)),
            "after A (\u201cin 1924\u201d), before B (\u201cin 1929\u201d)",
            id="both-sides",
        ),
        pytest.param(
            Placement((), (_anchor("B", *Y1929, text="in 1929"),)),
            (None, D(1929, 12, 31)),
            "before B (\u201cin 1929\u201d)",
            id="before-only",
        ),
        pytest.param(
            Placement(
                (_anchor("A", *Y1924, text="in 1924"), _anchor("C", *Y1929, text="in 1929")), ()
            ),
            (D(1929, 1, 1), None),
            "after C (\u201cin 1929\u201d)",  # the later of two events it follows sets the bound
            id="tightest-bound-named",
        ),
        pytest.param(Placement(), (None, None), "", id="unordered"),
    ],
)
def test_placement(
    placement: Placement, window: tuple[dt.date | None, dt.date | None], words: str
) -> None:
    assert (placement.earliest, placement.latest) == window
    assert placement.describe() == words
    assert placement.bounded == (window != (None, None))


def test_undated_caption() -> None:
    def item(placement: Placement | None) -> Item:
        return Item("change", SK + "x", "X", None, None, None, None, None, (), placement)

    before = Placement((), (_anchor("B", *Y1929, text="in 1929"),))
    assert undated_caption(item(before)) == "X: undated; before B (\u201cin 1929\u201d)"
    assert undated_caption(item(Placement())) == "X: no date in the sources"
    assert undated_caption(item(None)) == "X: no date in the sources"


# --------------------------------------------------------------------------- geometry


def _claim(precision: str, *bounds: dt.date | None) -> Claim:
    return Claim("https://w3id.org/sovkg/id/ts", None, None, precision, *bounds, ())


@pytest.mark.parametrize(
    "claim, expected",
    [
        pytest.param(
            _claim("day", D(1922, 12, 30), D(1922, 12, 30), D(1922, 12, 30), D(1922, 12, 30)),
            [(D(1922, 12, 30), D(1922, 12, 31), "day", True, False)],
            id="one-day",
        ),
        pytest.param(
            _claim("year", D(1925, 1, 1), D(1925, 12, 31), D(1925, 1, 1), D(1925, 12, 31)),
            [(D(1925, 1, 1), D(1926, 1, 1), "year", False, False)],
            id="year",
        ),
        pytest.param(
            _claim("month", D(1936, 11, 1), D(1936, 11, 30), D(1936, 12, 1), D(1936, 12, 31)),
            [
                (D(1936, 11, 1), D(1936, 12, 1), "month", False, False),
                (D(1936, 12, 1), D(1937, 1, 1), "month", False, False),
            ],
            id="month-to-month",
        ),
        pytest.param(
            _claim("day", D(1935, 1, 28), D(1935, 1, 28), D(1935, 2, 6), D(1935, 2, 6)),
            [(D(1935, 1, 28), D(1935, 2, 7), "day", False, False)],
            id="day-range",
        ),
        pytest.param(
            _claim("relative", D(1924, 1, 1), D(1929, 12, 31), D(1929, 1, 1), D(1929, 12, 31)),
            [(D(1924, 1, 1), D(1930, 1, 1), "uncertain", False, False)],
            id="bounds-only",
        ),
        pytest.param(
            _claim("year", D(1924, 1, 1), D(1924, 12, 31), None, None),
            [
                (D(1924, 1, 1), D(1925, 1, 1), "year", False, False),
                (D(1925, 1, 1), AXIS_END, "day", False, True),
            ],
            id="open-from-a-year",
        ),
        pytest.param(
            _claim("day", D(1922, 12, 30), D(1922, 12, 30), None, None),
            [(D(1922, 12, 30), AXIS_END, "day", False, True)],
            id="open-from-a-day",
        ),
        pytest.param(_claim("day", None, None, None, None), [], id="no-bounds"),
    ],
)
def test_segments(claim: Claim, expected: list[tuple[object, ...]]) -> None:
    assert [(s.start, s.end, s.style, s.point, s.open_end) for s in segments(claim)] == expected


def test_disagreement_rule() -> None:
    february = _claim("month", D(1935, 2, 1), D(1935, 2, 28), D(1935, 2, 1), D(1935, 2, 28))
    days = _claim("day", D(1935, 1, 28), D(1935, 1, 28), D(1935, 2, 6), D(1935, 2, 6))
    year = _claim("year", D(1936, 1, 1), D(1936, 12, 31), D(1936, 1, 1), D(1936, 12, 31))
    months = _claim("month", D(1936, 11, 1), D(1936, 11, 30), D(1936, 12, 1), D(1936, 12, 31))
    assert disagree(february, days) and disagree(days, february)
    assert not disagree(year, months)


# --------------------------------------------------------------------------- files


def test_png_is_a_readable_picture(drawn: dict[str, Path]) -> None:
    from PIL import Image

    data = drawn["png"].read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(drawn["png"]) as image:
        image.verify()
    with Image.open(drawn["png"]) as image:
        assert image.format == "PNG"
        assert image.size[0] == 1760 and 1200 < image.size[1] < 2400


def test_output_is_byte_identical_across_runs_and_hash_seeds(
    drawn: dict[str, Path], tmp_path: Path
) -> None:
    for suffix in ("svg", "png"):
        again = tmp_path / f"again.{suffix}"
        done = subprocess.run(
            [sys.executable, "-c", CLI, "timeline", "-o", str(again)],
            env={**os.environ, "PYTHONHASHSEED": "12345"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, "", f"wrote {again}\n")
        assert again.read_bytes() == drawn[suffix].read_bytes()
    assert b"<dc:date>" not in drawn["svg"].read_bytes()


def test_svg_text_stays_text(drawn: dict[str, Path]) -> None:
    data = drawn["svg"].read_text(encoding="utf-8")
    assert "First All-Union Congress of Soviets</text>" in data


# --------------------------------------------------------------------------- data, not code

TRIG = """\
@prefix sov: <https://w3id.org/sovkg/ontology#> .
@prefix sk: <https://w3id.org/sovkg/id/> .
@prefix cite: <https://w3id.org/sovkg/id/citation/> .
@prefix src: <https://w3id.org/sovkg/id/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
src:t a sov:SourceDocument ; dcterms:title "Test source" .
cite:t-1 a sov:Citation ; sov:sourceDocument src:t ; sov:quote "A test congress met in 1930." .
cite:t-1 {
  sk:congress-9 a sov:Congress ; rdfs:label "Test Congress"@en ; sov:ordinal 9 ;
      sov:during sk:ts-test .
  sk:ts-test a sov:TimeSpan ; sov:citation cite:t-1 ; sov:dateText "in 1930" ;
      sov:precision sov:Year ;
      sov:beginOfBegin "1930-01-01T00:00:00"^^xsd:dateTime ;
      sov:endOfBegin "1930-12-31T00:00:00"^^xsd:dateTime ;
      sov:beginOfEnd "1930-01-01T00:00:00"^^xsd:dateTime ;
      sov:endOfEnd "1930-12-31T00:00:00"^^xsd:dateTime .
}
"""


def timeline_of(trig: str, tmp_path: Path) -> ET.Element:
    """Draw ``sovkg timeline`` of a data folder holding ``trig`` alone; return the SVG root."""
    need(_has_matplotlib(), "matplotlib")
    data = tmp_path / "data"
    data.mkdir()
    (data / "test.trig").write_text(trig, encoding="utf-8")
    out = tmp_path / "t.svg"
    code, _, err = run_cli(["--data", str(data), "timeline", "-o", str(out)])
    assert (code, err) == (0, f"wrote {out}\n")
    return ET.parse(out).getroot()


def test_the_picture_comes_from_the_graph(tmp_path: Path) -> None:
    root = timeline_of(TRIG, tmp_path)
    shown = texts(root)
    assert "Test Congress" in shown and "\u201cin 1930\u201d" in shown
    assert CONGRESSES["congress-7"] not in shown
    assert days_wide(root, "congress-9--ts-test--year") == pytest.approx(365, abs=0.5)


UNDATED_TRIG = (
    TRIG
    + """\
cite:t-2 a sov:Citation ; sov:sourceDocument src:t ;
    sov:quote "Before it, the Test ASSR was admitted; the Other ASSR was admitted too." .
cite:t-2 {
  sk:Test a sov:Republic ; rdfs:label "Test ASSR"@en .
  sk:Other a sov:Republic ; rdfs:label "Other ASSR"@en .
  sk:admission-test a sov:Admission ; sov:citation cite:t-2 ; rdfs:label "Admission of Test"@en ;
      sov:admitted sk:Test ; sov:before sk:congress-9 .
  sk:admission-other a sov:Admission ; sov:citation cite:t-2 ;
      rdfs:label "Admission of Other"@en ; sov:admitted sk:Other .
}
"""
)


def test_undated_events_come_from_the_graph(tmp_path: Path) -> None:
    """An undated admission is placed by the events it is ordered against, or said undated."""
    root = timeline_of(UNDATED_TRIG, tmp_path)
    shown = texts(root)
    # before the congress "in 1930": from the axis start to the last day it can have begun
    x0, x1 = x_extent(by_id(root, "admission-test--undated--window"))
    assert (day_of(root, x0), day_of(root, x1)) == (AXIS_START, D(1931, 1, 1))
    assert "Admission of Test: undated; before Test Congress (\u201cin 1930\u201d)" in shown
    # nothing orders the other: its own row says so, and no box is drawn
    assert "Admission of Other" in shown and "no date in the sources" in shown
    assert not [n for n in root.iter() if (n.get("id") or "").startswith("admission-other-")]


def test_nothing_dated_is_an_error(tmp_path: Path) -> None:
    need(_has_matplotlib(), "matplotlib")
    data = tmp_path / "data"
    data.mkdir()
    (data / "empty.trig").write_text(TRIG.split("cite:t-1 {")[0], encoding="utf-8")
    out = tmp_path / "t.svg"
    code, out_text, err = run_cli(["--data", str(data), "timeline", "-o", str(out)])
    assert (code, out_text) == (2, "")
    assert err == ("sovkg: error: the graph has no dated congress, membership or change to draw\n")
    assert not out.exists()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["timeline.pdf", "timeline", "timeline.svg.txt", "t.jpeg"])
def test_bad_extension_is_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    code, out, err = run_cli(["timeline", "--output", str(target)])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("sovkg: error: cannot write")
    assert "use a file name ending in .svg or .png" in err
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "t.svg"
    code, out, err = run_cli(["timeline", "-o", str(target)])
    assert (code, out) == (2, "")
    assert err == (
        f"sovkg: error: cannot write '{target}': folder '{target.parent}' does not exist\n"
    )


def test_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root may write anywhere, so the permission check is made to say no
    folder = tmp_path / "ro"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == folder else real(p, m))
    code, out, err = run_cli(["timeline", "-o", str(folder / "t.png")])
    assert (code, out) == (2, "")
    target = folder / "t.png"
    assert err == f"sovkg: error: cannot write '{target}': folder '{folder}' is not writable\n"
    assert list(folder.iterdir()) == []


def test_existing_file_is_kept_when_drawing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need(_has_matplotlib(), "matplotlib")
    import sovkg.timeline as timeline

    target = tmp_path / "t.svg"
    target.write_text("old", encoding="utf-8")

    def broken(*_: object, **__: object) -> bytes:
        raise timeline.TimelineError("drawing failed")

    monkeypatch.setattr(timeline, "draw", broken)
    code, _, err = run_cli(["timeline", "-o", str(target)])
    assert (code, err) == (2, "sovkg: error: drawing failed\n")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.svg"]
