from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    name = "dataprotection"
    verbose_name = _("Data protection")

    def ready(self):
        from notifications.reminders import register

        from . import reminders

        register("subject_access_deadlines", reminders.subject_access_deadlines)
