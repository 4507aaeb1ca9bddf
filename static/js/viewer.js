/* The document viewer (issue 11): every page in one scroll, zoom, page jump, keyboard, lazy page images.
 *
 * Pages are <figure class="viewer-sheet" data-page="N"> each holding .page-layers: the page image and an empty
 * .page-overlay. Anything drawn over a page (OCR search hits, seal marks) goes into that overlay in percent
 * of the page, so it follows every zoom: window.viewer.overlay(n) returns page n's overlay element, and
 * window.viewer.mark(n, {x, y, w, h}, className) adds a box there (x, y, w, h as fractions 0..1 from the top
 * left). The browser loads images lazily (loading="lazy"); an IntersectionObserver tracks the page in view. */
(function () {
  "use strict";
  var root = document.querySelector("[data-viewer]");
  if (!root) return;
  var pages = root.querySelector(".viewer-pages");
  var sheets = Array.prototype.slice.call(root.querySelectorAll(".viewer-sheet"));
  var status = root.querySelector("[data-viewer-status]");
  var jump = root.querySelector("#viewer-page");
  var level = root.querySelector("[data-zoom-level]");
  var count = sheets.length;
  var zoom = 1;
  var current = parseInt(root.getAttribute("data-start-page"), 10) || 1;
  var template = status ? status.textContent.replace(/\d+(\D+)\d+/, "{n}$1{total}") : "{n} / {total}";

  root.querySelector("[data-viewer-zoom-tools]").hidden = false;
  root.classList.add("js");

  function show(n) {
    current = n;
    if (status) status.textContent = template.replace("{n}", n).replace("{total}", count);
    if (jump && document.activeElement !== jump) jump.value = n;
    var prev = root.querySelector("[data-viewer-prev]");
    var next = root.querySelector("[data-viewer-next]");
    if (prev) { prev.hidden = n <= 1; prev.href = "?page=" + (n - 1) + "#page-" + (n - 1); }
    if (next) { next.hidden = n >= count; next.href = "?page=" + (n + 1) + "#page-" + (n + 1); }
    root.setAttribute("data-current-page", n);
  }

  function go(n) {
    n = Math.min(Math.max(n, 1), count);
    var sheet = sheets[n - 1];
    if (!sheet) return;
    var img = sheet.querySelector("img");
    if (img && img.loading === "lazy") img.loading = "eager";
    // Scroll the pages' own box when it scrolls (desktop), else the window (phone), so that the heading and
    // the tools stay put. Instant, not smooth: the page in view must not change under a zoom or a key.
    var gap = sheet.getBoundingClientRect().top - pages.getBoundingClientRect().top - 8;
    if (pages.scrollHeight > pages.clientHeight + 1) {
      pages.scrollTop += gap;
    } else {
      var tools = root.querySelector(".viewer-tools");
      window.scrollBy(0, sheet.getBoundingClientRect().top - (tools ? tools.offsetHeight : 0) - 8);
    }
    show(n);
  }

  function setZoom(value) {
    zoom = Math.min(Math.max(value, 0.25), 4);
    root.style.setProperty("--viewer-zoom", zoom);
    pages.classList.toggle("zoomed", zoom > 1);
    if (level) level.textContent = Math.round(zoom * 100) + "%";
    root.setAttribute("data-zoom", zoom.toFixed(2));
    go(current);
  }

  // The page in view: the one whose top passed the upper third of the scroll area last.
  if ("IntersectionObserver" in window) {
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.getAttribute("data-page")] = e.isIntersecting; });
      var first = sheets.find(function (s) { return visible[s.getAttribute("data-page")]; });
      if (first) show(parseInt(first.getAttribute("data-page"), 10));
    }, { rootMargin: "-30% 0px -60% 0px" });
    sheets.forEach(function (s) { observer.observe(s); });
  }

  root.querySelector(".viewer-tools").addEventListener("submit", function (ev) {
    ev.preventDefault();
    go(parseInt(jump.value, 10) || 1);
  });
  root.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-zoom]");
    if (button) {
      var how = button.getAttribute("data-zoom");
      setZoom(how === "in" ? zoom * 1.25 : how === "out" ? zoom / 1.25 : 1);
      return;
    }
    var step = ev.target.closest("[data-viewer-prev], [data-viewer-next]");
    if (step) {
      ev.preventDefault();
      go(current + (step.hasAttribute("data-viewer-next") ? 1 : -1));
    }
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var moves = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (ev.key in moves) { ev.preventDefault(); go(current + moves[ev.key]); }
    else if (ev.key === "Home") { ev.preventDefault(); go(1); }
    else if (ev.key === "End") { ev.preventDefault(); go(count); }
    else if (ev.key === "+" || ev.key === "=") { ev.preventDefault(); setZoom(zoom * 1.25); }
    else if (ev.key === "-") { ev.preventDefault(); setZoom(zoom / 1.25); }
    else if (ev.key === "0") { ev.preventDefault(); setZoom(1); }
  });

  window.viewer = {
    go: go,
    page: function () { return current; },
    overlay: function (n) {
      var sheet = sheets[n - 1];
      return sheet ? sheet.querySelector("[data-overlay]") : null;
    },
    mark: function (n, box, className) {
      var layer = this.overlay(n);
      if (!layer) return null;
      var el = document.createElement("span");
      el.className = "page-mark " + (className || "");
      el.style.left = box.x * 100 + "%";
      el.style.top = box.y * 100 + "%";
      el.style.width = box.w * 100 + "%";
      el.style.height = box.h * 100 + "%";
      layer.appendChild(el);
      return el;
    },
  };
  show(current);
  if (current > 1) go(current);

  // OCR search hits (?q=): each <span class="ocr-hit" data-box="x0 y0 x1 y1"> (fractions of the page image)
  // is placed in its page's overlay in percent, so it follows every zoom; the first hit is brought into view.
  var hits = Array.prototype.slice.call(root.querySelectorAll(".ocr-hit[data-box]"));
  hits.forEach(function (hit) {
    var box = hit.getAttribute("data-box").split(" ").map(Number);
    hit.style.left = box[0] * 100 + "%";
    hit.style.top = box[1] * 100 + "%";
    hit.style.width = (box[2] - box[0]) * 100 + "%";
    hit.style.height = (box[3] - box[1]) * 100 + "%";
  });
  if (hits.length && !window.location.hash) {
    var sheet = hits[0].closest(".viewer-sheet");
    if (sheet) go(parseInt(sheet.getAttribute("data-page"), 10));
  }
})();
