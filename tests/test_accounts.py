"""Accounts: email login, no open sign-up, invitations, password reset, MFA, rate limits, sessions."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from families.models import CarerLink, Invitation, Membership

from .conftest import current_totp_code
from .factories import DEFAULT_PASSWORD, CarerFactory, CarerLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _link_from(message):
    return re.search(r"https?://[^\s\"<]+", message.body).group(0)


def test_family_carer_logs_in_with_email_and_password(personas):
    client = Client()
    response = _login(client, "MOTHER@example.test")
    assert response.status_code == 302
    assert client.get("/").context["user"] == personas.mother


def test_wrong_password_is_refused(personas):
    client = Client()
    response = _login(client, personas.mother.email, "not-the-password")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_there_is_no_open_sign_up(db):
    response = Client().post(
        reverse("account_signup"), {"email": "stranger@example.test", "password1": "a-long-password-123"}
    )
    assert b"Sign Up Closed" in response.content
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="stranger@example.test").exists()


def test_manager_invites_staff_who_accepts_and_gets_a_membership(personas, login, django_capture_on_commit_callbacks):
    client = login(personas.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
        reverse("families:manage_staff"),
            {"full_name": "Nell New", "email": "nell@example.test", "role": "practitioner",
             "rooms": [personas.babies.pk]},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nell@example.test"]
    assert message.alternatives, "the invitation is sent as HTML as well as plain text"
    url = _link_from(message)

    anonymous = Client()
    response = anonymous.post(url, {"full_name": "Nell New", "password1": "a-good-long-pass-42",
                                    "password2": "a-good-long-pass-42"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nell@example.test")
    assert membership.setting == personas.setting
    assert list(membership.rooms.all()) == [personas.babies]
    # The account logs in with the password chosen at acceptance, and the link cannot be used again.
    assert anonymous.get("/").status_code == 200
    assert Client().get(url).status_code == 410


def test_staff_invite_a_carer_from_the_childs_page_and_acceptance_links_the_account(
    personas, login, django_capture_on_commit_callbacks
):
    link = CarerLinkFactory(child=personas.alfie, carer=CarerFactory(setting=personas.setting, email=""),
                            relationship=CarerLink.Relationship.AUNT_UNCLE, parental_responsibility=False)
    client = login(personas.key_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("families:carer_invite", args=[link.pk]), {"email": "auntie@example.test"})
    assert response.status_code == 302
    url = _link_from(mail.outbox[-1])
    response = Client().post(url, {"full_name": "Auntie Jo", "password1": "another-long-pass-7",
                                   "password2": "another-long-pass-7"}, follow=True)
    link.carer.refresh_from_db()
    assert link.carer.user.email == "auntie@example.test"
    assert "Alfie" in response.content.decode()


def test_invitation_link_expires(personas):
    invitation = personas.invitation
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(
        reverse("families:invitation_accept", args=[invitation.token]),
        {"full_name": "Late", "password1": "a-good-long-pass-42", "password2": "a-good-long-pass-42"},
    )
    assert response.status_code == 410
    assert not Membership.objects.filter(user__email=invitation.email).exists()


def test_expired_invitations_are_revoked_by_the_periodic_task(personas):
    from families.tasks import expire_old_invitations

    Invitation.objects.filter(pk=personas.invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert expire_old_invitations() == 1
    personas.invitation.refresh_from_db()
    assert personas.invitation.revoked_at is not None


def test_password_reset_sends_a_link_that_sets_a_new_password(personas):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": personas.mother.email})
    assert len(mail.outbox) == 1
    url = _link_from(mail.outbox[0])
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(form_url, {"password1": "brand-new-password-9", "password2": "brand-new-password-9"})
    assert response.status_code == 302
    assert _login(Client(), personas.mother.email, "brand-new-password-9").status_code == 302


def test_manager_without_totp_must_set_it_up_before_anything_else(personas):
    personas.manager.authenticator_set.all().delete()
    client = Client()
    _login(client, personas.manager.email)
    response = client.get(reverse("families:manage_staff"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_practitioner_without_totp_is_not_forced(personas):
    client = Client()
    _login(client, personas.key_person.email)
    assert client.get("/").status_code == 200


def test_manager_with_totp_needs_the_code_at_login(personas):
    client = Client()
    response = _login(client, personas.manager.email)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert client.get("/").status_code == 302, "password alone does not log a manager in"
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("families:manage_staff")).status_code == 200


def test_totp_is_available_to_families_too(personas):
    client = Client()
    _login(client, personas.mother.email)
    # allauth asks for the password again before any MFA change.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert b"otpauth" in response.content or b"svg" in response.content


def test_a_manager_who_reset_their_password_can_still_set_up_totp(personas):
    """A reset link records the address in allauth, unverified; that must not block the TOTP a manager needs."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.manager).delete()
    client = Client()
    client.post(reverse("account_reset_password"), {"email": personas.manager.email})
    form_url = client.get(_link_from(mail.outbox[-1]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": "a-new-long-password-77", "password2": "a-new-long-password-77"})
    _login(client, personas.manager.email, "a-new-long-password-77")
    assert client.get(reverse("families:home"))["Location"].startswith(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": "a-new-long-password-77"})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200, response.get("Location")


def test_login_is_rate_limited(personas):
    client = Client()
    for _ in range(5):
        _login(client, personas.mother.email, "wrong-password")
    response = _login(client, personas.mother.email, DEFAULT_PASSWORD)
    assert response.status_code in (200, 429)
    assert not response.wsgi_request.user.is_authenticated, "the right password is refused while rate-limited"


def test_admin_login_goes_through_the_rate_limited_login(db):
    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sessions_idle_out_sooner_for_staff_than_for_families(personas, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 900
    settings.FAMILY_SESSION_IDLE_SECONDS = 86400
    staff, family = Client(), Client()
    _login(staff, personas.key_person.email)
    _login(family, personas.mother.email)
    staff.get("/")
    family.get("/")
    assert staff.session.get_expiry_age() == 900
    assert family.session.get_expiry_age() == 86400


def test_password_change_ends_the_users_other_sessions(personas):
    phone, tablet = Client(), Client()
    _login(phone, personas.mother.email)
    _login(tablet, personas.mother.email)
    response = phone.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": "a-fresh-password-77", "password2": "a-fresh-password-77"},
    )
    assert response.status_code == 302
    assert phone.get("/").status_code == 200, "the session that changed the password stays logged in"
    response = tablet.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_existing_account_accepting_a_second_invitation_must_log_in_itself(personas):
    other = UserFactory(email="second@example.test")
    link = CarerLinkFactory(child=personas.bea, carer=CarerFactory(setting=personas.setting, email=other.email),
                            relationship=CarerLink.Relationship.GRANDPARENT)
    invitation = Invitation.objects.create(
        setting=personas.setting, kind=Invitation.Kind.CARER, email=other.email, carer=link.carer,
        token=Invitation.new_token(), expires_at=timezone.now() + timedelta(days=1),
    )
    client = Client()
    response = client.post(reverse("families:invitation_accept", args=[invitation.token]), {"full_name": "Second"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    link.carer.refresh_from_db()
    assert link.carer.user == other


def test_pages_use_the_language_on_the_account(personas, login):
    personas.nanny.language = "pl"
    personas.nanny.save()
    response = login(personas.nanny).get(reverse("families:home"))
    assert response.wsgi_request.LANGUAGE_CODE == "pl"
    assert b'lang="pl"' in response.content


def test_an_unknown_account_language_falls_back_quietly(personas, login):
    personas.nanny.language = "xx-unknown"
    personas.nanny.save()
    response = login(personas.nanny).get(reverse("families:home"))
    assert response.status_code == 200 and response.wsgi_request.LANGUAGE_CODE == "en-gb"


def test_idle_window_slides_without_writing_the_session_on_every_page(personas, settings):
    from django.contrib.sessions.models import Session

    settings.STAFF_SESSION_IDLE_SECONDS = 900
    client = Client()
    _login(client, personas.key_person.email)
    client.get("/")
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date == first_expiry, "no write within the minute"
    session = client.session
    session["_idle_refreshed_at"] -= 120  # as if the last refresh was two minutes ago
    session.save()
    before_refresh = Session.objects.get(session_key=key).expire_date
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > before_refresh, "the window slid forward"
