/* Boendestödsportalen: "Lyssna" – the page read aloud by the device's own Swedish voice.
 *
 * Speech comes from the Web Speech API (speechSynthesis), and only from a voice the browser says is
 * on the device (localService === true) and Swedish (sv, sv-SE). A voice on a server is never
 * chosen, so the text never leaves the device; nothing is fetched and nothing is stored (not the
 * speed either). Without a local Swedish voice the controls say so and nothing is read.
 *
 * The controls are rendered by scripts/render.py in every page, hidden; this file shows them. No
 * JavaScript: no button. Works from disk (file://) and offline (the service worker caches this file).
 *
 * The page's main text is the article that holds the controls (<article>, else <main>):
 *   - read: the title (h1), the summary, and every section in page order – headings, paragraphs,
 *     list items, table cells, the boxes of advice – until the first heading whose id the controls
 *     name in data-portal-lyssna-slut (the reference sections Lagrum, Läs också and Källor);
 *   - not read: anything outside the article (header, menu, table of contents, footer), the
 *     reference sections, the review dates, a point's source and strength markers (.portal-kalla,
 *     .portal-styrka), what render.py marks data-portal-las-inte (links to other pages, call
 *     buttons that repeat the text, the picture licence), forms and buttons (search, self-checks),
 *     navigation, images, and whatever is hidden (closed <details> too).
 * Each block is cut into sentences; one sentence is one utterance, shown in the caption of the
 * controls while it is read, and its block is highlighted.
 *
 * Pause is a cancel that remembers the sentence; "Fortsätt" reads that sentence again from its
 * start. speechSynthesis.pause()/resume() do not work in every browser (not on Android), and a
 * short sentence heard again is easier to follow than one picked up in the middle. */
(function () {
  "use strict";

  var controls = document.querySelector("[data-portal-lyssna]");
  if (!controls) return;

  var NOT_READ = [
    "[data-portal-las-inte]", "[data-portal-lyssna]", "[hidden]", "[aria-hidden='true']", "[role='tooltip']",
    "script", "style", "template", "noscript", "nav", "form", "button", "select", "textarea", "img", "svg",
    ".headerlink", ".portal-kalla", ".portal-styrka", ".portal-granskning"
  ].join(",");
  var BLOCK_TAGS = /^(ARTICLE|SECTION|DIV|P|H[1-6]|UL|OL|LI|DL|DT|DD|TABLE|THEAD|TBODY|TFOOT|TR|TD|TH|CAPTION|BLOCKQUOTE|PRE|FIGURE|FIGCAPTION|DETAILS|SUMMARY|FIELDSET|LEGEND|HR|ADDRESS|ASIDE|HEADER|FOOTER)$/;
  /* Words with a full stop that do not end a sentence. */
  var ABBREVIATIONS = /(?:^|\s)(t\.ex|bl\.a|s\.k|d\.v\.s|dvs|p\.g\.a|m\.m|o\.s\.v|f\.d|kap|jfr|ca|nr|kl|enl|resp)\.$/i;
  var RATE_NAMES = { "0.75": "långsamt", "1": "normalt", "1.25": "snabbt" };

  var start = controls.querySelector("[data-portal-lyssna-start]");
  var pause = controls.querySelector("[data-portal-lyssna-paus]");
  var resume = controls.querySelector("[data-portal-lyssna-fortsatt]");
  var stop = controls.querySelector("[data-portal-lyssna-sluta]");
  var speeds = controls.querySelectorAll("[data-portal-lyssna-takt]");
  var caption = controls.querySelector("[data-portal-lyssna-mening]");
  var status = controls.querySelector("[data-portal-lyssna-status]");
  var article = controls.closest("article") || controls.closest("main") || document.body;
  var endIds = (controls.getAttribute("data-portal-lyssna-slut") || "").split(/\s+/).filter(Boolean);

  var state = "stopped";  // stopped | playing | paused
  var items = [], index = 0, voice = null, rate = 1, generation = 0, lit = null;

  /* --- the text ------------------------------------------------------------------------------- */

  /* "block": starts a block of its own; "word": inline, but a word of its own (an inline block such
     as the Lättläst or Livsfara marker, written against the next word); "inline"; or "none": not shown. */
  function layout(element) {
    var style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") return "none";
    if (BLOCK_TAGS.test(element.tagName)) return "block";
    if (style.display === "inline" || style.display === "contents") return "inline";
    return style.display.indexOf("inline-") === 0 ? "word" : "block";
  }

  /* [{element, text}] for every block of the main text, in page order. */
  function blocks() {
    var out = [], current = null, ended = false;
    function flush() {
      if (current && current.text.replace(/\s+/g, "")) out.push(current);
      current = null;
    }
    function visit(node, block) {
      if (ended) return;
      if (node.nodeType === 3) {
        if (!current) current = { element: block, text: "" };
        current.text += node.data;
        return;
      }
      if (node.nodeType !== 1) return;
      if (/^H[1-6]$/.test(node.tagName) && endIds.indexOf(node.id) >= 0) { ended = true; return; }
      if (node.matches(NOT_READ)) return;
      var kind = layout(node);
      if (kind === "none") return;
      if (node.tagName === "BR") { if (current) current.text += " "; return; }
      var own = kind === "block";
      if (own) flush();
      var children = node.tagName === "DETAILS" && !node.open ? [node.querySelector("summary")] : node.childNodes;
      Array.prototype.forEach.call(children, function (child) { if (child) visit(child, own ? node : block); });
      if (own) flush(); else if (kind === "word" && current) current.text += " ";
    }
    visit(article, article);
    flush();
    return out;
  }

  /* A block's text cut into sentences: after . ! ? or … (and a closing quote or bracket) when the
     next word starts with a capital letter, unless the full stop ends an abbreviation (t.ex., kap.). */
  function sentences(text) {
    text = text.replace(/\s+/g, " ").replace(/ ([.,!?:;)])/g, "$1").trim();
    var out = [], from = 0, end = /[.!?…]+["'”’»)]*\s+(?=["'”“„«(]?[A-ZÅÄÖÉÜ])/g, match;
    while ((match = end.exec(text))) {
      var upto = match.index + match[0].length;
      var piece = text.slice(from, upto).trim();
      if (ABBREVIATIONS.test(piece)) continue;
      out.push(piece);
      from = upto;
    }
    if (text.slice(from).trim()) out.push(text.slice(from).trim());
    return out;
  }

  function readingList() {
    var list = [];
    blocks().forEach(function (block) {
      sentences(block.text).forEach(function (text) { list.push({ element: block.element, text: text }); });
    });
    return list;
  }

  /* --- the voice ------------------------------------------------------------------------------ */

  function engine() {
    return window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  }

  function localSwedish(v) {
    return v && v.localService === true && /^sv([-_]|$)/i.test(v.lang || "");
  }

  /* The voices come late in some browsers: wait for voiceschanged, at most 1.5 s. */
  function withVoices(callback) {
    var synth = engine();
    if (!synth) { callback([]); return; }
    var list = synth.getVoices() || [];
    if (list.length) { callback(list); return; }
    var done = false;
    var finish = function () {
      if (done) return;
      done = true;
      if (synth.removeEventListener) synth.removeEventListener("voiceschanged", finish);
      callback(synth.getVoices() || []);
    };
    if (synth.addEventListener) synth.addEventListener("voiceschanged", finish);
    setTimeout(finish, 1500);
  }

  function chooseVoice(list) {
    var local = Array.prototype.filter.call(list, localSwedish);
    var rank = function (v) { return (/^sv[-_]se$/i.test(v.lang) ? 0 : 2) + (v["default"] ? 0 : 1); };
    local.sort(function (a, b) { return rank(a) - rank(b); });
    return local[0] || null;
  }

  /* --- reading -------------------------------------------------------------------------------- */

  function highlight(item) {
    if (lit) lit.classList.remove("portal-lyssna-las");
    lit = item ? item.element : null;
    if (lit && lit !== article) {
      lit.classList.add("portal-lyssna-las");
      if (lit.scrollIntoView) lit.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    caption.textContent = item ? item.text : "";
    caption.hidden = !item;
  }

  function speak() {
    var synth = engine(), token = ++generation;
    if (index >= items.length) { finish("Uppläsningen är klar."); return; }
    var item = items[index];
    highlight(item);
    var utterance = new window.SpeechSynthesisUtterance(item.text);
    utterance.voice = voice;  // always a local Swedish voice: never the browser's default, which may be remote
    utterance.lang = voice.lang;
    utterance.rate = rate;
    utterance.onend = function () {
      if (token !== generation || state !== "playing") return;
      index += 1;
      speak();
    };
    utterance.onerror = function (event) {
      if (token !== generation || state !== "playing") return;  // our own cancel: pause, stop, new speed
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      finish("Uppläsningen stannade. Tryck på Lyssna för att börja om.");
    };
    synth.speak(utterance);
  }

  function silence() {
    generation += 1;  // an end or error event of the utterance being cancelled is ignored
    var synth = engine();
    if (synth) synth.cancel();
  }

  /* Show the buttons for a state; focus moves along when the focused button goes away. */
  function show(next) {
    var focused = document.activeElement;
    state = next;
    var active = next !== "stopped";
    start.hidden = active;
    pause.hidden = next !== "playing";
    resume.hidden = next !== "paused";
    stop.hidden = !active;
    controls.querySelector("[data-portal-lyssna-takter]").hidden = !active;
    controls.classList.toggle("portal-lyssna--aktiv", active);
    document.documentElement.classList.toggle("portal-lyssnar", active);
    if (focused && focused.hidden && controls.contains(focused)) {
      (next === "playing" ? pause : next === "paused" ? resume : start).focus();
    }
  }

  function finish(message) {
    silence();
    highlight(null);
    index = 0;
    show("stopped");
    status.textContent = message || "";
  }

  start.addEventListener("click", function () {
    status.textContent = "";
    withVoices(function (list) {
      voice = chooseVoice(list);
      if (!voice) {
        status.textContent = "Din enhet har ingen svensk röst som kan läsa upp texten. Därför kan sidan inte " +
          "läsas upp här. I en del telefoner och datorer kan du lägga till en svensk röst i inställningarna.";
        return;
      }
      items = readingList();
      index = 0;
      silence();
      show("playing");
      status.textContent = "Läser upp sidan.";
      speak();
    });
  });

  pause.addEventListener("click", function () {
    silence();
    show("paused");
    status.textContent = "Pausad.";
  });

  resume.addEventListener("click", function () {
    show("playing");
    status.textContent = "Läser upp sidan.";
    speak();
  });

  stop.addEventListener("click", function () { finish("Uppläsningen är avslutad."); });

  Array.prototype.forEach.call(speeds, function (button) {
    button.addEventListener("click", function () {
      rate = parseFloat(button.getAttribute("data-portal-lyssna-takt"));
      Array.prototype.forEach.call(speeds, function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      status.textContent = "Hastighet: " + (RATE_NAMES[String(rate)] || rate) + ".";
      if (state === "playing") { silence(); speak(); }  // the sentence again, at the new speed
    });
  });

  /* Esc in the controls ends the reading too. */
  controls.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state !== "stopped") finish("Uppläsningen är avslutad.");
  });
  window.addEventListener("pagehide", function () { if (state !== "stopped") silence(); });

  controls.hidden = false;
})();
