"""The portal's one change-history reader (portal.history): who, when, what changed, with
values as a person reads them, related names read without a query per record."""

import datetime

import pytest
from django.utils import translation

from mapping.models import LocalArea, Organisation
from portal.history import history_entries
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def edit(organisation, by=None, reason=None, **fields):
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation._history_user = by
    organisation._change_reason = reason
    organisation.save()


def changes(entry):
    return {change.name: (change.old, change.new) for change in entry.changes}


def test_it_says_who_changed_what_newest_first_with_labels_and_names(leader, area, other_area):
    organisation = make_organisation("Café Vojens", area=area)
    edit(organisation, by=leader, reason="Flyttet", area=other_area, se_status="potential")
    with translation.override("da"):
        newest, created = history_entries(organisation)
    assert (newest.kind, newest.who, newest.why) == ("~", leader, "Flyttet")
    assert str(newest.kind_label) == "Ændret"
    assert changes(newest)["area"] == (area.name, other_area.name)
    assert changes(newest)["se_status"][1] == "Potentiel socialøkonomisk virksomhed"
    assert created.kind == "+" and created.changes == []  # not asked for the first values


def test_it_writes_dates_yes_no_and_many_to_many_the_danish_way(purposes, area):
    organisation = make_organisation("Værkstedet", area=area)
    edit(organisation, rsv_checked_on=datetime.date(2026, 11, 27), rsv_registered=True)
    organisation.purpose_areas.set([purposes["culture"]])
    edit(organisation, name="Værkstedet ApS")
    with translation.override("da"):
        renamed, purposed, checked, _created = history_entries(organisation)
    assert changes(checked)["rsv_checked_on"] == ("", "27.11.2026")
    assert changes(checked)["rsv_registered"] == ("Nej", "Ja")
    assert changes(purposed) == {"purpose_areas": ("", "Kultur")}
    assert changes(renamed) == {"name": ("Værkstedet", "Værkstedet ApS")}


def test_it_compares_only_the_fields_asked_for_in_their_order_and_lists_the_first_values(
    area, other_area
):
    organisation = make_organisation("Genbrug", area=area, cvr="")
    edit(organisation, area=other_area, name="Genbrug Gram")
    entries = history_entries(organisation, fields=["name", "area", "cvr"], initial=True)
    assert [change.name for change in entries[0].changes] == ["name", "area"]
    # The first version's values, from nothing; an empty field is not a change.
    assert [(c.name, c.old, c.new) for c in entries[1].changes] == [
        ("name", "", "Genbrug"),
        ("area", "", area.name),
    ]


def test_it_leaves_out_steps_that_changed_nothing_asked_and_keeps_the_newest(area):
    organisation = make_organisation("Kaffe", area=area)
    for number in range(4):
        edit(organisation, description=f"Tekst {number}")
        edit(organisation, phone=f"1234567{number}")
    entries = history_entries(organisation, fields=["description"], changed_only=True, limit=2)
    assert [changes(entry)["description"][1] for entry in entries] == ["Tekst 3", "Tekst 2"]


def test_formats_write_a_field_the_callers_way_and_a_removal_lists_nothing(area):
    organisation = make_organisation("Butikken", area=area)
    organisation.delete()
    records = Organisation.history.filter(name="Butikken")
    removed, created = history_entries(
        records, fields=["name"], initial=True, formats={"name": str.upper}
    )
    assert removed.kind == "-" and removed.changes == []
    assert changes(created)["name"] == ("", "BUTIKKEN")


def test_a_history_of_several_rows_compares_each_with_its_own_last_version(area, other_area):
    first = make_organisation("Første", area=area)
    second = make_organisation("Anden", area=area)
    edit(first, area=other_area)
    edit(second, name="Anden igen")
    entries = history_entries(
        Organisation.history.filter(id__in=[first.pk, second.pk]),
        fields=["name", "area"],
        describe=lambda record: record.name,
        url=lambda record: f"/o/{record.id}/",
    )
    assert [(e.object, e.url, list(changes(e))) for e in entries[:2]] == [
        ("Anden igen", f"/o/{second.pk}/", ["name"]),
        ("Første", f"/o/{first.pk}/", ["area"]),
    ]


def test_related_names_cost_the_same_few_queries_for_many_records(
    area, purposes, django_assert_max_num_queries
):
    organisation = make_organisation("Mange", area=area)
    for number in range(12):
        other = LocalArea.objects.create(
            name=f"Område {number}", slug=f"omraade-{number}", kind="town", position=10 + number
        )
        edit(organisation, area=other)
        organisation.purpose_areas.set([purposes["culture"]] if number % 2 else [])
    # The records, the m2m rows, the areas' names, the purpose areas' names.
    with django_assert_max_num_queries(4):
        entries = history_entries(organisation)
    assert changes(entries[1])["area"] == ("Område 10", "Område 11")


def test_an_empty_history_has_no_entries():
    assert history_entries(Organisation.history.none()) == []
