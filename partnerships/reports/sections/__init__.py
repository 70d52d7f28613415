"""The dashboard's sections, in the order they appear. Add a module and list its class here."""

from .base import Cell, Drill, Figure, Result, Section, Table, TrendFigure  # noqa: F401
from .carers import Carers
from .overview import Overview
from .reach import Reach
from .workload import Workload

SECTIONS: list[Section] = [
    Overview(),
    Carers(),
    Reach(),
    Workload(),
]


def by_key(key: str) -> Section | None:
    for section in SECTIONS:
        if section.key == key:
            return section
    return None
