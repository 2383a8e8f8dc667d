// docgen 网页工作台: the progress bar of a running job, polled from the desk itself.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var fill = document.getElementById("bar-fill");
  var text = document.getElementById("progress-text");
  function show(s) {
    if (s.total > 0) {
      var pct = Math.round(100 * s.done / s.total);
      fill.style.width = pct + "%";
      fill.classList.remove("pulse");
      text.textContent = s.label + "：" + (s.phase || "已检查") + " " + s.done + " / " + s.total + " 个归档文件（" + pct + "%）" +
        (s.done === s.total ? "，正在核对目录、数据和完整性……" : "") + "，" + s.seconds + " 秒";
    } else {
      fill.classList.add("pulse");
      text.textContent = s.label + "：正在读取项目……（" + s.seconds + " 秒）";
    }
  }
  function poll() {
    fetch(box.dataset.job, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === "running") { show(s); setTimeout(poll, 400); }
        else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
