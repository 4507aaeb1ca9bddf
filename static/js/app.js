/* The product's small script (no library): instant search in the header, confirmations for irreversible
 * steps, print buttons, self-submitting selects. Everything works without it: the search form submits to the
 * full results page and forms post as usual. No inline script anywhere: the pages run under a strict CSP. */
(function () {
  "use strict";

  /* ---- confirmations for irreversible steps: <form data-confirm="text">, <button data-confirm="text">, or a
   * submit button styled as dangerous (class "danger", e.g. forced check-in, reject, hand-over), which gets the
   * default text from <body data-confirm-default>. Without JS the form simply posts. ---- */
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var submitter = ev.submitter;
    var text = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!text && submitter && submitter.classList.contains("danger")) {
      text = document.body.getAttribute("data-confirm-default");
    }
    if (text && !window.confirm(text)) ev.preventDefault();
  }, true);

  /* ---- a <select data-autosubmit> submits its form when changed (the language switch; a <noscript> button
   * does it without JS) ---- */
  document.addEventListener("change", function (ev) {
    var field = ev.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
  });

  /* ---- print buttons ---- */
  document.addEventListener("click", function (ev) {
    if (ev.target.closest("[data-print]")) { ev.preventDefault(); window.print(); }
  });

  /* ---- instant search ---- */
  function setup(form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".instant-results");
    var url = form.getAttribute("data-instant-search");
    if (!input || !box || !url) return;
    var timer = null, seq = 0, active = -1;

    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function open() { box.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function el(tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) node.className = cls;
      if (text !== undefined) node.textContent = text;
      return node;
    }
    function show(data) {
      box.innerHTML = "";
      if (!data.groups.length) {
        box.appendChild(el("p", "instant-empty", input.getAttribute("data-text-none")));
      }
      data.groups.forEach(function (group) {
        var section = el("div", "instant-group");
        section.appendChild(el("p", "instant-label", group.label));
        group.items.forEach(function (item) {
          var a = el("a", "instant-item");
          a.href = item.url || data.more;
          a.setAttribute("role", "option");
          a.appendChild(el("span", "instant-title", item.title));
          if (item.detail) a.appendChild(el("span", "instant-detail", item.detail));
          section.appendChild(a);
        });
        box.appendChild(section);
      });
      var more = el("a", "instant-more", input.getAttribute("data-text-all"));
      more.href = data.more;
      more.setAttribute("role", "option");
      box.appendChild(more);
      open();
    }
    function query() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === seq) show(data); })
        .catch(function () { /* the full results page still works */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(query, 180); });
    input.addEventListener("keydown", function (ev) {
      var items = links();
      if (ev.key === "Escape") { close(); return; }
      if (ev.key === "ArrowDown" && items.length) { ev.preventDefault(); active = Math.min(active + 1, items.length - 1); items[active].focus(); }
    });
    box.addEventListener("keydown", function (ev) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (at < items.length - 1) items[at + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); if (at > 0) items[at - 1].focus(); else input.focus(); }
      else if (ev.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) close(); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-instant-search]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
