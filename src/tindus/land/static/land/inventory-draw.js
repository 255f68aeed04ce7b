// Drawing the outline of a zone or land unit on the SVG map drawn by tindus.land.views.inventory_map.
// Each click places a corner; the outline is written, as a GeoJSON polygon in longitude and latitude, into the
// text field named by the figure's data-target (which also accepts pasted GeoJSON or WKT: without JavaScript
// the form works the same). The figure's data-* attributes give the map's projection (tindus.geo.svg's
// equirectangular one), inverted here. With data-zoom="commune", a first click zooms in on the commune
// clicked, so that a zone can be drawn at the scale of its plots; « Whole territory » zooms out.
(function () {
  "use strict";
  var figure = document.querySelector("figure.land-draw");
  if (!figure) { return; }
  var svg = figure.querySelector("svg.map");
  var field = document.getElementById(figure.dataset.target);
  if (!svg || !field) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var p = {
    minLon: parseFloat(figure.dataset.minLon), maxLat: parseFloat(figure.dataset.maxLat),
    scale: parseFloat(figure.dataset.scale), cosLat: parseFloat(figure.dataset.cosLat),
    margin: parseFloat(figure.dataset.margin)
  };
  var fullBox = svg.getAttribute("viewBox");
  var zoomable = figure.dataset.zoom === "commune";
  var zoomed = !zoomable;
  var points = [];  // [lon, lat] corners, the ring not closed
  var layer = document.createElementNS(NS, "g");
  layer.setAttribute("class", "map-land-drawn");
  var shape = document.createElementNS(NS, "polygon");
  layer.appendChild(shape);
  svg.appendChild(layer);
  var status = document.createElement("p");
  status.className = "draw-status";
  status.setAttribute("aria-live", "polite");
  figure.querySelector("figcaption").appendChild(status);

  function toLonLat(x, y) {
    return [p.minLon + (x - p.margin) / (p.cosLat * p.scale), p.maxLat - (y - p.margin) / p.scale];
  }
  function toXY(point) {
    return [p.margin + (point[0] - p.minLon) * p.cosLat * p.scale, p.margin + (p.maxLat - point[1]) * p.scale];
  }
  function round(value) { return Math.round(value * 1e6) / 1e6; }
  function boxWidth() { return parseFloat(svg.getAttribute("viewBox").split(/[\s,]+/)[2]); }

  function redraw() {
    shape.setAttribute("points", points.map(function (point) { return toXY(point).join(","); }).join(" "));
    Array.prototype.slice.call(layer.querySelectorAll("circle")).forEach(function (c) { layer.removeChild(c); });
    var radius = boxWidth() / 160;
    points.forEach(function (point) {
      var xy = toXY(point);
      var circle = document.createElementNS(NS, "circle");
      circle.setAttribute("cx", xy[0]);
      circle.setAttribute("cy", xy[1]);
      circle.setAttribute("r", radius);
      layer.appendChild(circle);
    });
    status.textContent = (figure.dataset.corners || "%(n)s").replace("%(n)s", String(points.length));
  }

  function write() {
    if (points.length < 3) {
      field.value = "";
    } else {
      var ring = points.map(function (point) { return [round(point[0]), round(point[1])]; });
      ring.push(ring[0]);
      field.value = JSON.stringify({type: "Polygon", coordinates: [ring]});
    }
    field.dispatchEvent(new Event("change"));
  }

  function readField() {
    try {
      var data = JSON.parse(field.value);
      if (data && data.type === "Feature") { data = data.geometry; }
      if (data && data.type === "MultiPolygon" && data.coordinates.length === 1) {
        data = {type: "Polygon", coordinates: data.coordinates[0]};
      }
      if (!data || data.type !== "Polygon") { return; }
      var ring = data.coordinates[0].slice(0, -1);
      var degrees = ring.every(function (c) { return Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90; });
      if (degrees) { points = ring.map(function (c) { return [c[0], c[1]]; }); }
    } catch (error) {
      // Not GeoJSON (WKT, or being typed): the server reads it.
    }
  }

  function zoomOn(target, x, y) {
    var box;
    if (target && target.closest("g.map-communes")) {
      var b = target.getBBox();
      var pad = Math.max(b.width, b.height) * 0.1;
      box = [b.x - pad, b.y - pad, b.width + 2 * pad, b.height + 2 * pad];
    } else {
      var w = boxWidth() / 8;
      box = [x - w / 2, y - w / 2, w, w];
    }
    svg.setAttribute("viewBox", box.join(" "));
    zoomed = true;
  }

  svg.addEventListener("click", function (event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) { return; }
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var at = point.matrixTransform(matrix.inverse());
    if (!zoomed) {
      zoomOn(event.target.closest("path"), at.x, at.y);
    } else {
      points.push(toLonLat(at.x, at.y));
      write();
    }
    redraw();
  });

  figure.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-draw]");
    if (!button) { return; }
    var action = button.dataset.draw;
    if (action === "undo") { points.pop(); write(); }
    if (action === "clear") { points = []; write(); }
    if (action === "whole") { svg.setAttribute("viewBox", fullBox); zoomed = !zoomable; }
    redraw();
  });

  field.addEventListener("input", function () { points = []; readField(); redraw(); });

  Array.prototype.slice.call(figure.querySelectorAll("[hidden]")).forEach(function (el) { el.hidden = false; });
  readField();
  redraw();
}());
