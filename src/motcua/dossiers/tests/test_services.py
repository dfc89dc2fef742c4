"""Creating dossiers: every bad input is refused in Vietnamese and nothing is written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import CodeSequence, Dossier, DossierDocument, DossierEvent, State
from motcua.dossiers.tests.conftest import MONDAY_MORNING, vn


def nothing_written():
    return (Dossier.objects.count(), DossierDocument.objects.count(), DossierEvent.objects.count()) == (0, 0, 0)


def receive(world, **changes):
    values = dict(
        actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune,
        applicant=world.applicant(), form_data={"noi_dung": "Cấp bản sao"}, documents=world.documents(),
        delivery=ProcedureVersion.Delivery.COUNTER, at=MONDAY_MORNING,
    )
    return services.receive_at_counter(**{**values, **changes})


class TestReceiveAtCounter:
    def test_stores_dossier_documents_fee_and_first_event(self, world):
        dossier = receive(world)
        assert dossier.state == State.RECEIVED
        assert dossier.fee_due == 50_000 and dossier.fee_outstanding == 50_000
        assert [d.name for d in dossier.documents.all()] == ["Tờ khai theo mẫu", "Giấy tờ chứng minh nơi cư trú"]
        assert dossier.form_data == {"noi_dung": "Cấp bản sao"}
        event = dossier.events.get()
        assert (event.action, event.from_state, event.to_state, event.actor) == (
            "receive", State.SUBMITTED, State.RECEIVED, world.staff[Role.RECEPTION]
        )
        assert list(dossier.involved_agencies.all()) == [world.commune]

    def test_promise_counts_working_days_from_receipt(self, world):
        dossier = receive(world)
        assert dossier.clock_started_at == MONDAY_MORNING
        assert dossier.promised_at == vn(2026, 3, 9, 8, 0)
        assert dossier.step_due_at == vn(2026, 3, 2, 13, 30)  # half a day (4h): 3h30 before lunch, 30 min after

    def test_after_the_cut_off_counting_starts_next_morning(self, world):
        dossier = receive(world, at=vn(2026, 3, 6, 15, 30))  # Friday after 15:00
        assert dossier.clock_started_at == vn(2026, 3, 9, 7, 30)
        assert dossier.promised_at == vn(2026, 3, 13, 17, 0)  # five whole working days: the end of Friday

    def test_promise_skips_tet(self, world):
        # Thursday 12 Feb 2026 8:00 + 5 working days: Thu 12, Fri 13, then Tết and the weekends
        # (14–22 Feb), then Mon 23, Tue 24, Wed 25 … ending Thu 26 Feb at 8:00.
        dossier = receive(world, at=vn(2026, 2, 12, 8, 0))
        assert dossier.promised_at == vn(2026, 2, 26, 8, 0)

    def test_calendar_day_procedure_ending_on_a_weekend_moves_to_next_working_day(self, world):
        ProcedureVersion.objects.filter(pk=world.version.pk).update(time_unit=ProcedureVersion.TimeUnit.CALENDAR_DAYS)
        world.version.refresh_from_db()
        dossier = receive(world, at=vn(2026, 3, 2, 8, 0))  # Monday + 5 days = Saturday
        assert dossier.promised_at == vn(2026, 3, 9, 17, 0)

    def test_only_the_desk_of_that_agency_receives(self, world):
        for actor in (world.staff[Role.HANDLER], world.stranger[Role.RECEPTION], world.citizen):
            with pytest.raises(Refused):
                receive(world, actor=actor)
        assert nothing_written()

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"applicant": {"name": " "}}, "applicant_name", "họ tên"),
            ({"applicant": {"id_number": "12345"}}, "applicant_id_number", "Số định danh"),
            ({"applicant": {"phone": "12ab"}}, "applicant_phone", "điện thoại"),
            ({"applicant": {"email": "khong-hop-le"}}, "applicant_email", "thư điện tử"),
            ({"delivery": "online"}, "delivery", "hình thức"),
            ({"form_data": {}}, "noi_dung", "bắt buộc"),
            ({"form_data": "not a dict"}, "form_data", "tập trường"),
            ({"documents": []}, "documents", "Thiếu giấy tờ bắt buộc: Tờ khai theo mẫu"),
        ],
    )
    def test_bad_input_is_refused_with_its_reason(self, world, changes, field, message):
        if "applicant" in changes:
            changes = {"applicant": world.applicant(**changes["applicant"])}
        with pytest.raises(ValidationError) as caught:
            receive(world, **changes)
        assert message in " ".join(caught.value.message_dict[field])
        assert nothing_written()
        assert not CodeSequence.objects.filter(last_number__gt=0).exists()

    def test_a_document_of_another_procedure_is_refused(self, world):
        foreign = world.transfer_version.documents.first()
        documents = [*world.documents(), services.DocumentInput(required_document=foreign, originals=1)]
        with pytest.raises(ValidationError) as caught:
            receive(world, documents=documents)
        assert "không thuộc thủ tục này" in caught.value.message_dict["documents"][0]
        assert nothing_written()

    def test_agency_that_does_not_carry_the_procedure(self, world):
        with pytest.raises(ValidationError) as caught:
            receive(world, agency=world.other_commune, actor=world.stranger[Role.RECEPTION])
        assert "không thực hiện thủ tục này" in caught.value.messages[0]
        assert nothing_written()

    def test_superseded_version_is_refused(self, world):
        ProcedureVersion.objects.filter(pk=world.version.pk).update(status=ProcedureVersion.Status.SUPERSEDED)
        world.version.refresh_from_db()
        with pytest.raises(ValidationError, match="không còn áp dụng"):
            receive(world)
        assert nothing_written()

    def test_online_channel_is_not_a_counter_channel(self, world):
        with pytest.raises(ValidationError, match="trực tiếp hoặc bưu chính"):
            receive(world, channel="online")


class TestSubmitOnline:
    def submit(self, world, **changes):
        from django.core.files.base import ContentFile

        values = dict(
            actor=world.citizen, procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
            form_data={"noi_dung": "Cấp bản sao"},
            documents=world.documents(file=ContentFile(b"%PDF-1.4\n", name="a.pdf")),
            delivery=ProcedureVersion.Delivery.POST, at=MONDAY_MORNING,
        )
        return services.submit_online(**{**values, **changes})

    def test_files_are_required_online(self, world):
        with pytest.raises(ValidationError, match="chưa đính kèm tệp"):
            self.submit(world, documents=world.documents())
        assert nothing_written()

    def test_only_applicants_file_online_and_the_dossier_is_the_filing_accounts(self, world):
        with pytest.raises(Refused):
            self.submit(world, actor=world.staff[Role.RECEPTION])
        assert nothing_written()
        assert self.submit(world).applicant == world.citizen

    def test_counter_only_procedure_cannot_be_filed_online(self, world):
        ProcedureVersion.objects.filter(pk=world.version.pk).update(online_mode=ProcedureVersion.OnlineMode.COUNTER)
        world.version.refresh_from_db()
        with pytest.raises(ValidationError, match="chỉ nộp trực tiếp"):
            self.submit(world)
        assert nothing_written()

    def test_submitted_dossier_belongs_to_the_applicant(self, world):
        dossier = self.submit(world)
        assert dossier.applicant == world.citizen and dossier.channel == "online"
        assert dossier.events.get().action == "submit"
        assert dossier.fee_due == int(Decimal("50000"))


def test_a_fee_quantity_left_out_is_asked_for_and_nothing_is_filed(world):
    """Filing stores what the fee rules give; a quantity they need and the form left optional
    must be declared, with a message on its field."""
    from motcua.catalog.models import Fee

    version = world.version
    version.form_schema = {"fields": [{"name": "so_ban", "label": "Số bản sao", "type": "number"}]}
    version.save()
    version.fees.update(amount=8000, unit=Fee.Unit.COPY, copies_field="so_ban")
    common = {
        "actor": world.staff[Role.RECEPTION], "procedure_version": version, "agency": world.commune,
        "applicant": world.applicant(), "documents": world.documents(), "delivery": "counter",
    }
    with pytest.raises(ValidationError) as caught:
        services.receive_at_counter(form_data={}, **common)
    assert caught.value.message_dict == {"so_ban": ["Số bản sao: cần khai để tính “Lệ phí”."]}
    assert not Dossier.objects.exists()
    assert services.receive_at_counter(form_data={"so_ban": "3"}, **common).fee_due == 24_000
