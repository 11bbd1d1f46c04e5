"""Optional parts of okrkit and what to install for them: `pip install 'okrkit[report]'`, `'okrkit[lab]'`."""

from __future__ import annotations

from importlib.util import find_spec

from okrkit.errors import OKRKitError

#: extra → the modules it brings
EXTRAS: dict[str, tuple[str, ...]] = {
    "report": ("pandas", "altair", "vl_convert"),
    "lab": ("ipywidgets", "jupyterlab", "anywidget"),
}


class MissingExtraError(OKRKitError, ImportError):
    """A feature needs an optional extra that is not installed."""


def missing(extra: str) -> list[str]:
    """The modules of an extra that cannot be imported here."""
    return [m for m in EXTRAS[extra] if find_spec(m) is None]


def require(extra: str, feature: str, alternative: str = "") -> None:
    """Raise MissingExtraError naming the install command when the extra's modules are missing."""
    absent = missing(extra)
    if absent:
        hint = f"pip install 'okrkit[{extra}]'" + (f", or {alternative}" if alternative else "")
        raise MissingExtraError(f"{feature} needs {', '.join(absent)} ({hint})")
