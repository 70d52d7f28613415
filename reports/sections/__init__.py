"""The dashboard's sections, in the order they appear. Add a module and list its class here."""

from ..facts import AVAILABLE
from .base import Cell, Drill, Figure, Result, Section, Table, TrendFigure  # noqa: F401
from .carers import Carers
from .overview import Overview
from .reach import Reach
from .workload import Workload

if AVAILABLE:  # the sections that read diary and partnership records
    from .attendance import AttendanceSection
    from .concerns import ConcernsAndComplaints
    from .contact import Contact
    from .diary import Diary
    from .good_news import GoodNews
    from .parent_voice import ParentVoice
    from .reciprocity import Reciprocity
    from .requests import Requests
    from .talk import WhoWeTalkTo

    SECTIONS: list[Section] = [
        Overview(), Contact(), Reciprocity(), ParentVoice(), GoodNews(), WhoWeTalkTo(), Requests(),
        ConcernsAndComplaints(), Diary(), AttendanceSection(), Reach(), Carers(), Workload(),
    ]
else:
    SECTIONS = [Overview(), Carers(), Reach(), Workload()]


def by_key(key: str) -> Section | None:
    for section in SECTIONS:
        if section.key == key:
            return section
    return None
