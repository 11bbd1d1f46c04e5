"""The marshal copies of package YAML (lexicons, catalogue) always equal the YAML they were made from."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from okrkit.lexicon import datacache

PKG = Path(__file__).resolve().parents[1] / "okrkit"
DATA = sorted((PKG / "lexicon").glob("*.yaml")) + [PKG / "check" / "catalogue.yaml", PKG / "read" / "aliases.yaml"]


@pytest.fixture
def writes_copies(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


@pytest.mark.parametrize("src", DATA, ids=lambda p: p.name)
def test_copy_equals_the_yaml(tmp_path, writes_copies, src):
    path = tmp_path / src.name
    shutil.copy(src, path)
    first = datacache.load_yaml(str(path))  # parses and writes the copy
    assert os.path.exists(datacache.cache_path(str(path)))
    second = datacache.load_yaml(str(path))  # read from the copy
    assert second == first == yaml.safe_load(src.read_text(encoding="utf-8"))


def test_an_edited_file_is_read_again_even_at_the_same_size(tmp_path, writes_copies):
    path = tmp_path / "words.yaml"
    path.write_text("words: [alpha, beta]\n", encoding="utf-8")
    assert datacache.load_yaml(str(path)) == {"words": ["alpha", "beta"]}
    stat = path.stat()
    path.write_text("words: [gamma, delt]\n", encoding="utf-8")  # same size, same mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert datacache.load_yaml(str(path)) == {"words": ["gamma", "delt"]}


def test_a_broken_copy_is_ignored(tmp_path, writes_copies):
    path = tmp_path / "words.yaml"
    path.write_text("words: [alpha]\n", encoding="utf-8")
    datacache.load_yaml(str(path))
    Path(datacache.cache_path(str(path))).write_bytes(b"\x00not marshal")
    assert datacache.load_yaml(str(path)) == {"words": ["alpha"]}


def test_no_copy_when_python_may_not_write_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "words.yaml"
    path.write_text("words: [alpha]\n", encoding="utf-8")
    assert datacache.load_yaml(str(path)) == {"words": ["alpha"]}
    assert not os.path.exists(datacache.cache_path(str(path)))


def test_data_marshal_cannot_keep_is_parsed_each_time(tmp_path, writes_copies):
    path = tmp_path / "dated.yaml"
    path.write_text("when: 2026-09-30\n", encoding="utf-8")
    assert str(datacache.load_yaml(str(path))["when"]) == "2026-09-30"
    assert not os.path.exists(datacache.cache_path(str(path)))
