"""The CLI builds only the subcommand a run names, and that changes nothing a user sees."""

from __future__ import annotations

import pytest

from okrkit.cli import build_parser, main
from okrkit.cli.commands import COMMANDS


def _sub(parser, name):
    return next(a for a in parser._actions if a.dest == "command").choices[name]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_alone_reads_and_explains_itself_as_in_the_full_parser(name, capsys):
    full, alone = _sub(build_parser(), name), _sub(build_parser(name), name)
    assert alone.format_help() == full.format_help()
    assert [a.option_strings for a in alone._actions] == [a.option_strings for a in full._actions]
    with pytest.raises(SystemExit):
        main([name, "--help"])
    assert capsys.readouterr().out == full.format_help()


def test_the_full_parser_is_built_when_no_command_is_named(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)
    assert main([]) == 2
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_an_unknown_command_is_refused_with_every_choice(capsys):
    with pytest.raises(SystemExit):
        main(["lnit", "x.yaml"])
    err = capsys.readouterr().err
    assert "invalid choice: 'lnit'" in err and all(f"'{name}'" in err for name in COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_says_what_it_does(name):
    """QA pass: `okrkit lint --help` listed `--format {text,json}` with no word on what it changes."""
    import argparse

    sub = _sub(build_parser(), name)
    silent = [
        a.option_strings or a.dest
        for a in sub._actions
        if a.help is None and not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
    ]
    assert not silent, f"okrkit {name}: no help text for {silent}"


def test_lint_help_names_every_form_it_reads():
    """`okrkit lint` reads what okrkit.load reads: YAML or JSON, a text or markdown outline, a one-team CSV."""
    text = _sub(build_parser(), "lint").format_help()
    assert all(form in text for form in ("YAML", "JSON", "outline", "CSV")), text
