// The plan's service worker (programs/offline.py says what it may keep and why). Scope
// /plan/: it handles the plan page and the files that page loads, and lets every other
// request go to the network untouched.
"use strict";
const VERSION = "{{ version|escapejs }}";
const STATIC_CACHE = "plan-static-" + VERSION;
const MEDIA_CACHE = "plan-media";
const COPY_PREFIX = "plan-copy-";
const FILES = [{% for url in files %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const MEDIA_BASE = "{{ media_base|escapejs }}";
const STATIC_BASE = "{{ static_base|escapejs }}";
const GONE = [403, 404, 410];
// The queue of sessions logged offline, and how they are sent (shared with the page).
importScripts("{{ logs_script|escapejs }}");

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith("plan-static-") && name !== STATIC_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function isPlanPage(url) {
  return url.origin === self.location.origin && url.pathname === "/plan/";
}

function isMedia(url) {
  return MEDIA_BASE !== "" && new URL(MEDIA_BASE, self.location.href).href !== url.href
    && url.href.startsWith(new URL(MEDIA_BASE, self.location.href).href);
}

function isStatic(url) {
  return url.origin === self.location.origin
    && (FILES.includes(url.pathname) || url.pathname.startsWith(STATIC_BASE));
}

// One copy per day shown; "logged" is only the thank-you after a log.
function copyKey(url) {
  const day = url.searchParams.get("day");
  return "/plan/" + (day ? "?day=" + encodeURIComponent(day) : "");
}

async function dropCopies(except) {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith(COPY_PREFIX) && name !== except)
    .map((name) => caches.delete(name)));
}

async function planPage(request) {
  const url = new URL(request.url);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const names = (await caches.keys()).filter((name) => name.startsWith(COPY_PREFIX));
    for (const name of names) {
      const cache = await caches.open(name);
      const copy = (await cache.match(copyKey(url))) || (await cache.match("/plan/"));
      if (copy) return copy;
    }
    throw offline;
  }
  if (GONE.includes(response.status)) {
    // Signed out, expired or revoked: nothing of this plan stays on the phone.
    await dropCopies(null);
    await caches.delete(MEDIA_CACHE);
    return response;
  }
  const owner = response.headers.get("X-Plan-Copy");
  if (response.ok && owner) {
    const name = COPY_PREFIX + owner;
    await dropCopies(name); // another session's copy: never shown to this one
    const cache = await caches.open(name);
    await cache.put(copyKey(url), response.clone());
  }
  return response;
}

// A video asks for byte ranges; a kept file answers them from its copy.
async function fromCopy(request, copy) {
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("Range") || "");
  if (!range) return copy;
  const body = await copy.blob();
  const start = range[1] ? Number(range[1]) : Math.max(body.size - Number(range[2]), 0);
  const end = range[1] && range[2] ? Math.min(Number(range[2]), body.size - 1) : body.size - 1;
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": copy.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": "bytes " + start + "-" + end + "/" + body.size,
      "Content-Length": String(end - start + 1),
    },
  });
}

async function publicFile(request, cacheName) {
  const copy = await caches.match(request.url, { ignoreVary: true });
  if (copy) return fromCopy(request, copy);
  const response = await fetch(request);
  if (response.status === 200) {
    const cache = await caches.open(cacheName);
    await cache.put(request.url, response.clone());
  }
  return response;
}

// The page names its scripts, styles and the media it shows (lazy images, videos not yet
// played): kept whole now, so they are there on the trail.
async function keep(urls) {
  for (const href of urls) {
    const url = new URL(href, self.location.href);
    const kind = isStatic(url) ? STATIC_CACHE : isMedia(url) ? MEDIA_CACHE : null;
    if (!kind) continue;
    const cache = await caches.open(kind);
    if (await cache.match(url.href)) continue;
    try {
      const response = await fetch(url.href, { credentials: "omit" });
      if (response.status === 200) await cache.put(url.href, response);
    } catch (offline) {
      return;
    }
  }
}

self.addEventListener("message", (event) => {
  if (!event.data || !event.data.keep) return;
  const reply = event.ports[0];
  // The page opened before this worker ran is fetched again, so its copy is kept too.
  const page = event.data.page && new URL(event.data.page, self.location.href);
  const copied = page && isPlanPage(page) ? planPage(new Request(page.href)).catch(() => null) : null;
  event.waitUntil(Promise.all([copied, keep(event.data.keep)]).then(() => reply && reply.postMessage("kept")));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isPlanPage(url)) event.respondWith(planPage(request));
  else if (isStatic(url)) event.respondWith(publicFile(request, STATIC_CACHE));
  else if (isMedia(url)) event.respondWith(publicFile(request, MEDIA_CACHE));
  // Anything else (another page, the admin, a form's POST): the network, never a copy.
});

// Background Sync: the page asks for "plan-logs" when it queues a log; the browser wakes
// this worker when it sees a connection, page open or not. A try that fails on a weak
// signal is tried again here with growing pauses; past a couple of minutes the event
// fails and the browser schedules it again later (its own backoff).
const SYNC_BUDGET_MS = 120000;

async function tell(result) {
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach((page) => page.postMessage({ planLogs: result }));
}

async function sendQueued() {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const result = await PlanLogs.sendAll();
    if (result.sent || result.refused || result.gone || result.retry) await tell(result);
    if (!result.retry) return;
    const pause = PlanLogs.backoff(attempt);
    if (Date.now() - started + pause > SYNC_BUDGET_MS) throw new Error("still no connection");
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "plan-logs") event.waitUntil(sendQueued());
});
