"""The receiving agencies as a person chooses from them: Vietnamese order, grouped by district,
full names, and the one serving an address."""

import pytest

from motcua.agencies.choices import full_name, grouped, serving, sort_key, vietnamese_sorted
from motcua.agencies.models import Agency
from motcua.demo.province import load_province


def test_d_with_stroke_comes_after_d():
    assert vietnamese_sorted(["Đông Hòa", "Dĩ An", "Dầu Tiếng", "Bình Thắng", "Định Hòa", "Em"]) == [
        "Bình Thắng", "Dầu Tiếng", "Dĩ An", "Định Hòa", "Đông Hòa", "Em",
    ]


def test_letters_with_breve_and_circumflex_follow_their_base_letter():
    assert vietnamese_sorted(["Ấp Bắc", "Ăn", "Anh", "Ơn", "Ông", "Ong", "Ưng", "Uyên", "Ê", "Eo"]) == [
        "Anh", "Ăn", "Ấp Bắc", "Eo", "Ê", "Ong", "Ông", "Ơn", "Uyên", "Ưng",
    ]


def test_tones_are_ordered_as_vietnamese_orders_them():
    # No mark, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
    assert vietnamese_sorted(["tạ", "tá", "tã", "tả", "tà", "ta"]) == ["ta", "tà", "tả", "tã", "tá", "tạ"]
    assert sort_key("Hòa") < sort_key("Hóa") < sort_key("Hoang")


@pytest.mark.django_db
class TestTheProvince:
    @pytest.fixture
    def local(self):
        load_province()
        return Agency.objects.filter(level__in=[Agency.Level.DISTRICT, Agency.Level.COMMUNE])

    def test_grouped_by_district_with_the_district_office_first(self, local):
        groups = grouped(local)
        assert [group.label for group in groups][:3] == ["UBND huyện Bàu Bàng", "UBND huyện Bắc Tân Uyên", "UBND thành phố Bến Cát"]
        di_an = next(group for group in groups if group.label == "UBND thành phố Dĩ An")
        assert [choice.label for choice in di_an.choices] == [
            "UBND thành phố Dĩ An",
            "UBND phường An Bình (TP. Dĩ An)",
            "UBND phường Bình Thắng (TP. Dĩ An)",
            "UBND phường Dĩ An (TP. Dĩ An)",
            "UBND phường Đông Hòa (TP. Dĩ An)",
        ]
        every = [choice.label for group in groups for choice in group.choices]
        assert len(every) == local.count() and every[-1] != "UBND phường Đông Hòa (TP. Dĩ An)"

    def test_the_two_an_binh_are_told_apart(self, local):
        names = sorted(full_name(agency) for agency in local if "An Bình" in agency.name)
        assert names == ["UBND phường An Bình (TP. Dĩ An)", "UBND xã An Bình (H. Phú Giáo)"]

    def test_provincial_agencies_come_first_in_their_own_group(self):
        load_province()
        groups = grouped(Agency.objects.all())
        assert groups[0].label == "Cấp tỉnh và sở, ban, ngành"
        assert all(choice.agency.level in ("province", "department") for choice in groups[0].choices)

    @pytest.mark.parametrize(("address", "expected"), [
        ("12 Yersin, phường Phú Cường, thành phố Thủ Dầu Một", "UBND phường Phú Cường (TP. Thủ Dầu Một)"),
        ("3 Lê Lợi, Phú Cường", "UBND phường Phú Cường (TP. Thủ Dầu Một)"),
        ("ấp 2, xã An Bình, huyện Phú Giáo", "UBND xã An Bình (H. Phú Giáo)"),
        ("khu phố 1, phuong an binh, tp di an", "UBND phường An Bình (TP. Dĩ An)"),
        ("phường Dĩ An, thành phố Dĩ An", "UBND phường Dĩ An (TP. Dĩ An)"),
        ("khu phố 4, huyện Bàu Bàng", "UBND huyện Bàu Bàng"),
        ("An Bình", None),  # two communes of that name, no district said
        ("Quận 1, TP. Hồ Chí Minh", None),
        ("", None),
    ])
    def test_the_agency_serving_an_address(self, local, address, expected):
        found = serving(grouped(local), address)
        assert (found.label if found else None) == expected
