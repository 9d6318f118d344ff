// The initiative form's needs: "Add another need" copies the formset's empty row and counts it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-add-need]");
    var rows = document.querySelector("[data-need-rows]");
    var template = document.getElementById("need-row-template");
    var total = document.getElementById("id_needs-TOTAL_FORMS");
    var maximum = document.getElementById("id_needs-MAX_NUM_FORMS");
    if (!button || !rows || !template || !total) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (maximum && index >= parseInt(maximum.value, 10)) {
        button.hidden = true;
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild.querySelector("input:not([type=hidden]), select");
      if (added) {
        added.focus();
      }
    });
  });
})();
