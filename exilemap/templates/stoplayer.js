{% macro script(this, kwargs) %}
(function () {
  // Every stop as one GeoJSON layer: a circle marker each, with its tooltip and popup (escaped on the server).
  var map = {{ this._parent.get_name() }};
  var style = {{ this.style_json }};
  {% if this.canvas %}style.renderer = L.canvas({padding: 0.5});{% endif %}
  L.geoJSON({{ this.data_json }}, {
    pointToLayer: function (feature, latlng) {
      var options = Object.assign({className: "stop-marker stop-" + feature.id}, style);
      return L.circleMarker(latlng, options);
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.tooltip);
      layer.bindPopup(feature.properties.popup, {maxWidth: {{ this.max_width }}});
    }
  }).addTo(map);
})();
{% endmacro %}
