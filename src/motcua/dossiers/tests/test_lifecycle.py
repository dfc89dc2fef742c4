"""Every transition of the dossier lifecycle: the way through, and each refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import verified
from motcua.catalog.models import ProcessStep
from motcua.dossiers import lifecycle
from motcua.dossiers.lifecycle import NATIONAL_STATUS, TRANSITIONS
from motcua.dossiers.models import Dossier, DossierEvent, State, Timing
from motcua.dossiers.tests.conftest import MONDAY_MORNING, vn

Kind = ProcessStep.Kind
HOUR = timedelta(hours=1)


def later(dossier: Dossier, hours: float = 1):
    last = dossier.events.order_by("-sequence").first().at
    return last + timedelta(hours=hours)


def drive(world, dossier: Dossier, until: str) -> Dossier:
    """Walk `dossier` through the standard process until its current step is `until`."""
    staff = world.staff
    moves = [
        (Kind.RECEPTION, lambda d: lifecycle.hand_over(dossier=d, actor=staff[Role.RECEPTION], at=later(d))),
        (Kind.ASSIGNMENT, lambda d: lifecycle.assign(dossier=d, actor=staff[Role.DIVISION_HEAD], assignee=staff[Role.HANDLER], at=later(d))),
        (Kind.PROCESSING, lambda d: lifecycle.process(dossier=d, actor=staff[Role.HANDLER], at=later(d))),
        (Kind.TRANSFER, None),
        (Kind.REVIEW, lambda d: lifecycle.review(dossier=d, actor=staff[Role.DIVISION_HEAD], at=later(d))),
        (Kind.APPROVAL, lambda d: lifecycle.approve(dossier=d, actor=staff[Role.LEADER], at=later(d))),
    ]
    for kind, move in moves:
        if dossier.current_step.kind == until:
            return dossier
        if dossier.current_step.kind == kind:
            dossier = move(dossier)
    assert dossier.current_step.kind == until
    return dossier


def event_count(dossier: Dossier) -> int:
    return DossierEvent.objects.filter(dossier=dossier).count()


def assert_refused(call, dossier: Dossier, message_part: str):
    before = Dossier.objects.get(pk=dossier.pk)
    events = event_count(dossier)
    with pytest.raises(ValidationError) as caught:
        call()
    assert message_part in " ".join(caught.value.messages)
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.state, after.current_step_id, after.promised_at, after.assignee_id, after.current_agency_id) == (
        before.state,
        before.current_step_id,
        before.promised_at,
        before.assignee_id,
        before.current_agency_id,
    )
    assert event_count(dossier) == events


class TestStatusCodes:
    def test_every_state_maps_to_one_national_code(self):
        assert set(NATIONAL_STATUS) == set(State.values)
        assert set(NATIONAL_STATUS.values()) == set(range(1, 11))

    def test_transition_table_only_names_known_states(self):
        for transition in TRANSITIONS.values():
            assert transition.sources <= set(State.values), transition.name


class TestTheWayThrough:
    def test_counter_dossier_from_receipt_to_return(self, world):
        dossier = world.receive()
        assert dossier.state == State.RECEIVED and dossier.national_status == 2
        assert dossier.code.startswith("000.01.01.H56-260302-")

        dossier = drive(world, dossier, Kind.APPROVAL)
        assert dossier.state == State.IN_PROGRESS and dossier.national_status == 4
        assert dossier.assignee == world.staff[Role.HANDLER]

        dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
        assert dossier.state == State.READY and dossier.national_status == 9
        assert dossier.current_step.kind == Kind.RETURN
        assert dossier.finished_at and dossier.timing == Timing.EARLY

        dossier = lifecycle.collect_fees(dossier=dossier, actor=world.staff[Role.RECEPTION], amount=50_000, at=later(dossier))
        dossier = lifecycle.return_result(
            dossier=dossier, actor=world.staff[Role.RECEPTION], collected_by="Trần Thị Lan", collected_id_number="074190000123",
            at=later(dossier),
        )
        assert dossier.events.last().data == {
            "delivery": "counter", "collected_by": "Trần Thị Lan", "collected_id_number": "074190000123",
        }
        assert dossier.state == State.RETURNED and dossier.national_status == 10
        actions = list(dossier.events.values_list("action", flat=True))
        assert actions == ["receive", "hand_over", "assign", "process", "review", "approve", "collect_fees", "return_result"]
        assert list(dossier.events.values_list("sequence", flat=True)) == list(range(1, 9))

    def test_online_dossier_is_received_by_the_desk(self, world):
        from motcua.dossiers import services

        dossier = services.submit_online(
            actor=world.citizen, procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
            form_data={"noi_dung": "Cấp bản sao"}, documents=world.documents(file=_pdf()), delivery="post",
            at=MONDAY_MORNING,
        )
        assert dossier.state == State.SUBMITTED and dossier.national_status == 1
        assert dossier.applicant == world.citizen and dossier.promised_at is None
        dossier = lifecycle.receive(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
        assert dossier.state == State.RECEIVED and dossier.promised_at is not None
        assert [e.to_state for e in dossier.events.all()] == [State.SUBMITTED, State.RECEIVED]

    def test_each_handover_records_giver_receiver_and_timing(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        assign = dossier.events.get(action="assign")
        assert assign.actor == world.staff[Role.DIVISION_HEAD]
        assert assign.receiver == world.staff[Role.HANDLER]
        assert assign.from_step.kind == Kind.ASSIGNMENT and assign.to_step.kind == Kind.PROCESSING
        assert assign.due_at is not None and assign.timing in Timing.values

    def test_late_handover_is_classified_late(self, world):
        dossier = world.receive()
        dossier = lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING + timedelta(days=3))
        assert dossier.events.get(action="hand_over").timing == Timing.LATE


def _pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n%%EOF\n", name="to-khai.pdf")


class TestReception:
    def test_refuse_needs_reason_and_desk_role(self, world):
        from motcua.dossiers import services

        dossier = services.submit_online(
            actor=world.citizen, procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
            form_data={"noi_dung": "x"}, documents=world.documents(file=_pdf()), delivery="post", at=MONDAY_MORNING,
        )
        assert_refused(lambda: lifecycle.refuse(dossier=dossier, actor=world.staff[Role.RECEPTION], reason="  "), dossier, "lý do")
        assert_refused(lambda: lifecycle.refuse(dossier=dossier, actor=world.staff[Role.HANDLER], reason="Sai"), dossier, "không có quyền")
        assert_refused(lambda: lifecycle.refuse(dossier=dossier, actor=world.stranger[Role.RECEPTION], reason="Sai"), dossier, "không có quyền")
        dossier = lifecycle.refuse(dossier=dossier, actor=world.staff[Role.RECEPTION], reason="Không thuộc thẩm quyền", at=MONDAY_MORNING + HOUR)
        assert dossier.state == State.REFUSED and dossier.national_status == 3
        assert dossier.events.last().note == "Không thuộc thẩm quyền"

    def test_cannot_receive_twice(self, world):
        dossier = world.receive()
        assert_refused(lambda: lifecycle.receive(dossier=dossier, actor=world.staff[Role.RECEPTION]), dossier, "trạng thái")

    def test_hand_over_only_by_reception(self, world):
        dossier = world.receive()
        for role in (Role.HANDLER, Role.LEADER, Role.CLERK, Role.AGENCY_ADMIN):
            assert_refused(lambda role=role: lifecycle.hand_over(dossier=dossier, actor=world.staff[role]), dossier, "không có quyền")
        assert_refused(lambda: lifecycle.hand_over(dossier=dossier, actor=world.citizen), dossier, "không có quyền")


class TestProcessSteps:
    def test_assign_requires_division_head_and_a_handler_of_the_agency(self, world):
        dossier = drive(world, world.receive(), Kind.ASSIGNMENT)
        head = world.staff[Role.DIVISION_HEAD]
        assert_refused(
            lambda: lifecycle.assign(dossier=dossier, actor=world.staff[Role.HANDLER], assignee=world.staff[Role.HANDLER]),
            dossier, "không có quyền",
        )
        assert_refused(
            lambda: lifecycle.assign(dossier=dossier, actor=head, assignee=world.stranger[Role.HANDLER], at=later(dossier)),
            dossier, "chuyên viên thụ lý",
        )
        assert_refused(
            lambda: lifecycle.assign(dossier=dossier, actor=head, assignee=world.staff[Role.CLERK], at=later(dossier)),
            dossier, "chuyên viên thụ lý",
        )

    def test_only_the_assignee_processes(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        from motcua.accounts.tests.factories import official_with_role

        colleague = official_with_role(world.commune, Role.HANDLER)
        assert_refused(lambda: lifecycle.process(dossier=dossier, actor=colleague), dossier, "không có quyền")
        dossier = lifecycle.process(dossier=dossier, actor=world.staff[Role.HANDLER], at=later(dossier))
        assert dossier.current_step.kind == Kind.REVIEW

    def test_actions_of_other_steps_are_refused(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        assert_refused(lambda: lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER]), dossier, "ở bước")
        assert_refused(lambda: lifecycle.review(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD]), dossier, "ở bước")
        assert_refused(lambda: lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION]), dossier, "trạng thái")

    def test_review_and_approve_need_their_roles(self, world):
        dossier = drive(world, world.receive(), Kind.REVIEW)
        assert_refused(lambda: lifecycle.review(dossier=dossier, actor=world.staff[Role.HANDLER]), dossier, "không có quyền")
        dossier = drive(world, dossier, Kind.APPROVAL)
        assert_refused(lambda: lifecycle.approve(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD]), dossier, "không có quyền")
        assert_refused(lambda: lifecycle.approve(dossier=dossier, actor=world.stranger[Role.LEADER]), dossier, "không có quyền")

    def test_division_bound_role_only_acts_for_its_division(self, world):
        from motcua.accounts.models import RoleAssignment
        from motcua.agencies.tests.factories import DivisionFactory

        dossier = drive(world, world.receive(), Kind.ASSIGNMENT)
        elsewhere = DivisionFactory(agency=world.commune, code="van-hoa")
        RoleAssignment.objects.filter(user=world.staff[Role.DIVISION_HEAD]).update(division=elsewhere)
        assert_refused(
            lambda: lifecycle.assign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER]),
            dossier, "không có quyền",
        )

    def test_send_back_to_processing(self, world):
        dossier = drive(world, world.receive(), Kind.APPROVAL)
        leader = world.staff[Role.LEADER]
        assert_refused(lambda: lifecycle.send_back(dossier=dossier, actor=leader, note=""), dossier, "lý do")
        reception_step = dossier.procedure_version.steps.get(kind=Kind.RECEPTION)
        assert_refused(
            lambda: lifecycle.send_back(dossier=dossier, actor=leader, note="Sai", to_step=reception_step, at=later(dossier)),
            dossier, "bước xử lý đứng trước",
        )
        processing = dossier.procedure_version.steps.get(kind=Kind.PROCESSING)
        dossier = lifecycle.send_back(dossier=dossier, actor=leader, note="Thiếu thẩm định", to_step=processing, at=later(dossier))
        assert dossier.current_step == processing and dossier.assignee == world.staff[Role.HANDLER]
        assert dossier.events.last().action == "send_back"
        assert_refused(lambda: lifecycle.send_back(dossier=dossier, actor=world.citizen, note="x"), dossier, "không có quyền")

    def test_reassign(self, world):
        from motcua.accounts.tests.factories import official_with_role

        dossier = drive(world, world.receive(), Kind.PROCESSING)
        colleague = official_with_role(world.commune, Role.HANDLER)
        assert_refused(
            lambda: lifecycle.reassign(dossier=dossier, actor=world.staff[Role.HANDLER], assignee=colleague), dossier, "không có quyền"
        )
        assert_refused(
            lambda: lifecycle.reassign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER], at=later(dossier)),
            dossier, "chính cán bộ này",
        )
        dossier = lifecycle.reassign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=colleague, at=later(dossier))
        assert dossier.assignee == colleague
        assert dossier.events.last().data["previous_assignee"] == world.staff[Role.HANDLER].pk
        assert_refused(lambda: lifecycle.process(dossier=dossier, actor=world.staff[Role.HANDLER]), dossier, "không có quyền")
        assert lifecycle.process(dossier=dossier, actor=colleague, at=later(dossier)).current_step.kind == Kind.REVIEW


class TestTransfer:
    def test_transfer_and_return(self, world):
        dossier = drive(world, world.receive(version=world.transfer_version), Kind.TRANSFER)
        handler = world.staff[Role.HANDLER]
        assert_refused(
            lambda: lifecycle.transfer(dossier=dossier, actor=handler, to_agency=world.other_commune, at=later(dossier)),
            dossier, "không thuộc cấp",
        )
        assert_refused(
            lambda: lifecycle.transfer(dossier=dossier, actor=world.staff[Role.CLERK], to_agency=world.district), dossier, "không có quyền"
        )
        dossier = lifecycle.transfer(dossier=dossier, actor=handler, to_agency=world.district, note="Xin ý kiến", at=later(dossier))
        assert dossier.state == State.TRANSFERRED and dossier.national_status == 4
        assert dossier.current_agency == world.district
        assert set(dossier.involved_agencies.all()) == {world.commune, world.district}

        # The sending agency waits; the receiving agency's staff answer.
        assert_refused(lambda: lifecycle.return_transfer(dossier=dossier, actor=handler), dossier, "không có quyền")
        dossier = lifecycle.return_transfer(dossier=dossier, actor=world.district_staff[Role.HANDLER], note="Đồng ý", at=later(dossier))
        assert dossier.state == State.IN_PROGRESS and dossier.current_agency == world.commune
        assert dossier.current_step.kind == Kind.REVIEW
        event = dossier.events.last()
        assert (event.from_agency, event.to_agency) == (world.district, world.commune)

    def test_transfer_only_at_a_transfer_step(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        assert_refused(
            lambda: lifecycle.transfer(dossier=dossier, actor=world.staff[Role.HANDLER], to_agency=world.district), dossier, "ở bước"
        )


class TestWaitingForTheApplicant:
    def test_supplement_stops_the_clock(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        handler = world.staff[Role.HANDLER]
        promised = dossier.promised_at
        assert_refused(
            lambda: lifecycle.request_supplement(dossier=dossier, actor=handler, items=[], reason="Thiếu"), dossier, "ít nhất một"
        )
        asked = vn(2026, 3, 3, 9, 0)
        dossier = lifecycle.request_supplement(
            dossier=dossier, actor=handler, items=["Bản sao sổ hộ khẩu"], reason="Thiếu giấy tờ", at=asked
        )
        assert dossier.state == State.SUPPLEMENT_REQUESTED and dossier.national_status == 5
        assert dossier.events.last().data == {"items": ["Bản sao sổ hộ khẩu"]}
        assert_refused(lambda: lifecycle.process(dossier=dossier, actor=handler), dossier, "trạng thái")

        # Three working days later (Fri 6 March 9:00) the applicant brings the paper: the
        # promise moves by exactly the three working days waited.
        dossier = lifecycle.supplement(dossier=dossier, actor=world.staff[Role.RECEPTION], at=vn(2026, 3, 6, 9, 0))
        assert dossier.state == State.IN_PROGRESS and dossier.current_step.kind == Kind.PROCESSING
        assert promised == vn(2026, 3, 9, 8, 0)  # Mon 8:00 + 5 working days
        assert dossier.promised_at == vn(2026, 3, 12, 8, 0)

    def test_applicant_supplements_their_own_dossier_only(self, world):
        from motcua.accounts.tests.factories import CitizenFactory

        dossier = world.receive()
        dossier = lifecycle.request_supplement(
            dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Tờ khai"], reason="Chưa ký", at=later(dossier)
        )
        assert_refused(lambda: lifecycle.supplement(dossier=dossier, actor=CitizenFactory()), dossier, "không có quyền")
        verified(world.citizen, dossier.applicant_id_number)
        dossier.refresh_from_db()
        dossier = lifecycle.supplement(dossier=dossier, actor=world.citizen, at=later(dossier))
        assert dossier.state == State.RECEIVED

    def test_financial_obligation_pauses_and_resumes(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        handler = world.staff[Role.HANDLER]
        assert_refused(lambda: lifecycle.request_obligation(dossier=dossier, actor=handler, note=""), dossier, "nghĩa vụ")
        assert_refused(lambda: lifecycle.request_obligation(dossier=dossier, actor=world.citizen, note="Thuế"), dossier, "không có quyền")
        dossier = lifecycle.request_obligation(dossier=dossier, actor=handler, note="Nộp thuế thu nhập cá nhân", at=later(dossier))
        assert dossier.state == State.AWAITING_OBLIGATION and dossier.national_status == 6
        assert_refused(lambda: lifecycle.fulfil_obligation(dossier=dossier, actor=world.citizen), dossier, "không có quyền")
        dossier = lifecycle.fulfil_obligation(dossier=dossier, actor=world.staff[Role.RECEPTION], at=later(dossier, 30))
        assert dossier.state == State.IN_PROGRESS and dossier.paused_at is None

    def test_overdue_dossier_stays_overdue_after_waiting(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        promised = dossier.promised_at
        dossier = lifecycle.request_obligation(
            dossier=dossier, actor=world.staff[Role.HANDLER], note="Thuế", at=promised + timedelta(days=2)
        )
        dossier = lifecycle.fulfil_obligation(dossier=dossier, actor=world.staff[Role.RECEPTION], at=later(dossier, 48))
        assert dossier.promised_at == promised


class TestFeesAndReturn:
    def test_result_is_not_returned_before_fees_are_paid(self, world):
        dossier = drive(world, world.receive(), Kind.APPROVAL)
        dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
        desk = world.staff[Role.RECEPTION]
        assert_refused(lambda: lifecycle.return_result(dossier=dossier, actor=desk, at=later(dossier)), dossier, "chưa thu")
        assert_refused(lambda: lifecycle.collect_fees(dossier=dossier, actor=desk, amount=60_000), dossier, "vượt")
        assert_refused(lambda: lifecycle.collect_fees(dossier=dossier, actor=desk, amount=0), dossier, "số nguyên dương")
        assert_refused(lambda: lifecycle.collect_fees(dossier=dossier, actor=world.staff[Role.HANDLER], amount=10), dossier, "không có quyền")
        # Exactly what is owed: a part would leave the rest to chase.
        assert_refused(lambda: lifecycle.collect_fees(dossier=dossier, actor=desk, amount=20_000), dossier, "Phải thu đúng")
        dossier = lifecycle.collect_fees(dossier=dossier, actor=desk, amount=50_000, at=later(dossier))
        assert dossier.fee_outstanding == 0
        assert_refused(lambda: lifecycle.return_result(dossier=dossier, actor=world.staff[Role.LEADER]), dossier, "không có quyền")
        assert_refused(
            lambda: lifecycle.return_result(dossier=dossier, actor=desk, collected_by="", at=later(dossier)), dossier, "họ tên"
        )
        assert_refused(
            lambda: lifecycle.return_result(dossier=dossier, actor=desk, collected_by="Lan", collected_id_number="12", at=later(dossier)),
            dossier, "không hợp lệ",
        )
        dossier = lifecycle.return_result(
            dossier=dossier, actor=desk, collected_by="Lê Văn Nam (được ủy quyền)", collected_id_number="074085001234", at=later(dossier)
        )
        assert dossier.state == State.RETURNED and dossier.returned_at is not None

    def test_return_only_when_ready(self, world):
        dossier = world.receive()
        assert_refused(lambda: lifecycle.return_result(dossier=dossier, actor=world.staff[Role.RECEPTION]), dossier, "trạng thái")


class TestPostalDelivery:
    def ready_by_post(self, world):
        dossier = world.receive(delivery="post")
        dossier = drive(world, dossier, Kind.APPROVAL)
        dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
        return lifecycle.collect_fees(dossier=dossier, actor=world.staff[Role.RECEPTION], amount=50_000, at=later(dossier))

    def test_postal_agent_delivers_the_result_handed_to_them(self, world):
        dossier = self.ready_by_post(world)
        desk = world.staff[Role.RECEPTION]
        assert_refused(lambda: lifecycle.return_result(dossier=dossier, actor=world.postman), dossier, "không có quyền")
        assert_refused(
            lambda: lifecycle.entrust_to_post(dossier=dossier, actor=desk, postal_agent=world.citizen), dossier, "nhân viên bưu điện"
        )
        assert_refused(
            lambda: lifecycle.entrust_to_post(dossier=dossier, actor=world.staff[Role.HANDLER], postal_agent=world.postman),
            dossier, "không có quyền",
        )
        dossier = lifecycle.entrust_to_post(dossier=dossier, actor=desk, postal_agent=world.postman, at=later(dossier))
        assert dossier.postal_agent == world.postman and dossier.events.last().receiver == world.postman
        dossier = lifecycle.return_result(
            dossier=dossier, actor=world.postman, collected_by="Trần Thị Lan", collected_id_number="074190000123",
            note="Đã giao tận nhà", at=later(dossier),
        )
        assert dossier.state == State.RETURNED and dossier.events.last().actor == world.postman

    def test_result_for_the_counter_is_not_sent_by_post(self, world):
        dossier = drive(world, world.receive(), Kind.APPROVAL)
        dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
        assert_refused(
            lambda: lifecycle.entrust_to_post(dossier=dossier, actor=world.staff[Role.RECEPTION], postal_agent=world.postman, at=later(dossier)),
            dossier, "bưu chính",
        )


class TestExtension:
    def test_extension_with_apology(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        leader = world.staff[Role.LEADER]
        new_time = dossier.promised_at + timedelta(days=7)
        assert_refused(lambda: lifecycle.extend(dossier=dossier, actor=world.staff[Role.HANDLER], new_promised_at=new_time, reason="x"), dossier, "không có quyền")
        assert_refused(lambda: lifecycle.extend(dossier=dossier, actor=leader, new_promised_at=new_time, reason=""), dossier, "lý do")
        assert_refused(
            lambda: lifecycle.extend(dossier=dossier, actor=leader, new_promised_at=dossier.promised_at, reason="Cần xác minh", at=later(dossier)),
            dossier, "phải sau",
        )
        previous = dossier.promised_at
        dossier = lifecycle.extend(dossier=dossier, actor=leader, new_promised_at=new_time, reason="Cần xác minh thực địa", at=later(dossier))
        assert dossier.promised_at == new_time and dossier.original_promised_at == previous
        assert dossier.events.last().data["previous_promised_at"] == previous.isoformat()

    def test_extension_too_close_to_the_deadline_is_refused(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        close = dossier.promised_at - timedelta(hours=2)
        assert_refused(
            lambda: lifecycle.extend(
                dossier=dossier, actor=world.staff[Role.LEADER], new_promised_at=dossier.promised_at + timedelta(days=3),
                reason="Muộn", at=close,
            ),
            dossier, "chậm nhất một ngày làm việc",
        )


class TestEndingEarly:
    def test_applicant_withdraws_their_dossier(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        verified(world.citizen, dossier.applicant_id_number)
        dossier.refresh_from_db()
        assert_refused(lambda: lifecycle.withdraw(dossier=dossier, actor=world.citizen, reason=""), dossier, "lý do")
        assert_refused(lambda: lifecycle.withdraw(dossier=dossier, actor=world.staff[Role.HANDLER], reason="x"), dossier, "không có quyền")
        dossier = lifecycle.withdraw(dossier=dossier, actor=world.citizen, reason="Không còn nhu cầu", at=later(dossier))
        assert dossier.state == State.WITHDRAWN and dossier.national_status == 7 and dossier.current_step is None
        assert_refused(lambda: lifecycle.withdraw(dossier=dossier, actor=world.citizen, reason="x"), dossier, "trạng thái")

    def test_leader_stops_processing(self, world):
        dossier = drive(world, world.receive(), Kind.REVIEW)
        assert_refused(lambda: lifecycle.stop(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], reason="x"), dossier, "không có quyền")
        assert_refused(lambda: lifecycle.stop(dossier=dossier, actor=world.stranger[Role.LEADER], reason="x"), dossier, "không có quyền")
        dossier = lifecycle.stop(dossier=dossier, actor=world.staff[Role.LEADER], reason="Giả mạo giấy tờ", at=later(dossier))
        assert dossier.state == State.STOPPED and dossier.national_status == 8
        for name in TRANSITIONS:
            assert lifecycle.refusal(world.staff[Role.LEADER], dossier, name) is not None


class TestGuards:
    def test_time_cannot_go_backwards(self, world):
        dossier = world.receive()
        assert_refused(
            lambda: lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING - HOUR),
            dossier, "không được trước",
        )

    def test_inactive_official_may_do_nothing(self, world):
        dossier = world.receive()
        desk = world.staff[Role.RECEPTION]
        desk.is_active = False
        desk.save()
        assert lifecycle.available_transitions(desk, dossier) == []

    def test_available_transitions_match_what_each_role_may_do(self, world):
        dossier = drive(world, world.receive(), Kind.PROCESSING)
        names = lambda user: {t.name for t in lifecycle.available_transitions(user, dossier)}  # noqa: E731
        assert names(world.staff[Role.HANDLER]) == {"process", "request_supplement", "request_obligation", "send_back"}
        assert names(world.staff[Role.DIVISION_HEAD]) == {"reassign", "send_back"}
        # Received in March, the promise is past: too late to extend, so it is not offered.
        assert names(world.staff[Role.LEADER]) == {"reassign", "send_back", "stop"}
        assert names(world.staff[Role.RECEPTION]) == {"collect_fees", "withdraw"}
        assert names(world.stranger[Role.LEADER]) == set()
        assert names(world.citizen) == set()

    def test_events_are_immutable(self, world):
        dossier = world.receive()
        event = dossier.events.get()
        event.note = "sửa"
        with pytest.raises(ValidationError):
            event.save()
        with pytest.raises(ValidationError):
            event.delete()
        with pytest.raises(ValidationError):
            DossierEvent.objects.filter(pk=event.pk).update(note="sửa")
        with pytest.raises(ValidationError):
            DossierEvent.objects.filter(pk=event.pk).delete()
        assert DossierEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.postgres
def test_database_refuses_to_rewrite_history_on_postgresql(world):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("Trigger chống sửa nhật ký chỉ có trên PostgreSQL.")
    event = world.receive().events.get()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE dossiers_dossierevent SET note = 'sửa' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM dossiers_dossierevent WHERE id = %s", [event.pk])


class TestPostalCollection:
    def test_the_entrusted_agent_records_taking_the_result_once(self, world):
        dossier = TestPostalDelivery().ready_by_post(world)
        assert_refused(lambda: lifecycle.postal_collect(dossier=dossier, actor=world.postman), dossier, "đã ghi nhận")
        dossier = lifecycle.entrust_to_post(
            dossier=dossier, actor=world.staff[Role.RECEPTION], postal_agent=world.postman, at=later(dossier)
        )
        assert_refused(lambda: lifecycle.postal_collect(dossier=dossier, actor=world.staff[Role.RECEPTION]), dossier, "không có quyền")
        dossier = lifecycle.postal_collect(dossier=dossier, actor=world.postman, at=later(dossier))
        event = dossier.events.last()
        assert (event.action, event.actor, event.to_state) == ("postal_collect", world.postman, State.READY)
        assert_refused(lambda: lifecycle.postal_collect(dossier=dossier, actor=world.postman, at=later(dossier)), dossier, "đã ghi nhận")
