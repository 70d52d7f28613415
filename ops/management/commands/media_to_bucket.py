"""Copy the photos under MEDIA_ROOT into the bucket STORAGES["default"] points at, under the same names.

Resumable: a file already in the bucket with the same size is skipped, so an interrupted run is simply run
again. Nothing in the database changes (names stay the same) and nothing local is deleted: remove the
local folder yourself once `--check` reports every referenced file present.
"""

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from config.storage import S3_BACKEND


def referenced_names():
    """Every name a FileField/ImageField in the database points at."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.concrete:
                values = model._base_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
                names.update(values.values_list(field.name, flat=True).distinct())
    return names


def local_names(root: Path):
    for dirpath, _dirs, files in os.walk(root):
        for filename in files:
            yield (Path(dirpath) / filename).relative_to(root).as_posix()


class Command(BaseCommand):
    help = "Copy local uploaded files (MEDIA_ROOT) into the configured bucket; safe to run again after a stop."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=None, help="Local folder to copy from (default: MEDIA_ROOT).")
        parser.add_argument("--limit", type=int, default=0, help="Stop after copying this many files.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be copied; copy nothing.")
        parser.add_argument("--check", action="store_true",
                            help="Copy nothing; fail if a file the database refers to is not in the bucket.")

    def handle(self, *args, source=None, limit=0, dry_run=False, check=False, **options):
        if settings.STORAGES["default"]["BACKEND"] != S3_BACKEND:
            raise CommandError("STORAGES['default'] is the local folder: set MEDIA_STORAGE_URL first.")
        if check:
            return self._check()
        root = Path(source or settings.MEDIA_ROOT)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        local = FileSystemStorage(location=root)
        copied = skipped = 0
        for name in sorted(local_names(root)):
            size = local.size(name)
            if default_storage.exists(name) and default_storage.size(name) == size:
                skipped += 1
                continue
            if dry_run:
                self.stdout.write(f"would copy {name} ({size} bytes)")
                copied += 1
            else:
                self._copy(local, name)
                copied += 1
                self.stdout.write(f"copied {name}", ending="\n" if options["verbosity"] > 1 else "\r")
            if limit and copied >= limit:
                break
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(self.style.SUCCESS(f"{verb} {copied} file(s); {skipped} already in the bucket."))

    def _copy(self, local, name):
        with local.open(name, "rb") as handle:
            # The storage's own _save writes the exact name (an upload or an overwrite of a partial object);
            # save() would pick a new name if a same-named object were already there.
            stored = default_storage._save(name, File(handle, name=name))
        if stored != name:
            raise CommandError(f"{name} was stored as {stored}; stopping so nothing points at the wrong file.")

    def _check(self):
        missing = sorted(name for name in referenced_names() if not default_storage.exists(name))
        for name in missing:
            self.stderr.write(f"missing in the bucket: {name}")
        if missing:
            raise CommandError(f"{len(missing)} referenced file(s) are not in the bucket.")
        self.stdout.write(self.style.SUCCESS("Every file the database refers to is in the bucket."))
