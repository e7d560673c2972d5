// zhengfeng site script: small progressive enhancements. Every page works without it.
(function () {
  "use strict";
  // Case list filters (cases/index.html): show only rows matching every chosen filter.
  var form = document.getElementById("case-filters");
  var list = document.getElementById("case-list");
  if (form && list) {
    var rows = Array.prototype.slice.call(list.children);
    var count = document.getElementById("case-count");
    var empty = document.getElementById("case-empty");
    var apply = function () {
      var v = form.elements.violation.value, f = form.elements.form.value, y = form.elements.year.value;
      var shown = 0;
      rows.forEach(function (li) {
        var ok = (!v || (" " + li.getAttribute("data-violations")).indexOf(" " + v + " ") >= 0) &&
          (!f || li.getAttribute("data-form") === f) && (!y || li.getAttribute("data-year") === y);
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown;
      if (empty) empty.hidden = shown > 0;
    };
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    // A filter can be linked: cases/index.html#violation=slug
    var m = /violation=([a-z0-9-]+)/.exec(location.hash);
    if (m && form.elements.violation) { form.elements.violation.value = m[1]; }
    apply();
  }
})();
