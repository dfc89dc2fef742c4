from datetime import UTC, date, datetime
from decimal import Decimal

from motcua.printforms import formatting as fmt


def test_times_are_written_in_vietnam_whatever_the_zone_they_come_in():
    assert fmt.moment(datetime(2026, 3, 2, 7, 30, tzinfo=UTC)) == "14 giờ 30 phút, ngày 02/03/2026"


def test_a_moment_near_midnight_utc_falls_on_the_vietnamese_day():
    assert fmt.day(datetime(2026, 3, 2, 18, 0, tzinfo=UTC)) == "03/03/2026"
    assert fmt.short_moment(datetime(2026, 3, 2, 18, 5, tzinfo=UTC)) == "01:05 03/03/2026"


def test_missing_times_print_nothing():
    assert fmt.moment(None) == fmt.day(None) == fmt.short_moment(None) == ""


def test_place_and_date_line():
    assert fmt.dated_at("Phú Cường", date(2026, 3, 2)) == "Phú Cường, ngày 02 tháng 03 năm 2026"


def test_money_is_grouped_with_dots():
    assert fmt.money(1_250_000) == "1.250.000 đồng"
    assert fmt.money(0) == "0 đồng"


def test_quantities_use_the_decimal_comma():
    assert fmt.quantity(Decimal("5.00")) == "5"
    assert fmt.quantity(Decimal("0.50")) == "0,5"
    assert fmt.quantity(Decimal("10")) == "10"


def test_place_is_read_from_the_agency_name_or_the_units_above():
    assert fmt.place_name("UBND phường Phú Cường") == "Phú Cường"
    assert fmt.place_name("UBND thành phố Thủ Dầu Một") == "Thủ Dầu Một"
    assert fmt.place_name("Sở Tư pháp tỉnh Bình Dương") == "Bình Dương"
    assert fmt.place_name("Trung tâm Phục vụ hành chính công", "UBND tỉnh Bình Dương") == "Bình Dương"
    assert fmt.place_name("Văn phòng đăng ký đất đai") == "Văn phòng đăng ký đất đai"
