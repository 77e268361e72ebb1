"""Each error of a form that came back unsaved is said once: base.html's error summary lists
every error (the form's own ones only there), a field's message stands once more beside its
field, and no page adds a second "nothing was saved" box of its own."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories.mapping import ReportVersionFactory
from tests.factories.programme import build_offer_plan, days
from tests.strategy.form_data import TEXTS, decision_data, decision_url, recommendation_url

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r"<section[^>]*data-portal-error-summary[^>]*>(.*?)</section>", re.S)
ALERT = re.compile(r"<(\w+)[^>]*role=\"alert\"[^>]*>(.*?)</\1>", re.S)


def text_of(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def assert_each_error_said_once(response, form):
    """The summary holds every message once; outside it a field's message appears once more
    (beside the field), a message of the form's own not at all; one alert on the page."""
    html = response.content.decode()
    main = html.split('id="main"', 1)[1]
    [summary] = SUMMARY.findall(main)
    rest = text_of(SUMMARY.sub("", main))
    summary = text_of(summary)
    assert form.errors
    for name, messages in form.errors.items():
        for message in messages:
            assert summary.count(message) == 1, (name, message)
            beside = 0 if name == "__all__" else 1
            assert rest.count(message) == beside, (name, message, rest.count(message))
    alerts = ALERT.findall(main)
    assert len(alerts) == 1, alerts
    assert "data-portal-error-summary" in main
    saved = gettext("Nothing was saved. Please correct the fields marked below.")
    assert text_of(main).count(saved) == 1


def test_registration(client, registration_data):
    registration_data.update(email="", password2="something-else-2026", cvr="1234")
    response = client.post(reverse("mapping:register"), registration_data)
    assert response.status_code == 200
    assert_each_error_said_once(response, response.context["form"])


def test_time_entry(client, leader, consultant):
    plan = build_offer_plan(leader)
    client.force_login(consultant)
    response = client.post(
        reverse("programme:time-add"),
        {"date": days(1).isoformat(), "activity": plan["Kortlægning"].pk, "hours": "0"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"date", "hours"}
    assert_each_error_said_once(response, form)


def test_recommendation(client, leader, plan_data):
    client.force_login(leader)
    data = {**TEXTS, "version": "", "decision_points": " "}
    response = client.post(recommendation_url(plan_data["strategy"]), data)
    assert response.status_code == 400
    assert_each_error_said_once(response, response.context["form"])


def test_decision(client, leader, plan_data, recommended, notified):
    client.force_login(leader)
    data = decision_data(plan_data["latest"], decided_on="31.02.2027", outcome="")
    response = client.post(decision_url(plan_data["strategy"]), data)
    assert response.status_code == 400
    assert_each_error_said_once(response, response.context["form"])


def test_a_forms_own_error_is_listed_only_in_the_summary(client, leader):
    """Crispy's box of non-field errors is gone: the summary says it, and only the summary."""
    first = ReportVersionFactory(number=1, frozen_by=leader)
    ReportVersionFactory(number=2, frozen_by=leader)
    client.force_login(leader)
    response = client.get(reverse("mapping:report-compare") + f"?a={first.pk}&b={first.pk}")
    form = response.context["form"]
    assert form.non_field_errors()
    assert_each_error_said_once(response, form)
