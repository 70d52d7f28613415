/* The service worker's offline part: static files from its cache, the pages a device may keep (the room board,
   the child's day, home) from a copy when there is no connection, and the offline page for everything else.
   Configured by /service-worker.js (self.TRIANGLE: version, precache, offlineUrl). Nothing is queued here:
   the page (static/js/offline.js) keeps what was written offline, because only it knows who wrote it. */
(function () {
  "use strict";

  var config = self.TRIANGLE;
  var STATIC_CACHE = "triangle-static-" + config.version;
  var PAGES_CACHE = "triangle-pages";  // kept across versions: a new release must not lose the offline copies
  var KEEP_HEADER = "Triangle-Offline-Copy";  // the server's word that a page may be kept on the device
  var MAX_PAGES = 40;

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(config.precache); })
        .then(function () { return caches.open(PAGES_CACHE); })
        .then(function (cache) { return cache.add(config.offlineUrl); })
        .then(function () { return self.skipWaiting(); })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("triangle-static-") === 0 && name !== STATIC_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  // The page asks: forget every kept page (at log-out, so the next person on a shared tablet finds none).
  self.addEventListener("message", function (event) {
    if (event.data && event.data.type === "forget-pages") {
      event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) {
            return new URL(request.url).pathname !== config.offlineUrl;
          }).map(function (request) { return cache.delete(request); }));
        });
      }));
    }
  });

  function isStatic(url) {
    return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
  }

  // Static files: the cached copy at once, refreshed in the background (stale-while-revalidate).
  function staticFile(request) {
    return caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(request).then(function (cached) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
        if (cached) {
          fresh.catch(function () {});
          return cached;
        }
        return fresh;
      });
    });
  }

  function trim(cache) {
    return cache.keys().then(function (requests) {
      var extra = requests.length - MAX_PAGES;
      return Promise.all(requests.slice(0, Math.max(extra, 0)).map(function (r) { return cache.delete(r); }));
    });
  }

  // A copy served from the cache says so: the page shows "offline, as loaded at ..." (static/js/offline.js).
  function markAsCopy(response) {
    return response.text().then(function (html) {
      var headers = new Headers(response.headers);
      return new Response(html.replace('data-served="network"', 'data-served="copy"'),
                          {status: 200, headers: headers});
    });
  }

  // Pages: the network first; a page the server marked as keepable is copied; without a connection, the copy or
  // the offline page.
  function page(request) {
    return fetch(request).then(function (response) {
      if (response.ok && response.headers.get(KEEP_HEADER) === "keep" && !response.redirected) {
        var copy = response.clone();
        caches.open(PAGES_CACHE).then(function (cache) {
          return cache.delete(request).then(function () { return cache.put(request, copy); })
            .then(function () { return trim(cache); });
        });
      }
      return response;
    }, function () {
      return caches.open(PAGES_CACHE).then(function (cache) {
        return cache.match(request, {ignoreVary: true}).then(function (cached) {
          if (cached) { return markAsCopy(cached); }
          return cache.match(config.offlineUrl, {ignoreSearch: true, ignoreVary: true});
        });
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") { return; }
    var url = new URL(request.url);
    if (isStatic(url)) {
      event.respondWith(staticFile(request));
    } else if (request.mode === "navigate" && url.origin === self.location.origin) {
      event.respondWith(page(request));
    }
  });
})();
