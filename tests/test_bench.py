"""The bench's verdict (scripts/bench.py, `make bench`), CI-safe: the judging on made-up timings, no servers.

The full run (seeding, gunicorn, HTTP) is behind `make bench` only; docs/performance.md has its output.
"""

import importlib.util
import sys
from argparse import Namespace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_script", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _runs(bench, slow_label=None, slow_p95=0.0, floor_p50=20.0):
    pages = bench._pages()
    stats, counts = {}, {}
    for page in pages:
        p50, p95 = (floor_p50, 30.0) if page.kind == "floor" else (30.0, 40.0)
        if page.kind == "report":
            p50, p95 = 60.0, 100.0
        if page.label == slow_label:
            p95 = slow_p95
        stats[page.label], counts[page.label] = (p50, p95), 5
    result = {"size": {"children": 150, "entries": 1000}, "stats": stats, "counts": counts}
    load = (1.0, 2.0, 3.0)
    return {"1 nursery": (result, load, load), "10 nurseries": (result, load, load)}


def test_within_every_budget_passes_and_prints_ratios_and_the_load(bench, capsys):
    assert bench.report(_runs(bench), Namespace(rounds=5, warmup=1)) is False
    out = capsys.readouterr().out
    assert "load average before 1.00, 2.00, 3.00" in out
    assert "x floor p95" in out and "PASS: 0 budget(s) broken" in out
    assert "staff: room board (Toddlers)" in out and "1.33" in out  # 40 / 30


@pytest.mark.parametrize("label, p95, broken", [
    ("staff: room board (Toddlers)", 46.0, "p95 1.53 x floor <= 1.5"),  # busy: 1.5 x the floor's p95
    ("manager: report overview, uncached", 121.0, "p95 4.03 x floor <= 4.0"),  # the report: 4 x
])
def test_a_page_over_its_ratio_fails(bench, capsys, label, p95, broken):
    assert bench.report(_runs(bench, label, p95), Namespace(rounds=5, warmup=1)) is True
    out = capsys.readouterr().out
    assert "FAIL: 1 budget(s) broken" in out and f"{label}: {broken}" in out


def test_a_slow_floor_fails_on_its_own_p50(bench, capsys):
    assert bench.report(_runs(bench, floor_p50=41.0), Namespace(rounds=5, warmup=1)) is True
    assert "p50 41.0 ms <= 40 ms" in capsys.readouterr().out
