/* The dossier form's label preview: "<project> <building>-<unit>" as the label will print, updated while
 * typing. A unit typed with its building in front ("8-2101" in building 8) is shown as the server will save it
 * (2101, label 8-2101), with a note; another building in front is flagged (the server refuses it). */
(function () {
  "use strict";
  var PREFIX = /^\s*([0-9A-Za-z]+)\s*(?:-|－|—|栋|幢|号楼|#)\s*(.+)$/;

  function setup(out) {
    var form = out.closest("form");
    var project = form.querySelector("[name=project]");
    var building = form.querySelector("[name=building]");
    var unit = form.querySelector("[name=unit]");
    var note = form.querySelector("[data-label-note]");
    if (!project || !building || !unit) return;
    function update() {
      var b = building.value.trim(), u = unit.value.trim(), text = "", warn = "";
      var found = PREFIX.exec(u);
      if (found && found[1].toLowerCase() === b.toLowerCase()) {
        u = found[2].trim();
        warn = out.getAttribute("data-text-stripped");
      } else if (found && /^\d+$/.test(found[1]) && /^\d+$/.test(b)) {
        warn = out.getAttribute("data-text-mismatch");
      }
      if (b || u) text = (project.value.trim() + " " + b + "-" + u).trim();
      out.textContent = text || "—";
      if (note) { note.textContent = warn || ""; note.hidden = !warn; }
    }
    [project, building, unit].forEach(function (field) { field.addEventListener("input", update); });
    update();
  }

  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-label-preview]"), setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
