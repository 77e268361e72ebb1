"""Danish sort order and search folding for names on both databases.

PostgreSQL has the ICU collation `da-DK-x-icu`; SQLite gets a collation of the same name
registered on each new connection, so `danish_order("name")` sorts Æ, Ø, Å after Z on both.

`Fold("name")` is the text in lower case without accents (é is e, but æ, ø and å stay the
Danish letters they are), computed the same way on both: SQLite's own LIKE folds only ASCII
letters, so there a Python function of the same meaning is registered on each connection.
"""

import unicodedata

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Func, TextField
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


# Accented letters and the letter each is searched as. ä and ö are how æ and ø are written
# abroad (and sort as them above). One table for both databases, so they agree.
_ACCENTED = "áàâãāéèêëēíìîïóòôõúùûüýÿçñäö"
_PLAIN = "aaaaaeeeeeiiiioooouuuuyycnæø"
_FOLD = str.maketrans(_ACCENTED, _PLAIN)
FOLD_FUNCTION = "portal_fold"


def fold(text):
    """'Café Årø' -> 'cafe årø': what `Fold` makes of a column, for the text searched for."""
    return unicodedata.normalize("NFC", text or "").lower().translate(_FOLD)


class Fold(Func):
    """A text column folded as `fold` does, for a case- and accent-blind `__contains`."""

    output_field = TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=FOLD_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        # lower() under an ICU collation folds every letter, whatever the database's locale.
        template = (
            f'translate(lower(normalize(%(expressions)s, NFC) COLLATE "{COLLATION}"), '
            f"'{_ACCENTED}', '{_PLAIN}')"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="LOWER", **extra)


def _on_connection(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _danish_compare)
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def register():
    connection_created.connect(_on_connection, dispatch_uid="portal-danish-collation")


def danish_order(field):
    """An ordering expression that sorts `field` in Danish alphabetical order."""
    if connection.vendor in ("postgresql", "sqlite"):
        return Collate(field, COLLATION)
    return Lower(field)
