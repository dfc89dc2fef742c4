"""Demo certificates, so that the demo can sign: a demo CA of our own (never trusted outside
this installation) issues certificates to the leader and the reception officer of each
featured agency (the agencies of data/accounts.json's "staff") and one for each agency's
seal, applied by its clerk. Loading again leaves existing certificates alone."""

from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from motcua.accounts.models import Role, RoleAssignment
from motcua.agencies.models import Agency
from motcua.demo.data import read
from motcua.signatures import keystore, pki
from motcua.signatures.credentials import describe
from motcua.signatures.models import SigningCredential

DEMO_CA = "MotCua Demo CA (chỉ dùng thử)"
PERSONAL = {Role.LEADER: "Lãnh đạo cơ quan", Role.RECEPTION: "Cán bộ tiếp nhận"}


def _store(issued: pki.Issued, chain, **owner) -> None:
    key = issued.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    SigningCredential.objects.create(encrypted_key=keystore.seal(key), **describe(issued.certificate, chain), **owner)


def load_certificates() -> int:
    """Issue the demo certificates that are missing; return how many were issued."""
    codes = [entry["agency"] for entry in read("accounts")["staff"]]
    agencies = list(Agency.objects.filter(code__in=codes))
    have = set(SigningCredential.objects.filter(agency__in=agencies).values_list("agency_id", "user_id"))
    root = intermediate = None
    issued = 0
    for agency in agencies:
        people = RoleAssignment.objects.filter(agency=agency, role__in=PERSONAL).select_related("user")
        wanted = [(a.user, PERSONAL[a.role]) for a in people] + [(None, "")]
        for user, title in wanted:
            if (agency.pk, user.pk if user else None) in have:
                continue
            if root is None:
                root = pki.issue(DEMO_CA, ca=True, days=3650, organisation="MotCua Demo")
                intermediate = pki.issue(f"{DEMO_CA} – cấp cho cán bộ", issuer=root, ca=True, days=3650, organisation="MotCua Demo")
            holder = str(user) if user else agency.name
            certificate = pki.issue(holder, issuer=intermediate, days=730, organisation=agency.name)
            _store(certificate, [intermediate.certificate, root.certificate], agency=agency, user=user, title=title)
            have.add((agency.pk, user.pk if user else None))
            issued += 1
    return issued
