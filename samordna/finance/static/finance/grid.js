// Budget grid: live subtotals per category and year, and arrow keys / Enter between rows.
(function () {
  "use strict";
  var form = document.getElementById("budget-grid");
  if (!form) { return; }
  var fmt = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 2 });

  function parse(text) {
    var clean = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-").replace(",", ".");
    if (clean === "") { return 0; }
    return /^-?\d+(\.\d{1,2})?$/.test(clean) ? Number(clean) : NaN;
  }

  function recalc() {
    var totals = {};
    form.querySelectorAll("tbody[data-category]").forEach(function (body) {
      var sums = {};
      body.querySelectorAll("input.amount").forEach(function (input) {
        var year = input.dataset.year, value = parse(input.value);
        input.classList.toggle("invalid", isNaN(value));
        input.setAttribute("aria-invalid", isNaN(value) ? "true" : "false");
        sums[year] = (sums[year] || 0) + (isNaN(value) ? 0 : value);
      });
      body.querySelectorAll("output[data-sum-category]").forEach(function (out) {
        var year = out.dataset.year;
        out.textContent = fmt.format(sums[year] || 0);
        totals[year] = (totals[year] || 0) + (sums[year] || 0);
      });
    });
    form.querySelectorAll("output[data-sum-total]").forEach(function (out) {
      out.textContent = fmt.format(totals[out.dataset.year] || 0);
    });
  }

  function move(input, step) {
    var same = Array.prototype.slice.call(form.querySelectorAll('input.amount[data-year="' + input.dataset.year + '"]'));
    var next = same[same.indexOf(input) + step];
    if (next) { next.focus(); next.select(); }
  }

  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("amount")) { recalc(); }
  });
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("amount")) { return; }
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) { event.preventDefault(); move(input, 1); }
    if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) { event.preventDefault(); move(input, -1); }
  });
  recalc();
})();
