/* docgen HTML audit report: filters for the findings table. Inlined at render time.
   The rows are in the page already (it works and prints without scripts); this only
   hides the rows a filter leaves out. The filter state lives in the URL hash
   (#severity=error&rule=file.missing&q=…) so a filtered view can be bookmarked.
   Everything runs synchronously when the page loads. */
(function () {
  "use strict";
  var KEYS = ["severity", "rule", "unit", "section", "year"];
  var source = document.getElementById("findings-data");
  var table = document.getElementById("findings-rows");
  var form = document.getElementById("filters");
  if (!source || !table || !form) { return; }
  var data = JSON.parse(source.textContent);
  var rows = table.querySelectorAll("tbody tr");
  var total = rows.length;
  // the rows come in separately laid-out tables ("chunks"): a chunk with no row left is
  // hidden, the others get a placeholder height for their rows while off screen
  var chunks = table.querySelectorAll(".chunk");
  var chunkEnds = [];
  for (var c = 0, end = 0; c < chunks.length; c++) {
    end += chunks[c].querySelectorAll("tbody tr").length;
    chunkEnds.push(end);
  }
  var controls = {};
  KEYS.forEach(function (k) { controls[k] = document.getElementById("f-" + k); });
  var search = document.getElementById("f-q");
  var onlyNew = document.getElementById("f-new");
  var count = document.getElementById("f-count");
  var empty = document.getElementById("f-empty");
  var printed = document.getElementById("f-printed");
  var texts = null;

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { return true; }
    }
    return false;
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    KEYS.forEach(function (k) {
      var v = params.get(k) || "";
      controls[k].value = hasOption(controls[k], v) ? v : "";
    });
    search.value = params.get("q") || "";
    if (onlyNew) { onlyNew.checked = params.get("new") === "1"; }
  }

  function writeHash() {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) { if (controls[k].value) { params.set(k, controls[k].value); } });
    if (onlyNew && onlyNew.checked) { params.set("new", "1"); }
    if (search.value.trim()) { params.set("q", search.value.trim()); }
    var hash = params.toString();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (e) { /* some browsers refuse on file: pages; the view still filters */ }
  }

  function describe() {
    var parts = [];
    KEYS.forEach(function (k) {
      var c = controls[k];
      if (c.value) {
        var chosen = c.options[c.selectedIndex].text.replace(/（\d+）$/, "");
        parts.push(c.labels[0].firstChild.textContent.trim() + "：" + chosen);
      }
    });
    if (onlyNew && onlyNew.checked) { parts.push("只看新增"); }
    if (search.value.trim()) { parts.push("包含“" + search.value.trim() + "”"); }
    return parts.join("；");
  }

  function apply() {
    var want = [];
    KEYS.forEach(function (k) {
      if (controls[k].value) { want.push([data.cols[k], data.facets[k].indexOf(controls[k].value)]); }
    });
    var needle = search.value.trim().toLowerCase();
    if (needle && texts === null) {
      texts = new Array(total);
      for (var t = 0; t < total; t++) { texts[t] = rows[t].textContent.toLowerCase(); }
    }
    var newOnly = onlyNew && onlyNew.checked;
    var shown = 0, errors = 0, warnings = 0, chunk = 0, inChunk = 0;
    var sev = data.cols.severity, errorAt = data.facets.severity.indexOf("error");
    for (var i = 0; i < total; i++) {
      if (i === chunkEnds[chunk]) { fitChunk(chunk, inChunk); chunk++; inChunk = 0; }
      var ok = true;
      for (var w = 0; ok && w < want.length; w++) { ok = want[w][0][i] === want[w][1]; }
      if (ok && newOnly) { ok = data.cols["new"][i] === 1; }
      if (ok && needle) { ok = texts[i].indexOf(needle) !== -1; }
      if (rows[i].hidden === ok) { rows[i].hidden = !ok; }
      if (ok) {
        shown++;
        inChunk++;
        if (sev[i] === errorAt) { errors++; } else { warnings++; }
      }
    }
    if (chunks.length) { fitChunk(chunk, inChunk); }
    // the warnings are folded: a filter that asks for them unfolds them
    var fold = document.getElementById("warnings-fold");
    if (fold && controls.severity.value === "warning") { fold.open = true; }
    var what = describe();
    count.textContent = (what ? "显示 " + shown + " 条 / 共 " + total + " 条" : "共 " + total + " 条") +
      "（错误 " + errors + "，警告 " + warnings + "）";
    empty.hidden = shown !== 0;
    printed.textContent = what ? "筛选条件：" + what : "";
  }

  function fitChunk(c, shownRows) {
    var hide = shownRows === 0;
    if (chunks[c].hidden !== hide) { chunks[c].hidden = hide; }
    chunks[c].style.setProperty("contain-intrinsic-size", "0 " + shownRows * data.rowHeight + "px");
  }

  function changed() { apply(); writeHash(); }

  form.hidden = false;
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (e) { e.preventDefault(); changed(); });
  search.addEventListener("input", changed);
  document.getElementById("f-reset").addEventListener("click", function () {
    form.reset();
    changed();
  });
  window.addEventListener("hashchange", function () {
    readHash();
    apply();
    document.getElementById("findings").scrollIntoView();
  });
  readHash();
  apply();
  if (describe()) { document.getElementById("findings").scrollIntoView(); }
})();
