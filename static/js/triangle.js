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
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    var pauseWhile = element && element.dataset ? element.dataset.pauseWhile : null;
    if (pauseWhile && element.querySelector(pauseWhile)) {
      event.preventDefault();
    }
  });
})();
