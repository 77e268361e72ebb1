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
        from portal.followup import dashboard as followup_dashboard
        from portal.jobs import dashboard as jobs_dashboard
        from portal.mail import dashboard as mail_dashboard
        from portal.people import dashboard as people_dashboard
        from portal.people import personal_data as people_personal_data
        from portal.people import services as people_services

        collation.register()
        # Every app's background jobs (their tasks.py), as a worker loads them, so that a web
        # process too knows each job's label for the list of jobs.
        autodiscover_modules("tasks")
        # Importing the module registers the deployment checks of our own.
        import_module("portal.checks")
        registry.register_nav(people_dashboard.nav)
        registry.register_nav(followup_dashboard.nav)
        registry.register_panels(mail_dashboard.panels)
        registry.register_panels(jobs_dashboard.panels)
        registry.register_panels(followup_dashboard.panels)
        # An invitation sent again carries a fresh link: the stored one may have expired.
        deliveries.register_rebuild(
            people_services.INVITATION_EMAIL, people_services.invitation_rebuild
        )
        registry.register_personal_data(people_personal_data.AccountsProvider())
        # Logging in starts the session's idle and absolute clocks (portal.middleware).
        user_logged_in.connect(middleware.start_session_clocks, dispatch_uid="session-clocks")
