"""How `okrkit workshop` starts the live board as a Voilà app: the command line and environment, nothing run here.

Voilà's settings are data (voila_app/settings.yaml): okrkit's template, which is Voilà's lab template without its
CDN stylesheets, and the idle-kernel culler. The template is found through JUPYTER_PATH (voila_app/ holds
voila/templates/okrkit, the layout of a Jupyter data folder).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

#: A Jupyter data folder holding voila/templates/okrkit, and the settings file.
APP_DIR = Path(__file__).resolve().with_name("voila_app")
#: The board's notebook, as the README runs it from the repository root.
NOTEBOOK = Path("notebooks") / "coach" / "workshop.ipynb"


def settings() -> dict[str, dict]:
    """Voilà's settings for the workshop, by configurable class: {'MappingKernelManager': {...}, ...}."""
    return yaml.safe_load((APP_DIR / "settings.yaml").read_text(encoding="utf-8"))


def _value(value) -> str:
    """A setting as traitlets reads it on the command line."""
    return ("True" if value else "False") if isinstance(value, bool) else str(value)


def voila_command(
    notebook: str | Path = NOTEBOOK,
    *,
    port: int | None = None,
    ip: str = "127.0.0.1",
    open_browser: bool = True,
    extra: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The Voilà command line (this Python's voila) and environment that serve the workshop notebook offline
    with idle kernels culled; an `extra` option ('--Class.name=value') replaces the kit's setting of that name."""
    voila = Path(sys.executable).with_name("voila")
    argv = [str(voila) if voila.exists() else "voila", str(notebook), f"--Voila.ip={ip}"]
    if port is not None:
        argv.append(f"--port={port}")
    if not open_browser:
        argv.append("--no-browser")
    options = {f"--{cls}.{name}": _value(v) for cls, values in settings().items() for name, v in values.items()}
    rest = []
    for option in extra:  # Voilà takes each setting once: an extra one replaces the kit's
        key, sep, value = option.partition("=")
        if sep and key.startswith("--"):
            options.pop(key, None)
            options[key] = value
        else:
            rest.append(option)
    argv += [f"{key}={value}" for key, value in options.items()] + rest
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(APP_DIR), *filter(None, [env.get("JUPYTER_PATH")])])
    return argv, env
