/* Triangle on a device that loses its connection: registers the service worker, says when a page is an
   offline copy (and from when), offers to install the app, and forgets the kept pages at log-out.
   The queue of what was written offline is in static/js/outbox.js. Texts come translated from base.html. */
(function () {
  "use strict";

  var script = document.currentScript;
  var body = document.body;

  if ("serviceWorker" in navigator && script && script.dataset.worker) {
    navigator.serviceWorker.register(script.dataset.worker, {scope: "/"}).catch(function () {});
  }

  // --- offline banner: shown while the device is offline, or when this page is a kept copy -----------------
  var banner = document.getElementById("offline-banner");

  function showBanner() {
    if (!banner) { return; }
    var copy = body.dataset.served === "copy";
    var offline = navigator.onLine === false;
    banner.hidden = !(copy || offline);
    var shown = {"data-when-offline": offline, "data-when-copy": copy, "data-when-online": copy && !offline};
    Object.keys(shown).forEach(function (attribute) {
      banner.querySelectorAll("[" + attribute + "]").forEach(function (element) {
        element.hidden = !shown[attribute];
      });
    });
  }
  window.addEventListener("online", showBanner);
  window.addEventListener("offline", showBanner);
  showBanner();

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) {
      event.preventDefault();
      window.location.reload();
    }
  });

  // The offline page is kept in the language of the person who last used the device online.
  if (navigator.onLine !== false && body.dataset.served === "network" && script && script.dataset.offlinePage
      && "caches" in window) {
    var lang = document.documentElement.lang;
    try {
      if (window.localStorage.getItem("triangle-offline-lang") !== lang) {
        caches.open("triangle-pages").then(function (cache) { return cache.add(script.dataset.offlinePage); })
          .then(function () { window.localStorage.setItem("triangle-offline-lang", lang); })
          .catch(function () {});
      }
    } catch (e) { /* storage refused (private mode): the worker's own copy stays */ }
  }

  // --- log-out: a shared tablet keeps no page of the person who leaves ------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-logout]")) { return; }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({type: "forget-pages"});
    }
  });

  // --- install prompt: Chromium offers it through beforeinstallprompt; iOS needs "Add to Home Screen" -------
  var prompt = document.getElementById("install-prompt");
  var deferred = null;
  var DISMISSED = "triangle-install-dismissed";

  function dismissed() {
    try { return window.localStorage.getItem(DISMISSED) === "1"; } catch (e) { return false; }
  }

  function standalone() {
    return window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone === true;
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferred = event;
    if (prompt && !dismissed() && !standalone()) {
      prompt.querySelector("[data-install]").hidden = false;
      prompt.hidden = false;
    }
  });

  if (prompt && !dismissed() && !standalone() && /iPhone|iPad|iPod/.test(navigator.userAgent)) {
    prompt.querySelector("[data-ios-hint]").hidden = false;
    prompt.hidden = false;
  }

  if (prompt) {
    prompt.addEventListener("click", function (event) {
      if (event.target.closest("[data-install]") && deferred) {
        deferred.prompt();
        deferred.userChoice.then(function () { prompt.hidden = true; deferred = null; });
      } else if (event.target.closest("[data-install-dismiss]")) {
        prompt.hidden = true;
        try { window.localStorage.setItem(DISMISSED, "1"); } catch (e) { /* nothing to remember it in */ }
      }
    });
  }

  window.addEventListener("appinstalled", function () {
    if (prompt) { prompt.hidden = true; }
  });
})();
