from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, PostalAgentFactory, official_with_role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory, DivisionFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import STANDARD_STEPS, Kind, ProcedureVersionFactory
from motcua.dossiers import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


# Monday 2 March 2026, 08:00: an ordinary working morning well away from holidays.
MONDAY_MORNING = vn(2026, 3, 2, 8, 0)


class World:
    """A district with one commune, staffed with one official per role at each."""

    def __init__(self):
        self.district = AgencyFactory(code="000.01.00.H56", name="UBND thành phố Thủ Dầu Một", short_name="TDM", level=Agency.Level.DISTRICT)
        self.commune = AgencyFactory(
            code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", level=Agency.Level.COMMUNE, parent=self.district
        )
        self.other_commune = AgencyFactory(
            code="000.01.02.H56", name="UBND phường Hiệp Thành", short_name="HT", level=Agency.Level.COMMUNE, parent=self.district
        )
        for agency in (self.district, self.commune, self.other_commune):
            DivisionFactory(agency=agency, code="chuyen-mon", name="Bộ phận chuyên môn")
        self.staff = {role: official_with_role(self.commune, role, username=f"pc.{role}") for role in Role.values}
        self.district_staff = {role: official_with_role(self.district, role, username=f"tdm.{role}") for role in Role.values}
        self.stranger = {role: official_with_role(self.other_commune, role, username=f"ht.{role}") for role in Role.values}
        self.citizen = CitizenFactory(username="congdan", full_name="Trần Thị Lan")
        self.postman = PostalAgentFactory(username="buudien", full_name="Lê Văn Bưu")
        self.version = ProcedureVersionFactory(procedure__owner=self.commune, agencies=[self.commune])
        transfer_steps = [*STANDARD_STEPS[:3], (Kind.TRANSFER, "Liên thông lên huyện", Role.HANDLER, "chuyen-mon", "1"), *STANDARD_STEPS[3:]]
        self.transfer_version = ProcedureVersionFactory(
            procedure__owner=self.commune, agencies=[self.commune], steps=transfer_steps, legal_time="6"
        )

    def applicant(self, **changes) -> services.ApplicantInfo:
        values = {"name": "Trần Thị Lan", "id_number": "074190000123", "phone": "0912345678", "address": "12 Yersin, Phú Cường"}
        return services.ApplicantInfo(**{**values, **changes})

    def documents(self, version: ProcedureVersion | None = None, **kwargs) -> list[services.DocumentInput]:
        version = version or self.version
        return [
            services.DocumentInput(required_document=d, originals=d.originals, copies=d.copies, **kwargs)
            for d in version.documents.all()
        ]

    def receive(
        self, version: ProcedureVersion | None = None, at: datetime = MONDAY_MORNING, delivery="counter",
        applicant: services.ApplicantInfo | None = None, **changes,
    ):
        version = version or self.version
        return services.receive_at_counter(
            actor=self.staff[Role.RECEPTION],
            procedure_version=version,
            agency=self.commune,
            applicant=applicant or self.applicant(),
            form_data={"noi_dung": "Cấp bản sao"},
            documents=self.documents(version),
            delivery=delivery,
            at=at,
            **changes,
        )


@pytest.fixture
def world(db) -> World:
    return World()
