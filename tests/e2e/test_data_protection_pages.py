"""The data protection pages on a tablet (820 px) and a phone: privacy, a family's copy request, a manager's
subject access request and its page, the retention review. Nothing scrolls sideways."""

import pytest

from dataprotection import retention, services
from families.models import Child

from ..dataprotection.records import every_record
from .conftest import PHONE, no_sideways_scroll

pytestmark = pytest.mark.e2e

TABLET_820 = {"width": 820, "height": 1180}


@pytest.mark.parametrize("viewport", [TABLET_820, PHONE], ids=["tablet", "phone"])
def test_the_data_protection_pages_fit(viewport, personas, new_page, browser_login, live_server, shot, settings,
                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    every_record(personas)
    today = personas.setting.today()
    Child.objects.filter(pk=personas.alfie.pk).update(
        date_of_birth=retention.add_years(today, -6), start_date=retention.add_years(today, -5),
        leave_date=retention.add_years(today, -4))
    services.retention_review_list(setting=personas.setting)
    sar = services.subject_access_request(child=personas.alfie, by=personas.manager,
                                          requester=personas.links["mother"].carer)

    family = new_page(viewport)
    browser_login(family, personas.mother)
    for name, path in (("privacy", "/data-protection/privacy/"),
                       ("family-copy", f"/data-protection/children/{personas.alfie.pk}/subject-access/")):
        family.goto(live_server.url + path)
        no_sideways_scroll(family)
        shot(family, name)

    manager = new_page(viewport)
    browser_login(manager, personas.manager)
    for name, path in (("manage", "/data-protection/manage/"),
                       ("sar-start", "/data-protection/manage/subject-access/new/"),
                       ("sar-detail", f"/data-protection/subject-access/{sar.pk}/"),
                       ("retention-review", "/data-protection/manage/retention/"),
                       ("retention-periods", "/data-protection/manage/retention/periods/")):
        manager.goto(live_server.url + path)
        no_sideways_scroll(manager)  # the staff menu folds away below 992 px: expanded, it was 998 px wide
        shot(manager, name)
