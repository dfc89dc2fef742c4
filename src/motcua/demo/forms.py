"""What demo applicants write in each procedure's online form.

One function per procedure of data/catalog.json draws a plausible filled-in form; keys of
fields a form hides (visible_if) may be present, the form cleaning drops them. A procedure
without a function here gets values drawn from its schema alone, field type by type.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from motcua.demo.data import read
from motcua.demo.people import People, Person


@dataclass
class Context:
    rng: random.Random
    people: People
    applicant: Person
    area: str
    today: date
    company: str = ""
    tax_code: str = ""

    def pick(self, *values):
        return self.rng.choice(values)

    def day_between(self, first: date, last: date) -> str:
        return (first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))).isoformat()

    def parcel(self) -> dict:
        return {"so_thua": str(self.rng.randint(1, 2500)), "so_to": str(self.rng.randint(1, 120))}


def birth(c: Context) -> dict:
    mother = c.applicant if not c.applicant.male else c.people.person(male=False, age=(20, 38), today=c.today)
    father = c.applicant if c.applicant.male else c.people.person(male=True, age=(22, 42), today=c.today)
    with_father = c.rng.random() < 0.92
    male = c.rng.random() < 0.5
    return {
        "ho_ten_tre": c.people.full_name(male, family=father.family_name if with_father else mother.family_name),
        "gioi_tinh": "nam" if male else "nu",
        "ngay_sinh": c.day_between(c.today - timedelta(days=55), c.today - timedelta(days=2)),
        "noi_sinh": c.rng.choice(read("people")["hospitals"]),
        "dan_toc": c.rng.choices(["kinh", "hoa", "khmer", "tay"], [94, 3, 2, 1])[0],
        "ho_ten_me": mother.name, "so_dinh_danh_me": mother.national_id,
        "co_thong_tin_cha": with_father, "ho_ten_cha": father.name, "so_dinh_danh_cha": father.national_id,
        "nguoi_di_dang_ky": "cha" if c.applicant.male else "me",
        "so_ban_sao": str(c.rng.randint(0, 3)),
    }


def death(c: Context) -> dict:
    deceased = c.people.person(age=(60, 95), today=c.today, family=c.applicant.family_name)
    return {
        "ho_ten_nguoi_mat": deceased.name, "gioi_tinh": "nam" if deceased.male else "nu",
        "ngay_sinh_nguoi_mat": deceased.born.isoformat(), "so_dinh_danh_nguoi_mat": deceased.national_id,
        "ngay_mat": c.day_between(c.today - timedelta(days=14), c.today - timedelta(days=1)),
        "noi_mat": c.pick(f"Tại nhà, {c.area}", c.rng.choice(read("people")["hospitals"])),
        "nguyen_nhan": c.pick("Bệnh già", "Bệnh hiểm nghèo", "Suy tim", "Tai biến mạch máu não"),
        "quan_he": c.pick("con", "con", "vo_chong", "anh_chi_em"),
    }


def marriage(c: Context) -> dict:
    partner = c.people.person(male=not c.applicant.male, age=(20, 35), today=c.today)
    husband, wife = (c.applicant, partner) if c.applicant.male else (partner, c.applicant)
    before = c.rng.choices(["lan_dau", "da_ly_hon", "goa"], [90, 8, 2])[0]
    return {
        "ho_ten_chong": husband.name, "ngay_sinh_chong": husband.born.isoformat(), "so_dinh_danh_chong": husband.national_id,
        "ho_ten_vo": wife.name, "ngay_sinh_vo": wife.born.isoformat(), "so_dinh_danh_vo": wife.national_id,
        "tinh_trang_truoc": before,
        "ban_an_ly_hon": f"Quyết định số {c.rng.randint(10, 900)}/{c.rng.randint(2015, 2024)}/QĐST-HNGĐ của TAND {c.pick('thành phố Thủ Dầu Một', 'thành phố Thuận An', 'thành phố Dĩ An')}",
        "ngay_du_kien": c.day_between(c.today + timedelta(days=5), c.today + timedelta(days=20)),
    }


def civil_extract(c: Context) -> dict:
    return {
        "loai_trich_luc": c.rng.choices(["khai_sinh", "ket_hon", "khai_tu"], [70, 20, 10])[0],
        "ho_ten_nguoi_duoc_cap": c.applicant.name, "ngay_sinh": c.applicant.born.isoformat(),
        "so_dang_ky": f"{c.rng.randint(1, 400)}" if c.rng.random() < 0.5 else "",
        "nam_dang_ky": str(max(c.applicant.born.year, 1976)), "so_ban": str(c.rng.randint(1, 3)),
        "muc_dich": c.pick("Bổ sung hồ sơ xin việc", "Làm thủ tục nhập học cho con", "Hồ sơ vay vốn ngân hàng", "Làm hộ chiếu"),
    }


def birth_reregistration(c: Context) -> dict:
    return {
        "ho_ten": c.applicant.name, "gioi_tinh": "nam" if c.applicant.male else "nu", "ngay_sinh": c.applicant.born.isoformat(),
        "noi_sinh": c.pick("Trạm y tế xã", "Nhà hộ sinh khu vực", "Bệnh viện tỉnh Sông Bé"),
        "noi_dang_ky_truoc": f"UBND {c.area.split(',')[0]}",
        "nam_dang_ky_truoc": str(min(max(c.applicant.born.year, 1976), 2015)),
        "ly_do": c.pick("Sổ hộ tịch bị hư hỏng do thiên tai, bản chính Giấy khai sinh bị thất lạc.",
                        "Bản chính Giấy khai sinh bị mất, sổ hộ tịch lưu trữ không còn."),
    }


def civil_correction(c: Context) -> dict:
    for_child = c.rng.random() < 0.3
    return {
        "loai_yeu_cau": c.rng.choices(["thay_doi", "cai_chinh", "bo_sung"], [30, 55, 15])[0],
        "giay_to": "khai_sinh", "doi_tuong": "con_chua_thanh_nien" if for_child else "ban_than",
        "tuoi_cua_con": str(c.rng.randint(1, 17)),
        "noi_dung_hien_tai": c.pick("Quê quán: Bình Dương", "Ngày sinh: 01/01", "Họ tên cha: (để trống)", "Dân tộc: Kinh"),
        "noi_dung_de_nghi": c.pick("Quê quán: Bến Tre", "Ngày sinh: 10/01", "Họ tên cha: theo quyết định nhận cha con", "Dân tộc: Hoa"),
        "ly_do": c.pick("Ghi sai khi đăng ký khai sinh so với giấy chứng sinh.", "Bổ sung thông tin người cha sau khi nhận cha con.",
                        "Thống nhất thông tin với Cơ sở dữ liệu quốc gia về dân cư."),
    }


def marital_status(c: Context) -> dict:
    status = c.rng.choices(["chua_ket_hon", "dang_co_vo_chong", "da_ly_hon"], [70, 20, 10])[0]
    purpose = "ket_hon" if status != "dang_co_vo_chong" and c.rng.random() < 0.6 else c.pick("giao_dich_tai_san", "xuat_canh", "khac")
    partner = c.people.person(male=not c.applicant.male, age=(20, 35), today=c.today)
    return {
        "tinh_trang": status, "ho_ten_vo_chong": c.people.full_name(not c.applicant.male),
        "muc_dich": purpose,
        "nguoi_du_dinh_ket_hon": f"{partner.name}, sinh năm {partner.born.year}, quốc tịch Việt Nam",
        "noi_du_dinh_ket_hon": c.pick("UBND phường Phú Cường", "UBND phường Lái Thiêu", "UBND xã An Sơn", "UBND phường Dĩ An"),
        "muc_dich_khac": "Bổ sung hồ sơ dự tuyển công chức",
    }


def guardianship(c: Context) -> dict:
    ward = c.people.person(age=(3, 15), today=c.today, family=c.applicant.family_name)
    return {
        "loai_giam_ho": c.pick("cu", "duong_nhien"),
        "ho_ten_nguoi_giam_ho": c.applicant.name, "so_dinh_danh_nguoi_giam_ho": c.applicant.national_id,
        "ho_ten_nguoi_duoc_giam_ho": ward.name, "ngay_sinh_nguoi_duoc_giam_ho": ward.born.isoformat(),
        "ly_do": "Cha mẹ của người được giám hộ đều đã chết; người giám hộ là người thân thích đang trực tiếp nuôi dưỡng.",
    }


def certified_copy(c: Context) -> dict:
    paper, issuer = c.rng.choice([
        ("Căn cước", "Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("Giấy khai sinh", f"UBND {c.area.split(',')[0]}"),
        ("Bằng tốt nghiệp trung học phổ thông", "Sở Giáo dục và Đào tạo tỉnh Bình Dương"),
        ("Giấy chứng nhận quyền sử dụng đất", "Sở Tài nguyên và Môi trường tỉnh Bình Dương"),
        ("Bằng tốt nghiệp đại học", "Trường Đại học Thủ Dầu Một"),
    ])
    return {
        "ten_giay_to": paper, "co_quan_cap": issuer, "so_trang": str(c.rng.choice([1, 1, 2, 2, 4])),
        "so_ban": str(c.rng.randint(1, 6)), "hinh_thuc": c.rng.choices(["giay", "dien_tu"], [80, 20])[0],
        "email_nhan": c.applicant.email(),
    }


def signature(c: Context) -> dict:
    language = c.rng.choices(["tieng_viet", "song_ngu", "tieng_nuoc_ngoai"], [80, 15, 5])[0]
    return {
        "ten_van_ban": c.pick("Giấy ủy quyền", "Đơn xin xác nhận", "Bản cam kết", "Giấy đề nghị", "Tờ khai"),
        "so_nguoi_ky": str(c.rng.choice([1, 1, 1, 2])), "ngon_ngu": language,
        "ten_ngon_ngu": c.pick("Tiếng Anh", "Tiếng Hàn", "Tiếng Nhật"), "so_ban": str(c.rng.randint(1, 4)),
    }


def first_land_certificate(c: Context) -> dict:
    with_house = c.rng.random() < 0.6
    return {
        **c.parcel(), "dien_tich": str(c.rng.choice([72, 96, 120, 150, 200, 315, 480, 1250, 2400])),
        "muc_dich_su_dung": c.pick("ODT", "ONT", "CLN", "CLN"),
        "nguon_goc": c.pick("nhan_chuyen_nhuong", "thua_ke", "khai_hoang"),
        "thoi_diem_su_dung": c.day_between(date(1985, 1, 1), date(2004, 6, 30)),
        "co_tai_san": with_house, "loai_tai_san": "nha_o", "dien_tich_xay_dung": str(c.rng.randint(40, 160)),
    }


def household_business(c: Context) -> dict:
    kind = c.rng.choice(read("people")["businesses"])
    family = c.rng.random() < 0.2
    member = c.people.person(age=(20, 60), today=c.today, family=c.applicant.family_name)
    return {
        "ten_ho_kinh_doanh": f"Hộ kinh doanh {kind} {c.applicant.name.split()[-1]}",
        "dia_chi_kinh_doanh": c.people.address(c.area), "dien_thoai": c.applicant.phone,
        "nganh_nghe": read("people")["business_lines"][kind],
        "von_kinh_doanh": str(c.rng.choice([50, 100, 150, 200, 300, 500, 800]) * 1_000_000),
        "so_lao_dong": str(c.rng.randint(1, 6)), "chu_the": "ho_gia_dinh" if family else "ca_nhan",
        "thanh_vien": f"{c.applicant.name} – {c.applicant.national_id}; {member.name} – {member.national_id}",
    }


def household_business_change(c: Context) -> dict:
    change = c.pick("dia_chi", "nganh_nghe", "von", "ten")
    return {
        "ma_so_hkd": f"46{c.rng.randint(1, 9)}{c.rng.choice('ABCDEFGH')}{c.rng.randrange(10**6):06d}",
        "ten_ho_kinh_doanh": f"Hộ kinh doanh {c.rng.choice(read('people')['businesses'])} {c.applicant.name.split()[-1]}",
        "noi_dung_thay_doi": change, "dia_chi_moi": c.people.address(c.area),
        "noi_dung_moi": {
            "dia_chi": "Chuyển địa điểm kinh doanh theo địa chỉ mới kê khai.",
            "nganh_nghe": "Bổ sung ngành: Bán lẻ đồ uống trong các cửa hàng chuyên doanh (4723).",
            "von": f"Tăng vốn kinh doanh lên {c.rng.choice([300, 500, 1000])}.000.000 đồng.",
            "ten": "Đổi tên thành Hộ kinh doanh Minh Phát.",
        }[change],
    }


def building_permit(c: Context) -> dict:
    lot = c.rng.choice([60, 72, 80, 100, 120, 150, 200])
    floors = c.rng.randint(1, 4)
    footprint = int(lot * c.rng.uniform(0.6, 0.9))
    return {
        "dia_diem": c.people.address(c.area), **c.parcel(), "dien_tich_dat": str(lot),
        "cap_cong_trinh": "cap_iii" if floors >= 3 else "cap_iv", "dien_tich_xay_dung": str(footprint),
        "tong_dien_tich_san": str(footprint * floors), "so_tang": str(floors), "chieu_cao": str(round(3.6 * floors + 1.2, 1)),
        "co_tang_ham": c.rng.random() < 0.08, "so_tang_ham": "1",
        "don_vi_thiet_ke": c.pick("Công ty TNHH Tư vấn Thiết kế Xây dựng Bình Dương", "Công ty Cổ phần Kiến trúc Sông Bé", ""),
    }


def land_change(c: Context) -> dict:
    how = c.rng.choices(["chuyen_nhuong", "tang_cho", "thua_ke", "gop_von"], [65, 20, 12, 3])[0]
    return {
        "so_phat_hanh_gcn": f"{c.pick('CS', 'CT', 'DA', 'DB')} {c.rng.randrange(10**6):06d}", **c.parcel(),
        "dien_tich": str(c.rng.choice([60, 80, 100, 125, 150, 250, 500, 1000])), "hinh_thuc": how,
        "gia_tri": str(c.rng.randint(8, 90) * 100_000_000), "quan_he": c.pick("cha_me_con", "vo_chong", "ong_ba_chau", "anh_chi_em"),
        "ben_nhan": c.people.full_name(c.rng.random() < 0.5),
    }


def criminal_record(c: Context) -> dict:
    sheet = c.rng.choices(["1", "2"], [80, 20])[0]
    return {
        "loai_phieu": sheet, "yeu_cau_xac_nhan_cam": c.rng.random() < 0.2,
        "muc_dich": c.pick("Bổ sung hồ sơ xin việc", "Xuất khẩu lao động", "Du học", "Thành lập doanh nghiệp", "Xin cấp thẻ tạm trú cho người thân"),
        "so_luong_phieu": str(c.rng.randint(1, 2)),
        "ho_ten_cha": c.people.full_name(True, family=c.applicant.family_name), "ho_ten_me": c.people.full_name(False),
        "ho_ten_vo_chong": c.people.full_name(not c.applicant.male) if c.rng.random() < 0.5 else "",
        "qua_trinh_cu_tru": f"Từ {c.applicant.born.year + 14} đến nay: {c.area}.",
    }


def company(c: Context) -> dict:
    name = c.company or c.people.company()
    by_company = c.rng.random() < 0.15
    return {
        "ten_tieng_viet": name.replace("Công ty TNHH", "Công ty TNHH Một thành viên", 1), "ten_viet_tat": "",
        "dia_chi_tru_so": c.people.address(c.area), "von_dieu_le": str(c.rng.choice([1, 2, 5, 10, 20]) * 1_000_000_000),
        "nganh_nghe_chinh": c.pick("4663", "1629", "2220", "4933", "5210", "4610", "7110"),
        "chu_so_huu_la": "to_chuc" if by_company else "ca_nhan",
        "ten_to_chuc_chu_so_huu": c.people.company(), "ma_so_thue_chu_so_huu": c.people.tax_code(),
    }


def construction_licence(c: Context) -> dict:
    return {
        "linh_vuc": c.pick("thiet_ke", "giam_sat", "giam_sat", "khao_sat", "dinh_gia"), "hang": c.pick("II", "III", "III"),
        "trinh_do": c.rng.choices(["dai_hoc", "cao_dang"], [85, 15])[0], "so_nam_kinh_nghiem": str(c.rng.randint(3, 20)),
        "da_co_chung_chi": c.rng.random() < 0.3, "so_chung_chi_cu": f"BID-{c.rng.randrange(10**5):05d}",
    }


def alcohol_wholesale(c: Context) -> dict:
    return {
        "ten_thuong_nhan": c.company or c.people.company(), "ma_so_doanh_nghiep": c.tax_code or c.people.tax_code(),
        "dia_chi_kho": c.people.address(c.area), "dien_tich_kho": str(c.rng.choice([60, 120, 250, 400])),
        "nha_cung_cap": c.pick("Tổng Công ty Cổ phần Bia – Rượu – Nước giải khát Sài Gòn", "Công ty Cổ phần Rượu Bình Tây", "Công ty TNHH Phân phối Rượu vang Đông Dương"),
        "so_diem_ban": str(c.rng.randint(3, 60)),
    }


def work_permit(c: Context) -> dict:
    name, nationality = c.rng.choice(read("people")["foreign_workers"])
    start = c.today + timedelta(days=c.rng.randint(15, 45))
    return {
        "ho_ten_nld": name, "quoc_tich": nationality, "so_ho_chieu": f"{c.pick('M', 'E', 'TR', 'P')}{c.rng.randrange(10**7):07d}",
        "vi_tri": c.pick("chuyen_gia", "nha_quan_ly", "lao_dong_ky_thuat", "giam_doc_dieu_hanh"),
        "chuc_danh": c.pick("Kỹ sư sản xuất", "Quản lý chất lượng", "Giám đốc nhà máy", "Kỹ thuật viên bảo trì"),
        "thoi_han_tu": start.isoformat(), "thoi_han_den": (start + timedelta(days=365 * 2 - 1)).isoformat(),
        "dia_diem_lam_viec": f"{c.pick('KCN VSIP', 'KCN Mỹ Phước 3', 'KCN Sóng Thần 2', 'KCN Nam Tân Uyên', 'KCN Bàu Bàng')}, tỉnh Bình Dương",
    }


def driving_licence(c: Context) -> dict:
    return {
        "so_gplx": f"74{c.rng.randrange(10**10):010d}", "hang": c.rng.choices(["A1", "B2", "C", "B1", "D"], [35, 40, 10, 10, 5])[0],
        "ngay_het_han": c.day_between(c.today - timedelta(days=60), c.today + timedelta(days=30)),
        "ly_do": c.rng.choices(["het_han", "hong", "thay_doi_thong_tin"], [75, 10, 15])[0],
        "noi_dung_thay_doi": "Cập nhật số định danh cá nhân thay cho số chứng minh nhân dân",
    }


SAMPLES: dict[str, Callable[[Context], dict]] = {
    "1.001193": birth, "1.001022": death, "1.000894": marriage, "2.000635": civil_extract, "1.004746": birth_reregistration,
    "1.004859": civil_correction, "1.004873": marital_status, "1.004837": guardianship, "2.000908": certified_copy,
    "2.000815": signature, "1.012790.H56": first_land_certificate, "1.001612": household_business,
    "2.000720": household_business_change, "1.009794": building_permit, "1.012793.H56": land_change,
    "2.000505": criminal_record, "2.001610.H56": company, "1.009972.H56": construction_licence,
    "2.000620.H56": alcohol_wholesale, "2.000205.H56": work_permit, "1.002804": driving_licence,
}


def fill_form(code: str, schema: dict, context: Context) -> dict:
    sample = SAMPLES.get(code)
    return sample(context) if sample else from_schema(schema, context)


def from_schema(schema: dict, c: Context) -> dict:
    """Values for every field of `schema`, from its types and limits alone."""
    values: dict = {}
    for field in schema.get("fields", []):
        kind, name = field["type"], field["name"]
        if kind in {"select", "radio"}:
            values[name] = c.rng.choice(field["choices"])["value"]
        elif kind == "checkbox":
            values[name] = c.rng.random() < 0.3
        elif kind in {"number", "integer", "money"}:
            values[name] = str(int(field.get("min", 1)))
        elif kind == "date":
            values[name] = str(field.get("min") or c.today.isoformat())
        elif kind == "national_id":
            values[name] = c.applicant.national_id
        elif kind == "phone":
            values[name] = c.applicant.phone
        elif kind == "email":
            values[name] = c.applicant.email()
        elif "pattern" not in field:
            values[name] = field["label"][: field.get("max_length", 200)]
    return values
