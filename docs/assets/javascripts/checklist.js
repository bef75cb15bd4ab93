/* Checklist pages: named checklists saved in this browser through the shared workspace
   (workspace.js, loaded first), a progress line that stays in view, "show only unanswered",
   collapsible stages, one file for all saved work (with a comparison view when a loaded file holds a
   checklist that is already here), a short print, and the filled-in checklist as Word, Markdown or
   CSV. Progressive enhancement: the page reads and prints without this script. Every text comes from
   the page's strings; nothing a reader typed or loaded is inserted as HTML.

   Light at load: the controls are in the page's HTML from the start (a <noscript> stylesheet hides
   them without JavaScript), so starting adds and unhides nothing and the page does not move. The
   script writes a control, a mirror or a line only where its value differs from what the page
   already shows (for a first visit: nothing), listens on the document (delegation) instead of on
   each control, and reads no layout. When it is ready it marks the tools with data-ready. */
(function () {
  "use strict";

  var DEFAULT_STATUS = "not-started";
  var W = window.LEWorkspace;
  var source = document.getElementById("le-checklist-data");
  var extra = document.getElementById("le-checklist-strings");
  // when the script cannot run, its controls go (checklist.css), as without JavaScript
  function off() { if (document.documentElement.classList) document.documentElement.classList.add("le-checklist-off"); }
  if (!W || !source || !window.JSON || !document.querySelector) { off(); return; }
  var data, more;
  try { data = JSON.parse(source.textContent); more = extra ? JSON.parse(extra.textContent) : { strings: {} }; } catch (e) { off(); return; }
  var S = data.strings || {};      // js.* strings
  var L = data.labels || {};
  var T = more.strings || {};      // checklist.* strings
  var tools = document.querySelector("[data-checklist-tools]");
  var progressEl = document.querySelector("[data-progress]");
  var messageEl = document.querySelector("[data-message]");
  var storageEl = document.querySelector("[data-storage]");
  var fileInput = document.querySelector("[data-import-file]");
  var nameInput = document.querySelector("[data-item-name]");
  var startedInput = document.querySelector("[data-item-started]");
  var compareArea = document.querySelector("[data-compare-area]");
  var onlyUnanswered = document.querySelector("[data-only-unanswered]");

  var current = null;       // the checklist open on this page (a workspace item)
  var persisted = false;    // whether it has been written (or tried) yet; a new one is kept until first edit
  var lastResult = null;    // what the last write said

  function has(obj, name) { return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, name); }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, name) { return has(values, name) ? String(values[name]) : m; });
  }
  function say(text) { if (messageEl) messageEl.textContent = text || ""; }
  function setText(node, text) { if (node && node.textContent !== text) node.textContent = text; }
  function setHidden(node, hidden) { if (node && node.hidden !== hidden) node.hidden = hidden; }
  function today() { return W.today(); }

  // ---------------------------------------------------------------------------- which checklist

  function fresh() {
    return { type: "checklist", id: W.newId("checklist"), name: fill(T.default_name, { title: data.title, date: today() }),
             started: today(), updated: new Date().toISOString(), checklist: data.checklist, answers: {} };
  }

  function mine() {
    return W.list("checklist").filter(function (item) { return item.checklist === data.checklist; });
  }

  function requested() {
    var match = /[?&]item=([a-z0-9-]{3,64})(?:&|$)/.exec(window.location.search);
    return match ? match[1] : "";
  }

  function choose() {
    var wanted = requested(), item = wanted ? W.get(wanted) : null;
    if (item && item.type === "checklist" && item.checklist === data.checklist) return open(item, true);
    if (item && item.type === "checklist" && data.checklist !== item.checklist) {
      var titles = W.config().checklists || {};
      say(fill(S.import_other, { title: titles[item.checklist] || item.checklist }));
    }
    var saved = mine();
    if (saved.length) open(saved[0], true);
    else open(fresh(), false);
  }

  function open(item, isPersisted) {
    current = item;
    persisted = isPersisted;
    lastResult = isPersisted ? (W.isUnsaved(item.id) ? { ok: false, reason: W.status().available ? "full" : "unavailable" } : { ok: true }) : null;
    if (nameInput) nameInput.value = item.name;
    if (startedInput) startedInput.value = item.started;
    show();
    others();
    address();
  }

  function address() {
    if (!persisted || !window.history || !history.replaceState) return;
    try {
      var search = "?item=" + current.id;
      if (window.location.search !== search) history.replaceState(null, "", search + window.location.hash);
    } catch (e) { /* a file:// page may refuse; the list still finds it */ }
  }

  function others() {
    var list = document.querySelector("[data-others-list]"), none = document.querySelector("[data-others-none]");
    if (!list) return;
    if (list.firstChild) list.textContent = "";
    var items = mine().filter(function (item) { return !current || item.id !== current.id; });
    for (var i = 0; i < items.length; i++) {
      var li = document.createElement("li"), a = document.createElement("a"), p = W.progress(items[i]);
      a.href = "?item=" + items[i].id;
      a.textContent = items[i].name || W.text("unnamed");
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + W.text("progress_checklist", { answered: p.answered, total: p.total, done: p.done })));
      list.appendChild(li);
    }
    setHidden(list, items.length === 0);
    setHidden(none, items.length > 0);
  }

  // ---------------------------------------------------------------------------- saving

  function store() {
    if (!current) return;
    var wasOk = lastResult ? lastResult.ok : true;
    lastResult = W.save(current);
    var first = !persisted;
    persisted = true;
    if (!lastResult.ok && wasOk) say(W.failedWords(lastResult).slice(1));
    if (lastResult.ok && !wasOk) say("");
    if (first) { address(); if (lastResult.ok) W.requestPersistence(storageLine); }
    storageLine();
    progress();
  }

  function storageLine() {
    if (!storageEl) return;
    var m = W.storageMessage(lastResult, persisted);
    setText(storageEl, m.text);
    if (storageEl.getAttribute("data-state") !== m.state) storageEl.setAttribute("data-state", m.state);
  }

  // ---------------------------------------------------------------------------- the page

  function questionEls() { return document.querySelectorAll("[data-question]"); }

  function answerFor(id) {
    var a = current && has(current.answers, id) ? current.answers[id] : null;
    return { status: a ? a.status : DEFAULT_STATUS, notes: a ? a.notes : "" };
  }

  // the answer as print shows it (the page's HTML has them, for an unanswered question)
  function mirrors(el, a) {
    setText(el.querySelector("[data-status-print]"), (T.status_label || "") + " " + data.statuses[a.status]);
    setText(el.querySelector("[data-notes-print]"), a.notes);
  }

  // what a question's controls show, and showing an answer in them (writing only what differs)
  function shown(el) {
    var checked = el.querySelector("input[type=radio]:checked");
    return { status: checked ? checked.value : DEFAULT_STATUS, notes: el.querySelector("textarea").value };
  }

  function put(el, a) {
    var now = shown(el), notes = el.querySelector("textarea");
    if (now.status !== a.status) {
      var radio = el.querySelector("input[type=radio][value='" + a.status + "']");
      if (radio) radio.checked = true;
    }
    if (now.notes !== a.notes) notes.value = a.notes;
  }

  function show() {
    var els = questionEls();
    for (var i = 0; i < els.length; i++) {
      var el = els[i], a = answerFor(el.getAttribute("data-question"));
      put(el, a);
      mirrors(el, a);
    }
    if (onlyUnanswered && onlyUnanswered.checked) filter();
    storageLine();
    progress();
  }

  function counts() {
    var count = { "done": 0, "in-progress": 0, "not-applicable": 0 };
    for (var i = 0; i < data.questions.length; i++) {
      var status = answerFor(data.questions[i].id).status;
      if (has(count, status)) count[status] += 1;
    }
    return count;
  }

  function progressText() {
    var count = counts();
    return fill(S.progress, { done: count["done"], total: data.questions.length, progress: count["in-progress"], na: count["not-applicable"] });
  }

  function progress() {
    var text = progressText();
    if (persisted && lastResult) text += " " + (lastResult.ok ? (S.saved || "") : W.text("unsaved"));
    setText(progressEl, text);
    shortHead();
  }

  function shortHead() {
    function set(sel, value) { setText(document.querySelector(sel), value); }
    set("[data-short-name]", current ? current.name : "");
    set("[data-short-started]", current ? current.started : "");
    set("[data-short-printed]", today());
    set("[data-short-progress]", progressText());
  }

  function read(el) {
    var id = el.getAttribute("data-question"), now = shown(el), before = answerFor(id);
    var status = now.status, notes = now.notes;
    if (before.status === status && before.notes === notes && (persisted || (status === DEFAULT_STATUS && !notes))) return;  // a blur, not an edit
    if (status === DEFAULT_STATUS && !notes) delete current.answers[id];
    else current.answers[id] = { status: status, notes: notes };
    mirrors(el, { status: status, notes: notes });
    store();
  }

  function onEdit(event) {
    var t = event.target;
    if (!current) return;   // not started yet: keepEarly() picks up what the reader did meanwhile
    if (t === nameInput) { if (current.name !== nameInput.value) { current.name = nameInput.value; store(); } return; }
    if (t === startedInput) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(startedInput.value) && current.started !== startedInput.value) { current.started = startedInput.value; store(); }
      return;
    }
    var el = t.closest ? t.closest("[data-question]") : null;
    if (el && (t.type === "radio" || t.tagName === "TEXTAREA")) read(el);
  }

  function filter() {
    var only = onlyUnanswered && onlyUnanswered.checked, els = questionEls(), hidden = 0;
    for (var i = 0; i < els.length; i++) {
      var answered = answerFor(els[i].getAttribute("data-question")).status !== DEFAULT_STATUS;
      setHidden(els[i], !!(only && answered));
      if (only && answered) hidden += 1;
    }
    var note = document.querySelector("[data-hidden-count]");
    if (note) note.textContent = only ? fill(T.hidden_answered, { count: hidden }) : "";
  }

  // each stage's button to hide and show its questions (in the page's HTML, under the stage heading)
  function stageToggles() {
    document.addEventListener("click", function (event) {
      var b = event.target.closest ? event.target.closest("[data-stage-toggle]") : null;
      var fs = b && document.getElementById(b.getAttribute("aria-controls"));
      if (!fs) return;
      var open = b.getAttribute("aria-expanded") !== "true";
      fs.hidden = !open;
      b.setAttribute("aria-expanded", open ? "true" : "false");
      b.textContent = fill(open ? T.collapse_stage : T.expand_stage, { number: b.getAttribute("data-number") });
    });
  }

  // ---------------------------------------------------------------------------- outputs

  function fileBase() {
    var name = (current && current.name ? current.name : data.checklist).toLowerCase()
      .replace(/[^a-z0-9\u00c0-\u024f]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return name || data.checklist;
  }

  function columns(q, a) {
    return { number: q.number, stage: stageTitle(q.stage), question: q.text, guidance: q.guidance, why: q.why,
             involve: q.involve.join(", "), status: data.statuses[a.status], notes: a.notes, id: q.id };
  }

  function stageTitle(number) {
    for (var i = 0; i < data.stages.length; i++) if (data.stages[i].number === number) return data.stages[i].title;
    return "";
  }

  function asCsv() {
    var rows = [data.csv_columns.map(function (c) { return L["csv." + c]; })];
    data.questions.forEach(function (q) {
      var cells = columns(q, answerFor(q.id));
      rows.push(data.csv_columns.map(function (c) { return cells[c]; }));
    });
    return W.csv(rows);
  }

  function asMarkdown() {
    var lines = ["# " + data.heading, ""];
    if (current) lines.push("**" + current.name.replace(/\s+/g, " ") + "** · " + T.short_started + " " + current.started, "");
    if (data.address) lines.push(L["checklist.printed_from"] + " " + data.address, "");
    if (data.introduction && data.introduction.length) {  // the paper's framing of the questions
      lines.push("## " + L["questions.intro_heading"], "");
      data.introduction.forEach(function (paragraph) { lines.push(paragraph, ""); });
    }
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

  /* The short version as a Word document: name, role, dates and progress; a table of every status;
     then each question with its status and notes. */
  function asDocx() {
    var blocks = [
      { type: "heading", level: 1, text: current.name || data.heading },
      { type: "paragraph", runs: [{ text: T.short_title, bold: true }] },
      { type: "paragraph", runs: [{ text: T.short_role + " ", bold: true }, { text: more.role || data.title }] },
      { type: "paragraph", runs: [{ text: T.short_started + " ", bold: true }, { text: current.started + "   " },
                                  { text: T.short_printed + " ", bold: true }, { text: today() }] },
      { type: "paragraph", runs: [{ text: T.short_progress + " ", bold: true }, { text: progressText() }] }
    ];
    if (data.address) blocks.push({ type: "paragraph", small: true, text: L["checklist.printed_from"] + " " + data.address });
    blocks.push({ type: "heading", level: 2, text: L["csv.status"] });
    blocks.push({ type: "table", header: [L["csv.number"], L["csv.question"], L["csv.status"]], widths: [11, 67, 22],
                  rows: data.questions.map(function (q) { return [String(q.number), q.text, data.statuses[answerFor(q.id).status]]; }) });
    data.stages.forEach(function (stage) {
      blocks.push({ type: "heading", level: 2, text: L["checklist.stage"] + " " + stage.number + ": " + stage.title });
      data.questions.forEach(function (q) {
        if (q.stage !== stage.number) return;
        var a = answerFor(q.id);
        blocks.push({ type: "heading", level: 3, text: q.number + ". " + q.text });
        blocks.push({ type: "paragraph", runs: [{ text: T.status_label + " ", bold: true }, { text: data.statuses[a.status] }] });
        blocks.push({ type: "paragraph", runs: [{ text: T.notes_label + " ", bold: true }, { text: a.notes || "—" }] });
      });
    });
    return { title: current.name || data.heading, language: more.language || "en-GB", blocks: blocks };
  }

  function allItems() {
    var items = W.list();
    if (current && !persisted && Object.keys(current.answers).length) items.unshift(current);
    return items;
  }

  function exportFile() {
    var items = allItems();
    W.download("lived-experience-work-" + today() + ".json", W.toFile(items), "application/json");
    say(W.text("file_saved", { count: items.length }));
  }

  function importFile(file) {
    fileInput.value = "";
    W.loadInto(file, {
      area: compareArea, say: say,
      loaded: function (result) {
        var here = result.added.filter(function (item) { return item.type === "checklist" && item.checklist === data.checklist; });
        if (here.length && !persisted) open(W.get(here[0].id) || here[0], true);
        else others();
      },
      applied: function (merged) {
        if (current && merged.id === current.id) open(W.get(merged.id) || merged, true);
        else others();
      }
    });
  }

  function printShort() {
    shortHead();
    var root = document.documentElement;
    root.classList.add("le-print-short");
    var done = function () { root.classList.remove("le-print-short"); window.removeEventListener("afterprint", done); };
    window.addEventListener("afterprint", done);
    window.print();   // returns when the print dialog closes
    done();
  }

  var actions = {
    "export-json": exportFile,
    "import-json": function () { say(""); fileInput.click(); },
    "download-md": function () { W.download(fileBase() + "-checklist.md", asMarkdown(), "text/markdown;charset=utf-8"); },
    "download-csv": function () { W.download(fileBase() + "-checklist.csv", asCsv(), "text/csv;charset=utf-8"); },
    "download-docx": function () {
      if (!window.LEDocx) return;
      W.download(fileBase() + "-checklist.docx", window.LEDocx.blob(asDocx()));
    },
    "print": function () { window.print(); },
    "print-short": printShort,
    "new": function () {
      open(fresh(), false);
      say(T.new_started);
      if (nameInput) nameInput.focus();
    },
    "delete": function () {
      var name = current.name || W.text("unnamed");
      if (!window.confirm(fill(T.confirm_delete, { name: name }))) { say(S.import_cancelled); return; }
      if (persisted) W.remove(current.id);
      open(fresh(), false);
      say(fill(T.deleted, { name: name }));
    }
  };

  // ---------------------------------------------------------------------------- start

  // listeners now, on the document and the tools (delegation); the checklist itself in a task of its
  // own, after the page's other start-up work, so that no single task keeps the page busy for long
  stageToggles();
  document.addEventListener("change", onEdit);
  document.addEventListener("input", onEdit);
  if (onlyUnanswered) onlyUnanswered.addEventListener("change", filter);
  if (tools) {
    tools.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-action]") : null;
      var action = button && current && actions[button.getAttribute("data-action")];
      if (action) action();
    });
  }
  if (fileInput) fileInput.addEventListener("change", function () { importFile(fileInput.files && fileInput.files[0]); });
  W.on(function () {   // another tab changed the workspace
    if (current && persisted) {
      var again = W.get(current.id);
      if (again) { current = again; if (nameInput) nameInput.value = again.name; show(); }
    }
    others();
  });
  // The controls are in the page from its first paint, so on a slow phone a reader can answer
  // before this script has started. What differs from the page's HTML then is theirs: it is kept
  // for each question that has no saved answer, and saved. A saved answer is never overwritten
  // this way (the browser may also put back what a control showed before a reload).
  function earlyAnswers() {
    var found = [], els = questionEls();
    for (var i = 0; i < els.length; i++) {
      var checked = els[i].querySelector("input[type=radio]:checked"), notes = els[i].querySelector("textarea");
      if ((checked && !checked.defaultChecked) || notes.value !== notes.defaultValue) found.push({ el: els[i], answer: shown(els[i]) });
    }
    return found;
  }

  function keepEarly(found) {
    for (var i = 0; i < found.length; i++) {
      var el = found[i].el, saved = answerFor(el.getAttribute("data-question"));
      if (saved.status !== DEFAULT_STATUS || saved.notes) continue;
      put(el, found[i].answer);
      read(el);
    }
  }

  window.setTimeout(function () {
    var early = earlyAnswers();
    choose();
    keepEarly(early);
    if (tools) tools.setAttribute("data-ready", "");
  }, 0);
})();
