"""The one tenant primitive: every association-owned queryset is scoped with `for_user`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from samordna.core.models.association import Association


class TenantQuerySet(models.QuerySet):
    """A queryset of rows that belong to one association."""

    def for_user(self, user: Any, association: Association | None = None) -> Self:
        """Rows of the associations `user` is a member of (optionally only `association`).

        Anonymous and inactive users see nothing. Superusers get no special access here:
        they run the install through the Django admin, not the förbund's data.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        qs = self.filter(association__memberships__user=user)
        if association is not None:
            qs = qs.filter(association=association)
        return qs.distinct() if association is None else qs

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
