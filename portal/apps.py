from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal import collation, deliveries, middleware, registry
        from portal.jobs import dashboard as jobs_dashboard
        from portal.mail import dashboard as mail_dashboard
        from portal.people import dashboard as people_dashboard
        from portal.people import personal_data as people_personal_data
        from portal.people import services as people_services
        from portal.programme import dashboard
        from portal.programme import personal_data as programme_personal_data
        from portal.programme.services import steering

        collation.register()
        # Every app's background jobs (their tasks.py), as a worker loads them, so that a web
        # process too knows each job's label for the list of jobs.
        autodiscover_modules("tasks")
        # Importing the module registers the deployment checks of our own.
        import_module("portal.checks")
        registry.register_nav(dashboard.nav)
        registry.register_nav(people_dashboard.nav)
        registry.register_panels(dashboard.panels)
        registry.register_panels(mail_dashboard.panels)
        registry.register_panels(jobs_dashboard.panels)
        # An agenda e-mail sent again later marks the agenda sent, as the first try would.
        deliveries.register_after_sent(steering.AGENDA_EMAIL, steering.agenda_delivered)
        deliveries.register_after_failed(steering.AGENDA_EMAIL, steering.agenda_undelivered)
        # An invitation sent again carries a fresh link: the stored one may have expired.
        deliveries.register_rebuild(
            people_services.INVITATION_EMAIL, people_services.invitation_rebuild
        )
        registry.register_personal_data(people_personal_data.AccountsProvider())
        # The programme's own app registers this from its ready() once it has one.
        registry.register_personal_data(programme_personal_data.ProgrammeProvider())
        # Logging in starts the session's idle and absolute clocks (portal.middleware).
        user_logged_in.connect(middleware.start_session_clocks, dispatch_uid="session-clocks")
