"""Whatever is typed or forged into a form, the site answers without a server error.

Hypothesis fills the fields of the public forms, the applicant's and the back office's with
arbitrary text (control characters, NUL, very long strings, look-alike codes and numbers),
missing fields and repeated ones, and posts or queries them as the user who would.
"""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from motcua.accounts.models import Role
from motcua.tests.test_permission_matrix import OWNER, Matrix

# Text a person or a script might send: any character but lone surrogates (which no client
# can encode), with the shapes the forms look for mixed in.
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.from_regex(r"\A[0-9]{0,14}\Z"),
    st.from_regex(r"\A000\.0[0-9]\.0[0-9]\.H56-2[0-9]{5}-[0-9]{4}\Z"),
    st.sampled_from(["", " ", "0", "-1", "9" * 40, "²", "٣", "１２", "s²", "r٣", "2026-02-30T25:61", "31/12/2026", "a@b", "x" * 5000, "\x00", "%00", "../.."]),
)


def values(names: list[str]):
    """Form data: each field absent, given once, or given several times."""
    return st.fixed_dictionaries({}, optional={name: st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3)) for name in names})


# (who, method, address, fields); addresses may use {code} (the dossier) and {procedure}.
FORMS = [
    (None, "post", "/dang-nhap/", ["username", "password", "next"]),
    (None, "post", "/tra-cuu/", ["code", "factor"]),
    (None, "post", "/kiosk/", ["code", "factor"]),
    (None, "post", "/danh-gia/{code}/", ["factor", "level", "comment"]),
    (None, "post", "/tai-khoan/dang-ky/", ["kind", "full_name", "national_id", "tax_code", "email", "phone", "password1", "password2"]),
    (None, "post", "/tai-khoan/quen-mat-khau/", ["email"]),
    (None, "post", "/tai-khoan/xac-minh/gui-lai/", ["email"]),
    (None, "post", "/xac-thuc/api/", ["token", "file"]),
    (None, "post", "/thong-bao/zalo/webhook/", ["app_id", "event_name", "timestamp"]),
    (None, "post", "/thong-bao/sms/den/", ["id", "from", "text"]),
    (None, "get", "/thu-tuc/", ["q", "agency", "field", "level", "mode", "trang"]),
    (None, "get", "/minh-bach/", ["ky", "trang"]),
    (OWNER, "post", "/tai-khoan/ho-so-ca-nhan/", ["full_name", "email", "phone", "address"]),
    (OWNER, "post", "/tai-khoan/ho-so-ca-nhan/thu-dien-tu/", ["email", "password"]),
    (None, "get", "/tai-khoan/thu-dien-tu-moi/{code}/", []),
    (OWNER, "post", "/tai-khoan/ho-so/{code}/rut/", ["reason"]),
    (OWNER, "post", "/tai-khoan/ho-so/{code}/bo-sung/", ["note", "giay-to-0"]),
    (OWNER, "post", "/nop-ho-so/ban-nhap/{draft}/buoc/1/", ["agency", "applicant_name", "applicant_id_number", "applicant_phone"]),
    (OWNER, "post", "/thong-bao/kenh-nhan/", ["channels", "zalo", "sms", "email"]),
    (Role.RECEPTION, "get", "/mot-cua/tim/", ["q"]),
    (Role.RECEPTION, "get", "/mot-cua/viec/tiep-nhan/", ["q", "procedure", "field", "state", "due", "trang"]),
    (Role.RECEPTION, "post", "/mot-cua/ho-so/{code}/thao-tac/request_supplement/", ["items", "reason"]),
    (Role.RECEPTION, "post", "/mot-cua/ho-so/{code}/thao-tac/entrust_to_post/", ["postal_agent", "note"]),
    (Role.RECEPTION, "post", "/mot-cua/ho-so/{code}/thao-tac/collect_fees/", ["amount", "note"]),
    (Role.RECEPTION, "post", "/mot-cua/ho-so/{code}/ghi-chu/", ["text"]),
    (Role.RECEPTION, "post", "/mot-cua/ho-so/{code}/ket-qua/", ["kind", "name", "file"]),
    (Role.RECEPTION, "post", "/mot-cua/tiep-nhan/moi/", ["thu_tuc", "applicant_name", "applicant_id_number", "delivery", "sets"]),
    (Role.RECEPTION, "post", "/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/", ["dossiers", "note"]),
    (Role.LEADER, "post", "/mot-cua/ho-so/{code}/thao-tac/extend/", ["new_promised_at", "reason"]),
    (Role.RECEPTION, "get", "/mot-cua/tiep-nhan/moi/", ["co_quan", "thu_tuc", "q"]),
    (Role.RECEPTION, "get", "/mot-cua/tiep-nhan/nguoi-nop/", ["co_quan", "applicant_id_number", "applicant_name", "applicant_phone"]),
    (Role.RECEPTION, "post", "/mot-cua/tiep-nhan/xac-minh-danh-tinh/", [
        "co_quan", "tim", "xac_minh", "identifier", "contact", "document_kind", "document_details", "compared",
    ]),
    (Role.RECEPTION, "get", "/mot-cua/tiep-nhan/hen-tra/", ["co_quan", "thu_tuc"]),
    (Role.RECEPTION, "get", "/mot-cua/tiep-nhan/csdl-dan-cu/", ["co_quan", "thu_tuc", "applicant_id_number"]),
    (Role.RECEPTION, "post", "/mot-cua/tiep-nhan/moi/", ["thu_tuc", "applicant_id_number", "tra_cuu_dan_cu", "population_access"]),
    (Role.LEADER, "get", "/bao-cao/", ["ky", "tu", "den", "co-quan", "nhom", "thu-tuc"]),
    (Role.LEADER, "get", "/bao-cao/ho-so/", ["ky", "co-quan", "theo", "chi-tieu", "nhom", "trang"]),
    (Role.LEADER, "get", "/mot-cua/bieu-mau/so-theo-doi.pdf", ["agency", "field", "from", "to"]),
]


@pytest.mark.parametrize(("who", "method", "address", "fields"), FORMS, ids=[f"{m} {a}" for _w, m, a, _f in FORMS])
def test_no_input_makes_a_server_error(db, settings, tmp_path, client, who, method, address, fields):
    matrix = Matrix(settings, tmp_path)
    user = matrix.users[OWNER] if who == OWNER else matrix.world.staff[who] if who else None
    if user is not None:
        client.force_login(user)
    url = address.format(code=matrix.dossier.code, draft=matrix.draft.pk)

    @examples(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=values(fields))
    def visit(data):
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data)

    visit()
