// Shows a question only when the earlier answer it depends on satisfies its condition.
// Without JavaScript every question stays visible, and the server ignores answers to hidden ones.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  if (!form) { return; }
  function answer(id) {
    var fields = form.querySelectorAll('[name="q-' + id + '"]');
    var values = [];
    fields.forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
      if (field.value !== "") { values.push(field.value); }
    });
    return values;
  }
  function holds(block) {
    var values = answer(block.dataset.conditionQuestion);
    var expected = block.dataset.conditionValue;
    switch (block.dataset.conditionOperator) {
      case "answered": return values.length > 0;
      case "equals": return values.length === 1 && values[0] === expected;
      case "not_equals": return values.length > 0 && values[0] !== expected;
      case "includes": return values.indexOf(expected) !== -1;
      case "at_least": return values.length > 0 && Number(values[0]) >= Number(expected);
      case "at_most": return values.length > 0 && Number(values[0]) <= Number(expected);
      default: return true;
    }
  }
  function refresh() {
    form.querySelectorAll("[data-condition-question]").forEach(function (block) {
      block.hidden = !holds(block);
    });
  }
  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  refresh();
}());
