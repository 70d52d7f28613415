/* Triangle's own behaviour, kept out of the HTML: the Content-Security-Policy refuses inline script,
   on* attributes and eval (which htmx's hx-trigger "[...]" filters need). */
(function () {
  "use strict";

  // <button data-print> prints the page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // An element that polls with htmx skips a refresh while the selector in data-pause-while matches inside it
  // (someone is typing a comment or has ticked children on the board): what they wrote is never swapped away.
  // A polling element with data-stamp says which version of the page it shows; the server answers 204 (htmx
  // keeps the page as it is) while nothing changed, else the new part and its stamp (diaries/day_stamp.py).
  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (element && element.dataset && element.dataset.stamp) {
      event.detail.headers["Triangle-Day-Stamp"] = element.dataset.stamp;
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    var xhr = event.detail.xhr;
    var stamp = xhr && xhr.getResponseHeader("Triangle-Day-Stamp");
    if (stamp && element && element.dataset && "stamp" in element.dataset) {
      element.dataset.stamp = stamp;
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    var pauseWhile = element && element.dataset ? element.dataset.pauseWhile : null;
    if (pauseWhile && element.querySelector(pauseWhile)) {
      event.preventDefault();
    }
  });
})();
