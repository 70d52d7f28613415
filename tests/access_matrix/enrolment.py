from . import ANY_MANAGER, MANAGER, Row, post_rows


def _batch(p):
    """A previewed file of Sunnyside with a column Triangle does not know (so the mapping form has a field)."""
    from enrolment.models import ImportBatch

    batch, _created = ImportBatch.objects.get_or_create(
        setting=p.setting, filename="matrix.csv", defaults={"uploaded_by": p.manager, "sheets": {"families": {
            "name": "matrix.csv", "headers": ["Child first name", "Shoe size"], "rows": [[2, ["Ada", "9"]]]}}})
    return {"batch_id": batch.pk}


ROWS = [
    Row("enrolment:start", ANY_MANAGER),
    Row("enrolment:template", ANY_MANAGER),
    Row("enrolment:template_csv", ANY_MANAGER),
    Row("enrolment:batch", MANAGER, _batch),
    Row("enrolment:columns", MANAGER, _batch),
    # The progress bar is an htmx fragment; opened by hand it sends the manager to the whole page (302).
    Row("enrolment:progress", MANAGER, _batch, ok=302),
    # The sample file has problems: confirming is refused with a message (302 back to the preview), nothing queued.
    Row("enrolment:confirm", MANAGER, _batch, method="post", ok=302),
    # Not imported yet: "invite once the import has finished" (302 back), nothing sent.
    Row("enrolment:invite", MANAGER, _batch, method="post", ok=302),
]

# The upload and the column choices are forms: an empty one comes back with its errors to the manager.
ROWS += post_rows(ROWS, {"enrolment:start": {}, "enrolment:columns": {}})
