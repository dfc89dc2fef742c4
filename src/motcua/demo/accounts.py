"""Demo accounts: one official per role at a commune, a district and a department, a postal
agent, citizens, an organisation and the province superuser (data/accounts.json); plus
a working staff at every other agency that carries out a demo procedure, so the demo
dossiers can be moved by people who hold the roles the lifecycle asks for.

Every account shares the demo password. An account that already exists is left as it is.
The demo's citizens and business have their numbers verified at the first desk, as a
reception officer would after seeing their papers.
"""

import base64
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import IdentityVerification, Role, RoleAssignment, User
from motcua.accounts.two_factor import policy
from motcua.agencies.models import Agency
from motcua.citizens import identity
from motcua.demo.data import read
from motcua.demo.people import People
from motcua.demo.province import units

# A second handler lets the demo show reassignment.
STAFF_ROLES = (Role.RECEPTION, Role.HANDLER, Role.DIVISION_HEAD, Role.LEADER)
SECOND_HANDLER = "thuly2"


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    agency: str


def password() -> str:
    return read("accounts")["password"]


def prefix(role: str) -> str:
    return read("accounts")["role_prefixes"][role]


def username_for(role: str, slug: str) -> str:
    return f"{prefix(role)}.{slug}"


class _Accounts:
    def __init__(self):
        # One hash for every demo account: hashing is deliberately slow and they share the password.
        self.hashed = make_password(password())
        self.created = 0
        self.users = {user.username: user for user in User.objects.all()}

    def user(self, username: str, **values) -> User:
        user = self.users.get(username)
        if user is None:
            user = User(username=username, **values)
            user.password = self.hashed
            user.full_clean()
            user.save()
            self.users[username] = user
            self.created += 1
        return user

    def official(self, username: str, full_name: str, agency: Agency, role: str) -> User:
        user = self.user(username, full_name=full_name, kind=User.Kind.OFFICIAL)
        desk = agency.divisions.filter(is_one_stop_desk=True).first() if role == Role.RECEPTION else None
        RoleAssignment.objects.get_or_create(user=user, agency=agency, division=desk, role=role)
        return user


def load_accounts() -> int:
    """Create the demo accounts that are missing; return how many were created."""
    data = read("accounts")
    accounts = _Accounts()
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    slugs = {unit.code: unit.slug for unit in units()}
    superuser = data["superuser"]
    accounts.user(
        superuser["username"], full_name=superuser["full_name"], email=superuser["email"],
        kind=User.Kind.OFFICIAL, is_staff=True, is_superuser=True,
    )
    featured = set()
    for group in data["staff"]:
        agency = agencies[group["agency"]]
        featured.add(agency.code)
        for person in group["people"]:
            username = person.get("username") or username_for(person["role"], slugs[agency.code])
            accounts.official(username, person["full_name"], agency, person["role"])
    for person in data["postal"]:
        accounts.user(person["username"], full_name=person["full_name"], phone=person["phone"], address=person["address"], kind=User.Kind.POSTAL)
    first_desk = next(group["agency"] for group in data["staff"] if any(p["role"] == Role.RECEPTION for p in group["people"]))
    officer = accounts.users[username_for(Role.RECEPTION, slugs[first_desk])]
    for person in data["applicants"]:
        claimed = {"national_id": person["national_id"]} if person["kind"] == "citizen" else {"tax_code": person["tax_code"]}
        applicant = accounts.user(
            person["username"], full_name=person["full_name"], kind=person["kind"], phone=person["phone"],
            email=person["email"], address=person["address"], **claimed,
        )
        if applicant.identity_verification_id is None:
            _verify_at_counter(applicant, officer, agencies[first_desk])
    for code in working_agency_codes():
        if code not in featured:
            _staff(accounts, agencies[code], slugs[code])
    _second_factors(accounts.users.values())
    return accounts.created


def totp_secret() -> str:
    return read("accounts")["totp_secret"]


def _second_factors(users) -> None:
    """The accounts whose role owes a second factor share the demo's published TOTP key, so
    that whoever tries the demo signs in with any authenticator app (demo_accounts prints it)."""
    key = base64.b32decode(totp_secret()).hex()
    with_factor = set(TOTPDevice.objects.values_list("user_id", flat=True))
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, key=key, name="Ứng dụng xác thực (trình diễn)", confirmed=True)
        for user in users
        if user.pk not in with_factor and policy.concerns(user) and policy.required_by_role(user)
    )


def _verify_at_counter(applicant: User, officer: User, agency: Agency) -> None:
    """The demo's citizens and business came to the desk with their papers once, so that the
    demo shows their paper dossiers in their accounts (citizens.identity)."""
    paper = "Thẻ căn cước" if applicant.kind == User.Kind.CITIZEN else "Giấy chứng nhận đăng ký doanh nghiệp"
    identity.verify(
        account=applicant, method=IdentityVerification.Method.COUNTER, official=officer, agency=agency,
        document=f"{paper}: {applicant.identifier} (giấy tờ trình diễn)",
    )


def _staff(accounts: _Accounts, agency: Agency, slug: str) -> None:
    # Seeded by the agency, so the same people work there whenever the demo is loaded.
    people = People(random.Random(f"staff:{agency.code}"))
    for role in STAFF_ROLES:
        accounts.official(username_for(role, slug), people.full_name(male=people.rng.random() < 0.5), agency, role)
    accounts.official(f"{SECOND_HANDLER}.{slug}", people.full_name(male=people.rng.random() < 0.5), agency, Role.HANDLER)


def other_staff_example() -> str:
    """How the generated staff of the other agencies are named, with two real usernames."""
    slugs = {unit.code: unit.slug for unit in units()}
    featured = {group["agency"] for group in read("accounts")["staff"]}
    others = [slugs[code] for code in working_agency_codes() if code not in featured]
    prefixes = ", ".join(f"{prefix(role)}.<mã>" for role in STAFF_ROLES)
    return f"{prefixes}, {SECOND_HANDLER}.<mã> – ví dụ {username_for(Role.RECEPTION, others[0])}, {username_for(Role.LEADER, others[-1])}"


def working_agency_codes() -> list[str]:
    """Agencies that carry out at least one demo procedure."""
    codes = {code for procedure in read("catalog")["procedures"] for code in procedure["agencies"]}
    return sorted(codes)


def demo_account_rows() -> list[AccountRow]:
    """The accounts to show people trying the demo, in the order of data/accounts.json."""
    data = read("accounts")
    names = {unit.code: unit.name for unit in units()}
    slugs = {unit.code: unit.slug for unit in units()}
    rows = [AccountRow(data["superuser"]["username"], "Quản trị hệ thống (superuser)", names[units()[0].code])]
    labels = dict(Role.choices)
    for group in data["staff"]:
        for person in group["people"]:
            username = person.get("username") or username_for(person["role"], slugs[group["agency"]])
            rows.append(AccountRow(username, str(labels[person["role"]]), names[group["agency"]]))
    postal, citizen, organisation = (str(label) for label in (User.Kind.POSTAL.label, User.Kind.CITIZEN.label, User.Kind.ORGANISATION.label))
    for person in data["postal"]:
        rows.append(AccountRow(person["username"], postal, person["organisation"]))
    for person in data["applicants"]:
        # Citizens and businesses sign in with their number (citizens.backends), not a user name.
        identifier = person["national_id"] if person["kind"] == "citizen" else person["tax_code"]
        rows.append(AccountRow(identifier, citizen if person["kind"] == "citizen" else organisation, person["full_name"]))
    return rows
