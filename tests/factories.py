"""factory_boy factories for the families model. Other apps add theirs in tests/<app>_factories.py."""

from datetime import date, time, timedelta

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from families import models
from families.models import _normalise_spoken

DEFAULT_PASSWORD = "correct-horse-battery-staple"
COLLECTION_PASSWORD = "Blue Giraffe"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SettingFactory(DjangoModelFactory):
    class Meta:
        model = models.Setting

    name = factory.Sequence(lambda n: f"Setting {n}")
    # Open all day, so a test run in the evening still writes today's handover; tests about the evening
    # (tomorrow's handover, the chaser) set real opening hours.
    opens_at = time(0, 0)
    closes_at = time(23, 59, 59)


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = models.Room

    setting = factory.SubFactory(SettingFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    setting = factory.SubFactory(SettingFactory)
    role = models.Membership.Role.PRACTITIONER

    @factory.post_generation
    def rooms(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.rooms.set(extracted)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = models.Household

    setting = factory.SubFactory(SettingFactory)
    label = "Home"
    address = factory.Faker("street_address", locale="en_GB")
    postcode = factory.Iterator(["LS6 2AB", "LS7 3CD", "LS8 1EF", "LS11 5GH"])


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = models.Child

    setting = factory.SubFactory(SettingFactory)
    room = factory.SubFactory(RoomFactory, setting=factory.SelfAttribute("..setting"))
    legal_first_name = factory.Faker("first_name", locale="en_GB")
    legal_last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: date.today() - timedelta(days=900))
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=200))


class CarerFactory(DjangoModelFactory):
    class Meta:
        model = models.Carer

    setting = factory.SubFactory(SettingFactory)
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"carer{n}@example.test")


class CarerLinkFactory(DjangoModelFactory):
    class Meta:
        model = models.CarerLink

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory, setting=factory.SelfAttribute("..child.setting"))
    relationship = models.CarerLink.Relationship.MOTHER
    parental_responsibility = True
    lives_with_child = True
    may_collect = True
    emergency_contact = True
    can_see_concerns = True


class KeyPersonAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = models.KeyPersonAssignment

    child = factory.SubFactory(ChildFactory)
    staff = factory.SubFactory(MembershipFactory, setting=factory.SelfAttribute("..child.setting"))
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=100))


class CollectorFactory(DjangoModelFactory):
    class Meta:
        model = models.AuthorisedCollector

    child = factory.SubFactory(ChildFactory)
    full_name = factory.Faker("name", locale="en_GB")
    relationship = "Neighbour"
    password_hash = factory.LazyFunction(lambda: make_password(_normalise_spoken(COLLECTION_PASSWORD)))
