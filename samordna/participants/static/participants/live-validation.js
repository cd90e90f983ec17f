// Validation while filling in: a response that answers older values than the form now holds (the user went on
// typing or choosing while it was under way) is not swapped in, so it cannot wipe what was entered since.
(function () {
  "use strict";
  var form = document.getElementById("service-form");
  if (!form) { return; }
  var values = function () { return new URLSearchParams(new FormData(form)).toString(); };
  form.addEventListener("htmx:beforeRequest", function () { form.dataset.sent = values(); });
  form.addEventListener("htmx:beforeSwap", function (event) {
    if (form.dataset.sent !== values()) { event.detail.shouldSwap = false; }
  });
})();
