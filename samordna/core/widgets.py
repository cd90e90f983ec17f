"""Form inputs that behave the same whatever the browser's language (issue "The everyday experience", item 6).

A browser's own date field shows the date in the browser's format (12/31/2025 in an English browser) and its
number field drops a decimal comma, so Samordna's forms use text fields: dates as ÅÅÅÅ-MM-DD, decimals with a
comma (a point is accepted too), and the server checks them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"
#: Spaces a number may be grouped with: space, no-break space, narrow no-break space, thin space.
_GROUPING = (" ", "\u00a0", "\u202f", "\u2009")


class IsoDateInput(forms.DateInput):
    """A date typed as ÅÅÅÅ-MM-DD (a text field with a pattern and a placeholder that say so)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "placeholder": "ÅÅÅÅ-MM-DD",
            "title": _("Datum som ÅÅÅÅ-MM-DD"),
            "autocomplete": "off",
            "size": 10,
            "class": "date-input",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_FORMAT)


class DecimalInput(forms.TextInput):
    """A decimal number typed with a comma (the keyboard on a phone shows digits and a separator)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DecimalCommaField(forms.DecimalField):
    """A decimal shown with a comma (0,5) and accepted with a comma or a point, grouped with spaces or not:
    0,5 stays 0,5 and never becomes 5."""

    widget = DecimalInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            text = value.strip()
            for space in _GROUPING:
                text = text.replace(space, "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a text field has no step
        return attrs


#: Swedish alphabetical order: å, ä, ö after z (and é, ü as e, y), as a Swedish reader looks for them.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    """A sort key that puts Å, Ä, Ö last, after Z (Swedish collation for names such as municipalities)."""
    return text.casefold().translate(_SWEDISH_ORDER)


class _SwedishOrder(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted(self.queryset, key=lambda m: swedish_key(m.name)):
            yield self.choice(obj)


class MunicipalityChoiceField(forms.ModelChoiceField):
    """A kommun chosen by name, in Swedish alphabetical order, with its kommunkod beside the name: typing the
    first letters ("öre") in the list finds Örebro."""

    iterator = _SwedishOrder

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # samordna/searchable-select.js adds a search field with this text as its label.
        return {**super().widget_attrs(widget), "data-searchable": str(_("Sök kommun"))}

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"
