"""Journeys through the back office with the printed forms: a counter receipt to its returned
result, an online dossier accepted, supplemented and returned, a refusal, an extension with
apology. Each is driven as the officials would, in the browser, against today's clock."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import assigned, received_now
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.conftest import World
from motcua.tests_browser.journeys import expect_state, htmx_enhanced, log_in, printed_form, settled, sign_in, take

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TIME = re.compile(r"\d\d:\d\d \d\d/\d\d/\d{4}")


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def actions_of(dossier: Dossier) -> list[str]:
    return list(dossier.events.order_by("sequence").values_list("action", flat=True))


def filed_online(world: World, version: ProcedureVersion | None = None) -> Dossier:
    """The citizen files a dossier online now, with a scan of every paper; the result comes
    back online when the procedure allows it."""
    version = version or world.version
    documents = [
        services.DocumentInput(
            required_document=document,
            originals=document.originals,
            copies=document.copies,
            file=SimpleUploadedFile(f"giay-to-{document.order}.pdf", SCAN, content_type="application/pdf"),
        )
        for document in version.documents.all()
    ]
    delivery = ProcedureVersion.Delivery.ONLINE if ProcedureVersion.Delivery.ONLINE in version.deliveries else "counter"
    return services.submit_online(
        actor=world.citizen,
        procedure_version=version,
        agency=world.commune,
        applicant=world.applicant(),
        form_data={"noi_dung": "Cấp bản sao trích lục"},
        documents=documents,
        delivery=delivery,
    )


def act_as(page, live_server, username: str, code: str, action: str, **fields) -> None:
    """`username` signs in, opens the dossier and takes `action` on it."""
    log_in(page, live_server, username)
    open_dossier(page, live_server, code)
    take(page, action, **fields)


def open_dossier(page, live_server, code: str) -> None:
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def test_a_counter_receipt_through_to_the_returned_result(live_server, browser_page, world):
    ProcedureVersionFactory(procedure__code="1.004227", procedure__owner=world.commune, name="Chứng thực bản sao từ bản chính")
    page = browser_page

    # Reception, at the counter: procedure, applicant, form, papers, delivery, confirm.
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/moi/")
    sign_in(page, "pc.reception")
    enhanced = htmx_enhanced(page)
    search = page.get_by_label("Tìm thủ tục")
    search.press_sequentially("chung thuc ban sao")
    if not enhanced:
        search.press("Enter")
    page.get_by_role("link", name=re.compile("Chứng thực bản sao từ bản chính")).click()
    expect(page.get_by_role("heading", name=re.compile("1.004227"))).to_be_visible()

    id_number = page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế")
    id_number.fill("074190000777")
    id_number.press("Tab" if enhanced else "Enter")
    expect(page.get_by_role("status").filter(has_text="Chưa có thông tin người nộp này")).to_be_visible()
    settled(page)
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Nguyễn Văn An")
    page.get_by_label("Địa chỉ").fill("5 Bạch Đằng, Phú Cường")
    page.get_by_label("Điện thoại").fill("0911222333")
    page.get_by_label("Nội dung yêu cầu").fill("Chứng thực 3 bản sao bằng tốt nghiệp")
    page.get_by_label("Đã nhận Tờ khai theo mẫu").check()
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    expect(page.locator("#hen-tra")).to_contain_text(re.compile(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}"))
    settled(page)
    expect(page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế")).to_have_value("074190000777")
    expect(page.get_by_label("Họ tên người nộp / tên tổ chức")).to_have_value("Nguyễn Văn An")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    # The receipt answers with the dossier's page: read the database once the browser is there.
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/[^/]+/$"))

    dossier = Dossier.objects.get()
    code = dossier.code
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect_state(page, "Đã tiếp nhận")
    form_01 = printed_form(page, live_server, "Mẫu 01")
    assert len(form_01) > 1000

    # Through the process, one official after another.
    take(page, "hand_over", **{"Ý kiến": "Đủ thành phần"})
    act_as(page, live_server, "pc.division_head", code, "assign", **{"Chuyên viên thụ lý": str(world.staff[Role.HANDLER])})
    act_as(page, live_server, "pc.handler", code, "process", **{"Ý kiến": "Đã đối chiếu bản chính"})
    act_as(page, live_server, "pc.division_head", code, "review")
    act_as(page, live_server, "pc.leader", code, "approve")

    # Back at the desk: fees, then the result into the applicant's hands.
    log_in(page, live_server, "pc.reception")
    open_dossier(page, live_server, code)
    expect_state(page, "Đã có kết quả, chờ trả")
    take(page, "collect_fees")
    expect(page.get_by_role("region", name="Thông tin hồ sơ")).to_contain_text("đã thu 50.000")
    form = page.locator('form[data-action="return_result"]')
    page.locator("details.action", has=form).locator("summary").click()
    expect(form.get_by_label("Họ tên người nhận kết quả")).to_have_value("Nguyễn Văn An")
    expect(form.get_by_label("Số định danh / mã số thuế người nhận")).to_have_value("074190000777")
    take(page, "return_result", **{"Ý kiến": "Người nộp nhận trực tiếp"})

    expect_state(page, "Đã trả kết quả")
    expect(page.locator(".timeline .event-action", has_text="Trả kết quả").first).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.fee_outstanding == 0
    assert dossier.applicant_name == "Nguyễn Văn An" and dossier.delivery == "counter"
    assert actions_of(dossier) == ["receive", "hand_over", "assign", "process", "review", "approve", "collect_fees", "return_result"]
    returned = dossier.events.get(action="return_result")
    assert returned.actor == world.staff[Role.RECEPTION]
    assert returned.data["collected_by"] == "Nguyễn Văn An" and returned.data["collected_id_number"] == "074190000777"


def test_an_online_dossier_accepted_supplemented_and_returned(live_server, browser_page, world):
    version = ProcedureVersionFactory(
        procedure__owner=world.commune, agencies=[world.commune], deliveries=["counter", "post", "online"]
    )
    code = filed_online(world, version).code
    page = browser_page

    # The desk finds it in its inbox and receives it.
    log_in(page, live_server, "pc.reception")
    page.locator(".nav-lists").get_by_role("link", name=re.compile("Chờ tiếp nhận")).click()
    expect(page.get_by_role("heading", name="Chờ tiếp nhận")).to_be_visible()
    page.get_by_role("link", name=code).click()
    expect_state(page, "Mới đăng ký")
    take(page, "receive", **{"Ý kiến": "Hồ sơ trực tuyến hợp lệ"})
    expect_state(page, "Đã tiếp nhận")
    take(page, "hand_over")

    act_as(page, live_server, "pc.division_head", code, "assign", **{"Chuyên viên thụ lý": str(world.staff[Role.HANDLER])})

    # The handler asks for more papers: the clock stops, Mẫu 02 is issued.
    log_in(page, live_server, "pc.handler")
    open_dossier(page, live_server, code)
    expect(page.get_by_role("link", name=re.compile("Mẫu 02"))).to_have_count(0)
    take(
        page,
        "request_supplement",
        **{
            "Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)": "Bản sao giấy khai sinh\nXác nhận nơi cư trú",
            "Lý do": "Thiếu giấy tờ chứng minh quan hệ",
        },
    )
    expect_state(page, "Chờ bổ sung hồ sơ")
    expect(page.locator(".timeline")).to_contain_text("Bản sao giấy khai sinh")
    printed_form(page, live_server, "Mẫu 02")
    assert Dossier.objects.get(code=code).state == State.SUPPLEMENT_REQUESTED

    # The applicant brings the papers to the desk, which records the supplement.
    log_in(page, live_server, "pc.reception")
    page.locator(".nav-lists").get_by_role("link", name=re.compile("Chờ công dân bổ sung")).click()
    page.get_by_role("link", name=code).click()
    take(page, "supplement", **{"Ý kiến": "Người nộp đã bổ sung tại quầy"})
    expect_state(page, "Đang xử lý")

    act_as(page, live_server, "pc.handler", code, "process")
    act_as(page, live_server, "pc.division_head", code, "review")
    act_as(page, live_server, "pc.leader", code, "approve")

    act_as(page, live_server, "pc.reception", code, "collect_fees")
    form = page.locator('form[data-action="return_result"]')
    expect(form.get_by_label("Họ tên người nhận kết quả")).to_have_count(0)  # sent online: nobody to record
    take(page, "return_result")
    expect_state(page, "Đã trả kết quả")

    dossier = Dossier.objects.get(code=code)
    assert dossier.state == State.RETURNED and dossier.delivery == "online" and dossier.channel == "online"
    assert actions_of(dossier) == [
        "submit", "receive", "hand_over", "assign", "request_supplement", "supplement",
        "process", "review", "approve", "collect_fees", "return_result",
    ]
    request = dossier.events.get(action="request_supplement")
    assert request.actor == world.staff[Role.HANDLER]
    assert request.data["items"] == ["Bản sao giấy khai sinh", "Xác nhận nơi cư trú"]
    assert request.note == "Thiếu giấy tờ chứng minh quan hệ"
    supplement = dossier.events.get(action="supplement")
    assert supplement.actor == world.staff[Role.RECEPTION] and supplement.to_state == State.IN_PROGRESS


def test_an_online_dossier_refused(live_server, browser_page, world):
    code = filed_online(world).code
    page = browser_page

    log_in(page, live_server, "pc.reception")
    page.locator(".nav-lists").get_by_role("link", name=re.compile("Chờ tiếp nhận")).click()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("link", name=re.compile("Mẫu 03"))).to_have_count(0)
    take(page, "refuse", **{"Lý do": "Thủ tục không thuộc thẩm quyền của phường"})

    expect_state(page, "Từ chối tiếp nhận")
    expect(page.locator(".timeline")).to_contain_text("Thủ tục không thuộc thẩm quyền của phường")
    expect(page.locator("details.action")).to_have_count(0)
    printed_form(page, live_server, "Mẫu 03")

    dossier = Dossier.objects.get(code=code)
    assert dossier.state == State.REFUSED and dossier.received_at is None
    assert actions_of(dossier) == ["submit", "refuse"]
    refusal = dossier.events.get(action="refuse")
    assert refusal.actor == world.staff[Role.RECEPTION] and refusal.note == "Thủ tục không thuộc thẩm quyền của phường"


def test_an_extension_with_apology(live_server, browser_page, world):
    dossier = assigned(world, received_now(world))
    first_promise = dossier.promised_at
    new_promise = timezone.localtime(first_promise + timedelta(days=7)).replace(hour=16, minute=30, second=0, microsecond=0)
    page = browser_page

    log_in(page, live_server, "pc.leader")
    open_dossier(page, live_server, dossier.code)
    expect_state(page, "Đang xử lý")
    facts = page.get_by_role("region", name="Thông tin hồ sơ")
    expect(facts).to_contain_text(timezone.localtime(first_promise).strftime("%H:%M %d/%m/%Y"))
    expect(page.get_by_role("link", name=re.compile("Mẫu 04"))).to_have_count(0)
    take(
        page,
        "extend",
        **{"Thời hạn hẹn trả mới": new_promise.strftime("%Y-%m-%dT%H:%M"), "Lý do xin gia hạn": "Cần xác minh thêm tại địa phương"},
    )

    expect(facts).to_contain_text(new_promise.strftime("%H:%M %d/%m/%Y"))
    expect(facts).to_contain_text("Hẹn ban đầu: " + timezone.localtime(first_promise).strftime("%H:%M %d/%m/%Y"))
    printed_form(page, live_server, "Mẫu 04")

    dossier.refresh_from_db()
    assert dossier.promised_at == new_promise and dossier.state == State.IN_PROGRESS
    extension = dossier.events.order_by("-sequence").first()
    assert extension.action == "extend" and extension.actor == world.staff[Role.LEADER]
    assert extension.note == "Cần xác minh thêm tại địa phương"
    assert extension.data["previous_promised_at"] == first_promise.isoformat()
