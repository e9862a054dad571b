"""Sphinx extension: citation lists that pass WCAG checks.

Docutils writes a bibliography as ``<div role="list">`` holding ``<div role="doc-biblioentry">``
items. ARIA 1.2 deprecates ``doc-biblioentry``, and a list must hold list items, so axe reports
both on the sources page. Each entry is given the list-item role instead; nothing else changes.
"""

DEPRECATED = 'role="doc-biblioentry"'


def _fix_roles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and DEPRECATED in body:
        context["body"] = body.replace(DEPRECATED, 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
