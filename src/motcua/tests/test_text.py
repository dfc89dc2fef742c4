from hypothesis import given
from hypothesis import strategies as st

from motcua.text import fold


def test_vietnamese_letters_fold_to_plain_latin():
    assert fold("Trần Thị Lan") == "tran thi lan"
    assert fold("ĐẶNG VĂN ĐỨC") == "dang van duc"
    assert fold("  Nguyễn   Ngọc\tẢnh ") == "nguyen ngoc anh"


@given(st.text())
def test_folding_is_idempotent_and_single_spaced(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == " ".join(folded.split())


def test_vnd_groups_thousands_with_dots():
    from motcua.text import vnd

    assert vnd(50000) == "50.000 đ"
    assert vnd(1234567) == "1.234.567 đ"
    assert vnd(0) == "0 đ"
    assert vnd(None) == "" and vnd("không phải số") == ""
