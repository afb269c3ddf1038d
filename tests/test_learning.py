"""Learning: lättläst pages, self-checks in the introduction, reflection by theme, cards that teach."""

from __future__ import annotations

import itertools
from pathlib import Path

from pypdf import PdfReader

from scripts import cards, readability, search
from scripts.nav import sort_key

SIMILAR = 0.6  # share of content words two questions on different pages may have in common


def easy_read(prepared):
    return [p for p in prepared.site.pages.values() if p.meta.typ == "lattlast"]


def test_easy_read_pages_are_easy_to_read(prepared):
    pages = easy_read(prepared)
    assert len(pages) >= 6
    scores = {p.path: round(readability.lix(readability.prose(p)), 1) for p in pages}
    assert all(v <= 25 for v in scores.values()), scores  # "mycket lätt" (issue 33)


def test_easy_read_and_ordinary_pages_link_both_ways(prepared, site_dir: Path):
    for page in easy_read(prepared):
        own = (site_dir / page.path.replace(".md", ".html")).read_text(encoding="utf-8")
        assert "portal-lattlast-markor" in own and ">Lättläst<" in own, page.path
        ordinary = (site_dir / page.meta.vanlig_sida.replace(".md", ".html")).read_text(encoding="utf-8")
        assert (
            Path(page.path).name.replace(".md", ".html") in ordinary.split('class="portal-lattlast-lank"', 1)[-1][:2000]
        ), f"{page.meta.vanlig_sida} does not link back to {page.path}"


def test_no_two_pages_ask_nearly_the_same_question(prepared):
    questions = [(p.path, getattr(q, "fraga", None) or str(q)) for p, _, q, _ in prepared.site.questions(sort_key)]
    words = [(path, text, set(search.keys(text))) for path, text in questions]
    close = [
        (round(len(a & b) / len(a | b), 2), p1, t1, p2, t2)
        for (p1, t1, a), (p2, t2, b) in itertools.combinations(words, 2)
        if p1 != p2 and a and b and len(a & b) / len(a | b) >= SIMILAR
    ]
    assert not close, "\n".join(map(str, close))


def test_similarity_measure_sees_a_near_copy():
    a = set(search.keys("Hur märker du att personen börjar må sämre, och vad gör du då?"))
    b = set(search.keys("Hur märker ni att en person börjar må sämre? Vad gör ni då?"))
    assert len(a & b) / len(a | b) >= SIMILAR


def weeks(prepared):
    return sorted((p for p in prepared.site.pages.values() if p.meta.typ == "introduktion"), key=lambda p: p.meta.vecka)


def test_every_week_has_a_self_check_of_six_questions(prepared):
    assert [len(p.meta.sjalvtest) >= 6 for p in weeks(prepared)] == [True] * 4


def test_self_check_answers_by_keyboard_survive_a_reload_and_reset(page, server, prepared):
    week = weeks(prepared)[0]
    page.goto(f"{server}/{week.path.replace('.md', '.html')}")
    first = page.locator(".portal-sjalvtest__fraga").first
    first.locator("input").first.focus()
    page.keyboard.press("Space")  # choose the first alternative by keyboard
    answer = first.locator(".portal-sjalvtest__svar")
    assert answer.is_visible() and answer.get_attribute("aria-live") == "polite"
    verdict = answer.locator(".portal-sjalvtest__bedomning").inner_text()
    assert verdict == "Rätt." if week.meta.sjalvtest[0].ratt == 1 else verdict.startswith("Inte riktigt. Rätt svar:")
    assert answer.locator("a").count() == 1
    page.reload()
    assert first.locator("input").first.is_checked() and answer.is_visible()
    assert "1 av" in page.locator(".portal-sjalvtest__resultat").inner_text()
    page.goto(f"{server}/introduktion/index.html")
    assert "1 av" in page.locator(".portal-sjalvtest-summering li").first.inner_text()
    page.goto(f"{server}/{week.path.replace('.md', '.html')}")
    page.locator("[data-portal-sjalvtest-nollstall]").click()
    page.reload()
    assert not first.locator("input").first.is_checked() and not answer.is_visible()


def test_print_version_has_questions_without_answers_and_signature_lines(site_dir: Path, prepared):
    text = (site_dir / "introduktion" / "utskrift.html").read_text(encoding="utf-8")
    assert "Signatur" in text and "Namn:" in text
    question = weeks(prepared)[0].meta.sjalvtest[0]
    assert question.fraga.split()[0] in text and question.forklaring[:40] not in text


def test_draw_a_question_by_theme(page, server, prepared):
    page.goto(f"{server}/reflektion/fragebank.html")
    theme = page.locator("[data-portal-dra-tema] option").nth(1).get_attribute("value")
    page.select_option("[data-portal-dra-tema]", theme)
    allowed = {t.strip() for t in page.locator(f"[data-portal-tema='{theme}']").all_inner_texts()}
    for _ in range(5):
        page.click("[data-portal-dra]")
        assert page.locator(".portal-dragen").inner_text().strip() in allowed
    page.fill("[data-portal-filter]", "zzzz-finns-inte")
    assert page.locator(".portal-fragebank [data-portal-fraga]:visible").count() == 0


def test_cards_are_tagged_pdf_with_language(prepared, site_dir: Path):
    for deck in [d for d in cards.decks(prepared.site) if d.cards][:3]:
        reader = PdfReader(site_dir / deck.a6())
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and str(root.get("/Lang", "")).startswith("sv"), deck.id
        assert root["/MarkInfo"]["/Marked"]
