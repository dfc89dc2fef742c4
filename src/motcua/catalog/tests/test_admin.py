"""The catalog in the administration site: agency admins work on the procedures their agencies
own; versions are drafted, published through catalog.services, and read-only afterwards."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.tests.factories import Role, UserFactory, official_with_role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog import services
from motcua.catalog.models import Field, Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.tests.factories import FieldFactory, ProcedureFactory, ProcedureVersionFactory
from motcua.tests.test_uploads import randomly_named, sample

pytestmark = pytest.mark.django_db

Status = ProcedureVersion.Status


class Catalog:
    """Two communes of a district, each owning one published procedure; an admin for the first."""

    def __init__(self):
        district = AgencyFactory(code="000.01.00.H56", name="UBND thành phố Thủ Dầu Một", short_name="TDM", level=Agency.Level.DISTRICT)
        self.commune_a = AgencyFactory(code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", parent=district)
        self.commune_b = AgencyFactory(code="000.01.02.H56", name="UBND phường Hiệp Thành", short_name="HT", parent=district)
        self.ours = ProcedureVersionFactory(procedure__code="1.001193", procedure__owner=self.commune_a, name="Đăng ký khai sinh")
        self.theirs = ProcedureVersionFactory(procedure__code="1.001022", procedure__owner=self.commune_b, name="Đăng ký kết hôn")
        self.admin_a = official_with_role(self.commune_a, Role.AGENCY_ADMIN, username="pc.quantri")
        self.superuser = UserFactory(username="tinh.quantri", kind=User.Kind.OFFICIAL, is_superuser=True)


@pytest.fixture
def catalog():
    return Catalog()


@pytest.fixture
def as_admin(client, catalog):
    client.force_login(catalog.admin_a)
    return client


def url(name: str, *args) -> str:
    return reverse(f"admin:catalog_{name}", args=args)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response) -> set:
    return set(response.context["cl"].result_list)


def version_data(version: ProcedureVersion, **changes) -> dict:
    """The main form of a version as posted, leaving its documents, fees and steps untouched."""
    data = {
        "name": version.name, "field": version.field_id, "levels": version.levels, "deliveries": version.deliveries,
        "agencies": [a.pk for a in version.agencies.all()], "online_mode": version.online_mode,
        "legal_time": version.legal_time, "time_unit": version.time_unit, "legal_basis": "", "requirements": "",
        "result_description": "", "form_schema": "{}",
        **{f"{prefix}-{key}": 0 for prefix in ("documents", "fees", "steps") for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
    }
    return {**data, **changes}


class TestScope:
    def test_an_agency_admin_lists_only_the_procedures_their_agencies_own(self, as_admin, catalog):
        assert listed(as_admin.get(url("procedure_changelist"))) == {catalog.ours.procedure}
        assert listed(as_admin.get(url("procedureversion_changelist"))) == {catalog.ours}

    def test_the_superuser_lists_them_all(self, client, catalog):
        client.force_login(catalog.superuser)
        assert listed(client.get(url("procedure_changelist"))) == {catalog.ours.procedure, catalog.theirs.procedure}

    @pytest.mark.parametrize(
        "page", [("procedure_change", "procedure"), ("procedure_delete", "procedure"), ("procedureversion_change", "version")]
    )
    def test_pages_of_another_agencys_procedure_answer_404(self, as_admin, catalog, page):
        name, target = page
        obj = catalog.theirs.procedure if target == "procedure" else catalog.theirs
        assert as_admin.get(url(name, obj.pk)).status_code == 404

    def test_their_procedure_cannot_get_a_new_version_or_be_published(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.theirs.procedure)

        assert as_admin.post(url("procedure_new_version", catalog.theirs.procedure_id)).status_code == 404
        assert as_admin.post(url("procedureversion_publish", draft.pk)).status_code == 404
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT

    def test_an_owner_outside_the_scope_cannot_be_chosen(self, as_admin, catalog):
        response = as_admin.post(url("procedure_add"), {"code": "1.009999", "owner": catalog.commune_b.pk, "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0})
        assert "owner" in response.context["adminform"].form.errors
        assert not Procedure.objects.filter(code="1.009999").exists()

    def test_fields_are_read_by_agency_admins_and_written_by_the_province(self, as_admin, client, catalog):
        assert as_admin.get(url("field_changelist")).status_code == 200
        assert as_admin.post(url("field_add"), {"code": "dat-dai", "name": "Đất đai"}).status_code == 403
        client.force_login(catalog.superuser)
        assert client.post(url("field_add"), {"code": "dat-dai", "name": "Đất đai"}).status_code == 302
        assert Field.objects.filter(code="dat-dai").exists()


class TestNewVersion:
    def test_the_button_copies_the_version_in_force_into_a_draft(self, as_admin, catalog):
        response = as_admin.post(url("procedure_new_version", catalog.ours.procedure_id))

        draft = catalog.ours.procedure.draft_version()
        assert response.status_code == 302 and response.url == url("procedureversion_change", draft.pk)
        assert draft.number == 2
        assert draft.steps.count() == catalog.ours.steps.count() and draft.documents.count() == 2
        assert texts(response) == ["Đã tạo bản nháp phiên bản 2 của thủ tục 1.001193."]

    def test_an_existing_draft_is_reused(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        response = as_admin.post(url("procedure_new_version", catalog.ours.procedure_id))
        assert response.url == url("procedureversion_change", draft.pk)
        assert catalog.ours.procedure.versions.count() == 2

    def test_the_button_needs_a_post(self, as_admin, catalog):
        assert as_admin.get(url("procedure_new_version", catalog.ours.procedure_id)).status_code == 405
        assert catalog.ours.procedure.draft_version() is None

    def test_the_list_action_does_the_same(self, as_admin, catalog):
        as_admin.post(url("procedure_changelist"), {"action": "start_new_versions", "_selected_action": [catalog.ours.procedure_id]})
        assert catalog.ours.procedure.draft_version().number == 2

    def test_the_first_version_of_a_new_procedure_is_added_as_a_draft(self, as_admin, catalog):
        procedure = ProcedureFactory(code="2.002622.H56", owner=catalog.commune_a)

        response = as_admin.post(url("procedureversion_add"), version_data(catalog.ours, procedure=procedure.pk, name="Cấp bản sao"))

        assert response.status_code == 302
        assert list(procedure.versions.values_list("number", "status")) == [(1, Status.DRAFT)]

    def test_later_versions_are_not_added_by_hand(self, as_admin, catalog):
        response = as_admin.post(url("procedureversion_add"), version_data(catalog.ours, procedure=catalog.ours.procedure_id))

        assert "procedure" in response.context["adminform"].form.errors
        assert catalog.ours.procedure.versions.count() == 1


class TestPublish:
    def test_publishing_a_ready_draft_supersedes_the_version_in_force(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)

        response = as_admin.post(url("procedureversion_publish", draft.pk))

        draft.refresh_from_db()
        catalog.ours.refresh_from_db()
        assert (draft.status, catalog.ours.status) == (Status.PUBLISHED, Status.SUPERSEDED)
        assert response.url == url("procedureversion_change", draft.pk)
        assert texts(response) == ["Đã công bố phiên bản 2 của thủ tục 1.001193."]

    def test_a_bad_draft_shows_its_problems_and_changes_nothing(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        draft.steps.filter(kind=ProcessStep.Kind.APPROVAL).delete()
        problems = services.process_problems(draft)

        response = as_admin.post(url("procedureversion_publish", draft.pk), follow=True)

        draft.refresh_from_db()
        catalog.ours.refresh_from_db()
        assert (draft.status, catalog.ours.status) == (Status.DRAFT, Status.PUBLISHED)
        shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
        assert "Quy trình phải có bước ký duyệt." in problems
        assert shown == [("error", "Chưa công bố được phiên bản 2 của thủ tục 1.001193:"), *(("error", p) for p in problems)]

    def test_the_list_action_publishes_the_selected_drafts(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        as_admin.post(url("procedureversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert draft.status == Status.PUBLISHED

    def test_the_change_page_offers_publish_for_drafts_and_new_version_for_the_version_in_force(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)

        draft_page = as_admin.get(url("procedureversion_change", draft.pk)).content.decode()
        published_page = as_admin.get(url("procedureversion_change", catalog.ours.pk)).content.decode()

        assert url("procedureversion_publish", draft.pk) in draft_page
        assert url("procedure_new_version", catalog.ours.procedure_id) in published_page
        assert url("procedureversion_publish", catalog.ours.pk) not in published_page


class TestReadOnlyVersions:
    def test_a_draft_is_edited_in_the_admin(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)

        response = as_admin.post(url("procedureversion_change", draft.pk), version_data(draft, name="Đăng ký khai sinh (sửa đổi)"))

        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.name == "Đăng ký khai sinh (sửa đổi)"

    @pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SUPERSEDED])
    def test_published_and_superseded_versions_are_read_only(self, as_admin, catalog, status):
        ProcedureVersion.objects.filter(pk=catalog.ours.pk).update(status=status)

        page = as_admin.get(url("procedureversion_change", catalog.ours.pk))
        changed = as_admin.post(url("procedureversion_change", catalog.ours.pk), version_data(catalog.ours, name="Sửa thẳng"))

        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert all(not formset.has_change_permission for formset in page.context["inline_admin_formsets"])
        assert "Cấp xã" in page.content.decode()
        assert changed.status_code == 403
        catalog.ours.refresh_from_db()
        assert catalog.ours.name == "Đăng ký khai sinh"
        assert as_admin.get(url("procedureversion_delete", catalog.ours.pk)).status_code == 403

    def test_filters_by_status_field_and_online_mode(self, as_admin, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        other_field = FieldFactory(code="ho-tich", name="Hộ tịch")
        ProcedureVersion.objects.filter(pk=draft.pk).update(field=other_field, online_mode=ProcedureVersion.OnlineMode.PARTIAL)

        assert listed(as_admin.get(url("procedureversion_changelist"), {"status__exact": Status.DRAFT})) == {draft}
        assert listed(as_admin.get(url("procedureversion_changelist"), {"field__id__exact": other_field.pk})) == {draft}
        assert listed(as_admin.get(url("procedureversion_changelist"), {"online_mode__exact": "full"})) == {catalog.ours}


def with_blank_form(version: ProcedureVersion, template) -> dict:
    """The version's form as posted with its documents, a new blank form picked for the first."""
    documents = list(version.documents.order_by("order", "pk"))
    data = version_data(version, **{"documents-TOTAL_FORMS": len(documents), "documents-INITIAL_FORMS": len(documents)})
    for index, document in enumerate(documents):
        values = {"id": document.pk, "version": version.pk, "order": document.order, "name": document.name,
                  "originals": document.originals, "copies": document.copies}
        data.update({f"documents-{index}-{key}": value for key, value in values.items()})
        if document.mandatory:
            data[f"documents-{index}-mandatory"] = "on"
    data["documents-0-template"] = template
    return data


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


class TestBlankForms:
    """Agency admins upload the blank form (mẫu đơn, tờ khai) of a document: a PDF, Word, Excel
    or OpenDocument file by its content, stored under a name of ours; anything else is refused."""

    @pytest.mark.parametrize(
        "content",
        [b"<!doctype html><script>alert(document.cookie)</script>", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
        ids=["html", "svg"],
    )
    def test_a_page_or_a_picture_is_refused_and_nothing_is_stored(self, as_admin, catalog, settings, content):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        upload = SimpleUploadedFile("to-khai.docx", content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

        response = as_admin.post(url("procedureversion_change", draft.pk), with_blank_form(draft, upload))

        assert response.status_code == 200
        assert "Tệp “Tờ khai theo mẫu” phải là tệp PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS." in response.content.decode()
        assert not draft.documents.exclude(template="").exists() and stored_files(settings) == []

    def test_an_oversized_blank_form_is_refused(self, as_admin, catalog, settings):
        settings.UPLOAD_MAX_MEGABYTES = 0
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        upload = SimpleUploadedFile("to-khai.docx", sample("to-khai.docx"))

        response = as_admin.post(url("procedureversion_change", draft.pk), with_blank_form(draft, upload))

        assert "Tệp “Tờ khai theo mẫu” quá lớn (tối đa 0 MB)." in response.content.decode()
        assert stored_files(settings) == []

    @pytest.mark.parametrize(("content", "extension"), [(sample("to-khai.docx"), "docx"), (b"%PDF-1.7\n%%EOF\n", "pdf")])
    def test_a_word_file_or_a_pdf_is_kept_under_a_name_of_ours(self, as_admin, catalog, content, extension):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        upload = SimpleUploadedFile("../Tờ khai (bản cuối).doc", content)

        response = as_admin.post(url("procedureversion_change", draft.pk), with_blank_form(draft, upload))

        assert response.status_code == 302
        template = draft.documents.get(order=1).template
        assert randomly_named(template.name, "catalog/templates") and template.name.endswith(f".{extension}")
        assert template.read() == content

    def test_the_administration_downloads_a_blank_form_of_its_own_agencies_in_any_state(self, as_admin, client, catalog):
        draft = services.start_new_version(procedure=catalog.ours.procedure)
        as_admin.post(url("procedureversion_change", draft.pk), with_blank_form(draft, SimpleUploadedFile("a.docx", sample("to-khai.docx"))))
        document = draft.documents.get(order=1)
        download = url("procedureversion_blank_form", draft.pk, document.pk)

        assert f'href="{download}"' in as_admin.get(url("procedureversion_change", draft.pk)).content.decode()
        response = as_admin.get(download)
        assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="to-khai-theo-mau.docx"'
        services.publish_version(version=draft)
        assert f'href="{download}"' in as_admin.get(url("procedureversion_change", draft.pk)).content.decode()

        client.force_login(official_with_role(catalog.commune_b, Role.AGENCY_ADMIN, username="ht.quantri"))
        assert client.get(download).status_code == 404
