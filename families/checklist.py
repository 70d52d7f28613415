"""The new manager's checklist after set-up: each step, whether it is done, and where to do it.

Some pages come from other parts of Triangle (the spreadsheet import, the privacy page). A step whose page is not
installed says "coming soon" instead of linking to nothing: the URL is looked up by name, never hard-coded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import CarerLink, Child, Invitation, Membership, Room, Setting


@dataclass(frozen=True)
class ChecklistItem:
    title: str | Promise
    hint: str | Promise
    done: bool | None  # None: Triangle cannot tell; the manager looks for themselves
    url: str | None  # None: the page is not installed yet ("coming soon")


def url_if_installed(*names: str) -> str | None:
    """The first of these URL names that exists in this install, or None."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _reminders_configured(setting: Setting) -> bool:
    try:
        model = apps.get_model("notifications", "ReminderSettings")
    except LookupError:
        return False
    return model.objects.filter(setting=setting).exists()


def checklist_for(*, setting: Setting) -> list[ChecklistItem]:
    staff_invited = (Invitation.objects.filter(setting=setting, kind=Invitation.Kind.STAFF).exists()
                     or Membership.objects.filter(setting=setting, role=Membership.Role.PRACTITIONER).exists())
    families_invited = (Invitation.objects.filter(setting=setting, kind=Invitation.Kind.CARER).exists()
                        or CarerLink.objects.filter(child__setting=setting, carer__user__isnull=False).exists())
    return [
        ChecklistItem(_("Add your rooms"), _("Babies, toddlers, pre-school: the rooms children and staff belong to."),
                      Room.objects.filter(setting=setting).exists(), reverse("families:manage_rooms")),
        ChecklistItem(_("Invite your staff"), _("Each person gets an email to create their account, with a role."),
                      staff_invited, reverse("families:manage_staff")),
        ChecklistItem(_("Import your children"), _("Bring in every child and their family from a spreadsheet."),
                      Child.objects.filter(setting=setting).exists(),
                      url_if_installed("enrolment:start")),
        ChecklistItem(_("Invite families"), _("From each child's page: parents and carers get their own account."),
                      families_invited, url_if_installed("families:home")),
        ChecklistItem(_("Set notification defaults"), _("When reminders and chasers go out to families."),
                      _reminders_configured(setting),
                      url_if_installed("notifications:reminder_settings", "notifications:reminder_settings")),
        ChecklistItem(_("Check the privacy page"), _("What families are told about their data, before you invite them."),
                      None, url_if_installed("dataprotection:privacy", "privacy", "privacy_notice", "privacy_page", "families:privacy")),
    ]
