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

// List filters (inspections, ledger): a form.list-filter names its list with data-list (the
// element whose children are the rows); each select's name is a data attribute of the rows, and
// an option's value lists the attribute values it accepts, space-separated. Without scripts the
// form stays hidden and every row is shown. A filter can be linked: #unit=fx-court&state=overdue.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.list-filter");
  Array.prototype.forEach.call(forms, function (form) {
    var list = document.getElementById(form.getAttribute("data-list"));
    if (!list) return;
    var rows = Array.prototype.slice.call(list.children);
    var count = document.getElementById(form.getAttribute("data-count"));
    var empty = document.getElementById(form.getAttribute("data-empty"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var apply = function () {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || s.value.split(" ").indexOf(row.getAttribute("data-" + s.name)) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown;
      if (empty) empty.hidden = shown > 0;
    };
    // Only a hash of name=value pairs sets filters; a row's own anchor (#2025-mc-01) does not.
    var fromHash = function () {
      if (location.hash.indexOf("=") < 0) return false;
      var pairs = location.hash.slice(1).split("&");
      selects.forEach(function (s) { s.value = ""; });
      pairs.forEach(function (pair) {
        var kv = pair.split("=");
        var s = form.elements[decodeURIComponent(kv[0])];
        if (!s || !s.options) return;
        var v = decodeURIComponent(kv[1] || "");
        // A value matches the option that accepts it (the "other" source accepts two).
        Array.prototype.some.call(s.options, function (o) {
          if (o.value && o.value.split(" ").indexOf(v) >= 0) { s.value = o.value; return true; }
          return false;
        });
      });
      return true;
    };
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    window.addEventListener("hashchange", function () { if (fromHash()) apply(); });
    fromHash();
    apply();
  });
})();

// Version menu: lists the newest set of versions, from the archive's versions.js. On a
// snapshot inside output/archive/ that list is one folder up, and so is the index of every
// snapshot; a snapshot copied away alone falls back to its own copies. Without scripts the menu
// stays a plain link to the archive index.
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
    // Inside a built site, the list of every snapshot is the live site's archive index, one
    // folder up; a snapshot's own archive/index.html lists only the versions it knew of. Links
    // to that one (the navigation's 历史归档) lead to the live list instead.
    var list = root + "archive/index.html";
    if (snapshot && !own) {
      var liveList = root + "../index.html";
      Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
        if (a.getAttribute("href") === list) a.setAttribute("href", liveList);
      });
      var here = document.querySelector(".live-archive");
      if (here) {
        var link = document.createElement("a");
        link.href = liveList;
        link.textContent = "查看全部归档 ›";
        here.appendChild(link);
      }
      list = liveList;
    }
    var all = document.createElement("option");
    all.textContent = "全部归档…";
    all.value = list;
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
