"""Templates edited by the province admin, the notices pages, and officials' reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import UserFactory
from motcua.notifications import reminders, templating, worker
from motcua.notifications.models import Message, MessageTemplate, Preference, State
from motcua.notifications.tests.conftest import MONDAY_MORNING, receive_online
from motcua.notifications.topics import TOPICS


def test_every_topic_has_its_templates_after_migrate(db):
    for topic in TOPICS.values():
        for channel in topic.defaults:
            template = MessageTemplate.objects.get(topic=topic.key, channel=channel)
            templating.check_template(template)  # the defaults pass their own check


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hồ sơ {ma_hs}", "Không có trường {ma_hs}"),
        ("Hồ sơ {ma_ho_so.__class__}", "Không có trường"),
        ("Hồ sơ {ma_ho_so[0]}", "Không có trường"),
        ("Hồ sơ {ma_ho_so:>40}", "không được kèm định dạng"),
        ("Hồ sơ {ma_ho_so!r}", "không được kèm định dạng"),
        ("Hồ sơ {ma_ho_so", "Dấu ngoặc nhọn không khớp"),
        ("Hồ sơ {}", "Không có trường {}"),
    ],
)
def test_placeholders_are_checked(text, problem):
    with pytest.raises(ValidationError) as refused:
        templating.check_text(text, TOPICS["received"].placeholders)
    assert problem in " ".join(refused.value.messages)


def test_literal_braces_and_known_placeholders_pass():
    templating.check_text("{{mẫu}} {ma_ho_so} hẹn {ngay_hen_tra}", TOPICS["received"].placeholders)
    assert templating.fill("{{x}} {ma_ho_so}", {"ma_ho_so": "H-1"}) == "{x} H-1"


@pytest.fixture
def province_admin(client, db):
    admin = UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True)
    client.force_login(admin)
    return client


def test_admin_edits_a_template_and_a_wrong_placeholder_changes_nothing(province_admin, world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    template = MessageTemplate.objects.get(topic="received", channel="sms")
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    page = province_admin.get(url)
    assert page.status_code == 200 and "{ngay_hen_tra}" in page.content.decode()
    data = {"subject": "", "body": "Ho so {ma_ho_so} hen {ngay_tra}", "zns_template_id": "", "is_active": "on"}
    answer = province_admin.post(url, data)
    assert answer.status_code == 200 and "Không có trường {ngay_tra}" in answer.content.decode()
    template.refresh_from_db()
    assert "{ngay_tra}" not in template.body
    data["body"] = "Ho so {ma_ho_so} da tiep nhan, hen {ngay_hen_tra}"
    assert province_admin.post(url, data).status_code == 302
    dossier = world.receive()
    assert Message.objects.get(dossier=dossier, channel="sms").body.startswith(f"Ho so {dossier.code} da tiep nhan, hen ")


def test_an_agency_admin_reads_a_template_and_cannot_change_it(client, world):
    template = MessageTemplate.objects.get(topic="received", channel="sms")
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200 and "{ngay_hen_tra}" in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    data = {"subject": "", "body": "Ho so {ma_ho_so}", "zns_template_id": "", "is_active": "on"}
    assert client.post(url, data).status_code == 403
    assert MessageTemplate.objects.get(pk=template.pk).body == template.body


def test_admin_sends_failed_messages_again(province_admin, world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    message = Message.objects.get(dossier=dossier)
    Message.objects.filter(pk=message.pk).update(state=State.FAILED, error="hết lượt thử")
    listing = reverse("admin:notifications_message_changelist")
    page = province_admin.get(listing, {"state__exact": "failed"})
    assert dossier.code in page.content.decode()
    province_admin.post(listing, {"action": "send_again", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.state == State.PENDING and message.attempts == 0
    worker.run_once()
    message.refresh_from_db()
    assert message.state == State.SENT and len(providers.sms) == 1


def test_an_agency_admin_sees_only_messages_of_their_dossiers(client, world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    mine = world.receive()
    client.force_login(world.stranger[Role.AGENCY_ADMIN])
    page = client.get(reverse("admin:notifications_message_changelist"))
    assert page.status_code == 200 and mine.code not in page.content.decode()
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    assert mine.code in client.get(reverse("admin:notifications_message_changelist")).content.decode()


def test_the_applicant_reads_her_notices_and_chooses_channels(client, world, providers):
    dossier = receive_online(world)
    client.force_login(world.citizen)
    home = client.get(reverse("citizens:dossiers"))
    header = home.content.decode()
    assert '<span class="notices-count" aria-hidden="true">2</span>' in header
    assert '<span class="notices-unread">(2 thông báo chưa đọc)</span>' in header
    page = client.get(reverse("notifications:notices"))
    content = page.content.decode()
    assert f"Hồ sơ {dossier.code} đã được tiếp nhận" in content and 'class="unread"' in content
    assert f"/tai-khoan/ho-so/{dossier.code}/mau-01/" in content  # the receipt, one click away
    assert not Message.objects.filter(user=world.citizen, channel="inapp", read_at__isnull=True).exists()
    answer = client.post(reverse("notifications:preferences"), {"first": "email", "second": "email", "third": ""})
    assert "Mỗi kênh chỉ chọn một lần" in answer.content.decode()
    assert not Preference.objects.filter(user=world.citizen).exists()
    client.post(reverse("notifications:preferences"), {"first": "sms", "second": "email", "third": ""})
    assert Preference.objects.get(user=world.citizen).channels == ["sms", "email"]
    assert client.post(reverse("notifications:preferences"), {"first": "telegram"}).status_code == 200


def test_notices_are_private(client, world, providers):
    receive_online(world)
    client.force_login(world.stranger[Role.RECEPTION])
    assert "đã được tiếp nhận" not in client.get(reverse("notifications:notices")).content.decode()
    client.logout()
    assert client.get(reverse("notifications:notices")).status_code == 302


def test_officials_are_reminded_once_of_what_turns_late_and_get_a_morning_digest(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["email"]
    handler = world.staff[Role.RECEPTION]
    handler.email = "tiepnhan@example.vn"
    handler.save(update_fields=["email"])
    dossier = world.receive()
    late = dossier.step_due_at + timedelta(hours=1)
    written = reminders.remind(handler, late)
    assert written == 2  # in-app and email
    overdue = Message.objects.get(user=handler, topic="overdue", channel="email")
    assert dossier.code in overdue.subject and overdue.address == "tiepnhan@example.vn"
    assert reminders.remind(handler, late + timedelta(hours=2)) == 0  # once per step due time
    morning = MONDAY_MORNING + timedelta(days=1, hours=-0.25)  # Tuesday 07:45
    assert reminders.digest_due(morning) and not reminders.digest_due(morning - timedelta(hours=1))
    assert reminders.digest(handler, morning) == 2
    digest = Message.objects.get(user=handler, topic="digest", channel="email")
    assert "1 hồ sơ cần xử lý" in digest.body and "Chờ chuyển xử lý: 1" in digest.body
    assert reminders.digest(handler, morning + timedelta(hours=3)) == 0
    assert reminders.digest(world.stranger[Role.RECEPTION], morning) == 0  # nothing to do, no digest


def test_an_official_is_reminded_of_the_most_urgent_dossiers_only(world, settings, providers, monkeypatch):
    settings.NOTIFY_CHANNELS = ["email"]
    monkeypatch.setattr(reminders, "MOST_URGENT", 2)
    official = world.staff[Role.RECEPTION]
    dossiers = [world.receive() for _ in range(3)]
    late = max(d.step_due_at for d in dossiers) + timedelta(hours=1)
    assert reminders.remind(official, late) == 2  # in-app only: no email address
    reminded = set(Message.objects.filter(user=official, topic="overdue").values_list("dossier", flat=True))
    assert reminded == {d.pk for d in sorted(dossiers, key=lambda d: (d.step_due_at, d.pk))[:2]}
    assert reminders.remind(official, late + timedelta(hours=1)) == 0  # the third waits its turn in the lists
