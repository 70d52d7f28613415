from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Children and families")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
