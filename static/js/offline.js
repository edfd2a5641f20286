// The plan with no signal: registers the plan's service worker (/plan/sw.js, which keeps
// this page, its files and its exercise media), and keeps a session logged offline on the
// phone (IndexedDB) until the connection returns, then sends it once. Each log carries a
// key made on the phone, so the server records a log sent twice only once.
(function () {
  "use strict";
  var DB = "plan-offline", STORE = "logs";
  var SAVED = "Saved on this phone, sends when you are online.";

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

  var pending = {
    all: function () { return store("readonly", function (s) { return s.getAll(); }); },
    put: function (log) { return store("readwrite", function (s) { return s.put(log); }); },
    drop: function (key) { return store("readwrite", function (s) { return s.delete(key); }); },
  };

  function card(log) {
    return document.getElementById("s" + log.session);
  }

  // The card says what waits on the phone, in place of its form.
  function show(log, message) {
    var box = card(log);
    if (!box) return;
    var note = box.querySelector(".offline-log");
    if (!note) {
      note = document.createElement("p");
      note.className = "offline-log alert alert-info mt-2";
      note.setAttribute("role", "status");
      var form = box.querySelector(".log-form");
      (form ? form.parentNode : box).insertBefore(note, form);
    }
    var what = log.outcome_label + (log.pain === "" ? "" : ", pain " + log.pain + "/10");
    note.textContent = what + ". " + message;
    var form2 = box.querySelector(".log-form");
    if (form2 && message === SAVED) form2.hidden = true;
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(log) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf());
    ["session", "outcome", "pain", "note", "client_key"].forEach(function (name) {
      body.append(name, log[name]);
    });
    return fetch("/plan/", { method: "POST", body: body, credentials: "same-origin" });
  }

  var sending = false;
  function sendAll() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    var sent = 0;
    return pending.all().then(function (logs) {
      return logs.reduce(function (chain, log) {
        return chain.then(function (stop) {
          if (stop) return true;
          return send(log).then(function (response) {
            if (response.status === 403 || response.status === 404 || response.status === 410) {
              show(log, "Saved on this phone: open the link in your e-mail to send it.");
              return true;
            }
            // A recorded log answers with the page of its day, "logged" in the address.
            if (response.ok && response.url.indexOf("logged=") !== -1) {
              sent += 1;
              return pending.drop(log.client_key).then(function () { return false; });
            }
            return response.text().then(function (html) {
              var page = new DOMParser().parseFromString(html, "text/html");
              var error = page.getElementById("log-error");
              show(log, "Not sent: " + (error ? error.textContent : "please log it again."));
              return pending.drop(log.client_key).then(function () { return false; });
            });
          }, function () { return true; }); // still no connection: try again later
        });
      }, Promise.resolve(false));
    }).then(function () {
      sending = false;
      if (sent) window.location.replace("/plan/" + window.location.search.replace(/[?&]logged=\d+/, ""));
    }, function () { sending = false; });
  }

  // Offline, a tap on Done, Partly or Skipped keeps the log here instead of losing it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("log-form") || navigator.onLine) return;
    event.preventDefault();
    var button = event.submitter;
    var pain = form.querySelector("input[name=pain]:checked");
    var log = {
      client_key: crypto.randomUUID(),
      session: form.querySelector("input[name=session]").value,
      outcome: button ? button.value : "done",
      outcome_label: button ? button.textContent.trim() : "Done",
      pain: pain ? pain.value : "",
      note: (form.querySelector("textarea[name=note]") || { value: "" }).value,
      saved_at: new Date().toISOString(),
    };
    pending.put(log).then(function () { show(log, SAVED); });
  });

  window.addEventListener("online", sendAll);

  function keepForOffline(worker) {
    var urls = [];
    document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(function (el) {
      urls.push(el.src || el.href);
    });
    document.querySelectorAll(".exercise-media img, .exercise-media source").forEach(function (el) {
      if (el.getAttribute("src")) urls.push(el.src);
      (el.getAttribute("srcset") || "").split(",").forEach(function (part) {
        var url = part.trim().split(/\s+/)[0];
        if (url) urls.push(new URL(url, window.location.href).href);
      });
    });
    return new Promise(function (resolve) {
      if (!worker) return resolve();
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      worker.postMessage({ keep: urls, page: window.location.href }, [channel.port2]);
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/plan/sw.js", { scope: "/plan/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return keepForOffline(registration.active);
    }).then(function () {
      // Everything this page needs is on the phone (tests and the bench wait for this).
      document.documentElement.dataset.offlineReady = "true";
    }).catch(function () { /* no worker (private mode): the plan still works online */ });
  }

  pending.all().then(function (logs) {
    logs.forEach(function (log) { show(log, SAVED); });
    return sendAll();
  }).catch(function () { /* no IndexedDB: logs go straight to the server as before */ });
})();
