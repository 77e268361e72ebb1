from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy and action plan")

    def ready(self):
        from portal import registry
        from strategy import dashboard, personal_data

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
        registry.register_agenda_subjects(dashboard.agenda_subjects)
        registry.register_personal_data(personal_data.StrategyProvider())
