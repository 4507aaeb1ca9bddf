/* Seal placement on the page previews (no library).
 *
 * Markup (see templates/workbench/placement_widget.html):
 *   <div data-placement data-pages-url="/workbench/versions/7/pages.json" data-input="#id_placements"
 *        data-cross-input="#id_cross_page" data-impressions-input="#id_impressions" data-seal-mm="40">
 * or, when the version is chosen in the form, data-version-input="#id_version" and
 * data-pages-url-template="/workbench/versions/0/pages.json" (the 0 is replaced by the chosen version).
 *
 * It writes into the hidden input exactly what the seals API stores and the stamping engine uses:
 *   [{"page": 1, "x": 155.0, "y": 50.0}, ...]  page numbers from 1, x and y in mm from the bottom-left
 *   corner of the page as it is seen, naming the centre of the impression.
 * A form with single page/x/y fields instead of a JSON input (the seals request form) sets
 *   data-page-input, data-x-input, data-y-input and data-choice-input (its placement <select>, set to "custom"):
 *   the widget then keeps one placement and writes it into those fields; "every page" is hidden.
 * Optional: data-seal-image (the seal's image URL), or data-seal-input (the form's seal <select>) with
 *   data-seal-image-template ("/seals/0/image/", the 0 replaced by the chosen seal): impressions are drawn
 *   with the seal's own image instead of a circle; with data-seal-sizes ({id: mm}) at the chosen seal's size.
 * Click a page to place an impression, drag it (or use the arrow keys) to adjust, Delete removes it.
 * Read-only (data-readonly, the approval page and the queue): data-placements (the resolved [{page, x, y}]),
 *   data-cross ("1" when the item asks for the cross-page seal) and data-show-pages ([1, 3]: the pages drawn,
 *   of all the pages the endpoint lists); nothing can be placed or moved.
 * The cross-page seal is drawn as it will be split: page i of N shows slice i of the seal at its right edge,
 * vertically centred, as the stamping engine draws it.
 */
(function () {
  "use strict";

  var PRESET_RIGHT_MM = 55;  // the engine's "signature area": 55 mm from the right edge, 50 mm up
  var PRESET_Y_MM = 50;

  function round1(v) { return Math.round(v * 10) / 10; }
  function clamp(v, lo, hi) { return Math.min(Math.max(v, lo), hi); }
  function $(sel) { return sel ? document.querySelector(sel) : null; }
  function t(root, key, fallback) { return root.getAttribute("data-text-" + key) || fallback; }

  function Widget(root) {
    this.root = root;
    this.input = $(root.getAttribute("data-input"));
    this.crossInput = $(root.getAttribute("data-cross-input"));
    this.impressionsInput = $(root.getAttribute("data-impressions-input"));
    this.versionInput = $(root.getAttribute("data-version-input"));
    this.pageInput = $(root.getAttribute("data-page-input"));
    this.xInput = $(root.getAttribute("data-x-input"));
    this.yInput = $(root.getAttribute("data-y-input"));
    this.choiceInput = $(root.getAttribute("data-choice-input"));
    this.single = !!(this.pageInput && this.xInput && this.yInput);
    this.sealInput = $(root.getAttribute("data-seal-input"));
    this.readonly = root.hasAttribute("data-readonly");
    this.show = null;
    if (this.readonly) {
      try { this.show = JSON.parse(root.getAttribute("data-show-pages") || "null"); } catch (e) { this.show = null; }
      var tools = root.querySelector(".placement-tools");
      if (tools) tools.hidden = true;
    }
    if (this.single) {
      var every = root.querySelector('[data-preset="every_page"]');
      if (every) every.hidden = true;
    }
    this.sealMm = parseFloat(root.getAttribute("data-seal-mm") || "40") || 40;
    this.pagesBox = root.querySelector(".placement-pages");
    this.status = root.querySelector(".placement-status");
    this.pages = [];
    this.placements = [];
    this.readInput();
    this.bind();
    this.load();
  }

  Widget.prototype.readInput = function () {
    if (this.readonly) {
      try { this.placements = JSON.parse(this.root.getAttribute("data-placements") || "[]"); } catch (e) { this.placements = []; }
      return;
    }
    if (this.single) {
      var page = parseInt(this.pageInput.value, 10), x = parseFloat(this.xInput.value), y = parseFloat(this.yInput.value);
      var custom = !this.choiceInput || this.choiceInput.value === "custom";
      this.placements = custom && page && !isNaN(x) && !isNaN(y) ? [{ page: page, x: x, y: y }] : [];
      return;
    }
    var raw = this.input ? this.input.value : "";
    var list = [];
    try { list = raw ? JSON.parse(raw) : []; } catch (e) { list = []; }
    this.placements = (Array.isArray(list) ? list : []).filter(function (p) {
      return p && typeof p.page === "number" && typeof p.x === "number" && typeof p.y === "number";
    });
  };

  Widget.prototype.pagesUrl = function () {
    var template = this.root.getAttribute("data-pages-url-template");
    if (template && this.versionInput) {
      var chosen = this.versionInput.value;
      return chosen ? template.replace("/0/", "/" + encodeURIComponent(chosen) + "/") : null;
    }
    return this.root.getAttribute("data-pages-url");
  };

  Widget.prototype.bind = function () {
    var self = this;
    if (this.readonly) return;
    this.root.addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-preset], button[data-clear]");
      if (!button) return;
      ev.preventDefault();
      if (button.hasAttribute("data-clear")) self.placements = [];
      else self.preset(button.getAttribute("data-preset"));
      self.changed();
    });
    if (this.crossInput) this.crossInput.addEventListener("change", function () { self.changed(); });
    if (this.sealInput) {
      this.sealInput.addEventListener("change", function () { self.sealSize(); self.drawMarks(); });
      this.sealSize();
    }
    if (this.versionInput) {
      this.versionInput.addEventListener("change", function () { self.placements = []; self.load(); self.write(); });
    }
  };

  Widget.prototype.load = function () {
    var self = this;
    var url = this.pagesUrl();
    this.pagesBox.innerHTML = "";
    this.pages = [];
    if (!url) { this.say(t(this.root, "choose", "请先选择文件版本。")); return; }
    this.say(t(this.root, "loading", "正在载入页面预览…"));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { self.say(res.body.detail || res.body.error || "error"); return; }
        self.pages = res.body.pages || [];
        self.placements = self.placements.filter(function (p) { return p.page >= 1 && p.page <= self.pages.length; });
        self.render();
        self.changed();
      })
      .catch(function () { self.say(t(self.root, "failed", "页面预览载入失败。")); });
  };

  Widget.prototype.preset = function (name) {
    if (!this.pages.length) return;
    var spot = function (page) {
      return { page: page.page, x: round1(page.width_mm - PRESET_RIGHT_MM), y: round1(Math.min(PRESET_Y_MM, page.height_mm / 2)) };
    };
    if (name === "last_page_bottom_right") {
      var last = this.pages[this.pages.length - 1];
      this.placements = this.placements.filter(function (p) { return p.page !== last.page; });
      this.placements.push(spot(last));
    } else if (name === "every_page") {
      this.placements = this.pages.map(spot);
    }
    this.placements.sort(function (a, b) { return a.page - b.page; });
  };

  Widget.prototype.render = function () {
    var self = this;
    this.pagesBox.innerHTML = "";
    this.pages.forEach(function (page) {
      if (self.show && self.show.indexOf(page.page) < 0) return;
      var fig = document.createElement("figure");
      fig.className = "placement-page";
      var sheet = document.createElement("div");
      sheet.className = "placement-sheet";
      sheet.style.aspectRatio = page.width_mm + " / " + page.height_mm;
      sheet.setAttribute("data-page", page.page);
      if (!self.readonly) sheet.setAttribute("title", t(self.root, "click", "点击放置印章"));
      var img = document.createElement("img");
      img.src = page.image;
      img.alt = t(self.root, "page", "第 %s 页").replace("%s", page.page);
      img.draggable = false;
      sheet.appendChild(img);
      sheet.addEventListener("click", function (ev) {
        if (self.readonly || ev.target.closest(".seal-mark")) return;
        var pos = self.toMm(sheet, page, ev.clientX, ev.clientY);
        self.placements.push({ page: page.page, x: pos.x, y: pos.y });
        self.changed();
        var marks = sheet.querySelectorAll(".seal-mark");
        if (marks.length) marks[marks.length - 1].focus();
      });
      var cap = document.createElement("figcaption");
      cap.textContent = img.alt + " · " + page.width_mm + "×" + page.height_mm + " mm";
      fig.appendChild(sheet);
      fig.appendChild(cap);
      self.pagesBox.appendChild(fig);
    });
    this.drawMarks();
  };

  Widget.prototype.toMm = function (sheet, page, clientX, clientY) {
    var rect = sheet.getBoundingClientRect();
    var half = this.sealMm / 2;
    var x = (clientX - rect.left) / rect.width * page.width_mm;
    var y = page.height_mm - (clientY - rect.top) / rect.height * page.height_mm;
    return {
      x: round1(clamp(x, Math.min(half, page.width_mm / 2), Math.max(page.width_mm - half, page.width_mm / 2))),
      y: round1(clamp(y, Math.min(half, page.height_mm / 2), Math.max(page.height_mm - half, page.height_mm / 2)))
    };
  };

  Widget.prototype.sealSize = function () {
    var sizes = {};
    try { sizes = JSON.parse(this.root.getAttribute("data-seal-sizes") || "{}"); } catch (e) { sizes = {}; }
    var chosen = this.sealInput && sizes[this.sealInput.value];
    this.sealMm = chosen || parseFloat(this.root.getAttribute("data-seal-mm") || "40") || 40;
  };

  Widget.prototype.sealImage = function () {
    var template = this.root.getAttribute("data-seal-image-template");
    if (template && this.sealInput && this.sealInput.value) {
      return template.replace("/0/", "/" + encodeURIComponent(this.sealInput.value) + "/");
    }
    return this.root.getAttribute("data-seal-image") || "";
  };

  Widget.prototype.drawMarks = function () {
    var self = this;
    var image = this.sealImage();
    var paint = function (el) {
      if (!image) return;
      el.classList.add("with-image");
      el.style.backgroundImage = "url(\"" + image.replace(/"/g, "%22") + "\")";
    };
    var sheets = this.pagesBox.querySelectorAll(".placement-sheet");
    var cross = this.crossOn();
    var n = this.pages.length;
    Array.prototype.forEach.call(sheets, function (sheet) {
      var index = parseInt(sheet.getAttribute("data-page"), 10) - 1;  // sheets may be a subset of the pages
      var page = self.pages[index];
      Array.prototype.forEach.call(sheet.querySelectorAll(".seal-mark, .cross-strip"), function (el) { el.remove(); });
      var s = self.sealMm;
      self.placements.forEach(function (p, i) {
        if (p.page !== page.page) return;
        var mark = document.createElement("span");
        mark.className = "seal-mark";
        mark.setAttribute("data-index", i);
        if (!self.readonly) {
          mark.tabIndex = 0;
          mark.setAttribute("role", "button");
        } else {
          mark.setAttribute("role", "img");
        }
        mark.setAttribute("aria-label", t(self.root, "mark", "印章位置：第 %p 页，x %x 毫米，y %y 毫米（方向键移动，Delete 删除）")
          .replace("%p", p.page).replace("%x", p.x).replace("%y", p.y));
        mark.style.left = ((p.x - s / 2) / page.width_mm * 100) + "%";
        mark.style.top = ((page.height_mm - p.y - s / 2) / page.height_mm * 100) + "%";
        mark.style.width = (s / page.width_mm * 100) + "%";
        mark.style.height = (s / page.height_mm * 100) + "%";
        paint(mark);
        if (!self.readonly) self.dragging(mark, sheet, page, i);
        sheet.appendChild(mark);
      });
      if (cross && n) {
        var strip = document.createElement("span");
        strip.className = "cross-strip";
        strip.setAttribute("aria-hidden", "true");
        strip.style.width = (s / n / page.width_mm * 100) + "%";
        strip.style.height = (s / page.height_mm * 100) + "%";
        var top = clamp(page.height_mm / 2 - s / 2, 0, Math.max(page.height_mm - s, 0));
        strip.style.top = (top / page.height_mm * 100) + "%";
        var whole = document.createElement("span");
        whole.className = "cross-seal";
        whole.style.width = (n * 100) + "%";
        whole.style.left = (-index * 100) + "%";
        paint(whole);
        strip.appendChild(whole);
        sheet.appendChild(strip);
      }
    });
  };

  Widget.prototype.dragging = function (mark, sheet, page, index) {
    var self = this;
    mark.addEventListener("pointerdown", function (ev) {
      ev.preventDefault();
      mark.setPointerCapture(ev.pointerId);
      mark.classList.add("moving");
      var move = function (e) {
        var pos = self.toMm(sheet, page, e.clientX, e.clientY);
        self.placements[index].x = pos.x;
        self.placements[index].y = pos.y;
        var s = self.sealMm;
        mark.style.left = ((pos.x - s / 2) / page.width_mm * 100) + "%";
        mark.style.top = ((page.height_mm - pos.y - s / 2) / page.height_mm * 100) + "%";
      };
      var up = function () {
        mark.removeEventListener("pointermove", move);
        mark.removeEventListener("pointerup", up);
        mark.classList.remove("moving");
        self.changed();
      };
      mark.addEventListener("pointermove", move);
      mark.addEventListener("pointerup", up);
    });
    mark.addEventListener("dblclick", function () { self.placements.splice(index, 1); self.changed(); });
    mark.addEventListener("keydown", function (ev) {
      var step = ev.shiftKey ? 5 : 1;
      var p = self.placements[index];
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (ev.key === "Delete" || ev.key === "Backspace") {
        ev.preventDefault();
        self.placements.splice(index, 1);
        self.changed();
        return;
      }
      if (!moves[ev.key]) return;
      ev.preventDefault();
      p.x = round1(clamp(p.x + moves[ev.key][0], 0, page.width_mm));
      p.y = round1(clamp(p.y + moves[ev.key][1], 0, page.height_mm));
      self.changed();
      var again = sheet.querySelector('.seal-mark[data-index="' + index + '"]');
      if (again) again.focus();
    });
  };

  Widget.prototype.crossOn = function () {
    if (this.readonly) return this.root.getAttribute("data-cross") === "1";
    return !!(this.crossInput && this.crossInput.checked);
  };

  Widget.prototype.needed = function () {
    return this.placements.length + (this.crossOn() ? 1 : 0);
  };

  Widget.prototype.write = function () {
    if (this.readonly) return;
    if (this.single && this.placements.length > 1) this.placements = this.placements.slice(-1);
    var clean = this.placements.map(function (p) { return { page: p.page, x: round1(p.x), y: round1(p.y) }; });
    if (this.single && clean.length) {
      this.pageInput.value = String(clean[0].page);
      this.xInput.value = String(clean[0].x);
      this.yInput.value = String(clean[0].y);
      if (this.choiceInput) this.choiceInput.value = "custom";
    }
    if (this.input) {
      this.input.value = JSON.stringify(clean);
      this.input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (this.impressionsInput) {
      var have = parseInt(this.impressionsInput.value || "0", 10) || 0;
      if (this.needed() > have) this.impressionsInput.value = String(this.needed());
    }
  };

  Widget.prototype.changed = function () {
    this.write();
    this.drawMarks();
    var cross = this.crossOn();
    this.say(t(this.root, "count", "已放置 %n 处印章%c。")
      .replace("%n", this.placements.length)
      .replace("%c", cross ? t(this.root, "cross", "，另加骑缝章 1 处") : ""));
  };

  Widget.prototype.say = function (text) { if (this.status) this.status.textContent = text; };

  function init(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll("[data-placement]"), function (root) {
      if (!root.placementWidget) root.placementWidget = new Widget(root);
    });
  }

  window.SealPlacement = { init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
})();
