"""The inbox speaks its reader's language of today, not the language a notification was sent in.

A father reading Urdu is sent a request; he then switches to Polish. The stored words stay what was sent (in
Urdu), but his inbox says it again in Polish, with the due date in Polish (genitive month). Rows delivered
before the parameters were stored are rebuilt from their record.
"""

from datetime import date, timedelta

import pytest
from django.utils import formats, translation

from families.models import Carer
from notifications import api, kinds
from notifications.models import Notification
from partnerships import services
from partnerships.models import FamilyRequest

from .conftest import run_everything

pytestmark = pytest.mark.django_db


def _speak(user, code):
    user.language = code
    user.save(update_fields=["language"])
    Carer.objects.filter(user=user).update(preferred_language=code)


def _words(code, kind, **values):
    values.setdefault("due_sentence", ".")
    with translation.override(code):
        spec = kinds.get(kind)
        return str(spec.subject) % values, str(spec.body) % values


def test_a_carer_who_changes_language_reads_earlier_notifications_in_the_new_one(personas, login):
    father = personas.father
    _speak(father, "ur")
    due_on = date.today() + timedelta(days=20)
    services.request_send(setting=personas.setting, by=personas.key_person, kind=FamilyRequest.Kind.BRING,
                          title="Wellies", due_on=due_on, children=[personas.alfie],
                          audience=FamilyRequest.Audience.CHILDREN)
    assert run_everything()
    row = Notification.objects.get(recipient=father, kind="request_sent")
    assert row.language == "ur" and row.params["due_on"] == due_on.isoformat()
    urdu_subject, _urdu_body = _words("ur", "request_sent", setting=personas.setting.name, child="Alfie")
    assert row.subject == urdu_subject  # what was sent, as sent

    client = login(father)
    assert urdu_subject in client.get("/notifications/").content.decode()

    _speak(father, "pl")
    page = client.get("/notifications/").content.decode()
    with translation.override("pl"):
        due = formats.date_format(due_on, "DATE_FORMAT")  # "24 grudnia 2026": the genitive month
        sentence = translation.gettext(", by %(due)s.") % {"due": due}
    subject, body = _words("pl", "request_sent", setting=personas.setting.name, child="Alfie",
                           due_sentence=sentence)
    assert '<html lang="pl"' in page
    assert subject in page and body in page and due in page
    assert urdu_subject not in page
    row.refresh_from_db()
    assert row.subject == urdu_subject  # reading never rewrites what was sent


def test_a_row_delivered_before_parameters_were_kept_is_rebuilt_from_its_record(personas, login):
    _speak(personas.mother, "bn")
    services.request_send(setting=personas.setting, by=personas.key_person, kind=FamilyRequest.Kind.BRING,
                          title="Wellies", due_on=date.today() + timedelta(days=3), children=[personas.alfie],
                          audience=FamilyRequest.Audience.CHILDREN)
    run_everything()
    row = Notification.objects.get(recipient=personas.mother, kind="request_sent")
    Notification.objects.filter(pk=row.pk).update(params={})  # as rows delivered before the field existed
    _speak(personas.mother, "es")
    page = login(personas.mother).get("/notifications/").content.decode()
    with translation.override("es"):
        due = formats.date_format(row.about.due_on, "DATE_FORMAT")
    assert _words("es", "request_sent", setting=personas.setting.name, child="Alfie")[0] in page
    assert due in page and row.subject not in page


def test_an_emailed_notification_also_reads_in_the_readers_language_in_the_inbox(personas, login, smtp_settings):
    _speak(personas.grandmother, "ro")
    Carer.objects.filter(user=personas.grandmother).update(preferred_channel="email")
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    ro_subject, _body = _words("ro", "medicine_dose_given", setting=personas.setting.name, child="Alfie")
    assert ro_subject in [m["Subject"] for m in smtp_settings.messages]  # the email: her language when it was sent
    _speak(personas.grandmother, "pt")
    pt_subject, pt_body = _words("pt", "medicine_dose_given", setting=personas.setting.name, child="Alfie")
    page = login(personas.grandmother).get("/notifications/").content.decode()
    assert pt_subject in page and pt_body in page and ro_subject not in page
