/* A background job's progress on the page that started it (portal/jobs/includes/progress.html):
   asks the job's status every second or two and updates the bar and the words; once the job
   has finished, reloads the page so that it shows the result (or the error). Without this
   script the page has a link that reloads it by hand. */
(function () {
  "use strict";
  var FIRST_MS = 1000;
  var MAX_MS = 5000;

  function watch(box) {
    var url = box.dataset.jobStatus;
    var state = box.querySelector("[data-job-state]");
    var percent = box.querySelector("[data-job-percent]");
    var bar = box.querySelector("progress");
    var error = box.querySelector("[data-job-error]");
    var reload = box.querySelector("[data-job-reload]");
    var delay = FIRST_MS;
    var lastText = state.textContent + percent.textContent;
    if (reload) {
      reload.hidden = true;
    }

    function put(element, text) {
      // Only a change is written, so screen readers hear each step once.
      if (element.textContent !== text) {
        element.textContent = text;
      }
    }

    function show(status) {
      put(state, status.state_label);
      put(percent, status.percent !== null && !status.finished ? " – " + status.percent + " %" : "");
      if (bar) {
        if (status.percent === null) {
          bar.removeAttribute("value");
        } else {
          bar.value = status.percent;
        }
      }
      if (error) {
        put(error, status.error);
        error.hidden = !status.error;
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 403 || response.status === 404) {
            // Not ours to follow (or gone): the reload link is all there is.
            if (reload) {
              reload.hidden = false;
            }
            return null;
          }
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (status) {
          if (status === null) {
            return;
          }
          var text = status.state_label + status.percent;
          show(status);
          if (status.finished) {
            window.location.reload();
            return;
          }
          // Slow down while nothing moves; speed up again when it does.
          delay = text === lastText ? Math.min(delay * 1.5, MAX_MS) : FIRST_MS;
          lastText = text;
          window.setTimeout(poll, delay);
        })
        .catch(function () {
          if (reload) {
            reload.hidden = false;
          }
          window.setTimeout(poll, MAX_MS);
        });
    }

    window.setTimeout(poll, delay);
  }

  document.querySelectorAll(".job-progress[data-job-status]").forEach(function (box) {
    if (!box.hasAttribute("data-job-finished")) {
      watch(box);
    }
  });
})();
