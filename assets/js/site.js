// Reading aids (适老化): larger text and higher contrast, remembered across pages.
// Loaded in <head> so the saved choice applies before the first paint.
(function () {
  var root = document.documentElement;
  var classes = { large: "large-text", contrast: "high-contrast" };
  root.classList.add("js"); // the reading-aids bar takes its place from the first paint (no shift)
  var saved = {};
  try {
    saved = JSON.parse(localStorage.getItem("reading-aids") || "{}") || {};
  } catch (e) {
    saved = {};
  }
  Object.keys(classes).forEach(function (name) {
    if (saved[name]) root.classList.add(classes[name]);
  });
  document.addEventListener("DOMContentLoaded", function () {
    // A guide's 打印记录表: the print style sheet shows only the record sheet while html has
    // print-sheet; afterprint (not the return of print(), which some browsers do not wait for) ends it.
    var sheet = document.querySelector("[data-print-sheet]");
    if (sheet) {
      sheet.parentNode.hidden = false;
      sheet.addEventListener("click", function () {
        root.classList.add("print-sheet");
        window.print();
      });
      window.addEventListener("afterprint", function () {
        root.classList.remove("print-sheet");
      });
    }
    var bar = document.getElementById("reading-aids");
    if (!bar) return;
    bar.hidden = false;
    Array.prototype.forEach.call(bar.querySelectorAll("button[data-aid]"), function (button) {
      var name = button.getAttribute("data-aid");
      button.setAttribute("aria-pressed", saved[name] ? "true" : "false");
      button.addEventListener("click", function () {
        saved[name] = !saved[name];
        root.classList.toggle(classes[name], saved[name]);
        button.setAttribute("aria-pressed", saved[name] ? "true" : "false");
        try {
          localStorage.setItem("reading-aids", JSON.stringify(saved));
        } catch (e) {
          /* private mode: the choice lasts for this page only */
        }
      });
    });
  });
})();
