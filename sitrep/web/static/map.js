// The map page: Natural Earth country outlines (bundled) and circles for located events.
// Events with coordinates sit there; events known only by country sit at the country's centre.
// Popups are built from text nodes, never from HTML strings: event text is untrusted.
"use strict";
(function () {
  const events = JSON.parse(document.getElementById("map-data").textContent);
  const mapEl = document.getElementById("map");
  const map = L.map("map", { worldCopyJump: true }).setView([50, 30], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");

  // The centre of a country's biggest outline (its bounding box), so Russia is not put at 0°E.
  function centre(feature) {
    const g = feature.geometry;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    let ring = polygons[0][0];
    polygons.forEach((p) => { if (p[0].length > ring.length) ring = p[0]; });
    const lons = ring.map((c) => c[0]), lats = ring.map((c) => c[1]);
    return [(Math.min(...lats) + Math.max(...lats)) / 2, (Math.min(...lons) + Math.max(...lons)) / 2];
  }

  function popup(group) {
    const box = document.createElement("div");
    group.forEach((e) => {
      const item = document.createElement("p");
      const head = document.createElement("b");
      head.textContent = `${e.date_start || ""} ${e.type} (${e.modality})`;
      const who = document.createElement("div");
      who.textContent = `${e.actors.join(", ")} → ${e.recipients.join(", ")} · ${e.location || ""}` +
        (e.placed === "country" ? " (placed at the country's centre)" : "");
      const sentence = document.createElement("div");
      sentence.textContent = e.sentence;
      const link = document.createElement("a");
      link.href = "/documents/" + encodeURIComponent(e.source.document);
      link.textContent = e.source.title || e.source.document;
      item.append(head, who, sentence, link);
      box.append(item);
    });
    return box;
  }

  function draw(centres) {
    const groups = new Map();
    events.forEach((e) => {
      const at = e.placed === "exact" ? [e.latitude, e.longitude] : centres.get(e.country_numeric);
      if (!at) return;
      const key = at.join(",");
      if (!groups.has(key)) groups.set(key, { at: at, events: [] });
      groups.get(key).events.push(e);
    });
    const markers = [];
    groups.forEach((g) => {
      const exact = g.events.some((e) => e.placed === "exact");
      markers.push(L.circleMarker(g.at, {
        radius: 6 + 2 * Math.sqrt(g.events.length), color: "#222", weight: 1, fillColor: exact ? "#c33" : "#e08a3c",
        fillOpacity: 0.85, className: "event-marker" + (exact ? "" : " approximate"),
      }).bindPopup(popup(g.events.slice(0, 20))).addTo(map));
    });
    if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.6), { maxZoom: 6 });
    mapEl.dataset.events = String(events.filter((e) => e.placed === "exact" || centres.has(e.country_numeric)).length);
    mapEl.dataset.markers = String(markers.length);
  }

  fetch("/static/vendor/world-atlas-2.0.2/countries-110m.json")
    .then((r) => r.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      const centres = new Map(countries.features.map((f) => [String(f.id), centre(f)]));
      L.geoJSON(countries, { style: { color: "#889", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map);
      draw(centres);
      mapEl.dataset.basemap = "loaded";
    });
})();
