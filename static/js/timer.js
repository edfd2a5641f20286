// The run/walk interval timer on the plan page. It needs nothing from the network once the
// page is loaded, and counts from the clock rather than from ticks, so a phone that sleeps or
// throttles the page shows the right interval when it wakes.
(function () {
  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function setUp(box) {
    var segments = box.dataset.intervals.split(",").map(function (part) {
      var pieces = part.split(":");
      return { label: pieces[0], seconds: Number(pieces[1]) };
    });
    var total = segments.reduce(function (sum, s) { return sum + s.seconds; }, 0);
    var label = box.querySelector(".timer-label");
    var time = box.querySelector(".timer-clock");
    var progress = box.querySelector(".timer-progress");
    var announce = box.querySelector(".timer-announce");
    var start = box.querySelector(".timer-start");
    var pause = box.querySelector(".timer-pause");
    var reset = box.querySelector(".timer-reset");
    var elapsedBefore = 0, startedAt = null, ticker = null, lastIndex = -1;

    function elapsed() {
      return elapsedBefore + (startedAt === null ? 0 : (Date.now() - startedAt) / 1000);
    }

    function show() {
      var done = elapsed();
      if (done >= total) {
        stop();
        label.textContent = "Finished";
        time.textContent = "0:00";
        progress.textContent = "All " + segments.length + " intervals done. Log your session below.";
        announce.textContent = "Finished. Log your session below.";
        start.disabled = true;
        return;
      }
      var index = 0, into = done;
      while (into >= segments[index].seconds) { into -= segments[index].seconds; index += 1; }
      var segment = segments[index];
      label.textContent = segment.label;
      time.textContent = clock(segment.seconds - into);
      progress.textContent = "Interval " + (index + 1) + " of " + segments.length +
        ", " + clock(total - done) + " left in all";
      if (index !== lastIndex) {
        if (lastIndex !== -1 && navigator.vibrate) { navigator.vibrate(300); }
        announce.textContent = segment.label + " for " + clock(segment.seconds);
        lastIndex = index;
      }
    }

    function stop() {
      if (ticker !== null) { clearInterval(ticker); ticker = null; }
      if (startedAt !== null) { elapsedBefore = elapsed(); startedAt = null; }
    }

    start.addEventListener("click", function () {
      if (startedAt !== null) { return; }
      startedAt = Date.now();
      ticker = setInterval(show, 250);
      show();
      start.textContent = "Resume";
      start.disabled = true;
      pause.disabled = false;
      reset.disabled = false;
    });
    pause.addEventListener("click", function () {
      stop();
      show();
      start.disabled = false;
      pause.disabled = true;
      announce.textContent = "Paused";
    });
    reset.addEventListener("click", function () {
      stop();
      elapsedBefore = 0;
      lastIndex = -1;
      label.textContent = "Ready";
      time.textContent = "0:00";
      progress.textContent = segments.length + " intervals";
      start.textContent = "Start";
      start.disabled = false;
      pause.disabled = true;
      reset.disabled = true;
    });
  }

  document.querySelectorAll(".interval-timer").forEach(setUp);
})();
