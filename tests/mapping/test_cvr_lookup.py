"""CVR look-up: the adapter against a fake register on 127.0.0.1, the view, the service and the
check_cvr command. Nothing here talks to the internet."""

import base64
import io
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from mapping.cvr import (
    CompanyInfo,
    CVRLookupError,
    ErhvervsstyrelsenBackend,
    get_backend,
    is_ceased,
)
from mapping.models import Organisation
from mapping.services.cvr import organisation_check_cvr
from tests.conftest import make_organisation
from tests.mapping.cvr_register import (
    BACKEND,
    BROKEN,
    CEASED,
    FOUND,
    GARBLED,
    MISSING,
    PASSWORD,
    PROTECTED,
    RSV,
    USER,
    document,
    lookup_url,
    rsv_attribute,
)
from tests.permissions import ACTORS, log_in_as

# The adapter ------------------------------------------------------------------------------


def test_it_finds_a_company_and_reads_its_details(register):
    company = get_backend().lookup(FOUND)
    assert company == CompanyInfo(
        cvr=FOUND,
        name="Café Kvisten ApS",
        street="Storegade 12A",
        postcode="6100",
        town="Haderslev",
        industry_code="561010",
        industry_text="Restauranter",
        status="NORMAL",
        ceased=False,
        advertising_protected=False,
        rsv=None,
    )


def test_it_asks_the_register_with_a_term_query_and_basic_auth(register):
    get_backend().lookup(FOUND)
    [request] = register.requests
    assert request["path"] == "/cvr-permanent/virksomhed/_search"
    assert request["body"]["query"] == {"term": {"Vrvirksomhed.cvrNummer": 31415926}}
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert request["authorization"] == f"Basic {token}"


def test_it_answers_none_when_the_register_has_no_such_company(register):
    assert get_backend().lookup(MISSING) is None


def test_it_marks_a_ceased_company(register):
    company = get_backend().lookup(CEASED)
    assert company.ceased is True
    assert company.status == "OPLØST EFTER KONKURS"
    assert company.name == "Gammel Genbrug ApS"


@pytest.mark.parametrize(
    ("status", "ceased"),
    [
        ("NORMAL", False),
        ("Aktiv", False),
        ("UNDER KONKURS", False),
        ("UNDER FRIVILLIG LIKVIDATION", False),
        ("", False),
        ("OPHØRT", True),
        ("Ophørt", True),
        ("OPLØST EFTER KONKURS", True),
        ("OPLØSTEFTERFUSION", True),
        ("TVANGSOPLØST", True),
        ("SLETTET", True),
    ],
)
def test_it_reads_the_register_status_as_ceased_or_not(status, ceased):
    assert is_ceased(status) is ceased


def test_it_reads_the_advertising_protection(register):
    assert get_backend().lookup(PROTECTED).advertising_protected is True
    assert get_backend().lookup(FOUND).advertising_protected is False


def test_it_reads_the_rsv_registration_where_the_register_gives_it(register):
    assert get_backend().lookup(RSV).rsv is True
    register.companies[RSV] = document(RSV, attributes=[rsv_attribute("true", ended=True)])
    assert get_backend().lookup(RSV).rsv is False
    assert get_backend().lookup(FOUND).rsv is None


def test_it_gives_up_when_the_register_is_slower_than_the_timeout(register, settings):
    settings.CVR_LOOKUP_TIMEOUT = 0.2
    register.delay = 1
    started = time.monotonic()
    with pytest.raises(CVRLookupError, match="did not answer within 0.2 seconds"):
        get_backend().lookup(FOUND)
    assert time.monotonic() - started < 0.9


def test_it_reports_a_server_error(register):
    with pytest.raises(CVRLookupError, match="HTTP 500"):
        get_backend().lookup(BROKEN)


def test_it_reports_an_answer_that_is_not_json(register):
    with pytest.raises(CVRLookupError, match="not JSON"):
        get_backend().lookup(GARBLED)


@pytest.mark.parametrize(
    "answer",
    [
        b'{"error": {"type": "index_not_found_exception"}, "status": 404}',
        b'{"hits": {"hits": [{"_source": {"Vrvirksomhed": {"cvrNummer": 31415926}}}]}}',
        b"[]",
    ],
)
def test_it_reports_json_of_the_wrong_shape(register, answer):
    register.companies[FOUND] = answer
    with pytest.raises(CVRLookupError, match="cannot read"):
        get_backend().lookup(FOUND)


def test_it_reports_wrong_credentials(register, settings):
    settings.CVR_LOOKUP_PASSWORD = "forkert"
    with pytest.raises(CVRLookupError, match=r"refused the user name or password \(HTTP 401\)"):
        get_backend().lookup(FOUND)


def test_it_reports_a_register_that_cannot_be_reached(unreachable):
    with pytest.raises(CVRLookupError, match="could not be reached"):
        get_backend().lookup(FOUND)


@pytest.mark.parametrize("number", ["31415927", "1234567", "P1234567", "", "３１４１５９２６"])
def test_it_never_sends_anything_but_a_valid_cvr_number(register, number):
    with pytest.raises(ValueError, match="not a valid CVR number"):
        get_backend().lookup(number)
    assert register.requests == []


def test_there_is_no_backend_by_default(no_backend):
    assert get_backend() is None


def test_the_backend_is_the_configured_class(register):
    backend = get_backend()
    assert isinstance(backend, ErhvervsstyrelsenBackend)
    assert backend.url == register.url
    assert backend.timeout == 2


def test_a_backend_that_cannot_be_imported_fails_loudly(settings):
    settings.CVR_LOOKUP_BACKEND = "mapping.cvr.NoSuchBackend"
    with pytest.raises(ImproperlyConfigured, match="NoSuchBackend"):
        get_backend()


def test_a_url_that_is_not_http_fails_loudly(settings):
    settings.CVR_LOOKUP_BACKEND = BACKEND
    settings.CVR_LOOKUP_URL = "file:///etc/passwd"
    with pytest.raises(ImproperlyConfigured, match="http or https"):
        get_backend()


# The view ---------------------------------------------------------------------------------


@pytest.fixture
def actors(alice, bob, consultant, steering, leader):
    return {
        "anonymous": None,
        "alice": alice,
        "bob": bob,
        "consultant": consultant,
        "steering": steering,
        "leader": leader,
    }


@pytest.fixture
def english(client, settings):
    """The person has chosen English with the header's language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_may_look_up_when_a_register_is_configured(client, register, actors, actor):
    log_in_as(client, actors, actor)
    response = client.get(lookup_url(FOUND))
    assert response.status_code == 200
    assert "Café Kvisten ApS" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_the_look_up_does_not_exist_without_a_register(client, no_backend, actors, actor):
    log_in_as(client, actors, actor)
    assert client.get(lookup_url(FOUND)).status_code == 404


@pytest.mark.django_db
def test_a_found_company_comes_with_a_button_that_fills_the_form(client, register):
    response = client.get(lookup_url(FOUND))
    html = response.content.decode()
    assert "data-cvr-fill" in html
    for field, value in [
        ("name", "Café Kvisten ApS"),
        ("street", "Storegade 12A"),
        ("postcode", "6100"),
        ("town", "Haderslev"),
        ("industry_code", "561010"),
        ("cvr_status", "NORMAL"),
    ]:
        assert f'data-cvr-field="{field}">{value}<' in html
    assert 'data-cvr-field="advertising_protected" data-cvr-value="false"' in html
    assert 'data-cvr-field="rsv_registered"' not in html  # the register said nothing
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_the_rsv_flag_is_offered_where_the_register_gives_it(client, register):
    html = client.get(lookup_url(RSV)).content.decode()
    assert 'data-cvr-field="rsv_registered" data-cvr-value="true"' in html


@pytest.mark.django_db
def test_an_advertising_protected_company_is_said_to_be_so(client, register):
    html = client.get(lookup_url(PROTECTED)).content.decode()
    assert 'data-cvr-field="advertising_protected" data-cvr-value="true"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        (CEASED, "The company has ceased."),
        (MISSING, "No company with that CVR number."),
        (BROKEN, "The CVR register did not answer; fill in the fields yourself."),
        (GARBLED, "The CVR register did not answer; fill in the fields yourself."),
    ],
)
def test_it_says_clearly_why_nothing_can_be_filled_in(client, register, english, cvr, message):
    response = client.get(lookup_url(cvr))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "data-cvr-fill" not in html


@pytest.mark.django_db
def test_it_says_so_when_the_register_is_too_slow(client, register, settings, english):
    settings.CVR_LOOKUP_TIMEOUT = 0.2
    register.delay = 1
    html = client.get(lookup_url(FOUND)).content.decode()
    assert "The CVR register did not answer; fill in the fields yourself." in html


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["31415927", "1234", "abcdefgh", ""])
def test_an_invalid_number_is_refused_without_asking_the_register(client, register, number):
    response = client.get(lookup_url(number))
    assert response.status_code == 400
    assert 'data-cvr-outcome="invalid"' in response.content.decode()
    assert register.requests == []


@pytest.mark.django_db
def test_anonymous_look_ups_are_rate_limited_per_client_address(client, register, settings):
    settings.CVR_LOOKUP_RATE_LIMIT = 2
    assert client.get(lookup_url(FOUND)).status_code == 200
    assert client.get(lookup_url(MISSING)).status_code == 200
    response = client.get(lookup_url(FOUND))
    assert response.status_code == 429
    assert 'data-cvr-outcome="limited"' in response.content.decode()
    assert len(register.requests) == 2
    # Another address has its own allowance.
    assert client.get(lookup_url(FOUND), REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_enterprise_users_are_rate_limited_too(client, register, settings, alice):
    settings.CVR_LOOKUP_RATE_LIMIT = 1
    client.force_login(alice)
    assert client.get(lookup_url(FOUND)).status_code == 200
    assert client.get(lookup_url(FOUND)).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["consultant", "leader"])
def test_staff_look_ups_are_not_rate_limited(client, register, settings, actors, actor):
    settings.CVR_LOOKUP_RATE_LIMIT = 1
    log_in_as(client, actors, actor)
    for _attempt in range(3):
        assert client.get(lookup_url(FOUND)).status_code == 200


@pytest.mark.django_db
def test_invalid_numbers_do_not_use_up_the_allowance(client, register, settings):
    settings.CVR_LOOKUP_RATE_LIMIT = 1
    for _attempt in range(3):
        client.get(lookup_url("12345678"))
    assert client.get(lookup_url(FOUND)).status_code == 200


@pytest.mark.django_db
def test_the_look_up_answers_only_get(client, register):
    assert client.post(lookup_url(FOUND)).status_code == 405


# The forms offer the look-up only when a register is configured ----------------------------


@pytest.mark.django_db
def test_the_registration_page_offers_no_look_up_without_a_register(client, no_backend):
    html = client.get(reverse("mapping:register")).content.decode()
    assert 'name="cvr"' in html
    assert "data-cvr-lookup-url" not in html


@pytest.mark.django_db
def test_the_registration_page_offers_the_look_up_with_a_register(client, register):
    html = client.get(reverse("mapping:register")).content.decode()
    assert f'data-cvr-lookup-url="{reverse("mapping:cvr-lookup")}"' in html
    assert "portal/cvr-lookup.js" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("configured", "offered"), [(True, True), (False, False)])
def test_the_staff_form_offers_the_look_up_only_with_a_register(
    client, settings, consultant, register, configured, offered
):
    if not configured:
        settings.CVR_LOOKUP_BACKEND = ""
    client.force_login(consultant)
    html = client.get(reverse("mapping:organisation-create")).content.decode()
    assert ("data-cvr-lookup-url" in html) is offered


@pytest.mark.django_db
def test_the_enterprise_users_form_offers_the_look_up(client, register, alice):
    client.force_login(alice)
    url = reverse("mapping:organisation-edit", args=[alice.organisation.pk])
    assert "data-cvr-lookup-url" in client.get(url).content.decode()


# The service ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_check_stores_what_the_register_says(register):
    organisation = make_organisation("Vojens Væveri", cvr=PROTECTED)
    info = organisation_check_cvr(organisation=organisation, backend=get_backend())
    assert info.name == "Vojens Væveri A/S"
    organisation.refresh_from_db()
    assert organisation.industry_code == "561010"
    assert organisation.cvr_status == "NORMAL"
    assert organisation.cvr_ceased is False
    assert organisation.advertising_protected is True
    assert timezone.now() - organisation.cvr_checked_at < timedelta(minutes=1)
    assert organisation.name == "Vojens Væveri"  # the portal's own name is left alone


@pytest.mark.django_db
def test_the_check_flags_a_ceased_company(register):
    organisation = make_organisation("Gammel Genbrug", cvr=CEASED)
    organisation_check_cvr(organisation=organisation, backend=get_backend())
    organisation.refresh_from_db()
    assert organisation.cvr_ceased is True
    assert organisation.cvr_status == "OPLØST EFTER KONKURS"


@pytest.mark.django_db
def test_the_check_stores_the_rsv_registration_where_the_register_gives_it(register):
    organisation = make_organisation("Genbrugsværkstedet Vojens", cvr=RSV)
    organisation_check_cvr(organisation=organisation, backend=get_backend())
    organisation.refresh_from_db()
    assert organisation.rsv_registered is True
    assert organisation.rsv_checked_on == timezone.localdate()


@pytest.mark.django_db
def test_the_check_notes_a_company_the_register_does_not_know(register, settings):
    settings.LANGUAGE_CODE = "en"  # the note is stored in the municipality's language
    organisation = make_organisation("Ukendt ApS", cvr=MISSING, industry_code="561010")
    assert organisation_check_cvr(organisation=organisation, backend=get_backend()) is None
    organisation.refresh_from_db()
    assert organisation.cvr_status == "Not found in the CVR register"
    assert organisation.cvr_checked_at is not None
    assert organisation.cvr_ceased is False
    assert organisation.industry_code == "561010"


@pytest.mark.django_db
def test_a_failed_check_saves_nothing(register):
    organisation = make_organisation("Ødelagt ApS", cvr=BROKEN)
    with pytest.raises(CVRLookupError):
        organisation_check_cvr(organisation=organisation, backend=get_backend())
    organisation.refresh_from_db()
    assert organisation.cvr_checked_at is None
    assert organisation.cvr_status == ""


# The check_cvr command --------------------------------------------------------------------


def run_check(*args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("check_cvr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_checks_every_cvr_number_and_flags_ceased_companies(register):
    active = make_organisation("Café Kvisten", cvr=FOUND)
    ceased = make_organisation("Gammel Genbrug", cvr=CEASED)
    missing = make_organisation("Ukendt ApS", cvr=MISSING)
    broken = make_organisation("Ødelagt ApS", cvr=BROKEN)
    without = make_organisation("Frivilligrådet")

    out, err = run_check()

    assert (
        "Checked 3 organisations: 1 active, 1 ceased, 1 not found; 1 could not be checked." in out
    )
    assert f"Ceased: Gammel Genbrug (CVR {CEASED})" in out
    assert f"Not found in the CVR register: Ukendt ApS (CVR {MISSING})" in out
    assert f"Not checked: Ødelagt ApS (CVR {BROKEN})" in err
    assert "HTTP 500" in err
    for organisation in (active, ceased, missing, broken, without):
        organisation.refresh_from_db()
    assert ceased.cvr_ceased is True
    assert active.cvr_ceased is False and active.cvr_status == "NORMAL"
    assert missing.cvr_checked_at is not None
    assert broken.cvr_checked_at is None
    assert without.cvr_checked_at is None
    assert len(register.requests) == 4  # the organisation without a CVR number is not asked


@pytest.mark.django_db
def test_the_command_can_leave_out_recently_checked_organisations(register):
    recent = make_organisation("Café Kvisten", cvr=FOUND)
    old = make_organisation("Vojens Væveri", cvr=PROTECTED)
    never = make_organisation("Gammel Genbrug", cvr=CEASED)
    now = timezone.now()
    Organisation.objects.filter(pk=recent.pk).update(cvr_checked_at=now - timedelta(days=2))
    Organisation.objects.filter(pk=old.pk).update(cvr_checked_at=now - timedelta(days=40))

    run_check("--older-than-days", "30")

    asked = [
        str(request["body"]["query"]["term"]["Vrvirksomhed.cvrNummer"])
        for request in register.requests
    ]
    assert sorted(asked) == sorted([PROTECTED, CEASED])
    never.refresh_from_db()
    assert never.cvr_ceased is True


@pytest.mark.django_db
def test_the_command_fails_when_the_register_cannot_be_reached_at_all(unreachable):
    organisation = make_organisation("Café Kvisten", cvr=FOUND)
    make_organisation("Gammel Genbrug", cvr=CEASED)
    with pytest.raises(CommandError, match="could not be reached"):
        run_check()
    organisation.refresh_from_db()
    assert organisation.cvr_checked_at is None


@pytest.mark.django_db
def test_the_command_stops_asking_a_register_that_keeps_failing(register):
    register.companies = dict.fromkeys([FOUND, CEASED, MISSING, PROTECTED, RSV, GARBLED], 503)
    for number in [FOUND, CEASED, MISSING, PROTECTED, RSV, GARBLED]:
        make_organisation(f"Virksomhed {number}", cvr=number)
    with pytest.raises(CommandError):
        run_check()
    assert len(register.requests) == 5


@pytest.mark.django_db
def test_the_command_refuses_to_run_without_a_register(no_backend):
    with pytest.raises(CommandError, match="CVR_LOOKUP_BACKEND"):
        run_check()


# What is stored comes from the server's own look-up -----------------------------------------


def _staff_create(client, consultant, cvr):
    client.force_login(consultant)
    return client.post(
        reverse("mapping:organisation-create"),
        {
            "name": "Kvisten",
            "kind": "company",
            "cvr": cvr,
            "sector": "social_economy",
            "se_status": "existing",
        },
    )


def test_a_saved_cvr_number_is_checked_in_the_register_after_commit(
    client, consultant, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _staff_create(client, consultant, FOUND)
    assert response.status_code == 302
    organisation = Organisation.objects.get(cvr=FOUND)
    assert organisation.cvr_checked_at is not None
    assert organisation.cvr_status != ""


def test_the_save_stands_when_the_register_does_not_answer(
    client, consultant, unreachable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _staff_create(client, consultant, FOUND)
    assert response.status_code == 302
    organisation = Organisation.objects.get(cvr=FOUND)
    assert organisation.cvr_checked_at is None


def test_a_check_that_finds_nothing_new_adds_no_history(register, area):
    organisation = make_organisation("Kvisten", cvr=FOUND)
    organisation_check_cvr(organisation=organisation, backend=get_backend())
    steps = organisation.history.count()
    organisation.refresh_from_db()
    organisation_check_cvr(organisation=organisation, backend=get_backend())
    assert organisation.history.count() == steps
