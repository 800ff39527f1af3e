/*
 * Quarry analyst page: a client's page (#/clients/{id}), from GET api/clients?id= (signals and the
 * activity its alerts' evidence shows) and GET api/alerts?client= (its alerts with their triage).
 *
 * Every figure comes from alert versions: it exists only where an alert was published, and what no
 * detector put in its evidence is said to be missing rather than drawn. Client ids, prompts and templates are attacker-controlled: text only.
 */
(function () {
  'use strict';

  var V = window.QuarryViews;
  var h = V.h;
  var PROMPT_CHARS = 240;
  var state = { seq: 0, id: null };

  function root() {
    return document.getElementById('view-client');
  }

  function chartBox(id) {
    var el = h('div', 'chart');
    el.id = id;
    return el;
  }

  function volumeSection(activity, charts) {
    var s = V.section('Requests per hour', 'client-volume');
    var rates = activity.volume.filter(function (p) { return p.requests_per_hour !== undefined && p.requests_per_hour !== null; });
    var series = [];
    if (rates.length) {
      series.push({ name: 'requests/hour between alert versions', step: true,
        points: rates.map(function (p) { return [p.ts, p.requests_per_hour]; }) });
    }
    if (activity.prompts_per_hour.length) {
      series.push({ name: 'prompts/hour (capability_coverage window)',
        points: activity.prompts_per_hour.map(function (p) { return [p.ts, p.value]; }) });
    }
    if (series.length) {
      var el = chartBox('client-volume-chart');
      s.appendChild(el);
      charts.push(function () { window.QuarryCharts.timeSeries(el, { yName: 'per hour', series: series }); });
    } else {
      s.appendChild(V.note('Not enough alert versions to derive a rate.', 'missing'));
    }
    s.appendChild(V.note('The rate between two of the client\'s alert versions is the events it sent in between '
      + '(their events_seen) over the time between them: an average over the gap, known only where versions were '
      + 'published. Events at the last version: ' + (activity.volume.length
        ? activity.volume[activity.volume.length - 1].events_seen : 'none') + '.'));
    return s;
  }

  function tokensSection(activity, charts) {
    var s = V.section('Tokens', 'client-tokens');
    var series = {};
    function add(kind, points) {
      points.forEach(function (p) {
        var name = kind + ' tokens, ' + p.detector;
        (series[name] = series[name] || []).push([p.ts, p.value]);
      });
    }
    add('input', activity.input_tokens || []);
    add('output', activity.output_tokens);
    var names = Object.keys(series);
    if (names.length) {
      var el = chartBox('client-tokens-chart');
      s.appendChild(el);
      charts.push(function () {
        window.QuarryCharts.timeSeries(el, { yName: 'tokens (mean)', series: names.map(function (n) {
          return { name: n, points: series[n] };
        }) });
      });
    } else {
      s.appendChild(V.note('No detector that measures prompt or answer length reported on this client.', 'missing'));
    }
    s.appendChild(V.note('Mean prompt (input) and answer (output) lengths the detectors reported at each version: '
      + 'input tokens come from automation_cadence, which reports only clients that look automated.'));
    return s;
  }

  function scoresSection(signals, charts) {
    var s = V.section('Scores', 'client-scores');
    if (!signals.length) {
      s.appendChild(V.note('No alert versions.'));
      return s;
    }
    var series = [{ name: 'fused score', step: true, points: signals.map(function (p) { return [p.ts, p.score]; }) }];
    var detectors = {};
    signals.forEach(function (p) {
      Object.keys(p.detector_scores || {}).forEach(function (name) {
        (detectors[name] = detectors[name] || []).push([p.ts, p.detector_scores[name]]);
      });
    });
    Object.keys(detectors).forEach(function (name) { series.push({ name: name, points: detectors[name] }); });
    var el = chartBox('client-scores-chart');
    s.appendChild(el);
    charts.push(function () { window.QuarryCharts.timeSeries(el, { yName: 'score', yMax: 1, series: series }); });
    s.appendChild(V.note('The fused score and each detector\'s score at every version of the alerts about this '
      + 'client, cluster alerts included.'));
    return s;
  }

  function valueRows(values) {
    return values.map(function (v) {
      var value = v.value !== null && typeof v.value === 'object' ? JSON.stringify(v.value) : v.value;
      return [h('span', 'mono', v.detector), h('span', 'mono', v.key), value, V.formatTs(v.ts)];
    });
  }

  function samplingSection(activity) {
    var s = V.section('Sampling parameters and logit bias', 'client-sampling');
    if (activity.sampling.length) {
      s.appendChild(V.table(['Detector', 'Figure', 'Value', 'Reported (UTC)'], valueRows(activity.sampling), 'sampling-grid'));
    }
    s.appendChild(V.note('The latest value of each figure the detectors reported: shares, and the parameters of the '
      + 'latest request (automation_cadence\'s latest_sampling, for clients it reports).'));
    var bias = activity.logit_bias;
    if (bias.length) {
      var byKey = {};
      bias.forEach(function (v) { byKey[v.detector + '.' + v.key] = v.value; });
      var distinct = Number(byKey['logit_bias_sweep.distinct_biased_tokens']);
      var lo = Number(byKey['logit_bias_sweep.lowest_biased_token']);
      var hi = Number(byKey['logit_bias_sweep.highest_biased_token']);
      if (isFinite(distinct) && isFinite(lo) && isFinite(hi) && hi >= lo) {
        var coverage = h('p', 'coverage');
        coverage.id = 'logit-bias-coverage';
        coverage.textContent = 'Logit-bias coverage: ' + distinct + ' distinct token ids biased, between ids ' + lo + ' and '
          + hi + ' (' + (100 * distinct / (hi - lo + 1)).toFixed(1) + '% of that range).';
        s.appendChild(coverage);
      }
      s.appendChild(V.table(['Detector', 'Figure', 'Value', 'Reported (UTC)'], valueRows(bias), 'logit-grid'));
    } else {
      s.appendChild(V.note('No logit-bias detector reported on this client.'));
    }
    return s;
  }

  function templatesSection(activity) {
    var s = V.section('Templates', 'client-templates');
    if (!activity.templates.length) {
      s.appendChild(V.note('templated_queries reported no template for this client.'));
      return s;
    }
    s.appendChild(V.table(['Template', 'Fills', 'Share', 'Templates seen', 'Last reported (UTC)'],
      activity.templates.map(function (t) {
        return [V.expandable(t.template, PROMPT_CHARS, 'template-text'), t.fills, V.formatScore(t.share), t.templates_seen,
          V.formatTs(t.last_ts)];
      }), 'template-grid'));
    s.appendChild(V.note('Fills: the prompts that filled the template, as templated_queries last counted them.'));
    return s;
  }

  function promptsSection(activity) {
    var s = V.section('Sample prompts', 'client-prompts');
    if (!activity.prompts.length) {
      s.appendChild(V.note('No detector quoted a prompt of this client.'));
      return s;
    }
    var list = h('ol', 'prompt-list');
    activity.prompts.forEach(function (p) {
      var li = h('li', 'prompt');
      li.appendChild(h('div', 'prompt-head muted', V.formatTs(p.ts) + ' UTC · ' + p.detector + ' · ' + p.key
        + (p.truncated ? ' · cut by the service' : '')));
      li.appendChild(V.expandable(p.text, PROMPT_CHARS, 'prompt-text'));
      list.appendChild(li);
    });
    s.appendChild(list);
    return s;
  }

  function clustersSection(activity) {
    var s = V.section('Linked accounts', 'client-clusters');
    if (!activity.clusters.length) {
      s.appendChild(V.note('No cluster alert links this client to other accounts.'));
      return s;
    }
    activity.clusters.forEach(function (c) {
      var box = h('div', 'cluster-box');
      var head = h('div', 'cluster-head');
      head.appendChild(V.link(V.clusterHash(c.cluster_id), c.cluster_id, 'mono cluster-link'));
      head.appendChild(h('span', 'muted', ' ' + c.cluster_size + ' accounts'));
      box.appendChild(head);
      var members = h('div', 'links member-links');
      c.members.forEach(function (m) {
        if (m !== state.id) { members.appendChild(V.link(V.clientHash(m), m, 'client-link')); }
      });
      box.appendChild(members);
      var keys = h('div', 'keys');
      c.link_keys.forEach(function (k) { keys.appendChild(h('span', 'chip', k)); });
      box.appendChild(keys);
      s.appendChild(box);
    });
    return s;
  }

  function alertsSection(alerts) {
    var s = V.section('Alerts', 'client-alerts');
    s.appendChild(alerts.length ? V.alertTable(alerts) : V.note('No alerts.'));
    return s;
  }

  function render(id, view, alerts) {
    var el = root();
    window.QuarryCharts.disposeIn(el);
    var title = h('h1', 'page-title');
    title.appendChild(h('span', 'muted', 'Client '));
    var name = h('span', 'mono', id);
    name.id = 'client-id';
    title.appendChild(name);
    if (!view.alerts.length && !view.signals.length) {
      var none = h('p', 'empty-page', 'No alert has been raised about this client. The service knows only clients '
        + 'it has alerted on, so it has no record of this one\'s traffic.');
      none.id = 'client-none';
      el.replaceChildren(title, none);
      return;
    }
    var charts = [];
    var a = view.activity;
    el.replaceChildren(title, volumeSection(a, charts), tokensSection(a, charts), scoresSection(view.signals, charts),
      samplingSection(a), templatesSection(a), promptsSection(a), clustersSection(a), alertsSection(alerts));
    charts.forEach(function (draw) { draw(); }); // after insertion: ECharts sizes itself from the element
  }

  function show(id) {
    var seq = ++state.seq;
    state.id = id;
    window.QuarryCharts.disposeIn(root());
    root().replaceChildren(h('p', 'muted', 'loading…'));
    var q = encodeURIComponent(id);
    Promise.all([
      window.QuarrySession.fetchJson('api/clients?id=' + q),
      window.QuarrySession.fetchJson('api/alerts?limit=500&client=' + q)
    ]).then(function (results) {
      if (seq === state.seq) { render(id, results[0], results[1].items || []); }
    }).catch(function (err) {
      if (seq === state.seq) { root().replaceChildren(h('p', 'error', 'Client unavailable: ' + err.message)); }
    });
  }

  function clear() {
    state.seq++;
    state.id = null;
    window.QuarryCharts.disposeIn(root());
    root().replaceChildren();
  }

  window.QuarryPages = window.QuarryPages || {};
  window.QuarryPages.client = { show: show, clear: clear };
}());
