/*
 * Quarry analyst page: the alert list (#/alerts), live updates over Server-Sent Events, and a
 * detail view (#/alerts/{id}). It starts once session.js has a signed-in session, and every API call
 * goes through it; then router.js shows the view the URL names.
 *
 * Every value in an alert is attacker-controlled (prompts, templates, even client ids). The DOM is
 * therefore built with createElement and textContent only: no innerHTML, outerHTML,
 * insertAdjacentHTML or document.write, and no attacker value is ever used in a CSS selector.
 */
(function () {
  'use strict';

  var SEVERITIES = ['low', 'medium', 'high', 'critical'];
  var PAGE_SIZE = 200;
  var MAX_ROWS = 500;
  var MAX_DEPTH = 8;

  var state = {
    rows: new Map(),      // alert_id -> <tr>
    alerts: new Map(),    // alert_id -> newest alert seen
    triage: new Map(),    // alert_id -> triage state (the feed's alerts carry none)
    selected: null,       // alert_id shown in the detail view
    source: null,         // EventSource
    loaded: false,        // the list has been loaded since the last (re)connect
    pending: [],          // live alerts received while the list was loading
    loadSeq: 0,
    hadError: false,
    timers: {}
  };

  var $ = function (id) { return document.getElementById(id); };

  // ---- DOM helpers: text only ------------------------------------------------------------------

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function severityOf(value) {
    return SEVERITIES.indexOf(value) >= 0 ? value : 'unknown';
  }

  function severityRank(value) {
    return SEVERITIES.indexOf(value);
  }

  function badge(severity) {
    var s = severityOf(severity);
    var node = h('span', 'badge sev-' + s, s);
    node.dataset.severity = s;
    return node;
  }

  function formatTs(ts) {
    var d = new Date(Number(ts));
    if (isNaN(d.getTime())) { return String(ts); }
    return d.toISOString().replace('T', ' ').slice(0, 19);
  }

  function formatScore(score) {
    var n = Number(score);
    return isFinite(n) ? n.toFixed(2) : String(score);
  }

  function subjectNode(subject) {
    var span = h('span', 'subject-id');
    if (!subject) { return span; }
    if (subject.kind === 'cluster') {
      span.textContent = String(subject.cluster_id);
      var members = Array.isArray(subject.members) ? subject.members.length : 0;
      var wrap = h('span');
      wrap.appendChild(span);
      wrap.appendChild(h('span', 'members', '(' + members + (members === 1 ? ' client)' : ' clients)')));
      return wrap;
    }
    // An endpoint subject is the provider's own model (watermark health), not a client.
    span.textContent = subject.kind === 'endpoint' ? 'model ' + String(subject.model) : String(subject.client_id);
    return span;
  }

  function subjectText(subject) {
    if (!subject) { return ''; }
    if (subject.kind === 'endpoint') { return 'model ' + String(subject.model); }
    return subject.kind === 'cluster' ? String(subject.cluster_id) : String(subject.client_id);
  }

  function clientIdsOf(subject) {
    if (!subject) { return []; }
    if (subject.kind === 'cluster') { return Array.isArray(subject.members) ? subject.members.map(String) : []; }
    return subject.client_id == null ? [] : [String(subject.client_id)];
  }

  function detectorsOf(alert) {
    return Array.isArray(alert.detectors) ? alert.detectors : [];
  }

  // ---- Filters -----------------------------------------------------------------------------------

  function filters() {
    return {
      minSeverity: $('min-severity').value,
      triage: $('triage-filter').value,
      client: $('client-filter').value.trim(),
      text: $('text-filter').value.trim()
    };
  }

  /** Whether a live alert belongs in the list; free text is left to the server (see onAlert). */
  function matchesLocally(alert, f) {
    if (f.minSeverity && severityRank(alert.severity) < severityRank(f.minSeverity)) { return false; }
    if (f.triage && window.QuarryTriage.statusOf(state.triage.get(alert.alert_id)) !== f.triage) { return false; }
    if (f.client) {
      var s = alert.subject || {};
      if (String(s.client_id) !== f.client && clientIdsOf(s).indexOf(f.client) < 0) { return false; }
    }
    return true;
  }

  function queryString(f) {
    var p = new URLSearchParams();
    if (f.minSeverity) { p.set('min_severity', f.minSeverity); }
    if (f.triage) { p.set('triage_status', f.triage); }
    if (f.client) { p.set('client', f.client); }
    if (f.text) { p.set('q', f.text); }
    p.set('limit', String(PAGE_SIZE));
    return p.toString();
  }

  // ---- Alert list --------------------------------------------------------------------------------

  function fillRow(tr, alert) {
    tr.dataset.alertId = String(alert.alert_id);
    tr.dataset.version = String(alert.version);
    tr.dataset.severity = severityOf(alert.severity);
    tr.dataset.ts = String(alert.ts);

    var time = h('td', 'time', formatTs(alert.ts));
    var severity = h('td', 'severity');
    severity.appendChild(badge(alert.severity));
    var subject = h('td', 'subject');
    subject.appendChild(subjectNode(alert.subject));
    subject.title = subjectText(alert.subject);
    var score = h('td', 'score num', formatScore(alert.score));
    var triage = h('td', 'triage');
    triage.appendChild(window.QuarryTriage.chip(state.triage.get(alert.alert_id)));
    var detectors = h('td', 'detectors');
    detectorsOf(alert).forEach(function (d) {
      var chip = h('span', 'chip', d.name);
      chip.title = String(d.name) + ': ' + formatScore(d.score);
      detectors.appendChild(chip);
    });
    var summary = h('td', 'summary', alert.summary);
    summary.title = String(alert.summary);
    tr.replaceChildren(window.QuarryBulk.cell(String(alert.alert_id)), time, severity, subject, score, triage, detectors,
      summary);
    tr.classList.toggle('selected', state.selected === alert.alert_id);
  }

  function newRow(alert) {
    var tr = document.createElement('tr');
    tr.tabIndex = 0;
    fillRow(tr, alert);
    tr.addEventListener('click', function () { open(tr.dataset.alertId); });
    tr.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(tr.dataset.alertId); }
    });
    return tr;
  }

  function tbody() {
    return $('alerts').tBodies[0];
  }

  /** Inserts keeping newest-first order; a live alert is nearly always the newest, so scan from the top. */
  function insertRow(tr, alert) {
    var body = tbody();
    var rows = body.rows;
    for (var i = 0; i < rows.length; i++) {
      if (Number(rows[i].dataset.ts) < Number(alert.ts)) {
        body.insertBefore(tr, rows[i]);
        return;
      }
    }
    body.appendChild(tr);
  }

  function removeRow(alertId) {
    var tr = state.rows.get(alertId);
    if (tr) {
      tr.remove();
      state.rows.delete(alertId);
    }
  }

  function trimRows() {
    var rows = tbody().rows;
    while (rows.length > MAX_ROWS) {
      var last = rows[rows.length - 1];
      state.rows.delete(last.dataset.alertId);
      last.remove();
    }
  }

  function updateEmpty() {
    $('empty').hidden = tbody().rows.length > 0;
  }

  function flash(tr) {
    tr.classList.remove('flash');
    void tr.offsetWidth; // restart the animation
    tr.classList.add('flash');
  }

  function remember(alert) {
    var known = state.alerts.get(alert.alert_id);
    if (known && Number(known.version) > Number(alert.version)) { return false; }
    state.alerts.set(alert.alert_id, alert);
    return true;
  }

  function showPage(page) {
    var body = tbody();
    state.rows.clear();
    var fragment = document.createDocumentFragment();
    (page.items || []).forEach(function (alert) {
      if (alert.triage) { state.triage.set(alert.alert_id, alert.triage); }
      remember(alert);
      var tr = newRow(state.alerts.get(alert.alert_id));
      state.rows.set(alert.alert_id, tr);
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var shown = (page.items || []).length;
    $('result-count').textContent = page.total > shown
      ? 'showing ' + shown + ' of ' + page.total + ' (newest first)'
      : page.total + (page.total === 1 ? ' alert' : ' alerts');
    updateEmpty();
    window.QuarryBulk.listed(Array.from(state.rows.keys()));
  }

  function load() {
    var seq = ++state.loadSeq;
    state.loaded = false;
    var f = filters();
    window.QuarryBulk.filtersChanged(queryString(f));
    return fetchJson('api/alerts?' + queryString(f)).then(function (page) {
      if (seq !== state.loadSeq) { return; }
      showError(null);
      showPage(page);
      state.loaded = true;
      var pending = state.pending;
      state.pending = [];
      pending.forEach(applyLive);
    }).catch(function (err) {
      if (seq !== state.loadSeq) { return; }
      state.loaded = true;
      state.pending = [];
      showError(err.message);
    });
  }

  // ---- Live feed ---------------------------------------------------------------------------------

  function onAlert(alert) {
    if (!state.loaded) {
      state.pending.push(alert);
      return;
    }
    applyLive(alert);
  }

  function applyLive(alert) {
    if (!alert || alert.alert_id == null) { return; }
    var id = alert.alert_id;
    var tr = state.rows.get(id);
    if (tr && Number(alert.version) < Number(tr.dataset.version)) { return; } // an older version, late
    if (!remember(alert)) { return; }
    var f = filters();
    if (!matchesLocally(alert, f)) {
      removeRow(id);
    } else if (tr) {
      fillRow(tr, alert); // same row, new version
      flash(tr);
    } else if (f.text) {
      later('reload', 500, load); // only the server can evaluate the free-text query
    } else {
      tr = newRow(alert);
      state.rows.set(id, tr);
      insertRow(tr, alert);
      flash(tr);
      trimRows();
    }
    updateEmpty();
    if (state.selected === id) {
      renderDetail(alert);
      loadHistory(alert);
    }
    later('stats', 1000, loadStats);
  }

  function setStatus(name) {
    var status = $('status');
    status.dataset.state = name;
    status.querySelector('.status-label').textContent = name;
  }

  function connect() {
    if (state.source) { state.source.close(); }
    setStatus(state.hadError ? 'reconnecting' : 'connecting');
    var source = new EventSource('api/alerts/stream');
    state.source = source;
    source.addEventListener('alert', function (e) {
      var alert;
      try { alert = JSON.parse(e.data); } catch (ignored) { return; }
      onAlert(alert);
    });
    source.onopen = function () {
      setStatus('live');
      if (state.hadError) {
        // Alerts may have been missed while disconnected: reload, and apply what arrives meanwhile after.
        state.hadError = false;
        load();
        loadStats();
      }
    };
    source.onerror = function () {
      state.hadError = true;
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server answered with an error): retry ourselves, unless
        // the error was the end of the session.
        setStatus('offline');
        window.QuarrySession.check().then(function (live) {
          if (live && state.source === source) { later('reconnect', 5000, connect); }
        });
      } else {
        setStatus('reconnecting');
      }
    };
  }

  // ---- Detail view -------------------------------------------------------------------------------

  /** Opens an alert's detail through its URL, so the view can be linked to. */
  function open(alertId) {
    window.QuarryRouter.go(window.QuarryViews.alertHash(alertId));
  }

  function select(alertId) {
    if (state.selected === alertId && !$('detail').hidden) { return; }
    if (state.selected && state.rows.get(state.selected)) {
      state.rows.get(state.selected).classList.remove('selected');
    }
    state.selected = alertId;
    var tr = state.rows.get(alertId);
    if (tr) { tr.classList.add('selected'); }
    var alert = state.alerts.get(alertId);
    $('detail').hidden = false;
    document.querySelector('.layout').classList.add('detail-open');
    if (alert) {
      renderDetail(alert);
      loadHistory(alert);
    }
    fetchJson('api/alerts/' + encodeURIComponent(alertId)).then(function (fresh) {
      if (fresh.triage) { triageChanged(alertId, fresh.triage); }
      if (state.selected !== alertId) { return; }
      var isNewer = !alert || Number(fresh.version) > Number(alert.version);
      if (!isNewer || !remember(fresh)) { return; }
      renderDetail(fresh);
      loadHistory(fresh);
    }).catch(function (err) { if (!alert) { showError(err.message); } });
  }

  function closeDetail() {
    if (state.selected && state.rows.get(state.selected)) {
      state.rows.get(state.selected).classList.remove('selected');
    }
    state.selected = null;
    $('detail').hidden = true;
    document.querySelector('.layout').classList.remove('detail-open');
    $('detail-body').replaceChildren();
  }

  function kvTable(pairs, className) {
    var table = h('table', 'kv' + (className ? ' ' + className : ''));
    var body = document.createElement('tbody');
    pairs.forEach(function (pair) {
      var tr = document.createElement('tr');
      tr.dataset.key = String(pair[0]);
      tr.appendChild(h('th', null, pair[0]));
      var td = document.createElement('td');
      td.appendChild(pair[1] instanceof Node ? pair[1] : renderValue(pair[1], 0));
      tr.appendChild(td);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function isScalar(v) {
    return v === null || v === undefined || typeof v !== 'object';
  }

  /** Evidence as readable DOM: maps become key/value tables, lists become lists. */
  function renderValue(v, depth) {
    if (v === null || v === undefined) { return h('span', 'v-null', 'null'); }
    if (typeof v === 'number') { return h('span', 'v-num', String(v)); }
    if (typeof v === 'boolean') { return h('span', 'v-bool', String(v)); }
    if (typeof v === 'string') { return h('span', 'v-str', v); }
    if (depth >= MAX_DEPTH) { return h('span', 'v-str', JSON.stringify(v)); }
    if (Array.isArray(v)) {
      if (v.length === 0) { return h('span', 'v-null', '[ ]'); }
      var list = h(v.every(isScalar) ? 'ul' : 'ol', 'v-list');
      v.forEach(function (item) {
        var li = document.createElement('li');
        li.appendChild(renderValue(item, depth + 1));
        list.appendChild(li);
      });
      return list;
    }
    var keys = Object.keys(v);
    if (keys.length === 0) { return h('span', 'v-null', '{ }'); }
    return kvTable(keys.map(function (k) { return [k, renderValue(v[k], depth + 1)]; }));
  }

  function section(title) {
    var s = h('section', 'detail-section');
    s.appendChild(h('h3', null, title));
    return s;
  }

  function renderDetail(alert) {
    $('detail-title').textContent = String(alert.alert_id);
    var body = $('detail-body');
    body.dataset.alertId = String(alert.alert_id);
    body.dataset.version = String(alert.version);

    var overview = section('Alert');
    var subject = alert.subject || {};
    var sev = h('span');
    sev.appendChild(badge(alert.severity));
    var pairs = [
      ['alert_id', alert.alert_id],
      ['version', alert.version],
      ['severity', sev],
      ['score', formatScore(alert.score)],
      ['ts', formatTs(alert.ts) + ' UTC (' + alert.ts + ')'],
      ['first_ts', formatTs(alert.first_ts) + ' UTC (' + alert.first_ts + ')'],
      ['subject', subject.kind]
    ];
    if (subject.kind === 'cluster') {
      pairs.push(['cluster_id', subject.cluster_id]);
      pairs.push(['members', renderValue(subject.members || [], 1)]);
    } else if (subject.kind === 'endpoint') {
      pairs.push(['model', subject.model]);
    } else {
      pairs.push(['client_id', subject.client_id]);
    }
    pairs.push(['trigger_event_id', alert.trigger_event_id]);
    pairs.push(['events_seen', alert.events_seen]);
    pairs.push(['summary', alert.summary]);
    // Analysts' suppressions that held detectors back on this version, and suppressed fleet members.
    if (Array.isArray(alert.suppressed) && alert.suppressed.length) {
      pairs.push(['suppressed', renderValue(alert.suppressed, 1)]);
    }
    if (Array.isArray(alert.suppressed_members) && alert.suppressed_members.length) {
      pairs.push(['suppressed_members', renderValue(alert.suppressed_members, 1)]);
    }
    overview.appendChild(kvTable(pairs, 'fields'));

    var detectors = section('Detectors');
    detectors.id = 'detail-detectors';
    detectorsOf(alert).forEach(function (d) {
      var box = h('div', 'detector');
      box.dataset.detector = String(d.name);
      var head = h('div', 'detector-head');
      head.appendChild(h('span', 'detector-name', d.name));
      var meter = document.createElement('meter');
      meter.min = 0;
      meter.max = 1;
      meter.low = 0.4;
      meter.high = 0.75;
      meter.optimum = 0;
      meter.value = Number(d.score) || 0;
      head.appendChild(meter);
      head.appendChild(h('span', 'detector-score', formatScore(d.score)));
      box.appendChild(head);
      var evidence = d.evidence && typeof d.evidence === 'object' ? d.evidence : {};
      var keys = Object.keys(evidence);
      box.appendChild(keys.length
        ? kvTable(keys.map(function (k) { return [k, renderValue(evidence[k], 1)]; }), 'evidence')
        : h('p', 'muted', 'No evidence recorded.'));
      detectors.appendChild(box);
    });

    // The triage form survives a new version of the same alert, with what was typed in it.
    var triage = section('Triage');
    var kept = $('detail-triage');
    if (kept && kept.dataset.alertId === String(alert.alert_id)) {
      triage.appendChild(kept);
    } else {
      window.QuarryTriage.render(alert.alert_id, triage, state.triage.get(alert.alert_id), function (t) {
        triageChanged(alert.alert_id, t);
      });
    }

    var history = section('Version history');
    history.appendChild(h('div', 'muted', 'loading…')).id = 'detail-history';

    var clients = section(subject.kind === 'cluster' ? 'Member clients' : 'Client');
    var links = h('div', 'links');
    links.id = 'detail-clients';
    if (subject.kind === 'cluster') {
      links.appendChild(window.QuarryViews.link(window.QuarryViews.clusterHash(subject.cluster_id),
        'cluster ' + subject.cluster_id, 'cluster-link'));
    }
    clientIdsOf(subject).forEach(function (id) {
      links.appendChild(window.QuarryViews.link(window.QuarryViews.clientHash(id), id, 'client-link'));
    });
    clients.appendChild(links);

    body.replaceChildren(overview, triage, detectors, history, clients);
  }

  function triageChanged(alertId, triage) {
    state.triage.set(alertId, triage);
    var tr = state.rows.get(alertId);
    var alert = state.alerts.get(alertId);
    if (tr && alert) {
      fillRow(tr, alert);
      if (!matchesLocally(alert, filters())) { removeRow(alertId); updateEmpty(); }
    }
  }

  function loadHistory(alert) {
    var id = alert.alert_id;
    fetchJson('api/alerts/' + encodeURIComponent(id) + '/history').then(function (versions) {
      var holder = $('detail-history');
      if (state.selected !== id || !holder) { return; }
      var table = h('table', 'history');
      table.id = 'detail-history';
      var head = document.createElement('thead');
      var hr = document.createElement('tr');
      ['Version', 'Time (UTC)', 'Severity', 'Score', 'Detectors'].forEach(function (t) { hr.appendChild(h('th', null, t)); });
      head.appendChild(hr);
      table.appendChild(head);
      var body = document.createElement('tbody');
      (Array.isArray(versions) ? versions : []).forEach(function (v) {
        var tr = document.createElement('tr');
        tr.dataset.version = String(v.version);
        if (Number(v.version) === Number(state.alerts.get(id) && state.alerts.get(id).version)) {
          tr.className = 'current';
        }
        tr.appendChild(h('td', null, v.version));
        tr.appendChild(h('td', null, formatTs(v.ts)));
        var sev = document.createElement('td');
        sev.appendChild(badge(v.severity));
        tr.appendChild(sev);
        tr.appendChild(h('td', 'num', formatScore(v.score)));
        tr.appendChild(h('td', null, detectorsOf(v).map(function (d) {
          return String(d.name) + ' ' + formatScore(d.score);
        }).join(', ')));
        body.appendChild(tr);
      });
      table.appendChild(body);
      holder.replaceWith(table);
    }).catch(function (err) {
      var holder = $('detail-history');
      if (holder && state.selected === id) { holder.textContent = 'History unavailable: ' + err.message; }
    });
  }

  // ---- Stats, errors, plumbing -------------------------------------------------------------------

  function loadStats() {
    fetchJson('api/stats').then(function (stats) {
      var counts = $('counts');
      var by = stats.by_severity || {};
      var chips = SEVERITIES.slice().reverse().map(function (s) {
        var chip = h('span', 'count sev-' + s);
        chip.dataset.severity = s;
        chip.appendChild(h('span', 'count-n', Number(by[s]) || 0));
        chip.appendChild(h('span', 'count-label', s));
        return chip;
      });
      counts.replaceChildren.apply(counts, chips);
    }).catch(function () { /* counts are decoration; the list shows errors */ });
  }

  function showError(message) {
    var box = $('error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  function fetchJson(url, options) {
    return window.QuarrySession.fetchJson(url, options);
  }

  function later(name, millis, fn) {
    clearTimeout(state.timers[name]);
    state.timers[name] = setTimeout(fn, millis);
  }

  function init() {
    $('filters').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    $('min-severity').addEventListener('change', load);
    $('triage-filter').addEventListener('change', load);
    $('client-filter').addEventListener('input', function () { later('reload', 300, load); });
    $('text-filter').addEventListener('input', function () { later('reload', 400, load); });
    $('detail-close').addEventListener('click', function () { window.QuarryRouter.go('#/alerts'); });
    document.addEventListener('keydown', function (e) {
      var route = window.QuarryRouter.current();
      if (e.key === 'Escape' && route && route.view === 'alerts' && !$('detail').hidden) {
        window.QuarryRouter.go('#/alerts');
      }
    });
    window.QuarryBulk.init(triageChanged);
    window.QuarryPages = window.QuarryPages || {};
    window.QuarryPages.alerts = {
      show: function (alertId) { if (alertId === null) { closeDetail(); } else { select(alertId); } },
      clear: function () { /* end() clears the list */ }
    };
    window.QuarryAlerts = { showFiltered: showFiltered };
    // A page kept in the back/forward cache would keep its feed's connection, and browsers allow six
    // per host: close it when the page is hidden and reconnect when it is shown again.
    window.addEventListener('pagehide', function () {
      if (state.source) { state.source.close(); }
      state.source = null;
    });
    window.addEventListener('pageshow', function (e) {
      if (e.persisted && window.QuarrySession.user()) {
        state.hadError = true; // reload what was missed, as after any reconnect
        connect();
      }
    });
    window.QuarrySession.start(begin, end);
  }

  /** Opens the list with these filters ({triage, q, client}), the others cleared. */
  function showFiltered(f) {
    $('min-severity').value = '';
    $('triage-filter').value = f.triage || '';
    $('client-filter').value = f.client || '';
    $('text-filter').value = f.q || '';
    load();
    window.QuarryRouter.go('#/alerts');
  }

  function begin() {
    connect();
    load();
    loadStats();
    window.QuarryRouter.start();
  }

  /** Signed out: nothing of the session's data stays on the page. */
  function end() {
    if (state.source) { state.source.close(); }
    state.source = null;
    Object.keys(state.timers).forEach(function (name) { clearTimeout(state.timers[name]); });
    state.loadSeq++;
    state.pending = [];
    state.hadError = false;
    closeDetail();
    window.QuarryRouter.stop();
    window.QuarryBulk.clear();
    state.alerts.clear();
    state.triage.clear();
    state.rows.clear();
    tbody().replaceChildren();
    $('counts').replaceChildren();
    $('result-count').textContent = '';
    showError(null);
    setStatus('signed out');
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
