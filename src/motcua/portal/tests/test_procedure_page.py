"""The procedure page shows everything the catalog holds for the published version."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Fee, ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.tests.test_uploads import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    district = AgencyFactory(name="UBND huyện Bến Cát", level=Agency.Level.DISTRICT)
    commune = AgencyFactory(name="UBND xã An Điền", level=Agency.Level.COMMUNE, parent=district)
    version = ProcedureVersionFactory(
        procedure__code="1.001193",
        name="Đăng ký khai sinh",
        legal_time=Decimal("0.5"),
        legal_basis="Luật Hộ tịch 2014",
        requirements="Người đi đăng ký phải xuất trình giấy tờ tùy thân.",
        result_description="Giấy khai sinh",
        deliveries=["counter", "online"],
        online_mode=ProcedureVersion.OnlineMode.FULL,
        agencies=[commune, district],
    )
    Fee.objects.create(version=version, name="Lệ phí đăng ký", amount=50_000, note="Miễn cho hộ nghèo")
    form = version.documents.get(order=1)
    form.template.save("to-khai.docx", ContentFile(sample("to-khai.docx")))
    return version


def test_page_shows_the_catalog_content(client, version):
    response = client.get("/thu-tuc/1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Đăng ký khai sinh", "Tờ khai theo mẫu", "Giấy tờ chứng minh nơi cư trú", "(bắt buộc)", "(nếu có)",
        "0,5 ngày làm việc", "50.000 đ", "Miễn cho hộ nghèo", "Luật Hộ tịch 2014", "xuất trình giấy tờ tùy thân",
        "Giấy khai sinh", "Trực tiếp tại bộ phận một cửa", "Trực tuyến toàn trình", "Làm toàn bộ trên mạng",
    ):
        assert text in html, text
    form = version.documents.get(order=1)
    assert f'href="/thu-tuc/1.001193/mau-don/{form.pk}/"' in html


def test_agencies_are_grouped_by_level(client, version):
    html = client.get("/thu-tuc/1.001193/").content.decode()
    html = html[html.index("Nơi nộp hồ sơ"):]
    assert html.index("Cấp huyện") < html.index("UBND huyện Bến Cát") < html.index("Cấp xã") < html.index("UBND xã An Điền")


def test_file_online_button_unless_counter_only(client, version):
    assert 'href="/nop-ho-so/1.001193/"' in client.get("/thu-tuc/1.001193/").content.decode()
    version.online_mode = ProcedureVersion.OnlineMode.COUNTER
    version.save()
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "/nop-ho-so/" not in html
    assert "Chưa nộp trên mạng được" in html


def test_no_template_link_without_a_file(client, version):
    version.documents.update(template="")
    assert "Tải mẫu" not in client.get("/thu-tuc/1.001193/").content.decode()


def test_unpublished_or_unknown_procedure_is_not_found(client, version):
    draft = ProcedureVersionFactory(procedure__code="1.000002", status=ProcedureVersion.Status.DRAFT)
    assert client.get(f"/thu-tuc/{draft.procedure.code}/").status_code == 404
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get("/thu-tuc/%E2%80%AE'--/").status_code == 404
