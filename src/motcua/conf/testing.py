"""The test suite's switch, loaded by pytest before pytest-django reads the settings
(pyproject.toml: ``addopts = "-p motcua.conf.testing"``; a conftest.py is read too late).

The suite runs the demo's configuration, the published SECRET_KEY and the sandbox payment
gateway with DEBUG off, which only the demo may start with (conf/settings.py). A process
that a test starts as production sets its own environment (tests/processes.py).
"""

import os

os.environ.setdefault("MOTCUA_DEMO", "true")
