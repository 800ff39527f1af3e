/*
 * Quarry analyst page: a cluster's page (#/clusters/{id}), from GET api/clusters?id=: its members
 * and the link keys they share drawn as a graph, its pooled volume and scores over time, and its
 * newest 50 alerts (with their triage, from GET api/alerts/{id}).
 *
 * The alerts name the cluster's link keys, not which member carries which key, so the graph joins
 * members and keys through the cluster rather than drawing member-to-key edges nobody measured.
 */
(function () {
  'use strict';

  var V = window.QuarryViews;
  var h = V.h;
  var state = { seq: 0 };

  function root() {
    return document.getElementById('view-cluster');
  }

  function ring(items, radius, category, prefix, size) {
    return items.map(function (name, i) {
      var angle = 2 * Math.PI * i / Math.max(1, items.length) - Math.PI / 2;
      return { id: prefix + i, name: name, category: category, size: size,
        x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)) };
    });
  }

  function graphSpec(view) {
    var hub = { id: 'cluster', name: view.cluster_id, category: 0, x: 0, y: 0, size: 26 };
    var members = ring(view.members, 200, 1, 'm', 12);
    var keys = ring(view.link_keys, 90, 2, 'k', 16);
    var nodes = [hub].concat(keys, members);
    var links = keys.concat(members).map(function (n) { return { source: 'cluster', target: n.id }; });
    return { nodes: nodes, links: links, categories: ['cluster', 'member', 'shared link key'] };
  }

  function render(id, view, alerts) {
    var el = root();
    window.QuarryCharts.disposeIn(el);
    var title = h('h1', 'page-title');
    title.appendChild(h('span', 'muted', 'Cluster '));
    var name = h('span', 'mono', id);
    name.id = 'cluster-id';
    title.appendChild(name);
    if (!view.alerts.length && !view.signals.length) {
      var none = h('p', 'empty-page', 'No alert has been raised about this cluster.');
      none.id = 'cluster-none';
      el.replaceChildren(title, none);
      return;
    }
    var facts = h('p', 'facts', view.cluster_size + ' accounts, ' + view.members.length + ' named in the alerts, '
      + view.link_keys.length + ' shared link keys.');

    var graphSection = V.section('Members and shared keys', 'cluster-graph-section');
    var graphEl = h('div', 'chart chart-tall');
    graphEl.id = 'cluster-graph';
    graphSection.appendChild(graphEl);
    graphSection.appendChild(V.note('The alerts list the cluster\'s link keys, not which member carries which key: '
      + 'members and keys are joined through the cluster. Alerts name at most 32 members. Click a member to open its page.'));

    var volumeSection = V.section('Pooled volume', 'cluster-volume');
    var volumeEl = h('div', 'chart');
    volumeEl.id = 'cluster-volume-chart';
    volumeSection.appendChild(volumeEl);
    volumeSection.appendChild(V.note('Pooled events: the members\' events together at each cluster alert version '
      + '(events_seen). Prompts per hour: the sweeping members together (pooled_capability_coverage), where reported.'));

    var scoresSection = V.section('Scores', 'cluster-scores');
    var scoresEl = h('div', 'chart');
    scoresEl.id = 'cluster-scores-chart';
    scoresSection.appendChild(scoresEl);

    var membersSection = V.section('Members', 'cluster-members');
    var links = h('div', 'links member-links');
    view.members.forEach(function (m) { links.appendChild(V.link(V.clientHash(m), m, 'client-link')); });
    membersSection.appendChild(links);
    var keys = h('div', 'keys');
    view.link_keys.forEach(function (k) { keys.appendChild(h('span', 'chip', k)); });
    membersSection.appendChild(keys);

    var alertsSection = V.section('Alerts', 'cluster-alerts');
    alertsSection.appendChild(alerts.length ? V.alertTable(alerts) : V.note('No alerts.'));

    el.replaceChildren(title, facts, graphSection, volumeSection, scoresSection, membersSection, alertsSection);

    window.QuarryCharts.graph(graphEl, graphSpec(view), function (node) {
      if (node.category === 1) { window.location.hash = V.clientHash(node.name); }
    });
    var volume = [{ name: 'pooled events', step: true, points: view.volume.map(function (p) { return [p.ts, p.pooled_events]; }) }];
    var rated = view.volume.filter(function (p) { return p.pooled_prompts_per_hour !== undefined; });
    if (rated.length) {
      volume.push({ name: 'pooled prompts/hour', points: rated.map(function (p) { return [p.ts, p.pooled_prompts_per_hour]; }) });
    }
    var hourly = view.volume.filter(function (p) { return p.max_member_hourly !== undefined; });
    if (hourly.length) {
      volume.push({ name: 'busiest member, events/hour', points: hourly.map(function (p) { return [p.ts, p.max_member_hourly]; }) });
    }
    window.QuarryCharts.timeSeries(volumeEl, { yName: 'events', series: volume });
    var series = [{ name: 'fused score', step: true, points: view.signals.map(function (p) { return [p.ts, p.score]; }) }];
    var detectors = {};
    view.signals.forEach(function (p) {
      Object.keys(p.detector_scores || {}).forEach(function (n) {
        (detectors[n] = detectors[n] || []).push([p.ts, p.detector_scores[n]]);
      });
    });
    Object.keys(detectors).forEach(function (n) { series.push({ name: n, points: detectors[n] }); });
    window.QuarryCharts.timeSeries(scoresEl, { yName: 'score', yMax: 1, series: series });
  }

  function show(id) {
    var seq = ++state.seq;
    window.QuarryCharts.disposeIn(root());
    root().replaceChildren(h('p', 'muted', 'loading…'));
    window.QuarrySession.fetchJson('api/clusters?id=' + encodeURIComponent(id)).then(function (view) {
      // The cluster's alerts with their triage: the list route, by alert id.
      var ids = view.alerts.map(function (a) { return a.alert_id; });
      var withTriage = ids.length
        ? Promise.all(ids.slice(0, 50).map(function (alertId) {
          return window.QuarrySession.fetchJson('api/alerts/' + encodeURIComponent(alertId));
        }))
        : Promise.resolve([]);
      return withTriage.then(function (alerts) {
        if (seq === state.seq) { render(id, view, alerts); }
      });
    }).catch(function (err) {
      if (seq === state.seq) { root().replaceChildren(h('p', 'error', 'Cluster unavailable: ' + err.message)); }
    });
  }

  function clear() {
    state.seq++;
    window.QuarryCharts.disposeIn(root());
    root().replaceChildren();
  }

  window.QuarryPages = window.QuarryPages || {};
  window.QuarryPages.cluster = { show: show, clear: clear };
}());
