"""What the platform tells people, and with which words by default.

A topic is one kind of message: the dossier events that matter to the applicant, the
reminders and digest of officials, and the answer to a status question sent by SMS or
Zalo. Each topic names the placeholders its templates may use; the default wording below
is loaded into the editable templates (MessageTemplate) on migrate, and is what a province
starts from. One set of status messages serves every agency, as the seeds ask.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

APPLICANT = "applicant"
OFFICIAL = "official"
ENQUIRER = "enquirer"
ACCOUNT = "account"

DOSSIER_PLACEHOLDERS = {
    "ma_ho_so": _("mã hồ sơ"),
    "nguoi_nop": _("tên người nộp hoặc tổ chức"),
    "thu_tuc": _("tên thủ tục"),
    "co_quan": _("cơ quan đang giải quyết"),
    "trang_thai": _("trạng thái hồ sơ, bằng lời dễ hiểu"),
    "ngay_hen_tra": _("ngày hẹn trả kết quả"),
    "thoi_diem": _("thời điểm xảy ra việc"),
    "ly_do": _("lý do, nội dung cơ quan ghi cho người nộp"),
    "duong_dan": _("đường dẫn tra cứu hồ sơ"),
}


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    audience: str
    placeholders: dict = field(default_factory=dict)
    # The official form (printforms) attached to the email, for online dossiers.
    form: str = ""
    defaults: dict = field(default_factory=dict)  # channel -> (subject, body)
    # The text carries a secret (a sign-in link, a code): the administration never shows it,
    # and it is erased once the provider has taken the message.
    secret: bool = False


def _dossier(key, label, *, form="", extra=None, email, sms, zalo=None):
    placeholders = {**DOSSIER_PLACEHOLDERS, **(extra or {})}
    return Topic(
        key,
        label,
        APPLICANT,
        placeholders,
        form,
        {"email": email, "sms": ("", sms), "zalo": ("", zalo or sms), "inapp": (email[0], zalo or sms)},
    )


_SIGNATURE = "\n\nTrân trọng,\n{co_quan}"

TOPIC_LIST = [
    _dossier(
        "submitted",
        _("Đã nhận hồ sơ nộp trực tuyến"),
        email=(
            "Hồ sơ {ma_ho_so} đã được gửi",
            "Kính gửi {nguoi_nop},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) đã được gửi đến {co_quan} lúc {thoi_diem}. "
            "Cán bộ sẽ kiểm tra và thông báo việc tiếp nhận.\n\nTheo dõi hồ sơ: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} da gui den {co_quan}, dang cho tiep nhan. Tra cuu: {duong_dan}",
        zalo="Hồ sơ {ma_ho_so} đã được gửi đến {co_quan}, đang chờ tiếp nhận.",
    ),
    _dossier(
        "received",
        _("Đã tiếp nhận hồ sơ"),
        form="01",
        email=(
            "Hồ sơ {ma_ho_so} đã được tiếp nhận",
            "Kính gửi {nguoi_nop},\n\n{co_quan} đã tiếp nhận hồ sơ {ma_ho_so} ({thu_tuc}) lúc {thoi_diem}. "
            "Ngày hẹn trả kết quả: {ngay_hen_tra}.\n\nGiấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) được gửi kèm thư này "
            "khi hồ sơ nộp trực tuyến.\n\nTheo dõi hồ sơ: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} da duoc tiep nhan. Hen tra ket qua: {ngay_hen_tra}. Tra cuu: {duong_dan}",
        zalo="Hồ sơ {ma_ho_so} đã được tiếp nhận. Hẹn trả kết quả: {ngay_hen_tra}.",
    ),
    _dossier(
        "refused",
        _("Từ chối tiếp nhận hồ sơ"),
        form="03",
        email=(
            "Hồ sơ {ma_ho_so} không được tiếp nhận",
            "Kính gửi {nguoi_nop},\n\n{co_quan} không tiếp nhận hồ sơ {ma_ho_so} ({thu_tuc}).\n\nLý do: {ly_do}\n\n"
            "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) được gửi kèm thư này khi hồ sơ nộp trực tuyến." + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} khong duoc tiep nhan. Ly do: {ly_do}",
        zalo="Hồ sơ {ma_ho_so} không được tiếp nhận. Lý do: {ly_do}",
    ),
    _dossier(
        "supplement_requested",
        _("Yêu cầu bổ sung hồ sơ"),
        form="02",
        email=(
            "Hồ sơ {ma_ho_so} cần bổ sung",
            "Kính gửi {nguoi_nop},\n\nĐể giải quyết hồ sơ {ma_ho_so} ({thu_tuc}), {co_quan} đề nghị bổ sung:\n\n{ly_do}\n\n"
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) được gửi kèm thư này khi hồ sơ nộp trực tuyến. "
            "Bổ sung trực tuyến hoặc tại nơi nộp hồ sơ: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} can bo sung: {ly_do}. Chi tiet: {duong_dan}",
        zalo="Hồ sơ {ma_ho_so} cần bổ sung: {ly_do}",
    ),
    _dossier(
        "obligation_requested",
        _("Yêu cầu thực hiện nghĩa vụ tài chính"),
        email=(
            "Hồ sơ {ma_ho_so}: đề nghị thực hiện nghĩa vụ tài chính",
            "Kính gửi {nguoi_nop},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) đang chờ bạn thực hiện nghĩa vụ tài chính:\n\n{ly_do}\n\n"
            "Thời hạn giải quyết tạm dừng cho đến khi bạn hoàn thành. Chi tiết: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} cho thuc hien nghia vu tai chinh: {ly_do}",
        zalo="Hồ sơ {ma_ho_so} đang chờ thực hiện nghĩa vụ tài chính: {ly_do}",
    ),
    _dossier(
        "extended",
        _("Gia hạn, xin lỗi và hẹn lại ngày trả"),
        form="04",
        email=(
            "Hồ sơ {ma_ho_so}: xin lỗi và hẹn lại ngày trả kết quả",
            "Kính gửi {nguoi_nop},\n\n{co_quan} xin lỗi vì chưa thể trả kết quả hồ sơ {ma_ho_so} ({thu_tuc}) đúng hẹn.\n\n"
            "Lý do: {ly_do}\n\nNgày hẹn trả kết quả mới: {ngay_hen_tra}.\n\nPhiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) "
            "được gửi kèm thư này khi hồ sơ nộp trực tuyến." + _SIGNATURE,
        ),
        sms="Xin loi: ho so {ma_ho_so} duoc hen lai ngay tra ket qua {ngay_hen_tra}. Ly do: {ly_do}",
        zalo="Hồ sơ {ma_ho_so} được hẹn lại ngày trả kết quả: {ngay_hen_tra}. Lý do: {ly_do}",
    ),
    _dossier(
        "result_ready",
        _("Đã có kết quả"),
        email=(
            "Hồ sơ {ma_ho_so} đã có kết quả",
            "Kính gửi {nguoi_nop},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) đã có kết quả. Mời bạn nhận kết quả theo hình thức "
            "đã đăng ký.\n\nChi tiết: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} da co ket qua. Moi ban nhan ket qua theo hinh thuc da dang ky. {duong_dan}",
        zalo="Hồ sơ {ma_ho_so} đã có kết quả. Mời bạn nhận kết quả theo hình thức đã đăng ký.",
    ),
    _dossier(
        "returned",
        _("Đã trả kết quả"),
        email=(
            "Hồ sơ {ma_ho_so} đã trả kết quả",
            "Kính gửi {nguoi_nop},\n\nKết quả hồ sơ {ma_ho_so} ({thu_tuc}) đã được trả lúc {thoi_diem}. "
            "Mời bạn đánh giá mức độ hài lòng: {duong_dan}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} da tra ket qua. Danh gia muc do hai long: {duong_dan}",
        zalo="Hồ sơ {ma_ho_so} đã trả kết quả lúc {thoi_diem}.",
    ),
    _dossier(
        "withdrawn",
        _("Đã rút hồ sơ"),
        email=(
            "Hồ sơ {ma_ho_so} đã được rút",
            "Kính gửi {nguoi_nop},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) đã được rút lúc {thoi_diem}." + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} da duoc rut.",
        zalo="Hồ sơ {ma_ho_so} đã được rút lúc {thoi_diem}.",
    ),
    _dossier(
        "stopped",
        _("Dừng giải quyết hồ sơ"),
        email=(
            "Hồ sơ {ma_ho_so} bị dừng giải quyết",
            "Kính gửi {nguoi_nop},\n\n{co_quan} dừng giải quyết hồ sơ {ma_ho_so} ({thu_tuc}).\n\nLý do: {ly_do}" + _SIGNATURE,
        ),
        sms="Ho so {ma_ho_so} bi dung giai quyet. Ly do: {ly_do}",
        zalo="Hồ sơ {ma_ho_so} bị dừng giải quyết. Lý do: {ly_do}",
    ),
    _dossier(
        "payment_received",
        _("Đã nhận phí, lệ phí"),
        extra={"so_tien": _("số tiền đã nộp")},
        email=(
            "Hồ sơ {ma_ho_so}: đã nhận phí, lệ phí",
            "Kính gửi {nguoi_nop},\n\n{co_quan} đã nhận {so_tien} phí, lệ phí của hồ sơ {ma_ho_so} ({thu_tuc}) lúc {thoi_diem}."
            + _SIGNATURE,
        ),
        sms="Da nhan {so_tien} phi, le phi ho so {ma_ho_so}.",
        zalo="Đã nhận {so_tien} phí, lệ phí của hồ sơ {ma_ho_so}.",
    ),
]

_OFFICIAL_PLACEHOLDERS = {
    "ho_ten": _("họ tên cán bộ"),
    "ma_ho_so": _("mã hồ sơ"),
    "thu_tuc": _("tên thủ tục"),
    "buoc": _("bước xử lý"),
    "han_buoc": _("hạn của bước"),
    "duong_dan": _("đường dẫn mở hồ sơ trong Một cửa"),
}

TOPIC_LIST += [
    Topic(
        "due_soon",
        _("Nhắc việc: hồ sơ sắp đến hạn"),
        OFFICIAL,
        _OFFICIAL_PLACEHOLDERS,
        defaults={
            "email": (
                "Sắp đến hạn: hồ sơ {ma_ho_so}",
                "Chào {ho_ten},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) ở bước “{buoc}” đến hạn lúc {han_buoc}.\n\nMở hồ sơ: {duong_dan}",
            ),
            "inapp": ("Sắp đến hạn: hồ sơ {ma_ho_so}", "Bước “{buoc}” của hồ sơ {ma_ho_so} đến hạn lúc {han_buoc}."),
            "sms": ("", "Ho so {ma_ho_so} sap den han ({han_buoc})."),
            "zalo": ("", "Hồ sơ {ma_ho_so} sắp đến hạn ({han_buoc})."),
        },
    ),
    Topic(
        "overdue",
        _("Nhắc việc: hồ sơ quá hạn"),
        OFFICIAL,
        _OFFICIAL_PLACEHOLDERS,
        defaults={
            "email": (
                "Quá hạn: hồ sơ {ma_ho_so}",
                "Chào {ho_ten},\n\nHồ sơ {ma_ho_so} ({thu_tuc}) ở bước “{buoc}” đã quá hạn từ {han_buoc}.\n\nMở hồ sơ: {duong_dan}",
            ),
            "inapp": ("Quá hạn: hồ sơ {ma_ho_so}", "Bước “{buoc}” của hồ sơ {ma_ho_so} đã quá hạn từ {han_buoc}."),
            "sms": ("", "Ho so {ma_ho_so} da qua han tu {han_buoc}."),
            "zalo": ("", "Hồ sơ {ma_ho_so} đã quá hạn từ {han_buoc}."),
        },
    ),
    Topic(
        "digest",
        _("Tổng hợp công việc hằng ngày"),
        OFFICIAL,
        {
            "ho_ten": _("họ tên cán bộ"),
            "ngay": _("ngày"),
            "so_can_xu_ly": _("số hồ sơ cần xử lý"),
            "so_sap_den_han": _("số hồ sơ sắp đến hạn"),
            "so_qua_han": _("số hồ sơ quá hạn"),
            "danh_sach": _("danh sách việc theo từng loại"),
            "duong_dan": _("đường dẫn vào Một cửa"),
        },
        defaults={
            "email": (
                "Công việc ngày {ngay}: {so_can_xu_ly} hồ sơ",
                "Chào {ho_ten},\n\nNgày {ngay} bạn có {so_can_xu_ly} hồ sơ cần xử lý, trong đó {so_sap_den_han} sắp đến hạn "
                "và {so_qua_han} đã quá hạn.\n\n{danh_sach}\n\nVào Một cửa: {duong_dan}",
            ),
            "inapp": (
                "Công việc ngày {ngay}",
                "{so_can_xu_ly} hồ sơ cần xử lý: {so_sap_den_han} sắp đến hạn, {so_qua_han} quá hạn.",
            ),
            "sms": ("", "Ngay {ngay}: {so_can_xu_ly} ho so can xu ly, {so_qua_han} qua han."),
            "zalo": ("", "Ngày {ngay}: {so_can_xu_ly} hồ sơ cần xử lý, {so_qua_han} quá hạn."),
        },
    ),
    Topic(
        "status_reply",
        _("Trả lời tra cứu qua SMS, Zalo"),
        ENQUIRER,
        {
            "ma_ho_so": _("mã hồ sơ"),
            "trang_thai": _("trạng thái hồ sơ, bằng lời dễ hiểu"),
            "ngay_hen_tra": _("ngày hẹn trả kết quả"),
            "duong_dan": _("đường dẫn tra cứu hồ sơ"),
        },
        defaults={
            "sms": ("", "Ho so {ma_ho_so}: {trang_thai}. Hen tra: {ngay_hen_tra}. {duong_dan}"),
            "zalo": ("", "Hồ sơ {ma_ho_so}: {trang_thai}. Hẹn trả kết quả: {ngay_hen_tra}. {duong_dan}"),
        },
    ),
    Topic(
        "status_unknown",
        _("Trả lời tra cứu không tìm thấy"),
        ENQUIRER,
        {"duong_dan": _("đường dẫn trang tra cứu")},
        defaults={
            "sms": ("", "Khong tim thay ho so. Soan: TRACUU <ma ho so> <4 so cuoi CCCD hoac dien thoai>. {duong_dan}"),
            "zalo": ("", "Không tìm thấy hồ sơ. Gửi: TRACUU <mã hồ sơ> <4 số cuối CCCD hoặc điện thoại>. {duong_dan}"),
        },
    ),
]

TOPIC_LIST += [
    Topic(
        "account_verification",
        _("Xác minh thư điện tử của tài khoản"),
        ACCOUNT,
        {"ho_ten": _("họ tên người đăng ký"), "duong_dan": _("liên kết xác minh"), "so_gio": _("số giờ liên kết còn hiệu lực")},
        defaults={
            "email": (
                "Xác minh tài khoản dịch vụ công",
                "Kính gửi {ho_ten},\n\nBạn vừa đăng ký tài khoản trên Cổng dịch vụ công. Để kích hoạt tài khoản, vui lòng mở "
                "liên kết sau (có hiệu lực trong {so_gio} giờ):\n\n{duong_dan}\n\nNếu bạn không đăng ký, xin bỏ qua thư này.",
            ),
        },
        secret=True,
    ),
    Topic(
        "password_reset",
        _("Đặt lại mật khẩu"),
        ACCOUNT,
        {"ho_ten": _("họ tên chủ tài khoản"), "duong_dan": _("liên kết đặt lại mật khẩu")},
        defaults={
            "email": (
                "Đặt lại mật khẩu tài khoản dịch vụ công",
                "Kính gửi {ho_ten},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Mở liên kết sau để đặt mật khẩu mới:"
                "\n\n{duong_dan}\n\nNếu bạn không yêu cầu, xin bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.",
            ),
        },
        secret=True,
    ),
    Topic(
        "phone_code",
        _("Mã xác minh số điện thoại"),
        ACCOUNT,
        {"ma_xac_minh": _("mã xác minh gồm 6 chữ số"), "so_phut": _("số phút mã còn hiệu lực")},
        defaults={
            "sms": ("", "Ma xac minh tai khoan dich vu cong: {ma_xac_minh}. Hieu luc {so_phut} phut. Khong cung cap ma nay cho ai."),
        },
        secret=True,
    ),
]


# Who holds a national ID or tax code (citizens.identity), and the account's email address
# (citizens.services): the person is told of every change they did not see happen.
_HO_TEN = {"ho_ten": _("họ tên chủ tài khoản")}
TOPIC_LIST += [
    Topic(
        "identity_verified",
        _("Danh tính tài khoản đã được xác minh"),
        ACCOUNT,
        {**_HO_TEN, "dinh_danh": _("số định danh / mã số thuế (che bớt)"), "cach_xac_minh": _("cách xác minh"),
         "thoi_diem": _("thời điểm xác minh")},
        defaults={
            "email": (
                "Tài khoản dịch vụ công đã được xác minh danh tính",
                "Kính gửi {ho_ten},\n\nSố định danh / mã số thuế {dinh_danh} của tài khoản bạn đã được xác minh lúc {thoi_diem} "
                "({cach_xac_minh}). Từ nay, hồ sơ nộp trực tiếp với số này hiện trong mục Hồ sơ của tôi.\n\n"
                "Nếu bạn không thực hiện việc này, vui lòng liên hệ bộ phận một cửa gần nhất.",
            ),
            "sms": ("", "Tai khoan dich vu cong cua ban da duoc xac minh so {dinh_danh} luc {thoi_diem}."),
            "inapp": ("Đã xác minh danh tính", "Số {dinh_danh} của tài khoản đã được xác minh lúc {thoi_diem} ({cach_xac_minh})."),
        },
    ),
    Topic(
        "identity_taken_over",
        _("Số định danh khai báo đã được chủ sở hữu xác minh"),
        ACCOUNT,
        {**_HO_TEN, "dinh_danh": _("số định danh / mã số thuế (che bớt)")},
        defaults={
            "email": (
                "Số định danh khai báo trong tài khoản đã được gỡ",
                "Kính gửi {ho_ten},\n\nSố định danh / mã số thuế {dinh_danh} mà tài khoản của bạn khai báo vừa được xác minh "
                "cho tài khoản của chủ sở hữu, nên đã được gỡ khỏi tài khoản của bạn. Hồ sơ bạn đã nộp trực tuyến vẫn còn "
                "trong tài khoản.\n\nNếu số này là của bạn, vui lòng mang giấy tờ gốc đến bộ phận một cửa để được hỗ trợ.",
            ),
            "sms": ("", "So {dinh_danh} khai bao trong tai khoan dich vu cong cua ban da duoc chu so huu xac minh va go khoi tai khoan."),
            "inapp": (
                "Số định danh khai báo đã được gỡ",
                "Số {dinh_danh} đã được xác minh cho tài khoản của chủ sở hữu và được gỡ khỏi tài khoản của bạn.",
            ),
        },
    ),
    Topic(
        "sign_up_existing",
        _("Đăng ký lại bằng thư điện tử đã có tài khoản"),
        ACCOUNT,
        {**_HO_TEN, "dang_nhap": _("đường dẫn đăng nhập"), "quen_mat_khau": _("đường dẫn lấy lại mật khẩu")},
        defaults={
            "email": (
                "Thư điện tử này đã có tài khoản dịch vụ công",
                "Kính gửi {ho_ten},\n\nCó người vừa đăng ký tài khoản mới bằng địa chỉ thư này, nhưng địa chỉ đã gắn với tài "
                "khoản của bạn nên không có tài khoản mới nào được mở.\n\nĐăng nhập: {dang_nhap}\nQuên mật khẩu: {quen_mat_khau}"
                "\n\nNếu không phải bạn đăng ký, xin bỏ qua thư này.",
            ),
        },
    ),
    Topic(
        "email_change",
        _("Xác minh thư điện tử mới của tài khoản"),
        ACCOUNT,
        {**_HO_TEN, "duong_dan": _("liên kết xác nhận"), "so_gio": _("số giờ liên kết còn hiệu lực")},
        defaults={
            "email": (
                "Xác nhận thư điện tử mới cho tài khoản dịch vụ công",
                "Kính gửi {ho_ten},\n\nTài khoản dịch vụ công của bạn yêu cầu đổi thư điện tử sang địa chỉ này. Để xác nhận, "
                "vui lòng mở liên kết sau (có hiệu lực trong {so_gio} giờ):\n\n{duong_dan}\n\nNếu bạn không yêu cầu, xin bỏ qua "
                "thư này; tài khoản vẫn dùng địa chỉ cũ.",
            ),
        },
        secret=True,
    ),
    Topic(
        "email_in_use",
        _("Đổi sang thư điện tử đã có tài khoản"),
        ACCOUNT,
        {"quen_mat_khau": _("đường dẫn lấy lại mật khẩu")},
        defaults={
            "email": (
                "Thư điện tử này đã có tài khoản dịch vụ công",
                "Có yêu cầu dùng địa chỉ thư này cho một tài khoản dịch vụ công khác, nhưng địa chỉ đã gắn với một tài khoản "
                "nên yêu cầu không được thực hiện.\n\nNếu bạn quên mật khẩu của tài khoản đó: {quen_mat_khau}\n\n"
                "Nếu không phải bạn yêu cầu, xin bỏ qua thư này.",
            ),
        },
    ),
    Topic(
        "email_changed",
        _("Thư điện tử của tài khoản đã đổi"),
        ACCOUNT,
        {**_HO_TEN, "thu_moi": _("địa chỉ thư mới (che bớt)")},
        defaults={
            "email": (
                "Thư điện tử của tài khoản dịch vụ công đã được đổi",
                "Kính gửi {ho_ten},\n\nThư điện tử của tài khoản dịch vụ công của bạn vừa được đổi sang {thu_moi}. Thư này "
                "gửi đến địa chỉ cũ để bạn biết.\n\nNếu bạn không thực hiện việc này, vui lòng liên hệ bộ phận một cửa.",
            ),
        },
    ),
]

# Two factors for officials (accounts.two_factor): the official hears of every reset.
TOPIC_LIST.append(
    Topic(
        "second_factor_reset",
        _("Xác thực hai yếu tố đã được đặt lại"),
        ACCOUNT,
        {**_HO_TEN, "nguoi_dat_lai": _("người đặt lại"), "thoi_diem": _("thời điểm đặt lại"), "ly_do": _("lý do đặt lại")},
        defaults={
            "email": (
                "Xác thực hai yếu tố của tài khoản cán bộ đã được đặt lại",
                "Kính gửi {ho_ten},\n\n{nguoi_dat_lai} đã đặt lại xác thực hai yếu tố của tài khoản bạn lúc {thoi_diem}.\n"
                "Lý do: {ly_do}\n\nỞ lần đăng nhập tới, bạn đăng ký lại yếu tố xác thực tại mạng cơ quan.\n\n"
                "Nếu bạn không đề nghị việc này, vui lòng báo ngay cho quản trị của cơ quan.",
            ),
            "inapp": ("Đã đặt lại xác thực hai yếu tố", "{nguoi_dat_lai} đã đặt lại xác thực hai yếu tố lúc {thoi_diem}. Lý do: {ly_do}"),
        },
    )
)

TOPICS = {topic.key: topic for topic in TOPIC_LIST}

# Which event produces which applicant message. A dossier becoming ready is read from the
# state it enters (several actions can finish one), so it is decided in topic_for.
ACTION_TOPICS = {
    "submit": "submitted",
    "receive": "received",
    "refuse": "refused",
    "request_supplement": "supplement_requested",
    "request_obligation": "obligation_requested",
    "extend": "extended",
    "return_result": "returned",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "record_online_payment": "payment_received",
    "collect_fees": "payment_received",
}


def topic_for(event) -> Topic | None:
    """The applicant message an event causes, or None for work between officials."""
    from motcua.dossiers.models import State

    if event.to_state == State.READY and event.from_state != State.READY:
        return TOPICS["result_ready"]
    key = ACTION_TOPICS.get(event.action)
    return TOPICS[key] if key else None
