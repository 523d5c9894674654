/* unspin report: open the side-panel cards of a clicked span; filter highlights by kind. */
(function () {
  "use strict";
  function reportOf(el) { return el.closest(".report"); }
  function show(report, refs) {
    var panel = report.querySelector(".panel");
    if (!panel) { return; }
    panel.querySelectorAll(".card").forEach(function (c) { c.hidden = true; });
    report.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
    var first = null;
    refs.forEach(function (ref) {
      var card = document.getElementById(ref);
      if (card && panel.contains(card)) {
        card.hidden = false;
        panel.appendChild(card);
        if (!first) { first = card; }
      }
      report.querySelectorAll("mark").forEach(function (m) {
        if (m.getAttribute("data-ref") === ref) { m.classList.add("selected"); }
      });
    });
    var hint = panel.querySelector(".hint");
    if (hint) { hint.hidden = refs.length > 0; }
    if (first) { first.scrollIntoView({ block: "nearest" }); }
  }
  function refsAt(target) {
    var refs = [];
    var el = target.closest("mark[data-ref]:not(.off)");
    while (el) {
      var ref = el.getAttribute("data-ref");
      if (refs.indexOf(ref) < 0) { refs.push(ref); }
      el = el.parentElement ? el.parentElement.closest("mark[data-ref]:not(.off)") : null;
    }
    return refs;
  }
  function activate(target) {
    var button = target.closest("button.ref[data-ref]");
    var report = reportOf(target);
    if (!report) { return false; }
    if (button) { show(report, [button.getAttribute("data-ref")]); return true; }
    var refs = refsAt(target);
    if (refs.length) { show(report, refs); return true; }
    return false;
  }
  document.addEventListener("click", function (ev) {
    if (ev.target instanceof Element) { activate(ev.target); }
  });
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target instanceof Element && ev.target.matches("mark[data-ref]")) {
      if (activate(ev.target)) { ev.preventDefault(); }
    }
  });
  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-filter")) { return; }
    var report = reportOf(box);
    var kind = box.getAttribute("data-filter");
    report.querySelectorAll("mark").forEach(function (m) {
      if (m.getAttribute("data-kind") === kind) { m.classList.toggle("off", !box.checked); }
    });
    report.querySelectorAll(".finding-list li").forEach(function (li) {
      if (li.getAttribute("data-kind") === kind) { li.hidden = !box.checked; }
    });
  });
})();
