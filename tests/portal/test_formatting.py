from decimal import Decimal

from django.utils import translation

from portal import formatting


def test_money_is_formatted_the_danish_way():
    with translation.override("da"):
        assert formatting.money(Decimal("226875")) == "226.875,00 kr."
        assert formatting.money(Decimal("0.5")) == "0,50 kr."


def test_money_in_english():
    with translation.override("en"):
        assert formatting.money(Decimal("226875")) == "226,875.00 kr."


def test_small_counts_of_people_are_not_shown():
    with translation.override("da"):
        assert formatting.people_count(3) == translation.gettext("under %(limit)s") % {"limit": 5}
        assert formatting.people_count(0) == "0"
        assert formatting.people_count(5) == "5"
        assert formatting.people_count(1200) == "1.200"


def test_dates_are_shown_the_danish_way():
    import datetime

    from django.utils import formats

    with translation.override("da"):
        assert formats.date_format(datetime.date(2026, 11, 27), "SHORT_DATE_FORMAT") == "27.11.2026"
