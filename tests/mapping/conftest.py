"""Fixtures of the mapping's tests."""

import socket
import threading

import pytest

from tests.conftest import make_organisation
from tests.mapping.cvr_register import BACKEND, PASSWORD, USER, FakeRegister
from tests.mapping.import_steps import CVR_A


@pytest.fixture
def known(db):
    """What the portal holds before each bad file: it must hold exactly this after."""
    organisation = make_organisation("Café Kvisten", cvr=CVR_A, postcode="6100", town="Haderslev")
    organisation.contacts.create(name="Mette", email="mette@example.dk", purpose="Kontakt")
    return organisation


@pytest.fixture
def register(settings):
    """A running fake register, and the settings that point the portal's look-up at it."""
    server = FakeRegister()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    settings.CVR_LOOKUP_BACKEND = BACKEND
    settings.CVR_LOOKUP_URL = server.url
    settings.CVR_LOOKUP_USER = USER
    settings.CVR_LOOKUP_PASSWORD = PASSWORD
    settings.CVR_LOOKUP_TIMEOUT = 2
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def unreachable(settings):
    """Settings pointing at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CVR_LOOKUP_BACKEND = BACKEND
    settings.CVR_LOOKUP_URL = f"http://127.0.0.1:{port}/cvr-permanent/virksomhed/_search"
    settings.CVR_LOOKUP_USER = USER
    settings.CVR_LOOKUP_PASSWORD = PASSWORD


@pytest.fixture
def no_backend(settings):
    settings.CVR_LOOKUP_BACKEND = ""


@pytest.fixture
def data(registration_data):
    """The registration's form, filled in (tests/conftest.py)."""
    return registration_data
