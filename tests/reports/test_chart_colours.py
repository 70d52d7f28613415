"""The report's colours pass WCAG 2.1 contrast on the page's white (issue 13 point 4): bars and markers are
non-text graphics (3:1, SC 1.4.11), chart labels and the better/worse marks are text (4.5:1, SC 1.4.3).
The e2e axe walk checks text on rendered pages; SVG fills are outside what axe measures, hence this test."""

import re
from pathlib import Path

import pytest

from reports.charts import PALETTE

ROOT = Path(__file__).resolve().parents[2]
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    hex_ = colour.lstrip("#")
    channels = [int(hex_[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey passing AA on white


@pytest.mark.parametrize("colour", PALETTE)
def test_every_series_colour_stands_out_from_the_page(colour):
    assert contrast(colour, WHITE) >= 3.0, colour


@pytest.mark.parametrize("sheet", ["static/reports/reports.css", "static/reports/term_report_print.css"])
def test_the_text_colours_of_the_report_stylesheets_are_readable(sheet):
    css = (ROOT / sheet).read_text()
    colours = re.findall(r"(?:color|fill):\s*(#[0-9a-fA-F]{6})", css)
    assert colours, f"no text colours found in {sheet}"
    for colour in colours:
        assert contrast(colour, WHITE) >= 4.5, (sheet, colour)
