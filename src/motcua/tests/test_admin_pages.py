"""Every page of the administration opens without a server error, for an agency admin (who
reads what the province writes: its admins show them a form with no editable field) and for
the province superuser: each registered model's list, its add page and the change page of a
row the user sees."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import UserFactory
from motcua.admin_site import site
from motcua.dossiers.tests.conftest import World


def pages(user) -> list[str]:
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    addresses = []
    for model, model_admin in site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        addresses += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        row = model_admin.get_queryset(request).order_by("pk").first()
        if row is not None:
            addresses.append(reverse(f"{name}_change", args=[row.pk]))
    return addresses


@pytest.mark.parametrize("who", ["agency admin", "province superuser"])
def test_every_admin_page_opens_without_a_server_error(client, db, who):
    world = World()
    world.receive()  # a dossier, its history and its messages
    if who == "agency admin":
        user = world.staff[Role.AGENCY_ADMIN]
    else:
        user = UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True)
    client.force_login(user)
    visited = pages(user)
    assert any("/messagetemplate/" in address and address.endswith("/change/") for address in visited)
    for address in visited:
        assert client.get(address).status_code in {200, 302, 403, 404}, address
