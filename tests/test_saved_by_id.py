"""What the browser keeps for a person – checklist ticks and self-check answers – is keyed by the
page and the id the editor gave each item, so rewording or reordering the items keeps every tick and
answer with its own item. The ids are checked by the build: unique on the page, a–z, 0–9 and '-'."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.build import prepare
from scripts.content import ContentErrors

FIXTURE = Path(__file__).parent / "fixtures" / "site"
WEEK = "docs/introduktion/vecka-1.md"

INDEX = """---
titel: Introduktion
typ: sida
sammanfattning: Fyra veckor för nya boendestödjare.
kallor:
  - dokument: vagledning
    avsnitt: Boendestöd är en insats
senast_granskad: 2026-11-23
nasta_granskning: 2027-11-23
---

Programmet.
"""

WEEK_TEXT = """---
titel: Vecka ett
typ: introduktion
vecka: 1
sammanfattning: Första veckan.
las: [situationer/dorren.md]
samtala: [Hur ett besök går till.]
checklista:
  - {id: las-sidorna, text: Jag har läst sidorna.}
  - id: mentor
    text: Jag har pratat med min mentor.
sjalvtest:
  - id: vem-ringer
    fraga: Vem ringer du?
    alternativ: ["112", Ingen]
    ratt: 1
    forklaring: Ring 112.
    sida: situationer/dorren.md
kallor:
  - dokument: vagledning
    avsnitt: Boendestöd är en insats
senast_granskad: 2026-11-23
nasta_granskning: 2027-11-23
---
"""


def with_week(tmp_path: Path, week: str = WEEK_TEXT) -> Path:
    """The fixture site with an introduction week."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    (root / "docs/introduktion").mkdir()
    (root / "docs/introduktion/index.md").write_text(INDEX, encoding="utf-8")
    (root / WEEK).write_text(week, encoding="utf-8")
    menu = root / "data/meny.yml"
    menu.write_text(menu.read_text().replace("[situationer]", "[situationer, introduktion]"), encoding="utf-8")
    return root


def errors_of(root: Path) -> list[str]:
    try:
        prepare(root / "docs", root / "data", "")
    except ContentErrors as exc:
        return [str(e) for e in exc.errors]
    return []


def test_items_render_with_their_ids(tmp_path: Path):
    root = with_week(tmp_path)
    markdown = prepare(root / "docs", root / "data", "").markdown["introduktion/vecka-1.md"]
    assert 'data-portal-checklista="introduktion/vecka-1"' in markdown
    assert 'id="bock-introduktion-vecka-1-mentor" data-portal-id="mentor"' in markdown
    assert '<fieldset class="portal-sjalvtest__fraga" data-portal-id="vem-ringer">' in markdown
    assert 'name="introduktion-vecka-1-vem-ringer"' in markdown


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        pytest.param(
            "id: mentor",
            "id: las-sidorna",
            10,
            r"id 'las-sidorna' finns redan i checklista \(rad 9\)",
            id="same checklist id twice",
        ),
        pytest.param(
            "  - {id: las-sidorna, text: Jag har läst sidorna.}",
            "  - Jag har läst sidorna.",
            9,
            r"'checklista' har fel form: .*skriv punkten som \{id: …, text: …\}",
            id="checklist item without id",
        ),
        pytest.param("id: vem-ringer", "id: 1-fraga", 13, "ska börja med en bokstav", id="id starts with a digit"),
        pytest.param("id: vem-ringer", "id: Vem ringer", 13, "ska börja med en bokstav", id="id with space"),
        pytest.param(
            "  - id: vem-ringer\n    fraga:",
            "  - fraga:",
            13,
            "obligatoriskt fält 'id' saknas",
            id="question without id",
        ),
    ],
)
def test_bad_ids_are_refused_at_their_line(tmp_path: Path, old: str, new: str, line: int, message: str):
    assert WEEK_TEXT.count(old) == 1
    root = with_week(tmp_path, WEEK_TEXT.replace(old, new))
    errors = errors_of(root)
    assert any(e.startswith(f"{WEEK}:{line}: ") and re.search(message, e) for e in errors), errors


def test_a_second_question_with_the_same_id_is_refused(tmp_path: Path):
    question = WEEK_TEXT.split("sjalvtest:\n")[1].split("kallor:")[0]
    root = with_week(tmp_path, WEEK_TEXT.replace(question, question * 2))
    assert any(
        e.startswith(f"{WEEK}:19: ") and "id 'vem-ringer' finns redan i sjalvtest (rad 13)" in e
        for e in errors_of(root)
    )


def test_every_item_in_the_content_has_an_id(prepared):
    weeks = [p for p in prepared.site.pages.values() if p.meta.typ == "introduktion"]
    assert len(weeks) == 4
    for week in weeks:
        assert len({i.id for i in week.meta.checklista}) == len(week.meta.checklista)
        assert len({q.id for q in week.meta.sjalvtest}) == len(week.meta.sjalvtest)


# --- in the browser: reword and reorder the built page, every tick and answer stays ---------------


def reworded_and_reordered(html: str) -> str:
    """The built week with every checklist item and question reworded and in reverse order (as a
    later version of the page could have them); ids untouched."""
    soup = BeautifulSoup(html, "html.parser")
    checklist = soup.select_one("[data-portal-checklista]")
    items = checklist.find_all("li", recursive=False)
    for item in items:
        label = item.find("label")
        box = label.find("input").extract()
        label.clear()
        label.append(box)
        label.append(f" Omskriven punkt {box['data-portal-id']}.")
    for item in reversed(items):
        checklist.append(item.extract())
    form = soup.select_one("[data-portal-sjalvtest]")
    questions = form.select(".portal-sjalvtest__fraga")
    anchor = questions[-1].find_next_sibling()
    for q in questions:
        q.find("legend").string = f"Omskriven fråga {q['data-portal-id']}?"
    for q in questions:  # reversed: each one in turn before the element after the last question
        anchor.insert_before(q.extract())
        anchor = q
    return str(soup)


def test_ticks_and_answers_stay_with_their_items_when_the_page_changes(page, server, site_dir: Path, prepared):
    path = "introduktion/vecka-2.html"
    week = prepared.site.pages["introduktion/vecka-2.md"].meta
    url = f"{server}/{path}"
    page.goto(url)
    boxes = page.locator("[data-portal-checklista] input[type=checkbox]")
    ticked = [week.checklista[0].id, week.checklista[2].id, week.checklista[-1].id]
    for item_id in ticked:
        page.locator(f"[data-portal-checklista] input[data-portal-id='{item_id}']").check()
    chosen = {}
    for n, q in enumerate(week.sjalvtest[:3]):
        value = str(len(q.alternativ) if n != 1 else 1)  # some right, some wrong
        page.locator(f".portal-sjalvtest__fraga[data-portal-id='{q.id}'] input[value='{value}']").check()
        chosen[q.id] = value

    changed = reworded_and_reordered((site_dir / path).read_text(encoding="utf-8"))
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=changed))
    page.goto(url)
    first_label = page.locator("[data-portal-checklista] label").first.inner_text().strip()
    assert first_label == f"Omskriven punkt {week.checklista[-1].id}.", "the changed page is the one shown"
    boxes = page.locator("[data-portal-checklista] input[type=checkbox]")
    state = {boxes.nth(i).get_attribute("data-portal-id"): boxes.nth(i).is_checked() for i in range(boxes.count())}
    assert state == {i.id: i.id in ticked for i in week.checklista}
    fieldsets = page.locator(".portal-sjalvtest__fraga")
    assert fieldsets.first.get_attribute("data-portal-id") == week.sjalvtest[-1].id
    for i in range(fieldsets.count()):
        fieldset = fieldsets.nth(i)
        q_id = fieldset.get_attribute("data-portal-id")
        checked = [x.get_attribute("value") for x in fieldset.locator("input").all() if x.is_checked()]
        assert checked == ([chosen[q_id]] if q_id in chosen else []), q_id
        assert fieldset.locator(".portal-sjalvtest__svar").is_visible() == (q_id in chosen)
    result = page.locator(".portal-sjalvtest__resultat").inner_text()
    right = sum(1 for q in week.sjalvtest if chosen.get(q.id) == str(q.ratt))
    assert result == f"Du har svarat på 3 av {len(week.sjalvtest)} frågor, {right} rätt."


def test_ticks_and_answers_kept_by_text_and_position_are_moved_to_the_ids(page, server, prepared):
    """What an earlier version kept (a tick by its text, an answer by its position) is still there."""
    week = prepared.site.pages["introduktion/vecka-3.md"].meta
    page.goto(f"{server}/introduktion/vecka-3.html")
    label = page.locator("[data-portal-checklista] label").nth(1).inner_text().strip()
    page.evaluate(
        """([label, answer]) => {
          localStorage.setItem("boendestodsportalen.checklistor",
            JSON.stringify({["introduktion/vecka-3:" + label]: true}));
          localStorage.setItem("boendestodsportalen.sjalvtest",
            JSON.stringify({"introduktion-vecka-3": {"2": answer}}));
        }""",
        [label, str(week.sjalvtest[1].ratt)],
    )
    page.reload()
    assert page.locator(f"input[data-portal-id='{week.checklista[1].id}']").is_checked()
    assert page.locator("[data-portal-checklista] input:checked").count() == 1
    second = page.locator(f".portal-sjalvtest__fraga[data-portal-id='{week.sjalvtest[1].id}']")
    assert second.locator(f"input[value='{week.sjalvtest[1].ratt}']").is_checked()
    stored = page.evaluate(
        "[localStorage.getItem('boendestodsportalen.checklistor'), localStorage.getItem('boendestodsportalen.sjalvtest')]"
    )
    assert stored[0] == '{"introduktion/vecka-3#' + week.checklista[1].id + '":true}'
    assert (
        stored[1] == '{"introduktion-vecka-3":{"' + week.sjalvtest[1].id + '":"' + str(week.sjalvtest[1].ratt) + '"}}'
    )
