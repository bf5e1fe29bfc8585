# make book   — set up .venv (pinned requirements) and MathJax, build the site into _build/html
# make test   — same set-up, then ruff, helper tests, nbval over every notebook, the
#               reproducibility check, the book build and the browser tests (a timing line each)
# make serve  — serve _build/html on http://127.0.0.1:8000
# make lab    — JupyterLab on the project's environment, to run the chapters locally
# make notebooks — re-execute every notebook in place (after an intended change), reproducibly
# make compat — the helpers and their tests on a second Python (PY313), with only what they need

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
NB ?= notebooks/*.ipynb
# Tests of the book itself (site, notebooks, claims registry, tooling) live in code/tests/book/:
# they need the full requirements.txt.
BOOK_TESTS := code/tests/book

.PHONY: book test serve lab notebooks reproducible check-reproducible lint unit nbval site-test \
	compat clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# From the npm registry (package-lock.json): mathjax-full, which draws the maths as SVG while
# the site is built (book/_ext/math_svg.py; pages need no script for it), purgecss, which cuts
# the site's one stylesheet to the rules its pages use (book/_ext/light_pages.py), axe-core and
# lighthouse (the browser tests' accessibility scan and speed check). Nothing is served from npm.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NPM_STAMP)

book: $(STAMP) $(NPM_STAMP)
	rm -rf _build/html
	$(BIN)/jupyter-book build . --builder html --warningiserror --keep-going

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not jupyterlab" -n 2

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg \
	  -n 2 --dist loadfile -p no:cacheprovider notebooks/ -o testpaths=notebooks -o addopts="" \
	  -o filterwarnings=""

# Execute every notebook once more, with another hash seed than the stored run: every text output
# must be the stored one exactly, every figure within the pixel tolerance (tools/execute_notebooks.py).
reproducible: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py --check $(NB)
check-reproducible: reproducible

# Depends on `book`, so it never tests a stale site.
site-test: book
	$(BIN)/python -m pytest -m "browser or jupyterlab" -rs -n 2

# One line per stage, with its time.
test: $(STAMP) $(NPM_STAMP)
	@for stage in lint unit nbval reproducible site-test; do \
	  start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$stage || exit 1; \
	  echo "== make $$stage: $$(( $$(date +%s) - start )) s"; \
	done

# The helpers and their tests on a second Python (3.13): a venv of its own with only the
# packages requirements-helpers.in names, at requirements.txt's versions (its pins, without the
# `-e .` line pip does not take as a constraint), without the book's tests.
PY313 ?= python3.13
VENV313 := .venv-3.13
STAMP313 := $(VENV313)/.installed
$(STAMP313): requirements-helpers.in requirements.txt pyproject.toml
	test -x $(VENV313)/bin/python || $(PY313) -m venv $(VENV313)
	grep -v '^-e' requirements.txt >$(VENV313)/constraints.txt
	$(VENV313)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -c $(VENV313)/constraints.txt -r requirements-helpers.in
	touch $(STAMP313)

compat: $(STAMP313)
	$(VENV313)/bin/python -m pytest -m "not browser and not jupyterlab" -n 2 -p no:cacheprovider \
	  --ignore=$(BOOK_TESTS)

serve:
	$(PYTHON) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# The project's own kernel first (JUPYTER_PREFER_ENV_PATH), with .venv/bin on the PATH.
# (Jupyter refuses to run as root without --allow-root: containers and CI run as root.)
LAB_OPTS ?=
lab: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" JUPYTER_PREFER_ENV_PATH=1 \
	  $(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root) \
	  $(LAB_OPTS)

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

clean:
	rm -rf _build
