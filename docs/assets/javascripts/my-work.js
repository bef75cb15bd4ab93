/* /my-work/: every checklist and self-assessment saved in this browser, with progress and last change;
   open, rename, duplicate and delete (with undo); one file to save everything and to load a
   colleague's (new items added, items already here compared first). Built on workspace.js; every
   text goes in through textContent. */
(function () {
  "use strict";

  var W = window.LEWorkspace;
  var root = document.querySelector("[data-work]");
  if (!W || !root || !document.querySelector) return;
  var page = {};
  try { page = JSON.parse(document.getElementById("le-my-work-data").textContent); } catch (e) { page = {}; }
  var cfg = W.config();
  var tbody = root.querySelector("[data-work-list]");
  var table = root.querySelector("[data-work-table]");
  var empty = root.querySelector("[data-work-empty]");
  var messageText = root.querySelector("[data-message-text]");
  var undoButton = root.querySelector("[data-undo]");
  var storageEl = root.querySelector("[data-storage]");
  var fileInput = root.querySelector("[data-import-file]");
  var compareArea = root.querySelector("[data-compare-area]");
  var undoItem = null;

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) { if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]); }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
      if (W.langOf(content)) node.setAttribute("lang", W.langOf(content));
    }
    return node;
  }

  function say(text, item) {
    messageText.textContent = text || "";
    if (W.langOf(text || "")) messageText.setAttribute("lang", W.langOf(text));
    else messageText.removeAttribute("lang");
    undoItem = item || null;
    undoButton.hidden = !undoItem;
  }

  function failed(result) { return W.failedWords(result); }

  function address(item) {
    if (item.type === "assessment") return (page.self_assessment || "../self-assessment/") + "?item=" + item.id;
    return (cfg.checklist_base || "../checklists/") + item.checklist + "/?item=" + item.id;
  }

  function kind(item) {
    if (item.type === "assessment") return W.text("kind_assessment");
    var titles = cfg.checklists || {};
    return W.text("kind_checklist", { title: titles[item.checklist] || item.checklist });
  }

  function progressText(item) {
    var p = W.progress(item);
    return W.text(item.type === "assessment" ? "progress_assessment" : "progress_checklist", p);
  }

  function when(iso) {
    var d = new Date(Date.parse(iso));
    if (isNaN(d.getTime())) return iso;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function button(action, id, label, name, cls) {
    var b = el("button", { type: "button", "data-item-action": action, "data-id": id, "class": cls || "" }, label);
    b.appendChild(el("span", { "class": "le-sr-only" }, ": " + name));
    return b;
  }

  function render() {
    var items = W.list();
    tbody.textContent = "";
    for (var i = 0; i < items.length; i++) {
      var item = items[i], name = item.name || W.text("unnamed");
      var tr = el("tr", { "data-item": item.id, "data-type": item.type });
      var th = el("th", { scope: "row" });
      th.appendChild(el("a", { href: address(item), "data-open": "" }, name));
      th.appendChild(el("br"));
      th.appendChild(el("small", null, W.text("started", { date: item.started })));
      tr.appendChild(th);
      tr.appendChild(el("td", null, kind(item)));
      tr.appendChild(el("td", { "data-progress": "" }, progressText(item)));
      var td = el("td");
      td.appendChild(el("time", { datetime: item.updated }, when(item.updated)));
      tr.appendChild(td);
      var actions = el("td");
      var box = el("div", { "class": "le-work__actions" });
      var open = el("a", { href: address(item) }, W.text("open"));
      open.appendChild(el("span", { "class": "le-sr-only" }, ": " + name));
      box.appendChild(open);
      box.appendChild(button("rename", item.id, W.text("rename"), name));
      box.appendChild(button("duplicate", item.id, W.text("duplicate"), name));
      box.appendChild(button("delete", item.id, W.text("delete"), name, "le-button--danger"));
      actions.appendChild(box);
      tr.appendChild(actions);
      tbody.appendChild(tr);
    }
    table.hidden = items.length === 0;
    empty.hidden = items.length > 0;
    storageLine();
  }

  function storageLine() {
    var m = W.storageMessage(null, W.list().length > 0);
    storageEl.textContent = m.text;
    storageEl.setAttribute("data-state", m.state);
  }

  function rename(id) {
    var item = W.get(id), row = tbody.querySelector("tr[data-item='" + id + "']");
    if (!item || !row) return;
    var cell = row.querySelector("th");
    var form = el("form", { "class": "le-work__rename", "data-rename": id });
    var inputId = "le-rename-" + id;
    form.appendChild(el("label", { "for": inputId, "class": "le-sr-only" }, W.text("rename_label", { name: item.name || W.text("unnamed") })));
    var input = el("input", { type: "text", id: inputId, maxlength: "200", autocomplete: "off" });
    input.value = item.name;
    form.appendChild(input);
    form.appendChild(el("button", { type: "submit" }, W.text("rename_save")));
    var cancel = el("button", { type: "button" }, W.text("rename_cancel"));
    form.appendChild(cancel);
    cell.textContent = "";
    cell.appendChild(form);
    input.focus();
    input.select();
    cancel.addEventListener("click", function () { render(); focusRow(id); });
    input.addEventListener("keydown", function (event) { if (event.key === "Escape") { render(); focusRow(id); } });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      item.name = input.value.slice(0, 200);
      var result = W.save(item);
      render();
      say(W.text("renamed", { name: item.name || W.text("unnamed") }) + failed(result));
      focusRow(id);
    });
  }

  function focusRow(id) {
    var link = tbody.querySelector("tr[data-item='" + id + "'] [data-open]");
    if (link) link.focus();
  }

  function duplicate(id) {
    var item = W.get(id);
    if (!item) return;
    var fields = JSON.parse(JSON.stringify(item));
    delete fields.id;
    fields.name = W.text("copy_name", { name: item.name || W.text("unnamed") });
    fields.updated = new Date().toISOString();
    var result = W.create(item.type, fields);
    if (!result.ok) {
      // a copy the browser could not store is not kept for this visit either: list only what exists
      W.remove(result.item.id);
      render();
      say(failed(result).trim());
      focusRow(id);
      return;
    }
    render();
    say(W.text("duplicated", { name: result.item.name }));
    focusRow(result.item.id);
  }

  function remove(id) {
    var item = W.remove(id);
    if (!item) return;
    render();
    say(W.text("deleted", { name: item.name || W.text("unnamed") }), item);
    undoButton.focus();
  }

  function undo() {
    if (!undoItem) return;
    var item = undoItem, result = W.restore(item);
    render();
    say(W.text("undone", { name: item.name || W.text("unnamed") }) + failed(result));
    focusRow(item.id);
  }

  function exportFile() {
    var items = W.list();
    W.download("lived-experience-work-" + W.today() + ".json", W.toFile(items), "application/json");
    say(W.text("file_saved", { count: items.length }));
  }

  function importFile(file) {
    fileInput.value = "";
    W.loadInto(file, { area: compareArea, say: function (words) { say(words); }, loaded: render, applied: render });
  }

  root.hidden = false;
  var nojs = document.querySelector("[data-nojs]");
  if (nojs) nojs.hidden = true;
  render();
  if (W.list().length) W.requestPersistence(storageLine);
  setTimeout(storageLine, 300);   // the browser answers "persisted?" asynchronously

  root.addEventListener("click", function (event) {
    var t = event.target.closest ? event.target.closest("button") : null;
    if (!t) return;
    var action = t.getAttribute("data-item-action"), id = t.getAttribute("data-id");
    if (action === "rename") rename(id);
    else if (action === "duplicate") duplicate(id);
    else if (action === "delete") remove(id);
    else if (t === undoButton) undo();
    else if (t.getAttribute("data-action") === "export-json") exportFile();
    else if (t.getAttribute("data-action") === "import-json") { say(""); fileInput.click(); }
  });
  fileInput.addEventListener("change", function () { importFile(fileInput.files && fileInput.files[0]); });
  W.on(function () { if (!tbody.querySelector("form")) render(); });
})();
