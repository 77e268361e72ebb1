from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The programme plan and its economy, the steering group's meetings: an app of its own
    inside `portal/`, under the label `programme`."""

    name = "portal.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self):
        from portal import deliveries, registry
        from portal.programme import dashboard, personal_data
        from portal.programme.services import steering

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
        # An agenda e-mail sent again later marks the agenda sent, as the first try would.
        deliveries.register_after_sent(steering.AGENDA_EMAIL, steering.agenda_delivered)
        deliveries.register_after_failed(steering.AGENDA_EMAIL, steering.agenda_undelivered)
        registry.register_personal_data(personal_data.ProgrammeProvider())
