/*
 * Quarry analyst page: what the pages share. DOM built with createElement and textContent only
 * (alert content is attacker-controlled), the deep-link hashes of every view, and long text that is
 * shown truncated and expands on request.
 */
(function () {
  'use strict';

  var SEVERITIES = ['low', 'medium', 'high', 'critical'];

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function severityOf(value) {
    return SEVERITIES.indexOf(value) >= 0 ? value : 'unknown';
  }

  function badge(severity) {
    var s = severityOf(severity);
    var node = h('span', 'badge sev-' + s, s);
    node.dataset.severity = s;
    return node;
  }

  function formatTs(ts) {
    var d = new Date(Number(ts));
    return isNaN(d.getTime()) ? String(ts) : d.toISOString().replace('T', ' ').slice(0, 19);
  }

  function formatScore(score) {
    var n = Number(score);
    return isFinite(n) ? n.toFixed(2) : String(score);
  }

  function formatValue(v) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v === 'object') { return JSON.stringify(v); }
    return String(v);
  }

  // Ids go into the hash encoded, so an id holding '/', '#', '%' or spaces stays one segment.
  function alertHash(id) { return '#/alerts/' + encodeURIComponent(String(id)); }
  function clientHash(id) { return '#/clients/' + encodeURIComponent(String(id)); }
  function clusterHash(id) { return '#/clusters/' + encodeURIComponent(String(id)); }

  /** A link to another view; the text is shown as text. */
  function link(hash, text, className) {
    var a = h('a', className || null, text);
    a.href = hash;
    return a;
  }

  function section(title, id) {
    var s = h('section', 'page-section');
    if (id) { s.id = id; }
    s.appendChild(h('h2', null, title));
    return s;
  }

  /** A note under a chart or table: where its figures come from, or why some are missing. */
  function note(text, className) {
    return h('p', 'note muted' + (className ? ' ' + className : ''), text);
  }

  /**
   * Text cut at `max` characters with a button that shows it whole and cuts it again. Both states
   * are set with textContent.
   */
  function expandable(text, max, className) {
    var full = String(text === null || text === undefined ? '' : text);
    var box = h('div', 'expandable' + (className ? ' ' + className : ''));
    var body = h('span', 'expandable-text');
    box.appendChild(body);
    if (full.length <= max) {
      body.textContent = full;
      return box;
    }
    var short = full.slice(0, max) + '…';
    var toggle = h('button', 'expand', 'show all');
    toggle.type = 'button';
    var open = false;
    function render() {
      body.textContent = open ? full : short;
      toggle.textContent = open ? 'show less' : 'show all (' + full.length + ' characters)';
      box.dataset.expanded = String(open);
    }
    toggle.addEventListener('click', function () { open = !open; render(); });
    box.appendChild(toggle);
    render();
    return box;
  }

  /** A table from rows of cells: strings become text, nodes are appended as they are. */
  function table(headers, rows, className) {
    var t = h('table', 'grid' + (className ? ' ' + className : ''));
    var head = document.createElement('thead');
    var hr = document.createElement('tr');
    headers.forEach(function (title) { hr.appendChild(h('th', null, title)); });
    head.appendChild(hr);
    t.appendChild(head);
    var body = document.createElement('tbody');
    rows.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c) {
        var td = document.createElement('td');
        if (c instanceof Node) { td.appendChild(c); } else { td.textContent = formatValue(c); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  /** The alerts of a page as a table linking to each alert's detail; `alerts` may carry triage. */
  function alertTable(alerts) {
    var rows = alerts.map(function (a) {
      var subject = a.subject || {};
      var who = subject.kind === 'cluster' ? link(clusterHash(subject.cluster_id), subject.cluster_id, 'mono')
        : subject.kind === 'client' ? link(clientHash(subject.client_id), subject.client_id, 'mono')
          : h('span', 'mono', 'model ' + String(subject.model));
      return [
        link(alertHash(a.alert_id), formatTs(a.ts), 'alert-link'),
        badge(a.severity),
        formatScore(a.score),
        window.QuarryTriage.chip(a.triage),
        who,
        expandable(a.summary, 160, 'summary-text')
      ];
    });
    var t = table(['Time (UTC)', 'Severity', 'Score', 'Triage', 'Subject', 'Summary'], rows, 'alert-grid');
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr, i) {
      tr.dataset.alertId = String(alerts[i].alert_id);
    });
    return t;
  }

  window.QuarryViews = {
    SEVERITIES: SEVERITIES,
    h: h,
    badge: badge,
    severityOf: severityOf,
    formatTs: formatTs,
    formatScore: formatScore,
    formatValue: formatValue,
    alertHash: alertHash,
    clientHash: clientHash,
    clusterHash: clusterHash,
    link: link,
    section: section,
    note: note,
    expandable: expandable,
    table: table,
    alertTable: alertTable
  };
}());
