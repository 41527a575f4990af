// Resource library: filter the cards of this page by kind, audience and grade without a
// server. Without JavaScript the links to the static filter pages do the same job.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("resource-filter");
    var cards = document.querySelectorAll("main ul.cards > li");
    if (!form || !cards.length) return;
    var status = document.getElementById("filter-status");
    var selects = form.querySelectorAll("select");
    form.hidden = false;

    function matches(card) {
      for (var i = 0; i < selects.length; i++) {
        var wanted = selects[i].value;
        var values = (card.getAttribute("data-" + selects[i].name) || "").split(" ");
        if (wanted && values.indexOf(wanted) < 0) return false;
      }
      return true;
    }

    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(cards, function (card) {
        card.hidden = !matches(card);
        if (!card.hidden) shown += 1;
      });
      status.textContent = "显示 " + shown + " 项，共 " + cards.length + " 项";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  });
})();
