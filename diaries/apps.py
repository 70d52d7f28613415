from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiariesConfig(AppConfig):
    name = "diaries"
    verbose_name = _("Daily diary")

    def ready(self):
        from families import todo
        from notifications.reminders import register

        from . import day_stamp, reminders, selectors

        day_stamp.connect()
        register("accidents", reminders.accidents)
        register("handovers", reminders.handovers)
        todo.register("diaries", selectors.family_todo)
