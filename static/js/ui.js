/* Layout and feedback helpers (issue 11); no inline script anywhere, the pages run under a strict CSP.
 * - Phone tables: every cell gets its column's label (data-label) from the table's header, so that a row
 *   shown as a stack of values still says what each value is (the CSS shows it below 640 px).
 * - Busy buttons: a form with data-busy disables its submit button and shows a spinner once it is sent, so a
 *   slow step (stamping, approving) is not sent twice and visibly runs. */
(function () {
  "use strict";

  function labelTables(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var i = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (!cell.hasAttribute("data-label") && heads[i] !== undefined && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", heads[i]);
          }
          i += parseInt(cell.getAttribute("colspan") || "1", 10);
        });
      });
    });
  }

  function markBusy(form, submitter) {
    var buttons = submitter ? [submitter] : form.querySelectorAll("button[type=submit], button:not([type])");
    Array.prototype.forEach.call(buttons, function (button) {
      button.classList.add("busy");
      button.setAttribute("aria-busy", "true");
      if (button.hasAttribute("data-busy-text")) button.textContent = button.getAttribute("data-busy-text");
    });
    // Disabled after the submit event has run, so that the button's own name/value is still sent.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-busy")) return;
    if (form.getAttribute("aria-busy") === "true") { ev.preventDefault(); return; }
    form.setAttribute("aria-busy", "true");
    markBusy(form, ev.submitter);
  });

  // A page shown again from the back/forward cache gets its buttons back.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    document.querySelectorAll("form[data-busy][aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
        b.disabled = false;
        b.classList.remove("busy");
        b.removeAttribute("aria-busy");
      });
    });
  });

  labelTables(document);
  window.uiLabelTables = labelTables;
})();

/* Progress of background work: an element with data-poll="<status url>" asks every 2 s; it shows the state in
 * its [data-poll-label], and reloads the page once the work is done (the new version is then listed). */
(function () {
  "use strict";
  document.querySelectorAll("[data-poll]").forEach(function (box) {
    var label = box.querySelector("[data-poll-label]");
    function ask() {
      fetch(box.getAttribute("data-poll"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (state) {
          if (label) label.textContent = state.label + (state.error ? "：" + state.error : "");
          box.setAttribute("data-status", state.status);
          if (state.status === "done") { window.location.reload(); return; }
          if (!state.finished) window.setTimeout(ask, 2000);
          else { var bar = box.querySelector("progress"); if (bar) bar.remove(); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    if (!box.querySelector(".error")) window.setTimeout(ask, 1000);
  });
})();
