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

// "None of these" answers its section's questions No on the server (intake/forms.py); here
// the page shows that at once: ticking it marks the unanswered questions No, unticking it
// clears the ones it marked. A Yes is never changed: a Yes with "None of these" is an error
// the server names.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.name || box.name.indexOf("none_") !== 0) return;
  var section = box.closest(".signs-section");
  if (!section) return;
  section.querySelectorAll('.segmented-yes-no input[value="no"]').forEach(function (no) {
    if (no.closest(".follow-up")) return;
    if (box.checked && !section.querySelector('input[name="' + no.name + '"]:checked')) {
      no.checked = true;
      no.dataset.byNone = "1";
    } else if (!box.checked && no.dataset.byNone === "1") {
      no.checked = false;
      delete no.dataset.byNone;
    }
  });
});
