from io import StringIO

from django.core.management import call_command

from motcua.demo.data import read


def test_prints_the_address_and_every_demo_account_with_its_password():
    out = StringIO()
    call_command("demo_accounts", "--address", "http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text.splitlines()[0]
    for username in ["admin", "quantri.tinh", "tiepnhan.phucuong", "thuly.tdm", "lanhdao.stp", "buudien.tdm", "074190012345", "3702845168"]:
        line = next(line for line in text.splitlines() if line.startswith(username + " "))
        assert read("accounts")["password"] in line
    assert "UBND phường Phú Cường" in text and "Chuyên viên thụ lý" in text
    assert read("accounts")["totp_secret"] in text  # the second factor of leaders and admins
