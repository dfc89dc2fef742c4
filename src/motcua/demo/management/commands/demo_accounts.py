from django.core.management.base import BaseCommand

from motcua.demo.accounts import demo_account_rows, other_staff_example, password, totp_secret


class Command(BaseCommand):
    help = "In địa chỉ truy cập và bảng tài khoản trình diễn (tên đăng nhập, mật khẩu, vai trò, cơ quan)."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="http://127.0.0.1:8000/", help="Địa chỉ của máy chủ web.")

    def handle(self, *args, address, **options):
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan / chủ tài khoản")]
        rows += [(row.username, password(), row.role, row.agency) for row in demo_account_rows()]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(f"MotCua – tỉnh trình diễn Bình Dương: {address}")
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3])
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths) + "  " + "-" * len(row[3]))
        self.stdout.write("")
        self.stdout.write(f"Cán bộ các cơ quan khác, cùng mật khẩu: {other_staff_example()}")
        self.stdout.write("")
        # Two factors for officials (accounts.two_factor): the demo's shared authenticator key.
        self.stdout.write(
            "Lãnh đạo, quản trị cơ quan và quản trị tỉnh nhập thêm mã xác thực hai yếu tố: thêm khóa "
            f"{totp_secret()} vào ứng dụng xác thực (Google Authenticator, FreeOTP…) để có mã 6 chữ số. "
            "Khóa xác thực (passkey) dùng được khi mở địa chỉ bằng http://localhost."
        )
