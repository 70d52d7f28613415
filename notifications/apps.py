from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            rights,
            setting_reminders,
        )
        from .badge import connect_signals
        from .reminders import register

        connect_signals()

        register("incomplete_records", setting_reminders.incomplete_records)
        register("invitations", setting_reminders.invitations)
        rights.connect()
