from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnership")

    def ready(self):
        from families import todo
        from notifications.reminders import register

        from . import reminders, selectors

        register("requests", reminders.requests)
        register("commitments", reminders.commitments)
        register("concerns", reminders.concerns)
        register("complaints", reminders.complaints)
        register("settling", reminders.settling)
        register("family_concerns", reminders.family_concerns)
        todo.register("partnerships", selectors.family_todo)
