// Survey links carry the personal code after "#": the fragment never reaches the server nor its logs.
// Move it into the code form, wipe it from the address bar and history, then post the form.
(function () {
  "use strict";
  var form = document.getElementById("qv-code-form");
  if (!form) { return; }
  var code = window.location.hash.replace(/^#/, "");
  if (!code) { return; }
  window.history.replaceState(null, "", window.location.pathname);
  var input = form.querySelector("input[name=code]");
  if (!input) { return; }
  try { input.value = decodeURIComponent(code); } catch (e) { input.value = code; }
  form.submit();
})();
