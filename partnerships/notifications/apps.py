from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "partnerships.notifications"
    label = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
