from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    name = "dataprotection"
    verbose_name = _("Data protection")

    def ready(self):
        from notifications.reminders import register
        from reports import erased

        from . import reminders, selectors

        register("subject_access_deadlines", reminders.subject_access_deadlines)
        # Past reports keep counting erased rows' months from the tally kept at erasure.
        erased.register(selectors.erased_tallies)
