"""A comment keeps its entry's child (the reports find a setting's comments by it), and family handovers get a
covering index for the partnership report's contact scan."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_in_children(apps, schema_editor):
    EntryComment = apps.get_model("diaries", "EntryComment")
    DiaryEntry = apps.get_model("diaries", "DiaryEntry")
    EntryComment.objects.update(child_id=Subquery(DiaryEntry.objects.filter(pk=OuterRef("entry_id")).values("child_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("diaries", "0008_client_ids_for_retries"),
        ("families", "0006_names_on_one_line"),
    ]

    operations = [
        migrations.AddField(
            model_name="entrycomment",
            name="child",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="families.child"),
        ),
        migrations.RunPython(fill_in_children, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entrycomment",
            name="child",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="families.child"),
        ),
        migrations.AddIndex(
            model_name="handover",
            index=models.Index(condition=models.Q(("source", "family")), fields=["child"],
                               include=("day", "acknowledged_at", "id"), name="handover_family_contact"),
        ),
    ]
