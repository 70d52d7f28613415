"""Triangle speaks Polish to families: the pages a Polish carer opens, the catalogue itself, and their emails."""

import gettext as pygettext
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from diaries import services as diary
from families.models import Carer, CarerLink, Invitation
from notifications import api
from notifications.models import Channel, Notification
from tests.factories import CarerFactory, CarerLinkFactory
from tests.notifications.conftest import run_everything, smtp_server, smtp_settings  # noqa: F401 (fixtures)

PO = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Strings every Polish family carer meets: nav, family home, the child's day, handover, accidents, medicine,
# requests, concerns, notifications. Each must have a Polish translation in the compiled catalogue.
FAMILY_MSGIDS = [
    "Skip to content", "Log out", "My profile", "Notifications", "Close",
    "My children", "Key person", "Hello %(name)s", "The people around %(name)s", "you",
    "The key person will be named here soon.", "Nothing to show yet",
    "%(name)s's day", "Morning handover", "Share from home", "Accidents, medicines, activities",
    "Concerns, requests and events", "Read and acknowledge", "Please read the accident record for %(name)s.",
    "Earlier", "Later", "Today", "Nothing logged yet today.", "Nothing was logged on this day.",
    "Arrived at %(t)s, brought by %(who)s.", "Went home at %(t)s with %(who)s.", "good news", "From home",
    "Try at home", "End-of-day handover", "waiting to be read", "read by %(who)s at %(t)s", "Comment…",
    "Send the morning handover", "Share something from home", "Accidents, medicines, home learning",
    "Meal", "Bottle", "Sleep", "Nappy / toilet", "All", "Most", "Half", "A little", "None", "Wet", "Dirty", "Dry",
    "Slept %(h)dh %(m)02dmin", "Sleeping now",
    "How was the night's sleep?", "Last feed or breakfast", "Who collects today?", "Anything else we should know?",
    "Send the handover", "Handover sent. You will see here when staff have read it.",
    "What did you notice?", "Share with the nursery", "I have read this record",
    "Thank you. The nursery can see you have read this.", "Give consent", "Medicine", "Dose",
    "I hold parental responsibility and give my written consent.",
    "Mother", "Father", "Grandparent", "Nanny", "In the app", "Email", "Text message",
    "Raise a concern", "Tell us more", "Is this right?", "Yes, that is right", "No, not quite",
    "Send my answer", "Yes, I consent", "No, I do not consent", "Book this time", "Waiting for your answer",
    "Accident report for %(child)s: please read and acknowledge", "%(child)s's day at %(setting)s",
    "Open Triangle", "Change how you hear from us", "Mark all as read",
    "The two passwords differ.", "This invitation link no longer works", "Accept the invitation",
]


def polish(msgid):
    with translation.override("pl"):
        return translation.gettext(msgid)


@pytest.fixture
def polish_nanny(personas):
    personas.nanny.language = "pl"
    personas.nanny.save(update_fields=["language"])
    return personas.nanny


def test_the_catalogue_is_valid_gettext():
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_committed_mo_matches_the_po(tmp_path):
    """A fresh machine runs the demo without gettext tools, so the compiled file must be committed and current."""
    assert MO.exists()
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as rebuilt:
        assert pygettext.GNUTranslations(committed)._catalog == pygettext.GNUTranslations(rebuilt)._catalog


def test_polish_plural_forms_follow_polish_grammar():
    with MO.open("rb") as fh:
        catalogue = pygettext.GNUTranslations(fh)
    forms = [catalogue.ngettext("%(n)s time", "%(n)s times", n) % {"n": n} for n in (1, 2, 5, 22, 25, 112)]
    assert forms == ["1 termin", "2 terminy", "5 terminów", "22 terminy", "25 terminów", "112 terminów"]


@pytest.mark.parametrize("msgid", FAMILY_MSGIDS)
def test_family_facing_strings_are_translated(msgid):
    assert polish(msgid) != msgid, f"{msgid!r} has no Polish translation"


def test_nanny_sees_the_family_home_in_polish(personas, login, polish_nanny):
    page = login(polish_nanny).get("/").content.decode()
    assert '<html lang="pl"' in page
    for text in ("Moje dzieci", "Dzień dobry, Nina", "Opiekun prowadzący", "Osoby wokół dziecka: Alfie",
                 "Alfie: jak minął dzień", "Wypadki, leki, zabawy", "Wyloguj się"):
        assert text in page, text
    for english in ("My children", "Hello Nina", "Key person", "The people around", "Alfie's day",
                    "Accidents, medicines, activities", "Log out"):
        assert english not in page, english


def test_nanny_sees_the_childs_day_in_polish(personas, login, polish_nanny):
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    start = now - timedelta(minutes=120)
    if start.astimezone(personas.setting.tz).date() != personas.setting.today():
        pytest.skip("too close to midnight for a morning of diary entries")
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Zupa pomidorowa", amount="all",
                       occurred_at=start + timedelta(minutes=10))
    diary.entry_create(child=alfie, by=kim, kind="sleep", occurred_at=start + timedelta(minutes=20),
                       ends_at=start + timedelta(minutes=80))
    diary.entry_create(child=alfie, by=kim, kind="nappy", nappy="wet", occurred_at=start + timedelta(minutes=90))

    page = login(polish_nanny).get(f"/diary/child/{alfie.pk}/").content.decode()
    for text in ("Alfie: jak minął dzień", "Dzisiaj", "Wcześniej", "Przyjście o", "przyprowadza: Mia Jones",
                 "Posiłek", "Zupa pomidorowa — Wszystko", "Sen", "1 godz. 00 min snu", "Pielucha / toaleta",
                 "Mokra", "Wypadki, leki, nauka w domu"):
        assert text in page, text
    for english in ("Alfie's day", ">Today<", "Earlier", "Arrived at", "brought by", "Meal", "Slept", "Wet",
                    "Accidents, medicines, home learning"):
        assert english not in page, english


def test_an_email_to_a_polish_carer_is_in_polish(personas, smtp_settings):  # noqa: F811
    Carer.objects.filter(user=personas.nanny).update(preferred_channel=Channel.EMAIL, preferred_language="pl")
    Carer.objects.filter(user=personas.mother).update(preferred_channel=Channel.EMAIL, preferred_language="en-gb")
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc-pl")
    run_everything()
    mails = [m for m in smtp_settings.messages if m["To"] == "nanny@example.test"]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"].strip() == "Raport z wypadku – Alfie: prosimy o przeczytanie i potwierdzenie"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert "Prosimy o przeczytanie go i potwierdzenie." in body
        assert "Otwórz Triangle" in body
        assert "Open Triangle" not in body and "Please read it" not in body
    # The English-speaking mother gets the same news in English.
    (mothers,) = [m for m in smtp_settings.messages if m["To"] == "mother@example.test"]
    assert mothers["Subject"].strip() == "Accident report for Alfie: please read and acknowledge"


def test_the_in_app_inbox_of_a_polish_carer_is_in_polish(personas, login, polish_nanny):
    Carer.objects.filter(user=polish_nanny).update(preferred_channel=Channel.IN_APP, preferred_language="pl")
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    row = Notification.objects.get(recipient=polish_nanny)
    assert row.subject == "Podano lek – Alfie"
    page = login(polish_nanny).get("/notifications/").content.decode()
    assert "Podano lek – Alfie" in page and "Oznacz wszystkie jako przeczytane" in page
    assert "Medicine given to Alfie" not in page and "Mark all as read" not in page


def test_a_polish_carer_is_invited_in_polish_and_the_link_opens_in_polish(
    personas, login, django_capture_on_commit_callbacks
):
    carer = CarerFactory(setting=personas.setting, full_name="Ola Nowak", email="ola@example.test",
                         preferred_language="pl")
    link = CarerLinkFactory(child=personas.alfie, carer=carer, relationship=CarerLink.Relationship.AUNT_UNCLE,
                            parental_responsibility=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.key_person).post(reverse("families:carer_invite", args=[link.pk]),
                                                   {"email": "ola@example.test"})
    assert response.status_code == 302
    invite = mail.outbox[-1]
    assert invite.subject == "Zaproszenie do Triangle od placówki Sunnyside Nursery"
    html = invite.alternatives[0][0]
    for body in (invite.body, html):
        assert "Dzień dobry," in body and "zaprasza Cię do Triangle" in body
        assert "invites you" not in body
    token = Invitation.objects.get(carer=carer).token
    page = Client(HTTP_ACCEPT_LANGUAGE="pl").get(reverse("families:invitation_accept", args=[token])).content.decode()
    assert "Sunnyside Nursery zaprasza ola@example.test." in page and "Utwórz moje konto" in page
    assert "has invited" not in page and "Create my account" not in page


def test_the_signed_in_message_is_in_the_account_language(personas):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import DEFAULT_PASSWORD

    personas.nanny.language = "pl"
    personas.nanny.save()
    client = Client()
    response = client.post(reverse("account_login"), {"login": personas.nanny.email, "password": DEFAULT_PASSWORD},
                           follow=True)
    content = response.content.decode()
    assert "Successfully signed in" not in content
