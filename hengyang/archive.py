"""The whole data package as one download: descriptor, tables, source, licences, attribution.

``python -m hengyang.archive [OUT_DIR]`` writes ``battle-of-hengyang-data.zip`` (by default
into ``_build/downloads/``). The book builds it at the start of every build and offers it on
the data dictionary page. The archive is a valid Frictionless data package on its own:
``frictionless validate datapackage.json`` inside the unpacked folder passes, and the file
names it uses are those of the descriptor.

The bytes are reproducible: entries are sorted and stamped with a fixed date, so the same
data give the same archive (and the book's download link does not change for nothing).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from . import DATA_DIR, ROOT, SEED_PATH, __version__

ARCHIVE_NAME = "battle-of-hengyang-data.zip"
DEFAULT_OUT = ROOT / "_build" / "downloads"
_STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry: no build time leaks in
_LICENCES = ("LICENSE-CONTENT.md",)

ATTRIBUTION = """\
The Battle of Hengyang, 1944: the data package of the computational essay, version {version}

Adapted from "Battle of Hengyang" by Wikipedia contributors (English Wikipedia),
https://en.wikipedia.org/wiki/Battle_of_Hengyang, licensed CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/). Narrated in new words; figures extracted
into tables, each row quoting the sentence it came from. These tables are licensed
CC BY-SA 4.0 in turn: see LICENSE-CONTENT.md.

Contents
  datapackage.json           the Frictionless descriptor: every table's schema, units, keys
  *.csv                      the tables ({n} of them)
  seeds/{seed}  the source text the quotes are checked against
  LICENSE-CONTENT.md         the licence of the data and the source
  CITATION.cff               how to cite the book and its data

Check it: frictionless validate datapackage.json
"""


def _entries(data_dir: Path, seed: Path) -> dict[str, bytes]:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r["path"] for r in descriptor["resources"]]
    entries = {"datapackage.json": (data_dir / "datapackage.json").read_bytes()}
    entries.update({path: (data_dir / path).read_bytes() for path in tables})
    entries[f"seeds/{seed.name}"] = seed.read_bytes()
    for name in _LICENCES + ("CITATION.cff",):
        source = ROOT / name
        if source.is_file():  # an installed package carries neither; a clone has both
            entries[name] = source.read_bytes()
    entries["ATTRIBUTION.txt"] = ATTRIBUTION.format(
        version=__version__, n=len(tables), seed=seed.name
    ).encode("utf-8")
    return entries


def build_data_archive(
    out_dir: Path = DEFAULT_OUT, data_dir: Path = DATA_DIR, seed: Path = SEED_PATH
) -> Path:
    """Write the data package as one zip into ``out_dir`` and return its path.

    Only files that are unchanged are left alone, so a rebuild with the same data keeps the
    file (and its modification time) as it was.

    Parameters
    ----------
    out_dir: the folder to write into (created if missing); ``_build/downloads`` by default.
    data_dir: the folder of ``datapackage.json`` and the tables it lists.
    seed: the source text, stored in the zip as ``seeds/<its name>``.

    Returns
    -------
    The path of ``battle-of-hengyang-data.zip`` in ``out_dir``. The licence and CITATION.cff
    are taken from the repository's root (left out when absent), whatever ``data_dir`` is.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ARCHIVE_NAME
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in sorted(_entries(Path(data_dir), Path(seed)).items()):
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    if target.is_file() and target.read_bytes() == partial.read_bytes():
        partial.unlink()
    else:
        partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m hengyang.archive [OUT_DIR]`` writes the zip and prints its path.

    Parameters
    ----------
    argv: the arguments (``sys.argv[1:]`` when None); the first, if any, is the output folder.

    Returns
    -------
    The exit status, 0.
    """
    args = sys.argv[1:] if argv is None else argv
    path = build_data_archive(Path(args[0]) if args else DEFAULT_OUT)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
