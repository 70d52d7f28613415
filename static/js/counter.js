// A live "characters left" under every textarea with data-maxlength (set by families/limits.py).
// No maxlength attribute on purpose: a browser would silently cut a paste; the server refuses instead.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var words = (document.currentScript && document.currentScript.dataset) || {};
  function text(template, n) { return template.replace("%(n)s", n.toLocaleString(lang)); }

  function attach(area) {
    if (area.dataset.counterReady) { return; }
    area.dataset.counterReady = "1";
    var limit = parseInt(area.dataset.maxlength, 10);
    if (!limit) { return; }
    var note = document.createElement("div");
    note.className = "form-text char-counter";
    note.id = (area.id || ("t" + Math.random().toString(36).slice(2))) + "-counter";
    note.setAttribute("aria-live", "polite");
    var left = words.left || "%(n)s characters left";
    var over = words.over || "%(n)s characters too many";
    area.insertAdjacentElement("afterend", note);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", described ? described + " " + note.id : note.id);
    function update() {
      var remaining = limit - area.value.length;
      // Quiet until the last fifth, so a short note is not a countdown.
      note.hidden = remaining > limit / 5;
      note.textContent = remaining >= 0 ? text(left, remaining) : text(over, -remaining);
      note.classList.toggle("text-danger", remaining < 0);
    }
    area.addEventListener("input", update);
    update();
  }

  function scan(root) {
    (root || document).querySelectorAll("textarea[data-maxlength]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
