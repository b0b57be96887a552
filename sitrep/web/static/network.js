// The actor network: a force layout (d3-force, vendored) the analyst can drag and zoom; a click on a
// node lights up its edges and links to its events. Labels are text nodes: names are untrusted.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const svg = d3.select("#network");
  const width = 900, height = 640;
  const nodes = data.nodes.map((n) => ({ ...n }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // One line per pair (types summed), so the picture stays readable; the table below has each type.
  const pairs = new Map();
  data.edges.forEach((e) => {
    const k = e.source + "\u0000" + e.target;
    if (!pairs.has(k)) pairs.set(k, { source: e.source, target: e.target, count: 0, types: [] });
    const p = pairs.get(k);
    p.count += e.count;
    p.types.push(`${e.type} ×${e.count}`);
  });
  const links = [...pairs.values()];
  const radius = (n) => 5 + 2.5 * Math.sqrt(n.weight);
  const root = svg.append("g");
  svg.call(d3.zoom().scaleExtent([0.2, 6]).on("zoom", (ev) => root.attr("transform", ev.transform)));
  svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 0 10 10")
    .attr("refX", 10).attr("refY", 5).attr("markerWidth", 9).attr("markerHeight", 9)
    .attr("markerUnits", "userSpaceOnUse") // the same small head on thin and thick edges
    .attr("orient", "auto-start-reverse").append("path").attr("class", "arrow-head").attr("d", "M0,0 L10,5 L0,10 z");
  const link = root.append("g").attr("class", "links").selectAll("line").data(links).join("line")
    .attr("class", "edge").attr("stroke-width", (d) => Math.min(8, 1 + Math.log2(d.count)))
    .attr("marker-end", "url(#arrow)");
  link.append("title").text((d) => `${byId.get(d.source).name} → ${byId.get(d.target).name}: ${d.types.join(", ")}`);
  const node = root.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g").attr("class", "node");
  node.append("circle").attr("r", radius).attr("class", (d) => "type-" + d.type);
  node.append("text").attr("dy", (d) => -radius(d) - 3).text((d) => d.name);
  node.append("title").text((d) => `${d.name} (${d.type}): ${d.weight} events`);

  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(90).strength(0.3))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide().radius((d) => radius(d) + 14));
  function shorten(d) { // the arrow stops at the target's edge
    const dx = d.target.x - d.source.x, dy = d.target.y - d.source.y, len = Math.hypot(dx, dy) || 1;
    const r = radius(d.target) + 2;
    return [d.target.x - dx / len * r, d.target.y - dy / len * r];
  }
  sim.on("tick", () => {
    link.attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
      .attr("x2", (d) => shorten(d)[0]).attr("y2", (d) => shorten(d)[1]);
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  });
  sim.on("end", () => { svg.attr("data-settled", "true"); });
  node.call(d3.drag()
    .on("start", (ev, d) => { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (ev, d) => { d.fx = ev.x; d.fy = ev.y; })
    .on("end", (ev, d) => { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));

  const panel = document.getElementById("network-panel");
  node.on("click", (ev, d) => {
    ev.stopPropagation();
    const near = new Set([d.id]);
    links.forEach((l) => { if (l.source.id === d.id) near.add(l.target.id); if (l.target.id === d.id) near.add(l.source.id); });
    node.classed("dim", (n) => !near.has(n.id)).classed("selected", (n) => n.id === d.id);
    link.classed("dim", (l) => l.source.id !== d.id && l.target.id !== d.id);
    panel.replaceChildren();
    const head = document.createElement("h3");
    head.textContent = d.name;
    const events = document.createElement("a");
    events.href = "/events?actor=" + encodeURIComponent(d.id);
    events.id = "node-events";
    events.textContent = `Its events (${d.weight} in this network)`;
    const centre = document.createElement("a");
    centre.href = "/network?actor=" + encodeURIComponent(d.id) + "&top=" + data.top + "&min_count=1";
    centre.textContent = "Its own network";
    const list = document.createElement("ul");
    data.edges.filter((e) => e.source === d.id || e.target === d.id).slice(0, 30).forEach((e) => {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/events?actor=" + encodeURIComponent(e.source) + "&recipient=" + encodeURIComponent(e.target) + "&type=" + e.type;
      a.textContent = `${byId.get(e.source).name} → ${byId.get(e.target).name}: ${e.type} ×${e.count}`;
      item.append(a);
      list.append(item);
    });
    panel.append(head, events, document.createElement("br"), centre, list);
  });
  svg.on("click", () => { node.classed("dim", false).classed("selected", false); link.classed("dim", false); });
  svg.attr("data-nodes", nodes.length).attr("data-edges", links.length);
})();
