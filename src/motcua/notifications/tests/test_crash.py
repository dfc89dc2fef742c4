"""A worker killed with SIGKILL in the middle of a batch: after a restart every message is
delivered exactly once.

Everything runs as in production: its own database (a SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL), `manage.py send_messages` as a separate
process, a real SMTP server and the eSMS-speaking gateway on loopback. The gateway takes
the eighth SMS and holds its answer; the worker is killed then, so it never learns that the
SMS went out. The restarted worker claims that message again once its lease has run out and
sends it under the same RequestId, which the gateway recognises: the person gets it once.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings

from motcua.citizens.tests.smtp import Inbox
from motcua.notifications.tests.providers import API_KEY, SECRET_KEY, provider_servers
from motcua.tests.processes import MANAGE, ROOT, database_url, free_port, manage, shell_json

COUNT = 12  # of each channel

CREATE = """
from django.utils import timezone
from motcua.notifications.models import Message
now = timezone.now()
for i in range({count}):
    for channel, address in (("sms", "09{{:08d}}".format(i)), ("email", "nguoi{{}}@example.vn".format(i))):
        Message.objects.create(key="crash:{{}}:{{}}".format(i, channel), topic="status_unknown", channel=channel,
            address=address, subject="Thu {{}}".format(i), body="Tin so {{}}".format(i), next_attempt_at=now, created_at=now)
"""

REPORT = """
import json
from motcua.notifications.models import Message
print(json.dumps({m.key: [m.state, m.attempts] for m in Message.objects.filter(key__startswith="crash:")}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_worker_killed_mid_batch_delivers_every_message_exactly_once(tmp_path):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    url, drop = database_url(tmp_path)
    try:
        with provider_servers() as providers:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT / "src"),
                "DJANGO_SETTINGS_MODULE": "motcua.conf.settings",
                "DATABASE_URL": url,
                "MOTCUA_VAR_DIR": str(tmp_path / "var"),
                "NOTIFY_CHANNELS": "sms,email",
                "NOTIFY_FILE_DIR": "",
                "SMS_GATEWAY_URL": providers.url + "/esms/",
                "SMS_API_KEY": API_KEY,
                "SMS_SECRET_KEY": SECRET_KEY,
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp.port),
                "PUBLIC_URL": django_settings.PUBLIC_URL,
            }
            manage(env, "migrate", "--no-input", "-v0")
            manage(env, "shell", "-c", CREATE.format(count=COUNT))
            providers.hold_sms_after = 7
            worker = subprocess.Popen(
                [sys.executable, MANAGE, "send_messages", "--no-reminders", "--lease", "2", "--interval", "0.2"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                assert providers.holding.wait(60), "the worker never reached the eighth SMS"
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
            finally:
                if worker.poll() is None:
                    worker.kill()
            providers.release.set()
            states_after_kill = shell_json(env, REPORT)
            assert Counter(state for state, _attempts in states_after_kill.values())["sending"] == 1
            assert len(providers.sms) == 8 and len(inbox.messages) < COUNT  # killed mid-batch
            time.sleep(2.5)  # the dead worker's lease runs out
            manage(env, "send_messages", "--once", "--no-reminders", "--lease", "2", timeout=120)
            states = shell_json(env, REPORT)
    finally:
        smtp.stop()
        drop()

    assert len(states) == 2 * COUNT and {state for state, _attempts in states.values()} == {"sent"}
    # Each SMS reached the gateway's sending once; the one in flight was asked for twice.
    assert len(providers.sms) == COUNT and set(providers.sent_request_ids().values()) == {1}
    assert len(providers.sms_requests) == COUNT + 1
    # Each letter arrived once.
    ids = Counter(message["Message-ID"] for message in inbox.messages)
    assert len(ids) == COUNT and set(ids.values()) == {1}
    assert sorted(message["To"] for message in inbox.messages) == sorted(f"nguoi{i}@example.vn" for i in range(COUNT))
