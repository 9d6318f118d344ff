// The home page's map: the city's neighbourhoods coloured by need index, from the page's GeoJSON endpoint.
// No tiles (the service runs without third-party servers): the shapes themselves are the map.
(function () {
  "use strict";
  var BANDS = ["#e3f0f7", "#a9cfe3", "#f3c26b", "#e8823a", "#c0392b"];
  var UNKNOWN = "#d5dbe1";

  function band(index) {
    return index === null ? -1 : Math.min(4, Math.floor(index / 20));
  }

  function formatIndex(value) {
    return value.toLocaleString(document.documentElement.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function popup(properties, labels) {
    var container = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    link.className = "map-popup__name";
    container.appendChild(link);
    var index = document.createElement("p");
    index.textContent = labels.index + ": " + (properties.need_index === null ? labels.unknown : formatIndex(properties.need_index));
    container.appendChild(index);
    var open = document.createElement("p");
    open.textContent = properties.open_projects + " " + labels.open;
    container.appendChild(open);
    return container;
  }

  function draw(element) {
    var labels = {
      index: element.dataset.labelIndex,
      open: element.dataset.labelOpen,
      unknown: element.dataset.labelUnknown,
    };
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          style: function (feature) {
            var b = band(feature.properties.need_index);
            return { color: "#ffffff", weight: 1, fillOpacity: 0.9, fillColor: b < 0 ? UNKNOWN : BANDS[b] };
          },
          onEachFeature: function (feature, shape) {
            shape.bindPopup(popup(feature.properties, labels));
            shape.bindTooltip(feature.properties.name + (feature.properties.open_projects ? " · " + feature.properties.open_projects : ""), { sticky: true });
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
    var element = document.getElementById("need-map");
    if (element && window.L) {
      draw(element);
    }
  });
})();
