"""Data protection: a carer with parental responsibility asks for a copy of their child's records and downloads the
copy they asked for; managers (and the DSL) see their setting's requests; only the DSL reviews safeguarding records
for a manager's copy; retention, periods and holds are managers' pages. The privacy page is open to everyone."""

from django.core.files.base import ContentFile

from . import ALFIE_FAMILY, ALFIE_PR, ANY_MANAGER, EVERYONE, Row

LOGGED_IN = EVERYONE
SAR_READERS = frozenset({"mother", "manager", "dsl"})  # the asker, and the setting's manager and DSL
SETTING_DATA_STAFF = frozenset({"manager", "dsl"})


def _sar(p, copy="family"):
    from dataprotection.models import SubjectAccessRequest

    sar = SubjectAccessRequest.objects.filter(child=p.alfie, copy=copy).first()
    if sar is None:
        from django.utils import timezone

        sar = SubjectAccessRequest.objects.create(
            setting=p.setting, child=p.alfie, requester=p.links["mother"].carer, made_by=p.mother, copy=copy,
            received_on=p.setting.today(), status="ready", built_at=timezone.now(),
            expires_at=timezone.now() + timezone.timedelta(days=7))
        sar.archive.save(f"matrix-{sar.pk}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {"pk": sar.pk}


def _hold(p):
    from dataprotection.models import LegalHold

    hold = LegalHold.objects.filter(child=p.alfie).first() or LegalHold.objects.create(
        setting=p.setting, child=p.alfie, reason="An open claim", placed_by=p.manager)
    return {"pk": hold.pk}


ROWS = [
    Row("dataprotection:privacy", LOGGED_IN, anonymous=200),
    Row("dataprotection:privacy", LOGGED_IN, method="post", ok=405, denied=405, anonymous=405),
    Row("dataprotection:family_requests", ALFIE_PR, lambda p: {"child_id": p.alfie.pk}),
    Row("dataprotection:family_requests", ALFIE_PR, lambda p: {"child_id": p.alfie.pk}, method="post", ok=302),
    # A keepsake of the diary for any carer who reads it (offered on the family page once the child leaves).
    *[row for name in ("keepsake", "keepsake_book", "keepsake_photos") for row in (
        Row(f"dataprotection:{name}", ALFIE_FAMILY, lambda p: {"child_id": p.alfie.pk}),
        Row(f"dataprotection:{name}", ALFIE_FAMILY, lambda p: {"child_id": p.alfie.pk}, method="post", ok=405,
            denied=405))],
    Row("dataprotection:download", SAR_READERS, _sar),
    Row("dataprotection:download", SAR_READERS, _sar, method="post", ok=405, denied=405),
    Row("dataprotection:prepare_again", SAR_READERS, _sar, ok=405, denied=405),
    Row("dataprotection:prepare_again", SAR_READERS, _sar, method="post", ok=302),
    Row("dataprotection:sar_detail", SETTING_DATA_STAFF, _sar),
    Row("dataprotection:sar_detail", SETTING_DATA_STAFF, _sar, method="post", ok=405, denied=405),
    Row("dataprotection:sar_safeguarding", frozenset({"dsl"}), lambda p: _sar(p, "manager")),
    Row("dataprotection:sar_safeguarding", frozenset({"dsl"}), lambda p: _sar(p, "manager"), method="post"),
    Row("dataprotection:manage", ANY_MANAGER),
    Row("dataprotection:manage", ANY_MANAGER, method="post", ok=405, denied=405),
    Row("dataprotection:sar_start", ANY_MANAGER),
    Row("dataprotection:sar_start", ANY_MANAGER, method="post"),
    Row("dataprotection:retention_review", ANY_MANAGER),
    Row("dataprotection:retention_review", ANY_MANAGER, method="post"),
    Row("dataprotection:retention_periods", ANY_MANAGER),
    Row("dataprotection:retention_periods", ANY_MANAGER, method="post"),
    Row("dataprotection:legal_holds", ANY_MANAGER),
    Row("dataprotection:legal_holds", ANY_MANAGER, method="post"),
    Row("dataprotection:legal_hold_lift", frozenset({"manager"}), _hold, ok=405, denied=405),
    Row("dataprotection:legal_hold_lift", frozenset({"manager"}), _hold, method="post", ok=302),
]
