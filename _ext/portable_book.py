"""Sphinx extension: what a reader takes away from the book.

* The footer names the book's version, read from ``hengyang.__version__`` (the one source of
  the version; pyproject.toml and CITATION.cff agree with it, as the tests check).
* The data package is zipped into one download (:func:`hengyang.archive.build_data_archive`)
  before the pages are read, so the data dictionary can offer it; a copy also sits at the root
  of the site under a fixed name, for links from outside (the README).
* A notebook downloaded from the book, or opened alone, first checks that the ``hengyang``
  package is importable and otherwise says in one line how to install it. The committed
  notebooks cannot know where they will be published, so their line names
  ``<the book's repository>``; the copies offered for download get the repository's URL and
  the commit the book was built from instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hengyang import __version__
from hengyang.archive import ARCHIVE_NAME, build_data_archive

PLACEHOLDER = "<the book's repository>"
STAND_IN = "https://github.com/OWNER/REPOSITORY"


def _footer_version(app, config):
    config.version = config.release = __version__
    options = dict(config.html_theme_options or {})
    footer = options.get("extra_footer", "")
    options["extra_footer"] = footer + (
        f'\n<p class="book-version">Version {__version__} of this book. '
        "How to cite it: see the introduction.</p>")
    config.html_theme_options = options


def _archive_dir(app) -> Path:
    return Path(app.srcdir) / "_build" / "downloads"


def _build_archive(app):
    build_data_archive(_archive_dir(app))


def _commit(srcdir: Path) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=srcdir, capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def name_the_repository(text: str, url: str, commit: str | None) -> str:
    """Put the repository (and commit) into a notebook's install line, unless it is the stand-in."""
    url = url.rstrip("/")
    if not url or url == STAND_IN:
        return text
    return text.replace(f"git+{PLACEHOLDER}", f"git+{url}" + (f"@{commit}" if commit else ""))


def _finish(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    shutil.copy2(_archive_dir(app) / ARCHIVE_NAME, out / ARCHIVE_NAME)
    url = (app.config.html_theme_options or {}).get("repository_url", "")
    commit = _commit(Path(app.srcdir))
    for notebook in (out / "_sources").rglob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        named = name_the_repository(text, url, commit)
        if named != text:
            notebook.write_text(named, encoding="utf-8")


def setup(app):
    app.connect("config-inited", _footer_version)
    app.connect("builder-inited", _build_archive)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": __version__}
