"""One contract for "not allowed" (issue 10): services raise families.access.NotAllowed, views answer 404.

NotAllowed is a PermissionDenied, so code that already expected Django's refusal keeps working; the 403
handler (families/view_helpers.py) turns it into the same 404 as a missing page. ValidationError stays
what it is: bad input, shown on the form.
"""

import ast
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import get_resolver, include, path
from django.utils import timezone

from diaries import services as diary_services
from families.access import NotAllowed
from families.view_helpers import permission_denied
from partnerships import services as partnership_services

from .test_structure import ROOT


def test_not_allowed_is_a_permission_denied():
    assert issubclass(NotAllowed, PermissionDenied)


def test_no_service_raises_python_permission_error():
    found = []
    for package in ("families", "diaries", "partnerships", "notifications", "reports"):
        for file in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text())):
                if isinstance(node, ast.Raise) and "PermissionError" in ast.unparse(node):
                    found.append(f"{file.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_the_three_apps_refuse_with_not_allowed(personas):
    p = personas
    with pytest.raises(NotAllowed):  # diaries: a carer is not staff
        diary_services.entry_create(child=p.alfie, by=p.mother, kind="meal", what="x", occurred_at=timezone.now())
    with pytest.raises(NotAllowed):  # diaries: a nanny has no parental responsibility
        diary_services.medicine_consent_give(child=p.alfie, by=p.nanny, medicine="Calpol", dose="5 ml",
                                             when="at need", starts_on=date.today(), ends_on=date.today())
    with pytest.raises(NotAllowed):  # partnerships: staff of another setting
        partnership_services.conversation_log(child=p.alfie, by=p.other_setting_staff,
                                              carers=[p.links["mother"].carer], channel="phone", topic="x")
    with pytest.raises(NotAllowed):  # partnerships: a carer of another child
        partnership_services.family_concern_raise(child=p.alfie, by=p.other_parent, subject="x", details="x")


def _refuses(request):
    raise NotAllowed("no")


def _forbids(request):
    raise PermissionDenied("no")


urlpatterns = [path("refuses/", _refuses), path("forbids/", _forbids), path("", include("config.urls"))]
handler403 = "families.view_helpers.permission_denied"  # as config/urls.py has it


def test_a_refusal_answers_404_like_a_missing_page_and_other_403s_stay(personas, login, settings):
    settings.ROOT_URLCONF = __name__
    client = login(personas.key_person)
    assert client.get("/refuses/").status_code == 404
    assert client.get("/forbids/").status_code == 403
    request = RequestFactory().get("/")
    assert permission_denied(request, NotAllowed()).status_code == 404
    assert permission_denied(request, PermissionDenied()).status_code == 403
    assert not isinstance(NotAllowed(), Http404)
    assert get_resolver("config.urls").resolve_error_handler(403) is permission_denied
