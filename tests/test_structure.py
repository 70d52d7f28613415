"""The seams between apps: who imports whom, and where reminder sources come from."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from notifications import reminders

ROOT = Path(settings.BASE_DIR)


def imported_modules(package: str):
    """(file, module) for every absolute import in a package, including imports inside functions."""
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name


def test_diaries_imports_nothing_from_partnerships():
    found = [f"{path.relative_to(ROOT)}: {module}" for path, module in imported_modules("diaries")
             if module.split(".")[0] in ("partnerships", "reports")]
    assert found == []


def test_families_imports_no_higher_app():
    higher = {"diaries", "notifications", "reports"}
    found = [f"{path.relative_to(ROOT)}: {module}" for path, module in imported_modules("families")
             if module.split(".")[0] in higher]
    assert found == []


def _notification_import_graph():
    graph = {}
    for path in (ROOT / "notifications").glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level == 1:
                    deps.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
                elif node.level == 0 and node.module and node.module.startswith("notifications."):
                    deps.add(node.module.split(".")[1])
        graph[path.stem] = deps
    return graph


def test_the_only_import_loop_in_notifications_is_tasks_and_sending():
    graph = _notification_import_graph()
    loops = set()

    def walk(node, trail):
        for dep in graph.get(node, ()):
            if dep in trail:
                loops.add(frozenset(trail[trail.index(dep):]))
            elif dep in graph:
                walk(dep, [*trail, dep])

    for start in graph:
        walk(start, [start])
    assert loops == {frozenset({"tasks", "sending"})}


def test_every_app_registers_its_reminder_sources_at_start_up():
    from diaries import reminders as diary_reminders
    from partnerships import reminders as partnership_reminders

    assert reminders.SOURCES["accidents"] is diary_reminders.accidents
    for name in ("requests", "commitments", "concerns", "complaints", "settling", "family_concerns"):
        assert reminders.SOURCES[name] is getattr(partnership_reminders, name)
    assert {"incomplete_records", "invitations"} <= set(reminders.SOURCES)


def test_a_bad_registration_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        reminders.register("accidents", lambda now: 0)  # a second source under a taken name
    with pytest.raises(ImproperlyConfigured):
        reminders.register("typo", "partnerships.reminders.comitments")  # names are not looked up
    assert "typo" not in reminders.SOURCES
