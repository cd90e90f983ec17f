// Participant import: the upload's progress in the <progress> bar while htmx sends the file.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form) { return; }
  form.addEventListener("htmx:xhr:progress", function (evt) {
    var bar = document.getElementById("import-progress-bar");
    if (evt.detail.total) { bar.value = evt.detail.loaded / evt.detail.total * 100; }
    if (evt.detail.loaded >= evt.detail.total) { bar.removeAttribute("value"); }
  });
})();
