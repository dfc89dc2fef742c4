"""Who signs what: the leader the result after approval, the reception officer Mẫu 01, the
clerk with the agency's seal; everyone else is refused and nothing changes. Each signature
and each check of an issued file is an event on the dossier."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import ready, received_now
from motcua.dossiers import lifecycle, public
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import DocumentKind, DossierDocument
from motcua.printforms.forms import receipt
from motcua.signatures import credentials, pdf, services, verification
from motcua.signatures.certificates import CertificateRefused
from motcua.signatures.models import DocumentSignature, Purpose
from motcua.signatures.tests.conftest import PASSWORD
from motcua.signatures.tests.helpers import a_pdf, flip_byte
from motcua.tests.test_uploads import randomly_named

pytestmark = pytest.mark.django_db


def _with_result(world, dossier):
    return dossier_services.upload_result(
        dossier=dossier, actor=world.staff[Role.LEADER], kind=DocumentKind.FINAL_RESULT,
        file=ContentFile(a_pdf(), name="ket-qua.pdf"), name="Giấy phép xây dựng",
    )


@pytest.fixture
def approved(world):
    dossier = ready(world, received_now(world))
    return dossier, _with_result(world, dossier)


def _snapshot(dossier):
    return (
        dossier.events.count(),
        DocumentSignature.objects.count(),
        list(DossierDocument.objects.filter(dossier=dossier).values_list("kind", flat=True)),
    )


def test_leader_signs_the_final_result_which_replaces_the_unsigned_original(world, approved, leader_credential):
    dossier, original = approved
    record = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    original.refresh_from_db()
    assert original.kind == DocumentKind.DRAFT_RESULT  # kept, no longer the result
    signed = record.document
    assert signed.kind == DocumentKind.FINAL_RESULT and signed.name == "Giấy phép xây dựng (đã ký số)"
    content = signed.file.open("rb").read()
    report = verification.verify(content)
    assert report.intact and report.trusted and report.issued == record
    assert record.original_sha256 != record.sha256 and record.purpose == Purpose.RESULT
    event = dossier.events.order_by("-sequence").first()
    assert event.action == "sign_document" and event.actor == world.staff[Role.LEADER]
    assert event.data["signature"] == record.token and event.data["sha256"] == record.sha256
    assert event.to_state == dossier.state  # a record, not a transition


def test_the_applicant_timeline_shows_the_signature_but_not_the_checks(world, approved, leader_credential):
    dossier, original = approved
    record = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    services.check_file(content=record.signed_file.open("rb").read(), actor=None)
    labels = [e.label for e in public.timeline(dossier, with_reasons=True)]
    assert "Văn bản đã được ký số" in labels and "Kiểm tra chữ ký số" not in labels


def test_clerk_seals_the_leader_signed_result_with_a_second_signature(world, approved, leader_credential, test_pki):
    dossier, original = approved
    first = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    seal = credentials.import_pkcs12(content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune)
    second = services.sign_result(dossier=dossier, document=first.document, actor=world.staff[Role.CLERK], credential=seal)
    report = verification.verify(second.signed_file.open("rb").read())
    assert report.intact and len(report.signatures) == 2


@pytest.mark.parametrize("role", [Role.HANDLER, Role.DIVISION_HEAD, Role.RECEPTION, Role.CLERK, Role.AGENCY_ADMIN])
def test_nobody_but_the_certificate_holder_signs_with_a_personal_certificate(world, approved, leader_credential, role):
    dossier, original = approved
    before = _snapshot(dossier)
    with pytest.raises(lifecycle.Refused):
        services.sign_result(dossier=dossier, document=original, actor=world.staff[role], credential=leader_credential)
    assert _snapshot(dossier) == before


def test_a_citizen_cannot_sign(world, approved, leader_credential):
    dossier, original = approved
    with pytest.raises(lifecycle.Refused):
        services.sign_result(dossier=dossier, document=original, actor=world.citizen, credential=leader_credential)


def test_a_leader_of_another_agency_cannot_sign_with_a_certificate_issued_for_it(world, approved, test_pki):
    dossier, original = approved
    elsewhere = credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.other_commune, user=world.stranger[Role.LEADER]
    )
    with pytest.raises(lifecycle.Refused):
        services.sign_result(dossier=dossier, document=original, actor=world.stranger[Role.LEADER], credential=elsewhere)


def test_the_result_is_not_signed_before_the_approval_step(world, leader_credential):
    dossier = received_now(world)
    document = DossierDocument.objects.create(dossier=dossier, kind=DocumentKind.FINAL_RESULT, name="x", file=ContentFile(a_pdf(), name="x.pdf"))
    with pytest.raises(lifecycle.Refused, match="chưa đến bước ký duyệt"):
        services.sign_result(dossier=dossier, document=document, actor=world.staff[Role.LEADER], credential=leader_credential)


def test_a_revoked_certificate_changes_nothing(world, approved, test_pki):
    dossier, original = approved
    revoked = credentials.import_pkcs12(
        content=test_pki.p12(test_pki.revoked), password=PASSWORD, agency=world.commune, user=world.staff[Role.LEADER]
    )
    before = _snapshot(dossier)
    with pytest.raises(CertificateRefused, match="thu hồi"):
        services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=revoked)
    assert _snapshot(dossier) == before


def test_reception_officer_signs_the_receipt(world, test_pki):
    dossier = received_now(world)
    officer = credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune, user=world.staff[Role.RECEPTION],
        title="Cán bộ tiếp nhận",
    )
    record = services.sign_receipt(dossier=dossier, actor=world.staff[Role.RECEPTION], credential=officer)
    assert record.purpose == Purpose.RECEIPT and record.document is None
    content = record.signed_file.open("rb").read()
    assert verification.verify(content).intact
    # The stamp sits in the officer's signing space: under the right-hand "(Ký và ghi rõ họ tên)".
    centre, hint_bottom, page_width = pdf._signing_space(receipt(dossier))
    left, bottom, right, top = (float(v) for v in PdfFileReader(BytesIO(content)).embedded_signatures[0].sig_field["/Rect"])
    assert centre > page_width / 2 and left < centre < right
    assert hint_bottom - 4 < top < hint_bottom and top - bottom > 40
    assert dossier.events.filter(action="sign_document", actor=world.staff[Role.RECEPTION]).exists()
    with pytest.raises(lifecycle.Refused):
        services.sign_receipt(dossier=dossier, actor=world.staff[Role.LEADER], credential=officer)


def test_signed_files_are_stored_under_names_of_ours(world, approved, leader_credential, test_pki):
    """The signed receipt used to be stored as receipt-<dossier code>.pdf."""
    dossier, original = approved
    result = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    officer = credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune, user=world.staff[Role.RECEPTION]
    )
    receipt_record = services.sign_receipt(dossier=dossier, actor=world.staff[Role.RECEPTION], credential=officer)
    names = {
        "dossiers": [original.file.name, result.document.file.name],
        "signed": [result.signed_file.name, receipt_record.signed_file.name],
    }
    for folder, stored in names.items():
        for name in stored:
            assert randomly_named(name, folder) and name.endswith(".pdf") and dossier.code not in name, name


def test_checks_of_issued_files_are_events_with_no_actor_for_the_public(world, approved, leader_credential):
    dossier, original = approved
    record = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    content = record.signed_file.open("rb").read()
    services.check_file(content=content, actor=None)
    services.check_file(content=flip_byte(content, b"ReportLab"), actor=None, issued=record)
    checks = list(dossier.events.filter(action="verify_document").order_by("sequence"))
    assert [(e.actor, e.data["intact"], e.data["matches_issued"]) for e in checks] == [(None, True, True), (None, False, False)]


def test_usable_credentials_are_only_the_holders_valid_ones(world, leader_credential):
    dossier = received_now(world)
    assert services.usable_credentials(world.staff[Role.LEADER], dossier, Purpose.RESULT) == [leader_credential]
    assert services.usable_credentials(world.staff[Role.HANDLER], dossier, Purpose.RESULT) == []
    leader_credential.not_after = timezone.now() - timezone.timedelta(days=1)
    leader_credential.save()
    assert services.usable_credentials(world.staff[Role.LEADER], dossier, Purpose.RESULT) == []


def test_the_same_check_repeated_within_the_hour_is_recorded_once(world, approved, leader_credential, monkeypatch):
    dossier, original = approved
    record = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    content = record.signed_file.open("rb").read()
    for _ in range(3):
        assert services.check_file(content=content, actor=None).intact
    services.check_file(content=content, actor=world.staff[Role.RECEPTION])  # another party
    services.check_file(content=flip_byte(content, b"ReportLab"), actor=None, issued=record)  # another file
    checks = dossier.events.filter(action="verify_document")
    assert [(e.actor, e.data["intact"]) for e in checks.order_by("sequence")] == [
        (None, True), (world.staff[Role.RECEPTION], True), (None, False),
    ]
    later = timezone.now() + services.RECHECK_UNRECORDED + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    services.check_file(content=content, actor=None)  # an hour later it is news again
    assert checks.count() == 4


def test_the_leader_signs_the_handlers_draft_which_becomes_the_result(world, leader_credential):
    dossier = ready(world, received_now(world))
    draft = dossier_services.upload_result(
        dossier=dossier, actor=world.staff[Role.LEADER], kind=DocumentKind.DRAFT_RESULT,
        file=ContentFile(a_pdf(), name="du-thao.pdf"), name="Giấy phép xây dựng",
    )
    assert services.signable_results(dossier, leader_credential) == [draft]
    record = services.sign_result(dossier=dossier, document=draft, actor=world.staff[Role.LEADER], credential=leader_credential)
    assert record.document.kind == DocumentKind.FINAL_RESULT and record.document.name == "Giấy phép xây dựng (đã ký số)"
    assert list(dossier.documents.filter(kind=DocumentKind.FINAL_RESULT)) == [record.document]
    # Neither the draft nor the signed file is offered to, or signed with, the same certificate again.
    assert services.signable_results(dossier, leader_credential) == []
    before = _snapshot(dossier)
    for document in (draft, record.document):
        with pytest.raises(ValidationError, match="đã được ký"):
            services.sign_result(dossier=dossier, document=document, actor=world.staff[Role.LEADER], credential=leader_credential)
    assert _snapshot(dossier) == before


def test_the_seal_is_still_offered_on_the_leader_signed_result(world, approved, leader_credential, test_pki):
    dossier, original = approved
    first = services.sign_result(dossier=dossier, document=original, actor=world.staff[Role.LEADER], credential=leader_credential)
    seal = credentials.import_pkcs12(content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune)
    assert services.signable_results(dossier, seal) == [first.document]
    second = services.sign_result(dossier=dossier, document=first.document, actor=world.staff[Role.CLERK], credential=seal)
    assert services.signable_results(dossier, seal) == [] and services.signable_results(dossier, leader_credential) == []
    assert second.document.kind == DocumentKind.FINAL_RESULT
