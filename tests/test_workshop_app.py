"""The live board's app settings (issue 13, coaches 4-5): `okrkit workshop`'s Voilà command, and where Export writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import okrkit
from okrkit.cli import main
from okrkit.workshop import export as X
from okrkit.workshop.launch import APP_DIR, voila_command

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(okrkit.__file__).resolve().parent


def test_the_voila_command_uses_the_offline_template_and_culls_idle_kernels():
    argv, env = voila_command(port=8999, open_browser=False, environ={"JUPYTER_PATH": "/elsewhere"})
    assert "--VoilaConfiguration.template=okrkit" in argv and "--no-browser" in argv and "--port=8999" in argv
    assert "--MappingKernelManager.cull_connected=False" in argv
    timeout = [a for a in argv if a.startswith("--MappingKernelManager.cull_idle_timeout=")]
    assert len(timeout) == 1 and int(timeout[0].split("=")[1]) > 0
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(APP_DIR), "/elsewhere"]
    template = APP_DIR / "voila" / "templates" / "okrkit" / "index.html.j2"
    assert "extends 'lab/index.html.j2'" in template.read_text()


def test_a_setting_given_on_the_command_line_replaces_the_kits():
    argv, _ = voila_command(extra=["--MappingKernelManager.cull_idle_timeout=5", "--debug"])
    assert [a for a in argv if "cull_idle_timeout" in a] == ["--MappingKernelManager.cull_idle_timeout=5"]
    assert argv[-1] == "--debug"


def test_okrkit_workshop_says_where_the_notebook_is_missing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["workshop", "--no-browser"]) == 2
    assert "run from the repository root" in capsys.readouterr().err


def test_export_folder_default_is_in_the_home_folder_not_the_kit(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert X.export_folder() == tmp_path / "okrkit-workshop-export"
    assert X.export_folder("  ") == tmp_path / "okrkit-workshop-export"
    assert X.export_folder("handouts/day1") == tmp_path / "handouts" / "day1"  # not the kernel's working directory
    assert X.export_folder("~/x") == tmp_path / "x"
    assert X.export_folder(tmp_path / "abs") == tmp_path / "abs"
    with pytest.raises(ValueError, match="inside the okrkit package"):
        X.export_folder(PACKAGE / "workshop" / "out")


def test_the_live_boards_export_writes_to_the_chosen_folder(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from okrkit.views.board import WorkshopBoard

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(ROOT / "notebooks" / "coach")  # where Voilà runs the kernel
    wb = WorkshopBoard(ROOT / "data" / "workshop-sample")
    assert wb.export_dir.value == X.DEFAULT_FOLDER
    paths = wb.save(wb.export_dir.value)
    assert paths and all(p.parent == tmp_path / "home" / "okrkit-workshop-export" for p in paths)
    wb.export_dir.value = "chosen"
    assert {p.parent for p in wb.save(wb.export_dir.value)} == {tmp_path / "home" / "chosen"}
    assert wb.save(PACKAGE / "out") == [] and "inside the okrkit package" in wb.export_status.value
    assert not (PACKAGE / "out").exists()
