"""The documents step and the personal data store: files are judged by their content, kept
once per owner, and picked again instead of uploaded again, only ever by their owner."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import DocumentKind, DossierDocument
from motcua.filing.models import StoredDocument
from motcua.filing.tests.conftest import PDF, PNG, upload


@pytest.fixture
def draft(filing):
    return filing.draft_at(4, documents={})


def post_documents(client, draft, **data):
    return client.post(reverse("filing:step", args=[draft.pk, 4]), data)


def stored(owner, content=PDF, name="Giấy khai sinh") -> StoredDocument:
    return StoredDocument.objects.create(owner=owner, name=name, file=ContentFile(content, "tai-lieu.pdf"), kind="pdf", sha256=f"{name}{owner.pk}")


class TestUploading:
    def test_a_pdf_is_kept_in_the_store_and_attached(self, filing, client_of, draft):
        response = post_documents(client_of(filing.citizen), draft, **{f"doc_{filing.required.pk}": upload()})
        assert response["Location"] == reverse("filing:step", args=[draft.pk, 5])
        document = StoredDocument.objects.get()
        assert (document.owner, document.kind, document.name) == (filing.citizen, "pdf", filing.required.name)
        assert document.file.read() == PDF
        draft.refresh_from_db()
        assert draft.data["documents"] == {str(filing.required.pk): document.pk}

    def test_a_mandatory_document_must_be_given(self, filing, client_of, draft):
        response = post_documents(client_of(filing.citizen), draft)
        assert response.status_code == 400
        assert "Hãy tải lên hoặc chọn tệp cho “Tờ khai theo mẫu”" in response.content.decode()
        draft.refresh_from_db()
        assert draft.step == 4

    @pytest.mark.parametrize(
        "content, name, message",
        [
            (b"MZ\x90\x00 not a pdf", "giay-to.pdf", "phải là tệp PDF, JPEG hoặc PNG"),
            (b"<html>%PDF-</html>", "giay-to.pdf", "phải là tệp PDF, JPEG hoặc PNG"),
            (b"", "giay-to.pdf", "trống"),
            (PDF + b"\x00" * (1024 * 1024), "giay-to.pdf", "quá lớn (tối đa 1 MB)"),
        ],
        ids=["wrong-magic", "magic-not-at-start", "empty", "oversize"],
    )
    def test_malformed_uploads_are_refused_and_nothing_is_kept(self, filing, client_of, draft, settings, content, name, message):
        settings.UPLOAD_MAX_MEGABYTES = 1
        good = upload(PNG, "anh.png")
        response = post_documents(
            client_of(filing.citizen), draft, **{f"doc_{filing.required.pk}": upload(content, name), f"doc_{filing.optional.pk}": good}
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not StoredDocument.objects.exists()
        draft.refresh_from_db()
        assert (draft.data["documents"], draft.step) == ({}, 4)

    def test_the_same_paper_is_stored_once_per_owner(self, filing, client_of, draft):
        client = client_of(filing.citizen)
        post_documents(client, draft, **{f"doc_{filing.required.pk}": upload(), f"doc_{filing.optional.pk}": upload()})
        post_documents(client, draft, **{f"doc_{filing.required.pk}": upload()})
        document = StoredDocument.objects.get()
        draft.refresh_from_db()
        assert draft.data["documents"] == {str(filing.required.pk): document.pk, str(filing.optional.pk): document.pk}
        # Another person's identical file is theirs, not shared.
        neighbour = CitizenFactory()
        other_draft = filing.draft_at(4, user=neighbour, documents={})
        post_documents(client_of(neighbour), other_draft, **{f"doc_{filing.required.pk}": upload()})
        assert StoredDocument.objects.filter(sha256=document.sha256).count() == 2

    def test_files_for_documents_of_another_procedure_are_ignored(self, filing, client_of, draft):
        foreign = ProcedureVersionFactory().documents.first()
        response = post_documents(
            client_of(filing.citizen), draft, **{f"doc_{foreign.pk}": upload(PNG), f"doc_{filing.required.pk}": upload()}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert list(draft.data["documents"]) == [str(filing.required.pk)]
        assert StoredDocument.objects.count() == 1


class TestReusingTheStore:
    def test_a_stored_document_is_attached_without_uploading_again(self, filing, client_of, draft):
        mine = stored(filing.citizen)
        page = client_of(filing.citizen).get(reverse("filing:step", args=[draft.pk, 4])).content.decode()
        assert f'<option value="s{mine.pk}">Giấy khai sinh' in page
        response = post_documents(client_of(filing.citizen), draft, **{f"pick_{filing.required.pk}": f"s{mine.pk}"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.data["documents"] == {str(filing.required.pk): mine.pk}
        assert StoredDocument.objects.count() == 1

    def test_another_persons_stored_document_is_refused(self, filing, client_of, draft):
        theirs = stored(CitizenFactory())
        page = client_of(filing.citizen).get(reverse("filing:step", args=[draft.pk, 4])).content.decode()
        assert f's{theirs.pk}"' not in page
        response = post_documents(client_of(filing.citizen), draft, **{f"pick_{filing.required.pk}": f"s{theirs.pk}"})
        assert response.status_code == 400
        assert "Không tìm thấy giấy tờ đã chọn trong kho dữ liệu của bạn" in response.content.decode()
        draft.refresh_from_db()
        assert draft.data["documents"] == {}

    @pytest.mark.parametrize("pick", ["x1", "s", "s1 OR 1=1", "r-1"])
    def test_a_malformed_choice_is_refused(self, filing, client_of, draft, pick):
        response = post_documents(client_of(filing.citizen), draft, **{f"pick_{filing.required.pk}": pick})
        assert response.status_code == 400
        draft.refresh_from_db()
        assert draft.data["documents"] == {}

    def result_of(self, filing, owner):
        """A result of a paper dossier received under the number `owner`'s account has verified."""
        dossier = filing.receive()
        verified(owner, dossier.applicant_id_number)
        return DossierDocument.objects.create(
            dossier=dossier, kind=DocumentKind.FINAL_RESULT, name="Trích lục khai sinh", file=ContentFile(PDF, "ket-qua.pdf")
        )

    def test_an_earlier_result_is_offered_and_kept_in_the_store(self, filing, client_of, draft):
        result = self.result_of(filing, filing.citizen)
        client = client_of(filing.citizen)
        assert f'<option value="r{result.pk}">' in client.get(reverse("filing:step", args=[draft.pk, 4])).content.decode()
        post_documents(client, draft, **{f"pick_{filing.required.pk}": f"r{result.pk}"})
        kept = StoredDocument.objects.get()
        assert (kept.owner, kept.source_dossier, kept.file.name) == (filing.citizen, result.dossier, result.file.name)
        draft.refresh_from_db()
        assert draft.data["documents"] == {str(filing.required.pk): kept.pk}
        # Once in the store it is offered from there, not twice.
        assert f'value="r{result.pk}"' not in client.get(reverse("filing:step", args=[draft.pk, 4])).content.decode()

    def test_uploading_a_copy_of_a_kept_result_reuses_it(self, filing, client_of, draft):
        result = self.result_of(filing, filing.citizen)
        client = client_of(filing.citizen)
        post_documents(client, draft, **{f"pick_{filing.required.pk}": f"r{result.pk}"})
        post_documents(client, draft, **{f"doc_{filing.optional.pk}": upload()})
        assert StoredDocument.objects.count() == 1

    def test_the_result_of_a_number_only_claimed_is_neither_offered_nor_taken(self, filing, client_of, draft):
        dossier = filing.receive()
        filing.citizen.national_id = dossier.applicant_id_number
        filing.citizen.save()
        result = DossierDocument.objects.create(dossier=dossier, kind=DocumentKind.FINAL_RESULT, name="KQ", file=ContentFile(PDF, "kq.pdf"))
        client = client_of(filing.citizen)
        assert f'value="r{result.pk}"' not in client.get(reverse("filing:step", args=[draft.pk, 4])).content.decode()
        assert post_documents(client, draft, **{f"pick_{filing.required.pk}": f"r{result.pk}"}).status_code == 400

    def test_another_persons_result_is_refused(self, filing, client_of, draft):
        result = self.result_of(filing, CitizenFactory())
        response = post_documents(client_of(filing.citizen), draft, **{f"pick_{filing.required.pk}": f"r{result.pk}"})
        assert response.status_code == 400
        assert "Không tìm thấy kết quả đã chọn" in response.content.decode()
        assert not StoredDocument.objects.exists()


class TestStoredFiles:
    def test_stored_files_get_unguessable_names(self, filing):
        first, second = stored(filing.citizen, name="A"), stored(filing.citizen, name="B")
        assert first.file.name.startswith("kho-du-lieu/") and first.file.name.endswith(".pdf")
        assert len({first.file.name, second.file.name}) == 2
        assert "tai-lieu" not in first.file.name

    def test_the_owner_downloads_their_paper_and_nobody_else_can(self, filing, client_of):
        mine = stored(filing.citizen)
        url = reverse("filing:stored-file", args=[mine.pk])
        response = client_of(filing.citizen).get(url)
        assert b"".join(response.streaming_content) == PDF
        assert client_of(CitizenFactory()).get(url).status_code == 404
        assert client_of(filing.staff["reception"]).get(url).status_code == 403
