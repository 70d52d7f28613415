/* Form errors are announced (WCAG 3.3.1, 4.1.3): every invalid field is described by its error text
   (aria-describedby, aria-invalid), and focus moves to the first invalid field, which a screen reader then
   reads together with its error. Runs on page load and after htmx swaps (the room board). No inline script:
   the page's Content-Security-Policy allows only files like this one. */
(function () {
  "use strict";
  var counter = 0;

  function feedbackFor(field) {
    var found = [];
    var holder = field.closest(".mb-3, .form-group, [class*='col-'], .input-group, .form-check") || field.parentElement;
    if (holder) {
      holder.querySelectorAll(".invalid-feedback, .errorlist li, .text-danger").forEach(function (el) {
        if (el.textContent.trim()) found.push(el);
      });
    }
    return found;
  }

  function describe(root) {
    var first = null;
    root.querySelectorAll(".is-invalid, [aria-invalid='true']").forEach(function (field) {
      if (!/^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) return;
      field.setAttribute("aria-invalid", "true");
      var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      feedbackFor(field).forEach(function (el) {
        if (!el.id) { counter += 1; el.id = "field-error-" + counter; }
        if (ids.indexOf(el.id) === -1) ids.push(el.id);
      });
      if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
      if (!first) first = field;
    });
    return first;
  }

  function focusFirstError(root) {
    var first = describe(root || document);
    if (first) {
      first.focus({ preventScroll: false });
      return;
    }
    // A form-wide error with no field of its own (e.g. "Nothing was saved."): take the reader to it.
    var summary = (root || document).querySelector("form .alert-danger, .alert-danger[role='alert']");
    if (summary && (root || document).querySelector("form")) {
      if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusFirstError(event.target); });
})();
