"""Who may sign in to a registered system through MotCua: the one rule the authorize
endpoint, the token endpoint and userinfo all ask."""

from motcua.accounts import permissions


def may_sign_in(user, client) -> bool:
    """Active officials (and the province superuser) sign in to every registered system;
    citizens and organisations only to the systems registered for them; nobody else."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if permissions.may_enter_backoffice(user):
        return True
    return bool(client.for_applicants and user.is_applicant)
