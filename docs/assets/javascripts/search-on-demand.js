/* Search on demand: the search index (search/search_index.json) and Material's search worker are
 * fetched when the reader starts to use search, not on every first visit.
 *
 * Material 9.8's bundle requests the index as soon as a page loads (an XMLHttpRequest, then a
 * message to a Web Worker); it reads no hook to delay it. This script runs before the bundle and
 * holds back that one request, and the worker, until the reader shows they want to search: focus
 * or a click in the search box, a press on the search button, the search shortcut keys (/, s, f)
 * or a page opened from a search result (?h=…, whose words are highlighted). Then the request goes
 * out and the worker starts; Material's own code sends the query typed so far once the index is
 * ready, so the first keystroke finds results too. Nothing else changes; without JavaScript
 * nothing here runs and the page is as before.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json(\?|#|$)/;
  var started = false;
  var held = [];      // [request, body] of index requests made before the reader used search
  var workers = [];   // stand-ins for the search worker, started with the index

  function start() {
    if (started) return;
    started = true;
    workers.splice(0).forEach(function (worker) { worker.start(); });
    held.splice(0).forEach(function (pair) { send.call(pair[0], pair[1]); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.guideHoldUntilSearch = !started && INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (this.guideHoldUntilSearch && !started) {
      held.push([this, body]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  /* The search worker: the same Worker, created when search starts. Until then its listeners and
     messages wait here (Material only posts to it once the index has arrived). */
  var RealWorker = window.Worker;
  var config = document.getElementById("__config");
  var workerUrl = null;
  try {
    workerUrl = config ? new URL(JSON.parse(config.textContent).search, document.baseURI).href : null;
  } catch (error) {
    workerUrl = null;
  }
  if (RealWorker && workerUrl) {
    window.Worker = function (url, options) {
      if (started || new URL(String(url), document.baseURI).href !== workerUrl) {
        return new RealWorker(url, options);
      }
      var real = null;
      var listeners = [];
      var messages = [];
      var stand = {
        start: function () {
          real = new RealWorker(url, options);
          listeners.forEach(function (args) { real.addEventListener.apply(real, args); });
          messages.forEach(function (args) { real.postMessage.apply(real, args); });
          listeners = messages = null;
        },
        addEventListener: function () {
          if (real) real.addEventListener.apply(real, arguments);
          else listeners.push(arguments);
        },
        removeEventListener: function (type, listener) {
          if (real) real.removeEventListener.apply(real, arguments);
          else listeners = listeners.filter(function (args) { return args[0] !== type || args[1] !== listener; });
        },
        postMessage: function () {
          if (real) real.postMessage.apply(real, arguments);
          else messages.push(arguments);
        },
        terminate: function () {
          if (real) real.terminate();
        }
      };
      workers.push(stand);
      return stand;
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  /* What counts as starting to use search. */
  if (/[?&]h=/.test(location.search)) {
    start();
    return;
  }
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query], .md-search__input")) start();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[for=__search], .md-search")) start();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") start();
  }, true);
  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if ((key === "/" || key === "s" || key === "f" || key === "S" || key === "F") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName || ""));
      if (!typing) start();
    }
  }, true);
})();
