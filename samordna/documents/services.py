"""Every write of the documents app: create a document, save a section's text (keeping its history), freeze a
document with the board's adoption date (its content stored as it is), start a new draft from a frozen one.

Keyword-only arguments, one transaction and one audit row each; a refusal is a ValidationError in Swedish and
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, record
from samordna.core.models import Association, AuditEntry
from samordna.core.validators import validate_line
from samordna.documents import assemble, markup, selectors, structure
from samordna.documents.models import Document, DocumentKind, DocumentStatus, DocumentText, TextVersion

FROZEN = "Dokumentet är fastställt och kan inte ändras. Gör ett nytt utkast för att ändra det."


def _check_kind_period(kind: str, year: int, until: dt.date) -> None:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Välj delårsrapport eller årsredovisning.")})
    if until.year != year:
        raise ValidationError({"until": _("Datumet ska ligga i %(y)s.") % {"y": year}})
    if kind == DocumentKind.ANNUAL and until != dt.date(year, 12, 31):
        raise ValidationError({"until": _("En årsredovisning gäller hela året, till och med 31 december.")})
    if kind == DocumentKind.INTERIM and until == dt.date(year, 12, 31):
        raise ValidationError(
            {"until": _("En delårsrapport slutar före årets sista dag; för helåret gör du en årsredovisning.")}
        )


@transaction.atomic
def document_create(
    *, acting_user: Any, association: Association, kind: str, year: int, until: dt.date | None = None, title: str = ""
) -> Document:
    """A new draft for a period (an årsredovisning's `until` is 31 December)."""
    until = until or dt.date(year, 12, 31)
    _check_kind_period(kind, year, until)
    if Document.objects.filter(
        association=association, kind=kind, year=year, until=until, status=DocumentStatus.DRAFT
    ).exists():
        raise ValidationError(_("Det finns redan ett utkast för den perioden."))
    title = (title or "").strip() or assemble.default_title(kind, year, until)
    return create_audited(
        Document, acting_user=acting_user, association=association, kind=kind, year=year, until=until, title=title
    )


@transaction.atomic
def text_save(*, acting_user: Any, document: Document, key: str, body: str) -> DocumentText:
    """Save a section's text; the earlier text is kept as a version. Refused for a frozen document."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.frozen:
        raise ValidationError(_(FROZEN))
    spec = structure.spec(document.kind, key)
    if spec is None or not spec.text:
        raise ValidationError(_("Dokumentet har inget avsnitt ”%(k)s” med egen text.") % {"k": key[:40]})
    body = markup.check(body)
    text = DocumentText.objects.filter(document=document, key=key).first()
    before = text.body if text is not None else str(spec.default)
    if text is not None and text.body == body:
        return text
    if text is None:
        text = DocumentText.objects.create(document=document, key=key, body=body, updated_by=_user(acting_user))
    else:
        TextVersion.objects.create(text=text, body=text.body, saved_at=text.updated_at, saved_by=text.updated_by)
        text.body = body
        text.updated_by = _user(acting_user)
        text.save(update_fields=["body", "updated_at", "updated_by"])
    record(
        acting_user=acting_user,
        association=document.association,
        action=AuditEntry.Action.UPDATE,
        obj=text,
        changes={"body": [len(before), len(body)]},
    )
    return text


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


@transaction.atomic
def document_freeze(*, acting_user: Any, document: Document, adopted_on: dt.date, decision: str = "") -> Document:
    """Fastställ: store the document's content as it is now, with the board's adoption date."""
    document = Document.objects.select_for_update().select_related("association").get(pk=document.pk)
    if document.frozen:
        raise ValidationError(_("Dokumentet är redan fastställt."))
    if adopted_on < document.until:
        raise ValidationError(
            {
                "adopted_on": _("Styrelsen kan inte fastställa dokumentet före periodens slut (%(d)s).")
                % {"d": document.until.isoformat()}
            }
        )
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("Datumet för fastställelsen kan inte ligga i framtiden.")})
    decision = (decision or "").strip()
    try:
        validate_line(decision)
    except ValidationError as error:
        raise ValidationError({"decision": error.messages}) from error
    document.status = DocumentStatus.FROZEN
    document.adopted_on = adopted_on
    document.decision = decision
    content = assemble.content(
        association=document.association,
        kind=document.kind,
        year=document.year,
        until=document.until,
        meta=selectors.meta(document),
    )
    document.snapshot = content
    document.frozen_at = timezone.now()
    document.frozen_by = _user(acting_user)
    document.full_clean()
    document.save()
    record(
        acting_user=acting_user,
        association=document.association,
        action=AuditEntry.Action.UPDATE,
        obj=document,
        changes={"status": ["utkast", "faststalld"], "adopted_on": [None, adopted_on.isoformat()]},
    )
    return document


@transaction.atomic
def draft_from(*, acting_user: Any, document: Document) -> Document:
    """A new draft of a frozen document's period, with its texts (to compare and, later, adopt again)."""
    if not document.frozen:
        raise ValidationError(_("Det här är redan ett utkast."))
    if selectors.draft_for(document) is not None:
        raise ValidationError(_("Det finns redan ett utkast för den perioden."))
    draft = create_audited(
        Document,
        acting_user=acting_user,
        association=document.association,
        kind=document.kind,
        year=document.year,
        until=document.until,
        title=document.title,
    )
    DocumentText.objects.bulk_create(
        DocumentText(document=draft, key=key, body=body, updated_by=_user(acting_user))
        for key, body in selectors.texts(document).items()
    )
    return draft
