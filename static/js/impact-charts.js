// Draws the impact dashboard's charts from the page's JSON data block; each chart has its table beside it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("impact-data");
    if (!source || !window.Chart) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var euro = new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0, useGrouping: "always" });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var series = data[canvas.dataset.chart];
      if (!series) {
        return;
      }
      var line = series.kind === "line";
      new window.Chart(canvas, {
        type: series.kind,
        data: {
          labels: series.labels,
          datasets: [{ data: series.values, backgroundColor: "#0b63c7", borderColor: "#0b63c7", fill: false, tension: 0.2, maxBarThickness: 28 }],
        },
        options: {
          indexAxis: line ? "x" : "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (item) { return euro.format(item.raw); } } } },
          scales: line ? { y: { beginAtZero: true, ticks: { callback: function (value) { return euro.format(value); } } } }
                       : { x: { beginAtZero: true, ticks: { callback: function (value) { return euro.format(value); } } } },
        },
      });
      canvas.dataset.drawn = "true";
    });
  });
})();
