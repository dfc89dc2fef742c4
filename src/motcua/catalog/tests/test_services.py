from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.services import process_problems, publish_version, start_new_version
from motcua.catalog.tests.factories import ProcedureFactory, ProcedureVersionFactory

Kind = ProcessStep.Kind
Status = ProcedureVersion.Status


def rows(version: ProcedureVersion) -> dict[str, list]:
    return {
        "agencies": sorted(version.agencies.values_list("pk", flat=True)),
        "documents": list(version.documents.values_list("order", "name", "originals", "copies", "mandatory", "template")),
        "fees": list(version.fees.values_list("name", "amount", "note")),
        "steps": list(version.steps.values_list("order", "kind", "name", "role", "division_code", "quota", "transfer_level")),
    }


def row_ids(version: ProcedureVersion) -> set[tuple[str, int]]:
    return {(related, pk) for related in ("documents", "fees", "steps") for pk in getattr(version, related).values_list("pk", flat=True)}


class TestStartNewVersion:
    def test_the_draft_copies_the_version_in_force_with_all_its_rows(self, db):
        published = ProcedureVersionFactory(agencies=[AgencyFactory(), AgencyFactory()], fees=75_000)
        published.documents.filter(order=1).update(template="catalog/templates/to-khai.docx")

        draft = start_new_version(procedure=published.procedure)

        assert (draft.number, draft.status, draft.published_at) == (2, Status.DRAFT, None)
        assert (draft.name, draft.field, draft.levels, draft.form_schema) == (
            published.name, published.field, published.levels, published.form_schema
        )
        assert rows(draft) == rows(published) and len(rows(draft)["agencies"]) == 2
        # Copies, not shared rows: the published version keeps its own.
        assert row_ids(draft).isdisjoint(row_ids(published))
        published.refresh_from_db()
        assert published.status == Status.PUBLISHED

    def test_an_existing_draft_is_returned_as_it_is(self, db):
        published = ProcedureVersionFactory()
        draft = start_new_version(procedure=published.procedure)
        draft.steps.filter(order=3).update(name="Thẩm định tại chỗ")

        again = start_new_version(procedure=published.procedure)

        assert again.pk == draft.pk
        assert again.steps.get(order=3).name == "Thẩm định tại chỗ"
        assert published.procedure.versions.count() == 2

    def test_the_number_follows_the_highest_one_used(self, db):
        superseded = ProcedureVersionFactory(number=1, status=Status.SUPERSEDED)
        ProcedureVersionFactory(procedure=superseded.procedure, number=4)

        assert start_new_version(procedure=superseded.procedure).number == 5

    def test_without_copying_rows_the_draft_has_only_the_version_itself(self, db):
        published = ProcedureVersionFactory()

        draft = start_new_version(procedure=published.procedure, copy_rows=False)

        assert draft.name == published.name and draft.status == Status.DRAFT
        assert rows(draft) == {"agencies": [], "documents": [], "fees": [], "steps": []}
        assert rows(published)["steps"]

    def test_a_procedure_without_any_version_has_nothing_to_copy(self, db):
        with pytest.raises(ValidationError, match="Thủ tục chưa có phiên bản nào để sao chép."):
            start_new_version(procedure=ProcedureFactory())


class TestPublishVersion:
    def test_publishing_a_draft_supersedes_the_version_in_force(self, db):
        published = ProcedureVersionFactory()
        draft = start_new_version(procedure=published.procedure)

        result = publish_version(version=draft)

        published.refresh_from_db()
        assert published.status == Status.SUPERSEDED
        assert (result.pk, result.status) == (draft.pk, Status.PUBLISHED) and result.published_at is not None
        assert published.procedure.current_version() == draft

    def test_the_first_version_is_published_on_its_own(self, db):
        draft = ProcedureVersionFactory(status=Status.DRAFT)

        assert publish_version(version=draft).status == Status.PUBLISHED

    @pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SUPERSEDED])
    def test_only_a_draft_can_be_published(self, db, status):
        version = ProcedureVersionFactory(status=status)

        with pytest.raises(ValidationError, match="Chỉ công bố được bản nháp."):
            publish_version(version=version)

        version.refresh_from_db()
        assert version.status == status and version.published_at is None

    def test_calendar_days_may_leave_time_to_spare(self, db):
        draft = ProcedureVersionFactory(
            status=Status.DRAFT, time_unit=ProcedureVersion.TimeUnit.CALENDAR_DAYS, legal_time=Decimal("30")
        )

        assert process_problems(draft) == []
        assert publish_version(version=draft).status == Status.PUBLISHED


def _update(**values):
    return lambda version: ProcedureVersion.objects.filter(pk=version.pk).update(**values)


def _update_step(order: int, **values):
    return lambda version: version.steps.filter(order=order).update(**values)


# The factory's draft is ready (six steps adding up to 5 working days); each change breaks one rule.
PROBLEMS = {
    "no steps": (lambda version: version.steps.all().delete(), "Chưa khai báo quy trình nội bộ."),
    "first step": (_update_step(1, kind=Kind.PROCESSING), "Bước đầu tiên của quy trình phải là tiếp nhận hồ sơ."),
    "last step": (_update_step(6, kind=Kind.PROCESSING), "Bước cuối cùng của quy trình phải là trả kết quả."),
    "no approval": (_update_step(5, kind=Kind.REVIEW), "Quy trình phải có bước ký duyệt."),
    "two receptions": (_update_step(2, kind=Kind.RECEPTION), "Quy trình chỉ có một bước tiếp nhận và một bước trả kết quả."),
    "working days": (
        _update_step(3, quota=Decimal("3")),
        "Tổng thời gian các bước (5.5 ngày) phải bằng thời hạn giải quyết (5 ngày làm việc).",
    ),
    "calendar days": (
        _update(time_unit=ProcedureVersion.TimeUnit.CALENDAR_DAYS, legal_time=Decimal("4")),
        "Tổng thời gian các bước vượt thời hạn giải quyết.",
    ),
    "transfer without level": (
        _update_step(2, kind=Kind.TRANSFER),
        "2. Phân công thụ lý: Bước liên thông phải có cấp của cơ quan nhận.",
    ),
    "level without transfer": (
        _update_step(2, transfer_level=ProcedureVersion.Level.DISTRICT),
        "2. Phân công thụ lý: Chỉ bước liên thông mới có cấp cơ quan nhận.",
    ),
    "document without copies": (
        lambda version: version.documents.filter(order=1).update(originals=0),
        "Giấy tờ “Tờ khai theo mẫu” phải có ít nhất một bản chính hoặc bản sao.",
    ),
    "unknown level": (_update(levels=["tinh"]), "Cấp thực hiện phải gồm ít nhất một trong: tỉnh, huyện, xã."),
    "unknown delivery": (
        _update(deliveries=["fax"]),
        "Hình thức nhận kết quả phải gồm ít nhất một trong: trực tiếp, bưu chính, trực tuyến.",
    ),
    "bad form": (
        _update(form_schema={"fields": [{"name": "a", "label": "A", "type": "select"}]}),
        "Trường “a” cần danh sách lựa chọn.",
    ),
    "no agencies": (lambda version: version.agencies.clear(), "Chưa chọn cơ quan thực hiện."),
}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_draft_with_a_problem_is_refused_with_its_message(db, problem):
    published = ProcedureVersionFactory()
    draft = ProcedureVersionFactory(procedure=published.procedure, number=2, status=Status.DRAFT)
    assert process_problems(draft) == []
    change, message = PROBLEMS[problem]
    change(draft)
    draft.refresh_from_db()

    with pytest.raises(ValidationError) as refusal:
        publish_version(version=draft)

    assert refusal.value.messages == [message]
    assert process_problems(draft) == [message]
    assert list(published.procedure.versions.values_list("number", "status")) == [
        (2, Status.DRAFT),
        (1, Status.PUBLISHED),
    ]
