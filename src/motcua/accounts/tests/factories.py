import factory
from django.utils import timezone

from motcua.accounts.models import IdentityVerification, Role, RoleAssignment, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    kind = User.Kind.CITIZEN
    password = factory.django.Password("matkhau-thu-nghiem")


class CitizenFactory(UserFactory):
    kind = User.Kind.CITIZEN
    national_id = factory.Sequence(lambda n: f"{74_000_000_000 + n:012d}")


class OfficialFactory(UserFactory):
    kind = User.Kind.OFFICIAL
    username = factory.Sequence(lambda n: f"canbo{n}")


class PostalAgentFactory(UserFactory):
    kind = User.Kind.POSTAL
    username = factory.Sequence(lambda n: f"buudien{n}")


def official_with_role(agency, role: str, division=None, **kwargs) -> User:
    user = OfficialFactory(**kwargs)
    RoleAssignment.objects.create(user=user, agency=agency, role=role, division=division)
    return user


def verified(user: User, identifier: str = "") -> User:
    """The account's number (or `identifier`, which it then claims) vouched for, as the
    national e-ID's sign-in records it (the counter's check is citizens.identity.verify,
    tested on its own). Paper dossiers received under that number become the account's."""
    if identifier:
        setattr(user, "national_id" if len(identifier) == 12 else "tax_code", identifier)
        user.save()
    user.identity_verification = IdentityVerification.objects.create(
        account=user, identifier=user.identifier, method=IdentityVerification.Method.NATIONAL_EID, at=timezone.now(),
        assurance_level="2",
    )
    user.save(update_fields=["identity_verification"])
    return user


__all__ = ["UserFactory", "CitizenFactory", "OfficialFactory", "PostalAgentFactory", "official_with_role", "verified", "Role"]
