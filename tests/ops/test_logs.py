"""Production logs are JSON lines carrying the request id; the proxy's X-Request-ID is kept when it is sane."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

from ops.requestid import incoming_or_new

ROOT = Path(__file__).resolve().parents[2]


def test_the_request_id_is_echoed_or_made(db):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")
    assert response["X-Request-ID"] == "lb-1234.abc"
    made = Client().get("/accounts/login/")["X-Request-ID"]
    assert len(made) == 32 and made != Client().get("/accounts/login/")["X-Request-ID"]


def test_a_request_id_that_could_forge_log_lines_is_replaced():
    assert incoming_or_new('x"\n{"level":"CRITICAL"}') != 'x"\n{"level":"CRITICAL"}'
    assert incoming_or_new("a" * 200) != "a" * 200
    assert incoming_or_new("ok-id") == "ok-id"


def test_production_logs_are_json_lines_with_the_request_id():
    """A real production-settings process (DEBUG off): one JSON object per line, the access line included."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_FORMAT"}}
    env.update(DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0")
    code = ("import django; django.setup(); from django.test import Client; "
            "Client().get('/diary/child/1/', HTTP_X_REQUEST_ID='req-42'); "
            "import logging; logging.getLogger('triangle').warning('done')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE":
                            "config.settings"}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # Python warnings (whitenoise: no collected static here) print as text before logging starts.
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "triangle.request"]
    assert access and access[0]["request_id"] == "req-42" and access[0]["status"] == 302
    assert access[0]["path"] == "/diary/child/1/" and "duration_ms" in access[0]
    assert lines[-1]["message"] == "done" and lines[-1]["request_id"] == "-" and lines[-1]["level"] == "WARNING"
