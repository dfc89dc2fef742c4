from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.population.standin import pki
from motcua.population.standin.server import DEMO_PEOPLE, StandInServer, load_people


class Command(BaseCommand):
    help = "Chạy máy chủ thay thế CSDL quốc gia về dân cư (chỉ để thử nghiệm, trình diễn): HTTPS, chứng thư máy khách, yêu cầu ký."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8444)
        parser.add_argument("--folder", default="var/population", help="Thư mục chứng thư và khóa thử nghiệm (tạo nếu chưa có).")
        parser.add_argument("--people", default=str(DEMO_PEOPLE), help="Tệp JSON danh sách công dân.")

    def handle(self, *args, host, port, folder, people, **options):
        credentials = pki.ensure(Path(folder), host)
        server = StandInServer(credentials, load_people(Path(people)), host, port)
        self.stdout.write(f"CSDL dân cư (thay thế, thử nghiệm): {server.url}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
