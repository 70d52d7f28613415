"""A real S3-speaking server on loopback for the tests: moto's standalone server in a subprocess.

`moto_server` (one per test session) is what aiosmtpd is for SMTP. `s3_bucket` gives a test its own private
bucket and points Django's default storage at it through MEDIA_STORAGE_URL's parser, as production does.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest

ACCESS_KEY = "triangle-test"
SECRET_KEY = "triangle-test-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """Start and stop `moto_server` (S3 API) on a free loopback port."""

    def __init__(self, port: int | None = None, log_path=None):
        self.port = port or _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.proc = None

    def start(self, timeout: float = 30.0) -> MotoServer:
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from moto.server import main; main()", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1")

    def create_bucket(self, name: str | None = None) -> Bucket:
        name = name or f"triangle-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name)
        # Private, as production's must be: no public ACLs or policies, ever.
        client.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        return Bucket(server=self, name=name)


@dataclass
class Bucket:
    server: MotoServer
    name: str

    @property
    def url(self) -> str:
        """MEDIA_STORAGE_URL for this bucket."""
        return f"s3+http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{self.server.port}/{self.name}"

    def keys(self) -> list[str]:
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def moto_server():
    server = MotoServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(moto_server, settings):
    """A fresh private bucket, and Django's default storage pointed at it (as MEDIA_STORAGE_URL does)."""
    from config.storage import media_storage

    bucket = moto_server.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": media_storage({"MEDIA_STORAGE_URL": bucket.url}.get)}
    return bucket
