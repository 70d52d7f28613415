"""Names typed before the single-line rule (0005) may hold a line break, which breaks every email that carries
them: turn line breaks and control characters into one space, for every field that now refuses them."""

from django.db import migrations

from families.validators import SingleLineValidator, to_one_line


def names_on_one_line(apps, schema_editor):
    for model in apps.get_app_config("families").get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if any(isinstance(v, SingleLineValidator) for v in f.validators)]
        if not fields:
            continue
        for row in model._base_manager.only("pk", *fields).iterator():
            cleaned = {name: to_one_line(getattr(row, name)) for name in fields if getattr(row, name)}
            changed = {name: value for name, value in cleaned.items() if value != getattr(row, name)}
            if changed:
                model._base_manager.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("families", "0005_names_single_line_notes_capped_rights_reason")]
    operations = [migrations.RunPython(names_on_one_line, migrations.RunPython.noop, elidable=True)]
