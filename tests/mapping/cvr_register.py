"""A fake of Erhvervsstyrelsen's CVR register on 127.0.0.1 (nothing in the tests talks to the
internet), with the companies it knows. The fixtures `register`, `unreachable` and
`no_backend` in tests/mapping/conftest.py point the portal's look-up at it."""

import base64
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.urls import reverse

BACKEND = "mapping.cvr.ErhvervsstyrelsenBackend"
USER, PASSWORD = "portal_haderslev", "hemmeligt-kodeord"

FOUND = "31415926"
CEASED = "16180335"
MISSING = "14142134"
PROTECTED = "17320505"
BROKEN = "22360671"  # the fake register answers 500 for this one
RSV = "29458014"
GARBLED = "38127748"  # the fake register answers with something that is not JSON


def document(cvr, name="Café Kvisten ApS", status="NORMAL", protected=False, attributes=()):
    """One `Vrvirksomhed` as the register's search returns it (the fields the portal reads)."""
    return {
        "cvrNummer": int(cvr),
        "reklamebeskyttet": protected,
        "attributter": list(attributes),
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": name, "periode": {"gyldigFra": "2015-03-01", "gyldigTil": None}},
            "nyesteBeliggenhedsadresse": {
                "vejnavn": "Storegade",
                "husnummerFra": 12,
                "bogstavFra": "A",
                "etage": None,
                "sidedoer": None,
                "postnummer": 6100,
                "postdistrikt": "Haderslev",
            },
            "nyesteHovedbranche": {"branchekode": "561010", "branchetekst": "Restauranter"},
            "sammensatStatus": status,
        },
    }


def rsv_attribute(value, ended=False):
    return {
        "sekvensnr": 0,
        "type": "REGISTRERET_SOCIALØKONOMISK_VIRKSOMHED",
        "vaerditype": "boolean",
        "vaerdier": [
            {
                "vaerdi": value,
                "periode": {
                    "gyldigFra": "2016-01-01",
                    "gyldigTil": "2020-01-01" if ended else None,
                },
            }
        ],
    }


COMPANIES = {
    FOUND: document(FOUND),
    CEASED: document(CEASED, name="Gammel Genbrug ApS", status="OPLØST EFTER KONKURS"),
    PROTECTED: document(PROTECTED, name="Vojens Væveri A/S", protected=True),
    RSV: document(RSV, name="Genbrugsværkstedet Vojens", attributes=[rsv_attribute("true")]),
    BROKEN: 500,
    GARBLED: b"<html>Service Unavailable</html>",
}


class FakeRegister(ThreadingHTTPServer):
    """Erhvervsstyrelsen's `_search` endpoint, as far as the adapter uses it."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FakeRegisterHandler)
        self.companies = dict(COMPANIES)
        self.requests = []
        self.delay = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/cvr-permanent/virksomhed/_search"

    def handle_error(self, request, client_address):
        """A client that gave up (the timeout test) is not an error worth printing."""


class FakeRegisterHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        fake = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        fake.requests.append(
            {"path": self.path, "authorization": self.headers.get("Authorization"), "body": body}
        )
        if fake.delay:
            time.sleep(fake.delay)
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {token}":
            return self._answer(401, b'{"error": "Unauthorized"}')
        cvr = str(body["query"]["term"]["Vrvirksomhed.cvrNummer"])
        found = fake.companies.get(cvr)
        if isinstance(found, int):
            return self._answer(found, b'{"error": "internal"}')
        if isinstance(found, bytes):
            return self._answer(200, found)
        hits = [{"_index": "cvr-v-20260101", "_source": {"Vrvirksomhed": found}}] if found else []
        answer = {"took": 3, "timed_out": False, "hits": {"total": len(hits), "hits": hits}}
        return self._answer(200, json.dumps(answer).encode())

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def lookup_url(cvr):
    return f"{reverse('mapping:cvr-lookup')}?cvr={cvr}"
