"""A backup restores: pg_dump of a seeded database, pg_restore into a fresh one, migrate, same pages and photo.

The photos' bucket is synced to a backup bucket (as `aws s3 sync` would), and the restored deployment reads
from that copy. Both deployments are real processes on PostgreSQL and moto's S3 server (docs/operations.md).
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from diaries import services
from families.uploads import reencode_image
from tests.diaries.conftest import jpeg_bytes

ROOT = Path(__file__).resolve().parents[2]

# Runs in a separate process against a given database and bucket: what a family sees of one day.
VIEW_AS_FAMILY = """
import hashlib, json, re, sys
import django
django.setup()
from django.test import Client
from families.models import User
email, child_id, photo_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = Client()
client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
day = client.get(f"/diary/child/{child_id}/")
photo = client.get(f"/diary/photo/{photo_id}/")
html = day.content.decode()
print(json.dumps({"day": day.status_code, "photo": photo.status_code,
                  "photo_sha": hashlib.sha256(photo.content).hexdigest(),
                  "texts": sorted({t.strip() for t in re.findall(r"Backup check[^<]*", html)})}))
"""


def _url(name):
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _psql(sql):
    s = connection.settings_dict
    subprocess.run(["psql", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"],
                    "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def _view_as_family(database_url, bucket_url, email, child_id, photo_id):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_STORAGE_URL": bucket_url, "DEBUG": "1",
           "ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", VIEW_AS_FAMILY, email, str(child_id),
                             str(photo_id)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _sync(bucket, target):
    client = bucket.server.client()
    for key in bucket.keys():
        client.copy_object(Bucket=target.name, Key=key, CopySource={"Bucket": bucket.name, "Key": key})


def test_a_dumped_database_and_synced_bucket_restore_the_same_day_and_photo(
        transactional_db, personas, s3_bucket, moto_server, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL (set DATABASE_URL)")
    child, mother = personas.alfie, personas.mother
    photo = services.photo_add(children=[child], by=personas.key_person, caption="Backup check: sand castles",
                               image=reencode_image(io.BytesIO(jpeg_bytes(with_gps=True))))
    services.entry_create(child=child, by=personas.key_person, kind="meal", what="Backup check pasta",
                          amount="all")
    services.entry_create(child=child, by=personas.key_person, kind="note", text="Backup check: painted a dragon")
    original = _view_as_family(_url(connection.settings_dict["NAME"]), s3_bucket.url, mother.email, child.pk,
                               photo.pk)
    assert original["day"] == 200 and original["photo"] == 200 and len(original["texts"]) >= 2

    # Back up: the database first, then the bucket.
    dump = tmp_path / "triangle.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    _url(connection.settings_dict["NAME"]), f"--file={dump}"], check=True, timeout=300)
    backup_bucket = moto_server.create_bucket()
    _sync(s3_bucket, backup_bucket)

    # Restore into a fresh database, bring it to this release, read photos from the backup bucket.
    restored = f"tri_restore_{uuid.uuid4().hex[:10]}"
    _psql(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", f"--dbname={_url(restored)}", str(dump)],
                       check=True, timeout=300, capture_output=True)
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, timeout=300,
                                 env={**os.environ, "DATABASE_URL": _url(restored), "DEBUG": "1"},
                                 capture_output=True, text=True)
        assert migrate.returncode == 0, migrate.stderr
        check = subprocess.run([sys.executable, "manage.py", "media_to_bucket", "--check"], cwd=ROOT, timeout=120,
                               env={**os.environ, "DATABASE_URL": _url(restored), "DEBUG": "1",
                                    "MEDIA_STORAGE_URL": backup_bucket.url}, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

        again = _view_as_family(_url(restored), backup_bucket.url, mother.email, child.pk, photo.pk)
        assert again == original
        assert again["photo_sha"] == hashlib.sha256(backup_bucket.read(photo.image.name)).hexdigest()
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
