// Back to the start after a minute without a touch or a key, so the next person finds a clean screen.
// The start page and the minute come from the script element (portal/_kiosk_styles.html).
(function () {
  var script = document.currentScript;
  var start = script.dataset.start, seconds = Number(script.dataset.seconds);
  var timer;
  function restart() { clearTimeout(timer); timer = setTimeout(function () { window.location.assign(start); }, seconds * 1000); }
  ["pointerdown", "keydown", "input"].forEach(function (name) { document.addEventListener(name, restart, true); });
  restart();
})();
