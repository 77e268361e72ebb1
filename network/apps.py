from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and events")

    def ready(self):
        from network import (
            personal_data,
            tasks,  # noqa: F401 - registers the background jobs
        )
        from portal import registry

        registry.register_personal_data(personal_data.NetworkProvider())
