"""What the system writes, it writes for the reader; what a person typed stays as typed and says in which language.

Alfie's mother reads English, his father Urdu and his nanny Polish. The key person writes once; each of them reads
the phrasebook phrases, the entry labels and the end-of-day summary in their own language.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from diaries import phrasebook
from diaries import services as diary
from diaries.models import DiaryEntry
from families import services as family_services
from families.models import Carer, CarerLink
from partnerships import services as partnership_services

URDU = {"ate_all": "سب کھا لیا", "bring_spare_clothes": "براہ کرم اضافی کپڑے لائیں", "summary": "کھایا:"}
POLISH = {"ate_all": "Zjadło wszystko", "bring_spare_clothes": "Prosimy przynieść ubranie na zmianę",
          "summary": "Posiłki:"}


@pytest.fixture
def readers(personas):
    for user, code in ((personas.mother, "en-gb"), (personas.father, "ur"), (personas.nanny, "pl")):
        user.language = code
        user.save(update_fields=["language"])
        Carer.objects.filter(user=user).update(preferred_language=code)
    return personas


def _morning(personas):
    """A meal with a phrase and a typed note, a phrase-only note, and a check-out with the key person's words."""
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    local = now.astimezone(personas.setting.tz)
    minutes = (local - local.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 60
    if minutes < 10:
        pytest.skip("too close to midnight for a morning of diary entries")
    step = timedelta(minutes=min(60, minutes - 1) / 6)
    start = now - 6 * step
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Fish pie and peas", amount="all", phrase="ate_all",
                       text="Asked for more peas", occurred_at=start + step)
    diary.entry_create(child=alfie, by=kim, kind="note", phrase="bring_spare_clothes", occurred_at=start + 2 * step)
    diary.check_out(child=alfie, by=kim, link=personas.links["mother"], day_summary="Built a tall tower today.",
                    at=start + 3 * step)


def test_each_carer_reads_the_same_day_in_their_own_language(readers, login):
    p = readers
    _morning(p)
    url = reverse("diaries:child_day", args=[p.alfie.pk])

    mother = login(p.mother).get(url).content.decode()
    assert '<html lang="en-gb" dir="ltr"' in mother
    assert "Ate all of it" in mother and "Please bring spare clothes" in mother and "Ate: Fish pie and peas" in mother
    assert "written in" not in mother  # the key person wrote in English, the mother reads English

    father = login(p.father).get(url).content.decode()
    assert '<html lang="ur" dir="rtl"' in father and "bootstrap.rtl.min.css" in father
    for text in URDU.values():
        assert text in father, text
    assert "Ate all of it" not in father and "Please bring spare clothes" not in father and "Ate: " not in father
    with translation.override("ur"):
        told = translation.gettext("written in %(language)s") % {"language": translation.gettext("English")}
    # Typed words are shown exactly as typed, in their own language, and say so.
    assert 'lang="en-gb" dir="auto">Asked for more peas</span>' in father
    assert 'lang="en-gb" dir="auto">Built a tall tower today.</span>' in father
    assert told in father

    nanny = login(p.nanny).get(url).content.decode()
    assert '<html lang="pl" dir="ltr"' in nanny
    for text in POLISH.values():
        assert text in nanny, text
    assert "Fish pie and peas" in nanny and "Asked for more peas" in nanny
    assert "Ate all of it" not in nanny and "Ate: " not in nanny


def test_the_phrase_is_stored_as_a_key_and_a_typed_note_keeps_its_writers_language(readers):
    p = readers
    p.key_person.language = "pl"
    p.key_person.save(update_fields=["language"])
    entry = diary.entry_create(child=p.alfie, by=p.key_person, kind="note", phrase="long_nap", text="Spał jak aniołek")
    entry.refresh_from_db()
    assert entry.phrase == "long_nap" and entry.written_in == "pl" and entry.text == "Spał jak aniołek"
    with translation.override("ur"):
        assert entry.phrase_text == "لمبی نیند لی"
    comment = diary.comment_add(entry=entry, by=p.father, text="شکریہ")
    assert comment.written_in == "ur"


def test_an_unknown_phrase_is_refused_with_a_message_and_nothing_is_saved(readers, login):
    p = readers
    client = login(p.key_person)
    before = DiaryEntry.objects.count()
    response = client.post(reverse("diaries:board_quick_entry", args=[p.toddlers.pk]), {
        "kind": "note", "time": timezone.now().astimezone(p.setting.tz).strftime("%H:%M"),
        "phrase": "not-a-phrase", "child": [p.alfie.pk]})
    assert response.status_code == 200
    assert "Choose a phrase from the list." in response.content.decode()
    assert DiaryEntry.objects.count() == before


def test_the_phrasebook_has_forty_phrases_in_every_language(settings):
    assert len(phrasebook.PHRASES) >= 40
    with translation.override("en-gb"):
        english = {key: str(text) for key, text in phrasebook.PHRASES.items()}
    for code, _name in settings.LANGUAGES:
        if code == "en-gb":
            continue
        with translation.override(code):
            untranslated = [key for key, text in phrasebook.PHRASES.items() if str(text) == english[key]]
        assert not untranslated, (code, untranslated)


def test_polish_dates_use_the_genitive_month():
    with translation.override("pl"):
        assert date_format(date(2026, 12, 2), "j E") == "2 grudnia"
        assert date_format(date(2026, 3, 14), "j E Y") == "14 marca 2026"


def test_staff_see_each_carers_language_and_who_needs_an_interpreter(readers, login):
    p = readers
    Carer.objects.filter(user=p.father).update(needs_interpreter=True)
    page = login(p.key_person).get(reverse("families:child_detail", args=[p.alfie.pk])).content.decode()
    assert "Reads Triangle in" in page
    assert "<strong>Urdu</strong>" in page and "<strong>Polish</strong>" in page and "<strong>English</strong>" in page
    assert page.count("needs an interpreter for meetings") == 1

    concern = partnership_services.concern_raise(
        child=p.alfie, by=p.key_person, title="Language", summary="Few words",
        observed_on=date.today() - timedelta(days=2), note="Points rather than says")
    concern = partnership_services.concern_invite_parent(
        concern=concern, by=p.key_person, meeting_at=timezone.now() + timedelta(days=1), version=concern.version)
    page = login(p.key_person).get(reverse("partnerships:concern_detail", args=[concern.pk])).content.decode()
    assert "Fred Jones needs an interpreter (Urdu) for this meeting." in page


def test_the_invitation_page_speaks_the_invited_carers_language(readers, client, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    p = readers
    link = p.links["grandmother"]
    Carer.objects.filter(pk=link.carer_id).update(user=None, preferred_language="pl")
    link.carer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = family_services.invitation_send_to_carer(link=link, by=p.manager, email="peg.new@example.test")
    page = client.get(reverse("families:invitation_accept", args=[invitation.token]),
                      HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="pl"' in page
    assert mailoutbox[-1].to == ["peg.new@example.test"]
    with translation.override("pl"):
        subject = translation.gettext("You are invited to Triangle at %(setting)s") % {"setting": p.setting.name}
        welcome = translation.gettext("Welcome to Triangle")
    assert mailoutbox[-1].subject == subject == "Zaproszenie do Triangle od placówki Sunnyside Nursery"
    assert welcome in page and welcome != "Welcome to Triangle"


def test_anonymous_pages_follow_accept_language_and_read_right_to_left(client, personas):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert '<html lang="ur" dir="rtl"' in page and "bootstrap.rtl.min.css" in page
    assert 'name="language"' in page  # the switcher is on every page
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<html lang="pl" dir="ltr"' in page and "bootstrap.min.css" in page


def test_a_carers_relationship_reads_in_the_readers_language_and_an_old_value_as_stored(personas):
    link = CarerLink.objects.get(child=personas.alfie, carer__user=personas.mother)
    link.relationship, link.child_calls_them = "aunt_uncle", "Auntie Peg"
    with translation.override("pl"):
        polish = translation.gettext("Aunt or uncle")
        assert polish != "Aunt or uncle"
        assert link.get_relationship_display() == polish
        assert link.label == f"Auntie Peg ({polish.lower()})"
    link.relationship = "godparent"  # a choice since removed from the list
    assert link.get_relationship_display() == "godparent"
