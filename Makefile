# Two entry points on a fresh machine: `make lab` (JupyterLab with the extension) and `make test`.
# Both create/refresh .venv and install the Python and npm dependencies themselves.
# `make test-fast` (lint, jest, the store's unit tests) is the inner loop: about a minute.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -q
CONFIG_D := $(VENV)/etc/jupyter/jupyter_server_config.d
STAMP := $(VENV)/.installed-stamp
PORT ?= 8888
# The oldest supported JupyterLab / Notebook / jupyter_server, in a second environment (`make test-oldest`).
OLDEST_VENV := .venv-oldest
OLDEST_BIN := $(CURDIR)/$(OLDEST_VENV)/bin
OLDEST_STAMP := $(OLDEST_VENV)/.installed-stamp
OLDEST_PINS := "jupyterlab==4.2.*" "notebook==7.2.*" "jupyter_server==2.4.*"
OLDEST_PORT ?= 8898
# Workers within a suite: pytest in PYTEST_WORKERS processes (pytest-xdist; a file's tests stay in one
# process), the UI projects in UI_WORKERS browsers (one test at a time per server: playwright.config.js).
# The timing-bound tests (the `serial` marker, tests/conftest.py: servers killed and restarted, two
# servers on one store, leases and moved clocks) run in one process, never beside the UI tests.
PYTEST_WORKERS ?= 2
UI_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider --durations=15
# rfc3987-syntax, an optional backend of jsonschema's `iri` format check (jsonschema[format-nongpl],
# through nbformat and jupyter_events), builds some 35 Lark parsers when imported: 1.2 s of CPU in every
# process that imports jupyter_server (each test server, each `jupyter checkpoints` command), 70% of
# that import. No Jupyter schema uses the `iri` formats and jsonschema skips the check without it
# (jupyter-server/jupyter_server#1559, python-jsonschema/jsonschema#1428): the environments the tests
# use go without it. `$(call drop_slow_import,BIN)`, for the environment of BIN.
drop_slow_import = [ -z "$$(ls -d $(1)/../lib/python3*/site-packages/rfc3987_syntax 2>/dev/null)" ] || \
	$(1)/python -m pip uninstall --disable-pip-version-check -y -q rfc3987-syntax
# `$(call suite_time,LOG)` appends to a suite's log what scripts/test_summary.py prints beside its
# counts: the wall time, and the CPU time of the suite's processes (bash's `times` for the recipe
# shell's children, user + system; written to a file, since a builtin in a pipe or in $$(...) runs in a
# subshell and counts that subshell's children only).
suite_time = times >.test-times.$$$$; \
	echo "suite time: $${SECONDS}s cpu $$(awk 'NR==2 { t = 0; for (i = 1; i <= 2; i++) { split($$i, a, "m"); t += a[1] * 60 + a[2] } printf "%d", t }' .test-times.$$$$)s" >>$(1); \
	rm -f .test-times.$$$$

.PHONY: lab test test-fast install build lint test-js test-py test-py-parallel test-py-serial test-oldest-serial test-ui oldest-env oldest-install test-oldest test-oldest-py test-oldest-ui ui-deps chromium bench clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip

# Python deps, npm deps, an editable install whose labextension links to ./jupyterlab_checkpoints/labextension,
# and the server config (editable installs skip the wheel's shared data).
$(STAMP): $(BIN)/python pyproject.toml package.json
	$(PIP_INSTALL) "jupyterlab>=4.6,<5" hatchling hatch-jupyter-builder hatch-nodejs-version editables
	jlpm install
	$(PIP_INSTALL) --no-build-isolation -e ".[test]"
	jupyter labextension develop --overwrite .
	mkdir -p $(CONFIG_D)
	cp jupyter-config/server-config/jupyterlab_checkpoints.json $(CONFIG_D)/
	touch $(STAMP)

install: $(STAMP)
	@$(call drop_slow_import,$(BIN))

# BUILT=1: the suites `make test` runs side by side skip the build it made once.
build: install
	$(if $(BUILT),@true,jlpm build)

# Root (containers, CI machines) needs --allow-root.
lab: build
	jupyter lab --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root,)

# Chromium for the UI tests; faketime moves a test server's clock (test_tiers_server.py).
chromium:
	@{ command -v chromium && command -v faketime; } >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium faketime >/dev/null; }

# ruff, then eslint, prettier and stylelint (`jlpm lint` fixes most findings); the log's last lines say
# `lint: passed` or `lint: failed`, which the summary counts.
lint: install
	@SECONDS=0; rc=0; \
	{ $(BIN)/ruff check . && $(BIN)/ruff format --check . || rc=1; \
	  jlpm lint:check || rc=1; } >.test-lint.log 2>&1; \
	cat .test-lint.log; \
	echo "lint: $$([ $$rc = 0 ] && echo passed || echo failed)" | tee -a .test-lint.log; \
	$(call suite_time,.test-lint.log); \
	exit $$rc

test-js: install
	@SECONDS=0; rc=0; \
	jlpm jest --ci 2>&1 | tee .test-js.log || rc=1; \
	$(call suite_time,.test-js.log); \
	exit $$rc

# pytest: the tests that can share the machine, then the timing-bound ones in one process (`make test`
# runs the second part first, beside the first, and the UI tests after it). Two logs, .test-py.log and .test-py-serial.log.
test-py: install
	@rc=0; \
	$(MAKE) --no-print-directory test-py-parallel || rc=1; \
	$(MAKE) --no-print-directory test-py-serial || rc=1; \
	exit $$rc

test-py-parallel: install
	@SECONDS=0; rc=0; \
	$(PYTEST) -m "not serial" -n $(PYTEST_WORKERS) --dist loadfile 2>&1 | tee .test-py.log || rc=1; \
	$(call suite_time,.test-py.log); \
	exit $$rc

# The timing-bound files in one process (those of them marked `oldest` in the oldest environment: test-oldest-serial).
test-py-serial: install
	@SECONDS=0; rc=0; \
	$(PYTEST) -m serial -n 0 2>&1 | tee .test-py-serial.log || rc=1; \
	$(call suite_time,.test-py-serial.log); \
	exit $$rc

test-oldest-serial: oldest-install
	@SECONDS=0; rc=0; \
	$(OLDEST_BIN)/python -m pytest -q -p no:cacheprovider jupyterlab_checkpoints/tests -m "oldest and serial" -n 0 \
	  2>&1 | tee .test-oldest-py-serial.log || rc=1; \
	$(call suite_time,.test-oldest-py-serial.log); \
	exit $$rc

# The inner loop: lint, jest and the store's unit tests (the `store_unit` marker, tests/conftest.py),
# side by side; every log is summed as `make test` sums them.
test-fast: install
	@SECONDS=0; rc=0; \
	$(MAKE) --no-print-directory lint BUILT=1 >/dev/null 2>&1 & lint=$$!; \
	$(MAKE) --no-print-directory test-js BUILT=1 >/dev/null 2>&1 & js=$$!; \
	$(PYTEST) -m store_unit -n $(PYTEST_WORKERS) 2>&1 | tee .test-store.log || rc=1; \
	$(call suite_time,.test-store.log); \
	wait $$lint || rc=1; wait $$js || rc=1; \
	echo "make test-fast: $${SECONDS}s"; \
	$(BIN)/python scripts/test_summary.py .test-lint.log .test-js.log .test-store.log || rc=1; \
	exit $$rc

# Galata and Playwright for the UI tests, installed once: `make test` runs two UI suites side by side, and
# two installs in one folder at once fail.
UI_STAMP := ui-tests/node_modules/.installed-stamp
$(UI_STAMP): ui-tests/package.json $(STAMP)
	cd ui-tests && touch yarn.lock && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install >/dev/null
	touch $(UI_STAMP)

ui-deps: $(UI_STAMP)

test-ui: build chromium ui-deps
	@SECONDS=0; \
	cd ui-tests && \
	  UI_TEST_WORKERS=$(UI_WORKERS) jlpm playwright test 2>&1 | tee ../.test-ui.log; rc=$$?; \
	$(call suite_time,../.test-ui.log); \
	exit $$rc

# The README's screenshots (docs/*.png); the test command leaves them alone.
screenshots: build chromium ui-deps
	cd ui-tests && \
	  UI_TEST_SCREENSHOTS=1 jlpm playwright test --project screenshots

# The package as users install it (a wheel-style install: the prebuilt labextension, the server config),
# beside the oldest supported versions. Rebuilt when the pins or the package metadata change.
$(OLDEST_STAMP): pyproject.toml package.json Makefile
	rm -rf $(OLDEST_VENV)
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q --upgrade pip
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q "pathspec>=1.0" "google-re2>=1.1"
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q $(OLDEST_PINS) \
	  hatchling hatch-jupyter-builder hatch-nodejs-version \
	  orjson "pathspec>=0.12" cloudpickle dill numpy pandas "pytest>=7" "pytest-jupyter[server]>=0.6.0" pytest-timeout hypothesis \
	  "pytest-xdist>=3.5"
	$(call drop_slow_import,$(OLDEST_BIN))
	touch $(OLDEST_STAMP)

oldest-env: $(OLDEST_STAMP)

# The tests marked `oldest` (tests/conftest.py: those that reach jupyter_server's and JupyterLab's APIs;
# the store's own logic does not change with them) and the @smoke UI tests (Notebook 7
# preview/compare/restore cells) against the oldest environment.
# The labextension built for the newest JupyterLab is installed as is (skip-if-exists): the files users get.
# The wheel test's throw-away venv borrows this environment's packages but not JupyterLab 4.2's app
# folder, so 4.2's `labextension list` stops early there: the real install is checked here instead.
test-oldest: build chromium oldest-install
	@rc=0; \
	$(MAKE) --no-print-directory test-oldest-py OLDEST_INSTALLED=1 || rc=1; \
	$(MAKE) --no-print-directory test-oldest-serial OLDEST_INSTALLED=1 || rc=1; \
	$(MAKE) --no-print-directory test-oldest-ui OLDEST_INSTALLED=1 || rc=1; \
	exit $$rc

# The package installed into the oldest environment, as users install it (a wheel-style install: the
# prebuilt labextension, the server config); its log is the first part of .test-oldest-py.log.
# OLDEST_INSTALLED=1: `make test` installed it already, before the suites that use it run side by side.
oldest-install: build $(OLDEST_STAMP)
	@[ -z "$(OLDEST_INSTALLED)" ] || exit 0; rc=0; \
	{ $(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q --no-build-isolation --no-deps --force-reinstall . || rc=1; \
	  $(OLDEST_BIN)/jupyter lab --version | sed 's/^/JupyterLab /'; \
	  $(OLDEST_BIN)/python -c "import notebook, jupyter_server; print('Notebook', notebook.__version__, '/ jupyter_server', jupyter_server.__version__)"; \
	  $(OLDEST_BIN)/jupyter labextension list 2>&1 | grep -E "jupyterlab-checkpoints v\S+ .*enabled.*OK" || rc=1; \
	} >.test-oldest-install.log 2>&1; \
	cat .test-oldest-install.log; \
	[ $$rc = 0 ] || echo "FAILED the package's install into the oldest environment (.test-oldest-install.log)" >>.test-oldest-install.log; \
	exit $$rc

# The oldest environment's marked pytest files (after oldest-install).
test-oldest-py: oldest-install
	@SECONDS=0; rc=0; \
	$(OLDEST_BIN)/python -m pytest -q -p no:cacheprovider jupyterlab_checkpoints/tests -m "oldest and not serial" \
	  -n $(PYTEST_WORKERS) --dist loadfile \
	  --deselect jupyterlab_checkpoints/tests/test_wheel.py::test_installed_wheel_is_enabled_and_ok \
	  2>&1 | tee .test-oldest-py.log || rc=1; \
	grep -h FAILED .test-oldest-install.log >>.test-oldest-py.log; \
	$(call suite_time,.test-oldest-py.log); \
	exit $$rc

# The @smoke UI tests against the oldest environment's JupyterLab (after test-oldest-py installed the package).
test-oldest-ui: build chromium ui-deps oldest-install
	@SECONDS=0; \
	cd ui-tests && \
	  UI_TEST_OLDEST_VENV=$(CURDIR)/$(OLDEST_VENV) UI_TEST_OLDEST_PORT=$(OLDEST_PORT) \
	  jlpm playwright test 2>&1 | tee ../.test-oldest-ui.log; rc=$$?; \
	$(call suite_time,../.test-oldest-ui.log); \
	exit $$rc

# Every suite runs even when another fails; the last line sums them all (`N passed, N failed`, which
# .ci/run's callers read). The oldest environment's install runs from the start, beside the main install
# and build (it waits on the network). The machine (2 cores) is busy all along, so the order is chosen to
# leave no core idle:
# 1. the timing-bound tests (the `serial` marker: servers killed and restarted or sharing one store,
#    leases, moved clocks, kernels killed at a given moment), in both environments, one process each,
#    beside lint and jest, then beside pytest (the UI tests, beside them, made their waits run out);
# 2. once they are done, the UI projects, beside what is left of pytest (all but the timing-bound
#    tests), then the oldest environment's pytest files beside its @smoke UI tests (which mostly wait on
#    its server).
# Each suite writes its log only (.test-*.log); the summary names what failed.
test:
	@SECONDS=0; rc=0; \
	echo "make test: the timing-bound tests beside lint, jest and pytest, then the UI tests beside the rest (logs: .test-*.log)"; \
	$(MAKE) --no-print-directory oldest-env BUILT=1 >.test-oldest-env.log 2>&1 & env=$$!; \
	$(MAKE) --no-print-directory build chromium ui-deps || { wait $$env; exit 1; }; \
	echo "installed and built at $${SECONDS}s"; \
	{ $(MAKE) --no-print-directory test-py-serial BUILT=1 >/dev/null 2>&1; r=$$?; \
	  while kill -0 $$env 2>/dev/null; do sleep 1; done; \
	  $(MAKE) --no-print-directory test-oldest-serial BUILT=1 >/dev/null 2>&1 || r=1; \
	  echo "timing-bound tests done at $${SECONDS}s"; exit $$r; } & serial=$$!; \
	$(MAKE) --no-print-directory lint BUILT=1 >/dev/null 2>&1 || rc=1; \
	$(MAKE) --no-print-directory test-js BUILT=1 >/dev/null 2>&1 || rc=1; \
	echo "lint and jest done at $${SECONDS}s"; \
	{ r=0; $(MAKE) --no-print-directory test-py-parallel BUILT=1 >/dev/null 2>&1 || r=1; \
	  echo "pytest (all but the timing-bound tests) done at $${SECONDS}s"; \
	  exit $$r; } & py=$$!; \
	wait $$serial || rc=1; \
	wait $$env || { rc=1; tail -20 .test-oldest-env.log; }; \
	{ $(MAKE) --no-print-directory test-ui BUILT=1 >/dev/null 2>&1; r=$$?; echo "UI tests done at $${SECONDS}s"; exit $$r; } & ui=$$!; \
	wait $$py || rc=1; \
	$(MAKE) --no-print-directory test-oldest-ui BUILT=1 OLDEST_INSTALLED=1 >/dev/null 2>&1 & oldest_ui=$$!; \
	$(MAKE) --no-print-directory test-oldest-py BUILT=1 OLDEST_INSTALLED=1 >/dev/null 2>&1 || rc=1; \
	wait $$oldest_ui || rc=1; \
	echo "oldest environment's suites done at $${SECONDS}s"; \
	wait $$ui || rc=1; \
	echo "make test: $${SECONDS}s"; \
	$(BIN)/python scripts/test_summary.py .test-lint.log .test-js.log .test-py.log .test-py-serial.log \
	  .test-ui.log .test-oldest-py.log .test-oldest-py-serial.log .test-oldest-ui.log || rc=1; \
	exit $$rc

bench: build chromium ui-deps
	$(BIN)/python scripts/bench_store.py
	$(BIN)/python scripts/bench_history.py
	$(BIN)/python scripts/bench_depth.py
	$(BIN)/python scripts/bench_folders.py
	$(BIN)/python scripts/bench_delta_server.py
	node scripts/bench_delta_page.js

clean:
	jlpm clean:all || true
	rm -rf $(VENV) $(OLDEST_VENV) node_modules ui-tests/node_modules .test-*.log
