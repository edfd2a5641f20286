// A second tap on a slow phone must not send a form twice; the server dedupes too. Buttons
// are not disabled, so the pressed button's name (e.g. "back") is still sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  // If the browser comes back to this page from its cache, allow sending again.
  window.addEventListener("pageshow", function () { form.dataset.submitted = ""; }, { once: true });
});

// The error summary takes focus, so a screen reader reads it and a keyboard starts there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();
});
