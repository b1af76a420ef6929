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
