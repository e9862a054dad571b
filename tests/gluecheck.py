"""What the prose's glue roles show, worked out from a notebook's stored outputs.

The prose pastes glued values with ``{glue:text}`name` `` or, for a number glued raw,
``{glue:text}`name:,d` `` (a Python format spec). myst-nb renders a role with
``myst_nb.core.variables.format_plain_text``; these helpers apply the very same function, so a
test can say what each role must show on the built page, and which glued values break the
convention (numbers glued as formatted text, or raw numbers pasted without a spec).
"""

from __future__ import annotations

import ast
import re

from bs4 import BeautifulSoup
from myst_nb.core.variables import format_plain_text

GLUE_TEXT = "application/papermill.record/text/plain"
# {glue:text}`name` or {glue:text}`name:spec`; myst-nb splits the spec off at the last colon.
ROLE = re.compile(r"\{glue:text\}`([\w-]+)(?::([^`]*))?`")
# A formatted number and nothing else: "16,275", "7.5", "4", "58%"
BARE_NUMBER = re.compile(r"^\d[\d,]*(\.\d+)?%?$")
# Characters that are markup in the prose (roles, emphasis, links, escapes) end a role's context.
_MARKUP = set("`{}[]*_<>|#$\\\n")
_CONTEXT = 30


def _source(cell) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def glued(notebook) -> dict[str, str]:
    """Each glued name's stored text/plain, as the book reads it."""
    found = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and GLUE_TEXT in output.get("data", {}):
                text = output["data"][GLUE_TEXT]
                found[name] = text if isinstance(text, str) else "".join(text)
    return found


def value(text_plain: str):
    """The Python value behind a stored text/plain (a string glued as text stays a string)."""
    try:
        return ast.literal_eval(text_plain)
    except (SyntaxError, ValueError):
        return text_plain


def is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def shown(text_plain: str, spec: str | None) -> str:
    """What myst-nb pastes for a role with this spec (none given means ``s``)."""
    return format_plain_text(text_plain, spec or "s")


def roles(notebook):
    """(cell number, name, spec, text before, text after) for every glue:text role in the prose;
    the text around a role is the plain prose next to it, up to the nearest markup."""
    found = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        for m in ROLE.finditer(text):
            before = text[max(0, m.start() - _CONTEXT) : m.start()]
            after = text[m.end() : m.end() + _CONTEXT]
            for stop in _MARKUP:
                before = before.rsplit(stop, 1)[-1]
                after = after.split(stop, 1)[0]
            found.append((number, m.group(1), m.group(2), before, after))
    return found


def _normal(text: str) -> str:
    """Typographic quotes and dashes (Sphinx's smartquotes) back to ASCII; spaces collapsed."""
    for fancy, plain in {"‘": "'", "’": "'", "“": '"', "”": '"', "—": "---", "–": "--"}.items():
        text = text.replace(fancy, plain)
    return " ".join(text.replace("\xa0", " ").split())


def page_prose(html: str) -> str:
    """A built page's prose: the article's text without its code cells and their outputs."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for cell in article.select("div.cell"):
        cell.decompose()
    return _normal(article.get_text())


def prose_differences(name: str, notebook, html: str) -> list[str]:
    """Each glue role whose value, formatted as the role says, is not on the page in its place."""
    stored, prose = glued(notebook), page_prose(html)
    problems = []
    for cell, key, spec, before, after in roles(notebook):
        if key not in stored:
            problems.append(f"{name}, cell {cell}: {key!r} is used in the prose but never glued")
            continue
        want = _normal(before + shown(stored[key], spec) + after)
        if want not in prose:
            problems.append(
                f"{name}, cell {cell}: the page does not show {want!r} "
                f"({key!r} = {stored[key]} with spec {spec or 's'!r})"
            )
    return problems


def _glue_entries(tree):
    """(name, value expression) for each glue_all({...}) entry, glue("name", value) call, and
    entry of a ``for name, value in {...}.items(): glue(name, value)`` loop."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.For)
            and isinstance(node.iter, ast.Call)
            and isinstance(node.iter.func, ast.Attribute)
            and node.iter.func.attr == "items"
            and isinstance(node.iter.func.value, ast.Dict)
        ):
            for key, expr in zip(node.iter.func.value.keys, node.iter.func.value.values):
                if isinstance(key, ast.Constant):
                    yield key.value, expr
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "glue_all" and node.args and isinstance(node.args[0], ast.Dict):
            for key, expr in zip(node.args[0].keys, node.args[0].values):
                if isinstance(key, ast.Constant):
                    yield key.value, expr
        elif node.func.id == "glue" and len(node.args) >= 2:
            if isinstance(node.args[0], ast.Constant):
                yield node.args[0].value, node.args[1]


def _formats_text(expr, assigned) -> bool:
    """True when the expression is text the notebook formats itself (an f-string, a string,
    str(), format(), "...".format(), "..." % ...), or a name assigned such text."""
    if isinstance(expr, ast.JoinedStr) or (
        isinstance(expr, ast.Constant) and isinstance(expr.value, str)
    ):
        return True
    if isinstance(expr, ast.Call):
        func = expr.func
        return (isinstance(func, ast.Name) and func.id in ("str", "format")) or (
            isinstance(func, ast.Attribute) and func.attr == "format"
        )
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
        return isinstance(expr.left, ast.Constant) and isinstance(expr.left.value, str)
    if isinstance(expr, ast.Name):
        return any(_formats_text(e, {}) for e in assigned.get(expr.id, []))
    return False


def numbers_glued_as_text(notebook) -> list[str]:
    """Names whose glued value is a bare number ("16,275") that the notebook formatted itself.

    Such a number belongs in the glue raw, with the format in the prose. Text that a package
    function returns (a phrase such as "about 2.1 to 3.9", "fewer than 197", or a figure as the
    source writes it) is the package's to word, even where today's data make it a bare number.
    """
    stored = glued(notebook)
    trees = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            try:
                trees.append(ast.parse(_source(cell)))
            except SyntaxError:  # a cell magic: nothing glued there
                continue
    assigned: dict[str, list] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
    found = []
    for tree in trees:
        for name, expr in _glue_entries(tree):
            v = value(stored.get(name, ""))
            if isinstance(v, str) and BARE_NUMBER.match(v) and _formats_text(expr, assigned):
                found.append(f"{name} = {v!r}")
    return sorted(found)


def numbers_without_a_spec(notebook) -> list[str]:
    """Roles that paste a number glued raw without a format spec (16275 would show without its
    comma), or with a spec that would cut a fraction off (int() of 7.5 is 7)."""
    stored = glued(notebook)
    found = []
    for cell, key, spec, _, _ in roles(notebook):
        v = value(stored.get(key, ""))
        if not is_number(v):
            continue
        if not spec:
            found.append(f"cell {cell}: {key} = {v!r} has no format spec")
        elif spec[-1] in "bcdoxX" and not float(v).is_integer():
            found.append(f"cell {cell}: {key} = {v!r} would lose its fraction with {spec!r}")
    return found
