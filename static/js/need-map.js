// The home page's map: the city's neighbourhoods coloured by need index (drawn by city-map.js).
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

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("need-map");
    if (!element || !window.L || !window.drawCityMap) {
      return;
    }
    var labels = element.dataset;
    window.drawCityMap(element, {
      style: function (properties) {
        var b = band(properties.need_index);
        return { color: "#ffffff", weight: 1, fillOpacity: 0.9, fillColor: b < 0 ? UNKNOWN : BANDS[b] };
      },
      lines: function (properties) {
        var index = properties.need_index === null ? labels.labelUnknown : formatIndex(properties.need_index);
        return [labels.labelIndex + ": " + index, properties.open_projects + " " + labels.labelOpen];
      },
      tooltip: function (properties) {
        return properties.name + (properties.open_projects ? " · " + properties.open_projects : "");
      },
    });
  });
})();
