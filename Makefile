# Two commands do everything on a fresh machine:
#   make book   - build the HTML book into _build/html (warnings are errors)
#   make test   - build the book, then run every test: unit, data, strict nbval, browser
# Both create .venv and install the pinned environment first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONHASHSEED := 0
export MPLBACKEND := module://matplotlib_inline.backend_inline

NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
# Strict nbval, two workers, one notebook per worker (loadscope never splits a notebook's cells).
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadscope --nbval --nbval-current-env \
          --nbval-sanitize-with tests/sanitize.cfg

.PHONY: book test test-fast rerun lab serve bench clean env pdf data-archive

env: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	# The notebooks import the local package `hengyang`; a .pth file puts the repo on the path.
	$(BIN)/python -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'hengyang-book.pth').write_text('$(CURDIR)\n')"
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

test: book pdf
	$(PYTEST) tests $(NOTEBOOKS)

# The whole book as one PDF (_build/pdf/battle-of-hengyang.pdf), printed offline by Chromium.
pdf: book
	$(BIN)/python -m hengyang.pdf

# The data package as one zip (_build/downloads/battle-of-hengyang-data.zip; the book build makes it too).
data-archive: $(STAMP)
	$(BIN)/python -m hengyang.archive

# Everything but the book build and the browser tests, for a quick loop while editing.
test-fast: $(STAMP)
	$(PYTEST) -m "not browser" tests $(NOTEBOOKS)

# Re-execute every notebook in place in the pinned environment (do this before committing).
rerun: $(STAMP)
	$(BIN)/python -m hengyang.rerun $(NOTEBOOKS)

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab==4.6.6 -c constraints.txt
	$(BIN)/jupyter lab

serve: book
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

bench: $(STAMP)
	$(BIN)/python -m hengyang.bench

clean:
	rm -rf _build
