from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and events")

    def ready(self):
        # The background jobs register themselves when their modules are imported.
        from network import (  # noqa: F401
            dashboard,
            mailing_jobs,
            personal_data,
            personal_data_members,
            tasks,
        )
        from network.organisation_sections import organisation_sections
        from network.views import events_public
        from portal import registry

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
        registry.register_home_sections(events_public.home_sections)
        registry.register_organisation_sections(organisation_sections)
        # The events' and sign-ups' personal data; the members' and mailings'.
        registry.register_personal_data(personal_data.NetworkProvider())
        registry.register_personal_data(personal_data_members.MembersMailingsProvider())
