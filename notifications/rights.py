"""The DSL hears of every change of rights on a carer link (families sends the signal; DESIGN section 3)."""

from families.audiences import dsls_of
from families.signals import carer_link_rights_changed

from . import api


def tell_dsl_of_rights_change(sender, *, link, by, changes, **kwargs):
    dsls = [user for user in dsls_of(link.child.setting_id) if user.pk != getattr(by, "pk", None)]
    api.notify_staff(users=dsls, kind="carer_rights_changed", about=link)


def connect():
    carer_link_rights_changed.connect(tell_dsl_of_rights_change, dispatch_uid="notifications.rights_changed")
