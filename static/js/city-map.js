// A city's neighbourhoods drawn from a GeoJSON endpoint, each coloured and described by the page's own map
// script (need-map.js, impact-map.js). No tiles (the service runs without third-party servers): the shapes
// themselves are the map. Each shape has a tooltip and a popup linking to the neighbourhood's page.
(function () {
  "use strict";

  function popup(properties, lines) {
    var container = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    link.className = "map-popup__name";
    container.appendChild(link);
    lines.forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      container.appendChild(line);
    });
    return container;
  }

  // options: style(properties) -> Leaflet path style; lines(properties) -> popup lines after the name;
  // tooltip(properties) -> the text shown on hover.
  window.drawCityMap = function (element, options) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          style: function (feature) { return options.style(feature.properties); },
          onEachFeature: function (feature, shape) {
            shape.bindPopup(popup(feature.properties, options.lines(feature.properties)));
            shape.bindTooltip(options.tooltip(feature.properties), { sticky: true });
          },
        }).addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        } else {
          map.setView([45.4642, 9.19], 11);
        }
        element.dataset.loaded = String(collection.features.length);
      });
  };
})();
