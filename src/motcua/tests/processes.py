"""Running MotCua as separate processes from a test, the way it runs in production: a
database of the test's own and `manage.py` commands against it."""

import json
import os
import secrets
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MANAGE = str(ROOT / "manage.py")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(tmp_path) -> tuple[str, Callable[[], None]]:
    """A SQLite file in `tmp_path`, or a fresh PostgreSQL database when DATABASE_URL points
    at PostgreSQL; with the function that drops it again."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'crash.sqlite3'}", lambda: None
    import psycopg

    name = f"motcua_crash_{uuid.uuid4().hex[:8]}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(base + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def production_environ(**variables: str) -> dict[str, str]:
    """The environment of a process started as production: the test run's, less its demo
    switch (conf/testing.py), with DEBUG off, a secret key of its own and the real payment
    gateway, so that the process passes the start-up guard (conf/settings.py) as a
    deployment must; then `variables`."""
    environ = {name: value for name, value in os.environ.items() if name != "MOTCUA_DEMO"}
    return {**environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "PAYMENT_GATEWAY": "vnpay", **variables}


def manage(env, *args, check=True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, cwd=ROOT, check=check, capture_output=True, text=True, **kwargs
    )


def shell_json(env, script: str, **kwargs):
    """Run `script` in `manage.py shell` and read the JSON it prints last."""
    return json.loads(manage(env, "shell", "-c", script, **kwargs).stdout.strip().splitlines()[-1])
