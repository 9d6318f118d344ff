from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # The refresh hooks on the Company and Project admin pages live here, one floor up from them.
        from matching import admin_hooks, receivers  # noqa: F401
