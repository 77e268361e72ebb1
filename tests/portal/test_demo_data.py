import pytest
from django.core.management import call_command

from mapping.models import Contact, LocalArea, Organisation
from portal.models import User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Contact.objects.count(),
        LocalArea.objects.count(),
        Organisation.objects.pending().count(),
    )


def test_demo_data_loads_the_demo_users_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    for username in ("leder", "konsulent", "styregruppe", "virksomhed"):
        assert User.objects.get(username=username).check_password("demo")
    assert first[1] >= 25
    assert first[4] >= 3  # some registrations wait for the project leader
    assert User.objects.get(username="virksomhed").organisations.exists()
    # Today's regional employment council, not the abolished local one (LBR).
    assert Organisation.objects.filter(name__icontains="Regionale Arbejdsmarkedsråd").exists()
    # One person, several roles: the consultant is also a mentor.
    assert User.objects.get(username="konsulent").roles == {
        User.Role.CONSULTANT,
        User.Role.MENTOR,
    }
