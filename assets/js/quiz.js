// Knowledge quiz: mark the answers in the browser. Nothing is sent anywhere; the answer key
// is in the page (data-correct on the right options), which is fine for self-study.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("quiz-form");
    if (!form) return;
    var score = document.getElementById("quiz-score");
    var questions = form.querySelectorAll(".question");
    Array.prototype.forEach.call(questions, shuffle);
    form.querySelector(".quiz-actions").hidden = false;

    // A new order of the lettered options on every load, so that always picking the first is no
    // strategy; the letters A, B, C ... follow the new order, in the options and in the answer key.
    // True/false questions (no letters) keep 对 before 错. Marking reads data-correct, not positions.
    function shuffle(question) {
      var options = Array.prototype.slice.call(question.querySelectorAll(".option"));
      var marks = options.map(function (option) {
        var mark = option.querySelector(".mark");
        return mark ? mark.textContent : null;
      });
      if (options.length < 2 || marks.indexOf(null) !== -1) return;
      for (var i = options.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var kept = options[i];
        options[i] = options[j];
        options[j] = kept;
      }
      var key = question.querySelector(".answer-key");
      var entries = [];
      options.forEach(function (option, index) {
        option.parentNode.appendChild(option);
        option.querySelector(".mark").textContent = marks[index];
        var entry = key.querySelector('[data-option="' + option.querySelector("input").value + '"]');
        if (entry) {
          entry.querySelector(".mark").textContent = marks[index];
          entries.push(entry);
        }
      });
      key.textContent = "";
      entries.forEach(function (entry, index) {
        if (index) key.appendChild(document.createTextNode("、"));
        key.appendChild(entry);
      });
    }

    function isRight(question) {
      var inputs = question.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked !== inputs[i].hasAttribute("data-correct")) return false;
      }
      return true;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var right = 0;
      var unanswered = 0;
      Array.prototype.forEach.call(questions, function (question) {
        var verdict = question.querySelector(".verdict");
        var answered = question.querySelector("input:checked") !== null;
        var correct = answered && isRight(question);
        if (correct) right += 1;
        if (!answered) unanswered += 1;
        verdict.textContent = correct ? "✓ 回答正确" : (answered ? "✗ 回答错误" : "未作答");
        verdict.className = "verdict " + (correct ? "right" : "wrong");
        verdict.hidden = false;
        question.querySelector("details.answer").open = true;
      });
      var total = questions.length;
      score.textContent = "得分：" + Math.round((right / total) * 100) + " 分。共 " + total + " 题，答对 " + right +
        " 题" + (unanswered ? "，未作答 " + unanswered + " 题" : "") + "。每题的答案与解析已展开。";
      score.focus();
    });

    form.addEventListener("reset", function () {
      Array.prototype.forEach.call(questions, function (question) {
        var verdict = question.querySelector(".verdict");
        verdict.hidden = true;
        verdict.textContent = "";
        question.querySelector("details.answer").open = false;
      });
      score.textContent = "";
    });
  });
})();
