/* Boendestödsportalen: the search page (sok.html). The form works without JavaScript only as a
 * form; with it, results come as you type, from the portal's own worker (portal-search.js, whose
 * header describes the messages). A query typed or pasted before the index has loaded is answered
 * as soon as it has: the worker keeps the newest query. The address keeps the query (?q=), so a
 * search can be shared, bookmarked and reached from the start page's form. Nothing leaves the site.
 * sok.html loads this script (and the index's manifest) right after the form, not at the end of the
 * page behind the theme's scripts, so the index starts loading as soon as the form is there. Until
 * the first part of the index has arrived, the offline copy waits (portal.js): on a slow line the
 * first results come first.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-portal-sok]");
  if (!form) return;
  var field = form.querySelector("input[type=search]");
  var status = document.querySelector("[data-portal-sok-status]");
  var list = document.querySelector("[data-portal-traffar]");
  var script = document.currentScript || document.querySelector('script[src*="portal-sok."]');
  var worker, asked = 0, shown = -1;

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function ask() {
    var text = field.value;
    asked += 1;
    if (!text.trim()) {
      list.innerHTML = "";
      say("Skriv ett eller flera ord, till exempel ångest, öppnar inte eller 11 kap. 1 §.");
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
      '<p class="portal-traff__text">' + result.snippet + "</p>" +
      (sections ? '<ul class="portal-traff__avsnitt" aria-label="Avsnitt">' + sections + "</ul>" : "") + "</li>";
  }

  function show(answer) {
    if (answer.id < shown || answer.id !== asked) return;  // an older question: its answer is not wanted now
    shown = answer.id;
    if (!answer.text.trim()) return;
    list.innerHTML = answer.items.map(item).join("");  // titles and snippets come escaped from the worker
    list.setAttribute("data-komplett", String(answer.complete));
    var more = answer.complete ? "" : " Söker vidare …";
    if (!answer.items.length) say((answer.complete ? "Inga träffar för " : "Inga träffar ännu för ") + "”" + answer.text + "”." + more);
    else say(answer.total + (answer.total === 1 ? " sida" : " sidor") + " för ”" + answer.text + "”." + more);
  }

  function searchReady() {
    if (document.documentElement.hasAttribute("data-portal-sok-klar")) return;
    document.documentElement.setAttribute("data-portal-sok-klar", "");
    document.dispatchEvent(new Event("portal-sok-klar"));
  }

  function begin() {
    worker = new Worker(new URL("portal-search.js", script.src).href);
    worker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "svar") show(message);
      if (message.type === "klar" || message.type === "fel") searchReady();
      if (message.type === "fel") say("Sökningen gick inte att starta. Använd menyn för att hitta sidan.");
    });
    worker.addEventListener("error", function () {
      searchReady();
      say("Sökningen gick inte att starta. Använd menyn för att hitta sidan.");
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); ask(); });
    field.addEventListener("input", ask);
    var query = new URL(location.href).searchParams.get("q");
    if (query) field.value = query;
    // The index starts loading with the page; sok.html loads the manifest just before this script.
    // The page fetches the first part itself, while the worker's script is still on its way.
    var manifest = self.__portalIndexManifest || null;
    var fetching = manifest && /^https?:$/.test(location.protocol) && typeof fetch === "function";
    worker.postMessage({ type: "forbered", manifest: manifest, sidanHamtar: !!fetching });
    if (fetching) {
      fetch(new URL(manifest.head, siteRoot()).href, { priority: "high" }).then(function (r) { return r.ok ? r.text() : null; })
        .catch(function () { return null; })
        .then(function (text) { worker.postMessage({ type: "forstaDelen", text: text }); });
    }
    if (field.value) ask(); else say("Skriv ett eller flera ord, till exempel ångest, öppnar inte eller 11 kap. 1 §.");
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
