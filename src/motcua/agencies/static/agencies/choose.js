// The filter over the receiving agencies (agencies/_choose.html): typing part of a name, or an
// address, keeps the agencies it names; an address that names one commune (with its district,
// if two communes share the name) or one district selects that agency, as agencies.choices.serving
// does on the server from the applicant's address. The count is announced as a status.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function setUp(box) {
    var filter = box.querySelector("input[type=search]");
    var count = box.querySelector("[role=status]");
    var labels = Array.prototype.slice.call(box.querySelectorAll("label[data-search]"));
    box.querySelector(".agency-filter").hidden = false;

    function named(words, place) { return place !== "" && words.indexOf(" " + place + " ") !== -1; }

    function apply() {
      var query = fold(filter.value);
      var words = " " + query + " ";
      var shown = 0, best = 0, top = [];
      labels.forEach(function (label) {
        var place = label.getAttribute("data-place");
        var score = 0;
        if (named(words, place)) {
          // A commune's district counts only when named apart from the commune itself.
          score = label.getAttribute("data-commune") ? 2 + (named(words.replace(" " + place + " ", " "), label.getAttribute("data-district-place")) ? 1 : 0) : 1;
        }
        var visible = query === "" || label.getAttribute("data-search").indexOf(query) !== -1 || score > 0;
        label.hidden = !visible;
        if (visible) { shown += 1; }
        if (score > best) { best = score; top = [label]; } else if (score > 0 && score === best) { top.push(label); }
      });
      box.querySelectorAll("fieldset.agency-group").forEach(function (group) {
        group.hidden = !group.querySelector("label[data-search]:not([hidden])");
      });
      count.textContent = count.getAttribute("data-template").replace("__N__", String(shown));
      if (top.length === 1) { top[0].querySelector("input").checked = true; }
    }

    filter.addEventListener("input", apply);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter filters; it does not send the form
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-agency-filter]").forEach(setUp);
  });
}());
