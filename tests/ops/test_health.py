"""/healthz answers without the database; /readyz checks the database, the cache (Redis) and the broker."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_healthz_is_public_and_touches_no_database(db, settings):
    settings.SECURE_SSL_REDIRECT = True  # production: the load balancer calls over plain HTTP by address
    settings.ALLOWED_HOSTS = ["nursery.example.org"]
    with CaptureQueriesContext(connection) as queries:
        response = Client(HTTP_HOST="10.0.0.7:8000").get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_dependency(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_readyz_is_503_when_the_broker_is_down_and_says_no_more_than_that(db, monkeypatch, caplog):
    # Celery reads the environment's CELERY_BROKER_URL before its own settings; nothing listens on port 9.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "failing" and body["database"] == "ok" and body["status"] == "failing"
    assert "127.0.0.1" not in json.dumps(body) and any("broker failing" in r.message for r in caplog.records)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_only_answer_get(db, path):
    assert Client().post(path).status_code == 405
