// After "Add a need" brings a blank row (htmx), move the focus to it, so keyboard users land where they type.
(function () {
  "use strict";
  var addingNeed = false;
  document.addEventListener("htmx:beforeRequest", function (event) {
    addingNeed = event.detail.elt && event.detail.elt.name === "add_need";
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!addingNeed) return;
    addingNeed = false;
    var rows = document.querySelectorAll("#need-rows .need-row");
    var last = rows[rows.length - 1];
    var first = last && last.querySelector("select, input:not([type=hidden]), textarea");
    if (first) first.focus();
  });
})();
