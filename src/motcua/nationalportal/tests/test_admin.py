"""The sync log in the administration: what the portal was told, what it refused, "send again"."""

from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers import lifecycle
from motcua.nationalportal import standin, sync
from motcua.nationalportal.client import PortalClient
from motcua.nationalportal.models import State, Sync

LISTING = reverse("admin:nationalportal_sync_changelist")


def test_the_province_admin_finds_refusals_and_sends_them_again(client, world, portal):
    portal.refuse_next = [(standin.INVALID, "Thiếu trường bắt buộc: ChuHoSo")]
    dossier = world.receive()
    sync.run_once(PortalClient.from_settings())
    refused = Sync.objects.get(state=State.REFUSED)
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))

    page = client.get(LISTING, {"state__exact": "refused"}).content.decode()
    assert dossier.code in page and "Thiếu trường bắt buộc: ChuHoSo" in page
    detail = client.get(reverse("admin:nationalportal_sync_change", args=[refused.pk])).content.decode()
    assert "&quot;MaHoSo&quot;: &quot;" + dossier.code in detail

    client.post(LISTING, {"action": "send_again", "_selected_action": [refused.pk]})
    refused.refresh_from_db()
    assert refused.state == State.PENDING and refused.attempts == 0
    sync.run_once(PortalClient.from_settings())
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}
    assert dossier.code in portal.dossiers


def test_an_agency_admin_sees_only_the_log_of_their_dossiers(client, world, portal):
    mine = world.receive()
    client.force_login(world.stranger[Role.AGENCY_ADMIN])
    page = client.get(LISTING)
    assert page.status_code == 200 and mine.code not in page.content.decode()
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    assert mine.code in client.get(LISTING).content.decode()
    # Read only: the log is written by dossier events alone.
    record = Sync.objects.filter(dossier=mine).first()
    assert client.post(reverse("admin:nationalportal_sync_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert Sync.objects.filter(pk=record.pk).exists()


def test_the_dossier_page_shows_what_the_portal_shows_and_what_holds_it_back(client, world, portal):
    dossier = world.receive()
    page = reverse("backoffice:dossier", args=[dossier.code])
    client.force_login(world.staff[Role.RECEPTION])
    assert "Cổng chưa nhận hồ sơ" in client.get(page).content.decode()
    assert "2 cập nhật đang chờ gửi" in client.get(page).content.decode()

    sync.run_once(PortalClient.from_settings())
    assert "Cổng đang hiển thị trạng thái 2" in client.get(page).content.decode()

    portal.refuse_next = [(standin.INVALID, "Thiếu trường bắt buộc: DonViXuLy")]
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])
    sync.run_once(PortalClient.from_settings())
    shown = client.get(page).content.decode()
    assert "Cổng từ chối: Thiếu trường bắt buộc: DonViXuLy" in shown and "1 cập nhật đang chờ gửi" in shown
