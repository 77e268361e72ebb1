import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext is not installed")
@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_the_danish_catalogue_has_no_untranslated_or_fuzzy_entries(flag):
    result = subprocess.run(  # noqa: S603
        ["msgattrib", flag, str(PO)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "", result.stdout[:2000]


def test_the_compiled_catalogue_is_used():
    with translation.override("da"):
        assert translation.gettext("Log in") == "Log ind"
        assert translation.gettext("Social-economy enterprises") != "Social-economy enterprises"
