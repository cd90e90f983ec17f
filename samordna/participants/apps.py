"""Participants app: de-identified follow-up of the people in individinriktade insatser."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _support_links_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    """Keep Enrollment.support_before_mask in step with the link table after an ORM change (support_mask)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from samordna.participants.support_mask import sync_from_links

    if not reverse:
        sync_from_links([instance.pk])
    elif action == "post_clear" or pk_set is None:
        sync_from_links()
    else:
        sync_from_links(pk_set)


def _support_code_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A support code being deleted takes its links with it (cascade): take its bit out of every mask too, so
    that a code created later with the same bit does not inherit it."""
    if instance.bit is None:
        return
    from samordna.participants.support_mask import clear_bit

    clear_bit(instance.bit)


class ParticipantsConfig(AppConfig):
    """App config for samordna.participants."""

    name = "samordna.participants"
    label = "participants"
    verbose_name = _("Deltagare")

    def ready(self) -> None:
        """Connect the receivers that keep the support masks in step with their links and codes."""
        from django.db.models.signals import m2m_changed, pre_delete

        from samordna.core.models import CodeListEntry
        from samordna.participants.models import Enrollment

        m2m_changed.connect(
            _support_links_changed,
            sender=Enrollment.support_before.through,
            dispatch_uid="participants.support_before_mask",
        )
        pre_delete.connect(_support_code_deleted, sender=CodeListEntry, dispatch_uid="participants.support_code_bit")
