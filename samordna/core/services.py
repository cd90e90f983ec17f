"""Write services for associations, users and memberships; each writes an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, update_audited
from samordna.core.choices import Role
from samordna.core.models import Association, Membership, User

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
def user_create(*, acting_user: Any, username: str, password: str | None, **fields: Any) -> User:
    """Create a login; the password is hashed with Argon2."""
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    from samordna.core.audit import record

    record(
        acting_user=acting_user,
        association=None,
        action="create",
        obj=user,
        changes={"username": username, **{k: str(v) for k, v in fields.items()}},
    )
    return user


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
    conflicting = _EXCLUSIVE.get(Role(role))
    if conflicting and conflicting in existing:
        raise ValidationError(
            {"role": _("En användare kan inte vara både förbundsadministratör och deltagaransvarig i samma förbund.")}
        )
    return create_audited(Membership, acting_user=acting_user, association=association, user=user, role=role)


@transaction.atomic
def membership_remove(*, acting_user: Any, membership: Membership) -> None:
    """Take a role away."""
    delete_audited(membership, acting_user=acting_user)


@transaction.atomic
def membership_remove_checked(*, acting_user: Any, membership: Membership) -> None:
    """Take a role away, but never the last admin role of a förbund (nobody could administer it)."""
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(association=membership.association, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": _("Förbundet måste ha minst en förbundsadministratör.")})
    membership_remove(acting_user=acting_user, membership=membership)
