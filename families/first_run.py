"""First run: the one-time set-up code, and creating a setting with its manager and rooms (page or command).

An install with no setting answers its set-up page to anyone holding a code printed by `manage.py setup_code`
(or logged when the server starts). Only the code's hash is stored; a code works once. As soon as a setting
exists the set-up page is gone (404): further settings come from `manage.py create_setting` or a superuser.
"""

from __future__ import annotations

import logging
import secrets
from datetime import time, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Membership, Room, Setting, SetupCode, User

log = logging.getLogger(__name__)

CODE_VALID_FOR = timedelta(days=7)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: it is read off a terminal and typed


def setup_is_open() -> bool:
    """The anonymous set-up page exists only while the install has no setting at all."""
    return not Setting.objects.exists()


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def setup_code_issue() -> str:
    """A fresh code (returned once, never stored in the clear). Earlier unused codes keep working until used."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    SetupCode.objects.create(code_hash=make_password(raw))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def log_setup_code_at_start() -> None:
    """Called when the web server starts: on an empty install, put a code in the server log."""
    try:
        if setup_is_open():
            log.warning("Triangle has no setting yet. Open /setup/ with this one-time code: %s", setup_code_issue())
    except Exception:  # no database yet (before migrate): the command prints one later
        log.info("Set-up code not issued at start: the database is not ready.")


def _redeem(code: str) -> SetupCode:
    """Lock every open code (so two set-ups cannot race) and return the one that matches."""
    raw = _normalise(code)
    open_codes = SetupCode.objects.select_for_update().filter(
        used_at__isnull=True, created_at__gt=timezone.now() - CODE_VALID_FOR
    )
    for candidate in open_codes:
        if raw and check_password(raw, candidate.code_hash):
            return candidate
    raise ValidationError({"setup_code": _("This set-up code is not right, or was already used. "
                                           "Run `manage.py setup_code` on the server for a new one.")})


def _check_hours(opens_at: time, closes_at: time):
    if opens_at >= closes_at:
        raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})


def _create_rooms(setting: Setting, room_names) -> list[Room]:
    names = []
    for name in room_names:
        name = " ".join(name.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return [Room.objects.create(setting=setting, name=name[:100]) for name in names]


@transaction.atomic
def setting_create(*, name: str, kind: str, timezone_name: str, jurisdiction: str, opens_at: time,
                   closes_at: time, rooms=(), manager: User | None = None) -> Setting:
    """A new setting with its rooms; `manager` (an existing account) becomes its first manager."""
    _check_hours(opens_at, closes_at)
    setting = Setting(name=" ".join(name.split()), kind=kind, timezone=timezone_name, jurisdiction=jurisdiction,
                      opens_at=opens_at, closes_at=closes_at)
    setting.full_clean()
    setting.save()
    _create_rooms(setting, rooms)
    if manager is not None:
        Membership.objects.create(user=manager, setting=setting, role=Membership.Role.MANAGER)
    return setting


@transaction.atomic
def first_setting_create(*, setup_code: str, name: str, kind: str, timezone_name: str, jurisdiction: str,
                         opens_at: time, closes_at: time, manager_name: str, manager_email: str,
                         password: str) -> tuple[Setting, User]:
    """The set-up page's write: checks the one-time code, creates the setting and its first manager's account."""
    code = _redeem(setup_code)
    if Setting.objects.exists():  # someone finished set-up a moment ago
        raise ValidationError(_("Set-up is already done. Log in instead."))
    email = manager_email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"manager_email": _("An account with this email address already exists.")})
    _check_hours(opens_at, closes_at)
    user = User.objects.create_user(email=email, password=password, full_name=" ".join(manager_name.split()))
    setting = setting_create(name=name, kind=kind, timezone_name=timezone_name, jurisdiction=jurisdiction,
                             opens_at=opens_at, closes_at=closes_at, manager=user)
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    return setting, user
