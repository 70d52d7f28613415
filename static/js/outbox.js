/* What a device writes without a connection is not lost: forms marked data-offline-queue are kept in IndexedDB,
   shown as "waiting to send", and sent when the connection returns. Each carries a client_id the server stores
   with the row it writes (diaries/services.py), so sending one again never writes it twice. A refusal (a child
   checked out meanwhile, an entry changed by someone else) stays in the list with the server's reason until the
   person who wrote it tries again or removes it: nothing is dropped silently. Texts come translated in
   templates/app/_outbox.html. */
(function () {
  "use strict";

  var panel = document.getElementById("outbox");
  if (!panel || !window.indexedDB) { return; }
  var user = panel.dataset.user || "";
  var text = panel.dataset;
  var STORE = "outbox";
  var SYNCED = "triangle-synced-" + user;

  // --- the store ------------------------------------------------------------------------------------------
  var opened = null;
  function database() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open("triangle", 1);
        request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: "id"}); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }

  function withStore(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function everything() { return withStore("readonly", function (store) { return store.getAll(); }); }
  function keep(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function forget(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined,
                                           {hour: "2-digit", minute: "2-digit"});
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- what a queued form was, in words the key person recognises -------------------------------------------
  function labelFor(form) {
    var parts = [];
    var kind = form.querySelector("input[name=kind]:checked");
    var kindLabel = kind && form.querySelector("label[for='" + kind.id + "']");
    parts.push(kindLabel ? kindLabel.textContent.trim() : (form.dataset.offlineQueue || document.title));
    var time = form.querySelector("input[name=time]");
    if (time && time.value) { parts.push(time.value); }
    var names = Array.prototype.map.call(form.querySelectorAll("input[name=child]:checked"), function (tick) {
      var name = form.querySelector("label[for='" + tick.id + "'] strong");
      return name ? name.textContent.trim() : tick.value;
    });
    if (names.length) { parts.push(names.join(", ")); }
    var typed = form.querySelector("textarea[name=text]");
    if (typed && typed.value.trim()) { parts.push("“" + typed.value.trim().slice(0, 60) + "”"); }
    return parts.join(" · ");
  }

  function recordFor(form, id, submitter) {
    var data = submitter ? new FormData(form, submitter) : new FormData(form);
    var body = new URLSearchParams();
    data.forEach(function (value, key) {
      if (typeof value === "string" && key !== "csrfmiddlewaretoken") { body.append(key, value); }
    });
    var children = Array.prototype.map.call(form.querySelectorAll("input[name=child]:checked"),
                                            function (tick) { return tick.value; });
    return {id: id, user: user, url: form.action, body: body.toString(), label: labelFor(form),
            children: children, createdAt: Date.now(), state: "waiting", message: ""};
  }

  // After queueing, the form behaves as after a save: the board clears its ticks, a form page goes back.
  function afterQueued(form) {
    if (form.dataset.offlineNext) {
      window.location.assign(form.dataset.offlineNext);
      return;
    }
    var kind = form.querySelector("input[name=kind]:checked");
    form.reset();
    if (kind) { kind.checked = true; }
    var now = new Date();
    form.querySelectorAll("input[type=time][name=time]").forEach(function (input) {
      input.value = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
    });
    form.querySelectorAll("input[name=child]").forEach(function (tick) { tick.checked = false; });
    announce(text.queued);
  }

  function queue(record, form) {
    return keep(record).then(function () {
      render();
      if (form) { afterQueued(form); }
    });
  }

  // --- forms: the id on every submission; kept here when there is no connection ------------------------------
  var pending = new WeakMap();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-queue]") || !user) { return; }
    var field = form.querySelector("input[name=client_id]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "client_id";
      form.appendChild(field);
    }
    field.value = newId();
    var record = recordFor(form, field.value, event.submitter);
    if (navigator.onLine === false) {
      event.preventDefault();
      event.stopImmediatePropagation();  // htmx must not try: it would fail and lose the form
      queue(record, form);
    } else {
      pending.set(form, record);
    }
  }, true);

  // Online as far as the device knew, but the request never arrived (a tunnel, a dead wifi): keep it.
  document.addEventListener("htmx:sendError", function (event) {
    var element = event.detail && event.detail.elt;
    var form = element && element.closest ? element.closest("form[data-offline-queue]") : null;
    var record = form && pending.get(form);
    if (record) {
      pending.delete(form);
      queue(record, form);
    }
  });

  // --- sending ------------------------------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  // The reason the server gave, read from the page it answered with (the form and its errors).
  function reasonFrom(html, status) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var seen = [];
    page.querySelectorAll("main .alert-danger, main .invalid-feedback, main .errorlist li").forEach(function (el) {
      if (el.closest("#outbox, #offline-banner")) { return; }
      var said = el.textContent.replace(/\s+/g, " ").trim();
      if (said && seen.indexOf(said) < 0 && !seen.some(function (s) { return s.indexOf(said) >= 0; })) {
        seen.push(said);
      }
    });
    return seen.length ? seen.join(" ") : fill(text.refused, {status: status});
  }

  function send(item) {
    var body = new URLSearchParams(item.body);
    var token = csrfToken();
    body.set("csrfmiddlewaretoken", token);
    return fetch(item.url, {method: "POST", body: body, credentials: "same-origin", redirect: "follow",
                            headers: {"X-CSRFToken": token}})
      .then(function (response) {
        var path = new URL(response.url).pathname;
        if (response.redirected && path.indexOf(text.login) === 0) {
          item.state = "login";
          return keep(item).then(function () { return "stop"; });
        }
        if (response.ok && (response.redirected || response.status === 204)) {
          return forget(item.id).then(function () { return "sent"; });
        }
        return response.text().then(function (html) {
          item.state = "conflict";
          item.message = reasonFrom(html, response.status);
          return keep(item).then(function () { return "refused"; });
        });
      }, function () { return "offline"; });
  }

  var busy = false;

  function sendWaiting() {
    if (busy || !user || navigator.onLine === false) { return Promise.resolve(); }
    busy = true;
    var sent = 0;
    var run = function () {
      return everything().then(function (items) {
        var mine = items.filter(function (item) { return item.user === user && item.state !== "conflict"; })
          .sort(function (a, b) { return a.createdAt - b.createdAt; });
        var step = function (index) {
          if (index >= mine.length) { return "done"; }
          return send(mine[index]).then(function (outcome) {
            if (outcome === "sent") { sent += 1; }
            if (outcome === "offline" || outcome === "stop") { return outcome; }
            return step(index + 1);
          });
        };
        return step(0);
      });
    };
    var running = navigator.locks ? navigator.locks.request("triangle-outbox", run) : run();
    return running.then(function (outcome) {
      if (outcome === "done") { synced(); }
      if (sent) { document.body.dispatchEvent(new CustomEvent("outbox-sent", {bubbles: true})); }
    }).catch(function () {}).then(function () {
      busy = false;
      render();
    });
  }

  function synced() {
    try { window.localStorage.setItem(SYNCED, String(Date.now())); } catch (e) { /* nowhere to note it */ }
  }

  function lastSynced() {
    try { return Number(window.localStorage.getItem(SYNCED)) || 0; } catch (e) { return 0; }
  }

  // --- what the panel shows -------------------------------------------------------------------------------------
  var live = panel.querySelector("[data-outbox-live]");
  function announce(message) { if (live) { live.textContent = message; } }

  function item(record) {
    var li = document.createElement("li");
    li.className = "outbox-item outbox-" + record.state;
    li.dataset.id = record.id;
    var what = document.createElement("span");
    what.className = "fw-semibold";
    what.textContent = record.label;
    li.appendChild(what);
    var state = document.createElement("span");
    state.className = "ms-1";
    if (record.state === "conflict") {
      state.textContent = "— " + text.notSaved + " " + record.message;
      var again = document.createElement("button");
      again.type = "button";
      again.className = "btn btn-sm btn-outline-primary ms-2";
      again.dataset.outboxRetry = record.id;
      again.textContent = text.retry;
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "btn btn-sm btn-danger ms-1";
      drop.dataset.outboxRemove = record.id;
      drop.textContent = text.remove;
      li.appendChild(state);
      li.appendChild(again);
      li.appendChild(drop);
      return li;
    }
    state.textContent = "— " + (record.state === "login" ? text.needsLogin : text.waitingOne);
    li.appendChild(state);
    return li;
  }

  function markCards(records) {
    document.querySelectorAll(".outbox-card-badge").forEach(function (badge) { badge.remove(); });
    records.forEach(function (record) {
      (record.children || []).forEach(function (pk) {
        var tick = document.getElementById("tick-" + pk);
        var card = tick && tick.closest(".board-card");
        if (card && !card.querySelector(".outbox-card-badge")) {
          var badge = document.createElement("span");
          badge.className = "badge text-bg-warning outbox-card-badge";
          badge.textContent = text.waitingOne;
          tick.parentNode.appendChild(badge);
        }
      });
    });
  }

  function render() {
    return everything().then(function (items) {
      var mine = items.filter(function (record) { return record.user === user; });
      var waiting = mine.filter(function (record) { return record.state !== "conflict"; });
      var refused = mine.filter(function (record) { return record.state === "conflict"; });
      var others = items.length - mine.length;
      panel.querySelector("[data-outbox-count]").textContent = fill(text.waiting, {n: waiting.length});
      panel.querySelector("[data-outbox-count]").dataset.count = String(waiting.length);
      var when = lastSynced();
      panel.querySelector("[data-outbox-synced]").textContent =
        when ? fill(text.synced, {time: clock(when)}) : text.never;
      var other = panel.querySelector("[data-outbox-others]");
      other.hidden = others === 0;
      other.textContent = fill(text.others, {n: others});
      var list = panel.querySelector("[data-outbox-list]");
      list.replaceChildren.apply(list, refused.concat(waiting).map(item));
      panel.querySelector("[data-outbox-send]").hidden = waiting.length === 0;
      panel.hidden = !(panel.hasAttribute("data-always") || mine.length || others);
      markCards(waiting);
    }).catch(function () {});
  }

  panel.addEventListener("click", function (event) {
    var retry = event.target.closest("[data-outbox-retry]");
    var remove = event.target.closest("[data-outbox-remove]");
    var sendNow = event.target.closest("[data-outbox-send]");
    if (retry || remove) {
      var id = (retry || remove).dataset.outboxRetry || (retry || remove).dataset.outboxRemove;
      everything().then(function (items) {
        var record = items.filter(function (one) { return one.id === id; })[0];
        if (!record) { return; }
        if (remove) {
          if (window.confirm(fill(text.confirmRemove, {what: record.label}))) {
            return forget(id).then(render);
          }
          return;
        }
        record.state = "waiting";
        record.message = "";
        return keep(record).then(sendWaiting);
      });
    } else if (sendNow) {
      sendWaiting();
    }
  });

  // The board (or the child's day) redraws itself after something was sent (hx-trigger "outbox-sent from:body").
  document.body.addEventListener("htmx:afterSwap", function () { render(); });
  window.addEventListener("online", sendWaiting);
  window.addEventListener("offline", render);
  // A tunnel does not always say "offline": try again every half minute while something waits.
  window.setInterval(function () {
    everything().then(function (items) {
      if (items.some(function (record) { return record.user === user && record.state === "waiting"; })) {
        sendWaiting();
      }
    }).catch(function () {});
  }, 30000);

  if (document.body.dataset.served === "network" && navigator.onLine !== false && user) { synced(); }
  render().then(sendWaiting);
})();
