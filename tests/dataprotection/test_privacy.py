"""Issue 12: the privacy page states the setting's own retention periods and leaver days (the same rule the
retention review uses), in the reader's language; someone not signed in reads the usual periods."""

from django.urls import reverse

from dataprotection import services


def _set_own_periods(personas):
    manager = personas.manager
    services.retention_period_set(setting=personas.setting, by=manager, record_type="general", years=5)
    services.retention_period_set(setting=personas.setting, by=manager, record_type="safeguarding", years=30)
    services.retention_period_set(setting=personas.setting, by=manager, record_type="complaint", years=1)
    services.leaver_access_days_set(setting=personas.setting, by=manager, days=30)


def test_the_privacy_page_states_the_settings_own_periods(personas, login):
    _set_own_periods(personas)
    page = login(personas.mother).get(reverse("dataprotection:privacy")).content.decode()
    assert "5 years after your child leaves" in page
    assert "until your child is 30" in page and "until your child is 25" not in page
    assert "1 year after it is closed" in page
    assert "Accidents and incidents: until your child is 21." in page
    assert "for 30 days" in page and "90 days" not in page
    staff = login(personas.manager).get(reverse("dataprotection:privacy")).content.decode()
    assert "5 years after your child leaves" in staff


def test_someone_not_signed_in_reads_the_usual_periods(client, personas):
    _set_own_periods(personas)
    page = client.get(reverse("dataprotection:privacy")).content.decode()
    assert "3 years after your child leaves" in page and "until your child is 25" in page
    assert "for 90 days" in page and "your nursery may set its own" in page


def test_the_periods_read_in_polish_with_their_plural_forms(personas, login):
    _set_own_periods(personas)
    mother = login(personas.mother)
    page = mother.get(reverse("dataprotection:privacy"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "5 lat po odejściu dziecka" in page
    assert "1 rok po zamknięciu" in page
    assert "przez 30 dni" in page
