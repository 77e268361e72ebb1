// A filter box above a long list of organisations (or people) to choose from; see
// mapping/forms/pickers.py. The list carries data-picker-* attributes with the texts in the
// page's language. Typing hides what does not match (chosen ones stay), a status line tells
// screen readers how many are shown, Enter or Arrow down moves to the first match. Without
// JavaScript, or for a short list, the whole list is shown as it is.
(function () {
  "use strict";
  var MIN_OPTIONS = 8; // a shorter list is read at a glance
  var counter = 0;

  // Lower case without accents, keeping æ, ø and å (as portal.collation.fold does).
  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/a\u030a/g, "å")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ä/g, "æ")
      .replace(/ö/g, "ø")
      .trim();
  }

  function checkboxItems(group) {
    return Array.prototype.map.call(
      group.querySelectorAll("input[type=checkbox]"),
      function (input) {
        var label = group.querySelector('label[for="' + input.id + '"]');
        return {
          element: input.closest(".form-check") || input.parentElement,
          control: input,
          text: fold(label ? label.textContent : input.value),
          chosen: function () {
            return input.checked;
          },
        };
      },
    );
  }

  function selectItems(select) {
    return Array.prototype.filter
      .call(select.options, function (option) {
        return option.value !== ""; // "choose one" stays
      })
      .map(function (option) {
        return {
          element: option,
          control: select,
          text: fold(option.textContent),
          chosen: function () {
            return option.selected;
          },
        };
      });
  }

  function enhance(source, container, items) {
    if (items.length < MIN_OPTIONS || container.dataset.pickerReady) {
      return;
    }
    container.dataset.pickerReady = "true";
    counter += 1;
    var id = "portal-picker-" + counter;

    var box = document.createElement("div");
    box.className = "portal-picker mb-2";
    var label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = id;
    label.textContent = source.dataset.pickerLabel;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", id + "-hint " + id + "-status");
    var hint = document.createElement("p");
    hint.id = id + "-hint";
    hint.className = "form-text mb-0";
    hint.textContent = source.dataset.pickerHint;
    var status = document.createElement("p");
    status.id = id + "-status";
    status.className = "form-text mb-0";
    status.setAttribute("role", "status");
    box.append(label, input, hint, status);
    container.parentNode.insertBefore(box, container);

    var timer = null;
    function announce(shown) {
      // Announced after typing pauses, so a screen reader is not flooded.
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        status.textContent = source.dataset.pickerStatus
          .replace("{shown}", shown)
          .replace("{total}", items.length);
      }, 400);
    }
    function apply() {
      var wanted = fold(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var visible = !wanted || item.text.indexOf(wanted) !== -1 || item.chosen();
        item.element.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      announce(shown);
      return shown;
    }
    function firstShown() {
      for (var i = 0; i < items.length; i += 1) {
        if (!items[i].element.hidden) {
          return items[i];
        }
      }
      return null;
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== "ArrowDown") {
        return;
      }
      event.preventDefault(); // Enter in the filter must not send the form
      var first = firstShown();
      if (!first) {
        return;
      }
      if (first.control.tagName === "SELECT" && !first.control.value) {
        first.element.selected = true;
        first.control.dispatchEvent(new Event("change", { bubbles: true }));
      }
      first.control.focus();
    });
  }

  document.querySelectorAll("[data-picker-label]").forEach(function (source) {
    if (source.tagName === "SELECT") {
      enhance(source, source, selectItems(source));
      return;
    }
    // Checkboxes: the texts ride on the first box; the list is what holds them all.
    var group = source.closest(".form-check");
    group = group ? group.parentElement : source.parentElement;
    enhance(source, group, checkboxItems(group));
  });
})();
