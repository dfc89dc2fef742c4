"""The quality index (QĐ 766): each indicator's numerator and denominator from dossiers
built for it, the points from the configured thresholds, and who sees it."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import DocumentKind, Dossier
from motcua.portal.services import rate
from motcua.reports import periods, quality
from motcua.reports.models import IndicatorSetting
from motcua.reports.tests.conftest import MINUTE, vn

MARCH = periods.month(2026, 3)


@pytest.fixture
def month(world):
    """March at the commune: an online dossier resolved early with an electronic result,
    returned and rated unsatisfied; a paper one resolved late; a paper one still open."""
    online = world.online(vn(2026, 3, 2, 8), vn(2026, 3, 2, 9))
    online = world.to_processing(online, vn(2026, 3, 2, 10))
    online = world.step(online, vn(2026, 3, 2, 11))
    online = world.step(online, vn(2026, 3, 2, 12))
    services.upload_result(
        dossier=online, actor=world.staff[Role.LEADER], kind=DocumentKind.FINAL_RESULT,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ket-qua.pdf"), name="Giấy khai sinh", at=vn(2026, 3, 3, 8),
    )
    online = world.resolve(Dossier.objects.get(pk=online.pk), vn(2026, 3, 3, 9))
    online = lifecycle.collect_fees(dossier=online, actor=world.staff[Role.RECEPTION], amount=online.fee_outstanding, at=vn(2026, 3, 3, 10))
    online = lifecycle.return_result(
        dossier=online, actor=world.staff[Role.RECEPTION], collected_by="Trần Thị Lan", collected_id_number="074190000123",
        at=vn(2026, 3, 3, 11),
    )
    rate(dossier=online, level="unsatisfied", comment="Chờ lâu")
    late = world.counter(vn(2026, 3, 2, 10))
    world.resolve(late, late.promised_at + 60 * 24 * MINUTE)
    world.counter(vn(2026, 3, 25, 9))
    return online


def score_of(world):
    ranked, overall = quality.scores({world.commune.pk, world.district.pk}, MARCH, Dossier.objects.all())
    return {s.agency.pk: s for s in ranked}, overall


def measures(score):
    return {m.indicator.code: (m.numerator, m.denominator) for m in score.measures}


class TestIndicators:
    def test_numerators_and_denominators(self, world, month):
        by_agency, _overall = score_of(world)
        found = measures(by_agency[world.commune.pk])
        assert found["filed_online"] == (1, 3)
        assert found["digitised_received"] == (1, 3)
        assert found["paid_online"] == (0, 3)
        assert found["resolved_on_time"] == (1, 2)
        assert found["open_within_time"] == (1, 1)
        assert found["electronic_result"] == (1, 2)
        # Two resolved: one late, the other rated unsatisfied.
        assert found["satisfaction"] == (0, 2)
        # The commune performs both test procedures; both are offered online, both complete.
        assert found["procedures_online"] == (2, 2)
        handovers = found["progress_on_time"]
        assert handovers[1] >= 10 and handovers[0] < handovers[1]

    def test_points_follow_the_thresholds(self, world, month):
        by_agency, _ = score_of(world)
        points = {m.indicator.code: m.points for m in by_agency[world.commune.pk].measures}
        assert points["filed_online"] == Decimal("5.33")  # 8 × (33.3 % / 50 %)
        assert points["resolved_on_time"] == Decimal("7.00")  # 14 × 50 %
        assert points["satisfaction"] == Decimal("0.00")
        assert points["procedures_online"] == Decimal("8.00")

    def test_the_province_admin_changes_a_threshold(self, world, month):
        IndicatorSetting.objects.filter(code="filed_online").update(weight=Decimal(10), full_at=Decimal("25"))
        by_agency, _ = score_of(world)
        points = {m.indicator.code: m.points for m in by_agency[world.commune.pk].measures}
        assert points["filed_online"] == Decimal("10.00")

    def test_defaults_are_seeded_and_add_up_to_one_hundred(self, db):
        chosen = quality.settings()
        assert set(chosen) == set(quality.INDICATORS) == set(IndicatorSetting.objects.values_list("code", flat=True))
        assert sum(weight for weight, _ in chosen.values()) == 100
        groups = {n: sum(i.weight for i in quality.INDICATORS.values() if i.group == n) for n in quality.GROUPS}
        assert groups == {1: 18, 2: 20, 3: 22, 4: 22, 5: 18}

    def test_nothing_to_count_earns_the_points_and_says_so(self, world):
        by_agency, overall = score_of(world)
        assert world.district.pk not in by_agency or by_agency[world.district.pk].dossiers == 0
        resolved = next(m for m in overall.measures if m.indicator.code == "resolved_on_time")
        assert not resolved.applicable and resolved.points == resolved.weight and resolved.rate is None


class TestQualityPage:
    def test_leader_sees_numerators_and_denominators(self, client, world, month):
        client.force_login(world.staff[Role.LEADER])
        response = client.get(reverse("reports:quality"), {"ky": "2026-03"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Hồ sơ nộp trực tuyến" in body and "33.33%" in body.replace(",", ".")
        assert [s.agency for s in response.context["scores"]["ranked"]] == [world.commune]

    def test_others_are_refused(self, client, world):
        client.force_login(world.staff[Role.HANDLER])
        assert client.get(reverse("reports:quality"), {"ky": "2026-03"}).status_code == 403


class TestDashboardAndPublicPage:
    def test_dashboard_series(self, client, world, month):
        client.force_login(world.district_staff[Role.LEADER])
        response = client.get(reverse("reports:dashboard"), {"ky": "2026-03", "co-quan": world.district.code})
        data = response.context["chart_data"]
        assert data["trends"]["labels"][-1] == "03/2026" and len(data["trends"]["labels"]) == 12
        assert data["trends"]["received"][-1] == 3 and data["trends"]["resolved"][-1] == 2
        assert data["trends"]["online_share"][-1] == pytest.approx(33.3) and data["trends"]["on_time_rate"][-1] == 50.0
        overdue = dict(zip(data["overdue"]["labels"], data["overdue"]["within"], strict=True))
        assert overdue[world.commune.name] == 1
        assert "chart.js-4.5.1.umd.min.js" in response.content.decode()
        assert response.context["trend_rows"][-1] == {
            "month": "03/2026", "received": 3, "resolved": 2, "online_share": 33.3, "on_time_rate": 50.0, "satisfaction": None,
        }

    def test_public_page_ranks_agencies_without_personal_data(self, client, world, month):
        response = client.get(reverse("transparency:public"), {"ky": "2026-03"})
        body = response.content.decode()
        assert response.status_code == 200
        assert world.commune.name in body
        for personal in (month.code, month.applicant_name, month.applicant_id_number, month.applicant_phone, "Chờ lâu"):
            assert personal not in body
        assert [s.agency for s in response.context["ranked"]] == [world.commune]

    def test_public_page_is_cached_for_a_while(self, client, world, month):
        first = client.get(reverse("transparency:public"), {"ky": "2026-03"})
        world.counter(vn(2026, 3, 26, 9))
        again = client.get(reverse("transparency:public"), {"ky": "2026-03"})
        assert again.content == first.content and "max-age=600" in again["Cache-Control"]

    def test_public_page_bad_period(self, client, db):
        response = client.get(reverse("transparency:public"), {"ky": "2026-99"})
        assert response.status_code == 400 and "Tháng phải" in response.content.decode()
