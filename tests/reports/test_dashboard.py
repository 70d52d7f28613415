"""The dashboard on the personas: known answers, scope, access and bad input."""

import csv
import io

import pytest
from django.urls import reverse

from tests import factories as f

from .helpers import figure, section, table

pytestmark = pytest.mark.django_db


def test_manager_sees_the_whole_setting(personas, login):
    response = login(personas.manager).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    overview = section(response, "overview")
    assert figure(overview, "on_roll") == 2
    rooms = table(overview, "rooms")
    assert rooms["Toddlers"][0] == 1 and rooms["Babies"][0] == 1


def test_relationships_leave_out_restricted_links(personas, login):
    result = section(login(personas.manager).get(reverse("reports:dashboard")), "carers")
    rows = table(result, "relationships")
    assert rows["Mother"][0] == 2
    assert rows["Father"][0] == 1
    assert rows["Grandparent"][0] == 1 and rows["Grandparent"][1] == 0  # no parental responsibility
    assert "Other" not in rows  # Rick's court-order link is not counted
    overview = section(login(personas.manager).get(reverse("reports:dashboard")), "overview")
    assert figure(overview, "single_carer") == 1  # Bea: only her mother is known
    assert figure(overview, "no_key_person") == 0


def test_reach_by_postcode_district(personas, login):
    result = section(login(personas.manager).get(reverse("reports:dashboard")), "reach")
    rows = table(result, "districts")
    assert rows["LS6"][0] == 1 and rows["LS11"][0] == 1  # Alfie's two homes: counted in both districts
    assert rows["No address"][0] == 1  # Bea


def test_home_languages_against_preferred_languages(personas, login):
    personas.alfie.home_languages = "English, Polish"
    personas.alfie.save()
    personas.links["mother"].carer.preferred_language = "pl"
    personas.links["mother"].carer.save()
    personas.bea.home_languages = "Urdu"
    personas.bea.save()
    rows = table(section(login(personas.manager).get(reverse("reports:dashboard")), "reach"), "languages")
    assert rows["Polish"][:2] == [1, 1]
    assert rows["Urdu"][:2] == [1, 0] and rows["Urdu"][2]  # a gap: nobody is written to in Urdu
    assert rows["English"][0] == 1


def test_workload_counts_key_children(personas, login):
    rows = table(section(login(personas.manager).get(reverse("reports:dashboard")), "workload"), "key_people")
    assert rows["Kim Keyworker"][0] == 1 and rows["Olly Otherroom"][0] == 1


def test_practitioner_sees_only_their_rooms(personas, login):
    response = login(personas.key_person).get(reverse("reports:dashboard"))
    overview = section(response, "overview")
    assert figure(overview, "on_roll") == 1
    assert set(table(overview, "rooms")) == {"Toddlers"}
    assert b"Bea" not in response.content


def test_practitioner_cannot_choose_another_room(personas, login):
    response = login(personas.key_person).get(reverse("reports:dashboard"), {"room": personas.babies.pk})
    assert response.status_code == 400
    assert "not one of the rooms you can report on" in response.content.decode()


@pytest.mark.parametrize("name", ["mother", "father", "grandmother", "nanny", "restricted_parent", "other_parent"])
def test_families_see_no_reports(personas, login, name):
    assert login(personas.user(name)).get(reverse("reports:dashboard")).status_code == 404


def test_room_scope_and_key_person_scope(personas, login):
    client = login(personas.manager)
    assert figure(section(client.get(reverse("reports:room", args=[personas.babies.pk])), "overview"), "on_roll") == 1
    kim = personas.key_person.memberships.get()
    response = client.get(reverse("reports:dashboard"), {"key_person": kim.pk})
    assert figure(section(response, "overview"), "on_roll") == 1
    assert "Key children of Kim Keyworker" in response.content.decode()


def test_room_of_another_setting_in_the_path_is_a_clear_404(personas, login):
    other_room = f.RoomFactory(setting=personas.other_setting, name="Elsewhere room")
    response = login(personas.manager).get(reverse("reports:room", args=[other_room.pk]))
    assert response.status_code == 404
    assert "may belong to another setting" in response.content.decode()


def test_room_of_another_setting_in_the_query_is_a_clear_message(personas, login):
    other_room = f.RoomFactory(setting=personas.other_setting, name="Elsewhere room")
    response = login(personas.manager).get(reverse("reports:dashboard"), {"room": other_room.pk})
    assert response.status_code == 400
    assert "not one of the rooms you can report on" in response.content.decode()
    assert "dashboard" not in response.context or response.context.get("dashboard") is None


@pytest.mark.parametrize("params, message", [
    ({"period": "custom", "start": "2026-05-01", "end": "2026-04-01"}, "ends before it starts"),
    ({"period": "custom", "start": "2022-01-01", "end": "2026-01-01"}, "at most 2 years"),
    ({"period": "custom", "start": "not-a-date", "end": "2026-01-01"}, "valid date"),
    ({"room": "abc"}, "not one of the rooms"),
])
def test_bad_periods_give_a_clear_message(personas, login, params, message):
    client = login(personas.manager)
    for name in ("reports:dashboard", "reports:print"):
        response = client.get(reverse(name), params)
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client.get(reverse("reports:drilldown", args=["overview", "on_roll"]), params)
    assert response.status_code == 400 and message in response.content.decode()


def test_custom_period_works(personas, login):
    response = login(personas.manager).get(reverse("reports:dashboard"),
                                           {"period": "custom", "start": "2020-01-01", "end": "2021-12-31"})
    assert response.status_code == 200
    assert figure(section(response, "overview"), "on_roll") == 0  # the personas started ~200 days ago


def test_drilldown_lists_the_children_behind_a_number(personas, login):
    response = login(personas.manager).get(reverse("reports:drilldown", args=["carers", "relationship"]),
                                           {"value": "father"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["children"]] == [personas.alfie.pk]
    assert reverse("families:child_detail", args=[personas.alfie.pk]) in response.content.decode()


def test_drilldown_stays_inside_the_practitioners_rooms(personas, login):
    response = login(personas.other_room_practitioner).get(
        reverse("reports:drilldown", args=["carers", "relationship"]), {"value": "mother"})
    assert [c.pk for c in response.context["children"]] == [personas.bea.pk]


def test_unknown_drilldown_is_404(personas, login):
    client = login(personas.manager)
    assert client.get(reverse("reports:drilldown", args=["overview", "nope"])).status_code == 404
    assert client.get(reverse("reports:drilldown", args=["nope", "on_roll"])).status_code == 404
    assert client.get(reverse("reports:drilldown", args=["workload", "key_children"]), {"value": "x"}).status_code == 200


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_of_a_table(personas, login):
    response = login(personas.manager).get(reverse("reports:export", args=["reach", "districts"]))
    rows = _csv(response)
    assert rows[0][0] == "Postcode district"
    assert ["LS6", "1"] == rows[1][:2] or ["LS6", "1"] in [r[:2] for r in rows]


def test_every_table_on_the_dashboard_exports(personas, login):
    client = login(personas.manager)
    dashboard = client.get(reverse("reports:print")).context["dashboard"]
    for report in dashboard.sections:
        for t in report.result.tables:
            rows = _csv(client.get(reverse("reports:export", args=[report.section.key, t.key])))
            assert rows[0] == [str(c) for c in t.columns]
    assert _csv(client.get(reverse("reports:export", args=["trend", "trend"])))[0][0] == "Figure"


def test_csv_neutralises_formulas(personas, login):
    personas.alfie.home_languages = "=HYPERLINK(\"x\")"
    personas.alfie.save()
    rows = _csv(login(personas.manager).get(reverse("reports:export", args=["reach", "languages"])))
    assert all(not r[0].startswith("=") for r in rows)


def test_drilldown_csv(personas, login):
    response = login(personas.manager).get(reverse("reports:drilldown", args=["overview", "on_roll"]),
                                           {"format": "csv"})
    names = [r[0] for r in _csv(response)[1:]]
    assert names == ["Alfie Jones", "Bea Smith"]


def test_print_view_has_every_section_without_forms(personas, login):
    response = login(personas.manager).get(reverse("reports:print"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Partnership report — Sunnyside Nursery" in body
    for report in response.context["dashboard"].sections:
        assert str(report.section.title) in body
    assert 'name="period"' not in body


def test_trend_compares_with_last_term(personas, login):
    response = login(personas.manager).get(reverse("reports:print"))
    trend = {f.key: f for f in response.context["dashboard"].trend}
    assert trend["on_roll"].current == 2
    assert response.context["ctx"].comparison.kind == "last_term"


def test_nav_links(personas, login):
    assert reverse("reports:dashboard") in login(personas.manager).get(reverse("families:home")).content.decode()
    assert reverse("reports:dashboard") in login(personas.key_person).get(reverse("families:home")).content.decode()
    assert reverse("reports:dashboard") not in login(personas.mother).get(reverse("families:home")).content.decode()


def test_a_table_on_its_own_page(personas, login):
    client = login(personas.manager)
    response = client.get(reverse("reports:table", args=["reach", "districts"]))
    assert response.status_code == 200 and "LS11" in response.content.decode()
    assert client.get(reverse("reports:table", args=["reach", "nope"])).status_code == 404
    assert client.get(reverse("reports:table", args=["nope", "districts"])).status_code == 404
    assert login(personas.mother).get(reverse("reports:table", args=["reach", "districts"])).status_code == 404


def test_dashboard_cache_is_per_viewer_and_short(personas, login, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.REPORTS_CACHE_SECONDS = 60
    manager = login(personas.manager)
    first = manager.get(reverse("reports:dashboard"))
    assert "Figures as of" in first.content.decode()
    with django_assert_max_num_queries(14):  # the figures come from the cache
        second = manager.get(reverse("reports:dashboard"))
    assert "Bea Smith" in second.content.decode() or "Babies" in second.content.decode()
    practitioner = login(personas.key_person).get(reverse("reports:dashboard"))
    assert "Babies" not in practitioner.content.decode()  # not the manager's cached figures
    week = manager.get(reverse("reports:dashboard"), {"period": "week"})
    assert week.context["ctx"].period.kind == "week"


def test_the_overview_is_headlines_and_who_needs_us_with_a_next_step(personas, login):
    from datetime import timedelta

    from partnerships.models import Commitment

    today = personas.setting.today()
    Commitment.objects.create(child=personas.alfie, owner=personas.key_person, description="Call about the trip",
                              due_on=today - timedelta(days=3), created_by=personas.key_person)
    response = login(personas.manager).get(reverse("reports:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Headline figures" in body and "Who needs us this week" in body
    assert 1 <= body.count('report-headline"') <= 8
    assert "Commitments past due" in body and "Call about the trip" in body
    assert reverse("partnerships:conversation_add", args=[personas.alfie.pk]) in body  # the one-click next step
    assert "Key person: " in body
    for key in ("contact", "overview", "workload"):
        assert reverse("reports:section", args=[key]) in body  # each section reached from the overview
    assert 'id="section-carers"' not in body  # the sections' tables live on their own pages


def test_a_section_page_has_its_tables_and_csv_and_answers_bad_input_clearly(personas, login):
    client = login(personas.manager)
    response = client.get(reverse("reports:section", args=["reach"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="section-reach"' in body and reverse("reports:export", args=["reach", "districts"]) in body
    assert client.get(reverse("reports:section", args=["nope"])).status_code == 404
    bad = client.get(reverse("reports:section", args=["reach"]), {"period": "custom", "start": "soon"})
    assert bad.status_code == 400 and "cannot be shown for these choices" in bad.content.decode()
    assert login(personas.mother).get(reverse("reports:section", args=["reach"])).status_code == 404


def test_the_term_report_is_a_real_pdf_made_on_the_server(personas, login, tmp_path):
    import subprocess

    response = login(personas.manager).get(reverse("reports:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="triangle-sunnyside-nursery')
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Partnership report — Sunnyside Nursery" in text
    assert "Two-way contact" in text and "Headline figures" in text
    bad = login(personas.manager).get(reverse("reports:pdf"), {"period": "custom", "start": "soon"})
    assert bad.status_code == 400


@pytest.mark.parametrize("language, face", [("ur", "Noto-Nastaliq-Urdu"), ("bn", "Noto-Sans-Bengali")])
def test_the_term_report_pdf_sets_urdu_and_bengali_in_a_face_that_has_their_letters(
        personas, login, tmp_path, language, face):
    """DejaVu lacks Urdu's ے ہ ۔ and all of Bengali, which then print as boxes: the PDF sets them in the Noto faces
    (named by its stylesheet, installed by `make system-libs`: fonts-noto-core). A machine without them fails here."""
    import subprocess

    personas.manager.language = language  # the language on the manager's account
    personas.manager.save(update_fields=["language"])
    response = login(personas.manager).get(reverse("reports:pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert face in fonts, fonts


def test_the_term_report_pdf_reads_its_stylesheets_with_production_static_files(
        personas, login, tmp_path, settings):
    """With DEBUG off the page names the collected, hashed stylesheet (ManifestStaticFilesStorage): the PDF must
    read that file, or it prints in the fallback serif face with none of its layout (it did, until this test)."""
    import subprocess

    from django.core.management import call_command

    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", "-v0")
    response = login(personas.manager).get(reverse("reports:pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu-Sans" in fonts and "Serif" not in fonts, fonts


def test_an_unchanged_headline_says_it_is_the_same_as_last_time(personas, login):
    """'0 on Summer term' read like last term's value; no change says so, in the reader's language."""
    import re

    response = login(personas.manager).get(reverse("reports:dashboard"))
    body = response.content.decode()
    label = response.context["ctx"].comparison.label
    figures = response.context["figures"]
    unchanged = [f for f in figures if f.change == 0]
    assert unchanged, [(f.label, f.change) for f in figures]  # the personas' roll is the same both terms
    assert body.count(f"the same as {label}") == 2 * len(unchanged)  # its card, and its row of the table
    assert not re.search(r">0(\.0)?%?</bdi></span> on ", body)  # a card does not call no change a change of 0
    # The term report (print view and PDF) has only the table: its Change column says so too, never "0.0%".
    printed = login(personas.manager).get(reverse("reports:print")).content.decode()
    assert printed.count(f"the same as {label}") >= len(unchanged)
    assert not re.search(r">\+?0([.,]0)?%?</bdi>", printed)


def test_the_headline_tables_change_reads_in_the_readers_language():
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from reports.sections.base import TrendFigure

    ctx = SimpleNamespace(period=SimpleNamespace(label="Autumn"), comparison=SimpleNamespace(label="Summer"))
    figures = [TrendFigure("share", "Share", 62.5, 60.0, unit="%"), TrendFigure("count", "Count", 12345, 1000),
               TrendFigure("same", "Same", 7, 7)]
    with translation.override("pl"):
        html = render_to_string("reports/_trend_table.html", {"figures": figures, "printing": True, "ctx": ctx})
        same = translation.gettext("the same as %(before)s") % {"before": "Summer"}
    assert "+2,5%</bdi>" in html and "+11\xa0345</bdi>" in html and same in html and same != "the same as Summer"


def test_the_filter_shows_the_scope_and_period_chosen(personas, login):
    page = login(personas.manager).get(reverse("reports:dashboard"), {"room": personas.toddlers.pk,
                                                                      "period": "last_term"}).content.decode()
    assert f'<option value="{personas.toddlers.pk}" selected>Toddlers</option>' in page
    assert f'<option value="{personas.babies.pk}">Babies</option>' in page
    assert '<option value="last_term" selected>' in page
    assert '<option value="term">' in page


def test_no_two_elements_of_the_print_view_share_an_id(personas, login):
    """Each chart's title and description are named by id (aria-labelledby): a second chart with the same id
    would be read out with the first one's title."""
    import re
    from collections import Counter

    body = login(personas.manager).get(reverse("reports:print")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', body))
    assert ids and not [name for name, n in ids.items() if n > 1]
