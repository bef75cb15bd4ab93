/* The shared workspace: every checklist and self-assessment a reader saves in this browser, one file
   to move them all, and a comparison view when a loaded file holds an item that is already here.

   window.LEWorkspace (all synchronous). Items live in localStorage, one key per item
   ("le-work:item:<id>"). Nothing here sends anything anywhere, runs a loaded file's text or inserts it
   as HTML: every text goes into the page through textContent. Plain ES5-style code, no dependency.

   The page says what the guide holds in <script type="application/json" id="le-workspace-data">
   (macros/templates/workspace_data.html.j2): fingerprints of the question and step wording, the
   statuses and levels, the labels and the workspace.* strings. */
(function () {
  "use strict";

  var PREFIX = "le-work:item:";
  var MIGRATED = "le-work:migrated:";
  var LEGACY = "le-checklist:";
  var SCHEMA = "lived-experience-workspace";
  var VERSION = 1;
  var ITEM_ID = /^[a-z0-9-]{3,64}$/;
  var ID = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
  var DAY = /^\d{4}-\d{2}-\d{2}$/;
  var FP = /^[A-Za-z0-9_-]{1,64}$/;
  var MAX_FILE = 5 * 1048576, MAX_ITEMS = 500, MAX_ROWS = 2000, MAX_NOTES = 100000, MAX_SHORT = 500;
  var DEFAULT_STATUSES = ["not-started", "in-progress", "done", "not-applicable"];
  var DEFAULT_LEVELS = ["not-started", "planned", "in-place", "embedded"];
  var ASKS = ["approve", "discuss", "note", ""];
  var STEP_FIELDS = ["now", "target", "notes", "lead", "due", "skip", "reason"];
  var COVER_FIELDS = ["organisation", "date", "author", "ask"];

  var config = { guide_version: "", questions: {}, steps: {}, statuses: DEFAULT_STATUSES, levels: DEFAULT_LEVELS,
                 question_text: {}, step_text: {}, checklists: {}, labels: {}, strings: {}, fallback: {}, my_work: "",
                 checklist_base: "" };
  var storage = null, blocked = false, persistent = null, asked = false;
  var memory = {};       // items whose last write failed (or every item when there is no storage)
  var listeners = [];

  function has(obj, name) { return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, name); }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function copy(v) { return JSON.parse(JSON.stringify(v)); }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, name) { return has(values, name) ? String(values[name]) : m; });
  }
  var marked = {};       // texts made from strings that fell back to another language (English) → that language
  function text(key, values) {
    var out = fill(has(config.strings, key) ? config.strings[key] : key, values || {});
    if (has(config.fallback, key)) marked[out] = config.fallback[key];
    return out;
  }
  /* The language to mark on an element that shows exactly this text, when it came from a string the
     page's language lacks ("" otherwise, and for text put together from several pieces). */
  function langOf(value) { return has(marked, String(value)) ? marked[String(value)] : ""; }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function onlyKeys(obj, allowed) {
    for (var k in obj) { if (has(obj, k) && allowed.indexOf(k) < 0) return false; }
    return true;
  }
  function isText(v, max) { return typeof v === "string" && v.length <= max; }
  function isDate(v) { return typeof v === "string" && v.length <= 40 && !isNaN(Date.parse(v)); }

  function configure(extra) {
    if (!isObject(extra)) return config;
    for (var k in extra) { if (has(extra, k) && has(config, k)) config[k] = extra[k]; }
    return config;
  }

  function readPageConfig() {
    var el = document.getElementById("le-workspace-data");
    if (!el) return;
    try { configure(JSON.parse(el.textContent)); } catch (e) { /* the page's own data: leave the defaults */ }
  }

  // ---------------------------------------------------------------------------- items, checked

  function newId(type) {
    var id = (type === "assessment" ? "a-" : "c-");
    var bytes = null;
    try { bytes = window.crypto.getRandomValues(new Uint8Array(10)); } catch (e) { bytes = null; }
    for (var i = 0; i < 10; i++) id += ((bytes ? bytes[i] : Math.floor(Math.random() * 256)) % 36).toString(36);
    return id;
  }

  /* A clean copy of an item (from storage, a file or a page), or null when it is not a valid item.
     Known fields only; ids, dates, statuses and levels checked; missing step fields filled in. */
  function clean(obj) {
    if (!isObject(obj)) return null;
    if (obj.type !== "checklist" && obj.type !== "assessment") return null;
    var common = ["type", "id", "name", "started", "updated"];
    var own = obj.type === "checklist" ? ["checklist", "answers"] : ["steps", "cover"];
    if (!onlyKeys(obj, common.concat(own))) return null;
    if (typeof obj.id !== "string" || !ITEM_ID.test(obj.id)) return null;
    if (!isText(obj.name, MAX_SHORT)) return null;
    if (typeof obj.started !== "string" || !DAY.test(obj.started)) return null;
    if (!isDate(obj.updated)) return null;
    var out = { type: obj.type, id: obj.id, name: obj.name, started: obj.started, updated: obj.updated };
    var ids, i;
    if (obj.type === "checklist") {
      if (typeof obj.checklist !== "string" || !ID.test(obj.checklist) || !isObject(obj.answers)) return null;
      ids = Object.keys(obj.answers);
      if (ids.length > MAX_ROWS) return null;
      out.checklist = obj.checklist;
      out.answers = {};
      for (i = 0; i < ids.length; i++) {
        var a = obj.answers[ids[i]];
        if (!ID.test(ids[i]) || !isObject(a) || !onlyKeys(a, ["status", "notes"])) return null;
        if (typeof a.status !== "string" || config.statuses.indexOf(a.status) < 0) return null;
        if (has(a, "notes") && !isText(a.notes, MAX_NOTES)) return null;
        out.answers[ids[i]] = { status: a.status, notes: a.notes || "" };
      }
      return out;
    }
    if (!isObject(obj.steps)) return null;
    ids = Object.keys(obj.steps);
    if (ids.length > MAX_ROWS) return null;
    out.steps = {};
    for (i = 0; i < ids.length; i++) {
      var st = obj.steps[ids[i]];
      if (!ID.test(ids[i]) || !isObject(st) || !onlyKeys(st, STEP_FIELDS)) return null;
      var row = { now: "", target: "", notes: "", lead: "", due: "", skip: false, reason: "" };
      for (var f = 0; f < STEP_FIELDS.length; f++) {
        var name = STEP_FIELDS[f];
        if (!has(st, name)) continue;
        var v = st[name];
        if (name === "skip") { if (typeof v !== "boolean") return null; }
        else if (name === "now" || name === "target") { if (typeof v !== "string" || (v !== "" && config.levels.indexOf(v) < 0)) return null; }
        else if (name === "due") { if (typeof v !== "string" || (v !== "" && !DAY.test(v))) return null; }
        else if (!isText(v, name === "notes" ? MAX_NOTES : (name === "reason" ? 5000 : MAX_SHORT))) return null;
        row[name] = v;
      }
      out.steps[ids[i]] = row;
    }
    var cover = { organisation: "", date: "", author: "", ask: "" };
    if (has(obj, "cover")) {
      if (!isObject(obj.cover) || !onlyKeys(obj.cover, COVER_FIELDS)) return null;
      for (var c = 0; c < COVER_FIELDS.length; c++) {
        var key = COVER_FIELDS[c];
        if (!has(obj.cover, key)) continue;
        if (!isText(obj.cover[key], MAX_SHORT)) return null;
        if (key === "ask" && ASKS.indexOf(obj.cover[key]) < 0) return null;
        cover[key] = obj.cover[key];
      }
    }
    out.cover = cover;
    return out;
  }

  // ---------------------------------------------------------------------------- storage

  function openStorage() {
    try {
      var s = window.localStorage, probe = "le-work:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      blocked = true;
      return null;
    }
  }

  function failure(e) {
    var name = e && e.name, code = e && e.code;
    return (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014) ? "full" : "unavailable";
  }

  function write(item) {
    var clone = copy(item);
    memory[clone.id] = clone;
    if (!storage) return { ok: false, reason: "unavailable" };
    try {
      storage.setItem(PREFIX + clone.id, JSON.stringify(clone));
    } catch (e) {
      return { ok: false, reason: failure(e) };
    }
    delete memory[clone.id];
    return { ok: true };
  }

  function readStored(id) {
    if (!storage) return null;
    try { return clean(JSON.parse(storage.getItem(PREFIX + id))); } catch (e) { return null; }
  }

  function storedIds() {
    var ids = [];
    if (!storage) return ids;
    try {
      for (var i = 0; i < storage.length; i++) {
        var k = storage.key(i);
        if (k && k.indexOf(PREFIX) === 0) ids.push(k.slice(PREFIX.length));
      }
    } catch (e) { /* storage went away */ }
    return ids;
  }

  function get(id) {
    if (has(memory, id)) return copy(memory[id]);
    return readStored(id);
  }

  function list(type) {
    var seen = {}, out = [], ids = storedIds().concat(Object.keys(memory));
    for (var i = 0; i < ids.length; i++) {
      if (has(seen, ids[i])) continue;
      seen[ids[i]] = true;
      var item = get(ids[i]);
      if (item && (!type || item.type === type)) out.push(item);
    }
    out.sort(function (a, b) { return a.updated < b.updated ? 1 : (a.updated > b.updated ? -1 : 0); });
    return out;
  }

  function create(type, fields) {
    var item = { type: type, id: newId(type), name: "", started: today(), updated: new Date().toISOString() };
    if (type === "checklist") { item.checklist = "new-role"; item.answers = {}; }
    else { item.steps = {}; item.cover = { organisation: "", date: "", author: "", ask: "" }; }
    for (var k in fields || {}) { if (has(fields, k) && k !== "type" && k !== "id") item[k] = fields[k]; }
    var result = write(item);
    return { ok: result.ok, reason: result.reason, item: item };
  }

  function save(item) {
    item.updated = new Date().toISOString();
    return write(item);
  }

  function remove(id) {
    var item = get(id);
    delete memory[id];
    if (storage) { try { storage.removeItem(PREFIX + id); } catch (e) { /* nothing to remove */ } }
    return item;
  }

  function restore(item) { return write(item); }

  function isUnsaved(id) { return has(memory, id); }

  /* Answers saved by the first checklist (one record per checklist, "le-checklist:<id>") become named
     checklists. The old record is left as it was; a marker stops it coming back once deleted. */
  function migrate() {
    if (!storage) return 0;
    var keys = [], count = 0;
    try {
      for (var i = 0; i < storage.length; i++) {
        var k = storage.key(i);
        if (k && k.indexOf(LEGACY) === 0) keys.push(k);
      }
    } catch (e) { return 0; }
    for (var j = 0; j < keys.length; j++) {
      var checklist = keys[j].slice(LEGACY.length);
      try {
        if (storage.getItem(MIGRATED + checklist)) continue;
        var raw = JSON.parse(storage.getItem(keys[j])), old = legacyRecord(raw);
        if (!old || old.checklist !== checklist) continue;
        // an untitled record is named after its checklist: on a page that knows that title (its own
        // checklist page, My work), not here
        if (!raw.title && !has(config.checklists, checklist)) continue;
        var item = { type: "checklist", id: ("c-old-" + checklist).slice(0, 64), name: old.name, started: old.updated.slice(0, 10),
                     updated: old.updated, checklist: checklist, answers: old.answers };
        if (!clean(item)) continue;
        storage.setItem(PREFIX + item.id, JSON.stringify(item));
        storage.setItem(MIGRATED + checklist, item.id);
        count += 1;
      } catch (e) { /* leave it for next time */ }
    }
    return count;
  }

  /* The first checklist's saved record and file format: {schema: "lived-experience-checklist",
     version: 1, checklist, title?, updated, answers}. */
  function legacyRecord(obj) {
    if (!isObject(obj) || obj.schema !== "lived-experience-checklist" || obj.version !== 1) return null;
    if (!onlyKeys(obj, ["schema", "version", "checklist", "title", "updated", "answers"])) return null;
    if (has(obj, "title") && !isText(obj.title, MAX_SHORT)) return null;
    if (!isDate(obj.updated) || typeof obj.checklist !== "string" || !ID.test(obj.checklist)) return null;
    var probe = clean({ type: "checklist", id: "c-probe", name: "", started: "2000-01-01", updated: obj.updated,
                        checklist: obj.checklist, answers: obj.answers });
    if (!probe) return null;
    var title = obj.title || (has(config.checklists, obj.checklist) ? config.checklists[obj.checklist] : obj.checklist);
    return { checklist: obj.checklist, name: String(title), updated: new Date(Date.parse(obj.updated)).toISOString(), answers: probe.answers };
  }

  function status() {
    var fileUrl = window.location.protocol === "file:";
    return { available: !!storage, persistent: persistent, fileUrl: fileUrl,
             reason: !storage ? "blocked" : (fileUrl ? "file" : "") };
  }

  function requestPersistence(callback) {
    var done = function () { if (callback) callback(status()); };
    var st = navigator.storage;
    if (asked || !storage || !st || typeof st.persist !== "function") { done(); return; }
    asked = true;
    try {
      st.persist().then(function (granted) { persistent = !!granted; done(); }, function () { persistent = false; done(); });
    } catch (e) { persistent = false; done(); }
  }

  function on(callback) { listeners.push(callback); }

  // ---------------------------------------------------------------------------- the file

  function sortedObject(obj) {
    var out = {}, keys = Object.keys(obj || {}).sort();
    for (var i = 0; i < keys.length; i++) out[keys[i]] = obj[keys[i]];
    return out;
  }

  function toFile(items, saved) {
    var cleaned = (items || []).map(function (item) { return clean(item) || item; });
    var file = { schema: SCHEMA, schema_version: VERSION, guide_version: config.guide_version || "",
                 saved: saved || new Date().toISOString(), questions: sortedObject(config.questions),
                 steps: sortedObject(config.steps), items: cleaned };
    return JSON.stringify(file, null, 2) + "\n";
  }

  function parseFile(textIn) {
    if (typeof textIn !== "string") return { ok: false, error: "not_json" };
    if (textIn.length > MAX_FILE) return { ok: false, error: "too_large" };
    var obj;
    try { obj = JSON.parse(textIn.replace(/^\ufeff/, "")); } catch (e) { return { ok: false, error: "not_json" }; }
    var old = legacyRecord(obj);
    if (old) {   // a file saved by the first checklist: one checklist, no fingerprints
      return { ok: true, legacy: true, file: { schema: SCHEMA, schema_version: VERSION, guide_version: "", saved: old.updated,
               questions: {}, steps: {}, items: [{ type: "checklist", id: newId("checklist"), name: old.name,
               started: old.updated.slice(0, 10), updated: old.updated, checklist: old.checklist, answers: old.answers }] } };
    }
    if (!isObject(obj) || obj.schema !== SCHEMA) return { ok: false, error: "not_workspace" };
    if (typeof obj.schema_version === "number" && obj.schema_version > VERSION) return { ok: false, error: "newer_version" };
    if (obj.schema_version !== VERSION) return { ok: false, error: "not_workspace" };
    if (!onlyKeys(obj, ["schema", "schema_version", "guide_version", "saved", "questions", "steps", "items"])) return { ok: false, error: "not_workspace" };
    if (!isText(obj.guide_version, 64) || !isDate(obj.saved)) return { ok: false, error: "not_workspace" };
    var maps = ["questions", "steps"];
    for (var m = 0; m < maps.length; m++) {
      var map = obj[maps[m]];
      if (!isObject(map) || Object.keys(map).length > MAX_ROWS) return { ok: false, error: "not_workspace" };
      for (var k in map) { if (has(map, k) && (!ID.test(k) || typeof map[k] !== "string" || !FP.test(map[k]))) return { ok: false, error: "not_workspace" }; }
    }
    if (!Array.isArray(obj.items) || obj.items.length > MAX_ITEMS) return { ok: false, error: "bad_item" };
    var items = [], ids = {};
    for (var i = 0; i < obj.items.length; i++) {
      var item = clean(obj.items[i]);
      if (!item || has(ids, item.id)) return { ok: false, error: "bad_item" };
      ids[item.id] = true;
      items.push(item);
    }
    return { ok: true, file: { schema: SCHEMA, schema_version: VERSION, guide_version: obj.guide_version, saved: obj.saved,
             questions: copy(obj.questions), steps: copy(obj.steps), items: items } };
  }

  /* Which questions and steps were worded differently when the file was saved. */
  function changedSince(file) {
    var out = { questions: [], steps: [], guideChanged: false };
    if (!file || !file.guide_version || file.guide_version === config.guide_version) return out;
    out.guideChanged = true;
    var maps = ["questions", "steps"];
    for (var m = 0; m < maps.length; m++) {
      var theirs = file[maps[m]] || {}, ours = config[maps[m]] || {};
      for (var id in theirs) { if (has(theirs, id) && has(ours, id) && ours[id] !== theirs[id]) out[maps[m]].push(id); }
    }
    return out;
  }

  function download(filename, content, mimeType) {
    var blob = content instanceof Blob ? content : new Blob([content], { type: mimeType || "application/octet-stream" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ---------------------------------------------------------------------------- progress, compare, merge

  function rowsOf(item) { return item.type === "checklist" ? item.answers : item.steps; }
  /* The guide's questions (or steps) in its own order: by number ("3", "3.1", "12"). */
  function orderOf(item) {
    var isChecklist = item.type === "checklist", ids = Object.keys(isChecklist ? config.questions : config.steps);
    var numbers = isChecklist ? config.question_text : config.step_text;
    function parts(id) { return String(has(numbers, id) ? numbers[id].number : "99999").split(".").map(function (n) { return parseInt(n, 10) || 0; }); }
    return ids.sort(function (a, b) {
      var x = parts(a), y = parts(b);
      for (var i = 0; i < Math.max(x.length, y.length); i++) {
        if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
      }
      return a < b ? -1 : 1;
    });
  }
  function blankRow(item) {
    return item.type === "checklist" ? { status: config.statuses[0], notes: "" }
                                      : { now: "", target: "", notes: "", lead: "", due: "", skip: false, reason: "" };
  }
  function answered(item, row) {
    return item.type === "checklist" ? row.status !== config.statuses[0] : (row.now !== "" || row.skip === true);
  }

  /* {answered, total, done}: checklists count questions with a status (done counts "done"); assessments
     count steps rated or skipped, out of all steps. Only the guide's current questions and steps count. */
  function progress(item) {
    var order = orderOf(item), rows = rowsOf(item) || {}, n = 0, done = 0;
    for (var i = 0; i < order.length; i++) {
      if (!has(rows, order[i])) continue;
      if (answered(item, rows[order[i]])) n += 1;
      if (item.type === "checklist" && rows[order[i]].status === "done") done += 1;
    }
    return { answered: n, total: order.length, done: done };
  }

  function sameRow(a, b) { return JSON.stringify(sortedObject(a)) === JSON.stringify(sortedObject(b)); }

  /* One row per question (or step) in either item, in the guide's order: {id, mine, theirs, same}. */
  function diff(mine, theirs) {
    var order = orderOf(mine), a = rowsOf(mine) || {}, b = rowsOf(theirs) || {}, seen = {}, rows = [];
    var ids = order.concat(Object.keys(a), Object.keys(b));
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      if (has(seen, id) || (!has(a, id) && !has(b, id))) continue;
      seen[id] = true;
      var x = has(a, id) ? copy(a[id]) : blankRow(mine), y = has(b, id) ? copy(b[id]) : blankRow(mine);
      rows.push({ id: id, mine: x, theirs: y, same: sameRow(x, y) });
    }
    return rows;
  }

  function bothNotes(a, b) {
    a = a || ""; b = b || "";
    if (!a || a === b) return b || a;
    if (!b) return a;
    return a + "\n\n" + b;
  }

  /* A copy of mine with, per row, choices[id] (or fallback): "mine", "theirs" or "both" (my status,
     both notes). */
  function merge(mine, theirs, choices, fallback) {
    var out = copy(mine), rows = diff(mine, theirs), target = rowsOf(out);
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], choice = (choices && has(choices, r.id)) ? choices[r.id] : (fallback || "mine");
      if (r.same || choice === "mine") continue;
      var row = choice === "theirs" ? r.theirs : r.mine;
      if (choice === "both") row.notes = bothNotes(r.mine.notes, r.theirs.notes);
      if (answered(mine, row) || row.notes || (mine.type === "assessment" && (row.target || row.lead || row.due || row.reason))) target[r.id] = row;
      else delete target[r.id];
    }
    return out;
  }

  // ---------------------------------------------------------------------------- the comparison view

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) { if (has(attrs, k)) node.setAttribute(k, attrs[k]); }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
      if (langOf(content)) node.setAttribute("lang", langOf(content));
    }
    return node;
  }

  function rowLabel(item, id) {
    var t = item.type === "checklist" ? config.question_text[id] : config.step_text[id];
    return t ? t.number + ". " + t.text : id;
  }

  function describe(item, row) {
    var parts = [];
    if (item.type === "checklist") {
      parts.push([text("compare.status"), has(config.labels, "status." + row.status) ? config.labels["status." + row.status] : row.status]);
    } else {
      var lv = function (v) { return v ? (has(config.labels, "level." + v) ? config.labels["level." + v] : v) : text("compare.unrated"); };
      if (row.skip) parts.push([text("compare.skip"), row.reason || ""]);
      else parts.push([text("compare.now"), lv(row.now)], [text("compare.target"), lv(row.target)]);
      if (row.lead) parts.push([text("compare.lead"), row.lead]);
      if (row.due) parts.push([text("compare.due"), row.due]);
    }
    parts.push([text("compare.notes"), row.notes || text("compare.no_notes")]);
    return parts;
  }

  function cell(item, row, who) {
    var td = el("td");
    td.appendChild(el("p", { "class": "le-compare__who", "aria-hidden": "true" }, text(who)));   // the column's name, on narrow screens
    var parts = describe(item, row);
    for (var i = 0; i < parts.length; i++) {
      var p = el("p");
      p.appendChild(el("strong", null, parts[i][0] + ": "));
      var span = el("span", { "class": "le-compare__value" }, parts[i][1]);
      p.appendChild(span);
      td.appendChild(p);
    }
    return td;
  }

  var CHOICES = ["mine", "theirs", "both"];

  /* Shows mine beside theirs where they differ, with a choice per row and for all, in `container`.
     options.onApply(merged, choices) after "Apply"; options.onCancel() after "Cancel". `file` (the
     parsed file, optional) lets the view say which questions or steps changed since it was saved. */
  function compareView(container, mine, theirs, options, file) {
    options = options || {};
    var rows = diff(mine, theirs), differing = rows.filter(function (r) { return !r.same; });
    var uid = "le-compare-" + mine.id;
    container.textContent = "";
    var section = el("section", { "class": "le-compare", "aria-labelledby": uid + "-title", "data-compare": mine.id });
    section.appendChild(el("h2", { id: uid + "-title", tabindex: "-1" }, text("compare.title", { name: mine.name || theirs.name })));
    section.appendChild(el("p", null, text("compare.intro", { differ: differing.length, same: rows.length - differing.length })));
    var changed = changedSince(file);
    if (changed.guideChanged) {
      var ids = mine.type === "checklist" ? changed.questions : changed.steps;
      var note = el("div", { "class": "le-compare__changed", "data-changed": "" });
      note.appendChild(el("p", null, ids.length ? text("compare.changed", { count: ids.length }) : text("compare.changed_none")));
      if (ids.length) {
        var ul = el("ul");
        for (var c = 0; c < ids.length; c++) ul.appendChild(el("li", { "data-changed-id": ids[c] }, rowLabel(mine, ids[c])));
        note.appendChild(ul);
      }
      section.appendChild(note);
    }
    var all = el("div", { "class": "le-buttons le-compare__all" });
    for (var a = 0; a < CHOICES.length; a++) {
      all.appendChild(el("button", { type: "button", "class": "md-button", "data-choose-all": CHOICES[a] }, text("compare.all_" + CHOICES[a])));
    }
    section.appendChild(all);
    var table = el("table", { "class": "le-compare__table" });
    table.appendChild(el("caption", null, text("compare.caption", { name: mine.name || theirs.name })));
    var head = el("tr");
    ["compare.col_question", "compare.col_mine", "compare.col_theirs", "compare.col_choice"].forEach(function (k) {
      head.appendChild(el("th", { scope: "col" }, text(mine.type === "checklist" || k !== "compare.col_question" ? k : "compare.col_step")));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody");
    for (var i = 0; i < differing.length; i++) {
      var r = differing[i], tr = el("tr", { "data-compare-row": r.id });
      var th = el("th", { scope: "row", id: uid + "-q-" + r.id }, rowLabel(mine, r.id));
      tr.appendChild(th);
      tr.appendChild(cell(mine, r.mine, "compare.col_mine"));
      tr.appendChild(cell(mine, r.theirs, "compare.col_theirs"));
      var td = el("td");
      var fs = el("fieldset", { "class": "le-compare__choice" });
      fs.appendChild(el("legend", null, text("compare.choice_for", { question: rowLabel(mine, r.id) })));
      for (var j = 0; j < CHOICES.length; j++) {
        var label = el("label");
        var input = el("input", { type: "radio", name: uid + "-" + r.id, value: CHOICES[j] });
        if (j === 0) input.checked = true;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + text("compare.choose_" + CHOICES[j])));
        fs.appendChild(label);
      }
      td.appendChild(fs);
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    if (differing.length) section.appendChild(table);
    var buttons = el("div", { "class": "le-buttons" });
    buttons.appendChild(el("button", { type: "button", "class": "md-button md-button--primary", "data-compare-apply": "" }, text("compare.apply")));
    buttons.appendChild(el("button", { type: "button", "class": "md-button", "data-compare-cancel": "" }, text("compare.cancel")));
    section.appendChild(buttons);
    container.appendChild(section);

    section.addEventListener("click", function (event) {
      var t = event.target;
      if (t.hasAttribute("data-choose-all")) {
        var value = t.getAttribute("data-choose-all"), radios = section.querySelectorAll("input[type=radio]");
        for (var k = 0; k < radios.length; k++) radios[k].checked = radios[k].value === value;
      } else if (t.hasAttribute("data-compare-apply")) {
        var choices = {};
        for (var n = 0; n < differing.length; n++) {
          var checked = section.querySelector("input[name='" + uid + "-" + differing[n].id + "']:checked");
          choices[differing[n].id] = checked ? checked.value : "mine";
        }
        var merged = merge(mine, theirs, choices);
        container.textContent = "";
        if (options.onApply) options.onApply(merged, choices);
      } else if (t.hasAttribute("data-compare-cancel")) {
        container.textContent = "";
        if (options.onCancel) options.onCancel();
      }
    });
    var title = section.querySelector("h2");
    if (title && title.focus) title.focus();
    return section;
  }

  /* Loads a parsed file: items not here are added; identical ones are left; the others are returned
     as pairs to compare ({mine, theirs}). Returns {added: [items], same: n, conflicts: [...], failed}. */
  function addFromFile(file) {
    var out = { added: [], same: 0, conflicts: [], failed: "" };
    for (var i = 0; i < file.items.length; i++) {
      var theirs = file.items[i], mine = get(theirs.id);
      if (!mine) {
        var result = restore(theirs);
        if (!result.ok) out.failed = result.reason;
        out.added.push(theirs);
      } else if (mine.type !== theirs.type || (mine.type === "checklist" && mine.checklist !== theirs.checklist)) {
        var copyItem = copy(theirs);
        copyItem.id = newId(theirs.type);
        var r2 = restore(copyItem);
        if (!r2.ok) out.failed = r2.reason;
        out.added.push(copyItem);
      } else if (diff(mine, theirs).every(function (r) { return r.same; })) {
        out.same += 1;
      } else {
        out.conflicts.push({ mine: mine, theirs: theirs });
      }
    }
    return out;
  }

  /* Reads a File the reader picked; callback(text or null). */
  function readFile(fileObj, callback) {
    if (!fileObj) { callback(null, "not_json"); return; }
    if (fileObj.size > MAX_FILE) { callback(null, "too_large"); return; }
    var reader = new FileReader();
    reader.onload = function () { callback(String(reader.result), ""); };
    reader.onerror = function () { callback(null, "not_json"); };
    reader.readAsText(fileObj);
  }

  /* The plain words for what storage does now, for a page's status line: {text, state} where state
     is "error", "warning" or "". lastResult is the page's last save() result (or null), saved
     whether the page has saved anything yet. */
  function storageMessage(lastResult, saved) {
    var st = status(), words = "";
    if (!st.available) words = text("storage_blocked");
    else if (lastResult && !lastResult.ok) words = text(lastResult.reason === "full" ? "storage_full" : "storage_failed");
    else if (st.fileUrl) words = text("storage_file");
    else if (saved && st.persistent === false) words = text("storage_not_persistent");
    else if (saved && st.persistent === true) words = text("storage_persistent");
    var bad = !st.available || (lastResult && !lastResult.ok);
    return { text: words, state: bad ? "error" : (words && !(saved && st.persistent === true) ? "warning" : "") };
  }

  function failedWords(result) {
    return result && !result.ok ? " " + text(result.reason === "full" ? "storage_full" : "storage_failed") : "";
  }

  /* A CSV file from rows of cells: UTF-8 with a byte order mark (Excel), CRLF, quoted where needed,
     and every cell that starts like a formula (=, +, -, @, tab, carriage return) given a leading
     apostrophe, so that a spreadsheet shows it as text and never runs it. */
  function csv(rows) {
    return "\ufeff" + rows.map(function (cells) {
      return cells.map(function (value) {
        var cell = String(value === undefined || value === null ? "" : value);
        if (/^[=+\-@\t\r]/.test(cell)) cell = "'" + cell;
        return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  /* "Load a file" on any page: reads the file the reader picked, refuses it with a plain reason, or
     adds what is new and opens the comparison view (in opts.area) for each item already here, one
     after another. opts.say(text) shows a message; opts.loaded(result) and opts.applied(merged)
     let the page show the change. */
  function loadInto(fileObj, opts) {
    readFile(fileObj, function (content, error) {
      var parsed = content === null ? { ok: false, error: error } : parseFile(content);
      if (!parsed.ok) { opts.say(text("error." + parsed.error)); return; }
      var result = addFromFile(parsed.file);
      if (opts.loaded) opts.loaded(result);
      opts.say(text("loaded", { added: result.added.length, same: result.same, conflicts: result.conflicts.length }) +
               (result.failed ? " " + text("loaded_not_stored") : ""));
      var queue = result.conflicts.slice();
      (function next() {
        if (!queue.length || !opts.area) return;
        var pair = queue.shift();
        compareView(opts.area, pair.mine, pair.theirs, {
          onApply: function (merged) {
            var saved = save(merged);
            if (opts.applied) opts.applied(merged);
            opts.say(text("compare.applied", { name: merged.name }) + failedWords(saved));
            next();
          },
          onCancel: function () { opts.say(text("compare.cancelled", { name: pair.mine.name })); next(); }
        }, parsed.file);
      })();
    });
  }

  /* <p data-saved-checklists="<checklist id>" data-href="<its page>" data-label="…" hidden>: the
     checklists saved for that role, as links, shown only when there are some (role pages). */
  function savedLists() {
    var nodes = document.querySelectorAll("[data-saved-checklists]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], which = node.getAttribute("data-saved-checklists"), href = node.getAttribute("data-href") || "";
      var items = list("checklist").filter(function (item) { return item.checklist === which; });
      node.textContent = "";
      node.hidden = items.length === 0;
      if (!items.length) continue;
      node.appendChild(el("strong", null, node.getAttribute("data-label") || ""));
      node.appendChild(document.createTextNode(" "));
      for (var j = 0; j < items.length; j++) {
        var p = progress(items[j]);
        node.appendChild(el("a", { href: href + "?item=" + items[j].id }, items[j].name || text("unnamed")));
        node.appendChild(document.createTextNode((p.total ? " (" + p.answered + "/" + p.total + ")" : "") + (j < items.length - 1 ? "; " : "")));
      }
    }
  }

  // ---------------------------------------------------------------------------- start

  readPageConfig();
  storage = openStorage();
  migrate();
  if (storage && navigator.storage && typeof navigator.storage.persisted === "function") {
    try { navigator.storage.persisted().then(function (v) { if (persistent === null) persistent = !!v; }, function () {}); } catch (e) { /* unknown */ }
  }
  window.addEventListener("storage", function (event) {
    if (event.key !== null && String(event.key).indexOf("le-work:") !== 0) return;
    if (event.key) delete memory[String(event.key).slice(PREFIX.length)];
    for (var i = 0; i < listeners.length; i++) { try { listeners[i](event.key); } catch (e) { /* one listener's fault */ } }
    savedLists();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", savedLists);
  else savedLists();

  window.LEWorkspace = {
    status: status, requestPersistence: requestPersistence, list: list, get: get, create: create, save: save,
    remove: remove, restore: restore, toFile: toFile, parseFile: parseFile, download: download, on: on,
    // additions to the agreed API
    configure: configure, config: function () { return config; }, text: text, today: today, newId: newId,
    clean: clean, isUnsaved: isUnsaved, progress: progress, diff: diff, merge: merge, changedSince: changedSince,
    compareView: compareView, addFromFile: addFromFile, readFile: readFile, migrate: migrate,
    storageMessage: storageMessage, failedWords: failedWords, csv: csv, loadInto: loadInto, langOf: langOf
  };
})();
