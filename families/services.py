"""Writes for children, carers, staff and invitations. Each is atomic and validates in full."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .access import NotAllowed
from .models import (
    LIFT_REASON_MAX,
    RIGHTS_FIELDS,
    RIGHTS_FLAGS,
    AuthorisedCollector,
    Carer,
    CarerLink,
    Child,
    Household,
    Invitation,
    KeyPersonAssignment,
    Membership,
    Room,
    Setting,
)
from .signals import carer_link_rights_changed

User = get_user_model()

CHILD_FIELDS = (
    "legal_first_name legal_last_name preferred_name date_of_birth start_date leave_date room photo "
    "photo_consent home_languages dietary_notes allergy_notes medical_notes"
).split()


def _check_child_dates(*, date_of_birth, start_date, leave_date, today: date):
    errors = {}
    if date_of_birth and date_of_birth > today:
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    if date_of_birth and start_date and start_date < date_of_birth:
        errors["start_date"] = _("The start date cannot be before the child was born.")
    if leave_date and start_date and leave_date < start_date:
        errors["leave_date"] = _("The leave date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def child_save(*, setting: Setting, by, child: Child | None = None, households=None, **fields) -> Child:
    """Create a child (child=None) or update one. Unknown fields are a programming error."""
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown child fields: {sorted(unknown)}")
    child = child or Child(setting=setting)
    for name, value in fields.items():
        setattr(child, name, value)
    _check_child_dates(
        date_of_birth=child.date_of_birth, start_date=child.start_date, leave_date=child.leave_date, today=setting.today()
    )
    if child.room_id and child.room.setting_id != setting.pk:
        raise ValidationError({"room": _("Choose a room of this setting.")})
    child._history_user = by
    child.full_clean()
    child.save()
    if households is not None:
        child.households.set(households)
    return child


@transaction.atomic
def household_save(*, setting: Setting, household: Household | None = None, **fields) -> Household:
    household = household or Household(setting=setting)
    for name, value in fields.items():
        setattr(household, name, value)
    household.postcode = household.postcode.strip().upper()
    household.full_clean()
    household.save()
    return household


DETAIL_FIELDS = ("relationship", "child_calls_them")
CARER_FIELDS = "full_name email phone preferred_channel preferred_language needs_interpreter household".split()


def _is_manager_of(user, setting) -> bool:
    from .access import staff_membership

    membership = staff_membership(user, setting)
    return membership is not None and membership.is_manager


def _refuse_unless_manager(by, setting):
    # Who may see a child is a manager's decision (DESIGN section 3); the forms never offer it to others,
    # and this stops a hand-made POST as well.
    if not _is_manager_of(by, setting):
        raise NotAllowed("Only a manager changes the rights on a carer link.")


def _check_fields(fields, allowed, what):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


def _save_carer(carer: Carer, by, carer_fields):
    for name, value in carer_fields.items():
        setattr(carer, name, value)
    carer.email = (carer.email or "").lower()
    carer._history_user = by
    carer.full_clean()
    carer.save()
    return carer


@transaction.atomic
def carer_link_create(
    *, child: Child, by, carer: Carer | None = None, carer_fields=None, rights=None, **details
) -> CarerLink:
    """Link an existing carer of the setting (a manager only), or a new one described by `carer_fields`.

    `rights` (a manager only) are the link's permissions; a link someone else creates starts with none,
    until a manager decides what this person may see.
    """
    _check_fields(details, DETAIL_FIELDS, "link detail")
    if carer is not None or rights is not None:
        _refuse_unless_manager(by, child.setting)
    if carer is None:
        carer = _save_carer(Carer(setting=child.setting), by, carer_fields or {})
    elif carer.setting_id != child.setting_id:
        raise ValidationError({"carer": _("Choose a carer of this setting.")})
    if CarerLink.objects.filter(child=child, carer=carer).exists():
        raise ValidationError({"carer": _("%(name)s is already linked to this child.") % {"name": carer.full_name}})
    rights = dict(rights) if rights is not None else dict.fromkeys(RIGHTS_FLAGS, False)
    _check_fields(rights, RIGHTS_FIELDS, "rights")
    link = CarerLink(child=child, carer=carer, **details, **rights)
    link._history_user = by
    link.full_clean()
    link.save()
    if carer.household_id and link.lives_with_child:
        child.households.add(carer.household_id)
    granted = [(name, None, value) for name, value in rights.items() if value not in (False, "")]
    if granted:
        carer_link_rights_changed.send(sender=CarerLink, link=link, by=by, changes=granted)
    return link


@transaction.atomic
def carer_link_update(*, link: CarerLink, by, carer_fields=None, **details) -> CarerLink:
    """Contact details and what the child calls the person: the child's staff may change these, never rights."""
    _check_fields(details, DETAIL_FIELDS, "link detail")
    link = CarerLink.objects.select_for_update().get(pk=link.pk)
    for name, value in details.items():
        setattr(link, name, value)
    link._history_user = by
    link.full_clean()
    link.save()
    if carer_fields:
        _save_carer(link.carer, by, carer_fields)
    return link


@transaction.atomic
def carer_link_rights_change(
    *, link: CarerLink, by, lift_reason: str = "", lift_confirmed: bool = False, **rights
) -> CarerLink:
    """A manager changes what a carer may see and do. Setting a restriction takes effect at the carer's next
    request; lifting one needs a reason and a second confirmation. The history keeps who, when, from and to,
    and the DSL is told."""
    _check_fields(rights, RIGHTS_FIELDS, "rights")
    link = CarerLink.objects.select_for_update().select_related("child__setting", "carer").get(pk=link.pk)
    _refuse_unless_manager(by, link.child.setting)
    changes = [(name, getattr(link, name), value) for name, value in rights.items() if getattr(link, name) != value]
    if not changes:
        return link
    lifting = link.is_restricted and rights.get("is_restricted") is False
    if lifting:
        lift_reason = (lift_reason or "").strip()
        errors = {}
        if not lift_reason:
            errors["lift_reason"] = _("Say why the restriction is lifted: it stays in the record's history.")
        elif len(lift_reason) > LIFT_REASON_MAX:
            errors["lift_reason"] = _("Keep the reason to %(n)d characters.") % {"n": LIFT_REASON_MAX}
        if not lift_confirmed:
            errors["lift_confirmed"] = _(
                "Tick to confirm: %(name)s will see %(child)s's record again from their next page."
            ) % {"name": link.carer.full_name, "child": link.child.first_name}
        if errors:
            raise ValidationError(errors)
        link._change_reason = lift_reason
    for name, _old, value in changes:
        setattr(link, name, value)
    link._history_user = by
    link.full_clean()
    link.save()
    if link.carer.household_id and link.lives_with_child:
        link.child.households.add(link.carer.household_id)
    carer_link_rights_changed.send(sender=CarerLink, link=link, by=by, changes=changes)
    return link


@transaction.atomic
def key_person_assign(
    *, child: Child, staff: Membership, starts_on: date, by, replace_current: bool = False
) -> KeyPersonAssignment:
    """Make `staff` the child's key person from `starts_on`. The current one is ended, never deleted."""
    if staff.setting_id != child.setting_id or not staff.is_active:
        raise ValidationError({"staff": _("Choose a staff member of this setting.")})
    current = (
        KeyPersonAssignment.objects.select_for_update().filter(child=child, ends_on__isnull=True).first()
    )
    if current is not None:
        if current.staff_id == staff.pk:
            raise ValidationError({"staff": _("%(name)s is already the key person.") % {"name": staff.user}})
        if not replace_current:
            raise ValidationError(
                {
                    "replace_current": _(
                        "%(name)s is already the active key person. Tick 'replace the current key person' "
                        "to hand over; a child has one key person at a time."
                    )
                    % {"name": staff.user}
                }
            )
        if starts_on <= current.starts_on:
            raise ValidationError({"starts_on": _("The new key person must start after the current one started.")})
        current.ends_on = starts_on - timedelta(days=1)
        current.save(update_fields=["ends_on"])
    return KeyPersonAssignment.objects.create(child=child, staff=staff, starts_on=starts_on, assigned_by=by)


def _check_collection_password(raw: str):
    if len((raw or "").strip()) < AuthorisedCollector.MIN_PASSWORD_LENGTH:
        raise ValidationError(
            {
                "collection_password": _("The collection password must be at least %(n)d characters.")
                % {"n": AuthorisedCollector.MIN_PASSWORD_LENGTH}
            }
        )


@transaction.atomic
def collector_add(
    *, child: Child, by, full_name: str, relationship: str, collection_password: str, photo=None
) -> AuthorisedCollector:
    _check_collection_password(collection_password)
    collector = AuthorisedCollector(
        child=child, full_name=full_name, relationship=relationship, photo=photo or "", added_by=by
    )
    collector.set_collection_password(collection_password)
    collector._history_user = by
    collector.full_clean()
    collector.save()
    return collector


@transaction.atomic
def collector_update(
    *, collector: AuthorisedCollector, by, collection_password: str = "", **fields
) -> AuthorisedCollector:
    for name, value in fields.items():
        setattr(collector, name, value)
    if collection_password:
        _check_collection_password(collection_password)
        collector.set_collection_password(collection_password)
    collector._history_user = by
    collector.full_clean()
    collector.save()
    return collector


# --- invitations --------------------------------------------------------------------------------


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


def _send_invitation_email(invitation: Invitation, language: str):
    url = settings.SITE_URL.rstrip("/") + reverse("families:invitation_accept", args=[invitation.token])
    with translation.override(language):
        context = {"invitation": invitation, "url": url, "setting": invitation.setting}
        subject = _("You are invited to Triangle at %(setting)s") % {"setting": invitation.setting.name}
        text = render_to_string("families/email/invitation.txt", context)
        html = render_to_string("families/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    # Sent after commit: an invitation that rolled back must not have left a working link in an inbox.
    transaction.on_commit(message.send)


@transaction.atomic
def invitation_send_to_carer(*, link: CarerLink, by, email: str | None = None) -> Invitation:
    carer = link.carer
    email = (email or carer.email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Add an email address for %(name)s first.") % {"name": carer.full_name}})
    if link.is_restricted:
        raise ValidationError({"email": _("This carer's link is restricted; they cannot be invited.")})
    if carer.user_id:
        raise ValidationError({"email": _("%(name)s already has an account.") % {"name": carer.full_name}})
    already_linked = CarerLink.objects.filter(child=link.child, carer__user__email__iexact=email).exclude(pk=link.pk)
    if already_linked.exists():
        raise ValidationError({"email": _("This email address is already linked to this child.")})
    Invitation.objects.filter(carer=carer, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if carer.email != email:
        carer.email = email
        carer.save(update_fields=["email"])
    invitation = Invitation.objects.create(
        setting=link.child.setting,
        kind=Invitation.Kind.CARER,
        email=email,
        full_name=carer.full_name,
        carer=carer,
        token=Invitation.new_token(),
        invited_by=by,
        expires_at=_invitation_expiry(),
    )
    _send_invitation_email(invitation, carer.preferred_language)
    return invitation


@transaction.atomic
def invitation_send_to_staff(
    *, setting: Setting, by, email: str, full_name: str, role: str, is_dsl: bool = False, rooms=()
) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(setting=setting, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of staff here.")})
    if Invitation.objects.filter(
        setting=setting, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": _("An invitation to this address is already waiting.")})
    invitation = Invitation.objects.create(
        setting=setting,
        kind=Invitation.Kind.STAFF,
        email=email,
        full_name=full_name,
        role=role,
        is_dsl=is_dsl,
        token=Invitation.new_token(),
        invited_by=by,
        expires_at=_invitation_expiry(),
    )
    invitation.rooms.set(rooms)
    _send_invitation_email(invitation, setting.language)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str):
    """Create (or reuse) the account for the invited email and link it. Returns the user."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used. Ask the setting for a new one."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    if invitation.kind == Invitation.Kind.STAFF:
        membership, _created = Membership.objects.get_or_create(
            user=user,
            setting=invitation.setting,
            defaults={"role": invitation.role or Membership.Role.PRACTITIONER, "is_dsl": invitation.is_dsl},
        )
        membership.rooms.set(invitation.rooms.all())
    else:
        carer = invitation.carer
        carer.user = user
        carer.email = invitation.email
        carer.save(update_fields=["user", "email"])
        if not user.language:
            user.language = carer.preferred_language
            user.save(update_fields=["language"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def invitations_expire_stale() -> int:
    """Revoke invitations past their expiry, so their tokens can never be used. Returns how many."""
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now()
    ).update(revoked_at=timezone.now())


@transaction.atomic
def room_save(*, setting: Setting, room: Room | None = None, **fields) -> Room:
    room = room or Room(setting=setting)
    for name, value in fields.items():
        setattr(room, name, value)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def membership_update(*, membership: Membership, by, rooms=None, **fields) -> Membership:
    for name, value in fields.items():
        setattr(membership, name, value)
    membership._history_user = by
    membership.full_clean()
    membership.save()
    if rooms is not None:
        membership.rooms.set(rooms)
    return membership


@transaction.atomic
def my_profile_update(*, user, full_name: str, language: str, photo=None):
    user.full_name = full_name
    user.language = language
    fields = ["full_name", "language"]
    if photo is not None:
        user.photo = photo
        fields.append("photo")
    user.save(update_fields=fields)
    return user
