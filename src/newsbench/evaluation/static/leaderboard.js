(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("newsbench-data").textContent);
  var view = data.view;

  // --- sortable tables: numbers in data-sort; rows without a value stay last ---
  function sortKey(cell) {
    var v = cell.getAttribute("data-sort");
    return v === null || v === "" ? null : v;
  }
  function sortTable(table, col, th) {
    var headers = table.tHead.rows[0].cells;
    var current = th.getAttribute("aria-sort");
    var dir = (current === "ascending" || current === "descending")
      ? (current === "ascending" ? "descending" : "ascending")
      : (th.getAttribute("data-first") || "descending");
    for (var i = 0; i < headers.length; i++) headers[i].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir);
    var textual = th.getAttribute("data-type") === "text";
    // each tbody (systems, reference rows) is sorted on its own: reference rows never mix with systems
    Array.prototype.forEach.call(table.tBodies, function (body) { sortBody(body, col, dir, textual); });
  }
  function sortBody(body, col, dir, textual) {
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.hasAttribute("data-system"); });
    rows.sort(function (a, b) {
      var x = sortKey(a.cells[col]), y = sortKey(b.cells[col]), c;
      if (x === null && y === null) c = 0;
      else if (x === null) return 1;
      else if (y === null) return -1;
      else c = textual ? (x < y ? -1 : x > y ? 1 : 0) : parseFloat(x) - parseFloat(y);
      if (dir === "descending") c = -c;
      if (c === 0) {
        var p = a.getAttribute("data-system") || "", q = b.getAttribute("data-system") || "";
        c = p < q ? -1 : p > q ? 1 : 0;
      }
      return c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button");
      if (button) button.addEventListener("click", function () { sortTable(table, col, th); });
    });
  });

  // --- document view ---
  var docSelect = document.getElementById("doc-select");
  var systemSelect = document.getElementById("system-select");
  var layerSelect = document.getElementById("layer-select");
  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  view.documents.forEach(function (d, i) { option(docSelect, String(i), d.doc_id + (d.title ? " — " + d.title : "")); });
  view.systems.forEach(function (name) { option(systemSelect, name, name); });
  // start with a system that has both hits and errors in the first document's mentions, if any
  (function () {
    var doc = view.documents[0];
    if (!doc) return;
    for (var i = 0; i < view.systems.length; i++) {
      var layer = doc.systems[view.systems[i]].mentions;
      if (!layer) continue;
      var seen = {};
      layer.pred.concat(layer.gold).forEach(function (it) { seen[it.st === "correct" ? "hit" : "error"] = true; });
      if (seen.hit && seen.error) { systemSelect.value = view.systems[i]; return; }
    }
  })();
  view.layers.forEach(function (l) { option(layerSelect, l.id, l.label); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function title(item) {
    var parts = [item.label];
    if (item.info) parts.push(item.info);
    var t = parts.join(" · ") + " — " + item.st;
    if (item.why) t += ": " + item.why;
    return t;
  }
  // Spans may nest or cross: walk the segments between span boundaries and keep a stack of open marks,
  // outer spans first; a crossing span is split into several marks that share its data-id.
  function renderText(pane, chars, items, side) {
    pane.textContent = "";
    var order = items.map(function (it, i) { return i; });
    order.sort(function (a, b) {
      return items[a].s - items[b].s || items[b].e - items[a].e || a - b;
    });
    var cuts = {0: true};
    cuts[chars.length] = true;
    items.forEach(function (it) { cuts[it.s] = true; cuts[it.e] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var stack = [];
    for (var p = 0; p + 1 < points.length; p++) {
      var a = points[p], b = points[p + 1];
      var covering = order.filter(function (i) { return items[i].s <= a && items[i].e >= b; });
      var k = 0;
      while (k < stack.length && k < covering.length && stack[k].index === covering[k]) k++;
      stack.length = k;
      for (var j = k; j < covering.length; j++) {
        var it = items[covering[j]];
        var mark = el("mark", "hl " + side + " st-" + it.st);
        mark.setAttribute("data-id", side + ":" + covering[j]);
        mark.setAttribute("data-status", it.st);
        mark.title = title(it);
        (stack.length ? stack[stack.length - 1].node : pane).appendChild(mark);
        stack.push({index: covering[j], node: mark});
      }
      var text = document.createTextNode(chars.slice(a, b).join(""));
      (stack.length ? stack[stack.length - 1].node : pane).appendChild(text);
    }
    // room below nested marks so that every underline stays visible
    (function depth(node) {
      var h = 0;
      for (var c = node.firstElementChild; c; c = c.nextElementSibling) h = Math.max(h, depth(c));
      if (node.tagName === "MARK") { node.style.paddingBottom = (1 + 4 * h) + "px"; return h + 1; }
      return h;
    })(pane);
  }
  function counts(items) {
    var c = {};
    items.forEach(function (it) { c[it.st] = (c[it.st] || 0) + 1; });
    return Object.keys(c).sort().map(function (k) { return c[k] + " " + k; }).join(", ");
  }
  function quote(chars, s, e) { return "“" + chars.slice(s, e).join("") + "”"; }
  function eventList(list, chars, items) {
    list.textContent = "";
    items.slice().sort(function (a, b) { return a.s - b.s || a.e - b.e; }).forEach(function (it) {
      var li = el("li");
      var m = el("mark", "hl st-" + it.st, chars.slice(it.s, it.e).join(""));
      m.title = title(it);
      li.appendChild(m);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "tag", it.label + " · " + it.st));
      if (it.why) li.appendChild(el("span", "why", " (" + it.why + ")"));
      var ul = el("ul");
      (it.args || []).forEach(function (arg) {
        var ai = el("li");
        ai.appendChild(el("b", "", arg.role + ": "));
        var am = el("mark", "hl st-" + arg.st, chars.slice(arg.s, arg.e).join(""));
        am.title = arg.role + " — " + arg.st + (arg.why ? ": " + arg.why : "");
        ai.appendChild(am);
        ai.appendChild(el("span", "tag", " " + arg.st));
        if (arg.why) ai.appendChild(el("span", "why", " (" + arg.why + ")"));
        ul.appendChild(ai);
      });
      if (!(it.args || []).length) ul.appendChild(el("li", "tag", "no arguments"));
      li.appendChild(ul);
      list.appendChild(li);
    });
    if (!items.length) list.appendChild(el("li", "tag", "none"));
  }
  function render() {
    var doc = view.documents[Number(docSelect.value) || 0];
    if (!doc) return;
    var name = systemSelect.value, layer = layerSelect.value;
    var chars = Array.from(doc.text);  // offsets are code points, not UTF-16 units
    var gold = doc.gold[layer];
    var sys = name ? doc.systems[name][layer] : null;
    var goldItems = gold.map(function (g, i) {
      var st = sys ? sys.gold[i] : {st: "correct"};
      var it = {s: g.s, e: g.e, label: g.label, info: g.info, st: sys ? st.st : "gold", why: st.why};
      if (g.args) it.args = g.args.map(function (a, j) {
        var as = sys ? st.args[j] : {st: "gold"};
        return {role: a.role, s: a.s, e: a.e, st: as.st, why: as.why};
      });
      return it;
    });
    renderText(document.getElementById("pane-gold"), chars, goldItems, "gold");
    document.getElementById("gold-title").textContent = "Gold · " + gold.length + " item(s)" +
      (sys ? " · " + counts(goldItems) : "");
    var pane = document.getElementById("pane-system");
    var systemTitle = document.getElementById("system-title");
    if (sys) {
      renderText(pane, chars, sys.pred, "system");
      systemTitle.textContent = name + " · " + sys.pred.length + " item(s) · " + counts(sys.pred);
    } else {
      pane.textContent = "";
      pane.appendChild(el("p", "none", name ? name + " does not predict this layer." : "No system."));
      pane.appendChild(document.createTextNode(doc.text));
      systemTitle.textContent = name || "System";
    }
    var lists = document.getElementById("event-lists");
    lists.style.display = layer === "events" ? "" : "none";
    if (layer === "events") {
      eventList(document.getElementById("events-gold"), chars, goldItems);
      eventList(document.getElementById("events-system"), chars, sys ? sys.pred : []);
    }
  }
  [docSelect, systemSelect, layerSelect].forEach(function (s) { s.addEventListener("change", render); });
  render();
})();
