// The impact dashboard's map: the city's neighbourhoods coloured by the EUR value given there (drawn by
// city-map.js); the bands (and the legend) come from the page, so the colours match the legend exactly.
(function () {
  "use strict";
  // The legend's swatches in app.css (.legend__swatch--given-*) use the same colours.
  var SHADES = ["#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"];
  var NOTHING = "#cfd6dd";

  function fillColour(total, bands) {
    if (!(total > 0) || !bands.length) {
      return NOTHING;
    }
    for (var i = 0; i < bands.length; i++) {
      if (total <= bands[i].upper) {
        return SHADES[bands[i].shade];
      }
    }
    return SHADES[bands[bands.length - 1].shade];
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("impact-map");
    var source = document.getElementById("impact-map-bands");
    if (!element || !source || !window.L || !window.drawCityMap) {
      return;
    }
    var bands = JSON.parse(source.textContent);
    var euro = new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0, useGrouping: "always" });
    var label = element.dataset.labelTotal;
    window.drawCityMap(element, {
      style: function (properties) {
        return { color: "#ffffff", weight: 1.5, fillOpacity: 0.95, fillColor: fillColour(properties.total_eur, bands) };
      },
      lines: function (properties) { return [label + ": " + euro.format(properties.total_eur)]; },
      tooltip: function (properties) { return properties.name + " · " + euro.format(properties.total_eur); },
    });
  });
})();
