"""With SENTRY_DSN set, errors reach Sentry (here: a loopback HTTP server standing in for it); without, nothing."""

import gzip
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class _Envelopes(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # the SDK prefers brotli when the package is installed
            import brotli

            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def _run(env_extra):
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    env.update(env_extra, DJANGO_SETTINGS_MODULE="config.settings")
    code = ("import django; django.setup(); import sentry_sdk; "
            "print('client', sentry_sdk.get_client().is_active()); "
            "sentry_sdk.capture_exception(ValueError('photo store exploded')); sentry_sdk.flush(5)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_errors_go_to_sentry_only_when_a_dsn_is_set():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = _run({"SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/42"})
        assert result.returncode == 0, result.stderr
        assert "client True" in result.stdout
        assert any(path.startswith("/api/42/") and b"photo store exploded" in body for path, body in _Envelopes.received)
        off = _run({})
        assert "client False" in off.stdout
    finally:
        server.shutdown()
