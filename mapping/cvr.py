"""Look-up in the Danish CVR register, through an adapter chosen in the settings.

`settings.CVR_LOOKUP_BACKEND` names the adapter class by its dotted path; empty (the default)
means no look-up at all, and the portal then works as if the register did not exist. The one
real adapter, `ErhvervsstyrelsenBackend`, speaks Erhvervsstyrelsen's system-to-system search
(an Elasticsearch index behind HTTP basic auth). Another adapter needs only a `lookup(cvr)`
method that returns a `CompanyInfo` or None and raises `CVRLookupError` when the register
does not answer.
"""

import base64
import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from mapping.validators import is_valid_cvr

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://distribution.virk.dk/cvr-permanent/virksomhed/_search"
DEFAULT_TIMEOUT = 5  # seconds

# `sammensatStatus` values (compared without spaces, upper-case) that mean the company no
# longer exists. "Under liquidation" or "under bankruptcy" is not ceased yet.
CEASED_PREFIXES = ("OPHØR", "OPLØST", "TVANGSOPLØST", "SLETTET", "FUSIONERET", "SPALTET")

# The `attributter` types under which the register may carry a company's registration as a
# social-economy enterprise (RSV). Most companies have none: then the register says nothing.
RSV_ATTRIBUTE_TYPES = (
    "REGISTRERET_SOCIALØKONOMISK_VIRKSOMHED",
    "SOCIALØKONOMISK_VIRKSOMHED",
    "SOCIALOEKONOMISK_VIRKSOMHED",
)
TRUE_VALUES = ("TRUE", "JA", "1")


class CVRLookupError(Exception):
    """The register did not answer, or answered something that cannot be read.

    `temporary` when asking again later may help (a timeout, a register that cannot be
    reached, a server error or an error page in its place); not for refused credentials or
    an answer of a shape the portal cannot read, which wait for a person."""

    def __init__(self, message, *, temporary=True):
        super().__init__(message)
        self.temporary = temporary


@dataclass(frozen=True)
class CompanyInfo:
    """What the register says about one company, in the portal's terms."""

    cvr: str
    name: str
    street: str
    postcode: str
    town: str
    industry_code: str
    status: str
    ceased: bool
    advertising_protected: bool
    rsv: bool | None  # None: the register does not say
    industry_text: str = ""


def get_backend():
    """The configured adapter, or None when the portal runs without CVR look-up."""
    path = getattr(settings, "CVR_LOOKUP_BACKEND", "")
    if not path:
        return None
    try:
        backend_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"CVR_LOOKUP_BACKEND {path!r} cannot be imported.") from error
    return backend_class()


def widget_attrs():
    """Attributes for a form's CVR field that let cvr-lookup.js offer the look-up.

    Empty when no adapter is configured: then the page offers nothing.
    """
    if not getattr(settings, "CVR_LOOKUP_BACKEND", ""):
        return {}
    return {
        "data-cvr-lookup-url": reverse("mapping:cvr-lookup"),
        "data-cvr-lookup-label": _("Look up in the CVR register"),
        "data-cvr-lookup-busy": _("Looking up the CVR number…"),
        "data-cvr-lookup-failed": _(
            "The CVR register did not answer; fill in the fields yourself."
        ),
    }


class ErhvervsstyrelsenBackend:
    """Erhvervsstyrelsen's CVR system-to-system search (`.../cvr-permanent/virksomhed/_search`).

    URL, user name and password come from the settings (`CVR_LOOKUP_URL`, `CVR_LOOKUP_USER`,
    `CVR_LOOKUP_PASSWORD`), the timeout from `CVR_LOOKUP_TIMEOUT` (seconds).
    """

    def __init__(self, *, url=None, user=None, password=None, timeout=None):
        self.url = url or getattr(settings, "CVR_LOOKUP_URL", "") or DEFAULT_URL
        self.user = user if user is not None else getattr(settings, "CVR_LOOKUP_USER", "")
        self.password = (
            password if password is not None else getattr(settings, "CVR_LOOKUP_PASSWORD", "")
        )
        self.timeout = timeout or getattr(settings, "CVR_LOOKUP_TIMEOUT", DEFAULT_TIMEOUT)
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            raise ImproperlyConfigured("CVR_LOOKUP_URL must be an http or https URL.")

    def lookup(self, cvr):
        """The company with this CVR number, or None when the register has none."""
        if not is_valid_cvr(cvr):
            # Only CVR numbers are looked up: P-numbers and typos never leave the portal.
            raise ValueError(f"{cvr!r} is not a valid CVR number.")
        answer = self._search(
            {
                "_source": [
                    "Vrvirksomhed.cvrNummer",
                    "Vrvirksomhed.reklamebeskyttet",
                    "Vrvirksomhed.attributter",
                    "Vrvirksomhed.virksomhedMetadata",
                ],
                "query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}},
                "size": 1,
            }
        )
        try:
            hits = answer["hits"]["hits"]
            if not hits:
                return None
            company = hits[0]["_source"]["Vrvirksomhed"]
            return parse_company(company, cvr=cvr)
        except (KeyError, IndexError, TypeError, AttributeError) as error:
            raise CVRLookupError(
                "The CVR register answered in a form the portal cannot read.", temporary=False
            ) from error

    def _search(self, query):
        request = urllib.request.Request(  # noqa: S310  (the scheme is checked in __init__)
            self.url,
            data=json.dumps(query).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                message = f"The CVR register refused the user name or password (HTTP {error.code})."
            else:
                message = f"The CVR register answered with an error (HTTP {error.code})."
            # A server error or "too many requests" passes; a refusal of ours does not.
            temporary = error.code >= 500 or error.code == 429
            raise CVRLookupError(message, temporary=temporary) from error
        except TimeoutError as error:
            raise CVRLookupError(
                f"The CVR register did not answer within {self.timeout} seconds."
            ) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                message = f"The CVR register did not answer within {self.timeout} seconds."
            else:
                message = f"The CVR register could not be reached ({error.reason})."
            raise CVRLookupError(message) from error
        except (OSError, http.client.HTTPException) as error:  # reset, garbled HTTP and the like
            raise CVRLookupError(f"The CVR register could not be reached ({error}).") from error
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise CVRLookupError(
                "The CVR register answered with something that is not JSON."
            ) from (error)


def parse_company(company, *, cvr):
    """A `CompanyInfo` from one `Vrvirksomhed` document of the register."""
    metadata = company["virksomhedMetadata"]  # without it, this is not a company document
    name = (metadata.get("nyesteNavn") or {}).get("navn") or ""
    address = metadata.get("nyesteBeliggenhedsadresse") or {}
    industry = metadata.get("nyesteHovedbranche") or {}
    status = metadata.get("sammensatStatus") or ""
    postcode = address.get("postnummer")
    return CompanyInfo(
        cvr=str(company.get("cvrNummer") or cvr),
        name=name.strip(),
        street=_street(address),
        postcode=f"{int(postcode):04d}" if str(postcode or "").isdigit() else "",
        town=(address.get("postdistrikt") or "").strip(),
        industry_code=str(industry.get("branchekode") or "").strip(),
        industry_text=(industry.get("branchetekst") or "").strip(),
        status=status.strip(),
        ceased=is_ceased(status),
        advertising_protected=bool(company.get("reklamebeskyttet")),
        rsv=_rsv(company.get("attributter") or []),
    )


def is_ceased(status):
    """Whether a `sammensatStatus` means the company no longer exists."""
    compact = "".join(status.split()).upper()
    return compact.startswith(CEASED_PREFIXES)


def _street(address):
    """'Storegade 12A, 1. tv' from the register's parts."""
    street = (address.get("vejnavn") or "").strip()
    number = f"{address.get('husnummerFra') or ''}{address.get('bogstavFra') or ''}".strip()
    if number:
        street = f"{street} {number}".strip()
    floor_door = " ".join(
        str(part).strip()
        for part in (address.get("etage"), address.get("sidedoer"))
        if part not in (None, "")
    )
    if street and floor_door:
        street = f"{street}, {floor_door}"
    return street


def _rsv(attributes):
    """True or False when the register carries the RSV registration, else None."""
    for attribute in attributes:
        if (attribute.get("type") or "").upper() not in RSV_ATTRIBUTE_TYPES:
            continue
        current = [
            value
            for value in attribute.get("vaerdier") or []
            if not (value.get("periode") or {}).get("gyldigTil")
        ]
        if not current:
            return False  # registered once, but no longer
        return str(current[-1].get("vaerdi", "")).strip().upper() in TRUE_VALUES
    return None
