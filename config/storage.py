"""Where uploaded files live: the local folder (embedded default) or an S3-compatible private bucket.

MEDIA_STORAGE_URL names the bucket in one line:

    s3://ACCESS_KEY:SECRET@s3.eu-west-2.amazonaws.com/triangle-media?region=eu-west-2
    s3+http://KEY:SECRET@127.0.0.1:9000/triangle-media      (plain HTTP: MinIO/moto on loopback only)
    s3://triangle-media                                       (AWS's own endpoint; keys from AWS_* or the role)

An optional path after the bucket is a key prefix (s3://…/bucket/prefix). Without MEDIA_STORAGE_URL, the usual
django-storages variables work too: AWS_STORAGE_BUCKET_NAME (+ AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).

The bucket is private: objects are written without a public ACL, and nothing in Triangle hands out their URLs.
Photos are streamed through the access-checked views (families/uploads.py; docs/operations.md says why).
"""

from urllib.parse import parse_qs, unquote, urlsplit

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"

# Options every bucket gets. A `url()` (admin only) is signed and expires in a minute; names are never reused.
_COMMON = {
    "default_acl": None,  # the bucket's own (private) policy; never "public-read"
    "querystring_auth": True,
    "querystring_expire": 60,
    "file_overwrite": False,
    "signature_version": "s3v4",
    "max_memory_size": 0,  # photos are small (re-encoded, at most 2048 px): read into memory, then streamed
}


class StorageUrlError(ValueError):
    pass


def s3_options_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("s3", "s3+http", "s3+https"):
        raise StorageUrlError(f"MEDIA_STORAGE_URL must start with s3://, s3+http:// or s3+https://, not {parts.scheme}://")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    options = dict(_COMMON)
    path = [p for p in parts.path.split("/") if p]
    if path:  # s3://host[:port]/bucket[/prefix]
        scheme = "http" if parts.scheme == "s3+http" else "https"
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        options["endpoint_url"] = f"{scheme}://{host}" + (f":{parts.port}" if parts.port else "")
        options["bucket_name"] = path[0]
        if len(path) > 1:
            options["location"] = "/".join(path[1:])
        options["addressing_style"] = query.get("addressing", "path")
    else:  # s3://bucket on AWS itself
        if not parts.hostname:
            raise StorageUrlError("MEDIA_STORAGE_URL names no bucket")
        options["bucket_name"] = parts.hostname
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    options["region_name"] = query.get("region", "us-east-1")
    return options


def media_storage(env_get) -> dict:
    """STORAGES["default"] for this environment. `env_get(name)` returns the variable or ""."""
    url = env_get("MEDIA_STORAGE_URL")
    if url:
        return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options_from_url(url)}
    bucket = env_get("AWS_STORAGE_BUCKET_NAME")
    if bucket:
        options = dict(_COMMON, bucket_name=bucket)
        for option, variable in (("endpoint_url", "AWS_S3_ENDPOINT_URL"), ("region_name", "AWS_S3_REGION_NAME"),
                                 ("location", "AWS_LOCATION"), ("addressing_style", "AWS_S3_ADDRESSING_STYLE")):
            if env_get(variable):
                options[option] = env_get(variable)
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}  # keys: AWS_ACCESS_KEY_ID etc. or the machine's role
    return dict(LOCAL)


def uses_bucket(storages: dict) -> bool:
    return storages["default"]["BACKEND"] == S3_BACKEND
