// newsweave: hovering or clicking a summary sentence, quote, claim or
// comparison marks its source spans in the article texts on the page (a
// comparison marks every outlet's figure). Spans are code-point offsets into
// each article's text, as the JSON API gives them. On the story list, j/k
// or the arrow keys move between stories. Pages read fully without it.
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

  // Story list: j / ArrowDown next, k / ArrowUp previous.
  var links = Array.prototype.slice.call(document.querySelectorAll("ol.stories a.story-link"));
  if (links.length) {
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var t = e.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
      var step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[e.key];
      if (!step) return;
      var at = links.indexOf(document.activeElement);
      var next = at < 0 ? (step > 0 ? 0 : links.length - 1) : at + step;
      if (next < 0 || next >= links.length) return;
      e.preventDefault();
      links[next].focus();
    });
  }
})();
