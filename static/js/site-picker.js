// The company profile's site map: the city's neighbourhoods, the company's sites, and a click that fills
// the new site's latitude and longitude fields.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("site-map");
    if (!element || !window.L) {
      return;
    }
    var map = L.map(element, { attributionControl: false, scrollWheelZoom: false });
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    var marker = null;
    (element.dataset.sites || "").split(";").filter(Boolean).forEach(function (entry) {
      var parts = entry.split(",");
      L.circleMarker([parseFloat(parts[0]), parseFloat(parts[1])], { radius: 7, color: "#0a4f9e", fillOpacity: 0.9 })
        .bindTooltip(parts.slice(2).join(","))
        .addTo(map);
    });
    fetch(element.dataset.geojson)
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, { style: { color: "#7d8fa3", weight: 1, fillColor: "#e3eefa", fillOpacity: 0.6 } }).addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds());
        } else {
          map.setView([45.4642, 9.19], 11);
        }
        element.dataset.loaded = "true";
      });
    map.on("click", function (event) {
      if (latitude && longitude) {
        latitude.value = event.latlng.lat.toFixed(6);
        longitude.value = event.latlng.lng.toFixed(6);
      }
      if (marker) {
        marker.setLatLng(event.latlng);
      } else {
        marker = L.marker(event.latlng).addTo(map);
      }
    });
  });
})();
