// The map page: Natural Earth country outlines (bundled) and one marker per place, clustered at low
// zoom (Leaflet.markercluster; a cluster shows how many events it holds). Country-level events sit at
// the capital. Popups are built from text nodes, never from HTML strings: event text is untrusted.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const mapEl = document.getElementById("map");
  const map = L.map("map", { worldCopyJump: true, maxZoom: 12, minZoom: 2 }).setView([50, 30], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const SHOWN = 100; // events listed in one popup; the rest are counted

  function popup(place) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const head = document.createElement("b");
    head.textContent = `${place.name}: ${place.count} event${place.count === 1 ? "" : "s"}` +
      (place.placed === "capital" ? " (country-level, drawn at the capital)" : "");
    box.append(head);
    const list = document.createElement("ul");
    place.events.slice(0, SHOWN).forEach(([key, doc, type, day, modality]) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/documents/" + encodeURIComponent(doc) + "#" + encodeURIComponent(key);
      link.textContent = `${day || "undated"} ${type}` + (modality === "asserted" ? "" : ` (${modality})`);
      item.append(link);
      list.append(item);
    });
    box.append(list);
    if (place.count > SHOWN) {
      const more = document.createElement("p");
      more.textContent = `and ${place.count - SHOWN} more`;
      box.append(more);
    }
    return box;
  }

  function icon(count, exact) {
    const size = Math.round(18 + 6 * Math.log2(1 + count));
    return L.divIcon({
      className: "place-marker " + (exact ? "exact" : "capital"),
      html: "<span>" + String(count) + "</span>",
      iconSize: [size, size],
    });
  }

  const clusters = L.markerClusterGroup({
    maxClusterRadius: 45,
    iconCreateFunction: (cluster) => {
      const count = cluster.getAllChildMarkers().reduce((n, m) => n + m.options.events, 0);
      return icon(count, true);
    },
  });
  let events = 0;
  data.places.forEach((place) => {
    const marker = L.marker([place.lat, place.lon], {
      icon: icon(place.count, place.placed === "exact"), events: place.count, title: place.name,
    });
    marker.bindPopup(() => popup(place), { maxHeight: 320 });
    clusters.addLayer(marker);
    events += place.count;
  });
  mapEl.dataset.events = String(events);
  mapEl.dataset.places = String(data.places.length);

  fetch("/static/vendor/world-atlas-2.0.2/countries-110m.json")
    .then((r) => r.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      // A ring that crosses the antimeridian (Chukotka, Fiji) would be drawn across the whole map:
      // its western longitudes move east of 180° instead.
      countries.features.forEach((f) => {
        const g = f.geometry;
        if (!g) return;
        (g.type === "Polygon" ? [g.coordinates] : g.coordinates).forEach((poly) => poly.forEach((ring) => {
          const lons = ring.map((c) => c[0]);
          if (Math.max(...lons) - Math.min(...lons) > 180) ring.forEach((c) => { if (c[0] < 0) c[0] += 360; });
        }));
      });
      L.geoJSON(countries, { style: { color: "#889", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map);
      map.addLayer(clusters);
      if (data.places.length) map.fitBounds(clusters.getBounds().pad(0.3), { maxZoom: 6 });
      mapEl.dataset.basemap = "loaded";
    });
})();
