"""Help pages for the kansli: one short page per area, written in plain Swedish (issue "The everyday experience").

Core knows no domain app: each app registers its topic from its AppConfig.ready with `register(HelpTopic(…))`,
naming the template with the text and the URL namespaces whose pages it explains. Every page then shows a
"Hjälp" link in its header to the topic of its own area (`topic_for`), or to the list of topics.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpTopic:
    """One help page: its slug in /hjalp/<slug>/, its title, its template and the URL namespaces it covers."""

    slug: str
    title: str
    template: str
    namespaces: frozenset[str]
    order: int = 50


TOPICS: dict[str, HelpTopic] = {}


def register(topic: HelpTopic) -> None:
    """Add a topic (idempotent per slug)."""
    TOPICS[topic.slug] = topic


def topics() -> list[HelpTopic]:
    """Every topic in reading order."""
    return sorted(TOPICS.values(), key=lambda t: (t.order, t.title))


def topic_for(namespace: str | None) -> HelpTopic | None:
    """The topic that explains the pages of a URL namespace, if any."""
    if not namespace:
        return None
    return next((t for t in TOPICS.values() if namespace in t.namespaces), None)
