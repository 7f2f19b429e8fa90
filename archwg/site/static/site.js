// Sorting and filtering of the spec table. The table reads well without it.
(function () {
  "use strict";
  var table = document.getElementById("specs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;

  function value(row, index, kind) {
    var cell = row.cells[index];
    var text = cell.getAttribute("data-value");
    if (text === null) { text = cell.textContent.trim(); }
    return kind === "text" ? text.toLowerCase() : parseFloat(text);
  }

  Array.prototype.forEach.call(headers, function (header, index) {
    var kind = header.getAttribute("data-sort");
    var button = header.querySelector("button");
    if (!kind || !button) { return; }
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, index, kind), y = value(b, index, kind);
        var order = x < y ? -1 : (x > y ? 1 : 0);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  var selects = document.querySelectorAll("select[data-filter]");
  var shown = document.getElementById("shown");
  function filter() {
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = Array.prototype.every.call(selects, function (select) {
        return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
      });
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + body.rows.length + " specs";
  }
  Array.prototype.forEach.call(selects, function (select) { select.addEventListener("change", filter); });
  filter();
}());
