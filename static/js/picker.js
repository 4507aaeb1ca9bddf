/* Type-ahead pickers (no library, no inline script): an <input data-picker="/pick/dossiers.json"> keeps the
 * value the form sends (an id, or what data-picker-key names); this script hides it and puts a search box in
 * front of it. Typing asks the endpoint (?q=..., plus data-picker-params: {"dossier": "#id_dossier"} adds the
 * value of that field), the results show as a listbox (arrow keys, Enter, Escape, click), and the chosen row's
 * value goes into the hidden input. Emptying the box empties the value. Without script the plain input stays. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setup(input) {
    if (input.pickerReady) return;
    input.pickerReady = true;
    var url = input.getAttribute("data-picker");
    var key = input.getAttribute("data-picker-key") || "id";
    var params = {};
    try { params = JSON.parse(input.getAttribute("data-picker-params") || "{}"); } catch (e) { params = {}; }

    var wrap = el("div", "picker");
    var box = el("input", "picker-search");
    box.type = "search";
    box.autocomplete = "off";
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.placeholder = input.getAttribute("placeholder") || document.body.getAttribute("data-picker-placeholder") || "";
    // The label points at the search box from now on; the value travels in the hidden input, which keeps its
    // id (other scripts, such as the seal placement widget, listen to its change events).
    var id = input.id;
    if (id) {
      box.id = id + "_search";
      Array.prototype.forEach.call(document.querySelectorAll('label[for="' + id + '"]'), function (label) { label.htmlFor = box.id; });
    }
    box.value = input.getAttribute("data-picker-label") || input.value || "";
    var list = el("ul", "picker-results");
    list.id = (id || input.name) + "_results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.setAttribute("aria-controls", list.id);
    input.type = "hidden";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(box);
    wrap.appendChild(list);
    wrap.appendChild(input);

    var timer = null, seq = 0, active = -1, rows = [];

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function close() {
      // a search still on its way must not open the list again
      seq++;
      clearTimeout(timer);
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      active = -1;
    }
    function mark(i) {
      var items = options();
      items.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (items[i]) { box.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
    }
    function choose(i) {
      var row = rows[i];
      if (!row) return;
      input.value = String(row[key] === undefined ? row.id : row[key]);
      box.value = row.label;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(results) {
      rows = results;
      list.innerHTML = "";
      if (!results.length) {
        var none = el("li", "picker-empty", document.body.getAttribute("data-picker-none") || "—");
        list.appendChild(none);
      }
      results.forEach(function (row, i) {
        var li = el("li", "picker-option");
        li.id = list.id + "_" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-value", String(row[key] === undefined ? row.id : row[key]));
        li.appendChild(el("span", "picker-label", row.label));
        if (row.detail) li.appendChild(el("span", "picker-detail", row.detail));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      active = -1;
    }
    function query() {
      var q = box.value.trim();
      var search = new URLSearchParams({ q: q });
      Object.keys(params).forEach(function (name) {
        var other = document.querySelector(params[name]);
        if (other && other.value) search.set(name, other.value);
      });
      var mine = ++seq;
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + search.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) show(data.results || []); })
        .catch(function () { close(); });
    }
    box.addEventListener("input", function () {
      input.value = "";  // typed text is not a choice until a row is chosen
      clearTimeout(timer);
      if (!box.value.trim()) { close(); input.dispatchEvent(new Event("change", { bubbles: true })); return; }
      timer = setTimeout(query, 180);
    });
    box.addEventListener("focus", function () { if (!box.value.trim()) { clearTimeout(timer); timer = setTimeout(query, 0); } });
    box.addEventListener("keydown", function (ev) {
      var n = options().length;
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) query(); else mark(Math.min(active + 1, n - 1)); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (ev.key === "Enter" && !list.hidden && active >= 0) { ev.preventDefault(); choose(active); }
      else if (ev.key === "Escape") { close(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function init(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll("input[data-picker]"), setup);
  }
  window.Picker = { init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
})();
