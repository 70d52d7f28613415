"""The DSL hears of every change of rights on a carer link (families sends the signal; DESIGN section 3)."""

from families.models import Membership
from families.signals import carer_link_rights_changed

from . import api


def tell_dsl_of_rights_change(sender, *, link, by, changes, **kwargs):
    setting = link.child.setting
    dsls = [m.user for m in Membership.objects.filter(setting=setting, is_dsl=True, is_active=True)
            .select_related("user") if m.user_id != getattr(by, "pk", None)]
    api.notify_staff(users=dsls, kind="carer_rights_changed", about=link)


def connect():
    carer_link_rights_changed.connect(tell_dsl_of_rights_change, dispatch_uid="notifications.rights_changed")
