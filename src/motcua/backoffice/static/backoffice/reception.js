// The counter receipt form (backoffice/reception/new.html).
//
// 1. The online form's conditional fields: each field's wrapper carries data-field (its
//    input's name) and, when shown only under a condition, data-visible-if (the schema's
//    visible_if, naming the controlling input). They are shown or hidden here as the officer
//    types, read in the same way as the server (catalog.formschema): a field's value counts
//    only while the field itself is shown; a checkbox is true or false, anything else its
//    trimmed text. Nothing is re-rendered, so nothing typed is lost.
// 2. The applicant lookup (htmx): what it found fills only the fields still empty, so
//    whatever the officer typed while the answer was on its way is kept. The population
//    database's answer is the exception the officer asked for: the fields it marks
//    (data-population) take its values, and its box (.population) is shown.
(function () {
  "use strict";

  function valueOf(form, name) {
    var controls = form.querySelectorAll("[name='" + name + "']");
    if (!controls.length) { return ""; }
    var first = controls[0];
    if (first.type === "checkbox") { return first.checked; }
    if (first.type === "radio") {
      for (var i = 0; i < controls.length; i++) { if (controls[i].checked) { return controls[i].value.trim(); } }
      return "";
    }
    return first.value.trim();
  }

  function refresh(fieldset) {
    var seen = {};
    fieldset.querySelectorAll("[data-field]").forEach(function (wrapper) {
      var visible = true;
      var raw = wrapper.getAttribute("data-visible-if");
      if (raw) {
        var condition = JSON.parse(raw);
        var value = Object.prototype.hasOwnProperty.call(seen, condition.field) ? seen[condition.field] : undefined;
        visible = "equals" in condition ? value === condition.equals : (condition["in"] || []).indexOf(value) !== -1;
      }
      wrapper.hidden = !visible;
      if (visible) { seen[wrapper.getAttribute("data-field")] = valueOf(fieldset, wrapper.getAttribute("data-field")); }
    });
  }

  function watch(fieldset) {
    if (!fieldset || !fieldset.querySelector("[data-visible-if]")) { return; }
    fieldset.addEventListener("input", function () { refresh(fieldset); });
    fieldset.addEventListener("change", function () { refresh(fieldset); });
    refresh(fieldset);
  }

  // The lookup's answer is the whole fieldset again (as served without JavaScript); rather
  // than replacing the fieldset, and the field the officer is typing in with it, only the
  // fields still empty are filled from it and its status line is taken.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var fieldset = document.getElementById("nguoi-nop");
    if (!fieldset || event.detail.target !== fieldset || event.detail.xhr.status !== 200) { return; }
    event.detail.shouldSwap = false;
    var answer = document.createElement("template");
    answer.innerHTML = event.detail.serverResponse;
    answer.content.querySelectorAll("#nguoi-nop input[name]:not([type=hidden])").forEach(function (found) {
      var input = fieldset.querySelector("input[name='" + found.name + "']");
      if (!input) { return; }
      if (found.hasAttribute("data-population")) {
        input.value = found.value;
        input.setAttribute("aria-describedby", found.getAttribute("aria-describedby"));
      } else if (!input.value.trim() && found.value) { input.value = found.value; }
    });
    var register = answer.content.querySelector(".population");
    if (register) {
      var registered = fieldset.querySelector(".population");
      if (registered) {
        // The earlier look-up stays named in the form, so the dossier received names it too.
        registered.querySelectorAll("input[type=hidden]").forEach(function (kept) { fieldset.appendChild(kept); });
        registered.remove();
      }
      fieldset.querySelector("#applicant_id_number").closest("p").after(document.importNode(register, true));
    }
    var status = answer.content.querySelector(".lookup");
    var shown = fieldset.querySelector(".lookup");
    if (status && shown) {
      shown.textContent = status.textContent;
    } else if (status) {
      fieldset.querySelector("#applicant_id_number").closest("p").after(document.importNode(status, true));
    }
  });

  document.addEventListener("DOMContentLoaded", function () { watch(document.getElementById("to-khai")); });
}());
