"""The one tenant primitive: every association-owned queryset is scoped with `for_user`."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from samordna.core.models.association import Association, Membership


class TenantQuerySet(models.QuerySet):
    """A queryset of rows that belong to one association."""

    def for_user(self, user: Any, association: Association | None = None) -> Self:
        """Rows of the associations `user` holds any role in (optionally only `association`), each row once.

        Anonymous and inactive users see nothing. Superusers get no special access here:
        they run the install through the Django admin, not the förbund's data.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        # An EXISTS subquery, not a join: a user with two roles in one förbund (admin + viewer) would
        # otherwise get every row twice; EXISTS keeps each row once, with its ordering and counts, on
        # SQLite and PostgreSQL alike (no DISTINCT, which breaks ordering by related fields).
        qs = self.filter(Exists(Membership.objects.filter(user=user, association=OuterRef("association"))))
        if association is not None:
            qs = qs.filter(association=association)
        return qs

    def for_association(self, association: Association) -> Self:
        """Rows of one association (the caller has already checked membership).

        The association is joined in, so a row's URL (which names the förbund's slug) costs no query per row.
        """
        return self.filter(association=association).select_related("association")


class TenantModel(models.Model):
    """Abstract base for every model owned by one association."""

    association = models.ForeignKey(
        "core.Association", on_delete=models.CASCADE, related_name="+", verbose_name=_("förbund")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
