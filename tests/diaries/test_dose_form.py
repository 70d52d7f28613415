"""The staff dose form starts from what the family consented to, and the dose list says who witnessed it."""

from datetime import timedelta

from django.urls import reverse

from diaries import services
from diaries.models import MedicineConsent, MedicineDose

from .conftest import minutes_ago


def _consent(personas, medicine, dose, days=2):
    start = personas.setting.today()
    return services.medicine_consent_give(child=personas.alfie, by=personas.mother, medicine=medicine, dose=dose,
                                          when="If over 38C", starts_on=start, ends_on=start + timedelta(days=days))


def _initial(response):
    form = response.context["form"]
    return form["consent"].value(), form["dose"].value(), list(form.fields["consent"].queryset)


def test_the_only_current_consent_is_chosen_and_its_dose_filled_in(personas, login):
    calpol = _consent(personas, "Calpol", "5 ml")
    old = _consent(personas, "Old cream", "a thin layer")
    MedicineConsent.objects.filter(pk=old.pk).update(starts_on=old.starts_on - timedelta(days=10),
                                                     ends_on=old.starts_on - timedelta(days=8))  # ended: not offered
    response = login(personas.key_person).get(reverse("diaries:dose_add", args=[personas.alfie.pk]))
    consent, dose, offered = _initial(response)
    assert consent == calpol.pk and dose == "5 ml" and offered == [calpol]


def test_the_consent_staff_came_from_is_chosen_among_several(personas, login):
    _consent(personas, "Calpol", "5 ml")
    piriton = _consent(personas, "Piriton", "2.5 ml")
    staff = login(personas.key_person)
    url = reverse("diaries:dose_add", args=[personas.alfie.pk])
    # From the records page each current consent has its own link.
    records = staff.get(reverse("diaries:child_records", args=[personas.alfie.pk])).content.decode()
    assert f"{url}?consent={piriton.pk}" in records
    consent, dose, _offered = _initial(staff.get(url, {"consent": piriton.pk}))
    assert consent == piriton.pk and dose == "2.5 ml"
    # Two consents and no choice made: staff choose; nothing is guessed.
    consent, dose, _offered = _initial(staff.get(url))
    assert consent is None and not dose
    # Another child's consent, or nonsense, chooses nothing.
    consent, _dose, _offered = _initial(staff.get(url, {"consent": "x"}))
    assert consent is None


def test_a_withdrawn_consent_is_not_offered_and_a_posted_one_is_refused(personas, login):
    calpol = _consent(personas, "Calpol", "5 ml")
    login(personas.mother).post(reverse("diaries:consent_withdraw", args=[calpol.pk]))
    staff = login(personas.key_person)
    url = reverse("diaries:dose_add", args=[personas.alfie.pk])
    consent, _dose, offered = _initial(staff.get(url, {"consent": calpol.pk}))
    assert consent is None and offered == []
    response = staff.post(url, {"consent": calpol.pk, "time": minutes_ago(personas.setting, 5).strftime("%H:%M"),
                                "dose": "5 ml"})
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not MedicineDose.objects.exists()


def test_the_dose_list_and_the_day_show_the_witness(personas, login):
    calpol = _consent(personas, "Calpol", "5 ml")
    response = login(personas.key_person).post(reverse("diaries:dose_add", args=[personas.alfie.pk]), {
        "consent": calpol.pk, "time": minutes_ago(personas.setting, 5).strftime("%H:%M"), "dose": "5 ml",
        "witness": "Dee Safeguard"})
    assert response.status_code == 302
    records = login(personas.key_person).get(reverse("diaries:child_records", args=[personas.alfie.pk]))
    assert "witness: Dee Safeguard" in records.content.decode()
    day = login(personas.mother).get(reverse("diaries:child_day", args=[personas.alfie.pk]))
    assert "witness: Dee Safeguard" in day.content.decode()
