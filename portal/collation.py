"""Danish sort order for names on both databases.

PostgreSQL has the ICU collation `da-DK-x-icu`; SQLite gets a collation of the same name
registered on each new connection, so `danish_order("name")` sorts Æ, Ø, Å after Z on both.
"""

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate, Lower

COLLATION = "da-DK-x-icu"

# Danish alphabet after z: æ (also written ä), ø (ö), å (also written aa, as in "Aabenraa",
# which ICU's da collation sorts as å too).
_AFTER_Z = str.maketrans({"æ": "z{", "ä": "z{", "ø": "z|", "ö": "z|", "å": "z}"})


def sort_key(text):
    return (text or "").casefold().replace("aa", "å").translate(_AFTER_Z)


def _danish_compare(a, b):
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def _on_connection(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _danish_compare)


def register():
    connection_created.connect(_on_connection, dispatch_uid="portal-danish-collation")


def danish_order(field):
    """An ordering expression that sorts `field` in Danish alphabetical order."""
    if connection.vendor in ("postgresql", "sqlite"):
        return Collate(field, COLLATION)
    return Lower(field)
