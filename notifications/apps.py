from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Connected here, on the top floor: the apps below send the signal and never import this one.
        from audit.signals import event_recorded
        from notifications.receivers import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="notifications.on_event_recorded")
