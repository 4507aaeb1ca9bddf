/* The viewer's search hits: each <span class="ocr-hit" data-box="x0 y0 x1 y1"> (fractions of the page image,
 * from the recognised lines) is placed over the page image as a highlight. Without JS the page still shows
 * how many hits it has. */
(function () {
  "use strict";
  var frame = document.querySelector(".viewer-frame");
  if (!frame) return;
  var image = frame.querySelector(".viewer-page");
  var hits = Array.prototype.slice.call(frame.querySelectorAll(".ocr-hit"));
  if (!image || !hits.length) return;
  function place() {
    hits.forEach(function (hit) {
      var box = hit.getAttribute("data-box").split(" ").map(Number);
      hit.style.left = (image.offsetLeft + image.clientLeft + box[0] * image.clientWidth) + "px";
      hit.style.top = (image.offsetTop + image.clientTop + box[1] * image.clientHeight) + "px";
      hit.style.width = ((box[2] - box[0]) * image.clientWidth) + "px";
      hit.style.height = ((box[3] - box[1]) * image.clientHeight) + "px";
      hit.hidden = false;
    });
    if (!place.scrolled) { place.scrolled = true; hits[0].scrollIntoView({ block: "center" }); }
  }
  if (image.complete && image.naturalWidth) place(); else image.addEventListener("load", place);
  window.addEventListener("resize", place);
})();
