/* web.js -- the web edition's sidebar and search (build/html/, from
   tools/split-html).  No network: the search index is a script,
   search-index.js, that sets window.LABYRINTH_SEARCH to
   [text, kind, "page.html#anchor"] entries. */
(function () {
  'use strict';
  var body = document.body;
  var toggle = document.getElementById('toc-toggle');
  var wide = window.matchMedia('(min-width: 70rem)');

  /* The sidebar: open beside the text on a wide screen, over it on a narrow
     one; the button hides or shows it either way. */
  function sidebarShown() {
    return wide.matches ? !body.classList.contains('toc-closed') : body.classList.contains('toc-open');
  }
  function showSidebar(show) {
    if (wide.matches) body.classList.toggle('toc-closed', !show);
    else body.classList.toggle('toc-open', show);
    toggle.setAttribute('aria-expanded', show ? 'true' : 'false');
  }
  toggle.addEventListener('click', function () { showSidebar(!sidebarShown()); });
  toggle.setAttribute('aria-expanded', sidebarShown() ? 'true' : 'false');
  document.getElementById('sidebar').addEventListener('click', function (e) {
    if (!wide.matches && e.target.closest('a')) showSidebar(false);
  });

  /* The section being read is marked in the contents. */
  var links = {};
  document.querySelectorAll('#contents li.current a[href]').forEach(function (a) {
    var hash = a.getAttribute('href').split('#')[1];
    if (hash) links[hash] = a;
  });
  var headings = Array.prototype.filter.call(document.querySelectorAll('main h2[id]'),
                                             function (h) { return links[h.id]; });
  var marked = null;
  function markSection() {
    var current = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > 120) break;
      current = headings[i];
    }
    var a = current ? links[current.id] : null;
    if (a === marked) return;
    if (marked) marked.classList.remove('here');
    if (a) {
      a.classList.add('here');
      var r = a.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) a.scrollIntoView({block: 'nearest'});
    }
    marked = a;
  }
  window.addEventListener('scroll', markSection, {passive: true});
  markSection();
  var here = document.querySelector('#contents li.current');
  if (here && !marked) here.scrollIntoView({block: 'nearest'});

  /* Search: headings, chunk names and identifiers.  An exact match first,
     then one that starts the text or one of its words, then one anywhere;
     within each, chapters before sections, identifiers, chunks.  Enter
     opens the first hit. */
  var box = document.getElementById('search-box');
  var list = document.getElementById('search-results');
  var KIND_ORDER = {chapter: 0, section: 1, identifier: 2, chunk: 3};
  function rank(text, q) {
    var t = text.toLowerCase();
    if (t === q) return 0;
    if (t.indexOf(q) === 0) return 1;
    var at = t.indexOf(q);
    if (at < 0) return -1;
    while (at >= 0) {
      if (!/[a-z0-9_]/.test(t.charAt(at - 1))) return 1;
      at = t.indexOf(q, at + 1);
    }
    return 2;
  }
  function search(query) {
    var q = query.trim().toLowerCase();
    var hits = [];
    if (!q || !window.LABYRINTH_SEARCH) return hits;
    window.LABYRINTH_SEARCH.forEach(function (e, i) {
      var r = rank(e[0], q);
      if (r >= 0) hits.push({r: r, k: KIND_ORDER[e[1]], i: i, e: e});
    });
    hits.sort(function (a, b) { return a.r - b.r || a.k - b.k || a.e[0].length - b.e[0].length || a.i - b.i; });
    return hits.slice(0, 25).map(function (h) { return h.e; });
  }
  function show() {
    var hits = search(box.value);
    list.textContent = '';
    if (box.value.trim() && !hits.length) {
      var none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'Nothing found';
      list.appendChild(none);
    }
    hits.forEach(function (e, i) {
      var li = document.createElement('li');
      if (i === 0) li.className = 'first';
      var a = document.createElement('a');
      a.href = e[2];
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = e[1];
      a.appendChild(kind);
      a.appendChild(document.createTextNode(e[0]));
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  box.addEventListener('input', show);
  box.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var first = list.querySelector('a');
      if (first) window.location.href = first.href;
    } else if (ev.key === 'Escape') {
      box.value = '';
      show();
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== box) {
      ev.preventDefault();
      if (!sidebarShown()) showSidebar(true);
      box.focus();
    }
  });
})();
