"""The public verification page and API, and the signing buttons of the dossier page."""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import ready, received_now
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import DocumentKind
from motcua.signatures import pki, services
from motcua.signatures.models import DocumentSignature
from motcua.signatures.tests.helpers import a_pdf, flip_byte
from motcua.views import OPENAPI

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world):
    dossier = ready(world, received_now(world))
    document = dossier_services.upload_result(
        dossier=dossier, actor=world.staff[Role.LEADER], kind=DocumentKind.FINAL_RESULT,
        file=ContentFile(a_pdf(), name="ket-qua.pdf"), name="Giấy phép",
    )
    return dossier, document


@pytest.fixture
def signed(world, approved, leader_credential) -> DocumentSignature:
    dossier, document = approved
    return services.sign_result(dossier=dossier, document=document, actor=world.staff[Role.LEADER], credential=leader_credential)


def _upload(content: bytes, name: str = "van-ban.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_page_reports_an_intact_issued_file(client, signed):
    response = client.post(reverse("signatures:verify"), {"file": _upload(signed.signed_file.open("rb").read())})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tệp còn nguyên vẹn" in text and "Nguyễn Văn Lãnh Đạo" in text and signed.dossier.code in text


def test_a_signer_revoked_after_signing_is_reported_on_the_page_and_in_the_api(client, signed, test_pki, pki_server):
    content = signed.signed_file.open("rb").read()
    published = pki_server.crl
    pki_server.crl = pki.crl(test_pki.intermediate, [test_pki.revoked.certificate, test_pki.signer.certificate])
    try:
        text = client.post(reverse("signatures:verify"), {"file": _upload(content)}).content.decode()
        answer = client.post(reverse("signatures:api"), {"file": _upload(content)}).json()
    finally:
        pki_server.crl = published
    assert "Tệp còn nguyên vẹn" in text and "chứng thư đã bị thu hồi" in text
    assert answer["intact"] and not answer["trusted"] and answer["signatures"][0]["revoked"]


def test_the_qr_page_names_the_signature_and_catches_a_changed_copy(client, signed):
    url = reverse("signatures:issued", kwargs={"token": signed.token})
    page = client.get(url)
    assert page.status_code == 200 and signed.dossier.code in page.content.decode()
    forged = flip_byte(signed.signed_file.open("rb").read(), b"ReportLab")
    text = client.post(url, {"file": _upload(forged)}).content.decode()
    assert "Tệp đã bị thay đổi" in text and "KHÁC văn bản hệ thống đã cấp" in text


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("signatures:issued", kwargs={"token": "khong-co"})).status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"GIF89a....", "không phải là tệp PDF"),
        (b"%PDF-1.7\n garbage that is no pdf", "Không đọc được tệp PDF"),
        (a_pdf(), "không có chữ ký số"),
    ],
)
def test_bad_uploads_get_a_vietnamese_message_not_an_error(client, db, content, message):
    response = client.post(reverse("signatures:verify"), {"file": _upload(content)})
    assert response.status_code == 400 and message in response.content.decode()
    api = client.post(reverse("signatures:api"), {"file": _upload(content)})
    assert api.status_code == 400 and message in api.json()["error"]


def test_a_file_over_the_upload_limit_is_refused(client, db, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    response = client.post(reverse("signatures:api"), {"file": _upload(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))})
    assert response.status_code == 400 and "quá lớn" in response.json()["error"]


def test_the_api_answers_in_json_and_records_the_check(client, signed):
    response = client.post(reverse("signatures:api"), {"file": _upload(signed.signed_file.open("rb").read())})
    answer = response.json()
    assert answer["intact"] and answer["trusted"] and answer["matches_issued"]
    assert answer["dossier"] == signed.dossier.code
    assert answer["signatures"][0]["signer"] == "Nguyễn Văn Lãnh Đạo"
    event = signed.dossier.events.filter(action="verify_document").get()
    assert event.actor is None and event.data["signature"] == signed.token


@pytest.mark.parametrize("change", ["none", "a byte", "unknown token", "its revocation source unlisted"])
def test_the_api_answers_as_its_openapi_document_says(signed, change, wsgi_site, settings):
    schema = schemathesis.openapi.from_path(OPENAPI)
    if change == "its revocation source unlisted":
        settings.SIGNING_REVOCATION_SOURCES = []
    content = signed.signed_file.open("rb").read()
    body = {"file": flip_byte(content, b"ReportLab") if change == "a byte" else content,
            "token": "khong-co" if change == "unknown token" else signed.token}
    case = schema["/xac-thuc/api/"]["POST"].Case(body=body, media_type="multipart/form-data")
    answer = case.call_and_validate(app=wsgi_site)  # status, content type and every field against the document
    assert answer.status_code == (404 if change == "unknown token" else 200)
    if change != "unknown token":
        unchanged = change in ("none", "its revocation source unlisted")
        assert answer.json()["intact"] == unchanged and answer.json()["matches_issued"] == unchanged
        assert (answer.json()["signatures"][0]["revoked"] is None) == (change == "its revocation source unlisted")


def test_the_api_without_a_file_explains_itself(client, db):
    assert client.post(reverse("signatures:api")).status_code == 400
    assert client.get(reverse("signatures:api")).status_code == 405


def test_the_leader_sees_the_sign_button_and_signs(client, world, approved, leader_credential):
    dossier, document = approved
    client.force_login(world.staff[Role.LEADER])
    page = client.get(reverse("backoffice:dossier", kwargs={"code": dossier.code})).content.decode()
    action = reverse("signing:sign_result", kwargs={"code": dossier.code, "pk": document.pk})
    assert action in page
    response = client.post(action, {"credential": leader_credential.pk}, follow=True)
    assert "Đã ký số" in response.content.decode()
    assert DocumentSignature.objects.filter(dossier=dossier, signed_by=world.staff[Role.LEADER]).exists()


def test_a_handler_sees_no_button_and_is_refused(client, world, approved, leader_credential):
    dossier, document = approved
    client.force_login(world.staff[Role.HANDLER])
    page = client.get(reverse("backoffice:dossier", kwargs={"code": dossier.code})).content.decode()
    action = reverse("signing:sign_result", kwargs={"code": dossier.code, "pk": document.pk})
    assert action not in page
    response = client.post(action, {"credential": leader_credential.pk}, follow=True)
    assert "không được ký" in response.content.decode()
    assert not DocumentSignature.objects.exists()


def test_a_citizen_cannot_reach_the_signing_url(client, world, approved, leader_credential):
    dossier, document = approved
    client.force_login(world.citizen)
    response = client.post(reverse("signing:sign_result", kwargs={"code": dossier.code, "pk": document.pk}), {"credential": leader_credential.pk})
    assert response.status_code in (302, 403, 404)
    assert not DocumentSignature.objects.exists()


def test_the_signed_file_downloads_for_officials_of_the_dossier_only(client, world, signed):
    url = reverse("signing:signed_file", kwargs={"code": signed.dossier.code, "token": signed.token})
    client.force_login(world.staff[Role.RECEPTION])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(world.stranger[Role.LEADER])
    assert client.get(url).status_code == 404


def test_checks_are_limited_per_address_and_the_refused_one_verifies_nothing(client, signed, settings):
    settings.SIGNATURE_CHECKS_PER_HOUR = 2
    content = signed.signed_file.open("rb").read()
    assert client.post(reverse("signatures:verify"), {"file": _upload(content)}).status_code == 200
    assert client.post(reverse("signatures:api"), {"file": _upload(b"GIF89a")}).status_code == 400  # counts too
    page = client.post(reverse("signatures:verify"), {"file": _upload(content)})
    assert page.status_code == 429 and "quá nhiều tệp" in page.content.decode()
    api = client.post(reverse("signatures:api"), {"file": _upload(content)})
    assert api.status_code == 429 and "quá nhiều tệp" in api.json()["error"]
    assert signed.dossier.events.filter(action="verify_document").count() == 1
    # Another address, or an official signed in, has a count of its own.
    assert client.post(reverse("signatures:api"), {"file": _upload(content)}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_signed_in_official_is_counted_apart_from_the_address(client, world, signed, settings):
    settings.SIGNATURE_CHECKS_PER_HOUR = 1
    content = signed.signed_file.open("rb").read()
    assert client.post(reverse("signatures:api"), {"file": _upload(content)}).status_code == 200
    assert client.post(reverse("signatures:api"), {"file": _upload(content)}).status_code == 429
    client.force_login(world.staff[Role.LEADER])
    assert client.post(reverse("signatures:api"), {"file": _upload(content)}).status_code == 200
