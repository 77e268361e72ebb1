/* Long work shows that it is working: a link or submit button marked data-portal-busy (a PDF
   preview, freezing the report, the council's PDF and DOCX) turns busy when used: spinner,
   "Arbejder …", aria-disabled, and the same words in base.html's live region for screen
   readers. A second click does nothing while it is busy. aria-disabled rather than disabled:
   the button keeps focus, and a disabled submitter would drop its name from the request.
   A download leaves the page in place, so the control comes back after a while; going back
   to a page from the browser's cache brings it back at once. */
(function () {
  "use strict";
  var live = document.getElementById("portal-live");
  var RESTORE_AFTER_MS = 20000;
  var busyControls = [];

  function restore(control) {
    if (control.getAttribute("aria-disabled") !== "true") {
      return;
    }
    control.innerHTML = control.dataset.portalBusyLabel;
    control.removeAttribute("aria-disabled");
    control.classList.remove("portal-busy");
  }

  function makeBusy(control) {
    var text = live.dataset.busyText;
    var spinner = document.createElement("span");
    control.dataset.portalBusyLabel = control.innerHTML;
    control.setAttribute("aria-disabled", "true");
    control.classList.add("portal-busy");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    control.textContent = text;
    control.prepend(spinner);
    live.textContent = text;
    busyControls.push(control);
    window.setTimeout(function () {
      restore(control);
    }, RESTORE_AFTER_MS);
  }

  function isBusy(control) {
    return control.getAttribute("aria-disabled") === "true";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-portal-busy]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    if (isBusy(link)) {
      event.preventDefault();
      return;
    }
    makeBusy(link);
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-portal-busy") || event.defaultPrevented) {
      return;
    }
    if (isBusy(button)) {
      event.preventDefault();
      return;
    }
    makeBusy(button);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      busyControls.forEach(restore);
      live.textContent = "";
    }
  });
})();
