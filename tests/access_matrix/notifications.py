from . import ANY_MANAGER, EVERYONE, Row, post_rows


def _mothers_notification(p):
    from django.utils import timezone

    from notifications.models import Notification

    row, _created = Notification.objects.get_or_create(
        key="matrix:mother", defaults={
            "recipient": p.mother, "setting": p.setting, "channel": "in_app", "kind": "medicine_dose_given",
            "child": p.alfie, "need": "diary", "language": "en-gb", "due_at": timezone.now(),
            "sent_at": timezone.now(), "subject": "Medicine given to Alfie"})
    return {"notification_id": row.pk}


def _mothers_device(p):
    from notifications.models import PushSubscription

    device, _created = PushSubscription.objects.get_or_create(
        endpoint="https://fcm.googleapis.com/fcm/send/matrix-mother", defaults={
            "user": p.mother, "p256dh": "BPn4kLd6mTtHaXH2U-yBtpTy_0PZmyq3WgbYyt8t8HSqkzj2ewSYyNAYyqoqbuwb1Rrvb9IYxt7T7n26CjxXp-c",
            "auth": "sWx0_gzhx3uKNfrxlT8x7A"})
    return {"subscription_id": device.pk}


ROWS = [
    Row("notifications:notifications_inbox", EVERYONE),
    # Only the recipient may mark a notification read; to anyone else it does not exist.
    Row("notifications:notification_read", frozenset({"mother"}), _mothers_notification, method="post", ok=302),
    Row("notifications:notifications_read_all", EVERYONE, method="post", ok=302),
    Row("notifications:notification_preferences", EVERYONE),
    Row("notifications:notification_failures", ANY_MANAGER),
    Row("notifications:reminder_settings", ANY_MANAGER),
    # Push on a device: POST only (the browser's subscription); a GET is refused for everyone signed in.
    Row("notifications:notification_push_subscribe", EVERYONE, ok=405),
    Row("notifications:notification_push_subscribe", EVERYONE, method="post", ok=302),
    # Only the owner may turn a device off; to anyone else it does not exist. A GET is refused before any lookup.
    Row("notifications:notification_push_unsubscribe", EVERYONE, _mothers_device, ok=405),
    Row("notifications:notification_push_unsubscribe", frozenset({"mother"}), _mothers_device, method="post", ok=302),
]

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "notifications:notification_preferences": {},
    "notifications:reminder_settings": {},
})
