/* Phone capture: the pages chosen (or photographed) so far, listed by name and size under the camera
 * button, so field staff see how many pages they have taken. The form works without it. */
(function () {
  "use strict";
  var input = document.querySelector('input[type=file][capture]');
  var list = document.querySelector("[data-testid=capture-list]");
  if (!input || !list) return;
  input.addEventListener("change", function () {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = document.createElement("li");
      item.textContent = (index + 1) + ". " + file.name + " (" + Math.round(file.size / 1024) + " KB)";
      list.appendChild(item);
    });
  });
})();
