from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import collation, registry
        from portal.programme import dashboard

        collation.register()
        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
