"""Imports stay light: `import okrkit` and `okrkit lint` load no pandas, altair, ipywidgets or jupyter code."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "pandas",
    "altair",
    "ipywidgets",
    "IPython",
    "jupyter_client",
    "jupyter_core",
    "nbformat",
    "notebook",
    "jupyterlab",
    "numpy",
    "tqdm",
    "anywidget",
    "vl_convert",
)

PROBE = """
import sys
{code}
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
print('HEAVY:' + ','.join(heavy))
"""


def _heavy_after(code: str) -> list[str]:
    r = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code, heavy=set(HEAVY))], capture_output=True, text=True, check=True
    )
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("HEAVY:")][-1]
    return [m for m in line[len("HEAVY:") :].split(",") if m]


def test_import_okrkit_is_light():
    assert _heavy_after("import okrkit") == []


def test_linting_is_light(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text("objectives:\n  - objective: Grow the business\n    key_results: [Hold 12 customer workshops]\n")
    code = (
        f"from okrkit.cli import main\n"
        f"assert main(['lint', {str(f)!r}]) == 1\n"
        f"assert main(['score', {str(f)!r}]) == 0\n"
        f"assert main(['rules']) == 0\n"
    )
    assert _heavy_after(code) == []


def test_probe_can_see_heavy_imports():
    """The probe itself works: importing pandas shows up."""
    assert "pandas" in _heavy_after("import pandas")


def test_rule_modules_import_by_name_and_the_public_rules_function_still_works():
    """No function shadows the package or module of the same name: plain import statements reach the modules."""
    import okrkit
    import okrkit.check.catalogue as catalogue_module
    import okrkit.check.rules.key_result as family

    assert callable(family.output_not_outcome) and callable(catalogue_module.catalogue)
    assert {r.code for r in okrkit.rules()} >= {"OKR101", "OKR204", "OKR309"}


def test_no_public_name_of_a_package_shadows_one_of_its_modules():
    """`import okrkit.x.y as m` must give the module y, never a function a package re-exports under that name."""
    import importlib
    import pkgutil

    import okrkit

    packages = [m.name for m in pkgutil.walk_packages(okrkit.__path__, "okrkit.") if m.ispkg]
    for pkg_name in ["okrkit", *packages]:
        pkg = importlib.import_module(pkg_name)
        for sub in pkgutil.iter_modules(pkg.__path__):
            value = getattr(pkg, sub.name, None)
            assert value is None or getattr(value, "__name__", "") == f"{pkg_name}.{sub.name}", (
                f"{pkg_name}.{sub.name} is shadowed by {value!r}"
            )
