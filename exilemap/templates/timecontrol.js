{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var visits = {{ this.visits_json }};
  var first = {{ this.first }}, last = {{ this.last }};
  var DAY = 86400000;
  // Every word this clock shows or says, in the session's language (exilemap.timecontrol.words): none is written here.
  var words = {{ this.words_json }};
  document.documentElement.lang = words.lang;  // the map's own document reads in the page's language (WCAG 3.1.1)

  function merc(lat, lon) {
    lat = Math.max(Math.min(lat, 85), -85) * Math.PI / 180;
    return [lon * Math.PI / 180, Math.log(Math.tan(Math.PI / 4 + lat / 2))];
  }
  function unmerc(x, y) {
    return [(2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180 / Math.PI, x * 180 / Math.PI];
  }
  // Each leg's path (from the visit before, through its waypoints, to its visit), in Mercator with running lengths.
  var legs = visits.slice(1).map(function (w, k) {
    var v = visits[k], pts = [[v.lat, v.lon]].concat(w.path || [], [[w.lat, w.lon]]);
    var xy = pts.map(function (p) { return merc(p[0], p[1]); }), run = [0];
    for (var j = 1; j < xy.length; j++) run.push(run[j - 1] + Math.hypot(xy[j][0] - xy[j - 1][0], xy[j][1] - xy[j - 1][1]));
    return {pts: pts, xy: xy, run: run};
  });
  // The whole route as one line through every waypoint, and where each visit stands in it: the travelled line is a slice.
  var line = [[visits[0].lat, visits[0].lon]], upto = [0];
  legs.forEach(function (leg) { for (var j = 1; j < leg.pts.length; j++) line.push(leg.pts[j]); upto.push(line.length - 1); });
  // The point `f` of the way along a leg, by distance, and how many of its points lie behind it.
  function along(leg, f) {
    var total = leg.run[leg.run.length - 1], target = Math.max(0, Math.min(1, f)) * total;
    for (var j = 1; j < leg.xy.length; j++) {
      if (target <= leg.run[j] && leg.run[j] > leg.run[j - 1]) {
        var t = (target - leg.run[j - 1]) / (leg.run[j] - leg.run[j - 1]), a = leg.xy[j - 1], b = leg.xy[j];
        return {p: unmerc(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), passed: j};
      }
    }
    return {p: leg.pts[leg.pts.length - 1], passed: leg.pts.length - 1};
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
    var w = visits[i + 1], f = (day - v.end) / (w.start - v.end), on = along(legs[i], f);
    return {status: "transit", lat: on.p[0], lon: on.p[1], index: i, fraction: f, passed: on.passed};
  }
  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  // A date as the language writes it (Babel's forms, one per month, with {d} and {y}), not the browser's Intl.
  function label(day, kind) {
    var d = new Date(day * DAY), form = words.dates[kind === "long" ? "long" : "short"][d.getUTCMonth()];
    return form.replace("{d}", d.getUTCDate()).replace("{y}", d.getUTCFullYear());
  }
  // A catalogue sentence with its %(name)s filled in, as Python's % does.
  function fill(sentence, facts) {
    return sentence.replace(/%\((\w+)\)s|%%/g, function (all, key) { return key ? String(facts[key]) : "%"; });
  }
  // The same sentence as exilemap.timecontrol.describe: the map's text alternative.
  function describe(day) {
    var p = positionAt(day), when = label(day, "long"), v = visits[p.index], said = words.sentences;
    if (p.status === "before" || p.status === "after") return fill(said[p.status], {when: when, place: v.name, country: v.country});
    if (p.status === "transit") {
      var w = visits[p.index + 1];
      return fill(said[w.how ? "transit_how" : "transit"], {when: when, how: w.how, a: v.name, a_country: v.country,
        b: w.name, b_country: w.country, share: Math.round(p.fraction * 100)});
    }
    return fill(said.at, {when: when, place: v.name, country: v.country});
  }
  var reducedMotion = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  // The travelled line in two parts: the legs behind him, redrawn only when he reaches a stop, and the leg under way
  // (a few points), redrawn at each move. (Redrawing the whole line at each key was the largest part of a move's
  // cost on a slow laptop.) Both lie in a pane of their own that has the line's opacity and draw opaque in it, so
  // where the two parts meet the line looks as one. The marker has a pane above it; neither pane takes the pointer
  // (the stops below stay clickable), the marker itself does.
  function pane(name) {
    var element = map.createPane(name);
    element.style.zIndex = 400;  // the overlays' level, after them: above the stops and routes, below popups
    element.style.pointerEvents = "none";
    return element;
  }
  var travelledStyle = {{ this.travelled_style }};
  pane("exileTrail").style.opacity = travelledStyle.opacity === undefined ? 1 : travelledStyle.opacity;
  var trailStyle = L.extend({}, travelledStyle, {opacity: 1, pane: "exileTrail", renderer: L.svg({pane: "exileTrail"})});
  function trail(part) {
    return L.polyline([], L.extend({}, trailStyle, {className: trailStyle.className + " travelled-" + part})).addTo(map);
  }
  var behind = trail("behind"), under = trail("under");
  var drawn = {behind: null, under: true};  // what each part shows: the last stop reached; whether a leg is under way
  pane("exileNow");
  var marker = L.circleMarker([visits[0].lat, visits[0].lon],
    L.extend({{ this.now_style }}, {pane: "exileNow", renderer: L.svg({pane: "exileNow"})})).addTo(map);
  var tip = document.createElement("span");
  marker.bindTooltip(tip);
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
    ui.icon = L.DomUtil.create("span", "", ui.button);
    ui.icon.setAttribute("aria-hidden", "true");
    ui.word = L.DomUtil.create("span", "", ui.button);
    ui.button.style.cssText = "border:1px solid #999;border-radius:4px;background:#fff;padding:4px 10px;cursor:pointer;min-width:74px;";
    ui.range = L.DomUtil.create("input", "playback-range", box);
    ui.range.type = "range"; ui.range.min = first; ui.range.max = last; ui.range.step = 1;
    ui.range.style.cssText = "width:{{ this.width }}px;min-width:60px;flex:1 1 auto;accent-color:#b22222;";
    ui.range.setAttribute("aria-label", words.range);
    ui.label = L.DomUtil.create("span", "playback-date", box);
    ui.label.style.cssText = "min-width:96px;font-variant-numeric:tabular-nums;";
    ui.label.setAttribute("aria-hidden", "true");  // the scrubber's aria-valuetext says it
    // Where he is, in words: the map's text alternative (always current), and a polite live region that
    // announces moves (at most once a second while playing, once more when playback stops).
    var hidden = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;";
    // The sentence is hidden outright: aria-describedby still reads it, and a hidden element costs no layout or
    // text shaping each time the date changes (the live region, which must be rendered to be announced, stays clipped).
    ui.where = L.DomUtil.create("p", "exile-where", box);
    ui.where.id = "exile-where";
    ui.where.hidden = true;
    ui.live = L.DomUtil.create("div", "exile-live", box);
    ui.live.setAttribute("role", "status");
    ui.live.setAttribute("aria-live", "polite");
    ui.live.style.cssText = hidden;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);

  var state = {day: first, playing: false, reported: null, raf: null, timer: null, lastTime: null, carry: 0};
  var live = {ready: false, last: -Infinity, timer: null};
  var listeners = [];  // onDay: told the sentence and the visit at each date shown (the standalone map's panel)

  // The page's timeline draws its date rule from a hidden input of the page's own (a Vega-Lite
  // parameter bound to it, which Vega reads on each "input" event), so the rule follows this clock
  // in the browser too, and a slider move need not send the chart again. Made here, outside
  // Streamlit's tree, so it outlives reruns; absent when there is no page (a standalone map).
  var pageDay = (function () {
    var page;
    try { page = window.parent !== window && window.parent.document; } catch (e) { return null; }
    if (!page || !page.body) return null;
    var id = {{ this.page_day|tojson }}, input = page.getElementById(id);
    if (!input) {
      input = page.createElement("input");
      input.type = "hidden";
      input.id = id;
      page.body.appendChild(input);
    }
    return input;
  })();
  function tellPage(day) {
    var value = String(day * DAY);
    if (!pageDay || pageDay.value === value) return;
    pageDay.value = value;
    pageDay.dispatchEvent(new Event("input"));
  }
  // The timeline redraws its chart for the rule, in the same task as its input event: told after the frame that
  // shows the marker (a slider move paints at once), and while playing at most every {{ this.page_every_ms }} ms.
  var told = {pending: false, at: -Infinity};
  function tellPageSoon() {
    if (!pageDay || told.pending) return;
    told.pending = true;
    requestAnimationFrame(function () {
      var wait = state.playing ? Math.max(0, {{ this.page_every_ms }} - (performance.now() - told.at)) : 0;
      setTimeout(function () { told.pending = false; told.at = performance.now(); tellPage(state.day); }, wait);
    });
  }

  function say() {
    clearTimeout(live.timer);
    live.timer = null;
    live.last = performance.now();
    var text = describe(state.day);
    setText(ui.live, text);
  }
  function announce() {
    if (!live.ready) return;  // not while the clock is being built
    if (state.playing) {
      if (performance.now() - live.last >= {{ this.live_every_ms }}) say();
      return;
    }
    clearTimeout(live.timer);  // a slider held down or a key repeating: say only where it comes to rest
    live.timer = setTimeout(say, {{ this.live_rest_ms }});
  }

  // Writes the text only if it changed (the same text written again still replaces the node, and the browser lays it
  // out and shapes it again, on every key and every playback step); says whether it did.
  function setText(element, text) {
    if (element.textContent === text) return false;
    element.textContent = text;
    return true;
  }
  function show(day) {
    day = Math.max(first, Math.min(last, Math.round(day)));
    state.day = day;
    var p = positionAt(day);
    marker.setLatLng([p.lat, p.lon]);
    var shortDate = label(day);
    if (setText(tip, fill(p.status === "transit" ? words.on_the_way : words.where, {date: shortDate}))) {
      marker.setTooltipContent(tip);  // an element, not HTML: a catalogue's words are shown, never run
    }
    var reached = p.status === "before" ? -1 : upto[p.index];  // where in the line the last stop reached stands
    if (drawn.behind !== reached) { behind.setLatLngs(line.slice(0, reached + 1)); drawn.behind = reached; }
    if (p.status === "transit") under.setLatLngs(legs[p.index].pts.slice(0, p.passed).concat([[p.lat, p.lon]]));
    else if (drawn.under) under.setLatLngs([]);
    drawn.under = p.status === "transit";
    ui.range.value = day;
    ui.range.setAttribute("aria-valuetext", label(day, "long"));
    setText(ui.label, shortDate);
    setText(ui.icon, state.playing ? "❚❚ " : "▶ ");
    setText(ui.word, state.playing ? words.pause : words.play);
    var sentence = describe(day);
    setText(ui.where, sentence);
    for (var k = 0; k < listeners.length; k++) listeners[k](sentence, visits[p.index]);
    tellPageSoon();
    announce();
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
  // Reduced motion: no gliding marker; playback moves from one stop to the next and waits there.
  function nextStop(day) {
    for (var k = 0; k < visits.length; k++) { if (visits[k].start > day) return visits[k].start; }
    return last;
  }
  function hop() {
    if (!state.playing) return;
    show(nextStop(state.day));
    if (state.day >= last) { pause(); return; }
    state.timer = setTimeout(hop, {{ this.stop_ms }});
  }
  function play() {
    if (state.day >= last) show(first);
    state.playing = true; state.lastTime = null; state.carry = 0;
    show(state.day);
    if (reducedMotion) state.timer = setTimeout(hop, {{ this.stop_ms }});
    else state.raf = requestAnimationFrame(frame);
  }
  function stop() {
    state.playing = false;
    if (state.raf) cancelAnimationFrame(state.raf);
    clearTimeout(state.timer);
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
    // An arrow key on the slider moves the marker here, before Streamlit's own handling of the key (its render
    // takes a frame or more on a slow laptop): the key is read as the slider reads it, one step either way within
    // its bounds. Anything else (Home, End, Page keys, a pointer, a right-to-left page) waits for the value Streamlit
    // writes, as does a key Streamlit did not take: a moment later the input's own value is where the marker goes.
    var steps = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1}, settle = null;
    function keyAhead(event) {
      var input = event.target;
      if (event.type !== "keydown" || !steps[event.key] || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (!input.matches || !input.matches(slider + " input[type=range]") || input.disabled || page.dir === "rtl") return;
      var value = Number(input.value), step = Number(input.step), low = Number(input.min), high = Number(input.max);
      if (!(step > 0) || ![value, low, high].every(isFinite)) return;
      var day = Math.round(Math.max(low, Math.min(high, value + steps[event.key] * step)) / 86400e6);
      if (day !== state.day) { stop(); state.reported = day; show(day); }
      clearTimeout(settle);
      settle = setTimeout(function () {
        var now = Math.round(Number(input.value) / 86400e6);
        if (input.isConnected && isFinite(now) && now !== state.day && !state.playing) { state.reported = now; show(now); }
      }, 400);
    }
    var kinds = ["keydown", "pointerdown", "pointermove", "pointerup", "pointercancel"];
    kinds.forEach(function (kind) { page.addEventListener(kind, touched, true); });
    // On the page's window, in the capture phase, so it runs before every listener on the page's document
    // (styled-components' and React's among them): the marker moves first.
    var pageWindow = page.defaultView;
    pageWindow.addEventListener("keydown", keyAhead, true);
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
      pageWindow.removeEventListener("keydown", keyAhead, true);
      clearTimeout(settle);
    });
  }
  followPageSlider();

  window.exileTime = {
    positionAt: positionAt,
    describe: function (isoDay) { return describe(Math.round(Date.parse(isoDay + "T00:00:00Z") / DAY)); },
    // Called by the page (through streamlit-folium's feature group) after every rerun, with its date.
    setDate: function (isoDay) {
      var day = Math.round(Date.parse(isoDay + "T00:00:00Z") / DAY);
      state.reported = day;
      if (!state.playing) show(day);
    },
    play: play, pause: pause,
    onDay: function (fn) { listeners.push(fn); fn(describe(state.day), visits[positionAt(state.day).index]); },
    get day() { return iso(state.day); },
    get playing() { return state.playing; }
  };
  show({{ this.start }});
  state.reported = state.day;
  live.ready = true;
  // Once streamlit-folium listens (after this script), say the map has drawn, so the page can load the rest.
  setTimeout(function () {
    reporter.setTooltipContent("{{ this.ready_text }}");
    reporter.fire("click", {latlng: reporter.getLatLng()});
    reporter.closeTooltip();
  }, 100);
})();
{% endmacro %}
