from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from web import receivers  # noqa: F401  (connects the cache to the history)
