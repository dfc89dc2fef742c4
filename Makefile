# Two commands set everything up on a fresh machine with Python 3.11:
#   make run   – install, migrate, load the demo province, start the web server, a task worker,
#                the notification sender (messages written to var/outbox/ instead of sent) and the
#                national portal sync, reporting to a stand-in portal started beside it
#   make test  – install the test dependencies and run the whole suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := motcua.conf.settings

.PHONY: run test install install-test migrate demo messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The page checks of the browser tests (axe-core, the Nu HTML checker): pinned in
# tests/tools/package-lock.json, installed again whenever the lock file changes.
TOOLS := tests/tools
# Without npm the page checks are skipped (or fail under MOTCUA_REQUIRE_BROWSER=1), as the
# browser tests are without Chromium. vnu-jar's own install script only looks for Java: skipped.
$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(TOOLS) && npm ci --no-audit --no-fund --ignore-scripts && touch node_modules/.installed; \
	else echo "npm không có: bỏ qua axe-core và vnu.jar (kiểm tra trang sẽ bị bỏ qua)"; fi

# Sign-in with the national e-ID (VNeID): the stand-in provider (oidc-provider, pinned in its
# package-lock.json) for the tests and the demo. Without npm, its tests are skipped (or fail
# under MOTCUA_REQUIRE_BROWSER=1) and `make run` goes without the VNeID button.
VNEID_STANDIN := src/motcua/eid/standin
VNEID_PORT ?= 8011
$(VNEID_STANDIN)/node_modules/.installed: $(VNEID_STANDIN)/package.json $(VNEID_STANDIN)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(VNEID_STANDIN) && npm ci --no-audit --no-fund --ignore-scripts && touch node_modules/.installed; \
	else echo "npm không có: bỏ qua máy chủ VNeID thử nghiệm"; fi

install-test: $(VENV)/.installed-test $(TOOLS)/node_modules/.installed $(VNEID_STANDIN)/node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

# The demo runs with the published SECRET_KEY and the sandbox bank, which stop any process
# but the demo at start-up (MOTCUA_DEMO); so do the commands that work on its database.
migrate demo run messages: export MOTCUA_DEMO ?= true

# The address the server is started on is the one printed in QR codes and links, unless
# PUBLIC_URL says otherwise (settings derive it from HOST and PORT).
run: export HOST := $(HOST)
run: export PORT := $(PORT)

# Single sign-on: the demo creates the first key that signs ID tokens for other systems.
demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rotate_oidc_keys --if-none

# Population database look-up and prefill: the demo asks the stand-in database (test
# credentials made once under var/population/), started beside the web server.
POPULATION_PORT ?= 8444
POPULATION_DIR := var/population
# The stand-in's test credentials exist before anything starts: the system checks of every
# command the demo runs look for the files these variables name.
$(POPULATION_DIR)/client.pem: | install
	$(BIN)/python -c 'from pathlib import Path; from motcua.population.standin import pki; pki.ensure(Path("$(POPULATION_DIR)"))'
run: export POPULATION_CONNECTOR ?= signed_https
run: export POPULATION_URL ?= https://127.0.0.1:$(POPULATION_PORT)/v1/persons/lookup
run: export POPULATION_CA ?= $(POPULATION_DIR)/ca.pem
run: export POPULATION_CLIENT_CERT ?= $(POPULATION_DIR)/client.pem
run: export POPULATION_CLIENT_KEY ?= $(POPULATION_DIR)/client-key.pem
run: export POPULATION_SIGNING_KEY ?= $(POPULATION_DIR)/signing-key.pem
run: export POPULATION_SIGNING_KEY_ID ?= motcua-test

# The demo sends nothing out: every email, SMS and Zalo message is written to var/outbox/.
run: export NOTIFY_FILE_DIR ?= var/outbox
# … and the national portal it reports every dossier to is the stand-in started beside it.
PORTAL_PORT ?= 8012
run: export NATIONAL_PORTAL_URL ?= http://127.0.0.1:$(PORTAL_PORT)/dvcqg/
run: export NATIONAL_PORTAL_AUTH_URL ?= http://127.0.0.1:$(PORTAL_PORT)/dvcqg/auth
run: export NATIONAL_PORTAL_USERNAME ?= motcua-demo
run: export NATIONAL_PORTAL_PASSWORD ?= mat-khau-thu-nghiem
run: export NATIONAL_PORTAL_AGENCY_CODE ?= 000.00.00.H56
# The demo's "Đăng nhập bằng VNeID" signs in at the stand-in provider on VNEID_PORT.
run: export EID_ISSUER ?= $(if $(wildcard $(VNEID_STANDIN)/node_modules/oidc-provider),http://127.0.0.1:$(VNEID_PORT))
run: export EID_CLIENT_ID ?= motcua
run: export EID_CLIENT_SECRET ?= motcua-standin-secret
run: export EID_STANDIN ?= true
run: $(POPULATION_DIR)/client.pem demo $(VNEID_STANDIN)/node_modules/.installed
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py demo_accounts --address http://$(HOST):$(PORT)/
	@trap 'kill $$worker $$sender $$portal $$syncer $$population $$vneid 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m motcua.nationalportal.standin --port $(PORTAL_PORT) & portal=$$!; \
	if [ -n "$$EID_ISSUER" ]; then (cd $(VNEID_STANDIN) && RP_BASE_URL=http://$(HOST):$(PORT) CLIENT_ID=$$EID_CLIENT_ID \
		CLIENT_SECRET=$$EID_CLIENT_SECRET VNEID_PORT=$(VNEID_PORT) exec node server.mjs) & vneid=$$!; fi; \
	$(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	$(BIN)/python manage.py send_messages & sender=$$!; \
	$(BIN)/python manage.py sync_national_portal & syncer=$$!; \
	$(BIN)/python manage.py population_standin --port $(POPULATION_PORT) --folder $(POPULATION_DIR) & population=$$!; \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# The suite runs in TEST_WORKERS processes (most of its time is spent waiting on browsers,
# servers and databases, not computing); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 3
test: install-test
	$(BIN)/ruff check src benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Re-extract the interface strings into the English catalog and compile it; translate the
# new entries in src/motcua/locale/en/LC_MESSAGES/django.po, then run it again.
messages: install
	cd src/motcua && ../../$(BIN)/python -m django makemessages -l en --no-obsolete --add-location=file \
		--ignore 'tests/*' --ignore '*/tests/*' --ignore 'tests_browser/*'
	cd src/motcua && ../../$(BIN)/python -m django compilemessages

clean:
	rm -rf $(VENV) var $(TOOLS)/node_modules $(VNEID_STANDIN)/node_modules
