"""Sphinx extension: keep the pages free of the live-code (Thebe) loader.

Jupyter Book 1 always loads sphinx-thebe, which writes its inline settings twice
into every page (a console error: "Identifier 'THEBE_JS_URL' has already been
declared") and points at a CDN. This book has no live-code button, so the
loader is dropped from every page; the book then needs nothing from outside.
"""

THEBE_MARKERS = ("THEBE_JS_URL", "sphinx-thebe")


def _is_thebe(asset) -> bool:
    text = str(asset) + str(getattr(asset, "filename", "") or "") + str(getattr(asset, "attributes", {}).get("body", ""))
    return any(marker in text for marker in THEBE_MARKERS)


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app):
    # Priority above the default 500 so that we run after sphinx-thebe has added its assets.
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
