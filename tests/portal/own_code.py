"""The portal's own Python modules, found by walking its packages (not from a list), for the
tests that check every form or view of the apps."""

import importlib
import pkgutil

OWN_PACKAGES = ("portal", "mapping", "strategy")


def form_modules():
    """Every module named forms (or inside a forms package) of the portal's own packages."""
    for top in OWN_PACKAGES:
        package = importlib.import_module(top)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{top}."):
            if "forms" in info.name.split("."):
                yield importlib.import_module(info.name)
