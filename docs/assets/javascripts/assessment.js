/* The organisational self-assessment (/self-assessment/): a rating per strategy step, the results as
   an inline SVG chart with a table of the same figures, the action plan, a team's comparison and the
   board paper (print and .docx).

   The page's HTML holds every step (from data/strategy.yml); this script adds the controls and the
   figures. It reads the page's own data from <script type="application/json" id="le-assessment-data">
   and saves through the shared workspace (window.LEWorkspace, workspace.js): items of type
   "assessment". Nothing is sent anywhere; every text goes into the page through textContent.
   Plain ES5-style code, no dependency. */
(function () {
  "use strict";

  var dataEl = document.getElementById("le-assessment-data");
  if (!dataEl) return;
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }

  var WS = window.LEWorkspace || null;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var S = data.strings || {};
  var LEVELS = data.levels || [];
  var VALUE = {}, LABEL = {};
  LEVELS.forEach(function (l) { VALUE[l.id] = l.value; LABEL[l.id] = l.label; });
  var MIN = LEVELS.length ? LEVELS[0].value : 0;
  var MAX = LEVELS.length ? LEVELS[LEVELS.length - 1].value : 1;
  var STEPS = data.steps || [];
  var STEP = {};
  STEPS.forEach(function (s) { STEP[s.id] = s; });
  var AREAS = data.areas || [];
  var AREA = {};
  AREAS.forEach(function (a) { AREA[a.id] = a; });
  var MARKERS = data.markers || [];
  var ASKS = ["approve", "discuss", "note"];
  var GAPS_ON_PAPER = 5;

  var current = null;     // the open assessment (an item of the workspace), or null before the first change
  var team = [];          // colleagues' assessments loaded for comparison: {name, item, file}
  var undoItem = null;

  // ---------------------------------------------------------------------------- small helpers

  function has(obj, k) { return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, k); }
  function t(key, values) {
    var s = has(S, key) ? S[key] : key;
    return String(s).replace(/\{(\w+)\}/g, function (m, name) { return values && has(values, name) ? String(values[name]) : m; });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) { if (has(attrs, k) && attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {}) { if (has(attrs, k)) node.setAttribute(k, String(attrs[k])); }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function blankRow() { return { now: "", target: "", notes: "", lead: "", due: "", skip: false, reason: "" }; }
  function rowOf(item, id) {
    var r = item && item.steps && has(item.steps, id) ? item.steps[id] : null;
    var out = blankRow();
    if (r) { for (var k in out) { if (has(r, k)) out[k] = r[k]; } }
    return out;
  }
  function isBlank(row) {
    return !row.now && !row.target && !row.notes && !row.lead && !row.due && !row.skip && !row.reason;
  }
  function value(level) { return level && has(VALUE, level) ? VALUE[level] : null; }
  function label(level) { return level && has(LABEL, level) ? LABEL[level] : ""; }
  function mean(list) {
    if (!list.length) return null;
    var sum = 0;
    for (var i = 0; i < list.length; i++) sum += list[i];
    return sum / list.length;
  }
  /* One decimal place, the same in the chart, the table and the paper. */
  function figure(x) { return x === null ? t("no_figure") : (Math.round(x * 10) / 10).toFixed(1); }
  function slug(text) {
    return String(text || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "assessment";
  }
  function today() {
    if (WS && WS.today) return WS.today();
    var d = new Date();
    return d.toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------------------- messages

  function message(text, undo) {
    var box = $("[data-assess-message]");
    if (!box) return;
    box.textContent = "";
    if (!text) return;
    box.appendChild(el("span", null, text));
    if (undo) {
      var b = el("button", { type: "button", "class": "md-button", "data-action": "undo" }, t("undo"));
      box.appendChild(document.createTextNode(" "));
      box.appendChild(b);
    }
  }

  function saveResultText(result) {
    if (!result || result.ok) return t("saved");
    return result.reason === "full" ? t("full") : t("unavailable");
  }

  function progressText(item) {
    var rated = 0, skipped = 0;
    STEPS.forEach(function (s) {
      var r = rowOf(item, s.id);
      if (r.skip) skipped += 1; else if (r.now) rated += 1;
    });
    return t("progress", { rated: rated, total: STEPS.length, skipped: skipped });
  }

  var lastSave = null;
  function showProgress() {
    var p = $("[data-assess-progress]");
    if (!p) return;
    var text = progressText(current);
    if (current && lastSave) text += " " + saveResultText(lastSave);
    p.textContent = text;
    if (lastSave && !lastSave.ok) message(saveResultText(lastSave));
  }

  // ---------------------------------------------------------------------------- the workspace

  function assessments() { return WS ? WS.list("assessment") : (current ? [current] : []); }

  function defaultName() {
    var names = {}, n = 1;
    assessments().forEach(function (a) { names[a.name] = true; });
    while (has(names, t("default_name", { n: n }))) n += 1;
    return t("default_name", { n: n });
  }

  function newItem(fields) {
    fields = fields || {};
    if (!fields.name) fields.name = defaultName();
    if (WS) {
      var result = WS.create("assessment", fields);
      lastSave = { ok: result.ok, reason: result.reason };
      return result.item;
    }
    var item = { type: "assessment", id: "a-" + Math.random().toString(36).slice(2, 12), name: fields.name,
                 started: today(), updated: new Date().toISOString(), steps: fields.steps || {},
                 cover: fields.cover || { organisation: "", date: "", author: "", ask: "" } };
    lastSave = { ok: false, reason: "unavailable" };
    return item;
  }

  function save() {
    if (!current) return;
    if (WS) lastSave = WS.save(current);
    else { current.updated = new Date().toISOString(); lastSave = { ok: false, reason: "unavailable" }; }
  }

  function ensureCurrent() {
    if (!current) {
      current = newItem({ name: ($("[data-assess-name]") || {}).value || "" });
      fillChooser();
    }
    return current;
  }

  // ---------------------------------------------------------------------------- the controls of each step

  function option(value, text, selected) {
    var o = el("option", { value: value }, text);
    if (selected) o.selected = true;
    return o;
  }

  function buildControls(box) {
    var id = box.getAttribute("data-controls"), step = STEP[id];
    if (!step) return;
    var fs = el("fieldset", { "class": "le-assess-fields" });
    fs.appendChild(el("legend", null, t("controls_for", { number: step.number })));
    function field(name, labelText, control, wide) {
      var wrap = el("div", { "class": "le-assess-field le-assess-field--" + name + (wide ? " le-assess-field--wide" : "") });
      var lab = el("label", { "for": name + "-" + id }, labelText);
      control.id = name + "-" + id;
      control.setAttribute("data-field", name);
      wrap.appendChild(lab);
      wrap.appendChild(control);
      fs.appendChild(wrap);
      return wrap;
    }
    var now = el("select"), target = el("select");
    now.appendChild(option("", t("unrated")));
    target.appendChild(option("", t("no_target")));
    LEVELS.forEach(function (l) { now.appendChild(option(l.id, l.label)); target.appendChild(option(l.id, l.label)); });
    field("now", t("now"), now);
    field("target", t("target"), target);
    field("lead", t("lead"), el("input", { type: "text", maxlength: "200", autocomplete: "off" }));
    field("due", t("due"), el("input", { type: "date" }));
    field("notes", t("notes"), el("textarea", { rows: "2" }), true);
    var skipWrap = el("div", { "class": "le-assess-field le-assess-field--skip le-assess-field--wide" });
    var skipLabel = el("label", { "for": "skip-" + id });
    var skip = el("input", { type: "checkbox", id: "skip-" + id, "data-field": "skip" });
    skipLabel.appendChild(skip);
    skipLabel.appendChild(document.createTextNode(" " + t("skip")));
    skipWrap.appendChild(skipLabel);
    fs.appendChild(skipWrap);
    var reason = field("reason", t("reason"), el("input", { type: "text", maxlength: "500", autocomplete: "off" }), true);
    reason.setAttribute("data-reason-wrap", "");
    box.appendChild(fs);
    box.appendChild(el("p", { "class": "le-assess-print", "data-print-summary": id }));
    box.hidden = false;
  }

  function readControls(id) {
    var box = $("[data-controls='" + id + "']"), row = blankRow();
    $all("[data-field]", box).forEach(function (c) {
      var name = c.getAttribute("data-field");
      row[name] = name === "skip" ? c.checked : c.value;
    });
    if (!row.skip) row.reason = row.reason || "";
    return row;
  }

  function showRow(id, row) {
    var box = $("[data-controls='" + id + "']");
    if (!box) return;
    $all("[data-field]", box).forEach(function (c) {
      var name = c.getAttribute("data-field");
      if (name === "skip") c.checked = !!row.skip;
      else if (c.value !== row[name]) c.value = row[name] || "";
    });
    var wrap = $("[data-reason-wrap]", box);
    if (wrap) wrap.hidden = !row.skip;
    var stepBox = $("#step-" + id);
    if (stepBox) stepBox.classList.toggle("le-assess-step--skipped", !!row.skip);
    var p = $("[data-print-summary='" + id + "']");
    if (p) p.textContent = rowSummary(row);
  }

  function rowSummary(row) {
    var parts = [];
    if (row.skip) parts.push(t("skip") + (row.reason ? ": " + row.reason : ""));
    else {
      parts.push(t("now") + " " + (label(row.now) || t("unrated")));
      parts.push(t("target") + " " + (label(row.target) || t("no_target")));
    }
    if (row.lead) parts.push(t("lead") + " " + row.lead);
    if (row.due) parts.push(t("due") + " " + row.due);
    if (row.notes) parts.push(t("notes") + " " + row.notes);
    return parts.join(" · ");
  }

  function onStepInput(event) {
    var c = event.target;
    if (!c.hasAttribute || !c.hasAttribute("data-field")) return;
    var box = c.closest("[data-controls]");
    if (!box) return;
    var id = box.getAttribute("data-controls");
    var row = readControls(id);
    ensureCurrent();
    if (isBlank(row)) delete current.steps[id]; else current.steps[id] = row;
    save();
    showRow(id, row);
    refresh();
  }

  // ---------------------------------------------------------------------------- figures

  function stepsOfAreas(areaIds) {
    return STEPS.filter(function (s) { return areaIds.indexOf(s.area) >= 0; });
  }

  /* {now, target, rated, total} for a set of steps: the means of the steps rated (now) and of the
     steps with a target; steps marked not for us now leave both the means and the total. */
  function score(item, steps) {
    var nows = [], targets = [], total = 0;
    steps.forEach(function (s) {
      var r = rowOf(item, s.id);
      if (r.skip) return;
      total += 1;
      if (value(r.now) !== null) nows.push(value(r.now));
      if (value(r.target) !== null) targets.push(value(r.target));
    });
    return { now: mean(nows), target: mean(targets), rated: nows.length, total: total };
  }

  function results(item) {
    var rows = [];
    AREAS.forEach(function (a) {
      var sc = score(item, stepsOfAreas([a.id]));
      sc.key = "area:" + a.id; sc.label = a.number + ". " + a.title; sc.kind = "area";
      rows.push(sc);
    });
    MARKERS.forEach(function (m) {
      var sc = score(item, stepsOfAreas(m.areas));
      sc.key = "marker:" + m.id; sc.label = t("marker_row", { marker: m.label }); sc.kind = "marker";
      rows.push(sc);
    });
    return rows;
  }

  // ---------------------------------------------------------------------------- the chart

  /* Words in lines of at most `max` characters (a long word gets a line of its own). */
  function wrap(text, max) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > max) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  /* The chart as inline SVG, drawn in the width it is shown at (so that its text stays readable on a
     phone): per row a label, a bar for now and a bar for the target, on a scale from the lowest
     level to the highest. */
  var chartCount = 0;
  function chart(rows, shownWidth) {
    chartCount += 1;
    var width = Math.round(Math.max(300, Math.min(640, shownWidth || 640)));
    var left = 8, right = 44, barH = 12, gap = 3, lineH = 16, groupGap = 10, top = 30, axisH = 34;
    var plot = width - left - right;
    var perLine = Math.max(20, Math.floor((width - left) / 7.4));
    var uid = "le-chart-" + chartCount;
    function x(v) { return left + plot * (v - MIN) / ((MAX - MIN) || 1); }
    var groups = [], y = top;
    rows.forEach(function (r) {
      var lines = wrap(r.label, perLine);
      groups.push({ row: r, lines: lines, y: y, bars: y + lines.length * lineH + 2 });
      y += lines.length * lineH + 2 + 2 * barH + gap + groupGap;
    });
    var bottom = y;
    var height = bottom + axisH;
    var root = svg("svg", { "class": "le-chart", viewBox: "0 0 " + width + " " + height, width: width, height: height,
                             role: "img", "aria-labelledby": uid + "-title", "data-chart-svg": "" });
    root.appendChild(svg("title", { id: uid + "-title" }, t("chart_label")));
    var lg = svg("g", { "class": "le-chart__legend", "aria-hidden": "true" });
    lg.appendChild(svg("rect", { x: left, y: 6, width: 14, height: 12, "class": "le-chart__bar le-chart__bar--now" }));
    lg.appendChild(svg("text", { x: left + 20, y: 16, "class": "le-chart__text" }, t("legend_now")));
    lg.appendChild(svg("rect", { x: left + 110, y: 6, width: 14, height: 12, "class": "le-chart__bar le-chart__bar--target" }));
    lg.appendChild(svg("text", { x: left + 130, y: 16, "class": "le-chart__text" }, t("legend_target")));
    root.appendChild(lg);
    // a line per level, beside the bars only, so that the labels stay clear; the levels under the chart
    var grid = svg("g", { "class": "le-chart__grid", "aria-hidden": "true" });
    LEVELS.forEach(function (l, i) {
      var gx = x(l.value);
      groups.forEach(function (g) {
        grid.appendChild(svg("line", { x1: gx, x2: gx, y1: g.bars - 2, y2: g.bars + 2 * barH + gap + 2, "class": "le-chart__gridline" }));
      });
      var anchor = i === 0 ? "start" : (i === LEVELS.length - 1 ? "end" : "middle");
      grid.appendChild(svg("text", { x: gx, y: bottom + 6, "text-anchor": anchor, "class": "le-chart__text le-chart__axis" }, String(l.value)));
      grid.appendChild(svg("text", { x: gx, y: bottom + 20, "text-anchor": anchor, "class": "le-chart__text le-chart__axis" }, l.label));
    });
    root.appendChild(grid);
    groups.forEach(function (gr) {
      var r = gr.row;
      var g = svg("g", { "class": "le-chart__group le-chart__group--" + r.kind, "data-row": r.key });
      var label = svg("text", { x: left, y: gr.y + 12, "class": "le-chart__text le-chart__label" });
      gr.lines.forEach(function (line, k) {
        label.appendChild(svg("tspan", { x: left, dy: k ? lineH : 0 }, line));
      });
      g.appendChild(label);
      [["now", r.now], ["target", r.target]].forEach(function (pair, j) {
        var by = gr.bars + j * (barH + gap);
        var v = pair[1];
        var w = v === null ? 0 : Math.max(x(v) - left, v > MIN ? 2 : 0);
        g.appendChild(svg("rect", { x: left, y: by, width: w.toFixed(2), height: barH,
                                    "class": "le-chart__bar le-chart__bar--" + pair[0], "data-series": pair[0],
                                    "data-value": v === null ? "" : figure(v) }));
        g.appendChild(svg("text", { x: left + w + 5, y: by + barH - 2, "class": "le-chart__text le-chart__value", "data-series-value": pair[0] },
                          v === null ? t("no_figure") : figure(v)));
      });
      root.appendChild(g);
    });
    return root;
  }

  function fillTable(table, rows) {
    rows.forEach(function (r) {
      var tr = $("tr[data-row='" + r.key + "']", table);
      if (!tr) return;
      $("[data-cell=now]", tr).textContent = figure(r.now);
      $("[data-cell=target]", tr).textContent = figure(r.target);
      $("[data-cell=rated]", tr).textContent = t("rated_of", { rated: r.rated, total: r.total });
    });
  }

  function showResults() {
    var rows = results(current);
    var any = rows.some(function (r) { return r.now !== null || r.target !== null; });
    var none = $("[data-results-none]");
    if (none) none.hidden = any;
    var box = $("[data-chart]");
    if (box) { box.textContent = ""; box.appendChild(chart(rows, box.clientWidth)); }
    var table = $("[data-results-table]");
    if (table) fillTable(table, rows);
    return rows;
  }

  // ---------------------------------------------------------------------------- the action plan

  /* Every step below its target and every step not rated yet (not those marked not for us now), by
     focus area in the strategy's order, the largest gap first, unrated steps after the rated ones. */
  function plan(item) {
    var out = [];
    AREAS.forEach(function (a) {
      var rows = [];
      stepsOfAreas([a.id]).forEach(function (s, order) {
        var r = rowOf(item, s.id);
        if (r.skip) return;
        var now = value(r.now), target = value(r.target);
        if (now === null) rows.push({ step: s, row: r, gap: null, order: order });
        else if (target !== null && target > now) rows.push({ step: s, row: r, gap: target - now, order: order });
      });
      rows.sort(function (p, q) {
        if (p.gap === null || q.gap === null) return p.gap === q.gap ? p.order - q.order : (p.gap === null ? 1 : -1);
        return q.gap - p.gap || p.order - q.order;
      });
      if (rows.length) out.push({ area: a, rows: rows });
    });
    return out;
  }

  function whereText(p) {
    if (p.gap === null) return p.row.target ? t("plan_unrated", { target: label(p.row.target) }) : t("unrated");
    return t("plan_gap", { now: label(p.row.now), target: label(p.row.target), gap: p.gap });
  }

  /* On screen: one entry per step, with what the guide says about it (the links of the step above). */
  function planList(group) {
    var wrap = el("div", { "class": "le-assess-plan__area", "data-plan-area": group.area.id });
    wrap.appendChild(el("h3", null, group.area.number + ". " + group.area.title));
    var ol = el("ol", { "class": "le-assess-plan__list" });
    group.rows.forEach(function (p) {
      var li = el("li", { "data-plan-step": p.step.id, "data-gap": p.gap === null ? "unrated" : String(p.gap) });
      var head = el("p", { "class": "le-assess-plan__step" });
      var a = el("a", { href: "#step-" + p.step.id }, t("plan_step") + " " + p.step.number);
      head.appendChild(a);
      head.appendChild(document.createTextNode(": " + p.step.text));
      li.appendChild(head);
      var facts = el("p", { "class": "le-assess-plan__facts" });
      facts.appendChild(el("span", { "data-cell": "where" }, whereText(p)));
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(el("strong", null, t("plan_lead") + " "));
      facts.appendChild(el("span", { "data-cell": "lead" }, p.row.lead || t("plan_not_set")));
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(el("strong", null, t("plan_due") + " "));
      facts.appendChild(el("span", { "data-cell": "due" }, p.row.due || t("plan_not_set")));
      li.appendChild(facts);
      var rel = $("[data-related='" + p.step.id + "']");
      if (rel) {
        var clone = rel.cloneNode(true);
        clone.removeAttribute("data-related");
        clone.className = "le-assess-plan__guide";
        li.appendChild(clone);
      }
      ol.appendChild(li);
    });
    wrap.appendChild(ol);
    return wrap;
  }

  /* On the board paper: a compact table per focus area. */
  function planTable(group) {
    var table = el("table", { "class": "le-assess-plan__table", "data-plan-area": group.area.id });
    table.appendChild(el("caption", null, group.area.number + ". " + group.area.title));
    var head = el("tr");
    ["plan_step", "col_now", "col_target", "plan_gap_col", "plan_lead", "plan_due"].forEach(function (k) {
      head.appendChild(el("th", { scope: "col", "class": "le-col-" + k }, t(k).replace(/:$/, "")));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    group.rows.forEach(function (p) {
      var tr = el("tr", { "data-plan-step": p.step.id, "data-gap": p.gap === null ? "unrated" : String(p.gap) });
      var th = el("th", { scope: "row" });
      th.appendChild(el("strong", null, p.step.number + ". "));
      th.appendChild(document.createTextNode(p.step.text));
      tr.appendChild(th);
      tr.appendChild(el("td", { "data-cell": "now" }, label(p.row.now) || t("unrated")));
      tr.appendChild(el("td", { "data-cell": "target" }, label(p.row.target) || t("no_target")));
      tr.appendChild(el("td", { "data-cell": "gap" }, p.gap === null ? t("no_figure") : String(p.gap)));
      tr.appendChild(el("td", { "data-cell": "lead" }, p.row.lead || t("plan_not_set")));
      tr.appendChild(el("td", { "data-cell": "due", "class": "le-nowrap" }, p.row.due || t("plan_not_set")));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function showPlan() {
    var box = $("[data-plan]");
    if (!box) return;
    box.textContent = "";
    var groups = plan(current);
    if (!groups.length) { box.appendChild(el("p", { "data-plan-empty": "" }, t("plan_empty"))); return; }
    groups.forEach(function (g) { box.appendChild(planList(g)); });
  }

  // ---------------------------------------------------------------------------- the team view

  function teamMembers() {
    var people = [];
    if (current) people.push({ name: t("team_you", { name: current.name }), item: current, mine: true });
    team.forEach(function (m) { people.push(m); });
    return people;
  }

  function spreadOf(values) {
    if (!values.length) return null;
    return Math.max.apply(null, values) - Math.min.apply(null, values);
  }

  /* Per step: each person's rating, and the spread of the ratings (now and target). */
  function comparison(people) {
    return STEPS.map(function (s) {
      var rows = people.map(function (p) { return rowOf(p.item, s.id); });
      var nows = [], targets = [], missing = 0;
      rows.forEach(function (r) {
        if (r.skip) return;
        if (value(r.now) === null) missing += 1; else nows.push(value(r.now));
        if (value(r.target) !== null) targets.push(value(r.target));
      });
      // "unrated": some people rated the step and some did not (nobody rating it is no disagreement)
      return { step: s, rows: rows, spreadNow: spreadOf(nows), spreadTarget: spreadOf(targets), unrated: missing > 0 && nows.length > 0 };
    });
  }

  function spreadText(spread, unrated) {
    if (unrated) return t("team_unrated") + (spread ? " · " + t("team_differ", { spread: spread }) : "");
    if (spread === null) return t("no_figure");
    return spread === 0 ? t("team_agree") : t("team_differ", { spread: spread });
  }

  function showTeam() {
    var box = $("[data-team]");
    if (!box) return;
    box.textContent = "";
    if (!team.length) return;
    var people = teamMembers();
    var rows = comparison(people);
    var agree = 0, differ = 0, open = 0;
    rows.forEach(function (r) {
      if (r.unrated) open += 1; else if (r.spreadNow === 0) agree += 1; else if (r.spreadNow) differ += 1;
    });
    box.appendChild(el("p", { "data-team-summary": "" }, t("team_summary", { agree: agree, differ: differ, open: open })));
    var wrap = el("div", { "class": "le-assess-team__scroll" });
    var table = el("table", { "class": "le-assess-team__table", "data-team-table": "" });
    var caption = el("caption", null, t("team_caption"));
    caption.appendChild(el("span", { "class": "le-assess-team__key" }, t("team_key")));
    table.appendChild(caption);
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, t("plan_step")));
    people.forEach(function (p) { head.appendChild(el("th", { scope: "col" }, p.name)); });
    head.appendChild(el("th", { scope: "col" }, t("team_spread") + " (" + t("col_now") + ")"));
    head.appendChild(el("th", { scope: "col" }, t("team_spread") + " (" + t("col_target") + ")"));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var state = r.unrated ? "unrated" : (r.spreadNow ? "differ" : "agree");
      var tr = el("tr", { "data-team-step": r.step.id, "data-spread": r.spreadNow === null ? "" : String(r.spreadNow), "class": "le-team--" + state });
      var th = el("th", { scope: "row" });
      th.appendChild(el("strong", null, r.step.number + ". "));
      th.appendChild(document.createTextNode(r.step.text));
      tr.appendChild(th);
      r.rows.forEach(function (row) {
        var text = row.skip ? t("skip") : (label(row.now) || t("no_figure")) + " → " + (label(row.target) || t("no_figure"));
        var td = el("td", { "data-person-cell": "" }, text);
        if (row.notes) td.appendChild(el("span", { "class": "le-assess-team__note" }, row.notes));
        tr.appendChild(td);
      });
      tr.appendChild(el("td", { "data-cell": "spread-now" }, spreadText(r.spreadNow, r.unrated)));
      tr.appendChild(el("td", { "data-cell": "spread-target" }, spreadText(r.spreadTarget, false)));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    box.appendChild(wrap);
    box.appendChild(el("p", null, t("team_agreed_intro")));
    var buttons = el("div", { "class": "le-buttons" });
    buttons.appendChild(el("button", { type: "button", "class": "md-button", "data-action": "team-agree" }, t("team_agreed")));
    box.appendChild(buttons);
  }

  /* A new assessment: where everyone gave the same value it is kept, otherwise it is left empty for
     the team to decide; everyone's notes are kept, each after the person's name. */
  function agreedVersion() {
    var people = teamMembers();
    var steps = {};
    STEPS.forEach(function (s) {
      var rows = people.map(function (p) { return rowOf(p.item, s.id); });
      var row = blankRow();
      ["now", "target", "lead", "due"].forEach(function (f) {
        var first = rows[0][f];
        if (first && rows.every(function (r) { return r[f] === first; })) row[f] = first;
      });
      if (rows.every(function (r) { return r.skip; })) {
        row.skip = true;
        var reasons = [];
        rows.forEach(function (r) { if (r.reason && reasons.indexOf(r.reason) < 0) reasons.push(r.reason); });
        row.reason = reasons.join("; ").slice(0, 5000);
      }
      var notes = [];
      rows.forEach(function (r, i) { if (r.notes) notes.push(people[i].item.name + ": " + r.notes); });
      row.notes = notes.join("\n\n");
      if (!isBlank(row)) steps[s.id] = row;
    });
    var base = current ? current.name : (team[0] ? team[0].item.name : "");
    var cover = current ? JSON.parse(JSON.stringify(current.cover || {})) : { organisation: "", date: "", author: "", ask: "" };
    var item = newItem({ name: t("team_agreed_name", { name: base }).slice(0, 500), steps: steps, cover: cover });
    open(item);
    message(t("team_agreed_done", { name: item.name }));
  }

  function loadTeamFiles(files) {
    var list = Array.prototype.slice.call(files || []);
    var problems = [], pending = list.length;
    if (!pending || !WS) return;
    list.forEach(function (f) {
      WS.readFile(f, function (text) {
        var parsed = text === null ? { ok: false } : WS.parseFile(text);
        if (!parsed.ok) problems.push(t("team_invalid", { file: f.name }));
        else {
          var found = parsed.file.items.filter(function (i) { return i.type === "assessment"; });
          if (!found.length) problems.push(t("team_invalid", { file: f.name }));
          // steps worded differently when the file was saved: the ratings were of other words
          var changed = WS.changedSince ? WS.changedSince(parsed.file).steps : [];
          if (found.length && changed.length) {
            problems.push(t("team_changed", { file: f.name, steps: changed.map(function (id) { return STEP[id] ? STEP[id].number : id; }).join(", ") }));
          }
          found.forEach(function (item) {
            var dup = team.some(function (m) { return m.item.id === item.id && m.item.updated === item.updated; }) ||
                      (current && current.id === item.id && current.updated === item.updated);
            if (!dup) team.push({ name: item.name || f.name, item: item, file: f.name });
          });
        }
        pending -= 1;
        if (!pending) {
          var msg = $("[data-team-message]");
          if (msg) msg.textContent = [t("team_loaded", { count: team.length + (current ? 1 : 0) })].concat(problems).join(" ");
          showTeam();
        }
      });
    });
  }

  // ---------------------------------------------------------------------------- loading a file into this browser

  function loadFile(f) {
    if (!WS || !f) return;
    WS.readFile(f, function (text) {
      var parsed = text === null ? { ok: false } : WS.parseFile(text);
      if (!parsed.ok) { message(t("load_invalid")); return; }
      var items = parsed.file.items.filter(function (i) { return i.type === "assessment"; });
      if (!items.length) { message(t("load_none")); return; }
      var result = WS.addFromFile({ items: items, questions: parsed.file.questions, steps: parsed.file.steps, guide_version: parsed.file.guide_version });
      fillChooser();
      var first = result.added[0];
      if (first) open(WS.get(first.id) || first);
      message(t("loaded", { added: result.added.length, same: result.same }));
      compareNext(result.conflicts, parsed.file);
    });
  }

  function compareNext(conflicts, file) {
    var box = $("[data-assess-compare]");
    if (!box || !conflicts.length) return;
    var pair = conflicts.shift();
    WS.compareView(box, pair.mine, pair.theirs, {
      onApply: function (merged) {
        var result = WS.save(merged);
        lastSave = result;
        if (current && current.id === merged.id) current = merged;
        open(WS.get(merged.id) || merged);
        message(result.ok ? t("compare_done") : saveResultText(result));
        compareNext(conflicts, file);
      },
      onCancel: function () { message(t("compare_cancelled")); compareNext(conflicts, file); }
    }, file);
  }

  // ---------------------------------------------------------------------------- the board paper

  function coverOf(item) {
    var c = (item && item.cover) || {};
    return { organisation: c.organisation || "", date: c.date || "", author: c.author || "", ask: c.ask || "" };
  }

  function showCoverForm() {
    var c = coverOf(current);
    $all("[data-cover]").forEach(function (input) {
      var name = input.getAttribute("data-cover");
      if (input.type === "radio") input.checked = input.value === c.ask;
      else if (input.value !== c[name]) input.value = c[name];
    });
  }

  function onCoverInput(event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute("data-cover")) return;
    ensureCurrent();
    var c = coverOf(current);
    var name = input.getAttribute("data-cover");
    c[name] = input.type === "radio" ? (input.checked ? input.value : c.ask) : input.value;
    current.cover = c;
    save();
    showProgress();
    showPaper();
  }

  function largestGaps(item) {
    var all = [];
    plan(item).forEach(function (g) { g.rows.forEach(function (p) { if (p.gap) all.push(p); }); });
    all.sort(function (p, q) { return q.gap - p.gap || STEPS.indexOf(p.step) - STEPS.indexOf(q.step); });
    return all.slice(0, GAPS_ON_PAPER);
  }

  function paperTable(rows) {
    var table = el("table", { "class": "le-assess-table", "data-paper-results": "" });
    table.appendChild(el("caption", null, t("table_caption", { min: MIN, max: MAX })));
    var head = el("tr");
    ["col_what", "col_now", "col_target", "col_rated"].forEach(function (k) { head.appendChild(el("th", { scope: "col" }, t(k))); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr", { "data-row": r.key, "class": r.kind === "marker" ? "le-assess-table__marker" : null });
      tr.appendChild(el("th", { scope: "row" }, r.label));
      tr.appendChild(el("td", { "data-cell": "now" }, figure(r.now)));
      tr.appendChild(el("td", { "data-cell": "target" }, figure(r.target)));
      tr.appendChild(el("td", { "data-cell": "rated" }, t("rated_of", { rated: r.rated, total: r.total })));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function showPaper() {
    var board = $("[data-board]");
    if (!board || board.hidden) return;
    var c = coverOf(current);
    var cover = $("[data-paper-cover]");
    cover.textContent = "";
    cover.appendChild(el("p", { "class": "le-board__kicker" }, t("board_heading")));
    cover.appendChild(el("h2", { "class": "le-board__title", id: "board-title" }, t("board_title")));
    var dl = el("dl", { "class": "le-board__meta" });
    [["cover_organisation", c.organisation], ["cover_date", c.date], ["cover_author", c.author],
     ["board_assessment", current ? current.name : ""]].forEach(function (pair) {
      dl.appendChild(el("dt", null, t(pair[0])));
      dl.appendChild(el("dd", { "data-paper-field": pair[0] }, pair[1] || "—"));
    });
    cover.appendChild(dl);
    if (c.ask) cover.appendChild(el("p", { "class": "le-board__ask-text", "data-paper-ask": c.ask }, t("board_ask_text", { ask: t("ask." + c.ask) })));
    var rows = results(current);
    var chartBox = $("[data-paper-chart]");
    chartBox.textContent = "";
    chartBox.appendChild(chart(rows, 640));
    var tableBox = $("[data-paper-table]");
    tableBox.textContent = "";
    tableBox.appendChild(paperTable(rows));
    tableBox.appendChild(el("p", { "class": "le-board__method" }, t("board_method")));
    var gapsBox = $("[data-paper-gaps]");
    gapsBox.textContent = "";
    var gaps = largestGaps(current);
    if (!gaps.length) gapsBox.appendChild(el("p", null, t("board_gaps_none")));
    else {
      var ol = el("ol", { "class": "le-board__gaps" });
      gaps.forEach(function (p) {
        var li = el("li", { "data-gap-step": p.step.id });
        li.appendChild(el("strong", null, t("plan_step") + " " + p.step.number + ": "));
        li.appendChild(document.createTextNode(p.step.text + " (" + whereText(p) + ")"));
        ol.appendChild(li);
      });
      gapsBox.appendChild(ol);
    }
    var planBox = $("[data-paper-plan]");
    planBox.textContent = "";
    var groups = plan(current);
    if (!groups.length) planBox.appendChild(el("p", null, t("plan_empty")));
    groups.forEach(function (g) { planBox.appendChild(planTable(g)); });
  }

  function openBoard() {
    var board = $("[data-board]");
    if (!board) return;
    board.hidden = false;
    document.documentElement.classList.add("le-print-board");
    showCoverForm();
    showPaper();
    var h = $("#board-paper-title");
    if (h) { h.focus(); if (h.scrollIntoView) h.scrollIntoView(); }
  }

  function closeBoard() {
    var board = $("[data-board]");
    if (!board) return;
    board.hidden = true;
    document.documentElement.classList.remove("le-print-board");
    var b = $("[data-action='board']");
    if (b) b.focus();
  }

  // ---------------------------------------------------------------------------- the .docx

  function docxBlocks() {
    var c = coverOf(current);
    var rows = results(current);
    var blocks = [];
    blocks.push({ type: "heading", level: 1, text: t("board_title") });
    [["cover_organisation", c.organisation], ["cover_date", c.date], ["cover_author", c.author],
     ["board_assessment", current ? current.name : ""]].forEach(function (pair) {
      blocks.push({ type: "paragraph", runs: [{ text: t(pair[0]) + ": ", bold: true }, { text: pair[1] || "—" }] });
    });
    if (c.ask) blocks.push({ type: "paragraph", runs: [{ text: t("board_ask_text", { ask: t("ask." + c.ask) }), bold: true }] });
    blocks.push({ type: "heading", level: 2, text: t("board_summary") });
    blocks.push({ type: "table", header: [t("col_what"), t("col_now"), t("col_target"), t("col_rated")],
                  rows: rows.map(function (r) { return [r.label, figure(r.now), figure(r.target), t("rated_of", { rated: r.rated, total: r.total })]; }) });
    blocks.push({ type: "paragraph", text: t("board_method") });
    blocks.push({ type: "heading", level: 2, text: t("board_gaps") });
    var gaps = largestGaps(current);
    if (!gaps.length) blocks.push({ type: "paragraph", text: t("board_gaps_none") });
    if (gaps.length) {
      blocks.push({ type: "list", items: gaps.map(function (p, i) {
        return (i + 1) + ". " + t("plan_step") + " " + p.step.number + ": " + p.step.text + " (" + whereText(p) + ")";
      }) });
    }
    blocks.push({ type: "heading", level: 2, text: t("board_plan") });
    var groups = plan(current);
    if (!groups.length) blocks.push({ type: "paragraph", text: t("plan_empty") });
    groups.forEach(function (g) {
      blocks.push({ type: "heading", level: 3, text: g.area.number + ". " + g.area.title });
      blocks.push({ type: "table", header: [t("plan_step"), t("col_now"), t("col_target"), t("plan_gap_col"), t("plan_lead").replace(/:$/, ""), t("plan_due").replace(/:$/, "")],
                    widths: [46, 13, 13, 6, 12, 10],
                    rows: g.rows.map(function (p) {
                      return [p.step.number + ". " + p.step.text, label(p.row.now) || t("unrated"), label(p.row.target) || t("no_target"),
                              p.gap === null ? t("no_figure") : String(p.gap), p.row.lead || t("plan_not_set"), p.row.due || t("plan_not_set")];
                    }) });
    });
    blocks.push({ type: "heading", level: 2, text: t("board_refs") });
    blocks.push({ type: "paragraph", text: t("board_refs_intro") });
    blocks.push({ type: "list", items: $all("[data-paper-refs] li").map(function (li) { return li.textContent.replace(/\s+/g, " ").trim(); }) });
    blocks.push({ type: "paragraph", text: t("printed_from") + " " + (data.address || "") });
    return blocks;
  }

  function downloadDocx() {
    var D = window.LEDocx;
    if (!D) { message(t("docx_unavailable")); return; }
    try {
      var c = coverOf(current);
      D.download(slug((current && current.name) || "board-paper") + "-board-paper.docx",
                 { title: t("board_title"), language: document.documentElement.lang || "en", author: c.author, blocks: docxBlocks() });
    } catch (e) {
      message(t("docx_unavailable"));
    }
  }

  // ---------------------------------------------------------------------------- opening, choosing, refreshing

  function fillChooser() {
    var select = $("[data-assess-choose]");
    if (!select) return;
    select.textContent = "";
    var items = assessments();
    if (current && !items.some(function (i) { return i.id === current.id; })) items.unshift(current);
    if (!items.length) select.appendChild(option("", defaultName(), true));
    items.forEach(function (i) { select.appendChild(option(i.id, i.name || i.id, current && i.id === current.id)); });
    var del = $("[data-action='delete']");
    if (del) del.disabled = !current;
  }

  function refresh() {
    showProgress();
    showResults();
    showPlan();
    showTeam();
    showPaper();
  }

  function open(item) {
    current = item;
    // an item read back from storage is saved; one only in memory (storage full or off) is not
    if (item && WS && WS.isUnsaved) lastSave = WS.isUnsaved(item.id) ? { ok: false, reason: WS.status().available ? "full" : "unavailable" } : { ok: true };
    var name = $("[data-assess-name]");
    if (name) name.value = item ? item.name : defaultName();
    STEPS.forEach(function (s) { showRow(s.id, rowOf(item, s.id)); });
    showCoverForm();
    fillChooser();
    refresh();
  }

  function requested() {
    var m = /[?&#](?:item|open)=([a-z0-9-]{3,64})/.exec(window.location.search + window.location.hash);
    return m ? m[1] : "";
  }

  // ---------------------------------------------------------------------------- events

  function onClick(event) {
    var b = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!b) return;
    var action = b.getAttribute("data-action");
    if (action === "new") {
      var item = newItem({});
      open(item);
      message("");
      var n = $("[data-assess-name]");
      if (n) { n.focus(); n.select(); }
    } else if (action === "delete") {
      if (!current || !window.confirm(t("confirm_delete", { name: current.name }))) return;
      undoItem = WS ? WS.remove(current.id) : current;
      var rest = assessments();
      open(rest.length ? rest[0] : null);
      lastSave = null;
      showProgress();
      message(t("deleted", { name: undoItem ? undoItem.name : "" }), !!(WS && undoItem));
    } else if (action === "undo") {
      if (!undoItem) return;
      lastSave = WS.restore(undoItem);
      open(WS.get(undoItem.id) || undoItem);
      message(t("restored", { name: undoItem.name }));
      undoItem = null;
    } else if (action === "save-file") {
      if (!WS) return;
      var it = current || newItem({});
      var fname = "self-assessment-" + slug(it.name) + "-" + today() + ".json";
      WS.download(fname, WS.toFile([it]), "application/json");
      message(t("file_saved", { file: fname }));
    } else if (action === "load-file") {
      var input = $("[data-load-file]");
      if (input) { input.value = ""; input.click(); }
    } else if (action === "team-load") {
      var ti = $("[data-team-file]");
      if (ti) { ti.value = ""; ti.click(); }
    } else if (action === "team-clear") {
      team = [];
      var msg = $("[data-team-message]");
      if (msg) msg.textContent = "";
      showTeam();
    } else if (action === "team-agree") {
      agreedVersion();
    } else if (action === "board") {
      openBoard();
    } else if (action === "board-close") {
      closeBoard();
    } else if (action === "board-print") {
      showPaper();
      window.print();
    } else if (action === "board-docx") {
      downloadDocx();
    }
  }

  function start() {
    var noscript = $("[data-assess-noscript]");
    if (noscript) noscript.hidden = true;
    document.documentElement.classList.add("le-assess-live");
    $all("[data-controls]").forEach(buildControls);
    var tools = $("[data-assess-tools]");
    if (tools) tools.hidden = false;
    var teamTools = $("[data-team-tools]");
    if (teamTools) teamTools.hidden = !WS;
    var article = $("article") || document.body;
    article.addEventListener("input", onStepInput);
    article.addEventListener("input", onCoverInput);
    article.addEventListener("click", onClick);
    var choose = $("[data-assess-choose]");
    if (choose) choose.addEventListener("change", function () {
      var item = WS ? WS.get(choose.value) : null;
      if (item) { open(item); message(""); }
    });
    var name = $("[data-assess-name]");
    if (name) name.addEventListener("input", function () {
      ensureCurrent();
      current.name = name.value.slice(0, 500);
      save();
      fillChooser();
      showProgress();
      showPaper();
    });
    var loadInput = $("[data-load-file]");
    if (loadInput) loadInput.addEventListener("change", function () { loadFile(loadInput.files[0]); });
    var teamInput = $("[data-team-file]");
    if (teamInput) teamInput.addEventListener("change", function () { loadTeamFiles(teamInput.files); });
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(showResults, 200);
    });
    window.addEventListener("afterprint", function () {
      var board = $("[data-board]");
      if (board && board.hidden) document.documentElement.classList.remove("le-print-board");
    });

    if (!WS) { message(t("unavailable")); open(null); return; }
    var st = WS.status();
    if (!st.available) message(t("unavailable"));
    WS.on(function () {
      if (!current) { fillChooser(); return; }
      var fresh = WS.get(current.id);
      if (fresh && fresh.updated !== current.updated) open(fresh);
      else fillChooser();
    });
    var want = requested(), items = assessments();
    var first = (want && WS.get(want)) || items[0] || null;
    if (first && first.type !== "assessment") first = items[0] || null;
    open(first);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
