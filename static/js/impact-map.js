// The impact dashboard's map: the city's neighbourhoods coloured by the EUR value given there, from the page's
// GeoJSON endpoint; the bands (and the legend) come from the page, so the colours match the legend exactly.
// No tiles (the service runs without third-party servers): the shapes themselves are the map.
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

  function popup(properties, totalText) {
    var container = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    link.className = "map-popup__name";
    container.appendChild(link);
    var total = document.createElement("p");
    total.textContent = totalText;
    container.appendChild(total);
    return container;
  }

  function draw(element, bands) {
    var euro = new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0, useGrouping: "always" });
    var label = element.dataset.labelTotal;
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          style: function (feature) {
            return { color: "#ffffff", weight: 1.5, fillOpacity: 0.95, fillColor: fillColour(feature.properties.total_eur, bands) };
          },
          onEachFeature: function (feature, shape) {
            var total = euro.format(feature.properties.total_eur);
            shape.bindPopup(popup(feature.properties, label + ": " + total));
            shape.bindTooltip(feature.properties.name + " · " + total, { sticky: true });
          },
        }).addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        } else {
          map.setView([45.4642, 9.19], 11);
        }
        element.dataset.loaded = String(collection.features.length);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("impact-map");
    var source = document.getElementById("impact-map-bands");
    if (element && source && window.L) {
      draw(element, JSON.parse(source.textContent));
    }
  });
})();
