/* Boendestödsportalen: the search page (sok.html). The form works without JavaScript only as a
 * form; with it, results come as you type, from the portal's own worker (portal-search.js, whose
 * header describes the messages). A query typed or pasted before the index has loaded is answered
 * as soon as it has: the worker keeps the newest query. The address keeps the query (?q=), so a
 * search can be shared, bookmarked and reached from the start page's form. Nothing leaves the site.
 * sok.html loads this script (after the index's manifest) first in its head, before the style
 * sheets (scripts/search.py arrange_search_page): the worker and the index start loading at once,
 * and the form is served as soon as it is there (its events are listened for on the document).
 * The page's other scripts (Material's, portal.js, Lyssna, the kommun choice) wait in it as type
 * text/plain until the first part of the index is in, and this script loads them then, in order:
 * on a slow line the first results come first. So does the offline copy, which portal.js starts.
 * With a chosen kommun (kept by portal-kommun.js) the worker is told its id, and finds the words of
 * the kommun's edition too; its own pages' results lead to k/<id>/….
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector('script[src*="portal-sok."]');
  var worker, asked = 0, shown = -1;
  var HINT = "Skriv ett eller flera ord, till exempel ångest, öppnar inte eller 11 kap. 1 §.";
  var KOMMUN = "boendestodsportalen.kommun";  // where portal-kommun.js keeps the choice of kommun

  /* The chosen kommun's id, read as portal-kommun.js keeps it; null if none. */
  function chosenKommun() {
    try {
      var choice = JSON.parse(localStorage.getItem(KOMMUN));
      return choice && /^[a-z0-9-]+$/.test(choice.id) ? choice.id : null;
    } catch (e) { return null; }
  }

  function form() { return document.querySelector("[data-portal-sok]"); }
  function field() { var f = form(); return f && f.querySelector("input[type=search]"); }
  function status() { return document.querySelector("[data-portal-sok-status]"); }
  function list() { return document.querySelector("[data-portal-traffar]"); }

  /* The status line and the list come after the form: an answer before they are parsed waits. */
  function whenParsed(then) {
    if (status() && list()) then();
    else document.addEventListener("DOMContentLoaded", then, { once: true });
  }

  function say(text) {
    whenParsed(function () { if (status().textContent !== text) status().textContent = text; });
  }

  function ask() {
    var text = field().value;
    asked += 1;
    if (!text.trim()) {
      whenParsed(function () { list().innerHTML = ""; });
      say(HINT);
    }
    worker.postMessage({ type: "fraga", id: asked, text: text });
    var address = new URL(location.href);
    if (text.trim()) address.searchParams.set("q", text); else address.searchParams.delete("q");
    history.replaceState(null, "", address.href);
  }

  function item(result) {
    var sections = result.sections.map(function (s) {
      return '<li><a href="' + s.url + '">' + s.title + "</a></li>";
    }).join("");
    return '<li class="portal-traff"><a class="portal-traff__lank" href="' + result.url + '">' +
      '<span class="portal-sokart">' + result.kind + "</span> " + result.title + "</a>" +
      (result.snippet ? '<p class="portal-traff__text">' + result.snippet + "</p>" : "") +
      (sections ? '<ul class="portal-traff__avsnitt" aria-label="Avsnitt">' + sections + "</ul>" : "") + "</li>";
  }

  function show(answer) {
    // Not older than what is shown: while you type, the answer to the last keystroke but one is
    // shown until the newest comes (on a slow phone the worker may answer slower than you type).
    if (answer.id < shown) return;
    shown = answer.id;
    if (!answer.text.trim()) return;
    whenParsed(function () {
      list().innerHTML = answer.items.map(item).join("");  // titles and snippets come escaped from the worker
      list().setAttribute("data-komplett", String(answer.complete));
    });
    var more = answer.complete ? "" : " Söker vidare …";
    if (!answer.items.length) say((answer.complete ? "Inga träffar för " : "Inga träffar ännu för ") + "”" + answer.text + "”." + more);
    else say(answer.total + (answer.total === 1 ? " sida" : " sidor") + " för ”" + answer.text + "”." + more);
  }

  function searchReady() {
    if (document.documentElement.hasAttribute("data-portal-sok-klar")) return;
    document.documentElement.setAttribute("data-portal-sok-klar", "");
    document.dispatchEvent(new Event("portal-sok-klar"));
    loadTheme();
  }

  /* The theme's scripts, in their order, once the first part of the index is in (or after a few
     seconds). Material starts on DOMContentLoaded: that has passed, so it comes again after them,
     as on any other page. */
  var themeLoaded = false;
  function loadTheme() {
    if (themeLoaded) return;
    themeLoaded = true;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", insertTheme, { once: true });
    else insertTheme();
  }

  function insertTheme() {
    var waiting = Array.prototype.slice.call(document.querySelectorAll("script[data-portal-senare]"));
    waiting.forEach(function (placeholder, n) {
      var script = document.createElement("script");
      Array.prototype.forEach.call(placeholder.attributes, function (a) {
        if (/^data-/.test(a.name) && a.name !== "data-src" && a.name !== "data-portal-senare") script.setAttribute(a.name, a.value);
      });
      script.src = placeholder.getAttribute("data-src");
      script.async = false;  // in their order, as the page had them
      if (n === waiting.length - 1) {
        var started = function () { document.dispatchEvent(new Event("DOMContentLoaded")); };
        script.addEventListener("load", started);
        script.addEventListener("error", started);
      }
      placeholder.replaceWith(script);
    });
  }

  setTimeout(loadTheme, 4000);

  function failed() {
    searchReady();
    say("Sökningen gick inte att starta. Använd menyn för att hitta sidan.");
  }

  /* The form's events, heard on the document: the form need not be parsed yet. */
  function listen() {
    document.addEventListener("input", function (event) { if (event.target === field()) ask(); });
    document.addEventListener("submit", function (event) {
      if (event.target !== form()) return;
      event.preventDefault();
      ask();
    });
    whenParsed(function () {
      var query = new URL(location.href).searchParams.get("q");
      if (query && !field().value) field().value = query;
      if (field().value) ask(); else say(HINT);
    });
  }

  function begin() {
    worker = new Worker(new URL("portal-search.js", script.src).href);
    worker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "svar") show(message);
      if (message.type === "klar") searchReady();
      if (message.type === "fel") failed();
    });
    worker.addEventListener("error", failed);
    // The index starts loading with the page: sok.html names it and asks for its first part in its
    // head; this script fetches that part (the same request) and hands it to the worker, whose
    // own script is still on its way.
    var named = script.getAttribute("data-index");  // sok.html names the index itself (scripts/search.py)
    var manifest = named ? JSON.parse(named) : self.__portalIndexManifest || null;
    var fetching = manifest && /^https?:$/.test(location.protocol) && typeof fetch === "function";
    worker.postMessage({ type: "forbered", manifest: manifest, sidanHamtar: !!fetching, kommun: chosenKommun() });
    if (fetching) {
      fetch(new URL(manifest.head, siteRoot()).href, { priority: "high" }).then(function (r) { return r.ok ? r.text() : null; })
        .catch(function () { return null; })
        .then(function (text) { worker.postMessage({ type: "forstaDelen", text: text }); });
    }
    listen();
  }

  /* The site root: sok.html is at the root, and this script is in assets/javascripts/. */
  function siteRoot() {
    return new URL("../../", script.src).href;
  }

  /* From disk there are no workers: the vendored iframe-worker shim stands in (loaded only then). */
  if (location.protocol === "file:" && !window.IFrameWorker) {
    var shim = document.createElement("script");
    shim.src = new URL("../js/iframe-worker-shim.js", script.src).href;
    shim.onload = begin;
    document.head.appendChild(shim);
  } else {
    begin();
  }
})();
