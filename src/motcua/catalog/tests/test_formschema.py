import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.formschema import answers, clean_submission, validate_schema

CHOICES = [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}]

SCHEMA = {
    "fields": [
        {"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": True, "min_length": 2, "max_length": 40},
        {"name": "so_con", "label": "Số con", "type": "number", "min": 0, "max": 20},
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "min": "1900-01-01", "max": "2100-12-31"},
        {"name": "gioi_tinh", "label": "Giới tính", "type": "select", "choices": CHOICES},
        {"name": "email", "label": "Thư điện tử", "type": "email", "help": "Để nhận thông báo"},
        {"name": "dien_thoai", "label": "Điện thoại", "type": "phone"},
        {"name": "cccd", "label": "Số định danh", "type": "national_id", "required": True},
        {"name": "nop_thay", "label": "Nộp thay người khác", "type": "checkbox"},
        {"name": "nguoi_nho", "label": "Người nhờ nộp", "type": "text", "required": True,
         "visible_if": {"field": "nop_thay", "equals": True}},
        {"name": "ma_cu", "label": "Mã hồ sơ cũ", "type": "text", "pattern": "[A-Z]{2}\\d{4}"},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea", "visible_if": {"field": "gioi_tinh", "in": ["nu"]}},
    ]
}

VALID = {
    "ho_ten": "Nguyễn Văn An",
    "so_con": "2",
    "ngay_sinh": "1990-05-17",
    "gioi_tinh": "nam",
    "email": "an@example.vn",
    "dien_thoai": "0912 345 678",
    "cccd": "074090001234",
    "nop_thay": "",
    "ma_cu": "BD1234",
}


def field(**overrides) -> dict:
    return {"fields": [{"name": "a", "label": "A", "type": "text", **overrides}]}


class TestValidateSchema:
    @pytest.mark.parametrize("schema", [{}, None, {"fields": []}, SCHEMA, field(type="radio", choices=CHOICES)])
    def test_a_usable_schema_passes(self, schema):
        assert validate_schema(schema) is None

    @pytest.mark.parametrize(
        "schema, message",
        [
            ("họ tên", "Mẫu đơn không hợp lệ tại gốc"),
            ({"fields": "ho_ten"}, "Mẫu đơn không hợp lệ tại fields"),
            ({"fields": [], "title": "Tờ khai"}, "Mẫu đơn không hợp lệ tại gốc"),
            ({"fields": [{"name": "a", "type": "text"}]}, "Mẫu đơn không hợp lệ tại fields/0"),
            (field(name="Ho ten"), "Mẫu đơn không hợp lệ tại fields/0/name"),
            (field(type="file"), "Mẫu đơn không hợp lệ tại fields/0/type"),
            (field(placeholder="..."), "Mẫu đơn không hợp lệ tại fields/0"),
            (field(min_length=-1), "Mẫu đơn không hợp lệ tại fields/0/min_length"),
            (field(type="select", choices=[{"value": "x"}]), "Mẫu đơn không hợp lệ tại fields/0/choices/0"),
            (field(type="select"), "Trường “a” cần danh sách lựa chọn."),
            ({"fields": [field()["fields"][0]] * 2}, "Mẫu đơn có trường trùng tên: a"),
            (field(visible_if={"field": "b", "equals": "x"}), "Điều kiện hiển thị của “a” phải dựa vào một trường đứng trước nó."),
            (field(visible_if={"field": "b"}), "Mẫu đơn không hợp lệ tại fields/0/visible_if"),
            (field(pattern="[0-9"), "Biểu thức kiểm tra của “a” không hợp lệ."),
        ],
    )
    def test_each_bad_shape_is_refused_in_vietnamese(self, schema, message):
        with pytest.raises(ValidationError) as refusal:
            validate_schema(schema)

        assert refusal.value.messages[0].startswith(message)


class TestCleanSubmission:
    def test_a_valid_submission_comes_back_cleaned(self):
        cleaned = clean_submission(SCHEMA, {**VALID, "so_con": "2,0", "nop_thay": "on", "nguoi_nho": "Trần Thị Bình"})

        assert cleaned == {**VALID, "so_con": "2.0", "nop_thay": True, "nguoi_nho": "Trần Thị Bình"}

    def test_keys_the_schema_does_not_define_are_dropped(self):
        assert "vai_tro" not in clean_submission(SCHEMA, {**VALID, "vai_tro": "admin"})

    def test_a_hidden_field_is_neither_required_nor_kept(self):
        cleaned = clean_submission(SCHEMA, {**VALID, "nop_thay": False, "nguoi_nho": "Ai đó", "ghi_chu": "x"})

        assert "nguoi_nho" not in cleaned and "ghi_chu" not in cleaned and cleaned["nop_thay"] is False

    def test_a_field_shown_by_its_condition_is_checked_like_any_other(self):
        with pytest.raises(ValidationError) as refusal:
            clean_submission(SCHEMA, {**VALID, "nop_thay": "1"})

        assert refusal.value.message_dict == {"nguoi_nho": ["Người nhờ nộp: bắt buộc phải nhập."]}
        assert clean_submission(SCHEMA, {**VALID, "gioi_tinh": "nu", "ghi_chu": "Con thứ ba"})["ghi_chu"] == "Con thứ ba"

    @pytest.mark.parametrize(
        "name, value, message",
        [
            ("ho_ten", "   ", "Họ và tên: bắt buộc phải nhập."),
            ("ho_ten", "A", "Họ và tên: cần ít nhất 2 ký tự."),
            ("ho_ten", "A" * 41, "Họ và tên: không được dài quá 40 ký tự."),
            ("ho_ten", ["Nguyễn"], "Họ và tên: giá trị không hợp lệ."),
            ("so_con", "hai", "Số con: phải là một số."),
            ("so_con", "Infinity", "Số con: phải là một số."),
            ("so_con", "-1", "Số con: không được nhỏ hơn 0."),
            ("so_con", 21, "Số con: không được lớn hơn 20."),
            ("ngay_sinh", "17/05/1990", "Ngày sinh: phải là ngày hợp lệ (năm-tháng-ngày)."),
            ("ngay_sinh", "1899-12-31", "Ngày sinh: không được trước ngày 1900-01-01."),
            ("ngay_sinh", "2101-01-01", "Ngày sinh: không được sau ngày 2100-12-31."),
            ("gioi_tinh", "khac", "Giới tính: phải chọn một giá trị trong danh sách."),
            ("email", "an.example.vn", "Thư điện tử: không phải địa chỉ thư điện tử hợp lệ."),
            ("dien_thoai", "12345", "Điện thoại: không phải số điện thoại hợp lệ."),
            ("cccd", "07409000123", "Số định danh: số định danh cá nhân phải gồm đúng 12 chữ số."),
            ("nop_thay", "có lẽ", "Nộp thay người khác: phải là có hoặc không."),
            ("ma_cu", "bd1234", "Mã hồ sơ cũ: không đúng định dạng yêu cầu."),
        ],
    )
    def test_each_wrong_value_is_refused_with_its_label(self, name, value, message):
        with pytest.raises(ValidationError) as refusal:
            clean_submission(SCHEMA, {**VALID, name: value})

        assert refusal.value.message_dict == {name: [message]}

    def test_a_required_checkbox_must_be_ticked(self):
        schema = {"fields": [{"name": "cam_ket", "label": "Cam kết", "type": "checkbox", "required": True}]}

        with pytest.raises(ValidationError) as refusal:
            clean_submission(schema, {"cam_ket": "0"})

        assert refusal.value.message_dict == {"cam_ket": ["Cam kết: bắt buộc phải đánh dấu."]}
        assert clean_submission(schema, {"cam_ket": "true"}) == {"cam_ket": True}

    @pytest.mark.parametrize("data", [None, ["ho_ten"], "ho_ten=An"])
    def test_data_that_is_not_a_mapping_is_refused(self, data):
        with pytest.raises(ValidationError, match="Dữ liệu tờ khai phải là một tập trường và giá trị."):
            clean_submission(SCHEMA, data)

    def test_a_procedure_without_a_form_keeps_nothing(self):
        assert clean_submission({}, {"ho_ten": "An"}) == {}

    @given(st.text(alphabet="0123456789", min_size=1, max_size=14))
    def test_a_national_id_is_exactly_twelve_digits(self, digits):
        schema = {"fields": [{"name": "cccd", "label": "CCCD", "type": "national_id"}]}
        try:
            accepted = clean_submission(schema, {"cccd": digits}) == {"cccd": digits}
        except ValidationError:
            accepted = False

        assert accepted == (len(digits) == 12)


class TestWholeNumbers:
    @pytest.mark.parametrize("kind", ["integer", "money"])
    def test_a_whole_number_is_kept_as_a_number(self, kind):
        assert clean_submission(field(type=kind, min=0, max=10_000_000), {"a": "3"}) == {"a": 3}

    @pytest.mark.parametrize("typed", ["2.5", "2,5", "hai", "1e3", "nan"])
    def test_an_integer_field_refuses_anything_but_a_whole_number(self, typed):
        with pytest.raises(ValidationError) as error:
            clean_submission(field(type="integer"), {"a": typed})
        assert error.value.message_dict == {"a": ["A: phải là số nguyên (không có phần thập phân)."]}

    def test_money_may_be_typed_with_thousands_dots(self):
        assert clean_submission(field(type="money"), {"a": "200.000"}) == {"a": 200_000}

    def test_money_refuses_words(self):
        with pytest.raises(ValidationError, match="phải là số tiền bằng đồng"):
            clean_submission(field(type="money"), {"a": "hai trăm nghìn"})

    def test_limits_still_apply(self):
        with pytest.raises(ValidationError, match="không được lớn hơn 10"):
            clean_submission(field(type="integer", max=10), {"a": "11"})


BIRTH = {
    "fields": [
        {"name": "ho_ten_tre", "label": "Họ, chữ đệm và tên của trẻ", "type": "text", "required": True},
        {"name": "gioi_tinh", "label": "Giới tính", "type": "radio", "choices": CHOICES},
        {"name": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date"},
        {"name": "co_thong_tin_cha", "label": "Khai thông tin người cha", "type": "checkbox"},
        {"name": "ho_ten_cha", "label": "Họ tên người cha", "type": "text", "visible_if": {"field": "co_thong_tin_cha", "equals": True}},
        {"name": "so_ban_sao", "label": "Số bản sao", "type": "integer"},
        {"name": "le_phi", "label": "Lệ phí đã nộp", "type": "money"},
        {"name": "dien_tich", "label": "Diện tích (m²)", "type": "number"},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
    ]
}


class TestAnswers:
    def test_values_read_in_plain_words(self):
        data = {
            "ho_ten_tre": "Nguyễn An", "gioi_tinh": "nam", "ngay_sinh": "2026-11-20", "co_thong_tin_cha": False,
            "so_ban_sao": 2, "le_phi": 200000, "dien_tich": "1234.5",
        }
        assert [(a.label, a.value) for a in answers(BIRTH, data)] == [
            ("Họ, chữ đệm và tên của trẻ", "Nguyễn An"),
            ("Giới tính", "Nam"),
            ("Ngày, tháng, năm sinh", "20/11/2026"),
            ("Khai thông tin người cha", "Không"),
            ("Số bản sao", "2"),
            ("Lệ phí đã nộp", "200.000 đ"),
            ("Diện tích (m²)", "1.234,5"),
        ]

    def test_a_field_whose_condition_does_not_hold_is_left_out(self):
        data = {"co_thong_tin_cha": False, "ho_ten_cha": "left over from before"}
        assert "ho_ten_cha" not in [a.name for a in answers(BIRTH, data)]

    def test_a_field_whose_condition_holds_is_shown(self):
        data = {"co_thong_tin_cha": True, "ho_ten_cha": "Nguyễn Bình"}
        shown = {a.name: a.value for a in answers(BIRTH, data)}
        assert shown["co_thong_tin_cha"] == "Có" and shown["ho_ten_cha"] == "Nguyễn Bình"

    def test_an_unticked_checkbox_answers_no_even_when_missing(self):
        assert [(a.name, a.value) for a in answers(BIRTH, {})] == [("co_thong_tin_cha", "Không")]

    def test_an_unknown_choice_or_bad_date_is_shown_as_stored(self):
        shown = {a.name: a.value for a in answers(BIRTH, {"gioi_tinh": "khac", "ngay_sinh": "20/11"})}
        assert shown["gioi_tinh"] == "khac" and shown["ngay_sinh"] == "20/11"

    @pytest.mark.parametrize("schema, data", [({}, {}), (None, None), ({}, {"a": "1"})])
    def test_no_form_shows_nothing(self, schema, data):
        assert answers(schema, data) == []

    def test_data_that_is_not_a_mapping_is_read_as_empty(self):
        assert answers(BIRTH, "không phải dict") == answers(BIRTH, {})

    def test_whatever_clean_submission_keeps_answers_show(self):
        cleaned = clean_submission(SCHEMA, VALID)
        shown = {a.name: a.value for a in answers(SCHEMA, cleaned)}
        assert shown["ngay_sinh"] == "17/05/1990" and shown["gioi_tinh"] == "Nam" and shown["nop_thay"] == "Không"
        assert "nguoi_nho" not in shown
