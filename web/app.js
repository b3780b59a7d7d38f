// psst serve: search as you type on /sessions. The server renders every result (and
// escapes it); this script only asks for the results part (_fragment=1) and swaps it in,
// keeping the address bar, and so the language switch, in step. Without it the form
// still works as a plain GET form.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var form = document.getElementById('filters');
  var results = document.getElementById('results');
  if (!form || !results) return;
  var q = document.getElementById('q');
  var timer = null;
  var seq = 0;

  function query() {
    var u = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (v !== '') u.append(k, v);
    });
    return u;
  }

  // the other language's link carries the same search
  function syncLanguageLink(search) {
    var a = document.querySelector('a.lang-switch');
    if (!a) return;
    var u = new URLSearchParams(search);
    if (u.get('lang') === 'zh') u.delete('lang'); else u.set('lang', 'zh');
    var s = u.toString();
    a.setAttribute('href', location.pathname + (s ? '?' + s : ''));
  }

  // the default order is the best match when there is a query, else the oldest first
  function relabelSort() {
    var o = form.querySelector('select[name=sort] option[value=""]');
    if (o && q) o.textContent = q.value.trim() ? o.dataset.q : o.dataset.noq;
  }

  function update() {
    relabelSort();
    var u = query();
    var s = u.toString();
    var mine = ++seq;
    u.append('_fragment', '1');
    fetch('/sessions?' + u.toString(), { headers: { Accept: 'text/html' } })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      })
      .then(function (html) {
        if (mine !== seq) return; // an answer to an older keystroke
        results.innerHTML = html;
        history.replaceState(null, '', '/sessions' + (s ? '?' + s : ''));
        syncLanguageLink(s);
      })
      .catch(function () { /* keep what is shown; the form still submits */ });
  }

  if (q) {
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
  }
  form.addEventListener('change', function (e) {
    if (e.target !== q) update();
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    update();
  });
})();
