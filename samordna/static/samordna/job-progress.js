// A background job's page (core/job.html): asks for the job's state every second and shows it;
// the download link appears when the file is ready, and a job with a result (an import) reloads the page
// to show it. Without JavaScript the page has a reload link.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-job-percent]");
  var step = box.querySelector("[data-job-step]");
  var status = box.querySelector("[data-job-status]");
  var ready = box.querySelector("[data-job-ready]");
  var error = box.querySelector("[data-job-error]");
  function show(state) {
    status.textContent = state.status_label;
    step.textContent = state.step;
    if (bar) { bar.value = state.progress; bar.textContent = state.progress + " %"; }
    if (percent) { percent.textContent = state.progress + " %"; }
    if (state.status === "done") {
      if (!state.file_url) { window.location.reload(); return true; }  // a result to show, not a file
      ready.hidden = false;
      ready.querySelector("a").href = state.file_url;
      ready.querySelector("a").focus();
      return true;
    }
    if (state.status === "failed") {
      error.hidden = false;
      error.querySelector("p").textContent = state.error;
      return true;
    }
    return false;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && !show(state)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (bar) { window.setTimeout(poll, 500); }
})();
