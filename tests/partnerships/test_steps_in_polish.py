"""Step titles and the "someone else changed this" message are translated when the page is rendered, not when
the module was imported: a Polish member of staff reads them in Polish."""

import pytest
from django.urls import reverse

from . import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish_key_person(personas):
    personas.key_person.language = "pl"
    personas.key_person.save(update_fields=["language"])
    return personas.key_person


def test_concern_step_titles_are_in_polish(personas, login, polish_key_person):
    concern = pf.concern(personas)
    client = login(polish_key_person)
    page = client.get(reverse("partnerships:concern_step", args=[concern.pk, "observation"])).content.decode()
    assert "Dodaj datowaną obserwację" in page and "Add a dated observation" not in page
    page = client.get(reverse("partnerships:concern_step", args=[concern.pk, "close"])).content.decode()
    assert "Zamknij lub przekaż wyżej" in page


def test_family_concern_step_titles_are_in_polish(personas, login, polish_key_person):
    fc = pf.family_concern(personas)
    page = login(polish_key_person).get(reverse("partnerships:family_concern_step", args=[fc.pk, "summarise"])).content.decode()
    assert "Podsumuj dla rodziny" in page and "Summarise back to the family" not in page


def test_a_stale_edit_is_refused_in_polish(personas, login, polish_key_person):
    fc = pf.family_concern(personas)
    response = login(polish_key_person).post(reverse("partnerships:family_concern_step", args=[fc.pk, "acknowledge"]),
                                             {"acknowledgement": "Dziękujemy", "version": fc.version + 5})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ktoś inny zmienił ten zapis podczas Twojej pracy" in page and "Someone else changed" not in page
    fc.refresh_from_db()
    assert fc.acknowledged_at is None
