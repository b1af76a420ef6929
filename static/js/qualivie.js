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

// Progress bars of background jobs refresh themselves through htmx; pickers fill their suggestions below.

// Pickers (organisations/pickers.py): as one types in a text input carrying data-picker-url, its datalist is
// filled with suggestions from that search endpoint. Without this script, one types a code or an e-mail.
(function () {
  "use strict";
  const timers = new WeakMap();

  async function suggest(input) {
    const multiple = input.dataset.pickerMultiple === "true";
    const parts = multiple ? input.value.split(",") : [input.value];
    const term = parts[parts.length - 1].trim();
    const list = document.getElementById(input.getAttribute("list") || "");
    if (!list || term.length < 2) {
      return;
    }
    const url = new URL(input.dataset.pickerUrl, window.location.href);
    url.searchParams.set("q", term);
    const response = await fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } });
    if (!response.ok) {
      return;
    }
    const found = new DOMParser().parseFromString(
      "<select>" + (await response.text()) + "</select>",
      "text/html",
    );
    const prefix = parts
      .slice(0, -1)
      .map((part) => part.trim())
      .filter(Boolean)
      .join(", ");
    const options = Array.from(found.querySelectorAll("option")).map((source) => {
      const option = document.createElement("option");
      option.value = prefix ? prefix + ", " + source.value : source.value;
      option.label = source.textContent || source.value;
      return option;
    });
    list.replaceChildren(...options);
  }

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.pickerUrl) {
      return;
    }
    window.clearTimeout(timers.get(input));
    timers.set(
      input,
      window.setTimeout(() => suggest(input), 250),
    );
  });
})();
