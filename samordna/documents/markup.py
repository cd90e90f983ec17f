"""The text of a document's written sections: a small Markdown subset, parsed safely.

Allowed: headings (`#`, `##`, `###`), paragraphs, bulleted and numbered lists, **bold** and *italic*. Raw HTML is
never passed through (markdown-it's "zero" preset with only these rules; `html` off), links and images are not
rules here, so their text stays as written. The parsed form is a list of `Block`s (kind, level, runs of text with
bold/italic) that the DOCX writer uses; pages and the PDF use `to_html`, the same parse rendered by markdown-it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from samordna.core.validators import validate_text

MAX_CHARS = 20_000
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_RULES = ["heading", "list", "emphasis", "paragraph", "newline"]


def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(_RULES)


PARSER = _parser()


@dataclass
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A heading (level 1–3 inside the section), a paragraph, or a list item (bullet or numbered, with depth)."""

    kind: str  # "heading", "paragraph", "bullet", "number"
    runs: list[Run] = field(default_factory=list)
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def check(text: str) -> str:
    """The text normalised (line breaks, trailing space), or ValidationError with a Swedish message."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_CHARS:
        raise ValidationError(
            _("Texten är för lång: högst %(max)s tecken (den har %(n)s).") % {"max": MAX_CHARS, "n": len(text)}
        )
    validate_text(text)
    if _TAG.search(text):
        raise ValidationError(
            _("Texten får inte innehålla HTML. Använd # för rubriker, - för listor, **fet** och *kursiv* stil.")
        )
    return text


def _runs(children: list[Any]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for token in children or []:
        if token.type == "strong_open":
            bold = True
        elif token.type == "strong_close":
            bold = False
        elif token.type == "em_open":
            italic = True
        elif token.type == "em_close":
            italic = False
        elif token.type == "text" and token.content:
            runs.append(Run(token.content, bold, italic))
        elif token.type in ("softbreak", "hardbreak"):
            runs.append(Run(" " if token.type == "softbreak" else "\n", bold, italic))
    return runs


def blocks(text: str) -> list[Block]:
    """The text as blocks (see the module docstring)."""
    result: list[Block] = []
    lists: list[str] = []
    pending: Block | None = None
    for token in PARSER.parse(text or ""):
        if token.type == "heading_open":
            pending = Block("heading", level=int(token.tag[1:]))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if token.type == "bullet_list_open" else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "paragraph_open" and pending is None:
            pending = Block(lists[-1], level=len(lists)) if lists else Block("paragraph")
        elif token.type == "inline" and pending is not None:
            pending.runs = _runs(token.children or [])
            result.append(pending)
            pending = None
    return result


def to_html(text: str) -> SafeString:
    """The text as HTML for pages and the PDF (escaped: markdown-it's zero preset with html off)."""
    return mark_safe(PARSER.render(text or ""))  # noqa: S308 - markdown-it escapes every character of the input


def plain(text: str) -> list[str]:
    """The text as plain paragraphs (for formats without emphasis: HTML tables view, CSV, JSON)."""
    out: list[str] = []
    for block in blocks(text):
        prefix = "• " if block.kind == "bullet" else ("– " if block.kind == "number" else "")
        out.append(prefix + block.text)
    return out
