from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and events")

    def ready(self):
        from network import tasks  # noqa: F401 - registers the background jobs
        from network.views import events_public
        from portal import registry

        registry.register_home_sections(events_public.home_sections)
