"""Sign-in, password and two-factor pages come from django-allauth, which has no Urdu, Bengali, Punjabi or
(plain) Portuguese catalogue. Our catalogues carry every allauth text those pages show (families/allauth_texts.py
lists them for makemessages), so they read in every language Triangle offers.

The first test walks every allauth page a person meets (sign in with a wrong password and with a TOTP code, the
"signed in" and "signed out" messages, password reset by link and its email, password change, reauthentication,
setting up and removing TOTP, recovery codes, closed sign-up), records each text looked up in a catalogue, and
checks that every one of allauth's is translated in every catalogue of ours. A new allauth page or version that
shows a new text fails it until the text is carried and translated.
"""

import ast
import re
from pathlib import Path

import allauth
import polib
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from families import allauth_texts

from .conftest import current_totp_code
from .factories import DEFAULT_PASSWORD
from .test_catalogues import live_entries

pytestmark = pytest.mark.django_db

ALLAUTH_MSGIDS = {
    (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid)
    for e in polib.pofile(str(Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    if not e.obsolete
}
NEW_PASSWORD = "a-new-long-password-77"
CARRIED = {node.args[0].value for node in ast.walk(ast.parse(Path(allauth_texts.__file__).read_text()))
           if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)}


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def looked_up(monkeypatch):
    """Every msgid (with "context\\x04" before it) a catalogue is asked for while the fixture is in use."""
    seen = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def recording_gettext(self, message):
        seen.add(message)
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, number):
        seen.update((singular, plural))
        return ngettext(self, singular, plural, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", recording_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", recording_ngettext)
    return seen


def _totp_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _follow_messages(client):
    """Render a page so the queued messages ("signed in", ...) are written out."""
    return client.get(reverse("families:home"), follow=True)


def _walk_every_allauth_page(personas):
    # Signing in: wrong password, unknown address, closed sign-up, the "signed in" message.
    anonymous = Client()
    anonymous.get(reverse("account_login"))
    anonymous.post(reverse("account_login"), {"login": personas.mother.email, "password": "wrong-password"})
    anonymous.post(reverse("account_login"), {"login": "nobody@example.test", "password": "wrong-password"})
    anonymous.post(reverse("account_login"), {"login": "not an address", "password": ""})
    anonymous.get(reverse("account_signup"))
    for _ in range(6):  # the per-account limit on wrong passwords
        anonymous.post(reverse("account_login"), {"login": personas.grandmother.email, "password": "wrong-password"})
    anonymous.get(reverse("account_inactive"))

    # Password reset by link, and its email.
    anonymous.get(reverse("account_reset_password"))
    anonymous.post(reverse("account_reset_password"), {"email": "not an address"})
    anonymous.post(reverse("account_reset_password"), {"email": personas.mother.email})
    anonymous.get(reverse("account_reset_password_done"))
    link = re.search(r"https?://[^\s\"<]+", mail.outbox[-1].body).group(0)
    form_url = anonymous.get(link, follow=True).redirect_chain[-1][0]
    anonymous.post(form_url, {"password1": NEW_PASSWORD, "password2": "something-else-88"})
    anonymous.post(form_url, {"password1": "short", "password2": "short"})
    anonymous.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    anonymous.get(reverse("account_reset_password_from_key_done"))
    anonymous.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "not-a-key"}))

    mother = Client()
    mother.post(reverse("account_login"), {"login": personas.mother.email, "password": NEW_PASSWORD})
    _follow_messages(mother)

    # Password change, reauthentication, the email page.
    mother.get(reverse("account_change_password"))
    mother.post(reverse("account_change_password"), {"oldpassword": "wrong", "password1": "x", "password2": "y"})
    mother.post(reverse("account_change_password"), {"oldpassword": NEW_PASSWORD, "password1": DEFAULT_PASSWORD,
                                                     "password2": DEFAULT_PASSWORD})
    _follow_messages(mother)
    mother.get(reverse("account_set_password"), follow=True)
    mother.get(reverse("account_reauthenticate"))
    mother.post(reverse("account_reauthenticate"), {"password": "wrong"})
    mother.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    # Two-factor: the overview, setting up TOTP (a wrong code, then the right one), recovery codes, removing it.
    mother.get(reverse("mfa_index"))
    page = mother.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    mother.post(reverse("mfa_activate_totp"), {"code": "000000" if _totp_code(secret) != "000000" else "111111"})
    mother.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    _follow_messages(mother)
    mother.get(reverse("mfa_index"))
    mother.get(reverse("mfa_view_recovery_codes"))
    mother.get(reverse("mfa_generate_recovery_codes"))
    mother.post(reverse("mfa_generate_recovery_codes"))
    _follow_messages(mother)
    mother.get(reverse("mfa_download_recovery_codes"))
    mother.get(reverse("mfa_deactivate_totp"))
    mother.post(reverse("mfa_deactivate_totp"))
    _follow_messages(mother)
    # The email page (visiting it records the address as unverified, which would stop TOTP set-up above).
    mother.get(reverse("account_email"), follow=True)

    # Signing out.
    mother.get(reverse("account_logout"))
    mother.post(reverse("account_logout"))
    _follow_messages(mother)

    # A manager signs in with TOTP: the code page, a wrong code, the right one; then reauthenticates with a code.
    manager = Client()
    manager.post(reverse("account_login"), {"login": personas.manager.email, "password": DEFAULT_PASSWORD})
    manager.get(reverse("mfa_authenticate"))
    manager.post(reverse("mfa_authenticate"), {"code": "12345"})
    manager.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    _follow_messages(manager)
    manager.get(reverse("mfa_reauthenticate"))
    manager.post(reverse("mfa_reauthenticate"), {"code": "12345"})
    manager.get(reverse("mfa_index"))
    manager.get(reverse("mfa_deactivate_totp"))
    manager.get(reverse("account_logout"))


def _our_catalogue(code):
    return {(f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid): e for e in live_entries(code)}


def test_every_allauth_text_our_pages_show_is_translated_in_every_catalogue(personas, looked_up):
    _walk_every_allauth_page(personas)
    assert Authenticator.objects.filter(user=personas.manager, type=Authenticator.Type.TOTP).exists()
    shown = looked_up & ALLAUTH_MSGIDS
    assert len(shown) > 40, sorted(shown)  # the walk really went through allauth's pages
    not_carried = sorted(shown - CARRIED)  # listed for makemessages, so a sync keeps them in the catalogues
    assert not not_carried, f"add to families/allauth_texts.py: {not_carried}"
    for code, _name in settings.LANGUAGES:
        if code.split("-")[0] == "en":
            continue
        ours = _our_catalogue(code)
        missing = sorted(m for m in shown if m not in ours)
        assert not missing, f"{code}: {len(missing)} allauth texts not in our catalogue, e.g. {missing[:15]}"
        untranslated = sorted(m for m in shown
                              if not (ours[m].msgstr or all(ours[m].msgstr_plural.values())))
        assert not untranslated, (code, untranslated)


ENGLISH_ON_THE_LOGIN_PAGE = ["Sign In", "Forgot your password?", "Password", "Email"]


@pytest.mark.parametrize("code", ["ur", "bn", "pa", "pt"])
def test_the_login_page_and_the_signed_in_message_are_in_the_readers_language(code, personas):
    personas.mother.language = code
    personas.mother.save(update_fields=["language"])
    with translation.override(code):
        sign_in = translation.gettext("Sign In")
        signed_in = max(translation.gettext("Successfully signed in as %(name)s.").split("%(name)s"), key=len).strip()
        forgot = translation.gettext("Forgot your password?")
    assert sign_in != "Sign In" and forgot != "Forgot your password?"

    client = Client(headers={"accept-language": code})
    page = client.get(reverse("account_login")).content.decode()
    assert f'<html lang="{code}"' in page
    assert sign_in in page and forgot in page
    text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    for english in ENGLISH_ON_THE_LOGIN_PAGE:
        with translation.override(code):
            if translation.gettext(english) == english:
                continue  # the same word in that language ("Email" in Portuguese)
        assert not re.search(rf"\b{english}\b", text), (code, english)

    response = client.post(reverse("account_login"), {"login": personas.mother.email, "password": DEFAULT_PASSWORD},
                           follow=True)
    home = response.content.decode()
    assert signed_in in home, home[:2000]
    assert "Successfully signed in" not in home

