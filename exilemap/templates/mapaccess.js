{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var box = map.getContainer();
  var name = {{ this.name|tojson }};

  // A name for the map and its frame; the clock's sentence of where he is describes it.
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", name);
  box.setAttribute("aria-describedby", "exile-where");
  try { if (window.frameElement) window.frameElement.setAttribute("aria-label", name); } catch (e) { /* another origin */ }

  // The controls (zoom, Play, scrubber) come first by keyboard, before the stops: their place on
  // screen is set by CSS, so moving them first in the document changes only the Tab order.
  var controls = box.querySelector(".leaflet-control-container");
  if (controls) box.insertBefore(controls, box.firstChild);

  // Focus is always visible, on the map's own controls and on the stops.
  var style = document.createElement("style");
  style.textContent = {{ this.css|tojson }};
  document.head.appendChild(style);

  // Every stop is a button in route order (the order they were drawn in); Enter or Space opens its popup,
  // whose text takes the focus so a screen reader reads it; Escape closes it and goes back to the stop.
  var labels = {{ this.labels|tojson }};
  map.eachLayer(function (layer) {
    var classes = ((layer.options && layer.options.className) || "").split(/\s+/);
    if (classes.indexOf("stop-marker") < 0 || !layer.getElement) return;
    var id = classes.filter(function (c) { return c.indexOf("stop-") === 0 && c !== "stop-marker"; })[0];
    var el = layer.getElement();
    if (!el || !id || !labels[id.slice(5)]) return;
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", labels[id.slice(5)]);
    el.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      layer.openPopup();
      var content = layer.getPopup() && layer.getPopup().getElement();
      content = content && content.querySelector(".leaflet-popup-content");
      if (content) { content.setAttribute("tabindex", "-1"); content.focus({preventScroll: true}); }
    });
    el.addEventListener("focus", function () {  // a stop reached by Tab outside the view is brought into it
      var at = layer.getLatLng();
      if (!el.matches(":focus-visible")) return;  // a click: the stop is on screen already
      if (!map.getBounds().pad(-0.05).contains(at)) map.panTo(at);
    });
    layer.on("popupclose", function () {
      var popup = layer.getPopup() && layer.getPopup().getElement();
      if (popup && popup.contains(document.activeElement)) el.focus({preventScroll: true});
      else if (document.activeElement === document.body) el.focus({preventScroll: true});
    });
  });

  // Leaflet's own Escape works only while the map itself has the focus, not a stop or a popup in it.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box.querySelector(".leaflet-popup")) { map.closePopup(); event.stopPropagation(); }
  });

  // prefers-reduced-motion: every pan and zoom jumps instead of gliding (popups, keys, the tour's steps).
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    var setView = map.setView, panBy = map.panBy;
    map.setView = function (center, zoom, options) {
      return setView.call(this, center, zoom, L.extend({}, options, {animate: false}));
    };
    map.panBy = function (offset, options) { return panBy.call(this, offset, L.extend({}, options, {animate: false})); };
    map.flyTo = function (center, zoom) { return map.setView(center, zoom); };
    map.options.inertia = false;
  }
})();
{% endmacro %}
