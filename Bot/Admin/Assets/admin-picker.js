// The phone form's location picker: a Leaflet map with a draggable pin that fills the latitude and longitude boxes
// (and follows them when typed). Loaded only when Admin:MapTileUrl is set; without it the form offers the district.
(function () {
  'use strict';
  var element = document.getElementById('picker');
  if (!element || !window.L) { return; }
  var form = element.closest('form');
  var latitude = form.querySelector('input[name=Latitude]');
  var longitude = form.querySelector('input[name=Longitude]');
  function typed() {
    // Persian digits and the Persian decimal sign are accepted in the boxes, as the server accepts them.
    function number(text) {
      var ascii = (text || '').replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
        .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); }).replace('٫', '.').trim();
      return ascii === '' ? NaN : Number(ascii);
    }
    var lat = number(latitude.value), lon = number(longitude.value);
    return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
  }
  var centre = L.latLng(parseFloat(element.getAttribute('data-centre-lat')) || 35.7, parseFloat(element.getAttribute('data-centre-lon')) || 51.4);
  var start = typed();
  var map = L.map(element, { zoomControl: true, attributionControl: false }).setView(start || centre, start ? 16 : 13);
  L.tileLayer(element.getAttribute('data-tiles'), { maxZoom: 19 }).addTo(map);
  var pin = L.marker(start || centre, { draggable: true, keyboard: true, autoPan: true }).addTo(map);
  pin.getElement().setAttribute('data-pin', '');
  if (!start) { pin.setOpacity(0.55); }

  function choose(point) {
    pin.setLatLng(point);
    pin.setOpacity(1);
    latitude.value = point.lat.toFixed(6);
    longitude.value = point.lng.toFixed(6);
    element.setAttribute('data-chosen', latitude.value + ',' + longitude.value);
  }
  pin.on('dragend', function () { choose(pin.getLatLng()); });
  map.on('click', function (e) { choose(e.latlng); });
  [latitude, longitude].forEach(function (box) {
    box.addEventListener('change', function () {
      var point = typed();
      if (point) { pin.setLatLng(point); pin.setOpacity(1); map.panTo(point); }
    });
  });
})();
