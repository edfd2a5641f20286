// The plan with no signal: registers the plan's service worker (/plan/sw.js, which keeps
// this page, its files and its exercise media), and keeps a session logged offline on the
// phone (static/js/planlogs.js, IndexedDB) until it is sent. Sending: the worker's
// Background Sync where the browser has it (Chromium), so a log goes even with the page
// closed; and this page itself, when it opens, when the browser says it is online (the
// fallback everywhere else), and again with growing pauses after a send that failed on a
// weak signal. Each log carries a key made on the phone, so the server records it once.
(function () {
  "use strict";
  // The words in the runner's language: data-t-* on the plan's day section (plan.html; CSP
  // allows no inline script), English when the page has none.
  var words = (document.querySelector(".chosen-day") || document.body).dataset;
  var SAVED = words.tSaved || "Saved on this phone, sends when you are online.";
  var RETRYING = words.tRetrying ||
    "Not sent yet: the connection dropped. Saved on this phone, trying again.";
  var GONE = words.tGone || "Saved on this phone: open the link in your e-mail to send it.";
  var NOT_SENT = words.tNotSent || "Not sent: ";
  var PAIN = words.tPain || ", pain {n}/10";
  var AGAIN = words.tAgain || "please log it again."; // a refusal the server gave no words for
  var pending = window.PlanLogs;
  // No IndexedDB (some private modes): logs go straight to the server as plain forms.
  var queue = Boolean(pending && window.indexedDB);

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
    var what = log.outcome_label + (log.pain === "" ? "" : PAIN.split("{n}").join(log.pain));
    note.textContent = what + ". " + message;
    // While it waits, no second log of it; once refused, the form is there to log it again.
    var form2 = box.querySelector(".log-form");
    if (form2) form2.hidden = message.indexOf(NOT_SENT) !== 0;
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // What the queue holds, on the cards: waiting, or turned down by the server (shown once,
  // then dropped, so the runner logs it again from the form).
  function showQueue(waiting) {
    return pending.all().then(function (logs) {
      return Promise.all(logs.map(function (log) {
        if (!log.refused) { show(log, waiting); return null; }
        show(log, NOT_SENT + (typeof log.refused === "string" ? log.refused : AGAIN));
        return pending.drop(log.client_key);
      }));
    });
  }

  // The page again, as after a log sent online: at its card, which now says what the clinic
  // has. A change of the fragment alone would not reload, hence the check.
  function reloadWithLogs(session) {
    var target = new URL(window.location.href);
    target.hash = "";
    if (session) target.searchParams.set("logged", session); else target.searchParams.delete("logged");
    var same = target.href === window.location.href.split("#")[0];
    if (session) target.hash = "s" + session;
    if (same) { window.location.hash = target.hash; window.location.reload(); }
    else window.location.replace(target.href);
  }

  var tries = 0, retryTimer = null;
  function after(result) {
    if (result.sent) return reloadWithLogs(result.session);
    if (result.gone) return showQueue(GONE);
    if (result.refused) showQueue(SAVED);
    if (result.retry) {
      showQueue(navigator.onLine ? RETRYING : SAVED); // with no signal at all, it just waits
      clearTimeout(retryTimer);
      retryTimer = setTimeout(sendAll, pending.backoff(tries));
      tries += 1;
    }
  }

  var sending = false;
  function sendAll() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    return pending.sendAll(csrf()).then(function (result) {
      sending = false;
      if (!result.retry) tries = 0;
      return after(result);
    }, function () { sending = false; });
  }

  // Background Sync: the worker sends when the browser sees a connection, page open or not.
  function askForSync() {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("plan-logs");
    }).catch(function () { /* no Background Sync here: the page sends when it can */ });
  }

  if ("serviceWorker" in navigator) {
    // The worker says when it sent (the page shows the logs as the clinic has them) or
    // when a try failed on the way (it tries again; so does this page).
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (queue && event.data && event.data.planLogs) after(event.data.planLogs);
    });
  }

  // Offline, a tap on Done, Partly or Skipped keeps the log here instead of losing it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!queue || !form.classList || !form.classList.contains("log-form") || navigator.onLine) return;
    event.preventDefault();
    // The button tapped; with none (Enter in the note), the form's Done, in the page's words.
    var button = event.submitter || form.querySelector("button[name=outcome][value=done]");
    var pain = form.querySelector("input[name=pain]:checked");
    var log = {
      client_key: crypto.randomUUID(),
      session: form.querySelector("input[name=session]").value,
      outcome: button ? button.value : "done",
      outcome_label: button ? button.textContent.trim() : "Done",
      pain: pain ? pain.value : "",
      note: (form.querySelector("textarea[name=note]") || { value: "" }).value,
      csrf: csrf(), // for the worker, which sends with no page to read it from
      saved_at: new Date().toISOString(),
    };
    pending.put(log).then(function () {
      show(log, SAVED);
      return askForSync();
    });
  });

  if (queue) window.addEventListener("online", sendAll);

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

  if (queue) showQueue(SAVED).then(function () {
    return sendAll();
  }).catch(function () { /* IndexedDB refused (private mode): logs go straight to the server */ });
})();
