// Progress bars of background jobs refresh themselves through htmx.
//
// Character counters: a text area with a maximum length carries `maxlength` and a help text saying the maximum
// (enough without script) and `data-qv-counter`, the sentence to show with `{count}` in it (translated by the
// server). Here we add that sentence below the field, in a polite live region, and keep it up to date; the
// count is announced at most once a second while typing.
(function () {
  "use strict";

  function attach(area) {
    if (area.dataset.qvCounterReady) {
      return;
    }
    area.dataset.qvCounterReady = "1";
    var template = area.getAttribute("data-qv-counter");
    var counter = document.createElement("p");
    counter.className = "fr-hint-text qv-counter";
    counter.id = area.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var timer = null;
    function render() {
      timer = null;
      counter.textContent = template.replace("{count}", area.value.length.toLocaleString(document.documentElement.lang || "fr"));
    }
    area.addEventListener("input", function () {
      if (timer === null) {
        timer = window.setTimeout(render, 1000);
      }
    });
    render();
  }

  function attachAll(root) {
    var areas = (root || document).querySelectorAll("textarea[data-qv-counter][maxlength]");
    Array.prototype.forEach.call(areas, attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // Blocks swapped by htmx (progress updates, comments) get their counters too.
  document.addEventListener("htmx:load", function (event) {
    attachAll(event.target);
  });
})();
