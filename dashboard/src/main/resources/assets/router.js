/*
 * Quarry analyst page: every view has a URL, so an analyst can paste it into a ticket.
 *
 *   #/                 overview
 *   #/alerts           the alert list
 *   #/alerts/{id}      the alert list with that alert's detail open
 *   #/clients/{id}     a client's page
 *   #/clusters/{id}    a cluster's page
 *   #/suppressions     the suppressions, and a form for a new one
 *
 * Ids are encoded with encodeURIComponent, so an id holding '/' stays one segment. Each view
 * registers itself in window.QuarryPages as {show(id), clear()} and has the element view-<name>;
 * the router shows one and hides the others. It runs only while signed in: a deep link opened
 * signed out is shown once the analyst has signed in.
 */
(function () {
  'use strict';

  var VIEWS = ['overview', 'alerts', 'client', 'cluster', 'suppressions'];
  var ROUTES = { '': 'overview', alerts: 'alerts', clients: 'client', clusters: 'cluster', suppressions: 'suppressions' };
  var NAV = ['overview', 'alerts', 'suppressions'];
  var state = { running: false, current: null };

  /** The view and id a hash names; an unknown path is the overview. */
  function parse(hash) {
    var path = String(hash || '').replace(/^#\/?/, '');
    var slash = path.indexOf('/');
    var head = slash < 0 ? path : path.slice(0, slash);
    var rest = slash < 0 ? '' : path.slice(slash + 1);
    var view = Object.prototype.hasOwnProperty.call(ROUTES, head) ? ROUTES[head] : 'overview';
    var id = null;
    if (rest) {
      try { id = decodeURIComponent(rest); } catch (e) { id = rest; }
    }
    if ((view === 'client' || view === 'cluster') && id === null) { view = 'overview'; }
    return { view: view, id: id };
  }

  function pages() {
    return window.QuarryPages || {};
  }

  function dispatch() {
    if (!state.running) { return; }
    var route = parse(window.location.hash);
    VIEWS.forEach(function (name) {
      var el = document.getElementById('view-' + name);
      if (el) { el.hidden = name !== route.view; }
    });
    NAV.forEach(function (name) {
      var a = document.getElementById('nav-' + name);
      if (!a) { return; }
      if (name === route.view) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
    document.getElementById('app').dataset.view = route.view;
    state.current = route;
    var page = pages()[route.view];
    if (page) { page.show(route.id); }
  }

  function start() {
    if (state.running) { return; }
    state.running = true;
    dispatch();
  }

  /** Signed out: every view forgets what it showed. */
  function stop() {
    state.running = false;
    state.current = null;
    Object.keys(pages()).forEach(function (name) { pages()[name].clear(); });
  }

  window.addEventListener('hashchange', dispatch);

  window.QuarryRouter = {
    start: start,
    stop: stop,
    parse: parse,
    current: function () { return state.current; },
    go: function (hash) {
      if (window.location.hash === hash) { dispatch(); } else { window.location.hash = hash; }
    }
  };
}());
