"""Real parts for the notification tests: an aiosmtpd SMTP server in-process, and helpers for live workers."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingHandler:
    """Accepts mail and keeps it. `refuse` maps an address to an SMTP reply; `stall_seconds` pauses RCPT once;
    `delay_seconds` makes every message take that long to accept (a slow relay: the reply to the end of DATA)."""

    def __init__(self):
        self.messages = []
        self.refuse = {}
        self.stall_seconds = 0.0
        self.delay_seconds = 0.0
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        if self.stall_seconds:
            seconds, self.stall_seconds = self.stall_seconds, 0.0
            self.stalled.set()
            await asyncio.sleep(seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        msg = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(msg)
        return "250 Message accepted for delivery"

    def keys(self):
        with self.lock:
            return [m["X-Triangle-Key"] for m in self.messages]

    def wait_for(self, count, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return True
            time.sleep(0.05)
        return False


@pytest.fixture
def smtp_server():
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """Point Django's email at the test's SMTP server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return smtp_server


@pytest.fixture(autouse=True)
def no_kick(settings):
    """Unit tests sweep by hand; the live tests turn the on-commit kick back on."""
    settings.NOTIFICATIONS_KICK_ON_COMMIT = False


class Collector:
    """Stands in for the broker in in-process tests: records what the sweep enqueues."""

    def __init__(self):
        self.batches = []

    def __call__(self, ids, token):
        self.batches.append((list(ids), token))


def run_everything(now=None):
    """Sweep, then send every batch in-process (what beat + a worker do). Returns deliveries."""
    from django.test import TestCase

    from notifications import sending

    collector = Collector()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending.sweep(now, enqueue=collector)
    delivered = 0
    for ids, token in collector.batches:
        delivered += sending.send_batch(ids, token, now=now)
    return delivered


@pytest.fixture
def push_service(settings):
    """A push service on loopback that the server may post to, and a VAPID key pair for this test."""
    from notifications import push

    from .push_service import PushService

    service = PushService().start()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = push.new_key_pair()
    settings.VAPID_SUBJECT = "mailto:office@sunnyside.test"
    settings.NOTIFICATIONS_PUSH_SERVICES = [service.origin]
    try:
        yield service
    finally:
        service.stop()


def push_device(service, user, name=None):
    """A real browser-shaped subscription at `service`, stored for `user` (what turning push on does)."""
    from notifications import services

    device = service.new_device(name)
    services.push_subscription_save(user=user, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth,
                                    user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36")
    return device
