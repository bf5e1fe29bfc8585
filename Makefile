# make book   — set up .venv (pinned requirements) and MathJax, build the site into _build/html
# make test   — same set-up, then ruff, helper tests, nbval over every notebook, book build, browser tests
# make serve  — serve _build/html on http://127.0.0.1:8000
# make notebooks — re-execute every notebook in place (after an intended change), reproducibly

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MATHJAX := book/vendor/mathjax
NB ?= notebooks/*.ipynb
export PYTHONHASHSEED := 0

.PHONY: book test serve notebooks check-reproducible lint unit nbval site-test compat clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# MathJax 3 from the npm registry, served by the site itself (never a CDN, never committed).
$(MATHJAX)/tex-chtml.js: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(MATHJAX) && mkdir -p $(MATHJAX)
	cd node_modules/mathjax/es5 && cp -r tex-chtml.js input output ui a11y adaptors $(CURDIR)/$(MATHJAX)/

book: $(STAMP) $(MATHJAX)/tex-chtml.js
	rm -rf _build/html
	$(BIN)/jupyter-book build . --builder html --warningiserror --keep-going

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" -n 2

nbval: $(STAMP)
	@start=$$(date +%s); \
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg \
	  -n 2 --dist loadfile -p no:cacheprovider notebooks/ -o testpaths=notebooks -o addopts="" \
	  -o filterwarnings="" ; rc=$$?; \
	echo "nbval: all notebooks re-executed in $$(( $$(date +%s) - start )) s"; exit $$rc

# -rs prints the reason in full when the browser tests are skipped (no chromium).
site-test: $(STAMP)
	$(BIN)/python -m pytest -m browser -rs

test: lint unit nbval book site-test

# The helpers and their tests on a second Python (3.13): a venv of its own, same pins.
PY313 ?= python3.13
VENV313 := .venv-3.13
compat:
	test -x $(VENV313)/bin/python || $(PY313) -m venv $(VENV313)
	$(VENV313)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV313)/bin/python -m pytest -m "not browser" -n 2

serve:
	$(PYTHON) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

check-reproducible: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py --check $(NB)

clean:
	rm -rf _build
