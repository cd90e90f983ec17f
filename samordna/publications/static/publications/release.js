// Release form: the audit can take up to half a minute; show that it is working and stop a second submit.
(function () {
  "use strict";
  var form = document.getElementById("release-form");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("release-status");
    if (button) { button.disabled = true; button.textContent = button.getAttribute("data-busy-text"); }
    if (status) { status.hidden = false; }
  });
})();
