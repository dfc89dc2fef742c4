"""Dossiers built through the lifecycle, with explicit times, to produce known report figures."""

from datetime import datetime, timedelta

import pytest

from motcua.accounts.models import Role
from motcua.catalog.models import ProcessStep
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.conftest import World, vn

Kind = ProcessStep.Kind
MINUTE = timedelta(minutes=1)


class ReportWorld(World):
    """The dossier tests' district and communes, plus helpers that move a dossier to a
    given moment through the real transitions."""

    def counter(self, at: datetime, channel: str = "counter", version=None) -> Dossier:
        return self.receive(version=version, at=at, channel=channel)

    def online(self, submitted: datetime, received: datetime | None = None) -> Dossier:
        dossier = self.submit(submitted)
        return lifecycle.receive(dossier=dossier, actor=self.staff[Role.RECEPTION], at=received or submitted + MINUTE)

    def submit(self, at: datetime) -> Dossier:
        from django.core.files.base import ContentFile

        pdf = ContentFile(b"%PDF-1.4\n%%EOF\n", name="to-khai.pdf")
        return services.submit_online(
            actor=self.citizen, procedure_version=self.version, agency=self.commune, applicant=self.applicant(),
            form_data={"noi_dung": "Cấp bản sao"}, documents=self.documents(file=pdf), delivery="post", at=at,
        )

    def step(self, dossier: Dossier, at: datetime) -> Dossier:
        staff, kind = self.staff, dossier.current_step.kind
        if kind == Kind.RECEPTION:
            return lifecycle.hand_over(dossier=dossier, actor=staff[Role.RECEPTION], at=at)
        if kind == Kind.ASSIGNMENT:
            return lifecycle.assign(dossier=dossier, actor=staff[Role.DIVISION_HEAD], assignee=staff[Role.HANDLER], at=at)
        if kind == Kind.PROCESSING:
            return lifecycle.process(dossier=dossier, actor=staff[Role.HANDLER], at=at)
        if kind == Kind.REVIEW:
            return lifecycle.review(dossier=dossier, actor=staff[Role.DIVISION_HEAD], at=at)
        if kind == Kind.APPROVAL:
            return lifecycle.approve(dossier=dossier, actor=staff[Role.LEADER], at=at)
        raise AssertionError(f"no move for step {kind}")

    def resolve(self, dossier: Dossier, at: datetime) -> Dossier:
        """Walk the remaining steps, the last one (approval: the result is ready) at `at`."""
        left = dossier.procedure_version.steps.filter(order__gte=dossier.current_step.order).exclude(kind=Kind.RETURN).count()
        for index in range(left):
            dossier = self.step(dossier, at - (left - 1 - index) * MINUTE)
        assert dossier.state == State.READY and dossier.finished_at == at
        return dossier

    def to_processing(self, dossier: Dossier, at: datetime) -> Dossier:
        dossier = self.step(dossier, at)
        return self.step(dossier, at + MINUTE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The public page is cached: each test must see its own dossiers, not the last test's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> ReportWorld:
    return ReportWorld()


__all__ = ["ReportWorld", "vn", "MINUTE"]
