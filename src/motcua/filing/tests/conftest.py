import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.tests.conftest import World
from motcua.filing.models import Draft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(content: bytes = PDF, name: str = "giay-to.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class Filing(World):
    """The dossier tests' world, with a citizen who has a complete profile and a browser."""

    def __init__(self):
        super().__init__()
        self.citizen.national_id = "074190000123"
        self.citizen.phone = "0912345678"
        self.citizen.address = "12 Yersin, Phú Cường"
        self.citizen.email = "lan@example.vn"
        self.citizen.save()
        self.code = self.version.procedure.code
        self.required, self.optional = self.version.documents.all()

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def draft_at(self, step: int, user=None, **data) -> Draft:
        """A draft of `user` (the citizen) that has reached `step`, with valid earlier steps."""
        user = user or self.citizen
        values = {
            "applicant": {
                "applicant_name": "Trần Thị Lan", "applicant_id_number": "074190000123", "applicant_address": "12 Yersin",
                "applicant_phone": "0912345678", "applicant_email": "", "representative": "",
            },
            "form": {"noi_dung": "Cấp bản sao"},
            "delivery": "counter",
        }
        return Draft.objects.create(
            applicant=user, procedure_version=self.version, agency=self.commune, step=step, data={**values, **data}
        )


@pytest.fixture
def filing(db) -> Filing:
    return Filing()


@pytest.fixture
def client_of(filing):
    return filing.client_for
