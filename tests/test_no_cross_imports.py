"""Test modules share what they build through tests/factories/ and small helper modules, never
by importing another test module: a test module that is imported runs its fixtures and
module-level setup twice, and a builder copied there drifts apart from the real one."""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TEST_MODULE = re.compile(r"^tests\.(\w+\.)?test_\w+$")


def _imported_modules(tree):
    """Every module an `import` or `from ... import` names, with the names it imports from a
    package (`from tests.strategy import test_progress` imports tests.strategy.test_progress)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _cross_imports(path, root=TESTS.parent):
    own = ".".join(path.relative_to(root).with_suffix("").parts)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for lineno, module in _imported_modules(tree):
        if TEST_MODULE.match(module) and module != own:
            yield f"{path.relative_to(root)}:{lineno} imports {module}"


def test_no_test_module_imports_another():
    found = [
        problem for path in sorted(TESTS.rglob("test_*.py")) for problem in _cross_imports(path)
    ]
    assert found == [], "\n".join(found)


def test_the_check_finds_each_way_of_importing_a_test_module(tmp_path):
    module = tmp_path / "tests" / "mapping" / "test_example.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from tests.factories.programme import build_offer_plan\n"
        "from tests.mapping.test_example import helper\n"
        "from tests.programme.test_plan import make_plan\n"
        "from tests.strategy import test_progress as base\n"
        "import tests.portal.test_followup\n",
        encoding="utf-8",
    )
    assert list(_cross_imports(module, root=tmp_path)) == [
        "tests/mapping/test_example.py:3 imports tests.programme.test_plan",
        "tests/mapping/test_example.py:4 imports tests.strategy.test_progress",
        "tests/mapping/test_example.py:5 imports tests.portal.test_followup",
    ]
