// The printable plan's Print button: shown only when this script runs (no script, no dead
// button); the CSP allows no inline handler, hence a file.
(function () {
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
