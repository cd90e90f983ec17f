// A long list (the 290 kommuner) gets a search field: typing part of a name ("öre") narrows the list and picks the
// best match (a name that starts with it before one that contains it). Without JavaScript the list still works, sorted by name. Marked up by core.widgets (data-searchable).
(function () {
  "use strict";
  var fold = function (text) { return text.toLocaleLowerCase("sv-SE"); };
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var search = document.createElement("input");
    search.type = "search";
    search.className = "select-search";
    search.placeholder = select.dataset.searchable;
    search.setAttribute("aria-label", select.dataset.searchable);
    search.setAttribute("aria-controls", select.id);
    search.autocomplete = "off";
    select.parentNode.insertBefore(search, select);
    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      var first = null, starts = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var at = fold(option.text).indexOf(wanted);
        option.hidden = option.value !== "" && at === -1;
        if (option.value === "" || at === -1) { return; }
        if (first === null) { first = option; }
        if (at === 0 && starts === null) { starts = option; }
      });
      first = starts || first;  // "öre" is Örebro before Töreboda
      if (wanted && first !== null) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });
})();
