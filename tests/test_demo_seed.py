"""The demo a newcomer logs into: every account exists and sees exactly what DESIGN section 3 says."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from families import access
from families.demo import DEMO_PASSWORD
from families.models import CarerLink, Child, KeyPersonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", children=12, days=3, stdout=open("/dev/null", "w"))


def _client(email):
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD), email
    return client


def test_seed_builds_every_kind_of_family(demo):
    assert Child.objects.count() == 12
    links = CarerLink.objects.all()
    assert links.filter(is_restricted=True).exists()
    assert links.filter(relationship=CarerLink.Relationship.NANNY).exists()
    assert links.filter(relationship=CarerLink.Relationship.FOSTER_CARER).exists()
    assert links.filter(relationship=CarerLink.Relationship.GRANDPARENT, may_collect=True,
                        parental_responsibility=False).exists()
    alfie = Child.objects.get(preferred_name="Alfie")
    assert alfie.households.count() == 2, "separated parents in two households"
    for child in Child.objects.all():
        assert KeyPersonAssignment.objects.active().filter(child=child).count() == 1


def test_demo_accounts_see_what_their_role_allows(demo):
    alfie = Child.objects.get(preferred_name="Alfie")
    for email in ("mother@sunnyside.test", "father@sunnyside.test", "gran@sunnyside.test", "nanny@sunnyside.test"):
        content = _client(email).get(reverse("families:home")).content.decode()
        assert "Alfie" in content and "Rick" not in content, email
    assert "Alfie" not in _client("restricted@sunnyside.test").get(reverse("families:home")).content.decode()
    assert "Bea" in _client("foster@sunnyside.test").get(reverse("families:home")).content.decode()
    kim = _client("kim@sunnyside.test")
    assert kim.get(reverse("families:child_detail", args=[alfie.pk])).status_code == 200
    olly = _client("olly@sunnyside.test")
    assert olly.get(reverse("families:child_detail", args=[alfie.pk])).status_code == 404


def test_demo_manager_and_dsl_have_totp(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for email in ("manager@sunnyside.test", "dsl@sunnyside.test"):
        assert User.objects.get(email=email).authenticator_set.filter(type="totp").exists()
    manager = User.objects.get(email="manager@sunnyside.test")
    assert access.children_visible_to(manager).count() == 12


def test_seed_demo_flush_replaces_the_demo(demo):
    from families.models import Setting

    call_command("seed_demo", children=8, days=2, flush=True, stdout=open("/dev/null", "w"))
    assert Setting.objects.count() == 1 and Child.objects.count() == 8


def test_a_room_with_children_cannot_be_deleted_on_its_own(personas):
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):
        personas.toddlers.delete()


def test_demo_totp_code_logs_the_demo_manager_in(demo):
    """The code `manage.py demo_totp` prints is the one the demo manager's authenticator accepts."""
    import io

    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    out = io.StringIO()
    call_command("demo_totp", stdout=out, stderr=io.StringIO())
    code = out.getvalue().strip()
    manager = get_user_model().objects.get(email="manager@sunnyside.test")
    assert TOTP(manager.authenticator_set.get(type="totp")).validate_code(code)


@pytest.mark.django_db(transaction=True)
def test_several_nurseries_seeded_in_processes_are_kept_apart(settings, tmp_path):
    """`seed_demo --nurseries 3 --jobs 2` (the bench's large seed): the other nurseries are built by forked
    processes, each its own setting with its own children, diary, accounts and staff, and none sees another's."""
    from django.contrib.auth import get_user_model

    from diaries.models import DiaryEntry
    from families.models import Membership, Setting

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", children=12, days=2, setting_count=3, jobs=2, stdout=open("/dev/null", "w"))
    nurseries = list(Setting.objects.order_by("name"))
    assert [s.name for s in nurseries] == ["Demo Nursery 2", "Demo Nursery 3", "Sunnyside Nursery"]
    for nursery in nurseries:
        assert Child.objects.filter(setting=nursery).count() == 12
        assert DiaryEntry.objects.filter(child__setting=nursery).exists()
    manager = get_user_model().objects.get(email="manager@setting2.test")
    assert set(access.children_visible_to(manager).values_list("setting__name", flat=True)) == {"Demo Nursery 2"}
    staff_settings = Membership.objects.filter(user__email__endswith="@setting3.test").values_list(
        "setting__name", flat=True)
    assert set(staff_settings) == {"Demo Nursery 3"}
