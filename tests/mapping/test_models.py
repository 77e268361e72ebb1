import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mapping.models import Organisation
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_it_allows_many_organisations_without_cvr():
    make_organisation("Uden CVR 1")
    make_organisation("Uden CVR 2")
    assert Organisation.objects.filter(cvr="").count() == 2


def test_it_refuses_a_second_organisation_with_the_same_cvr_in_the_database():
    make_organisation("Første", cvr="31415926")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation("Anden", cvr="31415926")


def test_full_clean_puts_the_cvr_duplicate_at_the_field():
    make_organisation("Første", cvr="31415926")
    duplicate = Organisation(
        name="Anden", sector="private", kind="company", cvr="31415926", se_status="none"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "cvr" in error.value.message_dict
    assert "Første" not in str(error.value)


def test_it_refuses_more_flexjobs_than_employees():
    organisation = Organisation(
        name="X", sector="private", kind="company", employees=2, employees_flexjob=3
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "employees_flexjob" in error.value.message_dict


def test_it_refuses_a_founding_year_in_the_future():
    organisation = Organisation(name="X", sector="private", kind="company", founded_year=2999)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "founded_year" in error.value.message_dict


def test_a_rejection_needs_a_reason_in_the_database():
    organisation = make_organisation("X")
    organisation.moderation_state = Organisation.Moderation.REJECTED
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


def test_public_means_approved_and_social_economy(area):
    visible = make_organisation("Synlig")
    make_organisation("Venter", moderation_state=Organisation.Moderation.PENDING)
    make_organisation("Interessent", se_status=Organisation.SocialEconomyStatus.NONE)
    potential = make_organisation("Idé", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    assert set(Organisation.objects.public()) == {visible, potential}
    assert visible.is_public


def test_changes_are_recorded_with_who(leader):
    organisation = make_organisation("Historik")
    organisation._history_user = leader
    organisation.name = "Historik ApS"
    organisation.save()
    latest = organisation.history.first()
    assert latest.name == "Historik ApS"
    assert latest.history_user == leader
    assert organisation.history.count() == 2
