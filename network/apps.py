from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and events")

    def ready(self):
        from network import tasks  # noqa: F401 - registers the background jobs
        from network.mailing_jobs import send_mailing  # noqa: F401 - registers the mailing's job
        from network.organisation_sections import organisation_sections
        from network.personal_data_members import MembersMailingsProvider
        from portal import registry

        registry.register_organisation_sections(organisation_sections)
        registry.register_personal_data(MembersMailingsProvider())
