/*
 * Quarry analyst page: the overview (#/). Alerts per hour by severity, the detectors behind them,
 * alerts per triage status, and the newest high and critical alerts nobody has taken, from
 * GET api/overview.
 */
(function () {
  'use strict';

  var V = window.QuarryViews;
  var h = V.h;
  var state = { seq: 0 };

  function root() {
    return document.getElementById('view-overview');
  }

  function hourLabel(ts) {
    var d = new Date(Number(ts));
    return isNaN(d.getTime()) ? String(ts) : d.toISOString().slice(5, 13).replace('T', ' ') + ':00';
  }

  /** Opens the alert list with these filters: {triage, q}. */
  function listLink(text, filters) {
    var a = V.link('#/alerts', text, 'list-link');
    a.addEventListener('click', function (e) {
      e.preventDefault();
      window.QuarryAlerts.showFiltered(filters);
    });
    return a;
  }

  function render(o) {
    var el = root();
    window.QuarryCharts.disposeIn(el);
    var title = h('h1', 'page-title', 'Overview');

    var chartSection = V.section('Alerts per hour by severity', 'overview-per-hour');
    var chartEl = h('div', 'chart');
    chartEl.id = 'overview-chart';
    chartSection.appendChild(chartEl);
    chartSection.appendChild(V.note('Each alert counted once, in the hour of its latest version\'s event time, at its current '
      + 'severity. The last ' + o.hours + ' hours of event time up to the newest alert.'
      + (o.window_truncated ? ' Only the newest ' + o.per_hour.reduce(function (n, hr) {
        return n + V.SEVERITIES.reduce(function (m, s) { return m + (Number(hr.by_severity[s]) || 0); }, 0);
      }, 0) + ' of ' + o.window_alerts + ' alerts are counted.' : '')));

    var detectors = V.section('Top detectors', 'overview-detectors');
    detectors.appendChild(o.top_detectors.length
      ? V.table(['Detector', 'Alerts', 'Highest score'], o.top_detectors.map(function (d) {
        return [listLink(d.name, { q: '"' + d.name + '"' }), d.alerts, V.formatScore(d.max_score)];
      }), 'detector-grid')
      : V.note('No alerts in the window.'));

    var triage = V.section('Triage', 'overview-triage');
    var chips = h('div', 'triage-counts');
    Object.keys(o.by_triage).forEach(function (status) {
      var item = h('span', 'triage-count');
      item.dataset.triage = status;
      var a = listLink('', { triage: status });
      a.appendChild(window.QuarryTriage.chip({ status: status }));
      a.appendChild(h('span', 'triage-count-n', o.by_triage[status]));
      item.appendChild(a);
      chips.appendChild(item);
    });
    triage.appendChild(chips);

    var unassigned = V.section('Newest unassigned high and critical alerts', 'overview-unassigned');
    unassigned.appendChild(o.unassigned.length
      ? V.alertTable(o.unassigned)
      : V.note('Every high and critical alert is assigned, resolved or a false positive.'));

    el.replaceChildren(title, chartSection, detectors, triage, unassigned);
    if (!o.per_hour.length) {
      chartEl.replaceChildren(V.note('No alerts yet.'));
      return;
    }
    window.QuarryCharts.severityBars(chartEl, {
      categories: o.per_hour.map(function (hr) { return hourLabel(hr.hour); }),
      yName: 'alerts',
      series: V.SEVERITIES.map(function (s) {
        return { name: s, data: o.per_hour.map(function (hr) { return Number(hr.by_severity[s]) || 0; }) };
      })
    });
  }

  function show() {
    var seq = ++state.seq;
    if (!root().firstChild) { root().replaceChildren(h('p', 'muted', 'loading…')); }
    window.QuarrySession.fetchJson('api/overview').then(function (o) {
      if (seq === state.seq) { render(o); }
    }).catch(function (err) {
      if (seq === state.seq) { root().replaceChildren(h('p', 'error', 'Overview unavailable: ' + err.message)); }
    });
  }

  function clear() {
    state.seq++;
    window.QuarryCharts.disposeIn(root());
    root().replaceChildren();
  }

  window.QuarryPages = window.QuarryPages || {};
  window.QuarryPages.overview = { show: show, clear: clear };
}());
