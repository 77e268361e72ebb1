from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and events")

    def ready(self):
        from network import tasks  # noqa: F401 - registers the background jobs
        from network import dashboard
        from portal import registry

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
