from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Mapping")

    def ready(self):
        from mapping import agenda, dashboard, personal_data
        from mapping.services import meetings
        from mapping.views import organisations
        from portal import deliveries, registry

        registry.register_nav(dashboard.nav)
        registry.register_panels(dashboard.panels)
        registry.register_agenda_subjects(agenda.agenda_subjects)
        # An invitation sent again later marks its person invited, as the first try would.
        deliveries.register_after_sent(meetings.INVITATION_EMAIL, meetings.invitation_sent)
        registry.register_personal_data(personal_data.MappingProvider())
        registry.register_organisation_sections(organisations.organisation_sections)

        from mapping.models import Case, Organisation
        from portal.images import delete_with_record

        # A deleted organisation's logo or case's photo must not stay publicly reachable.
        delete_with_record(Organisation, "logo")
        delete_with_record(Case, "photo")
