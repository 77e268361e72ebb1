"""The one mechanism every edit form of a shared record uses (portal/concurrency.py): what it
merges, what it refuses, and that its row lock holds when two saves really run at once.
The per-form races are in tests/mapping/ and tests/programme/test_concurrent_edits.py."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from mapping.forms import ContactForm
from mapping.models import Contact, Organisation
from portal.concurrency import FIELD, edit_is_current
from tests.concurrency import conflict_errors, form_data, logged_in

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return reverse("mapping:organisation-edit", args=[organisation.pk])


def two_pages(url, first, second, field):
    return form_data(first.get(url), field), form_data(second.get(url), field)


def test_changes_to_different_fields_are_merged(leader, consultant, alice):
    organisation = alice.organisation
    url = edit_url(organisation)
    first, second = logged_in(leader), logged_in(consultant)
    mine, theirs = two_pages(url, first, second, "description")
    mine["name"] = ["Alices Café og Bageri"]
    assert first.post(url, mine).status_code == 302
    theirs["description"] = ["Caféen har tre ansatte i fleksjob."]
    response = second.post(url, theirs)
    # Saved, with the other person's name kept (the old code wrote the old name back) ...
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Alices Café og Bageri"
    assert organisation.description == "Caféen har tre ansatte i fleksjob."
    # ... and the second person is told whose value stayed.
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(str(Organisation._meta.get_field("name").verbose_name) in n.lower() for n in notes)


def test_the_same_change_by_both_is_no_conflict(leader, consultant, alice):
    url = edit_url(alice.organisation)
    first, second = logged_in(leader), logged_in(consultant)
    mine, theirs = two_pages(url, first, second, "town")
    mine["town"] = theirs["town"] = ["Vojens"]
    assert first.post(url, mine).status_code == 302
    assert second.post(url, theirs).status_code == 302


def test_the_conflict_names_who_saved_and_shows_both_values(leader, consultant, alice):
    url = edit_url(alice.organisation)
    first, second = logged_in(leader), logged_in(consultant)
    mine, theirs = two_pages(url, first, second, "street")
    mine["street"] = ["Torvet 1"]
    first.post(url, mine)
    theirs["street"] = ["Storegade 12"]
    with translation.override("en"):
        response = second.post(url, theirs, HTTP_ACCEPT_LANGUAGE="en")
    errors = " ".join(conflict_errors(response, "street"))
    assert "Torvet 1" in errors and leader.get_full_name() in errors
    page = response.content.decode()
    # The include's table: the field, their value and mine, side by side.
    assert 'id="edit-conflict-heading"' in page
    assert "Torvet 1" in page and "Storegade 12" in page


def test_a_record_deleted_meanwhile_is_not_brought_back(leader, consultant, alice):
    contact = Contact.objects.create(organisation=alice.organisation, name="Karen", purpose="P")
    url = reverse("mapping:contact-edit", args=[contact.pk])
    second = logged_in(consultant)
    data = form_data(second.get(url), "name")
    data["name"] = ["Karen Holm"]
    # The view loads the row, then someone deletes it before the save can lock it.
    form = ContactForm(MultiValueDict(data), instance=contact, staff=True)
    assert form.is_valid(), form.errors
    Contact.objects.filter(pk=contact.pk).delete()
    with transaction.atomic():
        assert not edit_is_current(form)
    assert form.non_field_errors()
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_a_tampered_fingerprint_is_refused(leader, alice):
    url = edit_url(alice.organisation)
    client = logged_in(leader)
    data = form_data(client.get(url), "name")
    data["name"] = ["Et andet navn"]
    data[FIELD] = [data[FIELD][0][:-2] + "xx"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].has_error(FIELD)
    alice.organisation.refresh_from_db()
    assert alice.organisation.name == "Alices Café"


@pytest.mark.django_db(transaction=True)
def test_the_check_refuses_to_run_outside_a_transaction(leader, alice):
    contact = Contact.objects.create(organisation=alice.organisation, name="Karen", purpose="P")
    form = ContactForm({"name": "Karen", "purpose": "P", "legal_basis": ""}, instance=contact)
    form.is_valid()
    with pytest.raises(TransactionManagementError):
        edit_is_current(form)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_row_lock_stops_a_lost_update_between_two_connections(leader, consultant, alice):
    """Two saves really at once: another connection holds the row (a save in progress) while
    the second person's save runs. Without the lock the second save would read the old row,
    find no change, wait for the first to commit and then write over it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections: PostgreSQL only")
    organisation = alice.organisation
    url = edit_url(organisation)
    client = logged_in(consultant)
    data = form_data(client.get(url), "street")
    data["street"] = ["Storegade 12"]
    locked, done = threading.Event(), threading.Event()

    def first_save():
        try:
            with transaction.atomic():
                row = Organisation.objects.select_for_update().get(pk=organisation.pk)
                locked.set()
                time.sleep(1.5)  # the second save starts and must wait here
                row.street = "Torvet 1"
                row.save()
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=first_save)
    thread.start()
    assert locked.wait(10)
    started = time.monotonic()
    response = client.post(url, data)
    waited = time.monotonic() - started
    thread.join(10)
    assert done.is_set()
    assert waited > 0.5, "the second save did not wait for the row"
    assert response.status_code == 200
    assert conflict_errors(response, "street")
    organisation.refresh_from_db()
    assert organisation.street == "Torvet 1"
