// Sessions logged with no signal, waiting on the phone (IndexedDB), and the one way they
// are sent: shared by the plan page (static/js/offline.js) and its service worker
// (/plan/sw.js, which sends them from a Background Sync event, even with the page closed).
// A send that fails (no connection, a timeout, the server's 5xx) leaves the log queued for
// the next try; each log carries a key made on the phone, so the server records it once
// however often it is sent, and a lock (Web Locks) keeps the page and the worker from
// sending the same queue at the same time.
(function (scope) {
  "use strict";
  var DB = "plan-offline", STORE = "logs";
  var TIMEOUT_MS = 20000; // a weak signal that never answers counts as no signal
  var GONE = [403, 404, 410];

  function db() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: "client_key" }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }

  function store(mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { base.close(); resolve(request && request.result); };
        tx.onerror = function () { base.close(); reject(tx.error); };
      });
    });
  }

  var logs = {
    all: function () { return store("readonly", function (s) { return s.getAll(); }); },
    put: function (log) { return store("readwrite", function (s) { return s.put(log); }); },
    drop: function (key) { return store("readwrite", function (s) { return s.delete(key); }); },
  };

  // The refusal the plan page shows in #log-error (in the runner's language), read without a
  // DOM (the worker has none); "" when the answer has none: the page words it then
  // (static/js/offline.js), as the worker has no words of its own.
  function refusal(html) {
    var found = /id="log-error"[^>]*>([^<]*)</.exec(html);
    return found ? unescapeHtml(found[1]).trim() : "";
  }

  function unescapeHtml(text) {
    return text.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function post(log, csrf) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf || log.csrf || "");
    ["session", "outcome", "pain", "note", "client_key"].forEach(function (name) {
      body.append(name, log[name]);
    });
    var abort = typeof AbortController === "function" ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    return fetch("/plan/", {
      method: "POST", body: body, credentials: "same-origin", signal: abort && abort.signal,
    }).finally(function () { clearTimeout(timer); });
  }

  // One pass over the queue. Resolves {sent, retry, gone, refused}: `retry` when a send
  // failed on the way (the log stays queued), `gone` when the session is over (the log
  // stays until the link is opened again), `refused` the logs the server turned down, kept
  // with its words until the page has shown them.
  function pass(csrf) {
    var result = { sent: 0, retry: false, gone: false, refused: 0 };
    return logs.all().then(function (queued) {
      return queued.filter(function (log) { return !log.refused; }).reduce(function (chain, log) {
        return chain.then(function (stop) {
          if (stop) return true;
          return post(log, csrf).then(function (response) {
            if (GONE.indexOf(response.status) !== -1) { result.gone = true; return true; }
            if (response.status >= 500 || response.status === 429) { result.retry = true; return true; }
            // A recorded log (or one recorded before) answers with its day's page, "logged".
            if (response.ok && response.url.indexOf("logged=") !== -1) {
              result.sent += 1;
              result.session = log.session; // the card to show once the page reloads
              return logs.drop(log.client_key).then(function () { return false; });
            }
            return response.text().then(function (html) {
              result.refused += 1;
              log.refused = refusal(html) || true; // true: refused, with no words of the server's
              return logs.put(log).then(function () { return false; });
            });
          }, function () { result.retry = true; return true; }); // no answer: try again later
        });
      }, Promise.resolve(false));
    }).then(function () { return result; });
  }

  // The page and the worker may both wake up when the signal returns: one pass at a time.
  function sendAll(csrf) {
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return pass(csrf);
    return locks.request("plan-offline-send", function () { return pass(csrf); });
  }

  // Seconds before try `n` (from 0): 2, 4, 8 ... up to five minutes, with some jitter so
  // many phones back on one mast do not all call at once.
  function backoff(n) {
    var seconds = Math.min(2 * Math.pow(2, n), 300);
    return Math.round(seconds * (0.8 + Math.random() * 0.4) * 1000);
  }

  scope.PlanLogs = { all: logs.all, put: logs.put, drop: logs.drop, sendAll: sendAll, backoff: backoff };
})(self);
