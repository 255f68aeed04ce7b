// Makes the synergy network drawn by tindus.synergies.network.to_svg interactive.
// Without JavaScript the drawing stays a plain image next to its data table, which carries the same facts.
// Hovering or focusing a company highlights it and its partners, dims the rest and shows its name above
// everything; a click (or Enter / Space) pins the selection and describes the company in #network-details;
// Escape or a click on the background unpins it. select#network-community shows one community only.
// Companies can be dragged with any pointer.
// Every text shown comes from the drawing itself or from data-* attributes of the page, set with textContent.
(function () {
  "use strict";
  var svg = document.querySelector("svg.network-graph:not(.network-empty)");
  if (!svg) { return; }
  var details = document.getElementById("network-details");
  var select = document.getElementById("network-community");
  var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
  var lines = Array.prototype.slice.call(svg.querySelectorAll("line.edge"));
  var byId = new Map();
  var links = new Map();  // id -> [{line, other}]
  var pinned = null;
  var drag = null;
  var swallowClick = false;
  var initialDetails = details ? Array.prototype.slice.call(details.childNodes) : [];
  if (details && !details.hasAttribute("aria-live")) { details.setAttribute("aria-live", "polite"); }

  nodes.forEach(function (node) {
    byId.set(node.dataset.id, node);
    links.set(node.dataset.id, []);
  });
  lines.forEach(function (line) {
    var source = line.dataset.source;
    var target = line.dataset.target;
    if (links.has(source)) { links.get(source).push({ line: line, other: target }); }
    if (links.has(target)) { links.get(target).push({ line: line, other: source }); }
  });

  function label(node) {
    var title = node.querySelector("title");
    return title ? title.textContent : node.dataset.id;
  }

  // The nodes are now controls: expose them as toggle buttons inside a labelled group, not as an image.
  svg.setAttribute("role", "group");
  nodes.forEach(function (node) {
    node.setAttribute("role", "button");
    node.setAttribute("aria-pressed", "false");
    node.setAttribute("aria-label", label(node) + " — " + (node.dataset.communityLabel || ""));
  });

  function nodeOf(target) {
    return target && target.closest ? target.closest("g.node") : null;
  }

  function highlight(id) {
    showName(id !== null && byId.has(id) ? id : null);
    if (id === null || !byId.has(id)) {
      svg.classList.remove("is-highlighting");
      nodes.forEach(function (node) { node.classList.remove("is-near", "is-focus"); });
      lines.forEach(function (line) { line.classList.remove("is-near"); });
      return;
    }
    var near = new Set([id]);
    links.get(id).forEach(function (link) { near.add(link.other); });
    svg.classList.add("is-highlighting");
    nodes.forEach(function (node) {
      node.classList.toggle("is-near", near.has(node.dataset.id));
      node.classList.toggle("is-focus", node.dataset.id === id);
    });
    lines.forEach(function (line) {
      line.classList.toggle("is-near", line.dataset.source === id || line.dataset.target === id);
    });
  }

  // The highlighted company's name, drawn last so that no other company covers it (a copy, not focusable).
  var overlay = document.createElementNS(svg.namespaceURI, "g");
  overlay.setAttribute("class", "network-overlay");
  overlay.setAttribute("aria-hidden", "true");
  svg.appendChild(overlay);
  function showName(id) {
    overlay.replaceChildren();
    var node = id === null ? null : byId.get(id);
    var text = node ? node.querySelector("text.node-label") : null;
    if (!text) { return; }
    var copy = text.cloneNode(true);
    copy.removeAttribute("visibility");
    copy.setAttribute("font-weight", "bold");
    var group = document.createElementNS(svg.namespaceURI, "g");
    group.setAttribute("transform", node.getAttribute("transform"));
    group.appendChild(copy);
    overlay.appendChild(group);
  }

  function restore() { highlight(pinned); }

  function describe(id) {
    if (!details) { return; }
    details.replaceChildren();
    if (id === null) {
      initialDetails.forEach(function (child) { details.appendChild(child); });
      return;
    }
    var node = byId.get(id);
    var name = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label(node);
    name.appendChild(strong);
    details.appendChild(name);
    var where = [node.dataset.communityLabel, node.dataset.sector, node.dataset.commune].filter(Boolean);
    if (where.length) {
      var about = document.createElement("p");
      about.textContent = where.join(" · ");
      details.appendChild(about);
    }
    var partners = links.get(id)
      .filter(function (link) { return !link.line.classList.contains("status-abandoned") && byId.has(link.other); })
      .map(function (link) { return byId.get(link.other); });
    partners.sort(function (a, b) {
      return (Number(b.dataset.degree) - Number(a.dataset.degree)) || label(a).localeCompare(label(b));
    });
    var heading = document.createElement("p");
    if (!partners.length) {
      heading.textContent = details.dataset.noneLabel || "Aucune synergie active.";
      details.appendChild(heading);
      return;
    }
    heading.textContent = (details.dataset.neighboursLabel || "Entreprises liées") + " (" + partners.length + ")";
    details.appendChild(heading);
    var list = document.createElement("ul");
    partners.forEach(function (partner) {
      var item = document.createElement("li");
      item.textContent = label(partner);
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function pin(id) {
    pinned = id;
    nodes.forEach(function (node) {
      var on = node.dataset.id === id;
      node.classList.toggle("is-pinned", on);
      node.setAttribute("aria-pressed", on ? "true" : "false");
    });
    restore();
    describe(id);
  }

  function toggle(node) { pin(pinned === node.dataset.id ? null : node.dataset.id); }

  svg.addEventListener("pointerover", function (event) {
    var node = nodeOf(event.target);
    if (node && !drag) { highlight(node.dataset.id); }
  });
  svg.addEventListener("pointerout", function (event) {
    var node = nodeOf(event.target);
    if (node && !drag && nodeOf(event.relatedTarget) !== node) { restore(); }
  });
  // Focus listeners go on the nodes: Chromium makes any SVG element with focus listeners focusable itself.
  nodes.forEach(function (node) {
    node.addEventListener("focus", function () { highlight(node.dataset.id); });
    node.addEventListener("blur", restore);
  });
  svg.addEventListener("click", function (event) {
    if (swallowClick) { swallowClick = false; return; }
    var node = nodeOf(event.target);
    if (node) { toggle(node); } else if (pinned !== null) { pin(null); }
  });
  svg.addEventListener("keydown", function (event) {
    var node = nodeOf(event.target);
    if (node && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggle(node);
    } else if (event.key === "Escape" && pinned !== null) {
      pin(null);
    }
  });

  // Community filter: one option per community, the companies without any active link together.
  if (select) {
    var present = new Set(Array.prototype.map.call(select.options, function (option) { return option.value; }));
    if (!present.has("")) {
      var all = document.createElement("option");
      all.value = "";
      all.textContent = select.dataset.allLabel || "Toutes les communautés";
      select.insertBefore(all, select.firstChild);
      select.value = "";
    }
    var groups = new Map();
    nodes.forEach(function (node) {
      var key = node.classList.contains("isolated") ? "isolated" : node.dataset.community;
      if (!groups.has(key)) { groups.set(key, { text: node.dataset.communityLabel || key, count: 0 }); }
      groups.get(key).count += 1;
    });
    Array.from(groups.keys())
      .sort(function (a, b) { return (a === "isolated") - (b === "isolated") || Number(a) - Number(b); })
      .forEach(function (key) {
        if (present.has(key)) { return; }
        var option = document.createElement("option");
        option.value = key;
        option.textContent = groups.get(key).text + " (" + groups.get(key).count + ")";
        select.appendChild(option);
      });
    select.addEventListener("change", function () {
      var wanted = select.value;
      var shown = new Set();
      nodes.forEach(function (node) {
        var key = node.classList.contains("isolated") ? "isolated" : node.dataset.community;
        var visible = wanted === "" || key === wanted;
        if (visible) { shown.add(node.dataset.id); node.removeAttribute("display"); }
        else { node.setAttribute("display", "none"); }
      });
      lines.forEach(function (line) {
        if (shown.has(line.dataset.source) && shown.has(line.dataset.target)) { line.removeAttribute("display"); }
        else { line.setAttribute("display", "none"); }
      });
      if (pinned !== null && !shown.has(pinned)) { pin(null); }
    });
  }

  // Dragging: moves the company and the ends of its lines; a drag is not a click.
  function svgPoint(event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) { return null; }
    var point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    var box = svg.viewBox.baseVal;
    return {
      x: Math.min(box.x + box.width, Math.max(box.x, point.x)),
      y: Math.min(box.y + box.height, Math.max(box.y, point.y))
    };
  }
  svg.addEventListener("pointerdown", function (event) {
    var node = nodeOf(event.target);
    swallowClick = false;
    if (!node || event.button !== 0) { return; }
    drag = { node: node, id: node.dataset.id, x: event.clientX, y: event.clientY, moved: false, pointer: event.pointerId };
    node.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) { return; }
    if (!drag.moved && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 4) { return; }
    drag.moved = true;
    drag.node.classList.add("is-dragging");
    var point = svgPoint(event);
    if (!point) { return; }
    var x = point.x.toFixed(1);
    var y = point.y.toFixed(1);
    drag.node.setAttribute("transform", "translate(" + x + " " + y + ")");
    drag.node.dataset.x = x;
    drag.node.dataset.y = y;
    showName(drag.id);
    links.get(drag.id).forEach(function (link) {
      var end = link.line.dataset.source === drag.id ? "1" : "2";
      link.line.setAttribute("x" + end, x);
      link.line.setAttribute("y" + end, y);
    });
  });
  function endDrag(event) {
    if (!drag || event.pointerId !== drag.pointer) { return; }
    drag.node.classList.remove("is-dragging");
    if (drag.node.hasPointerCapture(event.pointerId)) { drag.node.releasePointerCapture(event.pointerId); }
    swallowClick = drag.moved && event.type === "pointerup";
    drag = null;
    restore();
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
}());
