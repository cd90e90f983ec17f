"""End-to-end in Chromium: an admin creates a round, the public link is answered anonymously on a phone-sized
screen in a fresh browser context (no login), and the admin sees the result."""

from __future__ import annotations

from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.surveys.models import Response, SurveyRound
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import axe_violations, describe_violations, login

pytestmark = pytest.mark.e2e


def test_admin_creates_a_round_and_a_phone_answers_it(page: Any, browser: Any, cast: Cast) -> None:
    association = cast.a.association
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(f"/f/{association.slug}/enkater/")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till mallen RMGT upplevd nytta").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ny omgång").click()
    page.get_by_label("Kod").fill("e2e-1")
    page.get_by_label("Insats").select_option(str(cast.a.structural.pk))
    page.get_by_label("Från").fill("2020-01-01")
    page.get_by_label("Till").fill("2035-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    survey_round = SurveyRound.objects.get(association=association, code="e2e-1")
    assert page.url.endswith(survey_round.get_absolute_url())
    link = page.locator("#public-link").get_attribute("href")
    assert link and link.endswith(survey_round.public_path())
    assert page.locator("img.qr").count() == 1

    phone = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        public = phone.new_page()
        public.set_default_timeout(10_000)
        public.goto(link)
        first = public.locator("main p").first.inner_text()
        assert first.startswith("Enkäten är anonym")
        assert public.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        if found := axe_violations(public):
            pytest.fail("WCAG 2.1 AA on the public form:\n" + describe_violations(found))
        public.get_by_role("group", name="Jag deltog i mötet som").get_by_label("Individ").check()
        public.get_by_role("group", name="Har samrådet med RMGT varit till nytta för dig?").get_by_label("5").check()
        with public.expect_navigation():
            public.get_by_role("button", name="Skicka svaret").click()
        assert "Tack för ditt svar" in public.locator("main").inner_text()
    finally:
        phone.close()
    assert Response.objects.filter(round=survey_round).count() == 1

    page.reload()
    main = page.locator("main").inner_text()
    assert "Svar per fråga" in main and "Intern version" in main
    assert page.locator("figure.chart svg").count() >= 1


def test_survey_pages_have_no_serious_accessibility_violations(page: Any, cast: Cast) -> None:
    from django.urls import reverse

    from samordna.surveys.tests.helpers import answer, make_round

    survey_round = make_round(cast.a, mode="codes")
    for value in (5, 4, 4, 3, 5):
        answer(survey_round, value, channel="paper")
    tenant = {"association": cast.a.association.slug}
    one = {**tenant, "pk": survey_round.pk}
    pages = {
        "enkäter": reverse("surveys:list", kwargs=tenant),
        "enkät": survey_round.version.questionnaire.get_absolute_url(),
        "ny fråga": reverse("surveys:question-add", kwargs={**tenant, "pk": survey_round.version.questionnaire_id}),
        "omgångar": reverse("surveys:rounds", kwargs=tenant),
        "ny omgång": reverse("surveys:round-create", kwargs=tenant),
        "omgång": reverse("surveys:round-detail", kwargs=one),
        "koder": reverse("surveys:round-codes", kwargs=one),
        "papper": reverse("surveys:round-paper", kwargs=one),
    }
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    problems = []
    for name, url in pages.items():
        page.goto(url)
        if found := axe_violations(page):
            problems.append(f"{name} ({url}):\n{describe_violations(found)}")
    assert not problems, "\n".join(problems)
