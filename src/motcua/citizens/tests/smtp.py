"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, with Django's SMTP backend pointed
at it, so a test sees exactly the bytes a mail server would receive."""

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from motcua.tests.processes import free_port


class Inbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def body(self, index: int = -1) -> str:
        return self.messages[index].get_body(("plain",)).get_content()


@contextmanager
def smtp_server(settings) -> Iterator[Inbox]:
    """Run the server for the duration of the block, with `settings` (pytest-django's
    fixture) sending Django's mail to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
