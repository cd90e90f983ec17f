"""Write services for the account map of the annual accounts (`AccountRange`; reading: `account_map.py`).

`account_map_import` replaces the förbund's map with a file's ranges (all or nothing; the same file twice
changes nothing). `account_range_save` and `account_range_delete` edit one range from the page; the first
edit of a förbund that uses the default BAS map stores the default first, so the edit changes one range and
keeps the others. Every write checks that no two ranges overlap and writes one audit row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.imports import apply_all, bulk_insert
from samordna.core.models import Association
from samordna.finance.account_map import DEFAULT_RANGES, LINES, Range, overlaps, parse_account_map, range_problem
from samordna.finance.models import AccountRange


def _stored(association: Association) -> list[AccountRange]:
    return list(AccountRange.objects.filter(association=association).order_by("first"))


def _write_map(acting_user: Any, association: Association, ranges: list[Range], filename: str) -> dict[str, int]:
    current = {(r.first, r.last, r.line) for r in _stored(association)}
    wanted = {(r.first, r.last, r.line) for r in ranges}
    if current == wanted:
        return {"ranges": len(ranges), "changed": 0}
    removed, _per_model = AccountRange.objects.filter(association=association).delete()
    bulk_insert(AccountRange, [AccountRange(association=association, first=a, last=b, line=c) for a, b, c in wanted])
    record(
        acting_user=acting_user,
        association=association,
        action="import",
        object_type="finance.accountrange",
        object_repr=_("Kontoplan för årsredovisningen"),
        changes={"account_map": filename[-255:], "ranges": len(wanted), "replaced": removed},
    )
    return {"ranges": len(ranges), "changed": 1}


def account_map_import(
    *, acting_user: Any, association: Association, data: bytes, filename: str = ""
) -> dict[str, int]:
    """Replace the förbund's account map with the file's (docs/contracts.md "Account map JSON").

    Raises ImportFailed (every problem with its JSON path: an unknown line, a bad or overlapping range) and
    writes nothing. Returns the number of ranges and whether anything changed.
    """
    ranges = parse_account_map(data)
    return apply_all(_write_map, acting_user, association, ranges, filename)


def _check(association: Association, first: str, last: str, line: str, exclude: int | None) -> None:
    if why := range_problem(first, last):
        raise ValidationError(why[:1].upper() + why[1:] + ".")
    if line not in LINES:
        raise ValidationError(_("Okänd rad ”%(v)s”.") % {"v": line[:40]})
    others = [r for r in _stored(association) if r.pk != exclude]
    candidate = [Range(r.first, r.last, r.line) for r in others] + [Range(first, last, line)]
    clashes = [candidate[a] for a, b in overlaps(candidate) if b == len(candidate) - 1]
    if clashes:
        raise ValidationError(
            _("Intervallet %(a)s–%(b)s överlappar %(others)s: ett konto kan bara höra till en rad.")
            % {"a": first, "b": last, "others": ", ".join(f"{c.first}–{c.last}" for c in clashes)}
        )


def _store_default(acting_user: Any, association: Association) -> None:
    """Store the default BAS map as the förbund's own, before the first edit of it."""
    if not AccountRange.objects.filter(association=association).exists():
        _write_map(acting_user, association, list(DEFAULT_RANGES), "standardkontoplan (BAS)")


@transaction.atomic
def account_range_save(
    *, acting_user: Any, association: Association, first: str, last: str, line: str, pk: int | None = None
) -> AccountRange:
    """Add a range (pk None) or change range `pk`; ValidationError on a bad or overlapping range."""
    _store_default(acting_user, association)
    if pk is not None and not AccountRange.objects.filter(association=association, pk=pk).exists():
        raise ValidationError(_("Intervallet finns inte längre."))
    _check(association, first, last, line, pk)
    if pk is None:
        return create_audited(
            AccountRange, acting_user=acting_user, association=association, first=first, last=last, line=line
        )
    existing = AccountRange.objects.get(association=association, pk=pk)
    return update_audited(existing, acting_user=acting_user, first=first, last=last, line=line)


@transaction.atomic
def account_range_delete(*, acting_user: Any, association: Association, pk: int) -> None:
    """Remove range `pk` (the accounts it covered become unmapped until another range covers them)."""
    existing = AccountRange.objects.filter(association=association, pk=pk).first()
    if existing is None:
        raise ValidationError(_("Intervallet finns inte längre."))
    delete_audited(existing, acting_user=acting_user)


@transaction.atomic
def account_map_customise(*, acting_user: Any, association: Association) -> int:
    """Store the default BAS map as the förbund's own, to edit it; returns the number of ranges stored."""
    _store_default(acting_user, association)
    return AccountRange.objects.filter(association=association).count()
