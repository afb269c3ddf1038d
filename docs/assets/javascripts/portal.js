/* Boendestödsportalen: the few page features that need JavaScript. Without JavaScript the
 * pages still work: checklists are plain boxes, the question bank is a plain list.
 * Nothing leaves the browser: checklist ticks are kept in this browser's localStorage only. */
(function () {
  "use strict";

  var STORE = "boendestodsportalen.checklistor";

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function save(state) {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage off: ticks live until reload */ }
  }

  /* A tick is remembered by list and item text, so reordering items keeps the right ticks. */
  function keyOf(list, box) {
    var label = list.querySelector('label[for="' + box.id + '"]');
    return list.getAttribute("data-portal-checklista") + ":" + (label ? label.textContent.trim() : box.id);
  }

  function checklists() {
    var state = load();
    document.querySelectorAll("[data-portal-checklista]").forEach(function (list) {
      list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var key = keyOf(list, box);
        box.checked = state[key] === true;
        box.addEventListener("change", function () {
          var now = load();
          if (box.checked) now[key] = true; else delete now[key];
          save(now);
        });
      });
    });
  }

  function drawQuestion() {
    var wrap = document.querySelector(".portal-dra");
    var items = document.querySelectorAll("[data-portal-fraga]");
    if (!wrap || !items.length) return;
    var out = wrap.querySelector(".portal-dragen");
    wrap.hidden = false;
    wrap.querySelector("[data-portal-dra]").addEventListener("click", function () {
      var item = items[Math.floor(Math.random() * items.length)];
      out.innerHTML = item.innerHTML;
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-portal-skriv-ut]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  checklists();
  drawQuestion();
  printButtons();
})();
