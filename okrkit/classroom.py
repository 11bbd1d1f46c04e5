"""Links an instructor posts to a class: an nbgitpuller link into a JupyterHub, and a Binder link.

Pure string building (no network, no Jupyter). The nbgitpuller link is the format nbgitpuller's
`/git-pull` handler reads: `{hub}/hub/user-redirect/git-pull?repo=…&targetPath=…&urlpath=…[&branch=…]`,
every value URL-encoded; `user-redirect` sends each student to their own server, which clones (or updates)
the repository into `targetPath` in their home and opens `urlpath`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from okrkit.errors import OKRKitError

DEFAULT_PATH = "notebooks/00-start-here.ipynb"
BINDER = "https://mybinder.org"


class LinkError(OKRKitError):
    """A hub URL, repository URL, branch or path that cannot make a working link."""


@dataclass(frozen=True)
class ClassLinks:
    """The links for one course: nbgitpuller into the hub, and Binder (None if the repository can't run there)."""

    nbgitpuller: str
    binder: str | None
    binder_note: str = ""


def _hub_base(hub: str) -> str:
    """The hub's base URL without a trailing slash or a trailing '/hub'."""
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(f"--hub {hub!r}: expected the hub's address, like https://hub.example.edu")
    if parts.query or parts.fragment:
        raise LinkError(f"--hub {hub!r}: give the hub's address without '?…' or '#…'")
    path = parts.path.rstrip("/")
    if path.endswith("/hub"):
        path = path[: -len("/hub")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def _check_repo(repo: str) -> str:
    """The repository URL, checked to be something git can clone."""
    repo = repo.strip()
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https", "file", "git", "ssh") or not (parts.netloc or parts.scheme == "file"):
        raise LinkError(f"--repo {repo!r}: expected a git URL, like https://github.com/you/okrkit")
    if not parts.path.strip("/"):
        raise LinkError(f"--repo {repo!r}: the URL names no repository")
    return repo


def repo_folder(repo: str) -> str:
    """The folder the repository lands in, in each student's home: its last path segment without '.git'."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git") or "okrkit"


def _check_path(path: str) -> str:
    """The notebook path inside the repository, relative and with no '..'."""
    clean = posixpath.normpath(path.strip().replace("\\", "/"))
    if not path.strip() or clean.startswith(("/", "..")) or clean == ".":
        raise LinkError(f"--path {path!r}: expected a path inside the repository, like {DEFAULT_PATH}")
    return clean


def _check_branch(branch: str | None) -> str | None:
    """The branch name, or None for the repository's default branch."""
    if branch is None:
        return None
    branch = branch.strip()
    if not branch or any(c in branch for c in " ~^:?*[\\") or ".." in branch:
        raise LinkError(f"--branch {branch!r}: not a valid git branch name")
    return branch


def nbgitpuller_link(hub: str, repo: str, branch: str | None = None, path: str = DEFAULT_PATH) -> str:
    """The nbgitpuller link: each student's server pulls repo into ~/<folder> and opens path in JupyterLab."""
    base, repo = _hub_base(hub), _check_repo(repo)
    folder, path, branch = repo_folder(repo), _check_path(path), _check_branch(branch)
    query = {"repo": repo, "targetPath": folder, "urlpath": f"lab/tree/{folder}/{path}"}
    if branch:
        query["branch"] = branch
    return f"{base}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote, safe='')}"


def binder_link(repo: str, branch: str | None = None, path: str = DEFAULT_PATH) -> str:
    """The mybinder.org link that builds the repository (binder/ folder) and opens path in JupyterLab."""
    repo, path, branch = _check_repo(repo), _check_path(path), _check_branch(branch)
    parts = urlsplit(repo)
    if parts.scheme != "https":
        raise LinkError(f"--repo {repo!r}: Binder can only build a public https:// repository")
    ref = quote(branch or "HEAD", safe="")
    urlpath = quote(f"lab/tree/{path}", safe="")
    if parts.netloc.lower() in ("github.com", "www.github.com"):
        owner_name = parts.path.strip("/").removesuffix(".git")
        if owner_name.count("/") != 1:
            raise LinkError(f"--repo {repo!r}: expected https://github.com/OWNER/NAME")
        return f"{BINDER}/v2/gh/{owner_name}/{ref}?urlpath={urlpath}"
    return f"{BINDER}/v2/git/{quote(repo, safe='')}/{ref}?urlpath={urlpath}"


def class_links(hub: str, repo: str, branch: str | None = None, path: str = DEFAULT_PATH) -> ClassLinks:
    """Both links for a course; the Binder one is None (with the reason) when Binder cannot build repo."""
    pull = nbgitpuller_link(hub, repo, branch, path)
    try:
        return ClassLinks(pull, binder_link(repo, branch, path))
    except LinkError as exc:
        return ClassLinks(pull, None, str(exc))
