/* The notification preferences page: turn push notifications on or off for this device.
   The browser subscribes through the service worker at the site root; the subscription is posted with an
   ordinary form (CSRF token included), and the server answers with a message on the reloaded page. */
(function () {
  "use strict";

  var section = document.getElementById("push");
  if (!section || !section.dataset.pushKey) return;
  var status = section.querySelector("[data-push-status]");
  var onButton = section.querySelector("[data-push-on]");
  var offButton = section.querySelector("[data-push-off]");
  var text = section.dataset;

  function say(message) { status.textContent = message; }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function known(endpoint) {
    var found = false;
    section.querySelectorAll("[data-push-device]").forEach(function (item) {
      if (item.dataset.pushDevice === endpoint) {
        found = true;
        item.querySelector("[data-this-device]").hidden = false;
      }
    });
    return found;
  }

  function show(subscription) {
    var on = Boolean(subscription) && known(subscription.endpoint);
    onButton.hidden = on;
    offButton.hidden = !on;
    say(on ? text.textOn : text.textOff);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(text.textUnsupported);
    return;
  }
  if (Notification.permission === "denied") {
    say(text.textBlocked);
    return;
  }

  var registration = navigator.serviceWorker.register(section.dataset.pushWorker).then(function () {
    return navigator.serviceWorker.ready;
  });

  registration.then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(show, function () { say(text.textFailed); });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    say(text.textWorking);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("blocked");
      }
      return registration;
    }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (existing) {
        return existing || reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(text.pushKey)});
      });
    }).then(function (subscription) {
      var data = subscription.toJSON();
      var form = section.querySelector("[data-push-subscribe]");
      form.elements.endpoint.value = data.endpoint;
      form.elements.p256dh.value = data.keys.p256dh;
      form.elements.auth.value = data.keys.auth;
      form.submit();
    }).catch(function (error) {
      onButton.disabled = false;
      say(error && error.message === "blocked" ? text.textBlocked : text.textFailed);
    });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    say(text.textWorking);
    registration.then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (subscription) {
      if (!subscription) return show(null);
      var form = null;
      section.querySelectorAll("[data-push-device]").forEach(function (item) {
        if (item.dataset.pushDevice === subscription.endpoint) form = item.querySelector("[data-push-device-off]");
      });
      return subscription.unsubscribe().then(function () {
        if (form) form.submit(); else show(null);
      });
    }).catch(function () {
      offButton.disabled = false;
      say(text.textFailed);
    });
  });
})();
