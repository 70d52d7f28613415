"""A push service on loopback, standing in for FCM or Mozilla's autopush: it receives the real HTTP request.

Each `Device` is a browser's subscription made the way a browser makes one: a fresh P-256 key pair and a
16-byte auth secret. The service keeps what it was sent; `Device.decrypt` opens a message with the
subscription's private key (RFC 8291 over RFC 8188 aes128gcm) as the browser would, written out from the
RFCs and checked against http_ece; `vapid_claims` checks the VAPID signature (RFC 8292) and returns the claims.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Device:
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def decrypt(self, message: Received) -> dict:
        """Open the message as the browser does, written out from the RFCs (not with the sender's library)."""
        assert message.headers["content-encoding"] == "aes128gcm"
        plain = decrypt_aes128gcm(message.body, self.private_key, self.auth_secret)
        assert plain == http_ece.decrypt(message.body, private_key=self.private_key, auth_secret=self.auth_secret,
                                         version="aes128gcm")  # and the reference implementation agrees
        return json.loads(plain)


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt_aes128gcm(body: bytes, ua_private: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> bytes:
    """RFC 8188 (the aes128gcm content coding) with the Web Push key derivation of RFC 8291, section 3.4.

    The header is salt (16) | record size (4) | key id length (1) | key id: for Web Push the key id is the
    application server's ephemeral public key. Each record ends with a 0x01 (more follow) or 0x02 (the last)
    delimiter, then zero padding.
    """
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    as_public_bytes = body[21:21 + id_length]
    assert id_length == 65, "the key id must be the sender's uncompressed P-256 key (RFC 8291 section 4)"
    as_public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), as_public_bytes)
    ua_public_bytes = ua_private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    ecdh_secret = ua_private.exchange(ec.ECDH(), as_public)
    ikm = _hkdf(auth_secret, ecdh_secret, b"WebPush: info\x00" + ua_public_bytes + as_public_bytes, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    base_nonce = int.from_bytes(_hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12), "big")
    records = body[21 + id_length:]
    assert record_size >= 18 and records, "no records"
    plain = b""
    for index, start in enumerate(range(0, len(records), record_size)):
        nonce = (base_nonce ^ index).to_bytes(12, "big")
        record = AESGCM(cek).decrypt(nonce, records[start:start + record_size], None).rstrip(b"\x00")
        last = start + record_size >= len(records)
        assert record[-1:] == (b"\x02" if last else b"\x01"), "bad record delimiter"
        plain += record[:-1]
    return plain


class PushService:
    def __init__(self):
        self.received: list[Received] = []
        self.status: dict[str, int] = {}  # path -> the status to answer (default 201 Created)
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service.lock:
                    service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                                                     body))
                    status = service.status.get(self.path, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def new_device(self, name: str | None = None) -> Device:
        """A browser's subscription at this service: its own endpoint, key pair and auth secret."""
        return Device(endpoint=f"{self.origin}/push/{name or b64url(os.urandom(12))}",
                      private_key=ec.generate_private_key(ec.SECP256R1()), auth_secret=os.urandom(16))

    def to(self, device: Device) -> list[Received]:
        path = device.endpoint.removeprefix(self.origin)
        with self.lock:
            return [r for r in self.received if r.path == path]


def vapid_claims(message: Received, public_key: str) -> dict:
    """The JWT claims of a message's VAPID header, after checking it is signed by `public_key`."""
    auth = message.headers["authorization"]
    scheme, params = auth.split(" ", 1)
    assert scheme == "vapid"
    parts = dict(item.split("=", 1) for item in params.split(","))
    assert parts["k"] == public_key, "signed with another key than the server's VAPID public key"
    assert Vapid02.verify(auth), "the VAPID signature does not verify"
    return json.loads(b64url_decode(parts["t"].split(".")[1]))
