// The run/walk interval timer on the plan page. It needs nothing from the network once the
// page is loaded, and counts from the clock rather than from ticks, so a phone that sleeps or
// throttles the page shows the right interval when it wakes.
//
// At every change it beeps (Web Audio: an oscillator, no sound file), vibrates where the
// phone can (iPhones cannot, hence the beep) and, when the runner ticks the box, says the
// change out loud. While it runs it holds a screen wake lock, released on pause, reset and
// at the end. Its state is on the box as data-* attributes: data-state (ready, running,
// paused, finished), data-audio (off until the first tap, then the audio context's state),
// data-wake-lock (off, held, released, unsupported, refused) and data-beeps (how many).
(function () {
  var SPEAK_KEY = "timer-speak";
  var audio = null; // one audio context for the page, made on the first tap (browsers insist)

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // The timer's words in the runner's language, from its data-t-* attributes (_timer.html),
  // with "{n}"-style blanks filled in; English when an attribute is missing.
  function wordsOf(box) {
    var english = {
      run: "Run", walk: "Walk", ready: "Ready", start: "Start", resume: "Resume",
      paused: "Paused", finished: "Finished",
      allDone: "All {n} intervals done. Log your session below.",
      saidDone: "Finished. Log your session below.",
      interval: "Interval {n} of {total}, {left} left in all",
      intervals: "{n} intervals", minute: "{n} minute", minutes: "{n} minutes",
      seconds: "{n} seconds"
    };
    return function (key, blanks) {
      var attr = "t" + key.charAt(0).toUpperCase() + key.slice(1);
      var text = box.dataset[attr] || english[key];
      Object.keys(blanks || {}).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(blanks[name]));
      });
      return text;
    };
  }

  function inWords(t, seconds) {
    if (seconds % 60 === 0) {
      var minutes = seconds / 60;
      return t(minutes === 1 ? "minute" : "minutes", { n: minutes });
    }
    return t("seconds", { n: seconds });
  }

  function speakingWanted() {
    try { return window.localStorage.getItem(SPEAK_KEY) === "on"; } catch (e) { return false; }
  }

  function setUp(box) {
    var segments = box.dataset.intervals.split(",").map(function (part) {
      var pieces = part.split(":");
      return { label: pieces[0], seconds: Number(pieces[1]) };
    });
    var t = wordsOf(box);
    // What the runner reads and hears for a segment ("Run"/"Walk" stay the data's keys).
    var said = function (segment) { return segment.label === "Run" ? t("run") : t("walk"); };
    var total = segments.reduce(function (sum, s) { return sum + s.seconds; }, 0);
    var label = box.querySelector(".timer-label");
    var time = box.querySelector(".timer-clock");
    var progress = box.querySelector(".timer-progress");
    var announce = box.querySelector(".timer-announce");
    var start = box.querySelector(".timer-start");
    var pause = box.querySelector(".timer-pause");
    var reset = box.querySelector(".timer-reset");
    var speak = box.querySelector(".timer-speak");
    var elapsedBefore = 0, startedAt = null, ticker = null, lastIndex = -1, lock = null;

    if (speak) {
      if (!("speechSynthesis" in window)) {
        speak.disabled = true;
      } else {
        speak.checked = speakingWanted();
        speak.addEventListener("change", function () {
          try { window.localStorage.setItem(SPEAK_KEY, speak.checked ? "on" : "off"); } catch (e) { /* private mode */ }
        });
      }
    }

    function setState(name) { box.dataset.state = name; }

    time.textContent = clock(segments[0].seconds); // ready: the first interval's length

    function startAudio() {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) { box.dataset.audio = "unsupported"; return; }
      if (audio === null) { audio = new Context(); }
      var shown = function () { box.dataset.audio = audio.state; };
      if (audio.state !== "running") { audio.resume().then(shown, shown); }
      shown();
      audio.onstatechange = shown;
    }

    function beep(pitch, repeats) {
      box.dataset.beeps = String(Number(box.dataset.beeps || 0) + 1);
      if (audio === null) { return; }
      for (var n = 0; n < repeats; n += 1) {
        var at = audio.currentTime + n * 0.3;
        var tone = audio.createOscillator();
        var volume = audio.createGain();
        tone.type = "sine";
        tone.frequency.value = pitch;
        volume.gain.setValueAtTime(0.0001, at);
        volume.gain.exponentialRampToValueAtTime(0.6, at + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
        tone.connect(volume).connect(audio.destination);
        tone.start(at);
        tone.stop(at + 0.27);
      }
    }

    function say(text) {
      announce.textContent = text;
      if (speak && speak.checked && "speechSynthesis" in window) {
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(text);
        // The page's language (<html lang>), so a Spanish cue gets a Spanish voice.
        utterance.lang = document.documentElement.lang || "en";
        window.speechSynthesis.speak(utterance);
      }
    }

    function holdScreen() {
      if (!("wakeLock" in navigator)) { box.dataset.wakeLock = "unsupported"; return; }
      navigator.wakeLock.request("screen").then(function (sentinel) {
        if (startedAt === null) { sentinel.release(); return; } // paused meanwhile
        lock = sentinel;
        box.dataset.wakeLock = "held";
        sentinel.addEventListener("release", function () {
          if (lock === sentinel) { lock = null; box.dataset.wakeLock = "released"; }
        });
      }, function () { box.dataset.wakeLock = "refused"; });
    }

    function releaseScreen() {
      if (lock !== null) {
        var held = lock;
        lock = null;
        held.release();
        box.dataset.wakeLock = "released";
      }
    }

    function elapsed() {
      return elapsedBefore + (startedAt === null ? 0 : (Date.now() - startedAt) / 1000);
    }

    function show() {
      var done = elapsed();
      if (done >= total) {
        stop();
        setState("finished");
        label.textContent = t("finished");
        time.textContent = "0:00";
        progress.textContent = t("allDone", { n: segments.length });
        start.disabled = true;
        pause.disabled = true;
        beep(880, 3);
        if (navigator.vibrate) { navigator.vibrate([300, 150, 300]); }
        say(t("saidDone"));
        return;
      }
      var index = 0, into = done;
      while (into >= segments[index].seconds) { into -= segments[index].seconds; index += 1; }
      var segment = segments[index];
      label.textContent = said(segment);
      time.textContent = clock(segment.seconds - into);
      progress.textContent = t("interval", {
        n: index + 1, total: segments.length, left: clock(total - done)
      });
      if (index !== lastIndex) {
        // A run is a higher note than a walk, so the runner knows which without looking.
        beep(segment.label === "Run" ? 880 : 587, 1);
        if (lastIndex !== -1 && navigator.vibrate) { navigator.vibrate(300); }
        say(said(segment) + " " + inWords(t, segment.seconds));
        lastIndex = index;
      }
    }

    function stop() {
      if (ticker !== null) { clearInterval(ticker); ticker = null; }
      if (startedAt !== null) { elapsedBefore = elapsed(); startedAt = null; }
      releaseScreen();
    }

    start.addEventListener("click", function () {
      if (startedAt !== null) { return; }
      startAudio();
      startedAt = Date.now();
      setState("running");
      holdScreen();
      ticker = setInterval(show, 250);
      show();
      start.disabled = true;
      pause.disabled = false;
      reset.disabled = false;
    });
    pause.addEventListener("click", function () {
      stop();
      show();
      setState("paused");
      start.textContent = t("resume");
      start.disabled = false;
      pause.disabled = true;
      say(t("paused"));
    });
    reset.addEventListener("click", function () {
      stop();
      elapsedBefore = 0;
      lastIndex = -1;
      setState("ready");
      label.textContent = t("ready");
      time.textContent = clock(segments[0].seconds);
      progress.textContent = t("intervals", { n: segments.length });
      start.textContent = t("start");
      start.disabled = false;
      pause.disabled = true;
      reset.disabled = true;
    });
    // A locked or hidden page loses its wake lock; take it again, and catch up on the clock,
    // as soon as the runner looks at the screen again.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && startedAt !== null) {
        show();
        if (startedAt !== null && lock === null) { holdScreen(); }
      }
    });
  }

  document.querySelectorAll(".interval-timer").forEach(setUp);
})();
