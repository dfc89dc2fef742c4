import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from motcua.notifications.channels import Channel, Receipt, SendFailure


def message_id(key: str) -> str:
    """The same Message-ID for every attempt of one message, so that a copy sent again after
    a crash is recognised as the same letter by the receiving side."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "motcua"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class EmailChannel(Channel):
    """Email over SMTP (Django's email backend): plain text and HTML, with the official form
    of the event attached as PDF when the dossier was filed online."""

    name = "email"

    def address(self, *, user=None, dossier=None) -> str:
        if user is not None and user.email:
            return user.email
        return dossier.applicant_email if dossier is not None else ""

    def build(self, message) -> EmailMultiAlternatives:
        from motcua.notifications import attachments

        email = EmailMultiAlternatives(
            subject=" ".join(message.subject.split()),
            body=message.body,
            to=[message.address],
            headers={"Message-ID": message_id(message.key)},
        )
        email.attach_alternative(render_to_string("notifications/email.html", {"message": message}), "text/html")
        for filename, content in attachments.forms_of(message):
            email.attach(filename, content, "application/pdf")
        return email

    def transmit(self, built: EmailMultiAlternatives, message) -> Receipt:
        try:
            with get_connection(fail_silently=False) as connection:
                connection.send_messages([built])
        except smtplib.SMTPRecipientsRefused as error:
            raise SendFailure(f"SMTP refused {message.address}: {error.recipients}", permanent=True)
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailure(f"SMTP: {error}")
        return Receipt(provider_id=built.extra_headers["Message-ID"])
