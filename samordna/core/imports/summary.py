"""What an upserting import created and changed, counted per kind of object, and said in one Swedish line.

An importer subclasses `ChangeSummary` with its `KINDS` (key → singular, plural, as gettext_noop strings) and
the object the summary is about, and compares stored values with `changed_fields` so that importing the same
file twice writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _


@dataclass(kw_only=True)
class ChangeSummary:
    """What an import created and changed, counted per kind of object (`KINDS`)."""

    KINDS: ClassVar[dict[str, tuple[str, str]]] = {}
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed_anything(self) -> bool:
        """Whether anything was written."""
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def _part(self, counts: Counter[str]) -> str:
        kinds = self.KINDS
        words = [f"{counts[k]} {_(kinds[k][0] if counts[k] == 1 else kinds[k][1])}" for k in kinds if counts[k]]
        return ", ".join(words) or _("inget")

    def describe_as(self, name: str, code: str) -> str:
        """ "Name (code): skapade …; ändrade …", or that nothing changed."""
        names = {"name": name, "code": code}
        if not self.changed_anything:
            return _("%(name)s (%(code)s): inga ändringar, allt var redan inläst.") % names
        return _("%(name)s (%(code)s): skapade %(created)s; ändrade %(updated)s.") % {
            **names,
            "created": self._part(self.created),
            "updated": self._part(self.updated),
        }


def changed_fields(instance: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The subset of `values` that differs from the instance's current values."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}
