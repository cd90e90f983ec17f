"""The members' figure on the start page links to the member register for the roles that may read it."""

from __future__ import annotations

from django.urls import reverse

from samordna.core.dashboard import StartContext
from samordna.core.tenancy import MEMBER_READERS


def member_list_url(context: StartContext) -> str:
    """The member register's address, or "" for a role that may not open it (a registrar)."""
    if not context.roles & MEMBER_READERS:
        return ""
    return reverse("organisations:member-list", kwargs={"association": context.association.slug})
