"""Personas (DESIGN section 5): one person for every role that must see, or must not see, a thing.

The setting "Sunnyside" has two rooms. Alfie is in Toddlers; Kim is his key person. His mother and
father live apart; Gran Peg collects but holds no parental responsibility; Nina is his nanny; Rick
holds parental responsibility but a court order restricts him. Bea is in Babies with her mother
Olivia. Carol is the cook: staff of Sunnyside with no room and no key children. Stan manages another setting.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.utils import timezone

from families.models import CarerLink, Invitation, Membership
from families.totp_codes import totp_code_with_time_left

from . import factories as f

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_totp_code(secret: str = TOTP_SECRET) -> str:
    """A code that stays valid for at least five more seconds (families/totp_codes.py)."""
    return totp_code_with_time_left(secret)


@dataclass
class Personas:
    setting: object
    other_setting: object
    toddlers: object
    babies: object
    alfie: object
    bea: object
    manager: object
    dsl: object
    key_person: object
    other_room_practitioner: object
    cook: object
    mother: object
    father: object
    grandmother: object
    nanny: object
    restricted_parent: object
    other_parent: object
    other_setting_staff: object
    links: dict
    collector: object
    invitation: object

    NAMES = (
        "manager", "dsl", "key_person", "other_room_practitioner", "cook", "mother", "father", "grandmother",
        "nanny", "restricted_parent", "other_parent", "other_setting_staff",
    )

    def user(self, name):
        return getattr(self, name)


def _link(child, user, relationship, household=None, **flags):
    carer = f.CarerFactory(setting=child.setting, user=user, full_name=user.full_name, email=user.email,
                           household=household)
    return f.CarerLinkFactory(child=child, carer=carer, relationship=relationship, **flags)


@pytest.fixture
def personas(db):
    setting = f.SettingFactory(name="Sunnyside Nursery")
    other_setting = f.SettingFactory(name="Elsewhere Pre-school")
    toddlers = f.RoomFactory(setting=setting, name="Toddlers")
    babies = f.RoomFactory(setting=setting, name="Babies")
    alfie = f.ChildFactory(setting=setting, room=toddlers, legal_first_name="Alfred", preferred_name="Alfie",
                           legal_last_name="Jones")
    bea = f.ChildFactory(setting=setting, room=babies, legal_first_name="Beatrice", preferred_name="Bea",
                         legal_last_name="Smith", date_of_birth=date.today() - timedelta(days=300))

    def staff(name, email, setting_, role=Membership.Role.PRACTITIONER, rooms=(), is_dsl=False):
        user = f.UserFactory(email=email, full_name=name)
        f.MembershipFactory(user=user, setting=setting_, role=role, rooms=list(rooms), is_dsl=is_dsl)
        if role == Membership.Role.MANAGER or is_dsl:
            TOTP.activate(user, TOTP_SECRET)
        return user

    manager = staff("Maggie Manager", "manager@example.test", setting, Membership.Role.MANAGER)
    dsl = staff("Dee Safeguard", "dsl@example.test", setting, rooms=[toddlers], is_dsl=True)
    key_person = staff("Kim Keyworker", "keyperson@example.test", setting, rooms=[toddlers])
    other_room = staff("Olly Otherroom", "otherroom@example.test", setting, rooms=[babies])
    cook = staff("Carol Cook", "cook@example.test", setting)  # no room, no key children
    other_setting_staff = staff("Stan Elsewhere", "stan@example.test", other_setting, Membership.Role.MANAGER)
    f.KeyPersonAssignmentFactory(child=alfie, staff=key_person.memberships.get())
    f.KeyPersonAssignmentFactory(child=bea, staff=other_room.memberships.get())

    mum_home = f.HouseholdFactory(setting=setting, label="Mum's home", postcode="LS6 2AB")
    dad_home = f.HouseholdFactory(setting=setting, label="Dad's home", postcode="LS11 5GH")
    alfie.households.set([mum_home, dad_home])

    def family(name, email):
        return f.UserFactory(email=email, full_name=name)

    mother = family("Mia Jones", "mother@example.test")
    father = family("Fred Jones", "father@example.test")
    grandmother = family("Peg Jones", "grandmother@example.test")
    nanny = family("Nina Nanny", "nanny@example.test")
    restricted = family("Rick Restricted", "restricted@example.test")
    other_parent = family("Olivia Smith", "otherparent@example.test")
    R = CarerLink.Relationship
    links = {
        "mother": _link(alfie, mother, R.MOTHER, mum_home, child_calls_them="Mummy"),
        "father": _link(alfie, father, R.FATHER, dad_home, lives_with_child=False, child_calls_them="Daddy"),
        "grandmother": _link(alfie, grandmother, R.GRANDPARENT, parental_responsibility=False,
                             lives_with_child=False, can_see_concerns=False, child_calls_them="Gran Peg"),
        "nanny": _link(alfie, nanny, R.NANNY, parental_responsibility=False, lives_with_child=False,
                       emergency_contact=False, can_see_concerns=False),
        "restricted_parent": _link(alfie, restricted, R.OTHER, parental_responsibility=True, lives_with_child=False,
                                   may_collect=False, emergency_contact=False, is_restricted=True,
                                   restriction_note="Prohibited steps order, 2026"),
        "other_parent": _link(bea, other_parent, R.MOTHER),
    }
    collector = f.CollectorFactory(child=alfie, full_name="Sue Neighbour", relationship="Neighbour")
    invitation = Invitation.objects.create(
        setting=setting, kind=Invitation.Kind.STAFF, email="new.starter@example.test", role="practitioner",
        token=Invitation.new_token(), invited_by=manager, expires_at=timezone.now() + timedelta(days=7),
    )
    return Personas(
        setting=setting, other_setting=other_setting, toddlers=toddlers, babies=babies, alfie=alfie, bea=bea,
        manager=manager, dsl=dsl, key_person=key_person, other_room_practitioner=other_room, cook=cook, mother=mother,
        father=father, grandmother=grandmother, nanny=nanny, restricted_parent=restricted, other_parent=other_parent,
        other_setting_staff=other_setting_staff, links=links, collector=collector, invitation=invitation,
    )


@pytest.fixture
def login(client):
    """A client with the persona's session. The real login (password, then TOTP) is tested in test_accounts."""

    def _login(user, c: Client | None = None) -> Client:
        c = c or Client()
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return _login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing strength is Django's concern; the suite would spend most of its time in PBKDF2 otherwise.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_unless_a_test_asks(settings):
    # A request in another language leaves that language active in the thread; each test starts in English.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    # Each test starts with an empty cache, as it starts with an empty database: what a page keeps there (the
    # badge, a child's day stamp and what is kept under it) is about rows, and a new test database numbers its
    # rows from 1 again, so a cache left by an earlier run would describe someone else's child.
    from django.core.cache import cache

    cache.clear()


# A real S3-speaking server (moto) for the storage, backup and scale-out tests: tests/s3.py.
from .s3 import moto_server, s3_bucket  # noqa: E402, F401

# Known failures found by the last full run of the second wave, left for the next session (see its closing note).
# Each is a real bug or a test to adapt; they are xfail (not strict) only so the rest of the wave could land.
KNOWN_FAILING: dict[str, str] = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = KNOWN_FAILING.get(item.nodeid)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
