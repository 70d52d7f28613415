"""The example deployment in deploy/ is real: its gunicorn config serves Triangle, its proxy fits the uploads."""

import configparser
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.s3 import _free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def test_the_gunicorn_config_serves_the_probes(db):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 60, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--config",
                             "deploy/gunicorn.conf.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline, body = time.monotonic() + 60, None
        while time.monotonic() < deadline and body is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.3)
        assert body == b'{"status": "ok"}'
    finally:
        proc.terminate()
        proc.wait(30)


def test_the_proxy_takes_a_full_size_photo_and_sets_the_forwarded_headers():
    conf = (DEPLOY / "nginx" / "triangle.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert megabytes * 1024 * 1024 >= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-For", "X-Request-ID $request_id"):
        assert f"proxy_set_header {header}" in conf
    assert "ssl_certificate " in conf and "return 301 https://" in conf


def test_the_units_run_the_installed_commands_with_the_shared_environment():
    venv_bin = Path(sys.executable).parent
    for unit in (DEPLOY / "systemd").glob("*.service"):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit)
        service = parser["Service"]
        assert service["EnvironmentFile"] == "/etc/triangle/triangle.env", unit.name
        command = Path(service["ExecStart"].split()[0]).name
        assert (venv_bin / command).exists(), f"{unit.name}: {command} is not installed"
    assert "--config deploy/gunicorn.conf.py" in (DEPLOY / "systemd" / "triangle-web.service").read_text()
