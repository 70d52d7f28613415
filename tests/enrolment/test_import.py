"""Issue 12, point 1: a nursery's spreadsheet comes in, previewed, confirmed, in one transaction, and again unchanged."""

import pytest
from django.core import mail
from django.urls import reverse
from simple_history.utils import get_history_model_for_model

from enrolment import services, template
from enrolment.models import ImportBatch
from enrolment.selectors import preview_of
from families.models import AuthorisedCollector, Carer, CarerLink, Child, Household, Invitation, Membership, Room
from tests.test_access_matrix import _database_fingerprint

from .conftest import csv_file, run, workbook_with, xlsx

HEADERS = [str(c.label) for c in __import__("enrolment.columns", fromlist=["COLUMNS"]).COLUMNS["families"]]


def families_sheet(families=1):
    rows = [template._cells("families", r) for r in template.example_rows("families", families)]
    return [list(HEADERS)] + [list(r) for r in rows]


def other_sheets():
    return {title: [[str(c.label) for c in template.columns.COLUMNS[kind]]]
            + [template._cells(kind, r) for r in template.example_rows(kind)]
            for title, kind in (("Staff", "staff"), ("Rooms", "rooms"))}


def cell(rows, row_index, field):
    return HEADERS.index(str(template.columns.fields_of("families")[field].label)), row_index


def test_the_template_family_comes_in_with_every_right_household_and_collector(personas, upload, manager_client):
    batch = upload(xlsx())
    page = manager_client.get(reverse("enrolment:batch", args=[batch.pk]))
    assert b"Confirm and import" in page.content and not page.context["plan"].problems
    assert not Child.objects.filter(legal_last_name="Jones", legal_first_name="Alfred", preferred_name="Alfie",
                                    start_date__year=2025).exists()  # nothing written before the manager confirms
    batch = run(batch, personas.manager)
    assert batch.status == ImportBatch.Status.DONE and batch.sheets == {}

    child = Child.objects.get(setting=personas.setting, start_date__year=2025)
    assert (child.legal_first_name, child.preferred_name, child.room.name) == ("Alfred", "Alfie", "Toddlers")
    links = {link.carer.full_name: link for link in child.carer_links.select_related("carer__household")}
    mum, dad, gran, rick = (links[n] for n in ("Mia Jones", "Tomasz Nowak", "Peg Jones", "Rick Stone"))
    assert mum.parental_responsibility and dad.parental_responsibility and mum.can_see_concerns
    assert mum.carer.household != dad.carer.household  # separated parents, two households
    assert {h.label for h in child.households.all()} == {"Mum's home", "Dad's home"}
    assert gran.may_collect and gran.emergency_contact and not gran.parental_responsibility
    assert rick.is_restricted and not rick.can_see_diary and "Prohibited steps" in rick.restriction_note
    assert rick.carer.household is None and not rick.carer.email
    assert dad.carer.preferred_language == "pl" and dad.child_calls_them == "Tata"
    sue = AuthorisedCollector.objects.get(child=child)
    assert sue.full_name == "Sue Patel" and sue.check_collection_password("Blue  Giraffe")
    kim = Membership.objects.get(setting=personas.setting, user__email="kim.keyworker@example.com")
    assert child.key_person_assignments.get().staff == kim and [r.name for r in kim.rooms.all()] == ["Toddlers"]
    assert Room.objects.filter(setting=personas.setting, name="Pre-school").exists()


def test_importing_the_same_file_again_changes_nothing(personas, upload):
    run(upload(xlsx(families=3)), personas.manager)
    histories = [get_history_model_for_model(m).objects.count() for m in (Child, Carer, CarerLink, Household)]
    before = _database_fingerprint(skip={"enrolment_importbatch"})
    again = upload(xlsx(families=3))
    plan = preview_of(batch=again, viewer=personas.manager)
    assert plan.ok and plan.writes == 0 and {r["create"] + r["update"] for r in plan.counts} == {0}
    run(again, personas.manager)
    assert again.status == ImportBatch.Status.DONE
    assert _database_fingerprint(skip={"enrolment_importbatch"}) == before
    assert [get_history_model_for_model(m).objects.count() for m in (Child, Carer, CarerLink, Household)] == histories


def test_a_corrected_file_updates_what_changed_and_says_so(personas, upload, manager_client):
    run(upload(xlsx()), personas.manager)
    rows = families_sheet()
    dob, row = cell(rows, 1, "date_of_birth")
    rows[1][dob] = "13/04/2023"
    phone, _row = cell(rows, 3, "carer_phone")
    rows[3][phone] = "07700 900999"
    batch = upload(workbook_with({"Families": rows, **other_sheets()}))
    page = manager_client.get(reverse("enrolment:batch", args=[batch.pk]))
    text = page.content.decode()
    assert "date of birth" in text and "2023-04-13" in text and "07700 900999" in text
    counts = {r["kind"]: r for r in page.context["plan"].counts}
    assert counts["child"]["update"] == 1 and counts["carer"]["update"] == 1 and counts["child"]["create"] == 0
    run(batch, personas.manager)
    assert Child.objects.get(start_date__year=2025).date_of_birth.isoformat() == "2023-04-13"
    assert Carer.objects.get(email="peg.jones@example.com").phone == "07700 900999"
    assert Child.objects.filter(start_date__year=2025).count() == 1  # matched on the Child ID, not duplicated


def test_problems_are_listed_by_row_and_column_and_nothing_can_be_confirmed(personas, upload, manager_client):
    rows = families_sheet(families=2)
    dob, _ = cell(rows, 1, "date_of_birth")
    rows[1][dob] = "31/02/2023"
    room, _ = cell(rows, 6, "room")
    rows[6][room] = "Narnia"
    name, _ = cell(rows, 7, "carer_name")
    rows[7][name] = "Someone Else"  # tomasz.nowak.2@ is also "Tomasz Nowak 2" on... a different family's row
    email, _ = cell(rows, 7, "carer_email")
    rows[7][email] = "mia.jones.2@example.com"
    pr, _ = cell(rows, 6, "parental_responsibility")
    for r in rows[6:11]:
        if r[pr] == "yes":
            r[pr] = "no"
    batch = upload(workbook_with({"Families": rows, **other_sheets()}))
    page = manager_client.get(reverse("enrolment:batch", args=[batch.pk]))
    problems = {(p.row, p.column): p.message for p in page.context["plan"].problems}
    assert "is not a date that exists" in problems[(2, "Date of birth")]
    assert "no room called “Narnia”" in problems[(7, "Room")]
    assert "one email address is one person" in problems[(8, "Carer name")]
    assert "Nobody on this sheet holds parental responsibility" in problems[(7, "Parental responsibility")]
    assert b"Confirm and import" not in page.content
    before = _database_fingerprint(skip={"enrolment_importbatch"})
    response = manager_client.post(reverse("enrolment:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert _database_fingerprint(skip={"enrolment_importbatch"}) == before


def test_column_names_are_recognised_in_their_usual_variants(personas, upload, manager_client):
    text = ("Forename,Surname,DOB,Room,Parent name,E-mail,Relationship,PR\n"
            "Ada,Lovelace,10/12/2022,Toddlers,Annabella Byron,annabella@example.com,Mum,Y\n")
    batch = upload(csv_file(text))
    assert batch.mapped
    plan = preview_of(batch=batch, viewer=personas.manager)
    assert plan.ok, plan.problems
    run(batch, personas.manager)
    link = CarerLink.objects.get(carer__email="annabella@example.com")
    assert link.relationship == "mother" and link.parental_responsibility and link.child.room == personas.toddlers


def test_a_template_in_bengali_reads_back_with_its_own_yes_and_no(personas, upload, manager_client):
    """The instructions say "write yes or no" in the manager's language: হ্যাঁ / না are read as yes / no."""
    from django.utils import translation

    with translation.override("bn"):
        headers = [str(c.label) for c in template.columns.COLUMNS["families"]]
        rows = [template._cells("families", r) for r in template.example_rows("families")]
        pr = headers.index(str(template.columns.fields_of("families")["parental_responsibility"].label))
        for row in rows:
            row[pr] = {"yes": "হ্যাঁ", "no": "না"}.get(row[pr], row[pr])
        sheets = {str(template.columns.kind_label("families")): [headers] + rows}
        for kind in ("staff", "rooms"):
            sheets[str(template.columns.kind_label(kind))] = [[str(c.label) for c in template.columns.COLUMNS[kind]]] + [
                template._cells(kind, r) for r in template.example_rows(kind)]
        batch = upload(workbook_with(sheets))
        plan = preview_of(batch=batch, viewer=personas.manager)
    assert batch.mapped and plan.ok, plan.problems[:5]
    run(batch, personas.manager)
    links = {link.carer.full_name: link for link in CarerLink.objects.filter(child__legal_last_name="Jones")}
    assert links["Mia Jones"].parental_responsibility and not links["Peg Jones"].parental_responsibility


def test_a_key_person_given_by_an_unknown_email_says_so(personas, upload, manager_client):
    batch = upload(csv_file(template.csv_text()))  # the families sheet alone: Kim is on the Staff sheet it lacks
    problems = {p.column: p.message for p in preview_of(batch=batch, viewer=personas.manager).problems}
    assert problems["Key person"].startswith("No staff member has the email address “kim.keyworker@example.com”")


def test_unrecognised_columns_are_mapped_by_the_manager(personas, upload, manager_client):
    text = ("Kid forename,Surname,Date of birth,Grown-up,Grown-up email,Relationship,Parental responsibility\n"
            "Ada,Lovelace,10/12/2022,Annabella Byron,annabella@example.com,Mother,yes\n")
    response = manager_client.post(reverse("enrolment:start"), {"file": csv_file(text)})
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == reverse("enrolment:columns", args=[batch.pk])
    form = manager_client.get(response["Location"]).context["form"]
    names = {header: name for name, (_kind, header) in form.columns.items()}
    assert set(names) == {"Kid forename", "Grown-up", "Grown-up email"}
    manager_client.post(response["Location"], {names["Kid forename"]: "first_name", names["Grown-up"]: "carer_name",
                                               names["Grown-up email"]: "carer_email"})
    plan = preview_of(batch=ImportBatch.objects.get(pk=batch.pk), viewer=personas.manager)
    assert plan.ok, plan.problems
    assert [i.name for i in plan.planner.items["carer"].values()] == ["Annabella Byron"]


@pytest.mark.parametrize("content, message", [
    ("Shoe size,Favourite colour\n9,blue\n", "recognises none of the columns"),
    ("Child first name,Child last name,Date of birth\nZoë,Brontë,01/01/2023\n".encode("cp1252"), "not in UTF-8"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "old Excel file"),
    (b"PK\x03\x04 not really a zip", "could not be read as an Excel workbook"),
    (b"x" * (20 * 1024 * 1024), "the limit is 5.0 MB"),
])
def test_bad_files_get_a_clear_message_and_change_nothing(personas, manager_client, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _database_fingerprint()
    raw = content if isinstance(content, bytes) else content.encode()
    response = manager_client.post(reverse("enrolment:start"), {"file": SimpleUploadedFile("bad.csv", raw)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert _database_fingerprint() == before


def test_duplicate_rows_are_a_problem(personas, upload):
    rows = families_sheet()
    rows.insert(2, list(rows[2]))
    plan = preview_of(batch=upload(workbook_with({"Families": rows, **other_sheets()})), viewer=personas.manager)
    assert any("the same row twice" in p.message and p.row == 4 for p in plan.problems)


def test_formula_cells_are_stored_as_text_and_escaped_in_report_exports(personas, upload):
    text = ("Child first name,Child last name,Date of birth,Carer name,Carer email,Relationship,PR,Carer phone\n"
            '"=HYPERLINK(""http://evil.test"",""x"")",@SUM(A1),10/12/2022,+Cmd,cmd@example.com,Mother,yes,+44 7700 900123\n')
    run(upload(csv_file(text)), personas.manager)
    child = Child.objects.get(legal_last_name="@SUM(A1)")
    assert child.legal_first_name == '=HYPERLINK("http://evil.test","x")'
    assert Carer.objects.get(email="cmd@example.com").phone == "+44 7700 900123"
    from reports.views import _safe

    assert _safe(child.legal_first_name).startswith("'=") and _safe(child.legal_last_name).startswith("'@")
    assert template.as_text("+Cmd") == "'+Cmd"


def test_two_files_cannot_be_imported_at_once(personas, upload, manager_client):
    first = upload(xlsx())
    services.batch_confirm(batch=first, by=personas.manager)  # queued, not run yet: it holds the lock
    second = ImportBatch.objects.create(setting=personas.setting, uploaded_by=personas.manager, filename="b.xlsx",
                                        sheets=ImportBatch.objects.get(pk=first.pk).sheets)
    before = _database_fingerprint()
    response = manager_client.post(reverse("enrolment:confirm", args=[second.pk]), follow=True)
    assert "Another file is being imported" in response.content.decode()
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.PREVIEW and _database_fingerprint() == before
    services.batch_run(batch_id=first.pk)
    response = manager_client.post(reverse("enrolment:confirm", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.QUEUED


def test_a_file_that_no_longer_fits_the_database_at_import_time_writes_nothing(personas, upload):
    text = ("Forename,Surname,DOB,Room,Parent name,E-mail,Relationship,PR\n"
            "Ada,Lovelace,10/12/2022,Toddlers,Annabella Byron,annabella@example.com,Mum,Y\n")
    batch = upload(csv_file(text))
    services.batch_confirm(batch=batch, by=personas.manager)
    personas.toddlers.name = "Little ones"  # renamed between the preview and the worker's turn
    personas.toddlers.save()
    before = _database_fingerprint(skip={"enrolment_importbatch"})
    services.batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.failure_code) == (ImportBatch.Status.FAILED, "changed_since_preview")
    assert _database_fingerprint(skip={"enrolment_importbatch"}) == before and batch.sheets == {}


def test_afterwards_every_carer_with_an_email_is_invited_in_their_own_language(personas, upload, manager_client,
                                                                             django_capture_on_commit_callbacks,
                                                                             settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        batch = run(upload(xlsx()), personas.manager)
        page = manager_client.get(reverse("enrolment:batch", args=[batch.pk]))
        assert page.context["to_invite"] == 3  # Mia, Tomasz, Peg: Rick is restricted, Sue has no account
        with django_capture_on_commit_callbacks(execute=True):
            manager_client.post(reverse("enrolment:invite", args=[batch.pk]))
    finally:
        app.conf.task_always_eager = False
    invited = {i.email: i for i in Invitation.objects.filter(kind=Invitation.Kind.CARER, carer__isnull=False)}
    assert set(invited) >= {"mia.jones@example.com", "tomasz.nowak@example.com", "peg.jones@example.com"}
    assert not Invitation.objects.filter(carer__full_name="Rick Stone").exists()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Triangle" in subjects["tomasz.nowak@example.com"]
    assert subjects["tomasz.nowak@example.com"] != subjects["mia.jones@example.com"]  # Polish, not English


def test_the_first_run_checklist_links_to_the_import(personas, manager_client):
    page = manager_client.get(reverse("families:setup_checklist"))
    assert reverse("enrolment:start").encode() in page.content
