"""Names stored before the single-line rule are cleaned by a data migration, so old rows stop breaking emails."""

import importlib

from django.apps import apps

from families.models import Carer, Child

migration = importlib.import_module("families.migrations.0006_names_on_one_line")


def test_stored_names_with_line_breaks_are_put_on_one_line(personas):
    carer = personas.links["mother"].carer
    Carer.objects.filter(pk=carer.pk).update(full_name="Sarah\r\nJones\u2028")  # as typed before the rule
    Child.objects.filter(pk=personas.alfie.pk).update(preferred_name="Alf\tie\x07")  # PostgreSQL stores no NUL
    untouched = Child.objects.get(pk=personas.bea.pk).legal_last_name

    migration.names_on_one_line(apps, None)

    assert Carer.objects.get(pk=carer.pk).full_name == "Sarah Jones"
    assert Child.objects.get(pk=personas.alfie.pk).preferred_name == "Alf ie"
    assert Child.objects.get(pk=personas.bea.pk).legal_last_name == untouched
