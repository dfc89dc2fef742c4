"""What officials do in the browser, shared by the journeys: log in, take an action on the
dossier page, open a printed form."""

import re

from playwright.sync_api import expect

PASSWORD = "matkhau-thu-nghiem"


def sign_in(page, username: str) -> None:
    """Fill in the login form the page shows: the portal's asks for a citizen's number (an
    official's user name), the administration's for a user name."""
    page.get_by_label(re.compile(r"^(Số định danh / mã số thuế / thư điện tử|Tên đăng nhập)")).fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def log_in(page, live_server, username: str) -> None:
    """Leave whoever was signed in and arrive on `username`'s home page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, username)
    expect(page.get_by_role("heading", name="Công việc của tôi")).to_be_visible()


def take(page, action: str, **fields) -> None:
    """Open the action's fold on the dossier page (unless it is open), fill it in and send it."""
    form = page.locator(f'form[data-action="{action}"]')
    fold = page.locator("details.action", has=form)
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
    for label, value in fields.items():
        control = form.get_by_label(label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.get_by_role("button").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã thực hiện")


def expect_state(page, label: str) -> None:
    expect(page.locator(".dossier-head .state")).to_contain_text(label)


def printed_form(page, live_server, link_name: str) -> bytes:
    """Follow the link to a printed form, as the browser session that shows it, and check
    that a PDF comes back."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.request.get(href if href.startswith("http") else f"{live_server.url}{href}")
    assert response.status == 200, f"{link_name}: HTTP {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF"), f"{link_name}: not a PDF"
    return body


def htmx_enhanced(page) -> bool:
    """Whether htmx runs on the page, asked once the page has finished loading (htmx is a
    deferred script: asked earlier, a loaded page can still say no)."""
    page.wait_for_load_state("load")
    return page.evaluate("typeof htmx") != "undefined"


def settled(page) -> None:
    """No htmx request in flight: a late answer would replace what is typed next."""
    page.wait_for_function("() => document.querySelectorAll('.htmx-request').length === 0")
