"""The channels that leave the building: how each one sends a single message, and how long that may take.

A channel has `prepare(row, message, items)` (render, look up the address, open a connection: everything that
may be slow *before* the claim is checked), `send(prepared)` (the one step that hands the message over) and
`close()`. `sending._Batch.deliver` checks and renews the row's claim between the two, for every channel, so a
new channel (push) gets "never send a row you no longer hold" by being listed in CHANNELS. Its
`worst_send_seconds()` then enters the system check (checks.py) that keeps the lease longer than any one send.
"""

from __future__ import annotations

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from . import kinds, push, rendering, sms
from .models import Channel, PushSubscription


def message_id(row) -> str:
    digest = hashlib.sha256(row.key.encode()).hexdigest()[:32]
    return f"<triangle.{digest}@{getattr(settings, 'NOTIFICATIONS_MESSAGE_ID_DOMAIN', 'triangle.local')}>"


class EmailChannel:
    name = Channel.EMAIL
    # Handing over one message on an open connection waits for at most five replies (MAIL, RCPT, DATA, the
    # message itself, the end of data), each for up to EMAIL_TIMEOUT. Opening the connection is in prepare().
    REPLIES_PER_MESSAGE = 5
    timeout_setting = "EMAIL_TIMEOUT"

    @classmethod
    def worst_send_seconds(cls) -> float | None:
        timeout = getattr(settings, "EMAIL_TIMEOUT", None)
        return None if timeout is None else cls.REPLIES_PER_MESSAGE * timeout

    def __init__(self):
        self.connection = None
        self.bodies = {}

    def prepare(self, row, message, items=None):
        cache_key = (id(message), row.language) if items is None else None
        bodies = self.bodies.get(cache_key) if cache_key else None
        if bodies is None:
            bodies = rendering.render_email(row, message, items)
            if cache_key:
                self.bodies[cache_key] = bodies
        text, html = bodies
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            try:
                self.connection.open()
            except Exception:
                self.connection = None
                raise
        mail = EmailMultiAlternatives(message.subject, text, to=[row.recipient.email], connection=self.connection,
                                      headers={"Message-ID": message_id(row), "X-Triangle-Key": row.key})
        mail.attach_alternative(html, "text/html")
        return mail

    def send(self, mail) -> None:
        try:
            mail.send()
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError):
            self.close()  # the next message opens a fresh connection
            raise

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                pass
            self.connection = None


class SmsChannel:
    name = Channel.SMS
    timeout_setting = "NOTIFICATIONS_SMS_TIMEOUT"

    @staticmethod
    def worst_send_seconds() -> float | None:
        return sms.timeout()

    def prepare(self, row, message, items=None):
        from families.models import Carer

        carer = Carer.objects.filter(user_id=row.recipient_id, setting_id=row.setting_id).exclude(phone="").first()
        if carer is None:
            raise sms.PermanentSmsError("no phone number")
        return carer.phone, f"{message.subject}: {message.link}"

    def send(self, prepared) -> None:
        phone, text = prepared
        sms.get_backend().send(phone, text)

    def close(self) -> None:
        pass


class PushChannel:
    """One row goes to every device the recipient turned push on for; the title and link only (push.payload).

    The row is sent when at least one device's push service accepted it (or none is left: the message is in
    the inbox either way). A device that is gone (404/410) is deleted. It is retried only when no device took
    it and some failure may pass, so a device that accepted is not sent it twice by a retry for another.
    """

    name = Channel.PUSH
    timeout_setting = "NOTIFICATIONS_PUSH_TIMEOUT"

    @staticmethod
    def worst_send_seconds() -> float | None:
        if not push.configured():
            return 0  # without keys nothing is pushed (prepare finds no device to send to)
        seconds = push.timeout()
        # requests' timeout bounds the connection and then each read: twice it per device, for every device.
        return None if seconds is None else 2 * seconds * push.MAX_DEVICES

    def __init__(self):
        self.sender = None

    def prepare(self, row, message, items=None):
        devices = []  # push switched off since the row was queued: the inbox has it
        if push.configured():
            devices = list(PushSubscription.objects.filter(user_id=row.recipient_id).order_by("pk")[:push.MAX_DEVICES])
        if devices and self.sender is None:
            self.sender = push.Sender()
        spec = kinds.get(row.kind)
        urgency = "high" if spec.urgent and items is None else "normal"
        return devices, push.payload(message.subject, message.link), urgency

    def send(self, prepared) -> None:
        devices, data, urgency = prepared
        accepted, failures = [], []
        for device in devices:
            try:
                status = self.sender.send(device, data, urgency=urgency)
            except push.PushError as error:
                failures.append(error)
                continue
            except Exception as error:  # noqa: BLE001 - a refused connection or a timeout may pass
                failures.append(push.PushError(f"{error.__class__.__name__}: {error}"))
                continue
            if status in push.GONE:
                device.delete()
            else:
                accepted.append(device.pk)
        if accepted:
            PushSubscription.objects.filter(pk__in=accepted).update(last_sent_at=timezone.now())
        elif failures:
            permanent = all(f.permanent for f in failures)
            raise push.PushError("; ".join(str(f) for f in failures), permanent=permanent)

    def close(self) -> None:
        if self.sender is not None:
            self.sender.close()
            self.sender = None


CHANNELS = {channel.name: channel for channel in (EmailChannel, SmsChannel, PushChannel)}
