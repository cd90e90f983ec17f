"""The member choices of the forms and API fields of every app.

A member that has left the förbund (`Member.left_on` on or before today) is archived: it is not offered for a new
row, but a row that already names it keeps it among its choices, so that older data can be saved unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.organisations.models import Member
from samordna.organisations.selectors import current_members

#: A form's refusal of a member that is not offered (one that has left the förbund, or another förbund's).
ARCHIVED_CHOICE = _("Välj en nuvarande medlem. En medlem som har lämnat förbundet kan inte väljas för en ny rad.")
#: An API field's refusal of a member code that is not offered ({value} is the code).
ARCHIVED_CODE = _(
    "Ingen nuvarande medlem i förbundet har koden {value}. "
    "En medlem som har lämnat förbundet kan inte väljas för en ny rad."
)


def offer_current_members(field: Any, *, association: Association, keep: Iterable[Member | int | None] = ()) -> None:
    """Limit a form field or a DRF related field (one or many) to the förbund's current members plus `keep`.

    `keep` are the members the row being edited already names (none for a new row). The field refuses any other
    member with a Swedish message.
    """
    queryset = current_members(association=association, keep=keep)
    if isinstance(field, forms.Field):
        field.queryset = queryset  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = ARCHIVED_CHOICE
        return
    target = getattr(field, "child_relation", field)  # a DRF field with many=True wraps the related field
    target.queryset = queryset
    target.error_messages["does_not_exist"] = ARCHIVED_CODE
