"""Exactly-once sending. The sweep finds due rows and hands them to workers; a worker claims before it sends.

The protocol (docs/notifications.md has the long version):
1. sweep(): in one transaction, SELECT due rows FOR UPDATE SKIP LOCKED, stamp them with a batch token and a
   short queue lease, and enqueue `send_batch(ids, token)` on commit. Two beats never pick the same row:
   SKIP LOCKED splits them while they run, the lease after they commit.
2. send_batch(): swaps the batch token for its own token in one conditional UPDATE. Only one of two
   copies of the same Celery message (a redelivery) wins the swap; the other finds nothing to do.
3. Just before each email or SMS goes out it renews that row's claim with `UPDATE ... WHERE claim_token =
   mine` and skips the row when the update finds nothing: a row the sweep handed to someone else (because this
   batch outlived its lease) is never sent by us. Every lease/2 the same renewal extends the rest of the batch,
   so a batch that is making progress keeps its rows. After the send it marks the row sent, again only while
   the claim is ours. In-app rows are "sent" by that conditional UPDATE itself, so they have no window at all.
4. A worker killed before step 3 leaves rows with an expired lease; the next sweep reclaims them. A message
   lost with Redis is the same case: the outbox, not the broker, is the record of what is owed.
The one window left: an email handed to the SMTP server whose worker dies before its UPDATE commits will be
sent again after the lease. We keep that window to one statement and give each email a Message-ID made from
the row's idempotency key, so a receiving system can recognise the repeat. The renewal holds the row for one
lease; the system check in checks.py refuses a lease that one send (channels.py) could outlast.
"""

from __future__ import annotations

import json
import logging
import smtplib
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from . import badge, push, rendering, sms
from .channels import CHANNELS
from .models import Channel, Notification, Preference
from .schedule import in_quiet_hours

log = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, name, default)


def queue_lease() -> timedelta:
    return timedelta(seconds=_setting("NOTIFICATIONS_QUEUE_LEASE_SECONDS", 600))


def send_lease() -> timedelta:
    return timedelta(seconds=_setting("NOTIFICATIONS_LEASE_SECONDS", 300))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes between tries, at most an hour: always a fresh sweep, never a long broker ETA."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def sweep(now: datetime | None = None, *, enqueue=None, limit: int | None = None) -> int:
    """Hand every due row to a worker. Returns how many rows were handed out."""
    now = now or timezone.now()
    limit = limit or _setting("NOTIFICATIONS_SWEEP_LIMIT", 20000)
    chunk = _setting("NOTIFICATIONS_BATCH_SIZE", 100)
    if enqueue is None:
        from .tasks import send_batch

        def enqueue(ids, token):
            send_batch.delay(ids, token)

    with transaction.atomic():
        rows = list(
            Notification.objects.due(now).order_by("due_at")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "recipient_id", "digest")[:limit]
        )
        if not rows:
            return 0
        token = str(uuid.uuid4())
        Notification.objects.filter(pk__in=[r[0] for r in rows]).update(
            claim_token=token, claimed_until=now + queue_lease())
        batches, digests, current = [], defaultdict(list), []
        for pk, recipient_id, digest in rows:
            if digest:
                digests[recipient_id].append(pk)  # one digest per person: keep their rows in one batch
                continue
            current.append(pk)
            if len(current) >= chunk:
                batches.append(current)
                current = []
        if current:
            batches.append(current)
        batches += list(digests.values())
        transaction.on_commit(lambda: [enqueue(ids, token) for ids in batches])
    return len(rows)


class _Failure(Exception):
    def __init__(self, message, permanent):
        super().__init__(message)
        self.permanent = permanent


def _classify(error: Exception) -> _Failure:
    """Permanent: the server said no for good (5xx, refused recipient). Transient: anything that may pass."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        text = "; ".join(f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                         for addr, (code, msg) in error.recipients.items())
        return _Failure(f"Recipient refused ({text})", permanent=all(c >= 500 for c in codes))
    if isinstance(error, smtplib.SMTPResponseException):
        msg = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return _Failure(f"SMTP {error.smtp_code}: {msg}", permanent=error.smtp_code >= 500)
    if isinstance(error, push.PushError):
        return _Failure(str(error), permanent=error.permanent)
    if isinstance(error, sms.PermanentSmsError):
        return _Failure(f"SMS refused: {error}", permanent=True)
    return _Failure(f"{error.__class__.__name__}: {error}", permanent=False)


class _Batch:
    def __init__(self, token: str, now: datetime):
        self.token = token
        self.now = now
        self.access_cache = {}
        self.prefs = {}
        self.channels = {}
        self.renew_rest_at = timezone.now() + send_lease() / 2  # real time, even when a test passes `now`
        self.pks = []  # every row this batch claimed (the half-lease renewal covers those still ours)

    # -- outcomes, each conditional on still holding the claim --
    def _mine(self, pks):
        return Notification.objects.filter(pk__in=pks, claim_token=self.token)

    @staticmethod
    def _without_flush():
        """On PostgreSQL, commit without waiting for the WAL flush (this transaction only); see mark_sent."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")

    def hold(self, rows) -> bool:
        """Renew our claim on `rows` just before they are sent. False (and nothing to send) if any is no longer ours.

        The UPDATE is conditional on our token, so it cannot succeed once a sweep has handed the row to someone
        else; once it has succeeded no sweep can take the row for a whole lease, which outlasts one send
        (checks.py). Every half lease the rest of the batch is renewed too.
        """
        pks = [r.pk for r in rows]
        now = timezone.now()
        until = now + send_lease()
        with transaction.atomic():
            self._without_flush()
            if now >= self.renew_rest_at:
                self._mine(self.pks).update(claimed_until=until)
                self.renew_rest_at = now + send_lease() / 2
            held = self._mine(pks).update(claimed_until=until)
        if held == len(pks):
            return True
        if held:  # part of a digest is someone else's now: give back the rest for the next sweep to regroup
            self._mine(pks).update(claim_token=None, claimed_until=None, attempts=F("attempts") - 1)
        log.warning("Notification %s: the claim was lost before sending (another worker has it); not sent",
                    ", ".join(str(pk) for pk in pks))
        return False

    def mark_sent(self, rows, message=None):
        """Record a delivery the moment the server accepted it: one row, one short transaction.

        On PostgreSQL the commit does not wait for the WAL flush (synchronous_commit off, for this transaction
        only): other workers see it at once, so a worker crash changes nothing; only a crash of the database
        server itself in the next fraction of a second could forget it, and then the message would be sent
        again. Waiting for the flush made every email cost a disk sync (4x slower on this machine).
        """
        pks = [r.pk for r in rows]
        now = timezone.now()
        fields = {"sent_at": now, "claim_token": None, "claimed_until": None}
        if message is not None and len(rows) == 1:
            fields.update(subject=message.subject[:300], body=message.text, link=message.link[:300],
                          params=message.params)
        with transaction.atomic():
            self._without_flush()
            return self._mine(pks).update(**fields)

    def cancel(self, row, reason):
        self._mine([row.pk]).update(cancelled_at=timezone.now(), claim_token=None, claimed_until=None,
                                    last_error=reason)

    def postpone(self, rows, until, reason=""):
        # Not an attempt: give back the count the claim took.
        self._mine([r.pk for r in rows]).update(due_at=until, claim_token=None, claimed_until=None,
                                                attempts=F("attempts") - 1, last_error=reason)

    def fail(self, rows, failure: _Failure):
        max_attempts = _setting("NOTIFICATIONS_MAX_ATTEMPTS", 8)
        for row in rows:
            attempts = row.attempts  # already counts this try (the claim added it)
            if failure.permanent or attempts >= max_attempts:
                self._mine([row.pk]).update(failed_at=timezone.now(), claim_token=None, claimed_until=None,
                                            last_error=str(failure)[:2000])
                log.warning("Notification %s failed for good after %s attempts: %s", row.pk, attempts, failure)
            else:
                self._mine([row.pk]).update(due_at=self.now + backoff(attempts), claim_token=None,
                                            claimed_until=None, last_error=str(failure)[:2000])
                log.info("Notification %s will be retried: %s", row.pk, failure)

    # -- channels --
    def quiet_until(self, row):
        if row.channel == Channel.IN_APP:
            return None
        if row.recipient_id not in self.prefs:
            self.prefs[row.recipient_id] = Preference.objects.filter(user_id=row.recipient_id).first()
        pref = self.prefs[row.recipient_id]
        if pref is None:
            return None
        tz = row.setting.tz if row.setting_id else timezone.get_default_timezone()
        return in_quiet_hours(self.now, pref.quiet_start, pref.quiet_end, tz)

    def deliver(self, rows, channel, message, items=None) -> int:
        """Email, SMS or any channel in CHANNELS: prepare, re-check the claim, send, mark sent. Returns rows sent."""
        if channel not in self.channels:
            self.channels[channel] = CHANNELS[channel]()
        sender = self.channels[channel]
        try:
            with translation.override(rows[0].language):
                prepared = sender.prepare(rows[0], message, items)
            if not self.hold(rows):
                return 0
            sender.send(prepared)
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
            self.fail(rows, _classify(error))
            return 0
        return self.mark_sent(rows, message if items is None else None)

    def close(self):
        for sender in self.channels.values():
            sender.close()


def _deliver_in_app(rows, token) -> int:
    """The write that delivers in-app rows: text, its parameters and sent_at together, only while we hold the claim."""
    sent_at = timezone.now()
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s, %s, %s, %s::jsonb)"] * len(rows))
        params = [sent_at, str(token)]
        for row in rows:
            params += [row.pk, row.subject, row.body, row.link, json.dumps(row.params)]
        table = Notification._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS n SET sent_at = %s, claim_token = NULL, claimed_until = NULL, "
                f"subject = v.subject, body = v.body, link = v.link, params = v.params "
                f"FROM (VALUES {values}) AS v(id, subject, body, link, params) "
                f"WHERE n.id = v.id AND n.claim_token = %s::uuid",
                params[:1] + params[2:] + params[1:2],
            )
            return cursor.rowcount
    groups = defaultdict(list)  # elsewhere: one UPDATE per distinct text
    for row in rows:
        groups[(row.subject, row.body, row.link, json.dumps(row.params, sort_keys=True))].append(row.pk)
    delivered = 0
    for (subject, body, link, stored), pks in groups.items():
        delivered += Notification.objects.filter(pk__in=pks, claim_token=token).update(
            sent_at=sent_at, claim_token=None, claimed_until=None, subject=subject, body=body, link=link,
            params=json.loads(stored))
    return delivered


def send_batch(ids: list[int], token: str, now: datetime | None = None) -> int:
    """Claim and send the rows a sweep handed out. Returns how many were delivered."""
    now = now or timezone.now()
    mine = str(uuid.uuid4())
    claimed = Notification.objects.filter(
        pk__in=ids, claim_token=token, sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True,
    ).update(claim_token=mine, claimed_until=now + send_lease(), attempts=F("attempts") + 1)
    if not claimed:
        return 0  # a redelivered message, or rows another worker already holds
    rows = list(
        Notification.objects.filter(claim_token=mine)
        .select_related("recipient", "setting", "child", "content_type")
        .prefetch_related("about").order_by("due_at", "pk")
    )
    batch = _Batch(mine, now)
    batch.pks = [r.pk for r in rows]
    delivered = 0
    in_app = []
    digests = defaultdict(list)
    rendered = {}
    rendering.prefetch_access(rows, batch.access_cache)
    outside_app = {r.recipient_id for r in rows if r.channel != Channel.IN_APP}
    batch.prefs = {uid: None for uid in outside_app}
    batch.prefs.update({p.user_id: p for p in Preference.objects.filter(user_id__in=outside_app)})
    try:
        for row in rows:
            if not rendering.may_receive(row, batch.access_cache):
                batch.cancel(row, "The recipient may no longer see this.")
                continue
            until = batch.quiet_until(row)
            if until is not None:
                batch.postpone([row], until, "quiet hours")
                continue
            if row.digest:
                digests[(row.recipient_id, row.channel, row.language)].append(row)
                continue
            render_key = (row.kind, row.child_id, row.setting_id, row.language, row.content_type_id, row.object_id)
            message = rendered.get(render_key)
            if message is None:
                with translation.override(row.language):
                    message = rendered[render_key] = rendering.render(row)
            if row.channel == Channel.IN_APP:
                row.subject, row.body, row.link = message.subject[:300], message.text, message.link[:300]
                row.params = message.params
                in_app.append(row)
                continue
            delivered += batch.deliver([row], row.channel, message)
        if in_app:
            delivered += _deliver_in_app(in_app, mine)
        for (_recipient, channel, language), group in digests.items():
            summary, items = rendering.render_digest(group, language)
            for row, item in zip(group, items, strict=False):
                row.subject, row.body, row.link = item.subject[:300], item.text, item.link[:300]
                row.params = item.params
            Notification.objects.bulk_update(group, ["subject", "body", "link", "params"])
            if channel == Channel.IN_APP:
                delivered += batch.mark_sent(group)
            else:
                delivered += batch.deliver(group, channel, summary, items)
    finally:
        batch.close()
        badge.forget(*{r.recipient_id for r in rows})
    return delivered
