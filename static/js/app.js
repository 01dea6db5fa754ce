// Behaviour that used to sit in inline attributes (onclick, onsubmit, onchange, style), moved
// here so the Content-Security-Policy needs no 'unsafe-inline' (config/settings.py, CSP).
(function () {
  "use strict";

  // <button data-cetak>: print the page.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-cetak]");
    if (b) { e.preventDefault(); window.print(); }
  });

  // <form data-konfirmasi="…">: ask before an irreversible step.
  document.addEventListener("submit", function (e) {
    var f = e.target.closest("form[data-konfirmasi]");
    if (f && !window.confirm(f.dataset.konfirmasi)) { e.preventDefault(); }
  }, true);

  // <form data-tautan-jabatan="…/0/…?q">: go to the jabatan chosen in the form's select.
  document.addEventListener("submit", function (e) {
    var f = e.target.closest("form[data-tautan-jabatan]");
    if (!f) { return; }
    e.preventDefault();
    var v = f.querySelector("select").value;
    if (v) { window.location = f.dataset.tautanJabatan.replace("/0/", "/" + encodeURIComponent(v) + "/"); }
  });

  // <select data-kirim-otomatis>: submit its form on change (a submit button stays for no-JS).
  document.addEventListener("change", function (e) {
    var s = e.target.closest("select[data-kirim-otomatis]");
    if (s && s.form) { s.form.submit(); }
  });

  // [data-lebar="37"]: width in percent (progress bars), [data-indent="3"]: tree indent.
  function ukur(root) {
    root.querySelectorAll("[data-lebar]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, Number(el.dataset.lebar) || 0)) + "%";
    });
    root.querySelectorAll("[data-indent]").forEach(function (el) {
      el.style.width = (Number(el.dataset.indent) || 0) * 20 + "px";
    });
  }
  // Every table scrolls inside its card instead of widening the page on a phone: wrap the
  // ones a template did not already wrap in Bootstrap's .table-responsive.
  function gulir(root) {
    root.querySelectorAll("table").forEach(function (t) {
      if (t.closest(".table-responsive")) { return; }
      var w = document.createElement("div");
      w.className = "table-responsive";
      t.parentNode.insertBefore(w, t);
      w.appendChild(t);
    });
    // A scrolling region must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable).
    root.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (w) {
      w.setAttribute("tabindex", "0");
    });
  }
  function siapkan(root) { ukur(root); gulir(root); }
  document.addEventListener("DOMContentLoaded", function () { siapkan(document); });
  document.addEventListener("htmx:afterSwap", function (e) { siapkan(e.target.parentNode || document); });
})();
