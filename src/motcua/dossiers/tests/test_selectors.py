"""The work lists ask the lifecycle's question as a query: checked both ways on the demo province."""

import pytest

from motcua.accounts import permissions
from motcua.accounts.models import User
from motcua.demo.tests.conftest import demo  # noqa: F401 - the demo province, loaded once for this module
from motcua.dossiers import lifecycle, selectors
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.usefixtures("demo", "db")


def officials():
    return [user for user in User.objects.filter(kind=User.Kind.OFFICIAL, roles__isnull=False).distinct() if permissions.assignments(user)]


@pytest.mark.parametrize("worklist", [w for w in selectors.WORKLISTS if w.action], ids=lambda w: w.slug)
def test_a_list_holds_exactly_the_dossiers_whose_action_the_user_may_take(worklist):
    dossiers = list(Dossier.objects.select_related("current_step", "procedure_version"))
    checked = 0
    for user in officials():
        listed = set(selectors.worklist_dossiers(user, worklist).values_list("pk", flat=True))
        allowed = {d.pk for d in dossiers if lifecycle.refusal(user, d, worklist.action) is None}
        assert listed == allowed, (user.username, worklist.slug)
        checked += len(listed)
    if worklist.slug not in {"lien-thong", "lien-thong-den"}:
        assert checked, f"the demo gives nobody anything in {worklist.slug}"


def test_postman_sees_only_what_was_entrusted_to_him():
    postman = User.objects.get(username="buudien.tdm")
    entrusted = selectors.worklist_dossiers(postman, selectors.WORKLISTS_BY_SLUG["buu-dien"])
    assert all(d.postal_agent_id == postman.pk for d in entrusted)


def test_counts_name_only_lists_with_work():
    user = User.objects.get(username="tiepnhan.phucuong")
    counts = selectors.worklist_counts(user)
    assert counts and all(entry["count"] > 0 for entry in counts)
    assert {entry["slug"] for entry in counts} <= {w.slug for w in selectors.WORKLISTS}
