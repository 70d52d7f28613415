from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiariesConfig(AppConfig):
    name = "diaries"
    verbose_name = _("Daily diary")

    def ready(self):
        from notifications.reminders import register

        from . import day_stamp, reminders

        day_stamp.connect()
        register("accidents", reminders.accidents)
        register("handovers", reminders.handovers)
