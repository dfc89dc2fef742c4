from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.models import State


def dossier_command(*args) -> str:
    out = StringIO()
    call_command("dossier", *args, stdout=out)
    return out.getvalue()


def test_show_prints_state_and_history(world):
    dossier = world.receive()
    output = dossier_command("show", dossier.code)
    assert dossier.code in output and "Đã tiếp nhận (mã 2)" in output and "receive" in output


def test_act_runs_the_lifecycle(world):
    dossier = world.receive()
    dossier_command("act", dossier.code, "hand_over", "--as", "pc.reception")
    output = dossier_command("act", dossier.code, "assign", "--as", "pc.division_head", "--assignee", "pc.handler")
    dossier.refresh_from_db()
    assert dossier.assignee.username == "pc.handler" and "assign" in output
    dossier_command("act", dossier.code, "request_supplement", "--as", "pc.handler", "--item", "Bản sao CCCD", "--reason", "Mờ")
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED


def test_act_refusal_is_a_clear_error_and_changes_nothing(world):
    dossier = world.receive()
    with pytest.raises(CommandError, match="không có quyền"):
        dossier_command("act", dossier.code, "hand_over", "--as", "pc.handler")
    with pytest.raises(CommandError, match="Không có tài khoản"):
        dossier_command("act", dossier.code, "hand_over", "--as", "ai-do")
    with pytest.raises(CommandError, match="Không có hồ sơ"):
        dossier_command("show", "000.00.00.H56-000000-0000")
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.events.count() == 1
