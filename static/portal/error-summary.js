/* After a failed submit: focus on the error summary (templates/portal/includes/error_summary.html),
   so that keyboard and screen-reader users start from the list of what to fix; its links put
   focus in the field they name (a link to an #id only scrolls, it does not focus). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-portal-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  });
})();
