"""deploy/ and binder/: no Docker daemon runs on these machines, so the image's recipe is checked here instead.

The Dockerfile must install what pyproject.toml calls the hub install (with nbgitpuller and jupyterhub-singleuser
in it), on a Python the package supports, and ship every folder the lessons read; CI installs the same extras
into its venv and runs jupyterhub-singleuser from it in tests/browser/test_hub.py. The Zero to JupyterHub config
must use that image the way it is built, and Binder must install the lessons' extra.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
EXTRAS = PYPROJECT["project"]["optional-dependencies"]


def _instructions(path: Path) -> list[tuple[str, str]]:
    """A Dockerfile as (INSTRUCTION, arguments), continuation lines joined and comments dropped."""
    lines, buf = [], ""
    for raw in path.read_text().splitlines():
        if raw.lstrip().startswith("#") and not buf:
            continue
        buf += raw.rstrip("\\").strip() + " " if raw.rstrip().endswith("\\") else raw.strip()
        if not raw.rstrip().endswith("\\"):
            if buf.strip():
                word, _, rest = buf.strip().partition(" ")
                lines.append((word.upper(), rest.strip()))
            buf = ""
    return lines


DOCKERFILE = _instructions(REPO / "deploy" / "Dockerfile")


def _extra_closure(name: str) -> set[str]:
    """Every requirement an extra brings, following okrkit[...] self-references."""
    out = set()
    for req in EXTRAS[name]:
        m = re.fullmatch(r"okrkit\[([a-z, ]+)\]", req)
        if m:
            for inner in m.group(1).split(","):
                out |= _extra_closure(inner.strip())
        else:
            out.add(re.split(r"[<>=!~ \[]", req, maxsplit=1)[0].lower())
    return out


def _pip_installs(instructions: list[tuple[str, str]]) -> list[str]:
    """The targets of every `pip install` in RUN instructions."""
    targets = []
    for word, rest in instructions:
        if word != "RUN":
            continue
        for command in rest.split("&&"):
            args = shlex.split(command)
            if "pip" in args and "install" in args:
                targets += [a for a in args[args.index("install") + 1 :] if not a.startswith("-")]
    return targets


def test_the_image_installs_the_hub_extra_which_brings_the_classroom_pieces():
    assert _pip_installs(DOCKERFILE) == [".[hub]"]
    hub = _extra_closure("hub")
    assert {"jupyterhub", "nbgitpuller", "jupyterlab", "ipywidgets", "altair", "vl-convert-python", "anywidget"} <= hub
    assert "nbgitpuller" in _extra_closure("lab"), "nbgitpuller belongs to the single-user install"
    assert "jupyterhub" in _extra_closure("dev"), "the test suite starts a real hub"


def test_the_image_python_is_one_the_package_supports():
    base = next(rest for word, rest in DOCKERFILE if word == "FROM")
    version = re.match(r"python:(\d+)\.(\d+)", base)
    assert version, base
    lowest = re.search(r">=\s*(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert tuple(map(int, version.groups())) >= tuple(map(int, lowest.groups()))


def test_the_image_copies_the_package_before_installing_and_ships_the_course():
    copies = [shlex.split(rest)[0] for word, rest in DOCKERFILE if word == "COPY"]
    install_at = next(i for i, (w, r) in enumerate(DOCKERFILE) if w == "RUN" and "pip install" in r)
    copied_before = {shlex.split(r)[0] for w, r in DOCKERFILE[:install_at] if w == "COPY"}
    assert {"pyproject.toml", "okrkit"} <= copied_before
    for folder in ("notebooks", "exercises", "data"):
        assert folder in copies, f"the image lacks {folder}/"
    for source in copies:
        assert (REPO / source).exists(), f"COPY {source}: no such path in the repository"


def test_the_image_runs_the_hub_single_user_server_as_a_normal_user_in_lab():
    cmd = next(rest for word, rest in reversed(DOCKERFILE) if word == "CMD")
    assert "jupyterhub-singleuser" in cmd
    user = next(rest for word, rest in reversed(DOCKERFILE) if word == "USER")
    assert user not in ("root", "0")
    server = (REPO / "deploy" / "jupyter_server_config.py").read_text()
    assert 'default_url = "/lab"' in server and "cull_idle_timeout" in server


def test_zero_to_jupyterhub_config_uses_the_image_with_sized_resources():
    config = yaml.safe_load((REPO / "deploy" / "config.yaml").read_text())
    single = config["singleuser"]
    assert single["defaultUrl"] == "/lab" and single["cmd"] == "jupyterhub-singleuser"
    build = re.search(
        r"docker build -f deploy/Dockerfile -t (\S+):(\S+) \.", (REPO / "deploy" / "Dockerfile").read_text()
    )
    assert build and single["image"]["name"].endswith("/" + build.group(1)) and single["image"]["tag"] == build.group(2)
    units = {"M": 1, "G": 1024}
    mib = {k: float(v[:-1]) * units[v[-1]] for k, v in single["memory"].items()}
    assert 0 < mib["guarantee"] <= mib["limit"]
    assert config["cull"]["enabled"] is True


def test_binder_installs_the_lessons_extra_on_a_supported_python():
    post = (REPO / "binder" / "postBuild").read_text()
    assert 'pip install --no-cache-dir ".[lab]"' in post
    assert (REPO / "binder" / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    runtime = (REPO / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.(1[1-9])", runtime), runtime
