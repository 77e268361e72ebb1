from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Mapping")

    def ready(self):
        from mapping import agenda, dashboard
        from portal import registry

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
        registry.register_agenda_subjects(agenda.agenda_subjects)
