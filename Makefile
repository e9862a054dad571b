# Two commands do everything on a fresh machine:
#   make book   - build the HTML book into _build/html (warnings are errors)
#   make test   - build the book and its PDF, then run every test: unit, data, strict nbval, browser
# Both create .venv and install the pinned environment first. `make help` lists the rest.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
LAB_ARGS ?=
# As root (a container), JupyterLab refuses to start without --allow-root: always added then.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
CHROMIUM ?= $(or $(shell command -v chromium 2>/dev/null),/usr/bin/chromium)
export CHROMIUM
export PYTHONHASHSEED := 0
export MPLBACKEND := module://matplotlib_inline.backend_inline

NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
# Strict nbval, two workers, one notebook per worker (loadscope never splits a notebook's cells).
PYTEST := $(PY) -m pytest -n 2 --dist loadscope --nbval --nbval-current-env \
          --nbval-sanitize-with tests/sanitize.cfg

# A venv holds absolute paths (the editable install of `hengyang`, script shebangs): one built
# for another checkout (a copied or moved clone) would run that checkout's code and data.
# The stamp records the checkout it was built for; any other path rebuilds it.
ifneq ($(shell cat $(STAMP) 2>/dev/null),$(CURDIR))
VENV_ELSEWHERE := FORCE
endif

.PHONY: help book test test-fast validate rerun lab serve bench clean env check-chromium pdf data-archive FORCE

help:
	@echo "make book        build the HTML book into _build/html (validates data first; warnings are errors)"
	@echo "make test        build the book and its PDF, then every test: unit, data, strict nbval, browser (needs Chromium)"
	@echo "make test-fast   every test that needs neither the built book nor Chromium (unit, data, style, strict nbval)"
	@echo "make validate    validate the data package only: one line per problem"
	@echo "make rerun       re-execute every notebook in place (before committing a notebook)"
	@echo "make lab         JupyterLab on the notebooks; options: LAB_ARGS='--port 8890' (--allow-root added as root)"
	@echo "make serve       build, then serve the book on http://127.0.0.1:PORT (PORT=$(PORT))"
	@echo "make pdf         build, then print the whole book as one PDF: _build/pdf/battle-of-hengyang.pdf"
	@echo "make data-archive  the data package as one zip: _build/downloads/battle-of-hengyang-data.zip"
	@echo "make bench       measure builds and tests against plain execution; writes benchmarks/latest.md"
	@echo "make clean       remove _build"
	@echo "variables: PYTHON=$(PYTHON)  CHROMIUM=$(CHROMIUM)  PORT  LAB_ARGS"

env: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml $(VENV_ELSEWHERE)
	@if [ -d $(VENV) ]; then echo "rebuilding $(VENV): it was built for $$(cat $(STAMP) 2>/dev/null || echo 'another set-up')"; fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	echo "$(CURDIR)" > $@

validate: $(STAMP)
	$(PY) -m hengyang.validate

book: $(STAMP)
	$(PY) -m hengyang.build

check-chromium:
	@test -x "$(CHROMIUM)" || { echo "make test: no Chromium at '$(CHROMIUM)'; install it (apt-get install chromium) or set CHROMIUM=/path/to/chrome; 'make test-fast' runs the tests that need neither the built book nor Chromium."; exit 1; }

test: check-chromium book pdf
	$(PYTEST) tests $(NOTEBOOKS)

pdf: check-chromium book
	$(PY) -m hengyang.pdf

data-archive: validate
	$(PY) -m hengyang.archive

# Everything but the book build and the browser tests, for a quick loop while editing.
test-fast: validate
	$(PYTEST) -m "not browser and not book" tests $(NOTEBOOKS)

# Re-execute every notebook in place in the pinned environment (do this before committing).
rerun: validate
	$(PY) -m hengyang.rerun $(NOTEBOOKS)

lab: validate
	$(PY) -m pip install --quiet --disable-pip-version-check jupyterlab==4.6.6 -c constraints.txt
	$(PY) -m jupyterlab $(LAB_ROOT) $(LAB_ARGS)

# The port is checked before the build, which can take minutes.
serve: $(STAMP)
	$(PY) -m hengyang.serve --check --port $(PORT) _build/html
	$(MAKE) book
	$(PY) -m hengyang.serve --port $(PORT) _build/html

bench: $(STAMP)
	$(PY) -m hengyang.bench

clean:
	rm -rf _build
