"""The code box in the header: a barcode scanner types the code and Enter."""

import pytest

from motcua.accounts.models import Role


@pytest.fixture
def desk(client, world):
    client.force_login(world.staff[Role.HANDLER])
    return client


def test_every_back_office_page_has_the_code_box(desk):
    page = desk.get("/mot-cua/").content.decode()
    assert 'action="/mot-cua/tim/"' in page and 'name="q"' in page


@pytest.mark.parametrize("typed", ["{code}", "{code}\n", "  {code}  ", "{lower}"])
def test_an_exact_code_opens_the_dossier(desk, world, typed):
    dossier = world.receive()
    response = desk.get("/mot-cua/tim/", {"q": typed.format(code=dossier.code, lower=dossier.code.lower())})
    assert response.status_code == 302 and response["Location"] == f"/mot-cua/ho-so/{dossier.code}/"


def test_anything_else_is_searched(desk, world):
    dossier = world.receive()
    page = desk.get("/mot-cua/tim/", {"q": "tran thi"}).content.decode()
    assert f'href="/mot-cua/ho-so/{dossier.code}/"' in page
    assert "0 hồ sơ" in desk.get("/mot-cua/tim/", {"q": "không có ai"}).content.decode()
    assert desk.get("/mot-cua/tim/").status_code == 200


@pytest.mark.parametrize(
    "typed",
    ["'; DROP TABLE dossiers_dossier; --", "x" * 10_000, "Đăng ký khai sinh 🙂", "%", "_", "\\", "<script>alert(1)</script>", "ℌ𝔢𝔩𝔩𝔬", "\u200b"],
)
def test_odd_input_is_never_an_error(desk, world, typed):
    # A NUL character is refused before any view (motcua.middleware); see tests/test_pages.py.
    world.receive()
    response = desk.get("/mot-cua/tim/", {"q": typed})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
