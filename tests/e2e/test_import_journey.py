"""A manager brings a nursery in from a spreadsheet at tablet width: a column it does not know mapped, problems listed by row and column, a corrected
file previewed, confirmed, the progress bar moving while a real Celery worker writes, then the result and the
invitation step. Screenshots: test-artifacts/screenshots/test_a_manager_imports_*/."""

import pytest

from enrolment import template
from families.models import Child
from tests.enrolment.test_live_import import worker  # noqa: F401  (the real Celery worker fixture)

from .conftest import TABLET, _path, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.celery_live]


def _upload(page, path):
    page.goto("/manage/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation(wait_until="load"):
        page.click("main [type=submit]")


def test_a_manager_imports_the_nursery_with_a_preview_and_a_progress_bar(new_page, browser_login, shot, personas,
                                                                          worker, tmp_path):  # noqa: F811
    page = new_page(TABLET)
    browser_login(page, personas.manager)
    page.goto("/setup/checklist/")
    page.click("text=Import your children")
    assert _path(page) == "/manage/import/"
    shot(page, "1-start-tablet")

    renamed = tmp_path / "renamed.csv"
    renamed.write_text(template.csv_text().replace("Carer phone", "Mobile no."))
    _upload(page, renamed)
    assert _path(page).endswith("/columns/")
    page.get_by_label("“Mobile no.” (sheet “renamed.csv”)").select_option(label="Carer phone")
    shot(page, "2-columns-tablet")
    with page.expect_navigation(wait_until="load"):
        page.click("main [type=submit]")
    assert page.locator(".import-counts").is_visible()

    broken = tmp_path / "broken.csv"
    broken.write_text(template.csv_text().replace("02/04/2023", "31/02/2023").replace("Toddlers", "Narnia"))
    _upload(page, broken)
    assert page.locator(".import-problems").is_visible()
    assert page.get_by_text("is not a date that exists").is_visible()
    assert page.locator("text=Confirm and import").count() == 0
    shot(page, "3-problems-tablet")

    good = tmp_path / "nursery.xlsx"
    good.write_bytes(template.workbook_bytes(families=150))
    _upload(page, good)
    assert page.locator(".import-counts").is_visible()
    shot(page, "4-preview-tablet")
    before = Child.objects.count()
    with page.expect_navigation(wait_until="load"):
        page.click("text=Confirm and import")
    bar = page.locator("#import-bar")
    bar.wait_for()
    wait_until(page, "() => Number(document.querySelector('#import-bar')?.value) > 0", timeout=120)
    shot(page, "5-progress-tablet")
    page.get_by_text("Invite the families").wait_for(timeout=300_000)  # htmx reloads the page when it is done
    assert Child.objects.count() == before + 150
    shot(page, "6-done-tablet")
