/* The audit page's behaviour, with no library and no request.
   Builds the theses, findings, claims and source text from the page's JSON with
   textContent and attributes only (nothing from a claim file is ever parsed as
   HTML), moves the map through its viewBox (wheel, drag, pinch, keys, buttons),
   and goes between a claim, its passage in the source and its findings. */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var claims = new Map(data.claims.map(function (c) { return [c.id, c]; }));
  var refs = new Map();        // claim id -> the buttons in the lists that name it
  var quoteMarks = [];         // quote number -> the marks of its passage in the source
  var current = null;          // the claim selected

  /* An element from a tag, attributes and children; strings become text nodes. */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function badge(claim) { return h("span", { class: "badge " + claim.status, text: claim.badge }); }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* A button that selects a claim, remembered so that the lists can show which is selected. */
  function claimButton(id, cls) {
    var children = Array.prototype.slice.call(arguments, 2);
    var button = h.apply(null, ["button", { type: "button", class: cls, "data-claim": id }].concat(children));
    button.addEventListener("click", function () { select(id, "list"); });
    if (!refs.has(id)) refs.set(id, []);
    refs.get(id).push(button);
    return button;
  }

  // ---------------------------------------------------------------- header

  (function header() {
    var source = data.source, meta = document.getElementById("source-meta");
    var parts = [];
    if (source.title) parts.push(h("cite", { class: "t", text: source.title }));
    if (source.date) parts.push(h("span", { class: "t", text: source.date }));
    if (source.url) {
      var web = source.link && /^https?:\/\//i.test(source.url);
      parts.push(web ? h("a", { href: source.url, rel: "noopener noreferrer nofollow", class: "t", text: source.url })
                     : h("span", { class: "t", text: source.url }));
    }
    if (parts.length) {
      meta.append("Source: ");
      parts.forEach(function (part, i) { if (i) meta.append(", "); meta.append(part); });
    } else {
      meta.append("No source named.");
    }
    var theses = data.theses.map(function (id) { return claims.get(id); });
    var accepted = theses.filter(function (c) { return c.status === "accepted"; }).length;
    var found = data.quotes.filter(function (q) { return q.state === "found"; }).length;
    document.getElementById("counts").textContent = [
      plural(data.claims.length, "claim"),
      plural(theses.length, "thesis").replace("thesiss", "theses") + " (" + accepted + " accepted)",
      plural(data.quotes.length, "quote") + " (" + found + " found in the source)",
      plural(data.findings.length, "finding"),
    ].join(" · ") + (data.focus ? " · map around '" + data.focus + "'" : "");
    document.getElementById("file-name").textContent = data.file;
    var top = document.querySelector(".top");
    var place = function () { document.documentElement.style.setProperty("--top", top.offsetHeight + "px"); };
    place();
    if (window.ResizeObserver) new ResizeObserver(place).observe(top);
  })();

  // ---------------------------------------------------------------- theses

  (function theses() {
    var list = document.getElementById("thesis-list");
    if (!data.theses.length) list.append(h("li", { class: "muted", text: "The file has no theses." }));
    data.theses.forEach(function (id) {
      var claim = claims.get(id);
      list.append(h("li", { class: "thesis" }, claimButton(id, "ref",
        h("span", { class: "head" }, badge(claim), h("span", { class: "cid t", text: id })),
        h("span", { class: "t", text: claim.text }),
        h("span", { class: "why t", text: "Why: " + claim.why }))));
    });
  })();

  // ---------------------------------------------------------------- all claims

  (function allClaims() {
    var list = document.getElementById("claim-list");
    data.claims.forEach(function (claim) {
      list.append(h("li", {}, claimButton(claim.id, "ref",
        h("span", { class: "head" }, badge(claim), h("span", { class: "cid t", text: claim.id })),
        h("span", { class: "t", text: claim.text }))));
    });
  })();

  // ---------------------------------------------------------------- source

  var sourceBox = document.getElementById("source-text");
  (function source() {
    var pieces = data.source.pieces;
    if (!pieces) {
      var why = data.source.error ? "The source " + (data.source.path ? "'" + data.source.path + "' " : "") +
        data.source.error + "." : "The claim file gives no source text.";
      sourceBox.append(h("p", { class: "source-missing muted", text: why + " Quotes cannot be shown in place." }));
      return;
    }
    var parts = document.createDocumentFragment();
    pieces.forEach(function (piece) {
      var text = piece[0], quotes = piece[1];
      if (!quotes.length) { parts.append(text); return; }
      var ids = Array.from(new Set(quotes.map(function (q) { return data.quotes[q].claim; })));
      var mark = h("mark", { tabindex: "0", role: "button", "data-q": quotes.join(" "),
                             title: "Quoted by " + ids.join(", ") }, text);
      quotes.forEach(function (q) { (quoteMarks[q] = quoteMarks[q] || []).push(mark); });
      parts.append(mark);
    });
    sourceBox.append(parts);

    function open(mark) {
      var ids = Array.from(new Set(mark.getAttribute("data-q").split(" ").map(function (q) {
        return data.quotes[Number(q)].claim;
      })));
      var at = ids.indexOf(current);  // a passage several claims quote: each click shows the next
      select(ids[(at + 1) % ids.length], "source");
    }
    sourceBox.addEventListener("click", function (event) {
      var mark = event.target.closest("mark[data-q]");
      if (mark) open(mark);
    });
    sourceBox.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark[data-q]");
      if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); open(mark); }
    });
  })();

  function firstMark(claim) {
    var first = null;
    claim.quotes.forEach(function (q) {
      (quoteMarks[q] || []).forEach(function (mark) {
        if (!first || (first.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_PRECEDING)) first = mark;
      });
    });
    return first;
  }

  /* Scroll the source pane, and only it, so that *mark* stands a third of the way down. */
  function scrollSourceTo(mark) {
    var offset = mark.getBoundingClientRect().top - sourceBox.getBoundingClientRect().top;
    sourceBox.scrollTop += offset - sourceBox.clientHeight / 3;
  }

  // ---------------------------------------------------------------- the map

  // The view is a centre (in map units) and a scale (screen pixels a map unit); the
  // viewBox is worked out from them and the size of the view, so it always has the
  // view's shape and says exactly what is visible.
  var svg = document.getElementById("map-svg");
  var view = document.getElementById("map-view");
  var nodes = new Map();  // claim id -> its box on the map
  var boxes = new Map();  // claim id -> its bounding box, measured before any halo was added
  var whole = null;       // the map's own viewBox
  var drawing = null;     // the transform from the claims' own units to the map's
  var at = null;          // { x, y, scale }: what the view shows

  function viewSize() {
    return { w: view.clientWidth || 1, h: view.clientHeight || 1 };
  }

  function fitScale() {
    var size = viewSize();
    return Math.min(size.w / whole.w, size.h / whole.h);
  }

  /* Show *next*, within bounds: from a quarter of the fitted size to 8 pixels a unit,
     and never past the map's edges where the map is larger than the view. */
  function show(next) {
    var size = viewSize(), fitted = fitScale();
    var scale = Math.min(Math.max(next.scale, fitted / 4), Math.max(8, fitted));
    var w = size.w / scale, h = size.h / scale;
    var x = w < whole.w ? Math.min(Math.max(next.x, whole.x + w / 2), whole.x + whole.w - w / 2) : whole.x + whole.w / 2;
    var y = h < whole.h ? Math.min(Math.max(next.y, whole.y + h / 2), whole.y + whole.h - h / 2) : whole.y + whole.h / 2;
    at = { x: x, y: y, scale: scale };
    svg.setAttribute("viewBox", [x - w / 2, y - h / 2, w, h].map(function (v) { return +v.toFixed(2); }).join(" "));
  }

  function showAll() {
    show({ x: whole.x + whole.w / 2, y: whole.y + whole.h / 2, scale: fitScale() });
  }

  /* The map point under a point of the screen. */
  function toMap(clientX, clientY) {
    var rect = view.getBoundingClientRect();
    return { x: at.x + (clientX - rect.left - rect.width / 2) / at.scale,
             y: at.y + (clientY - rect.top - rect.height / 2) / at.scale };
  }

  /* Zoom by *factor* (above 1 zooms in) keeping the map point (x, y) where it is on the screen. */
  function zoomAt(factor, x, y) {
    var scale = at.scale * factor;
    show({ x: x - (x - at.x) * at.scale / scale, y: y - (y - at.y) * at.scale / scale, scale: scale });
  }

  function zoom(factor) { zoomAt(factor, at.x, at.y); }

  function pan(dx, dy) { show({ x: at.x + dx, y: at.y + dy, scale: at.scale }); }

  /* A claim's box in its own units, measured once (before any ring is drawn around it):
     a claim never moves on the map, and measuring after the view changed would make the
     browser lay the whole map out again first. */
  function ownBox(id) {
    if (!boxes.has(id)) boxes.set(id, nodes.get(id).getBBox());
    return boxes.get(id);
  }

  /* A claim's box in map units: its own box through the drawing's transform. */
  function extent(id) {
    var bb = ownBox(id), m = drawing;
    return { x: m.a * bb.x + m.e, y: m.d * bb.y + m.f, w: m.a * bb.width, h: m.d * bb.height };
  }

  function inView(id) {
    var e = extent(id), size = viewSize(), w = size.w / at.scale, h = size.h / at.scale;
    return e.x >= at.x - w / 2 && e.x + e.w <= at.x + w / 2 && e.y >= at.y - h / 2 && e.y + e.h <= at.y + h / 2;
  }

  /* Centre the map on a claim; with *readable*, zoom in to *scale* pixels a map unit
     (default 1: the map's own size), or less if the claim would not fit in the view. */
  function centreOn(id, readable, scale) {
    var e = extent(id), size = viewSize(), want = at.scale;
    if (readable) want = Math.min(Math.max(at.scale, scale || 1), size.w * 0.9 / e.w, size.h * 0.8 / e.h);
    show({ x: e.x + e.w / 2, y: e.y + e.h / 2, scale: want });
  }

  function halo(id, kind, on) {
    var g = nodes.get(id);
    if (!g) return;
    var old = g.querySelector(":scope > rect.halo-" + kind);
    if (!on) { if (old) old.remove(); return; }
    if (old) return;
    // rings side by side, never on top of each other: finding, focus, selected
    var bb = ownBox(id), pad = { flag: 5, focus: 8, selected: 12 }[kind];
    var rect = document.createElementNS(SVGNS, "rect");
    rect.setAttribute("x", bb.x - pad);
    rect.setAttribute("y", bb.y - pad);
    rect.setAttribute("width", bb.width + 2 * pad);
    rect.setAttribute("height", bb.height + 2 * pad);
    rect.setAttribute("rx", 9);
    rect.setAttribute("class", "halo halo-" + kind);
    g.insertBefore(rect, g.firstChild);
  }

  (function map() {
    if (!svg) return;
    var base = svg.viewBox.baseVal, margin = 12;  // room for the rings drawn around claims at the edge
    whole = { x: base.x - margin, y: base.y - margin, w: base.width + 2 * margin, h: base.height + 2 * margin };
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    var graph = svg.querySelector(":scope > g");
    var placed = graph && graph.transform.baseVal.consolidate();
    drawing = placed ? placed.matrix : new DOMMatrix();
    showAll();
    svg.querySelectorAll("g.node[role=button]").forEach(function (g) {
      var id = g.id.slice("claim-".length);
      if (!claims.has(id)) return;
      nodes.set(id, g);
      g.addEventListener("click", function () { select(id, "map"); });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(id, "map"); }
      });
      g.addEventListener("focus", function () {
        halo(id, "focus", true);
        // only a keyboard's focus moves the map: a press on a claim half out of view focuses
        // it too, and moving the map between the press and the release would lose the click
        if (!inView(id) && g.matches(":focus-visible")) centreOn(id, false);
      });
      g.addEventListener("blur", function () { halo(id, "focus", false); });
    });

    // A map too large to read whole (its 11-point text under about 8 pixels) opens at a
    // readable size on its first thesis (or its first claim); Fit shows all of it.
    var first = data.theses.find(function (id) { return nodes.has(id); }) || nodes.keys().next().value;
    if (first !== undefined && fitScale() < 0.75) centreOn(first, true, 0.85);
    if (window.ResizeObserver) new ResizeObserver(function () { show(at); }).observe(view);

    document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.4); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });
    document.getElementById("zoom-fit").addEventListener("click", showAll);

    view.addEventListener("wheel", function (event) {
      event.preventDefault();
      var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? view.clientHeight : 1;
      var factor = Math.min(Math.max(Math.exp(-event.deltaY * unit * 0.002), 0.5), 2);
      var p = toMap(event.clientX, event.clientY);
      zoomAt(factor, p.x, p.y);
    }, { passive: false });

    view.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var size = viewSize(), step = 0.15;
      switch (event.key) {
        case "+": case "=": zoom(1.25); break;
        case "-": case "_": zoom(1 / 1.25); break;
        case "0": showAll(); break;
        case "ArrowLeft": pan(-size.w * step / at.scale, 0); break;
        case "ArrowRight": pan(size.w * step / at.scale, 0); break;
        case "ArrowUp": pan(0, -size.h * step / at.scale); break;
        case "ArrowDown": pan(0, size.h * step / at.scale); break;
        default: return;
      }
      event.preventDefault();
    });

    // Drag with one pointer, pinch with two. A pointer is captured only once it has
    // moved, so that a plain click still reaches the claim under it.
    var pointers = new Map(), gesture = null, moved = false;
    function startGesture() {
      var points = Array.from(pointers.values());
      gesture = { start: at, points: points };
      if (points.length === 2) {
        var mid = { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
        gesture.under = toMap(mid.x, mid.y);
        gesture.distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y) || 1;
      }
    }
    view.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      if (pointers.size === 0) moved = false;
      if (pointers.size >= 2) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      startGesture();
    });
    view.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId) || !gesture) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      var points = Array.from(pointers.values()), start = gesture.start;
      if (points.length === 1) {
        var dx = points[0].x - gesture.points[0].x, dy = points[0].y - gesture.points[0].y;
        if (!moved && Math.hypot(dx, dy) < 5) return;
        moved = true;
        view.classList.add("dragging");
        if (!view.hasPointerCapture(event.pointerId)) view.setPointerCapture(event.pointerId);
        show({ x: start.x - dx / start.scale, y: start.y - dy / start.scale, scale: start.scale });
        return;
      }
      moved = true;
      pointers.forEach(function (_, id) { if (!view.hasPointerCapture(id)) view.setPointerCapture(id); });
      var distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y) || 1;
      var mid = { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
      var rect = view.getBoundingClientRect();
      var scale = start.scale * distance / gesture.distance;
      // the map point first under the fingers' midpoint stays under it
      show({ x: gesture.under.x - (mid.x - rect.left - rect.width / 2) / scale,
             y: gesture.under.y - (mid.y - rect.top - rect.height / 2) / scale, scale: scale });
    });
    function release(event) {
      if (!pointers.delete(event.pointerId)) return;
      if (pointers.size) startGesture();
      else { gesture = null; view.classList.remove("dragging"); }
    }
    view.addEventListener("pointerup", release);
    view.addEventListener("pointercancel", release);
    view.addEventListener("click", function (event) {
      if (moved) { event.stopPropagation(); event.preventDefault(); }
    }, true);
  })();

  // ---------------------------------------------------------------- findings

  var findingItems = [];
  (function findings() {
    var list = document.getElementById("finding-list");
    var filters = document.getElementById("filters");
    if (!data.findings.length) {
      list.append(h("li", { class: "muted", text: "No findings: the audit found nothing wrong." }));
      document.getElementById("finding-count").hidden = true;
      return;
    }
    var order = { error: 0, warning: 1 };
    var severities = Array.from(new Set(data.findings.map(function (f) { return f.severity; })))
      .sort(function (a, b) { return (order[a] ?? 9) - (order[b] ?? 9) || (a < b ? -1 : 1); });
    var codes = Array.from(new Set(data.findings.map(function (f) { return f.code; }))).sort();
    var on = { severity: new Set(severities), code: new Set(codes) };

    function count(key, value) { return data.findings.filter(function (f) { return f[key] === value; }).length; }
    function filterSet(kind, legend, values, label) {
      var set = h("fieldset", {}, h("legend", { text: legend }));
      values.forEach(function (value) {
        var input = h("input", { type: "checkbox", checked: true, "data-filter": kind, value: value });
        input.checked = true;
        input.addEventListener("change", function () {
          if (input.checked) on[kind].add(value); else on[kind].delete(value);
          apply();
        });
        set.append(h("label", {}, input, label(value), h("span", { class: "muted", text: "(" + count(kind, value) + ")" })));
      });
      filters.append(set);
    }
    filterSet("severity", "Severity", severities, function (s) { return h("span", { class: "badge " + s, text: s }); });
    filterSet("code", "Rule", codes, function (code) {
      var rule = data.findings.find(function (f) { return f.code === code; }).rule;
      return h("span", {}, h("span", { class: "code", text: code }), " " + rule);
    });

    data.findings.forEach(function (f) {
      var head = h("span", { class: "head" }, h("span", { class: "badge " + f.severity, text: f.severity }),
                   h("span", { class: "code", text: f.code + " " + f.rule }),
                   h("span", { class: "cid", text: "line " + f.line }));
      var message = h("span", { class: "msg t", text: f.message });
      var item = f.claim !== null && claims.has(f.claim)
        ? h("li", { class: "finding" }, claimButton(f.claim, "ref", head, message))
        : h("li", { class: "finding" }, h("div", { class: "plain-item" }, head, message));
      item.setAttribute("data-code", f.code);
      findingItems.push({ item: item, finding: f });
      list.append(item);
    });

    function apply() {
      var shown = 0, flagged = new Set();
      findingItems.forEach(function (entry) {
        var visible = on.severity.has(entry.finding.severity) && on.code.has(entry.finding.code);
        entry.item.hidden = !visible;
        if (visible) {
          shown += 1;
          if (entry.finding.claim !== null) flagged.add(entry.finding.claim);
        }
      });
      nodes.forEach(function (_, id) { halo(id, "flag", flagged.has(id)); });
      document.getElementById("finding-count").textContent = "Showing " + shown + " of " +
        plural(data.findings.length, "finding") + "; the claims of those shown are ringed in orange on the map.";
    }
    apply();
  })();

  // ---------------------------------------------------------------- selection

  var detail = document.getElementById("claim-detail");
  var announce = h("p", { class: "sr-only", "aria-live": "polite", id: "announce" });
  document.body.append(announce);

  function inlineRef(id) {
    var button = h("button", { type: "button", class: "inline-ref t", text: id });
    button.addEventListener("click", function () { select(id, "list"); });
    return button;
  }

  function showDetail(claim) {
    var parts = [
      h("h3", {}, h("span", { class: "cid t", text: claim.id }),
        claim.thesis ? h("span", { class: "badge thesis", text: "THESIS" }) : null, badge(claim)),
      h("p", { class: "t", text: claim.text }),
      h("p", {}, h("span", { class: "label", text: "Why: " }), h("span", { class: "t", text: claim.why === null
        ? "not worked out on the page of a file this large (argmap lint --status gives the theses')" : claim.why })),
    ];
    var others = claim.responsible.filter(function (id) { return id !== claim.id && claims.has(id); });
    if (others.length) {
      var turns = h("p", {}, h("span", { class: "label", text: "Turns on: " }));
      others.forEach(function (id, i) { if (i) turns.append(", "); turns.append(inlineRef(id)); });
      parts.push(turns);
    }
    if (claim.quotes.length) {
      var quotes = h("ul", {});
      claim.quotes.forEach(function (q) {
        var quote = data.quotes[q];
        var state = { found: "found in the source", missing: "NOT found in the source",
                      unchecked: "not checked" }[quote.state] || quote.state;
        var item = h("li", {}, h("q", { class: "t", text: quote.text }), " (" + state + ")");
        var marks = quoteMarks[q];
        if (marks && marks.length) {
          var show = h("button", { type: "button", class: "inline-ref", text: "show in source" });
          show.addEventListener("click", function () {
            marks[0].scrollIntoView({ block: "center" });
            marks[0].focus({ preventScroll: true });
          });
          item.append(" ", show);
        }
        quotes.append(item);
      });
      parts.push(h("div", {}, h("span", { class: "label", text: "Quotes:" }), quotes));
    }
    if (claim.evidence.length) {
      parts.push(h("p", {}, h("span", { class: "label", text: "Evidence: " }),
        h("span", { class: "t", text: claim.evidence.join("; ") })));
    }
    if (claim.assumption) parts.push(h("p", { class: "muted", text: "Taken as given (assumption)." }));
    if (claim.note) {
      parts.push(h("p", {}, h("span", { class: "label", text: "Note: " }), h("span", { class: "t", text: claim.note })));
    }
    if (claim.findings.length) {
      var list = h("ul", {});
      claim.findings.forEach(function (n) {
        var f = data.findings[n];
        list.append(h("li", {}, h("span", { class: "badge " + f.severity, text: f.severity }), " ",
          h("span", { class: "code", text: f.code }), " ", h("span", { class: "t", text: f.message })));
      });
      parts.push(h("div", {}, h("span", { class: "label", text: "Findings:" }), list));
    }
    if (!nodes.has(claim.id)) parts.push(h("p", { class: "muted", text: "Not drawn on this map." }));
    detail.replaceChildren.apply(detail, parts);
    detail.scrollTop = 0;
  }

  /* Select a claim: ring it on the map (centred, unless it was clicked there), mark and
     show its passage (unless a passage was clicked), and say what it is. */
  function select(id, from) {
    var claim = claims.get(id);
    if (!claim) return;
    if (current !== null) {
      halo(current, "selected", false);
      (refs.get(current) || []).forEach(function (b) { b.removeAttribute("aria-current"); });
      sourceBox.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    }
    current = id;
    // what is measured first, what is changed after: the browser then lays a large map out once
    claim.quotes.forEach(function (q) {
      (quoteMarks[q] || []).forEach(function (m) { m.classList.add("current"); });
    });
    var mark = firstMark(claim);
    if (mark && from !== "source") scrollSourceTo(mark);
    if (nodes.has(id)) {
      halo(id, "selected", true);
      if (from !== "map") centreOn(id, true);
    }
    (refs.get(id) || []).forEach(function (b) { b.setAttribute("aria-current", "true"); });
    showDetail(claim);
    announce.textContent = "Selected " + claim.id + ", " + claim.badge + (mark ? ", passage marked in the source" : "");
  }
})();
