"""End-of-day notes written before the summary was composed at read time were drafted in English.

They stay exactly as written (nothing a person wrote is ever lost), and are marked as written in English so a
reader in another language is told. The meals, sleeps and nappies are now composed for each reader from the
day's entries, in the reader's language (diaries/selectors.py: day_summary_lines).
"""

from django.db import migrations


def mark_english(apps, schema_editor):
    Attendance = apps.get_model("diaries", "Attendance")
    Attendance.objects.exclude(day_summary="").filter(day_summary_written_in="").update(day_summary_written_in="en-gb")


class Migration(migrations.Migration):
    dependencies = [("diaries", "0004_phrases_and_writers_language")]
    operations = [migrations.RunPython(mark_english, migrations.RunPython.noop)]
