// newsweave: hovering or clicking a summary sentence, quote or claim marks
// its source spans in the article texts on the page. Spans are code-point
// offsets into each article's text, as the JSON API gives them.
(function () {
  "use strict";
  var texts = new Map();
  document.querySelectorAll(".text[data-article]").forEach(function (el) {
    texts.set(el.dataset.article, { el: el, chars: Array.from(el.textContent) });
  });

  function clear() {
    texts.forEach(function (t) {
      if (t.el.dataset.marked) {
        t.el.textContent = t.chars.join("");
        delete t.el.dataset.marked;
      }
    });
    document.querySelectorAll(".sel.active").forEach(function (e) {
      e.classList.remove("active");
    });
  }

  function show(item, scroll) {
    var sources;
    try {
      sources = JSON.parse(item.dataset.sources || "[]");
    } catch (e) {
      return;
    }
    clear();
    item.classList.add("active");
    var byArticle = new Map();
    sources.forEach(function (s) {
      if (!byArticle.has(s.article)) byArticle.set(s.article, []);
      byArticle.get(s.article).push(s);
    });
    var marks = [];
    byArticle.forEach(function (spans, id) {
      var t = texts.get(id);
      if (!t) return;
      spans.sort(function (a, b) { return a.start - b.start; });
      var frag = document.createDocumentFragment();
      var at = 0;
      spans.forEach(function (s) {
        var start = Math.max(s.start, at);
        var end = Math.min(s.end, t.chars.length);
        if (start >= end) return;
        frag.append(t.chars.slice(at, start).join(""));
        var m = document.createElement("mark");
        m.className = "hl";
        m.dataset.article = id;
        m.textContent = t.chars.slice(start, end).join("");
        frag.append(m);
        marks.push(m);
        at = end;
      });
      frag.append(t.chars.slice(at).join(""));
      t.el.textContent = "";
      t.el.append(frag);
      t.el.dataset.marked = "1";
    });
    if (scroll) {
      marks.forEach(function (m) {
        // Scroll each article box to its mark, and the page to the first.
        var box = m.closest(".text");
        if (box) box.scrollTop = m.offsetTop - box.offsetTop - box.clientHeight / 3;
      });
      if (marks[0] && marks[0].scrollIntoViewIfNeeded) marks[0].scrollIntoViewIfNeeded();
    }
  }

  document.querySelectorAll(".sel[data-sources]").forEach(function (item) {
    item.addEventListener("mouseenter", function () { show(item, false); });
    item.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;
      show(item, true);
    });
    item.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        show(item, true);
      }
    });
  });
})();
