from datetime import timedelta

import pytest

from motcua.accounts.models import Role
from motcua.citizens.tests.smtp import smtp_server
from motcua.dossiers import lifecycle, services
from motcua.dossiers.tests.conftest import MONDAY_MORNING, world  # noqa: F401  (fixture)
from motcua.notifications.tests.providers import configure, provider_servers

HOUR = timedelta(hours=1)


@pytest.fixture
def providers(settings, db):
    from motcua.notifications.models import MessageTemplate

    # ZNS sends only templates Zalo approved: the province records their ids on its templates.
    for template in MessageTemplate.objects.filter(channel="zalo"):
        template.zns_template_id = f"zns-{template.topic}"
        template.save(update_fields=["zns_template_id"])
    with provider_servers() as running:
        configure(settings, running)
        yield running


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def file_online(place, *, at=MONDAY_MORNING):
    """Trần Thị Lan files online from her account (email and phone on it)."""
    citizen = place.citizen
    citizen.email, citizen.phone = "lan@example.vn", "0912345678"
    citizen.save(update_fields=["email", "phone"])
    return services.submit_online(
        actor=citizen,
        procedure_version=place.version,
        agency=place.commune,
        applicant=place.applicant(),
        form_data={"noi_dung": "Cấp bản sao"},
        documents=place.documents(file=pdf_upload()),
        delivery="post",
        at=at,
    )


def receive_online(place):
    dossier = file_online(place)
    return lifecycle.receive(dossier=dossier, actor=place.staff[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
