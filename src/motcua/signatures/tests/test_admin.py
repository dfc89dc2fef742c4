"""Uploading certificates through the administration: the agency admin of the agency (or the
province) uploads a PKCS#12 file; the password opens it once and is stored nowhere; the key
is kept encrypted; a wrong password or a file without a key is refused."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.signatures import keystore
from motcua.signatures.admin import CredentialForm
from motcua.signatures.certificates import to_pem
from motcua.signatures.models import SigningCredential
from motcua.signatures.tests.conftest import PASSWORD
from motcua.tests.test_uploads import Unread

pytestmark = pytest.mark.django_db
ADD = "admin:signatures_signingcredential_add"


def _post(client, world, test_pki, password=PASSWORD, agency=None):
    return client.post(
        reverse(ADD),
        {
            "agency": (agency or world.commune).pk, "user": world.staff[Role.LEADER].pk, "title": "Chủ tịch UBND phường",
            "is_active": "on", "backend": "pkcs12", "password": password,
            "pkcs12_file": SimpleUploadedFile("ky.p12", test_pki.p12(test_pki.signer), content_type="application/x-pkcs12"),
        },
    )


def test_agency_admin_uploads_a_pkcs12_and_only_the_encrypted_key_is_kept(client, world, test_pki):
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    response = _post(client, world, test_pki)
    assert response.status_code == 302, response.content.decode()[:2000]
    credential = SigningCredential.objects.get()
    assert credential.subject.endswith("CN=Nguyễn Văn Lãnh Đạo") or "Nguyễn Văn Lãnh Đạo" in credential.subject
    stored = bytes(credential.encrypted_key)
    assert PASSWORD.encode() not in stored and b"PRIVATE KEY" not in stored
    assert keystore.unseal(stored).startswith(b"0")  # a DER PKCS#8 key once decrypted
    every_value = repr(list(SigningCredential.objects.values()))
    assert PASSWORD not in every_value


def test_a_wrong_password_is_refused_and_nothing_is_stored(client, world, test_pki):
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    response = _post(client, world, test_pki, password="sai-mat-khau")
    assert response.status_code == 200 and "sai mật khẩu" in response.content.decode()
    assert not SigningCredential.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_without_being_read(world, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    form = CredentialForm(
        {"agency": world.commune.pk, "user": world.staff[Role.LEADER].pk, "is_active": "on", "backend": "pkcs12", "password": PASSWORD},
        {"pkcs12_file": Unread("ky.p12", bytes(2 * 1024 * 1024), content_type="application/x-pkcs12")},
    )
    assert not form.is_valid()
    assert form.errors["pkcs12_file"] == ["Tệp “ky.p12” quá lớn (tối đa 1 MB)."]


def test_an_admin_of_another_agency_cannot_upload_for_this_one(client, world, test_pki):
    client.force_login(world.stranger[Role.AGENCY_ADMIN])
    response = _post(client, world, test_pki)
    assert response.status_code == 200  # the form refuses the agency choice
    assert not SigningCredential.objects.exists()


def test_a_leader_cannot_enter_the_certificate_admin(client, world, test_pki):
    client.force_login(world.staff[Role.LEADER])
    response = _post(client, world, test_pki)
    assert response.status_code in (302, 403) and not SigningCredential.objects.exists()


def test_agency_admin_registers_a_key_on_a_pkcs11_token_with_its_pin_encrypted(client, world, test_pki):
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    response = client.post(
        reverse(ADD),
        {
            "agency": world.commune.pk, "title": "Con dấu", "is_active": "on", "backend": "pkcs11",
            "pkcs11_module": "/usr/lib/softhsm/libsofthsm2.so", "pkcs11_token_label": "motcua", "pkcs11_key_label": "con-dau",
            "certificate": to_pem([test_pki.signer.certificate]), "chain": to_pem(test_pki.chain), "pin": "246810",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    credential = SigningCredential.objects.get()
    assert credential.is_seal and credential.backend == "pkcs11" and bytes(credential.encrypted_key) == b""
    assert keystore.unseal(bytes(credential.encrypted_pin)) == b"246810"
    assert b"246810" not in bytes(credential.encrypted_pin)


def test_stored_keys_need_the_same_key_encryption_secret(settings):
    sealed = keystore.seal(b"khoa bi mat")
    settings.SIGNING_KEY_SECRET = "mot-bi-mat-khac"
    with pytest.raises(ImproperlyConfigured):
        keystore.unseal(sealed)
