{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var visits = {{ this.visits_json }};
  var first = {{ this.first }}, last = {{ this.last }};
  var DAY = 86400000;
  var points = visits.map(function (v) { return [v.lat, v.lon]; });

  function merc(lat, lon) {
    lat = Math.max(Math.min(lat, 85), -85) * Math.PI / 180;
    return [lon * Math.PI / 180, Math.log(Math.tan(Math.PI / 4 + lat / 2))];
  }
  function unmerc(x, y) {
    return [(2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180 / Math.PI, x * 180 / Math.PI];
  }
  // The same rules as exilemap.route.Route.position, on days since 1970-01-01.
  function positionAt(day) {
    if (day < visits[0].start) return {status: "before", lat: visits[0].lat, lon: visits[0].lon, index: 0, fraction: 0};
    var lastVisit = visits[visits.length - 1];
    if (day > lastVisit.end) return {status: "after", lat: lastVisit.lat, lon: lastVisit.lon, index: visits.length - 1, fraction: 0};
    // the last visit that has started by `day` (a later one wins on a shared day), by binary search
    var lo = 0, hi = visits.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (visits[mid].start <= day) lo = mid; else hi = mid - 1; }
    var i = lo;
    var v = visits[i];
    if (day <= v.end) return {status: "at", lat: v.lat, lon: v.lon, index: i, fraction: 0};
    var w = visits[i + 1], f = (day - v.end) / (w.start - v.end);
    var a = merc(v.lat, v.lon), b = merc(w.lat, w.lon);
    var p = unmerc(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f);
    return {status: "transit", lat: p[0], lon: p[1], index: i, fraction: f};
  }
  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function label(day) {
    return new Date(day * DAY).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
  }

  var travelled = L.polyline([], {{ this.travelled_style }}).addTo(map);
  var marker = L.circleMarker([visits[0].lat, visits[0].lon], {{ this.now_style }}).addTo(map);
  marker.bindTooltip("");
  var reporter = L.circleMarker([0, 0], {radius: 0, opacity: 0, fillOpacity: 0, interactive: false}).addTo(map);
  reporter.bindTooltip("");

  var control = L.control({position: "bottomleft"});
  var ui = {};
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "exile-time leaflet-bar");
    box.style.cssText = "background:#fff;padding:6px 10px;display:flex;gap:8px;align-items:center;font:14px/1.2 sans-serif;"
      + "max-width:calc(100vw - 40px);box-sizing:border-box;";
    ui.button = L.DomUtil.create("button", "playback-toggle", box);
    ui.button.type = "button";
    ui.button.style.cssText = "border:1px solid #999;border-radius:4px;background:#fff;padding:4px 10px;cursor:pointer;min-width:74px;";
    ui.range = L.DomUtil.create("input", "playback-range", box);
    ui.range.type = "range"; ui.range.min = first; ui.range.max = last; ui.range.step = 1;
    ui.range.style.cssText = "width:{{ this.width }}px;min-width:60px;flex:1 1 auto;accent-color:#b22222;";
    ui.range.setAttribute("aria-label", "Date on the map");
    ui.label = L.DomUtil.create("span", "playback-date", box);
    ui.label.style.cssText = "min-width:96px;font-variant-numeric:tabular-nums;";
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);

  var state = {day: first, playing: false, reported: null, raf: null, lastTime: null, carry: 0};

  function show(day) {
    day = Math.max(first, Math.min(last, Math.round(day)));
    state.day = day;
    var p = positionAt(day);
    marker.setLatLng([p.lat, p.lon]);
    marker.setTooltipContent((p.status === "transit" ? "On the way: " : "Where he is: ") + label(day));
    var pts = [];
    if (p.status !== "before") {
      pts = points.slice(0, p.index + 1);
      if (p.status === "transit") pts.push([p.lat, p.lon]);
    }
    travelled.setLatLngs(pts);
    ui.range.value = day;
    ui.label.textContent = label(day);
    ui.button.textContent = state.playing ? "❚❚ Pause" : "▶ Play";
  }
  // Tell Streamlit where the map stands, through streamlit-folium's "object clicked" report.
  function report() {
    if (state.reported === state.day) return;
    state.reported = state.day;
    reporter.setTooltipContent("exile-date:" + iso(state.day));
    reporter.fire("click", {latlng: reporter.getLatLng()});
    reporter.closeTooltip();
  }
  function frame(now) {
    if (!state.playing) return;
    if (state.lastTime !== null) {
      state.carry += (now - state.lastTime) / 1000 * {{ this.days_per_second }};
      var whole = Math.floor(state.carry);
      if (whole > 0) { state.carry -= whole; show(state.day + whole); }
    }
    state.lastTime = now;
    if (state.day >= last) { pause(); return; }
    state.raf = requestAnimationFrame(frame);
  }
  function play() {
    if (state.day >= last) show(first);
    state.playing = true; state.lastTime = null; state.carry = 0;
    show(state.day);
    state.raf = requestAnimationFrame(frame);
  }
  function stop() {
    state.playing = false;
    if (state.raf) cancelAnimationFrame(state.raf);
  }
  function pause() {
    stop();
    show(state.day);
    report();
  }
  L.DomEvent.on(ui.button, "click", function () { state.playing ? pause() : play(); });
  L.DomEvent.on(ui.range, "input", function () { if (state.playing) pause(); show(+ui.range.value); });
  L.DomEvent.on(ui.range, "change", function () { report(); });

  // The page's own date slider moves the marker at once, here in the browser: the rerun it starts
  // brings the panel, and that rerun's setDate below agrees. Only the user's own moves count
  // (keys, pointer): a slider redrawn by a rerun must not stop playback. Streamlit draws a date
  // slider as a hidden range input whose value is microseconds since 1970; if it ever draws it
  // otherwise, or this frame cannot see its page, the marker still moves with the rerun, later.
  function followPageSlider() {
    var page;
    try { page = window.parent !== window && window.parent.document; } catch (e) { return; }
    if (!page || !page.body) return;
    var slider = {{ this.page_slider|tojson }};
    var dragging = false, lastTouched = -Infinity;
    function touched(event) {
      var onSlider = event.target && event.target.closest && event.target.closest(slider);
      if (event.type === "pointerdown") dragging = !!onSlider;
      if (onSlider || dragging) lastTouched = performance.now();
      if (event.type === "pointerup" || event.type === "pointercancel") dragging = false;
    }
    var kinds = ["keydown", "pointerdown", "pointermove", "pointerup", "pointercancel"];
    kinds.forEach(function (kind) { page.addEventListener(kind, touched, true); });
    var observer = new MutationObserver(function (records) {
      if (!dragging && performance.now() - lastTouched > 500) return;  // a rerun redrew it: setDate handles that
      for (var k = 0; k < records.length; k++) {
        var input = records[k].target;
        if (!input.matches || !input.matches(slider + " input[type=range]")) continue;
        var day = Math.round(Number(input.value) / 86400e6);
        if (!isFinite(day) || day === state.day) continue;
        stop();  // the page already knows this date: nothing to report
        state.reported = day;
        show(day);
      }
    });
    observer.observe(page.body, {subtree: true, attributes: true, attributeFilter: ["value", "aria-valuetext"]});
    window.addEventListener("pagehide", function () {
      observer.disconnect();
      kinds.forEach(function (kind) { page.removeEventListener(kind, touched, true); });
    });
  }
  followPageSlider();

  window.exileTime = {
    positionAt: positionAt,
    // Called by the page (through streamlit-folium's feature group) after every rerun, with its date.
    setDate: function (isoDay) {
      var day = Math.round(Date.parse(isoDay + "T00:00:00Z") / DAY);
      state.reported = day;
      if (!state.playing) show(day);
    },
    play: play, pause: pause,
    get day() { return iso(state.day); },
    get playing() { return state.playing; }
  };
  show({{ this.start }});
  state.reported = state.day;
  // Once streamlit-folium listens (after this script), say the map has drawn, so the page can load the rest.
  setTimeout(function () {
    reporter.setTooltipContent("{{ this.ready_text }}");
    reporter.fire("click", {latlng: reporter.getLatLng()});
    reporter.closeTooltip();
  }, 100);
})();
{% endmacro %}
