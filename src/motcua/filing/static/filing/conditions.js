// The online form shows a field asked only under a condition ("Quan hệ với trẻ" when
// "Người đi đăng ký" is "Người khác") only while that condition holds. A hidden field's
// inputs are disabled, so the browser neither checks nor sends them; a required one is
// required again once shown. Without this script every field shows, and the server still
// asks only for those whose condition holds.
(function () {
  "use strict";
  var form = document.querySelector("form.wizard");
  if (!form) {
    return;
  }

  function currentValue(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      if (input.type === "checkbox") {
        return input.checked ? "true" : "false";
      }
      if (input.type === "radio") {
        if (input.checked) {
          return input.value;
        }
      } else {
        return input.value;
      }
    }
    return "";
  }

  function update() {
    var blocks = form.querySelectorAll("[data-show-when]");
    for (var i = 0; i < blocks.length; i += 1) {
      var block = blocks[i];
      var values = JSON.parse(block.getAttribute("data-show-values") || "[]");
      var shown = values.indexOf(currentValue(block.getAttribute("data-show-when"))) !== -1;
      block.hidden = !shown;
      var inputs = block.querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j += 1) {
        inputs[j].disabled = !shown;
        if (block.hasAttribute("data-required")) {
          inputs[j].required = shown;
        }
      }
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
