"""Load believable demo data: the demo users, then each app's own `demo.py`.

Idempotent: run it again and nothing is duplicated. Refuses to run with DEBUG off, so it
never touches a production database.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

DEMO_PASSWORD = "demo"  # noqa: S105  (documented demo login, only with DEBUG on)

DEMO_USERS = [
    # username, roles (the first is the one the apps' demo data looks them up by), first
    # name, last name. The consultant is also a mentor: one person, several roles.
    ("leder", ("project_leader",), "Lene", "Lindholm"),
    ("konsulent", ("consultant", "mentor"), "Kasper", "Kjærgaard"),
    ("styregruppe", ("steering_group",), "Sofie", "Skovgaard"),
    ("virksomhed", ("enterprise",), "Villads", "Vestergaard"),
    # Phase 2: a municipal employee who takes part in the staff's training.
    ("medarbejder", ("municipal_employee",), "Mette", "Mikkelsen"),
]

# What the project leader may do in the admin: keep the mapping's reference tables.
PROJECT_LEADER_GROUP = "Projektledere"
# Models the project leader may only read in the admin: people and their roles (managed on
# the portal's people page, which grants only the roles a project leader may grant), the
# review's records and the strategy's content, which no one changes there (its editor
# versions every change).
VIEW_ONLY_MODELS = [
    "user",
    "rolechange",
    "reportversion",
    "reviewcomment",
    "reviewverdict",
    "strategyversion",
    "strategycomment",
    "strategyverdict",
    "councildecision",
    "strategy",
    "focusarea",
    "goal",
    "action",
    "recommendation",
    "progressupdate",
    "feedbacknotice",
]


def project_leader_group():
    """The demo project leader's admin permissions: everything in our apps, except changing
    the models in VIEW_ONLY_MODELS. Set afresh on every run, so a database that an older
    demo loaded loses what the project leader no longer gets."""
    group, _created = Group.objects.get_or_create(name=PROJECT_LEADER_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["mapping", "network", "portal", "programme", "strategy"]
        ).exclude(Q(content_type__model__in=VIEW_ONLY_MODELS) & ~Q(codename__startswith="view_"))
    )
    return group


class Command(BaseCommand):
    help = "Load demo data for a local portal (refuses to run with DEBUG off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_data only runs with DEBUG on; it is not for production.")
        with transaction.atomic():
            users = self.load_users()
            for module_name in self.demo_modules():
                import_module(module_name).load(users=users, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in as leder / demo."))

    def demo_modules(self):
        """Each app's `demo` module, in the order of INSTALLED_APPS (the programme's last:
        its steering group agendas point at what the others made)."""
        return [
            f"{config.name}.demo"
            for config in apps.get_app_configs()
            if not config.name.startswith("django") and find_spec(f"{config.name}.demo")
        ]

    def load_users(self):
        user_model = get_user_model()
        group = project_leader_group()
        users = {}
        for username, roles, first, last in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.dk",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            if "project_leader" in roles:
                user.is_staff = True
                user.groups.add(group)
            user.save()
            user.roles_grant(roles)
            users[roles[0]] = user
        return users
