"""MEDIA_STORAGE_URL (or the AWS_* variables) picks the bucket; without them uploads stay in the local folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.storage import LOCAL, S3_BACKEND, StorageUrlError, media_storage, s3_options_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_bucket_uploads_stay_in_the_local_folder():
    assert media_storage({}.get) == LOCAL


def test_a_url_with_an_endpoint_names_keys_bucket_prefix_and_region():
    options = s3_options_from_url("s3://AK%2F1:se%2Bcret@s3.example.net:9000/triangle-media/leeds?region=eu-west-2")
    assert options["endpoint_url"] == "https://s3.example.net:9000"
    assert (options["bucket_name"], options["location"], options["region_name"]) == ("triangle-media", "leeds",
                                                                                     "eu-west-2")
    assert (options["access_key"], options["secret_key"]) == ("AK/1", "se+cret")
    assert options["addressing_style"] == "path"


def test_plain_http_only_when_asked_and_aws_itself_by_bucket_name():
    assert s3_options_from_url("s3+http://k:s@127.0.0.1:9000/b")["endpoint_url"] == "http://127.0.0.1:9000"
    aws = s3_options_from_url("s3://triangle-media")
    assert aws["bucket_name"] == "triangle-media" and "endpoint_url" not in aws and "access_key" not in aws


def test_every_bucket_is_private_and_never_overwritten():
    options = media_storage({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://minio.internal"}.get)
    assert options["BACKEND"] == S3_BACKEND
    opts = options["OPTIONS"]
    assert opts["default_acl"] is None and opts["querystring_auth"] is True and opts["file_overwrite"] is False
    assert opts["endpoint_url"] == "https://minio.internal"


@pytest.mark.parametrize("url", ["http://bucket", "s3://"])
def test_a_wrong_url_says_what_is_wrong(url):
    with pytest.raises(StorageUrlError):
        s3_options_from_url(url)


def test_the_environment_variable_reaches_django():
    env = {**os.environ, "MEDIA_STORAGE_URL": "s3+http://k:s@127.0.0.1:9/photos", "DEBUG": "1"}
    code = "from django.core.files.storage import default_storage as d; print(d.bucket_name, d.endpoint_url)"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "photos http://127.0.0.1:9" in result.stdout
