"""Submitting a finished draft: one dossier through submit_online, the draft gone in the
same transaction; anything the dossier service refuses sends the applicant back to the
step that can fix it, with nothing written."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.tests.factories import CitizenFactory
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Channel, Dossier, State
from motcua.filing import services
from motcua.filing.models import Draft, StoredDocument
from motcua.filing.tests.conftest import PDF


@pytest.fixture
def ready(filing):
    """A draft with every step done and the mandatory paper attached from the store."""
    paper = StoredDocument.objects.create(
        owner=filing.citizen, name="Tờ khai", file=ContentFile(PDF, "tai-lieu.pdf"), kind="pdf", sha256="a" * 64
    )
    return filing.draft_at(6, documents={str(filing.required.pk): paper.pk})


def submit(client, draft):
    return client.post(reverse("filing:step", args=[draft.pk, 6]), {"cam_doan": "1"})


class TestSubmitting:
    def test_review_shows_what_will_be_filed(self, filing, client_of, ready):
        page = client_of(filing.citizen).get(reverse("filing:step", args=[ready.pk, 6])).content.decode()
        assert "Cấp bản sao" in page and filing.commune.name in page and "Trực tiếp tại bộ phận một cửa" in page

    def test_creates_one_dossier_with_its_documents_and_event_and_removes_the_draft(self, filing, client_of, ready):
        paper = StoredDocument.objects.get()
        response = submit(client_of(filing.citizen), ready)
        dossier = Dossier.objects.get()
        assert response["Location"] == reverse("filing:submitted", args=[dossier.code])
        assert (dossier.applicant, dossier.channel, dossier.state, dossier.receiving_agency) == (
            filing.citizen, Channel.ONLINE, State.SUBMITTED, filing.commune
        )
        assert dossier.form_data == {"noi_dung": "Cấp bản sao"}
        [document] = dossier.documents.all()
        assert (document.required_document, document.file.name) == (filing.required, paper.file.name)
        assert list(dossier.events.values_list("action", flat=True)) == ["submit"]
        assert not Draft.objects.exists()

    def test_the_success_page_gives_the_code_and_where_to_follow_it(self, filing, client_of, ready):
        client = client_of(filing.citizen)
        page = client.get(submit(client, ready)["Location"]).content.decode()
        code = Dossier.objects.get().code
        assert code in page
        assert f'href="/tai-khoan/ho-so/{code}/"' in page
        assert "khi bộ phận một cửa tiếp nhận" in page

    def test_nobody_else_sees_the_success_page(self, filing, client_of, ready):
        submit(client_of(filing.citizen), ready)
        code = Dossier.objects.get().code
        assert client_of(CitizenFactory()).get(reverse("filing:submitted", args=[code])).status_code == 404


def assert_nothing_written(draft):
    assert not Dossier.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


class TestRefusals:
    def test_an_agency_no_longer_carrying_the_procedure_sends_back_to_step_one(self, filing, client_of, ready):
        filing.version.agencies.set([filing.other_commune])
        client = client_of(filing.citizen)
        response = submit(client, ready)
        assert response["Location"] == reverse("filing:step", args=[ready.pk, 1])
        assert "không thực hiện thủ tục này" in client.get(response["Location"]).content.decode()
        assert_nothing_written(ready)

    def test_a_delivery_no_longer_offered_sends_back_to_step_five(self, filing, client_of, ready):
        Draft.objects.filter(pk=ready.pk).update(data={**ready.data, "delivery": "online"})
        response = submit(client_of(filing.citizen), ready)
        assert response["Location"] == reverse("filing:step", args=[ready.pk, 5])
        assert_nothing_written(ready)

    def test_a_form_answer_the_schema_now_refuses_sends_back_to_step_three(self, filing, client_of, ready):
        Draft.objects.filter(pk=ready.pk).update(data={**ready.data, "form": {}})
        client = client_of(filing.citizen)
        response = submit(client, ready)
        assert response["Location"] == reverse("filing:step", args=[ready.pk, 3])
        assert "Nội dung yêu cầu: bắt buộc phải nhập." in client.get(response["Location"]).content.decode()
        assert_nothing_written(ready)

    def test_another_persons_stored_document_in_the_draft_is_not_attached(self, filing, client_of, ready):
        theirs = StoredDocument.objects.create(
            owner=CitizenFactory(), name="X", file=ContentFile(PDF, "x.pdf"), kind="pdf", sha256="b" * 64
        )
        Draft.objects.filter(pk=ready.pk).update(data={**ready.data, "documents": {str(filing.required.pk): theirs.pk}})
        response = submit(client_of(filing.citizen), ready)
        assert response["Location"] == reverse("filing:step", args=[ready.pk, 4])
        assert_nothing_written(ready)

    def test_an_account_that_stopped_being_an_applicant_cannot_submit(self, filing, client_of, ready):
        client = client_of(filing.citizen)
        User.objects.filter(pk=filing.citizen.pk).update(kind=User.Kind.OFFICIAL)
        assert submit(client, ready).status_code == 403
        assert_nothing_written(ready)

    def test_the_dossier_service_refusing_the_actor_is_shown_as_forbidden(self, filing, ready):
        with pytest.raises(lifecycle.Refused) as refusal:
            services.submit(ready, actor=filing.staff["reception"])
        assert "Chỉ công dân, tổ chức" in str(refusal.value)
        assert_nothing_written(ready)
