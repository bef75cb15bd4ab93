/* Checklist pages: statuses and notes saved in this browser, a progress summary, a file to take the
   answers elsewhere, and the filled-in checklist as Markdown or CSV. Progressive enhancement: the page
   reads and prints without this script. No dependency; every text comes from the page's strings. */
(function () {
  "use strict";

  var SCHEMA = "lived-experience-checklist";
  var VERSION = 1;
  var DEFAULT_STATUS = "not-started";
  var ID = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
  var MAX_FILE = 1048576, MAX_ANSWERS = 1000, MAX_NOTES = 100000;

  var source = document.getElementById("le-checklist-data");
  if (!source || !window.JSON || !document.querySelector) return;
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  var S = data.strings || {};
  var L = data.labels || {};
  var key = "le-checklist:" + data.checklist;
  var tools = document.querySelector("[data-checklist-tools]");
  var progressEl = document.querySelector("[data-progress]");
  var messageEl = document.querySelector("[data-message]");
  var fileInput = document.querySelector("[data-import-file]");
  var answers = {};      // question id -> {status, notes}; also ids this page no longer has
  var storage = null;

  function has(obj, name) { return Object.prototype.hasOwnProperty.call(obj, name); }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, name) { return has(values, name) ? String(values[name]) : m; });
  }
  function say(text) { if (messageEl) messageEl.textContent = text || ""; }

  // ---------------------------------------------------------------------------- the saved record

  function record() {
    return { schema: SCHEMA, version: VERSION, checklist: data.checklist, title: data.title,
             updated: new Date().toISOString(), answers: answers };
  }

  /* A record from storage or a file, checked field by field; null when it is not one of ours. */
  function parseRecord(obj) {
    if (!isObject(obj) || obj.schema !== SCHEMA || obj.version !== VERSION) return null;
    for (var field in obj) {
      if (has(obj, field) && ["schema", "version", "checklist", "title", "updated", "answers"].indexOf(field) < 0) return null;
    }
    if (typeof obj.checklist !== "string" || !ID.test(obj.checklist)) return null;
    if (has(obj, "title") && (typeof obj.title !== "string" || obj.title.length > 500)) return null;
    if (typeof obj.updated !== "string" || obj.updated.length > 40 || isNaN(Date.parse(obj.updated))) return null;
    if (!isObject(obj.answers)) return null;
    var ids = Object.keys(obj.answers);
    if (ids.length > MAX_ANSWERS) return null;
    var clean = {};
    for (var i = 0; i < ids.length; i++) {
      var a = obj.answers[ids[i]];
      if (!ID.test(ids[i]) || !isObject(a)) return null;
      for (var k in a) { if (has(a, k) && k !== "status" && k !== "notes") return null; }
      if (typeof a.status !== "string" || !has(data.statuses, a.status)) return null;
      if (has(a, "notes") && (typeof a.notes !== "string" || a.notes.length > MAX_NOTES)) return null;
      clean[ids[i]] = { status: a.status, notes: a.notes || "" };
    }
    return { checklist: obj.checklist, title: obj.title, answers: clean };
  }

  function openStorage() {
    try {
      var s = window.localStorage, probe = "le-checklist-probe";
      s.setItem(probe, probe);
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  }

  function load() {
    if (!storage) return;
    var parsed = null;
    try { parsed = parseRecord(JSON.parse(storage.getItem(key))); } catch (e) { parsed = null; }
    answers = parsed && parsed.checklist === data.checklist ? parsed.answers : {};
  }

  function save() {
    if (!storage) return;
    try {
      if (Object.keys(answers).length) storage.setItem(key, JSON.stringify(record()));
      else storage.removeItem(key);
    } catch (e) {
      storage = null;
      say(S.storage_unavailable);
    }
  }

  // ---------------------------------------------------------------------------- the page

  function questionEls() { return document.querySelectorAll("[data-question]"); }

  function answerFor(id) {
    var a = has(answers, id) ? answers[id] : null;
    return { status: a ? a.status : DEFAULT_STATUS, notes: a ? a.notes : "" };
  }

  function notesMirror(el) {
    var mirror = el.querySelector("[data-notes-print]");
    if (!mirror) {
      var controls = el.querySelector("[data-controls]");
      mirror = document.createElement("div");
      mirror.className = "le-notes__print";
      mirror.setAttribute("data-notes-print", "");
      mirror.setAttribute("aria-hidden", "true");
      controls.appendChild(mirror);
    }
    return mirror;
  }

  function show() {
    var els = questionEls();
    for (var i = 0; i < els.length; i++) {
      var el = els[i], a = answerFor(el.getAttribute("data-question"));
      var radios = el.querySelectorAll("input[type=radio]");
      for (var j = 0; j < radios.length; j++) radios[j].checked = radios[j].value === a.status;
      el.querySelector("textarea").value = a.notes;
      notesMirror(el).textContent = a.notes;
    }
    progress();
  }

  function progress() {
    var count = { "done": 0, "in-progress": 0, "not-applicable": 0 };
    for (var i = 0; i < data.questions.length; i++) {
      var status = answerFor(data.questions[i].id).status;
      if (has(count, status)) count[status] += 1;
    }
    var text = fill(S.progress, { done: count["done"], total: data.questions.length,
                                  progress: count["in-progress"], na: count["not-applicable"] });
    if (storage) text += " " + (S.saved || "");
    if (progressEl && progressEl.textContent !== text) progressEl.textContent = text;
  }

  function read(el) {
    var id = el.getAttribute("data-question");
    var checked = el.querySelector("input[type=radio]:checked");
    var status = checked ? checked.value : DEFAULT_STATUS;
    var notes = el.querySelector("textarea").value;
    if (status === DEFAULT_STATUS && !notes) delete answers[id];
    else answers[id] = { status: status, notes: notes };
    notesMirror(el).textContent = notes;
    save();
    progress();
  }

  function onEdit(event) {
    var el = event.target.closest ? event.target.closest("[data-question]") : null;
    if (el && (event.target.type === "radio" || event.target.tagName === "TEXTAREA")) read(el);
  }

  // ---------------------------------------------------------------------------- files

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  function csvCell(value) {
    var text = String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* A note that starts like a formula gets a leading apostrophe, so that a spreadsheet shows it as text. */
  function inert(text) { return /^[=+\-@\t\r]/.test(text) ? "'" + text : text; }

  function columns(q, a) {
    return { number: q.number, stage: stageTitle(q.stage), question: q.text, guidance: q.guidance, why: q.why,
             involve: q.involve.join(", "), status: data.statuses[a.status], notes: a.notes, id: q.id };
  }

  function stageTitle(number) {
    for (var i = 0; i < data.stages.length; i++) if (data.stages[i].number === number) return data.stages[i].title;
    return "";
  }

  function asCsv() {
    var rows = [data.csv_columns.map(function (c) { return csvCell(L["csv." + c]); }).join(",")];
    data.questions.forEach(function (q) {
      var cells = columns(q, answerFor(q.id));
      rows.push(data.csv_columns.map(function (c) { return csvCell(c === "notes" ? inert(cells[c]) : cells[c]); }).join(","));
    });
    return "\ufeff" + rows.join("\r\n") + "\r\n";
  }

  function asMarkdown() {
    var lines = ["# " + data.heading, ""];
    if (data.address) lines.push(L["checklist.printed_from"] + " " + data.address, "");
    data.stages.forEach(function (stage) {
      lines.push("## " + L["checklist.stage"] + " " + stage.number + ": " + stage.title, "");
      data.questions.forEach(function (q) {
        if (q.stage !== stage.number) return;
        var a = answerFor(q.id);
        var label = q.tailored ? L["checklist.for_this_role"] : L["checklist.general_guidance"];
        lines.push("- [" + (a.status === "done" ? "x" : " ") + "] **" + q.number + ". " + q.text + "**");
        lines.push(("  - " + label + " " + q.guidance).replace(/\n/g, " "));
        lines.push(("  - " + L["checklist.why"] + " " + q.why).replace(/\n/g, " "));
        if (q.involve.length) lines.push("  - " + L["checklist.involve"] + " " + q.involve.join(", "));
        lines.push("  - " + L["csv.status"] + ": " + data.statuses[a.status]);
        lines.push("  - " + L["csv.notes"] + ": " + a.notes.replace(/\r\n?/g, "\n").replace(/\n/g, "\n    "));
      });
      lines.push("");
    });
    return lines.join("\n");
  }

  function importFile(file) {
    fileInput.value = "";
    if (!file) return;
    if (file.size > MAX_FILE) { say(S.import_invalid); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var parsed = null;
      try { parsed = parseRecord(JSON.parse(String(reader.result).replace(/^\ufeff/, ""))); } catch (e) { parsed = null; }
      if (!parsed) { say(S.import_invalid); return; }
      if (parsed.checklist !== data.checklist) {
        say(fill(S.import_other, { title: parsed.title || parsed.checklist }));
        return;
      }
      var count = Object.keys(parsed.answers).filter(function (id) {
        var a = parsed.answers[id];
        return a.status !== DEFAULT_STATUS || a.notes;
      }).length;
      if (!window.confirm(fill(S.confirm_import, { count: count }))) { say(S.import_cancelled); return; }
      answers = parsed.answers;
      save();
      show();
      say(S.imported);
    };
    reader.onerror = function () { say(S.import_invalid); };
    reader.readAsText(file);
  }

  var actions = {
    "export-json": function () {
      download(data.checklist + "-checklist-" + today() + ".json", "application/json", JSON.stringify(record(), null, 2) + "\n");
    },
    "import-json": function () { say(""); fileInput.click(); },
    "download-md": function () { download(data.checklist + "-checklist.md", "text/markdown;charset=utf-8", asMarkdown()); },
    "download-csv": function () { download(data.checklist + "-checklist.csv", "text/csv;charset=utf-8", asCsv()); },
    "print": function () { window.print(); },
    "clear": function () {
      if (!window.confirm(S.confirm_clear)) { say(S.import_cancelled); return; }
      answers = {};
      save();
      show();
      say(S.cleared);
    }
  };

  // ---------------------------------------------------------------------------- start

  storage = openStorage();
  load();
  var controls = document.querySelectorAll("[data-controls]");
  for (var i = 0; i < controls.length; i++) controls[i].hidden = false;
  if (tools) tools.hidden = false;
  show();
  if (!storage) say(S.storage_unavailable);

  document.addEventListener("change", onEdit);
  document.addEventListener("input", onEdit);
  if (tools) {
    tools.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-action]") : null;
      var action = button && actions[button.getAttribute("data-action")];
      if (action) action();
    });
  }
  if (fileInput) fileInput.addEventListener("change", function () { importFile(fileInput.files && fileInput.files[0]); });
  window.addEventListener("storage", function (event) {
    if (event.key === key && storage) { load(); show(); }  // the same checklist changed in another tab
  });
})();
