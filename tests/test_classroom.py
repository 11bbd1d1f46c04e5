"""`okrkit classroom link`: the nbgitpuller and Binder links, checked by parsing them back."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from okrkit.classroom import LinkError, binder_link, class_links, nbgitpuller_link, repo_folder
from okrkit.cli import main

HUB = "https://hub.example.edu"
REPO = "https://github.com/teach/okrkit"


def _query(url: str) -> dict[str, str]:
    """The link's query as a plain dict (each key once)."""
    q = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert all(len(v) == 1 for v in q.values()), q
    return {k: v[0] for k, v in q.items()}


def test_nbgitpuller_link_round_trips():
    url = nbgitpuller_link(HUB, REPO, branch="spring-2027", path="exercises/assignment-03/assignment-03.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert _query(url) == {
        "repo": REPO,
        "branch": "spring-2027",
        "targetPath": "okrkit",
        "urlpath": "lab/tree/okrkit/exercises/assignment-03/assignment-03.ipynb",
    }


def test_nbgitpuller_values_are_encoded_so_they_cannot_break_the_query():
    repo = "https://git.example.edu/a&b/okr kit.git?x=1"
    url = nbgitpuller_link(HUB + "/", repo, path="notebooks/00 start & here.ipynb")
    assert " " not in url and url.count("&") == 2  # only the separators of three fields
    q = _query(url)
    assert q["repo"] == repo
    assert q["urlpath"] == "lab/tree/okr kit/notebooks/00 start & here.ipynb"
    assert "branch" not in q  # the repository's default branch


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/", "https://hub.example.edu"),
        ("http://127.0.0.1:8000/course/", "http://127.0.0.1:8000/course"),
    ],
)
def test_hub_address_is_normalised(hub, base):
    assert nbgitpuller_link(hub, REPO).startswith(base + "/hub/user-redirect/git-pull?")


def test_default_path_is_the_first_lesson():
    assert _query(nbgitpuller_link(HUB, REPO))["urlpath"] == "lab/tree/okrkit/notebooks/00-start-here.ipynb"


@pytest.mark.parametrize(
    ("repo", "folder"),
    [(REPO, "okrkit"), (REPO + ".git", "okrkit"), ("file:///srv/git/course-okrs/", "course-okrs")],
)
def test_repo_folder(repo, folder):
    assert repo_folder(repo) == folder


def test_binder_link_for_github():
    url = binder_link(REPO + ".git", branch="main")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("mybinder.org", "/v2/gh/teach/okrkit/main")
    assert _query(url) == {"urlpath": "lab/tree/notebooks/00-start-here.ipynb"}


def test_binder_link_for_other_git_hosts_encodes_the_repository():
    repo = "https://gitlab.example.edu/teach/okrkit.git"
    parts = urlsplit(binder_link(repo))
    prefix, encoded, ref = parts.path.rsplit("/", 2)
    assert (prefix, unquote(encoded), ref) == ("/v2/git", repo, "HEAD")


def test_no_binder_link_for_a_local_repository_says_why():
    links = class_links(HUB, "file:///srv/git/okrkit")
    assert links.binder is None
    assert "https" in links.binder_note
    assert _query(links.nbgitpuller)["repo"] == "file:///srv/git/okrkit"


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"hub": "hub.example.edu"}, "--hub"),
        ({"hub": "https://hub.example.edu/?next=x"}, "--hub"),
        ({"repo": "not a url"}, "--repo"),
        ({"repo": "https://github.com/"}, "--repo"),
        ({"path": "../etc/passwd"}, "--path"),
        ({"path": "/abs/nb.ipynb"}, "--path"),
        ({"branch": "bad branch"}, "--branch"),
    ],
)
def test_bad_input_names_the_option(kwargs, says):
    args = {"hub": HUB, "repo": REPO, "branch": None, "path": "notebooks/00-start-here.ipynb", **kwargs}
    with pytest.raises(LinkError, match=says):
        nbgitpuller_link(**args)


def test_cli_prints_both_links(capsys):
    code = main(["classroom", "link", "--hub", HUB, "--repo", REPO, "--branch", "main"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    pull = next(line.split(": ", 1)[1] for line in out if line.startswith("JupyterHub"))
    binder = next(line.split(":", 1)[1].strip() for line in out if line.startswith("Binder"))
    assert _query(pull)["branch"] == "main"
    assert urlsplit(binder).path == "/v2/gh/teach/okrkit/main"


def test_cli_bad_hub_exits_2_with_a_message(capsys):
    assert main(["classroom", "link", "--hub", "ftp://x", "--repo", REPO]) == 2
    assert "--hub" in capsys.readouterr().err
