"""Web Push (RFC 8030) with VAPID (RFC 8292), encrypted to the browser's keys (RFC 8291, aes128gcm), via pywebpush.

Keys come from settings (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY; `manage.py push_keys` makes a pair). Without them
push is not offered and nobody is routed to it. A message carries a title and a link, nothing else: the page
behind the link checks access again (docs/notifications.md, "Push").

Only push services in NOTIFICATIONS_PUSH_SERVICES are ever posted to, so a stored subscription cannot make the
server send requests to an address of the subscriber's choosing.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
from email.utils import parseaddr
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

# At most this many devices per person: one send to one person posts to each of them (see worst_send_seconds).
MAX_DEVICES = 10
GONE = (404, 410)  # the push service says the browser dropped this subscription: delete it


class PushError(Exception):
    def __init__(self, message, *, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def b64url_decode(value: str) -> bytes:
    value = value.strip()
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key_pair() -> tuple[str, str]:
    """(public, private): the public key as the browser wants it (uncompressed P-256 point), the private raw."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url_encode(public), b64url_encode(private)


def public_key() -> str:
    return getattr(settings, "VAPID_PUBLIC_KEY", "") or ""


def configured() -> bool:
    return bool(public_key() and getattr(settings, "VAPID_PRIVATE_KEY", ""))


def subject() -> str:
    """Who the push services may contact about our messages: VAPID_SUBJECT, else the sender address."""
    explicit = getattr(settings, "VAPID_SUBJECT", "")
    if explicit:
        return explicit
    address = parseaddr(getattr(settings, "DEFAULT_FROM_EMAIL", ""))[1] or "webmaster@localhost"
    return f"mailto:{address}"


def timeout() -> float | None:
    return getattr(settings, "NOTIFICATIONS_PUSH_TIMEOUT", 5)


def ttl() -> int:
    """How long a push service keeps a message for a device that is off (seconds)."""
    return int(getattr(settings, "NOTIFICATIONS_PUSH_TTL", 24 * 3600))


def service_allowed(endpoint: str) -> bool:
    """Whether `endpoint` is at one of the push services we post to (scheme, host pattern and port)."""
    try:
        url = urlsplit(endpoint)
        port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        return False
    for pattern in getattr(settings, "NOTIFICATIONS_PUSH_SERVICES", []):
        allowed = urlsplit(pattern)
        allowed_port = allowed.port or (443 if allowed.scheme == "https" else 80)
        if (url.scheme == allowed.scheme and url.hostname and allowed.hostname
                and fnmatch.fnmatchcase(url.hostname.lower(), allowed.hostname.lower()) and port == allowed_port):
            return True
    return False


def valid_browser_key(value: str) -> bool:
    """A P-256 public key in uncompressed form, base64url (the subscription's p256dh)."""
    try:
        raw = b64url_decode(value)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except (ValueError, binascii.Error, TypeError):
        return False
    return len(raw) == 65


def valid_auth_secret(value: str) -> bool:
    try:
        return len(b64url_decode(value)) == 16
    except (ValueError, binascii.Error):
        return False


def payload(title: str, link: str) -> bytes:
    """What the device receives: the title and a path on this site. Never the text of the record."""
    parts = urlsplit(link)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return json.dumps({"title": title, "link": path}, ensure_ascii=False).encode()


def device_label(user_agent: str) -> str:
    """A short name for the device, from its browser's User-Agent: "Chrome · Android". Names only, no words."""
    ua = user_agent or ""
    browsers = (("Edg/", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"),
                ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome", "Chrome"), ("Safari", "Safari"))
    systems = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
               ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
    browser = next((name for mark, name in browsers if mark in ua), "")
    system = next((name for mark, name in systems if mark in ua), "")
    return " · ".join(part for part in (browser, system) if part)[:100]


class Sender:
    """Posts messages to push services over one HTTP session. One per batch (channels.PushChannel)."""

    def __init__(self):
        import requests
        from py_vapid import Vapid

        if not configured():
            raise PushError("Push is not configured (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)", permanent=True)
        self.session = requests.Session()
        self.vapid = Vapid.from_string(settings.VAPID_PRIVATE_KEY)

    def send(self, subscription, data: bytes, *, urgency: str = "normal") -> int:
        """Post one encrypted message to one device. Returns the push service's status (2xx, or 404/410: gone)."""
        from pywebpush import WebPushException, webpush

        if not service_allowed(subscription.endpoint):
            return 410  # no longer an allowed service: treated as gone
        try:
            response = webpush(
                subscription_info={"endpoint": subscription.endpoint,
                                   "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
                data=data, vapid_private_key=self.vapid, vapid_claims={"sub": subject()},
                ttl=ttl(), timeout=timeout(), headers={"Urgency": urgency}, requests_session=self.session)
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            if status in GONE:
                return status
            # 400 (bad message), 403 (our key does not match the subscription's), 413 (too big) will not pass
            # on a retry; 429 and 5xx may.
            raise PushError(f"Push service: {status or ''} {error.message}".strip(),
                            permanent=status is not None and 400 <= status < 500 and status != 429) from error
        return response.status_code

    def close(self):
        self.session.close()
