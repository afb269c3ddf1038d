"""Lyssna: every page read aloud by the device's own Swedish voice, tested in Chromium with a stubbed
speech engine (a fake window.speechSynthesis that records each utterance and ends it).

The stub offers a local sv-SE voice and a remote sv-SE voice (and, in other tests, only a remote one
or none in Swedish). What the page should say is read here from the built HTML on its own (lxml),
not from the script, so the two can disagree."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from scripts import offline

LOCAL_SV = {"name": "Alva (lokal)", "lang": "sv-SE", "localService": True, "default": False, "voiceURI": "lokal-sv"}
REMOTE_SV = {"name": "Svenska (nät)", "lang": "sv-SE", "localService": False, "default": True, "voiceURI": "nat-sv"}
LOCAL_EN = {"name": "Daniel (local)", "lang": "en-GB", "localService": True, "default": False, "voiceURI": "lokal-en"}

EASY = "lattlast/sa-ansoker-du.html"
GUIDE = "situationer/personen-oppnar-inte-dorren.html"


def speech_stub(voices: list[dict]) -> str:
    """A fake speech engine. window.__spoken: every utterance spoken (text, rate, voice, lang).
    window.__hold = true keeps the current utterance speaking until window.__release()."""
    return """(() => {
  const VOICES = __VOICES__;
  window.__spoken = []; window.__cancels = 0; window.__hold = false;
  let current = null;
  const end = (u) => { if (current !== u) return; current = null; if (u.onend) u.onend({type: 'end', utterance: u}); };
  class FakeUtterance {
    constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; this.pitch = 1;
      this.volume = 1; this.onend = null; this.onerror = null; }
  }
  const synth = {
    get speaking() { return current !== null; }, paused: false, pending: false,
    getVoices() { return VOICES; },
    speak(u) {
      window.__spoken.push({text: u.text, rate: u.rate, voice: u.voice ? u.voice.name : null, lang: u.lang});
      current = u;
      if (!window.__hold) setTimeout(() => end(u), 0);
    },
    cancel() {
      window.__cancels += 1;
      const u = current; current = null;
      if (u && u.onerror) u.onerror({type: 'error', error: 'interrupted', utterance: u});
    },
    pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
  };
  window.__release = () => { if (current) end(current); };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = FakeUtterance;
})();""".replace("__VOICES__", json.dumps(voices))


@pytest.fixture()
def listener(chromium):
    """A page whose browser has a local and a remote Swedish voice (the stub)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.add_init_script(speech_stub([REMOTE_SV, LOCAL_EN, LOCAL_SV]))
    page = context.new_page()
    yield page
    context.close()


def status(page) -> str:
    return page.locator("[data-portal-lyssna-status]").inner_text()


def spoken(page) -> list[dict]:
    return page.evaluate("window.__spoken")


def listen_to_end(page) -> list[dict]:
    page.locator("[data-portal-lyssna-start]").click()
    page.wait_for_function("document.querySelector('[data-portal-lyssna-status]').textContent.includes('klar')")
    return spoken(page)


# --- what the page should say, read from the built HTML --------------------------------------------

NOT_READ_CLASSES = {"headerlink", "portal-kalla", "portal-styrka", "portal-granskning"}
NOT_READ_TAGS = {"script", "style", "nav", "form", "button", "select", "textarea", "img", "svg", "template"}
BLOCK_TAGS = {
    *"article section div p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tr td th".split(),
    *"caption blockquote pre figure figcaption details summary fieldset legend".split(),
}


def not_read(element) -> bool:
    a = element.attrib
    return (
        element.tag in NOT_READ_TAGS
        or bool(NOT_READ_CLASSES & set((a.get("class") or "").split()))
        or any(name in a for name in ("hidden", "data-portal-las-inte", "data-portal-lyssna"))
        or a.get("aria-hidden") == "true"
    )


def expected_sentences(html_file: Path) -> list[str]:
    """The article's blocks in order, until the first reference section; each cut into sentences."""
    article = lxml.html.fromstring(html_file.read_bytes()).xpath("//article")[0]
    ends = set(article.cssselect("[data-portal-lyssna]")[0].get("data-portal-lyssna-slut").split())
    blocks: list[str] = []
    state = {"ended": False, "text": ""}

    def flush() -> None:
        if state["text"].strip():
            blocks.append(state["text"])
        state["text"] = ""

    def visit(element) -> None:
        if state["ended"] or not isinstance(element.tag, str):
            return
        if re.fullmatch(r"h[1-6]", element.tag) and element.get("id") in ends:
            state["ended"] = True
            return
        if not_read(element):
            return
        block = element.tag in BLOCK_TAGS
        if block:
            flush()
        state["text"] += element.text or ""
        for child in element:
            visit(child)
            if state["ended"]:
                return
            state["text"] += child.tail or ""
        if block:
            flush()

    visit(article)
    flush()
    sentences = []
    for block in blocks:
        sentences += re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", " ".join(block.split()))
    return sentences


# --- the controls --------------------------------------------------------------------------------


def test_every_page_has_the_controls_hidden_until_the_script_shows_them(site_dir: Path):
    missing = []
    pages = [p for p in site_dir.rglob("*.html") if p.name != "404.html"]
    for html in pages:
        article = lxml.html.fromstring(html.read_bytes()).xpath("//article")[0]
        controls = article.cssselect("[data-portal-lyssna]")
        if len(controls) != 1 or controls[0].get("hidden") is None:
            missing.append(html.relative_to(site_dir).as_posix())
    assert len(pages) > 100 and not missing, missing[:10]
    text = (site_dir / EASY).read_text(encoding="utf-8")
    assert re.search(r"assets/javascripts/portal-lyssna\.[0-9a-f]{8}\.js", text)


def test_without_javascript_there_is_no_button(chromium, server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in (EASY, GUIDE):
        page.goto(f"{server}/{path}")
        assert page.locator("[data-portal-lyssna]").count() == 1
        assert not page.locator("[data-portal-lyssna-start]").is_visible()
    context.close()


def test_the_button_is_under_the_title_or_after_the_advice_a_phone_shows_first(listener, server):
    listener.goto(f"{server}/{EASY}")
    button = listener.locator("[data-portal-lyssna-start]")
    assert button.is_visible() and button.inner_text() == "Lyssna på sidan"
    assert listener.evaluate(
        "document.querySelector('article h1').nextElementSibling.matches('[data-portal-lyssna]')"
    ), "the controls are right under the title"
    listener.goto(f"{server}/{GUIDE}")
    assert listener.evaluate("!!document.querySelector('h2#gor-sa-har ~ ol ~ [data-portal-lyssna]')"), (
        "on a guide the steps come first, the controls after them"
    )
    listener.goto(f"{server}/malgrupper/livssituationer/suicid.html")
    assert listener.evaluate("!!document.querySelector('h2#sa-kan-du-stodja ~ ul ~ [data-portal-lyssna]')"), (
        "on a target page the support points come first, the controls after them"
    )
    assert listener.locator("[data-portal-lyssna-start]").is_visible()


# --- reading -------------------------------------------------------------------------------------


def test_reads_the_title_first_then_every_sentence_in_order_with_the_local_swedish_voice(
    listener, server, site_dir: Path
):
    easy = sorted((site_dir / "lattlast").glob("*.html"))
    assert len(easy) == 11
    for html in easy:
        rel = html.relative_to(site_dir).as_posix()
        listener.goto(f"{server}/{rel}")
        said = listen_to_end(listener)
        title = listener.locator("article h1").evaluate("h => h.firstChild.textContent")
        expected = expected_sentences(html)
        assert said[0]["text"] == title == expected[0], rel
        assert [u["text"] for u in said] == expected, rel
        assert {u["voice"] for u in said} == {LOCAL_SV["name"]}, "only the local Swedish voice"
        assert {u["lang"] for u in said} == {"sv-SE"}
        texts = " ".join(u["text"] for u in said)
        assert "Senast granskad" not in texts and "Socialstyrelsen:" not in texts, "no review footer, no sources"
        assert "Mer om samma sak för personal" not in texts and "Tabler" not in texts


def test_a_guide_is_read_from_its_title_through_the_steps_and_not_its_sources(listener, server, site_dir: Path):
    listener.goto(f"{server}/{GUIDE}")
    said = [u["text"] for u in listen_to_end(listener)]
    assert said == expected_sentences(site_dir / GUIDE)
    assert said[0] == listener.locator("article h1").evaluate("h => h.firstChild.textContent")
    steps = listener.locator("h2#gor-sa-har + ol > li").evaluate_all(  # without the source and strength marks
        "els => els.map(li => { const c = li.cloneNode(true);"
        " c.querySelectorAll('.portal-kalla, .portal-styrka').forEach(e => e.remove()); return c.textContent; })"
    )
    first_sentence = [re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", " ".join(s.split()))[0] for s in steps]
    where = [said.index(s) for s in first_sentence]
    assert where == sorted(where), "the steps in their order"
    assert said.index("Gör så här") < where[0]
    assert "Ring 112" not in said, "the call button repeats the first box: not read"
    assert "Källor" not in said and "Läs också" not in said


def test_the_sentence_being_read_is_shown_and_its_block_highlighted(listener, server):
    listener.goto(f"{server}/{EASY}")
    listener.evaluate("window.__hold = true")
    listener.locator("[data-portal-lyssna-start]").click()
    caption = listener.locator("[data-portal-lyssna-mening]")
    title = listener.locator("article h1").evaluate("h => h.firstChild.textContent")
    assert caption.is_visible() and caption.inner_text() == title
    assert listener.evaluate("document.querySelector('article h1').classList.contains('portal-lyssna-las')")
    listener.evaluate("window.__release()")
    listener.wait_for_function("window.__spoken.length === 2")
    second = spoken(listener)[1]["text"]
    assert caption.inner_text() == second
    assert listener.locator(".portal-lyssna-las").count() == 1
    assert second in listener.locator(".portal-lyssna-las").inner_text()


def test_pause_continue_and_stop(listener, server):
    listener.goto(f"{server}/{EASY}")
    listener.evaluate("window.__hold = true")
    listener.locator("[data-portal-lyssna-start]").click()
    listener.evaluate("window.__release()")
    listener.wait_for_function("window.__spoken.length === 2")
    second = spoken(listener)[1]["text"]

    listener.locator("[data-portal-lyssna-paus]").click()
    assert status(listener) == "Pausad."
    cancels = listener.evaluate("window.__cancels")
    assert cancels >= 1, "pause stops the voice"
    listener.evaluate("window.__release()")
    listener.wait_for_timeout(300)
    assert len(spoken(listener)) == 2, "nothing is read while paused"
    assert listener.locator("[data-portal-lyssna-fortsatt]").is_visible()
    assert not listener.locator("[data-portal-lyssna-paus]").is_visible()

    listener.locator("[data-portal-lyssna-fortsatt]").click()
    listener.wait_for_function("window.__spoken.length === 3")
    assert spoken(listener)[2]["text"] == second, "continue reads the paused sentence again"
    listener.evaluate("window.__release()")
    listener.wait_for_function("window.__spoken.length === 4")

    listener.locator("[data-portal-lyssna-sluta]").click()
    assert status(listener) == "Uppläsningen är avslutad."
    listener.evaluate("window.__release()")
    listener.wait_for_timeout(300)
    assert len(spoken(listener)) == 4, "nothing more after stop"
    assert listener.locator("[data-portal-lyssna-start]").is_visible()
    assert not listener.locator("[data-portal-lyssna-mening]").is_visible()
    assert listener.locator(".portal-lyssna-las").count() == 0

    listener.evaluate("window.__hold = false")
    said = listen_to_end(listener)
    assert said[4]["text"] == said[0]["text"], "after stop, Lyssna starts from the title again"


def test_speed_changes_the_rate_of_the_utterances(listener, server):
    listener.goto(f"{server}/{EASY}")
    listener.evaluate("window.__hold = true")
    listener.locator("[data-portal-lyssna-start]").click()
    assert spoken(listener)[0]["rate"] == 1
    fast = listener.locator("[data-portal-lyssna-takt='1.25']")
    fast.click()
    assert fast.get_attribute("aria-pressed") == "true"
    assert listener.locator("[data-portal-lyssna-takt='1']").get_attribute("aria-pressed") == "false"
    listener.wait_for_function("window.__spoken.length === 2")
    said = spoken(listener)
    assert said[1] == {**said[0], "rate": 1.25}, "the same sentence again, faster"
    listener.evaluate("window.__release()")
    listener.wait_for_function("window.__spoken.length === 3")
    assert spoken(listener)[2]["rate"] == 1.25
    listener.locator("[data-portal-lyssna-takt='0.75']").click()
    listener.wait_for_function("window.__spoken.length === 4")
    assert spoken(listener)[3]["rate"] == 0.75 and spoken(listener)[3]["text"] == spoken(listener)[2]["text"]


@pytest.mark.parametrize(
    "voices", [[REMOTE_SV], [LOCAL_EN, REMOTE_SV], []], ids=["only-remote-swedish", "no-local-swedish", "no-voice"]
)
def test_without_a_local_swedish_voice_it_says_so_and_reads_nothing(chromium, server, voices):
    context = chromium.new_context(locale="sv-SE")
    context.add_init_script(speech_stub(voices))
    page = context.new_page()
    page.goto(f"{server}/{EASY}")
    page.locator("[data-portal-lyssna-start]").click()
    page.wait_for_function("document.querySelector('[data-portal-lyssna-status]').textContent !== ''", timeout=5000)
    assert status(page).startswith("Din enhet har ingen svensk röst")
    page.wait_for_timeout(300)
    assert spoken(page) == []
    assert page.locator("[data-portal-lyssna-start]").is_visible(), "the button stays"
    assert page.locator("article h2").first.is_visible(), "nothing else is hidden"
    context.close()


def test_a_browser_without_speech_says_so(chromium, server):
    context = chromium.new_context(locale="sv-SE")
    context.add_init_script("delete window.SpeechSynthesisUtterance;")
    page = context.new_page()
    page.goto(f"{server}/{EASY}")
    page.locator("[data-portal-lyssna-start]").click()
    assert status(page).startswith("Din enhet har ingen svensk röst")
    context.close()


def test_keyboard_only_with_buttons_of_44_px_and_swedish_names(listener, server):
    listener.goto(f"{server}/{EASY}")
    listener.evaluate("window.__hold = true")
    listener.locator("[data-portal-lyssna-start]").focus()
    listener.keyboard.press("Enter")
    assert listener.evaluate("document.activeElement.hasAttribute('data-portal-lyssna-paus')"), "focus moves to Pausa"
    buttons = listener.locator(".portal-lyssna button:visible")
    names = buttons.all_inner_texts()
    assert names == ["Pausa", "Sluta", "Långsamt", "Normalt", "Snabbt"]
    assert listener.locator(".portal-lyssna [role=group]").get_attribute("aria-label") == "Hastighet"
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, names[i]
        assert buttons.nth(i).evaluate("b => b.tagName") == "BUTTON"
    listener.keyboard.press("Space")
    assert status(listener) == "Pausad."
    assert listener.evaluate("document.activeElement.hasAttribute('data-portal-lyssna-fortsatt')")
    listener.keyboard.press("Tab")
    listener.keyboard.press("Enter")  # Sluta
    assert status(listener) == "Uppläsningen är avslutad."
    assert listener.evaluate("document.activeElement.hasAttribute('data-portal-lyssna-start')")
    box = listener.locator("[data-portal-lyssna-start]").bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44


def test_no_request_leaves_the_site_and_nothing_is_stored_when_listening(listener, server):
    origin = urlsplit(server).netloc
    requests: list[str] = []
    listener.on("request", lambda r: requests.append(r.url))
    for path in (EASY, GUIDE, "index.html"):
        listener.goto(f"{server}/{path}")
        listen_to_end(listener)
        listener.wait_for_load_state("networkidle")
    foreign = [u for u in requests if urlsplit(u).netloc not in (origin, "")]
    assert requests and foreign == []
    assert listener.evaluate("Object.keys(localStorage).length + Object.keys(sessionStorage).length") == 0
    assert listener.context.cookies() == []


def test_works_from_disk(chromium, site_dir: Path):
    context = chromium.new_context(locale="sv-SE")
    context.add_init_script(speech_stub([LOCAL_SV]))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site_dir / EASY).as_uri())
    said = listen_to_end(page)
    assert [u["text"] for u in said] == expected_sentences(site_dir / EASY)
    assert not errors
    context.close()


def test_the_script_is_cached_for_offline_use(site_dir: Path):
    first = (site_dir / offline.WORKER).read_text(encoding="utf-8").split("\n", 1)[0]
    files = json.loads(first.removeprefix("self.__portalPrecache = ").removesuffix(";"))["files"]
    assert [f for f in files if re.fullmatch(r"assets/javascripts/portal-lyssna\.[0-9a-f]{8}\.js", f)]


def test_no_wcag_violation_while_reading_or_paused(listener, server):
    from axe_playwright_python.sync_playwright import Axe

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    listener.goto(f"{server}/{GUIDE}")
    listener.evaluate("window.__hold = true")
    listener.locator("[data-portal-lyssna-start]").click()
    listener.evaluate("window.__release()")
    listener.wait_for_function("window.__spoken.length === 2")
    assert listener.locator(".portal-lyssna--aktiv").is_visible()
    for state in ("reading", "paused"):
        violations = Axe().run(listener, options=wcag).response["violations"]
        assert not violations, (state, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations])
        if state == "reading":
            listener.locator("[data-portal-lyssna-paus]").click()
