"""Write services for associations, users and memberships; each writes an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from samordna.core.audit import SECRET_FIELDS, create_audited, delete_audited, record, update_audited
from samordna.core.choices import Role
from samordna.core.models import Association, AuditEntry, Membership, User

_EXCLUSIVE = {Role.ADMIN: Role.REGISTRAR, Role.REGISTRAR: Role.ADMIN}


@transaction.atomic
def association_create(*, acting_user: Any, slug: str, name: str, **fields: Any) -> Association:
    """Create an association (a samordningsförbund)."""
    return create_audited(Association, acting_user=acting_user, slug=slug, name=name, **fields)


@transaction.atomic
def association_update(*, acting_user: Any, association: Association, **fields: Any) -> Association:
    """Change an association's settings."""
    return update_audited(association, acting_user=acting_user, **fields)


@transaction.atomic
def user_create(
    *, acting_user: Any, username: str, password: str | None, association: Association | None = None, **fields: Any
) -> User:
    """Create a login; the password is hashed with Argon2 and never recorded.

    The audit row belongs to `association` (the förbund whose admin creates the login), so it shows in
    that förbund's trail; the operator's logins in /drift/ belong to no förbund until given a role.
    """
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.CREATE,
        obj=user,
        changes={"username": username, **{k: str(v) for k, v in fields.items() if k not in SECRET_FIELDS}},
    )
    return user


def _token_audit(*, acting_user: Any, user: User, action: str) -> None:
    """One audit row per förbund the token's user belongs to (a token reaches them all)."""
    associations: list[Association | None] = list(Association.objects.filter(memberships__user=user).distinct())
    associations = associations or [None]
    for association in associations:
        record(
            acting_user=acting_user,
            association=association,
            action=action,
            object_type="authtoken.token",
            object_id=str(user.pk),
            object_repr=_("API-nyckel för %(user)s") % {"user": user.get_username()},
        )


@transaction.atomic
def api_token_create(*, acting_user: Any, user: User) -> Token:
    """A new API token for `user`; an earlier one stops working. The key itself is never recorded."""
    removed = Token.objects.filter(user=user).delete()[0]
    if removed:
        _token_audit(acting_user=acting_user, user=user, action=AuditEntry.Action.DELETE)
    token = Token.objects.create(user=user)
    _token_audit(acting_user=acting_user, user=user, action=AuditEntry.Action.CREATE)
    return token


@transaction.atomic
def api_token_delete(*, acting_user: Any, user: User) -> bool:
    """Remove `user`'s API token; False when there was none (then nothing is recorded)."""
    removed = Token.objects.filter(user=user).delete()[0]
    if removed:
        _token_audit(acting_user=acting_user, user=user, action=AuditEntry.Action.DELETE)
    return bool(removed)


def role_conflict(roles: set[str]) -> str | None:
    """The Swedish reason a set of roles in one förbund is not allowed (SUS: admin and registrar), or None."""
    if any(conflicting in roles for role, conflicting in _EXCLUSIVE.items() if role in roles):
        return _("En användare kan inte vara både förbundsadministratör och deltagaransvarig i samma förbund.")
    return None


@transaction.atomic
def membership_add(*, acting_user: Any, association: Association, user: User, role: str) -> Membership:
    """Give `user` a role in `association`.

    Refused: a role that is not one of choices.Role, a role the user already holds, and
    `admin` together with `registrar` in the same förbund (rule taken from SUS).
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Okänd roll: %(role)s.") % {"role": role}})
    existing = set(Membership.objects.filter(user=user, association=association).values_list("role", flat=True))
    if role in existing:
        raise ValidationError({"role": _("Användaren har redan den rollen i förbundet.")})
    problem = role_conflict({*existing, role})
    if problem:
        raise ValidationError({"role": problem})
    return create_audited(Membership, acting_user=acting_user, association=association, user=user, role=role)


@transaction.atomic
def membership_remove(*, acting_user: Any, membership: Membership) -> None:
    """Take a role away."""
    delete_audited(membership, acting_user=acting_user)


@transaction.atomic
def membership_remove_checked(*, acting_user: Any, membership: Membership) -> None:
    """Take a role away, but never the last admin role of a förbund held by an active login (nobody could
    administer it; a deactivated admin cannot log in)."""
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(association=membership.association, role=Role.ADMIN, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": _("Förbundet måste ha minst en förbundsadministratör.")})
    membership_remove(acting_user=acting_user, membership=membership)


@transaction.atomic
def password_set(*, acting_user: Any, user: User, password: str) -> User:
    """Give `user` a new password (their own change, or a reset link); the audit row never holds it.

    One row per förbund the user belongs to (the login reaches them all), saying only that the password changed.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    associations: list[Association | None] = list(Association.objects.filter(memberships__user=user).distinct())
    for association in associations or [None]:
        record(
            acting_user=acting_user,
            association=association,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            changes={"password": ["", ""]},
        )
    return user


def deactivation_refusal(*, acting_user: Any, association: Association, user: User, active: bool) -> str | None:
    """The Swedish reason an admin of `association` may not (de)activate `user`, or None.

    A login is one person's across every förbund: an admin may switch it off or on only when every role of the
    user is in the admin's own förbund. A user who also works for another förbund keeps their login; the admin
    takes away their roles here instead (`membership_remove_checked`), which ends their access to this förbund
    only. The operator's logins (`is_staff`) are left to /drift/, and nobody switches off their own login.
    """
    if user.is_active == active:
        return _("Användaren är redan aktiv.") if active else _("Användaren är redan avaktiverad.")
    if Membership.objects.filter(user=user).exclude(association=association).exists():
        return _(
            "Användaren har roller i ett annat förbund, så inloggningen kan inte stängas av härifrån. "
            "Ta bort användarens roller i det här förbundet i stället."
        )
    if user.is_staff or user.is_superuser:
        return _("Driftadministratörens inloggning ändras under /drift/.")
    if not active and getattr(acting_user, "pk", None) == user.pk:
        return _("Du kan inte avaktivera dig själv.")
    if (
        not active
        and Membership.objects.filter(association=association, user=user, role=Role.ADMIN).exists()
        and not Membership.objects.filter(association=association, role=Role.ADMIN, user__is_active=True)
        .exclude(user=user)
        .exists()
    ):
        return _("Förbundet måste ha minst en aktiv förbundsadministratör.")
    return None


@transaction.atomic
def user_set_active(*, acting_user: Any, association: Association, user: User, active: bool) -> User:
    """Switch a login off (it cannot log in, its sessions and API key stop working) or on again.

    Refused, with nothing written, for the reasons in `deactivation_refusal`. The roles are kept, so
    reactivating gives back the same access.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    user.refresh_from_db(fields=["is_active"])
    problem = deactivation_refusal(acting_user=acting_user, association=association, user=user, active=active)
    if problem:
        raise ValidationError(problem)
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        changes={"is_active": [before, active]},
    )
    return user
