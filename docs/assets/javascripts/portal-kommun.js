/* Boendestödsportalen: the chosen kommun ("Välj kommun"). Loaded in the head of every page, before it
 * is drawn. A kommun's edition holds only the pages it has its own version of, under k/<id>/ with
 * the same path (scripts/editions.py); when a kommun is chosen, a national page that it has its own
 * version of is replaced by that version at once. The header says whose routines are shown, and the
 * page "Välj kommun" (kommun/index.html) saves or removes the choice.
 *
 * The choice is kept in this browser only (localStorage), with the edition's list of pages, which
 * is read again from its utgava.js on each page; the service worker is told, so that it keeps
 * the edition's files for use without network. Nothing is sent anywhere. */
(function () {
  "use strict";

  var KEY = "boendestodsportalen.kommun";
  var PICKER = "kommun/index.html";
  var me = document.currentScript;
  var root = new URL("../../", me.src);  // this file is assets/javascripts/ under the national root
  var page = me.getAttribute("data-sida") || "";
  var edition = me.getAttribute("data-utgava") || "";

  function chosen() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
  }

  function remember(choice) {
    try {
      if (choice) localStorage.setItem(KEY, JSON.stringify(choice)); else localStorage.removeItem(KEY);
    } catch (e) { /* storage off: the choice lasts for this page */ }
  }

  function at(path) { return new URL(path, root).href; }

  function editionAt(id, path) { return at("k/" + id + "/" + path); }

  var choice = chosen();
  var nationalAsked = /[?&]nationell\b/.test(location.search);
  if (!edition && choice && !nationalAsked && page !== PICKER && (choice.sidor || []).indexOf(page) >= 0) {
    location.replace(editionAt(choice.id, page) + location.hash);
    return;
  }

  /* The edition's description: its name, its pages and its files with their hashes. A script
     (k/<id>/utgava.js), so that it is read from disk (file://) too. */
  function describe(id) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = editionAt(id, "utgava.js");
      script.onload = function () { script.remove(); self.__portalUtgava ? resolve(self.__portalUtgava) : reject(); };
      script.onerror = function () { script.remove(); reject(new Error(script.src)); };
      self.__portalUtgava = null;
      document.head.appendChild(script);
    });
  }

  function tellWorker(id) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "KOMMUN", id: id });
    });
  }

  function choose(id) {
    return describe(id).then(function (d) {
      choice = { id: d.id, namn: d.namn, sidor: d.sidor };
      remember(choice);
      tellWorker(d.id);
      return d;
    });
  }

  function header() {
    var button = document.querySelector("[data-portal-kommun-knapp]");
    if (!button || edition) return;
    button.textContent = choice ? choice.namn : "Välj kommun";
    button.href = choice ? editionAt(choice.id, PICKER) : at(PICKER);
    button.setAttribute("aria-label", choice ? "Rutiner för " + choice.namn + ": kommunens sida" : "Välj kommun");
  }

  /* An edition's page: its links to the national text of the page and to the choice of kommun. */
  function editionNotice() {
    var national = document.querySelector("[data-portal-nationell]");
    var change = document.querySelector("[data-portal-byt-kommun]");
    if (national) { national.href = at(page) + "?nationell"; national.hidden = false; }
    if (change) { change.href = at(PICKER); change.hidden = false; }
  }

  function picker() {
    var list = document.querySelector("[data-portal-kommunval]");
    if (!list) return;
    var status = document.querySelector("[data-portal-kommunval-status]");
    function show() {
      status.textContent = choice ? "Vald kommun: " + choice.namn + "." : "Ingen kommun vald. Du ser den nationella texten.";
      list.querySelectorAll("[data-portal-valj]").forEach(function (b) {
        var mine = choice && b.getAttribute("data-portal-valj") === choice.id;
        b.setAttribute("aria-pressed", mine ? "true" : "false");
        b.textContent = mine ? "Vald" : "Välj";
      });
      clear.hidden = !choice;
    }
    list.querySelectorAll("[data-portal-kommun]").forEach(function (item) {
      var id = item.getAttribute("data-portal-kommun");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button portal-kommunval__valj";
      button.setAttribute("data-portal-valj", id);
      button.addEventListener("click", function () {
        status.textContent = "Hämtar " + item.textContent.trim() + " …";
        choose(id).then(function () { show(); header(); }, function () {
          status.textContent = "Det gick inte att hämta kommunens utgåva. Försök igen när du har nät.";
        });
      });
      item.appendChild(document.createTextNode(" "));
      item.appendChild(button);
    });
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button";
    clear.textContent = "Ta bort valet: visa bara den nationella texten";
    clear.addEventListener("click", function () {
      choice = null;
      remember(null);
      tellWorker(null);
      show();
      header();
    });
    list.parentNode.insertBefore(clear, list.nextSibling);
    show();
  }

  /* The edition may have gained or lost pages since it was chosen: read its list again (quietly). */
  function refresh() {
    if (!choice) return;
    describe(choice.id).then(function (d) {
      choice = { id: d.id, namn: d.namn, sidor: d.sidor };
      remember(choice);
    }, function () { /* without network: the list saved before */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    header();
    editionNotice();
    picker();
    refresh();
  });
})();
