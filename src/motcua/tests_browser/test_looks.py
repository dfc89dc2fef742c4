"""How the pages look on the screens they are used on: a phone (390×844), a counter's screen
(1366×768) and the portrait kiosk (1080×1920). Nothing spills sideways, the wizard's steps do
not sit on each other, the sign-in form says what to type, every page carries the same header
with the province's name and an icon, and the kiosk fills its screen with large targets."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import verified
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.tests.conftest import World
from motcua.portal.tests.conftest import returned
from motcua.tests_browser.journeys import log_in, sign_in

pytestmark = pytest.mark.browser

PROVINCE = "UBND tỉnh Bình Dương"
PHONE = {"width": 390, "height": 844}
COUNTER = {"width": 1366, "height": 768}
KIOSK = {"width": 1080, "height": 1920}
PUBLIC = ["/", "/thu-tuc/", "/thu-tuc/1.001193/", "/tra-cuu/", "/dang-nhap/", "/tai-khoan/dang-ky/", "/minh-bach/"]
CITIZEN = ["/tai-khoan/ho-so/", "/tai-khoan/ho-so/{code}/", "/tai-khoan/ho-so-ca-nhan/", "/thong-bao/", "/thanh-toan/{code}/"]
OFFICIAL = ["/mot-cua/", "/mot-cua/viec/chuyen-xu-ly/", "/mot-cua/ho-so/{code}/", "/mot-cua/tiep-nhan/moi/", "/mot-cua/tiep-nhan/xac-minh-danh-tinh/"]


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    AgencyFactory(code="000.00.00.H56", name=PROVINCE, level=Agency.Level.PROVINCE)
    world = World()
    world.version = ProcedureVersionFactory(procedure__code="1.001193", name="Đăng ký khai sinh", agencies=[world.commune])
    world.returned = returned(world)
    world.unpaid = world.receive()
    verified(world.citizen, world.unpaid.applicant_id_number)
    return world


def shot(page, name: str) -> None:
    """With MOTCUA_SCREENSHOTS=<folder>, keep a picture of the page to look at."""
    if folder := os.environ.get("MOTCUA_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".png")), full_page=True)


def overflow(page) -> int:
    """How far the page reaches past the right edge of the screen, in CSS pixels."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def fits(page, base: str, addresses: list[str], **codes) -> list[str]:
    wide = []
    for size in (PHONE, COUNTER):
        page.set_viewport_size(size)
        for address in addresses:
            page.goto(base + address.format(**codes))
            shot(page, f"{address} {size['width']}")
            if (extra := overflow(page)) > 0:
                wide.append(f"{address} at {size['width']} px: {extra} px too wide")
    return wide


def test_no_page_spills_sideways_on_a_phone_or_a_counter(browser_page, live_server, world):
    page = browser_page
    wide = fits(page, live_server.url, PUBLIC)
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, world.citizen.national_id)
    wide += fits(page, live_server.url, CITIZEN, code=world.unpaid.code)
    log_in(page, live_server, "pc.reception")
    wide += fits(page, live_server.url, OFFICIAL, code=world.unpaid.code)
    log_in(page, live_server, "tdm.leader")
    wide += fits(page, live_server.url, ["/bao-cao/", "/bao-cao/bieu-do/"])
    assert not wide, "\n".join(wide)


def steps_overlap(page) -> list[str]:
    return page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('.steps li')].map(li => [li.textContent.trim(), li.getBoundingClientRect()]);
            const clash = [];
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const [a, p] = boxes[i], [b, q] = boxes[j];
                if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) clash.push(a + ' / ' + b);
            }
            return clash;
        }"""
    )


def test_the_wizard_s_steps_never_sit_on_each_other(browser_page, live_server, world):
    page = browser_page
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    sign_in(page, world.citizen.national_id)
    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 2/6: Thông tin người nộp")).to_be_visible()
    for size in (PHONE, COUNTER):
        page.set_viewport_size(size)
        shot(page, f"wizard {size['width']}")
        assert steps_overlap(page) == [], size
        assert overflow(page) <= 0, size
        # The button's label sits in the middle of the button, not at its top.
        button = page.get_by_role("button", name="Lưu và tiếp tục").bounding_box()
        label = page.get_by_role("button", name="Lưu và tiếp tục").evaluate(
            """b => { const r = document.createRange(); r.selectNodeContents(b); const t = r.getBoundingClientRect();
                      return {top: t.top, height: t.height}; }"""
        )
        middle = button["y"] + button["height"] / 2
        assert abs(label["top"] + label["height"] / 2 - middle) <= 3, (button, label)


def test_one_header_names_the_province_on_every_page_with_an_icon(browser_page, live_server, world):
    page = browser_page
    for address in ("/", "/thu-tuc/", "/dang-nhap/", "/tai-khoan/dang-ky/", "/tra-cuu/", "/kiosk/"):
        page.goto(live_server.url + address)
        expect(page.locator("header .site-name")).to_have_text(PROVINCE)
        assert "MotCua" not in page.title(), address
        icons = page.locator("link[rel=icon]")
        expect(icons).to_have_count(2)
    for href in (icons.first.get_attribute("href"), icons.last.get_attribute("href")):
        answer = page.request.get(live_server.url + href)
        assert answer.ok and answer.headers["content-type"].startswith("image/"), href
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, world.citizen.national_id)
    for address in ("/tai-khoan/ho-so/", "/thong-bao/", f"/thanh-toan/{world.unpaid.code}/"):
        page.goto(live_server.url + address)
        expect(page.locator("header .site-name")).to_have_text(PROVINCE)
    log_in(page, live_server, "pc.reception")
    expect(page.locator("header .site-name")).to_have_text(PROVINCE)
    assert "MotCua" not in page.title()


def test_the_sign_in_form_says_what_to_type(browser_page, live_server, world):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dang-nhap/")
    field = page.get_by_label("Số định danh / mã số thuế / thư điện tử")
    expect(field).to_have_accessible_description("Cán bộ, công chức: tên đăng nhập được cấp.")
    box = field.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300, box  # not the browser's tiny default field
    font = field.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 16, font  # no zoom on focus on a phone


def test_the_kiosk_fills_a_portrait_screen_with_large_targets(browser_page, live_server, world):
    page = browser_page
    page.set_viewport_size(KIOSK)
    for address in ("/kiosk/", f"/kiosk/?ma={world.returned.code}"):
        page.goto(live_server.url + address)
        shot(page, f"{address} kiosk")
        kiosk = page.locator(".kiosk").bounding_box()
        main = page.locator("main").bounding_box()
        assert main["y"] + main["height"] >= 0.8 * KIOSK["height"], main
        assert kiosk["width"] >= 0.8 * KIOSK["width"], kiosk
        for target in page.locator(".kiosk button, .kiosk .button, .kiosk input:not([type=hidden])").all():
            box = target.bounding_box()
            assert box["height"] >= 48 and box["width"] >= 48, box
        font = page.locator(".kiosk label").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert font >= 32, font
        assert overflow(page) <= 0
