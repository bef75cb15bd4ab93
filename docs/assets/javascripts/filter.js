/* Catalogue filter for /roles/, /checklists/ and /challenges/.
 *
 * The page is complete without this script: every card is in the HTML and the filter form stays
 * hidden. With JavaScript the form appears; typing or choosing narrows the cards in place, hides
 * groups (and their headings) that have none left, and says how many are shown. Nothing is fetched
 * and nothing is stored; the filter is kept in the address (?q=…&level=…) so it can be shared.
 * The words it shows come from the form's data attributes, rendered from data/strings/<lang>.yml.
 * It also wires the "search the guide" button of the 404 page, which is hidden without JavaScript.
 */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function headingBefore(element) {
    var previous = element.previousElementSibling;
    return previous && /^H[1-6]$/.test(previous.tagName) ? previous : null;
  }

  // Material shows the table of contents twice (sidebar, and inside the drawer on small screens).
  function tocItemsFor(heading) {
    if (!heading || !heading.id) return [];
    var links = document.querySelectorAll('.md-nav--secondary a[href="#' + heading.id + '"]');
    return Array.prototype.map.call(links, function (link) { return link.parentElement; });
  }

  function setup(form) {
    var root = form.closest("article") || document;
    var text = form.querySelector("[data-filter-text]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("[data-filter-select]"));
    var status = form.querySelector("[data-filter-count]");
    var empty = root.querySelector("[data-filter-empty]");
    var template = form.getAttribute("data-count-template") || "{shown} / {total}";
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-filter-group]")).map(function (list) {
      var heading = headingBefore(list);
      return {
        list: list,
        heading: heading,
        toc: tocItemsFor(heading),
        cards: Array.prototype.slice.call(list.querySelectorAll("li.le-card")).map(function (card) {
          return { element: card, text: normalise(card.getAttribute("data-text") || card.textContent) };
        })
      };
    });
    var total = groups.reduce(function (sum, group) { return sum + group.cards.length; }, 0);
    var statusTimer = null;

    function matches(card, words, chosen) {
      for (var i = 0; i < chosen.length; i++) {
        if (card.element.getAttribute("data-" + chosen[i].name) !== chosen[i].value) return false;
      }
      for (var j = 0; j < words.length; j++) {
        if (card.text.indexOf(words[j]) === -1) return false;
      }
      return true;
    }

    function remember(query, chosen) {
      if (!window.history || !window.history.replaceState) return;
      var params = new URLSearchParams(window.location.search);
      params.delete("q");
      selects.forEach(function (select) { params.delete(select.getAttribute("data-filter-select")); });
      if (query) params.set("q", query);
      chosen.forEach(function (c) { params.set(c.name, c.value); });
      var search = params.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function apply(announceNow) {
      var query = text ? text.value.trim() : "";
      var words = normalise(query).split(" ").filter(Boolean);
      var chosen = selects
        .filter(function (select) { return select.value; })
        .map(function (select) { return { name: select.getAttribute("data-filter-select"), value: select.value }; });
      var shown = 0;
      groups.forEach(function (group) {
        var inGroup = 0;
        group.cards.forEach(function (card) {
          var visible = matches(card, words, chosen);
          card.element.hidden = !visible;
          if (visible) inGroup++;
        });
        group.list.hidden = inGroup === 0;
        if (group.heading) group.heading.hidden = inGroup === 0;
        group.toc.forEach(function (item) { item.hidden = inGroup === 0; });
        shown += inGroup;
      });
      if (empty) empty.hidden = shown !== 0;
      var filtered = words.length > 0 || chosen.length > 0;
      var message = filtered ? template.replace("{shown}", String(shown)).replace("{total}", String(total)) : "";
      window.clearTimeout(statusTimer);
      if (announceNow) {
        status.textContent = message;
      } else {
        // Let the reader finish typing before a screen reader announces the count.
        statusTimer = window.setTimeout(function () { status.textContent = message; }, 400);
      }
      remember(query, chosen);
    }

    // Start from the address, so that a shared or reloaded link shows the same selection.
    var params = new URLSearchParams(window.location.search);
    if (text && params.get("q")) text.value = params.get("q");
    selects.forEach(function (select) {
      var wanted = params.get(select.getAttribute("data-filter-select"));
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });

    if (text) text.addEventListener("input", function () { apply(false); });
    selects.forEach(function (select) { select.addEventListener("change", function () { apply(true); }); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () {
      // The reset event fires before the fields are cleared.
      window.setTimeout(function () { apply(true); if (text) text.focus(); }, 0);
    });

    form.hidden = false;
    apply(true);
  }

  // A "search the guide" button (on the 404 page) opens Material's search box.
  function setupSearchButton(button) {
    var toggle = document.getElementById("__search");
    if (!toggle) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      var input = document.querySelector("[data-md-component=search-query]");
      if (input) input.focus();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setup);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-open-search]"), setupSearchButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
