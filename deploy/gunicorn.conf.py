"""Gunicorn for Triangle (deploy/systemd/triangle-web.service). Logs go to the journal; Django's own lines are JSON."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Sync workers: pages are short database reads; photos are small and read whole before sending.
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows; jitter keeps them from restarting together.
max_requests = 2000
max_requests_jitter = 200
# Django writes one JSON access line per request (ops/requestid.py); gunicorn's own would say it twice.
accesslog = None
errorlog = "-"
# Only the local reverse proxy talks to gunicorn; Django reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "127.0.0.1"
