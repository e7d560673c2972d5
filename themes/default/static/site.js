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

// Version menu: lists the newest set of versions, from the archive's versions.js. On a
// snapshot inside output/archive/ that list is one folder up; a snapshot copied away alone
// falls back to its own copy. Without scripts the menu stays a plain link to the archive index.
(function () {
  "use strict";
  var menu = document.querySelector(".version-menu");
  if (!menu) return;
  var root = menu.getAttribute("data-root") || "";
  var snapshot = menu.getAttribute("data-snapshot") === "true";
  var period = menu.getAttribute("data-period") || "";
  var load = function (src, ok, fail) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = ok;
    s.onerror = fail;
    document.head.appendChild(s);
  };
  var build = function (own) {
    var versions = window.ZF_VERSIONS || [];
    var select = document.createElement("select");
    select.setAttribute("aria-label", "选择版本");
    var add = function (label, href, selected) {
      var o = document.createElement("option");
      o.textContent = label;
      o.value = href;
      if (selected) o.selected = true;
      select.appendChild(o);
    };
    if (!snapshot) {
      add("现行版本", root + "index.html", true);
      versions.forEach(function (v) { add(v.label + "归档", root + "archive/" + v.period + "/index.html", false); });
    } else if (!own) {
      add("现行版本", root + "../../index.html", false);
      versions.forEach(function (v) { add(v.label + "归档", root + "../" + v.period + "/index.html", v.period === period); });
      var live = document.querySelector(".archive-banner .live-link");
      if (live) {
        var a = document.createElement("a");
        a.href = root + "../../index.html";
        a.textContent = "查看现行版本 ›";
        live.appendChild(a);
      }
    } else {
      versions.forEach(function (v) { if (v.period === period) add(v.label + "归档", root + "index.html", true); });
    }
    var all = document.createElement("option");
    all.textContent = "全部归档…";
    all.value = root + "archive/index.html";
    select.appendChild(all);
    select.addEventListener("change", function () { location.href = select.value; });
    menu.textContent = "";
    menu.appendChild(select);
  };
  if (snapshot) {
    load(root + "../versions.js", function () { build(false); }, function () {
      load(root + "archive/versions.js", function () { build(true); }, function () {});
    });
  } else {
    load(root + "archive/versions.js", function () { build(false); }, function () {});
  }
})();
