"""Fails when requirements.lock lacks a package that pyproject.toml pins, or pins it at another
version: someone changed a dependency and forgot `make lock`. Reads only the two files, so it
runs offline and gives the same answer every day (a fresh resolution would not: sub-packages
get new releases)."""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    for line in lines:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # every direct dependency is pinned with ==
        yield canonicalize_name(requirement.name), specifier.version


def locked():
    text = (ROOT / "requirements.lock").read_text()
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, re.MULTILINE)
    }


def main():
    lock = locked()
    wrong = [
        f"{name}=={version} (lock: {lock.get(name, 'missing')})"
        for name, version in pinned()
        if lock.get(name) != version
    ]
    if wrong:
        print("requirements.lock does not match pyproject.toml; run `make lock` and commit it:")
        print("\n".join(f"  {line}" for line in wrong))
        return 1
    print(f"requirements.lock holds every pin of pyproject.toml ({len(lock)} packages).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
