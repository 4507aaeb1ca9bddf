/* Drag-and-drop intake (issue 11), as Paperless-ngx does it: drop many files on a dossier or on the upload
 * page; each file is sent on its own (XMLHttpRequest, for its upload progress) to POST /api/v1/documents/ with
 * the session's CSRF token, and gets its own line: progress, then a link to the new document or the server's
 * reason for refusing it. One refused file never stops the others. The dossier, type and note come from the
 * page (the upload form's fields when there is one). */
(function () {
  "use strict";
  var zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  zone.hidden = false;
  var form = zone.closest("form") || document.querySelector("form[data-intake-form]");
  var list = zone.querySelector("[data-dropzone-list]");
  var summary = zone.querySelector("[data-dropzone-summary]");
  var input = zone.querySelector("[data-dropzone-input]");
  var target = zone.querySelector(".dropzone-target");
  var text = function (key) { return zone.getAttribute("data-text-" + key) || key; };
  var counts = { ok: 0, failed: 0 };

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function field(name) {
    var el = form && form.elements ? form.elements.namedItem(name) : null;
    return el && el.value !== undefined ? el.value : "";
  }
  function docType() {
    var own = zone.querySelector("[data-dropzone-type]");
    return own ? own.value : field("doc_type");
  }
  function dossier() { return zone.getAttribute("data-dossier") || field("dossier"); }

  function reason(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (typeof body.detail === "string") return body.detail;
      if (body.detail) return JSON.stringify(body.detail);
      return JSON.stringify(body);
    } catch (e) {
      return xhr.status + " " + xhr.statusText;
    }
  }
  function tally() {
    summary.textContent = text("summary").replace("{ok}", counts.ok).replace("{failed}", counts.failed);
  }

  function send(file) {
    var line = document.createElement("li");
    line.className = "dropzone-file";
    line.setAttribute("data-file", file.name);
    var name = document.createElement("span");
    name.className = "dropzone-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var state = document.createElement("span");
    state.className = "dropzone-state";
    state.textContent = text("sending");
    line.append(name, bar, state);
    list.appendChild(line);

    var data = new FormData();
    data.append("file", file, file.name);
    data.append("doc_type", docType());
    if (dossier()) data.append("dossier", dossier());
    if (field("comment")) data.append("comment", field("comment"));
    var xhr = new XMLHttpRequest();
    xhr.open("POST", zone.getAttribute("data-api"));
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) bar.value = Math.round((ev.loaded / ev.total) * 100);
    });
    xhr.addEventListener("load", function () {
      bar.value = 100;
      if (xhr.status === 201) {
        var doc = JSON.parse(xhr.responseText);
        line.classList.add("done");
        state.textContent = text("done") + " ";
        var link = document.createElement("a");
        link.href = "/documents/" + doc.id + "/";
        link.textContent = text("open");
        state.appendChild(link);
        counts.ok += 1;
      } else {
        line.classList.add("failed");
        state.textContent = text("failed") + "：" + reason(xhr);
        state.setAttribute("role", "alert");
        counts.failed += 1;
      }
      tally();
    });
    xhr.addEventListener("error", function () {
      line.classList.add("failed");
      state.textContent = text("failed");
      counts.failed += 1;
      tally();
    });
    xhr.send(data);
  }

  function take(files) {
    if (!docType()) { summary.textContent = text("type"); return; }
    Array.prototype.forEach.call(files, send);
  }

  ["dragenter", "dragover"].forEach(function (kind) {
    zone.addEventListener(kind, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (kind) {
    zone.addEventListener(kind, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (ev) {
    if (ev.dataTransfer && ev.dataTransfer.files.length) take(ev.dataTransfer.files);
  });
  input.addEventListener("change", function () {
    take(input.files);
    input.value = "";
  });
  target.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); }
  });
  target.tabIndex = 0;
})();
