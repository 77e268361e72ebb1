// Offers a look-up in the CVR register under a form's CVR field (see mapping/cvr.py).
// The field carries data-cvr-lookup-* attributes only when a look-up is configured; without
// them, or without JavaScript, the form is simply filled in by hand.
(function () {
  "use strict";
  var input = document.querySelector("input[data-cvr-lookup-url]");
  if (!input || !window.fetch) {
    return;
  }
  var form = input.form;
  var wrapper = input.closest(".mb-3") || input.parentElement;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-primary btn-sm mt-2";
  button.textContent = input.dataset.cvrLookupLabel;
  var result = document.createElement("div");
  result.className = "mt-2";
  result.setAttribute("aria-live", "polite");
  wrapper.append(button, result);

  var looked = null;
  // As mapping/validators.py normalise_cvr: "DK 12 34 56 78" is 12345678.
  function digits() {
    return input.value.replace(/[\s.\-]/g, "").replace(/^dk/i, "");
  }
  function lookUp() {
    looked = digits();
    result.textContent = input.dataset.cvrLookupBusy;
    fetch(input.dataset.cvrLookupUrl + "?cvr=" + encodeURIComponent(looked), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (response.status === 404 || response.status >= 500) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        result.innerHTML = html;
      })
      .catch(function () {
        result.textContent = input.dataset.cvrLookupFailed;
      });
  }
  button.addEventListener("click", lookUp);
  // Typing a whole number offers the look-up by itself once the field is left.
  input.addEventListener("change", function () {
    if (/^\d{8}$/.test(digits()) && digits() !== looked) {
      lookUp();
    }
  });

  result.addEventListener("click", function (event) {
    var fill = event.target.closest("[data-cvr-fill]");
    if (!fill) {
      return;
    }
    result.querySelectorAll("[data-cvr-field]").forEach(function (source) {
      var field = form.elements.namedItem(source.dataset.cvrField);
      if (!field) {
        return; // this form does not keep that detail
      }
      var value = source.dataset.cvrValue;
      if (value === undefined) {
        value = source.textContent.trim();
      }
      if (field.type === "checkbox") {
        field.checked = value === "true";
      } else if (value) {
        field.value = value;
      } else {
        return; // never overwrite what was typed with nothing
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    var done = document.createElement("p");
    done.className = "mt-2 mb-0";
    done.textContent = fill.dataset.cvrFilled;
    fill.after(done);
  });
})();
