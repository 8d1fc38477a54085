// Maps are opt-in: a "Show on map" button loads Leaflet (served from this site) and only then asks
// the tile server for images. Without JavaScript, or without tiles, the list stays complete. The words of Leaflet's
// controls come from the map's data-zoom-in, data-zoom-out and data-close attributes, in the page's language.
(function () {
  "use strict";
  var script = document.currentScript;
  var vendor = script.dataset.vendor;

  function loadLeaflet(callback) {
    if (window.L) return callback();
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = vendor + "leaflet.css";
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = vendor + "leaflet.js";
    js.onload = callback;
    document.head.appendChild(js);
  }

  function draw(container) {
    var points = JSON.parse(document.getElementById(container.dataset.points).textContent);
    if (!points.length) return;
    L.Icon.Default.imagePath = vendor + "images/";
    var words = container.dataset;
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", words.close);
    });
    L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name }).addTo(map);
      marker.bindPopup(link);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 13);
    else map.fitBounds(bounds, { padding: [24, 24] });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map-block]").forEach(function (block) {
      block.hidden = false;
    });
    document.querySelectorAll("[data-map-button]").forEach(function (button) {
      var container = document.getElementById(button.getAttribute("aria-controls"));
      button.addEventListener("click", function () {
        button.disabled = true;
        loadLeaflet(function () {
          container.hidden = false;
          button.hidden = true;
          draw(container);
        });
      });
    });
  });
})();
