/*
 * Quarry analyst page: charts and graphs, drawn by Apache ECharts (vendor/echarts/echarts.min.js,
 * served by the service from its WebJar).
 *
 * ECharts draws on a canvas. Its tooltips are HTML by default, which would render alert text
 * (client ids, detector evidence) as markup: every chart here sets tooltip.renderMode 'richText',
 * so tooltips are drawn on the canvas too, and every label and tooltip goes through a formatter
 * function that returns plain text. No toolbox (its data view writes HTML), no HTML anywhere.
 */
(function () {
  'use strict';

  var SEVERITY_COLORS = { low: '#94a3b8', medium: '#eab308', high: '#f97316', critical: '#b91c1c' };
  var PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#65a30d',
    '#9333ea', '#0d9488'];
  var charts = [];

  function available() {
    return typeof window.echarts === 'object' && typeof window.echarts.init === 'function';
  }

  function plain(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  function timeLabel(ts) {
    var d = new Date(Number(ts));
    return isNaN(d.getTime()) ? plain(ts) : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }

  function number(v) {
    var n = Number(v);
    if (!isFinite(n)) { return plain(v); }
    return Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(3).replace(/0+$/, '');
  }

  /** Starts a chart in `el`, replacing one that was there; null when the library did not load. */
  function start(el, option) {
    if (!available()) {
      el.textContent = 'Charts are unavailable: the chart library did not load.';
      return null;
    }
    var old = window.echarts.getInstanceByDom(el);
    if (old) { old.dispose(); }
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    charts = charts.filter(function (c) { return !c.isDisposed(); });
    charts.push(chart);
    el.dataset.chart = 'ready';
    return chart;
  }

  function tooltip(extra) {
    return Object.assign({ renderMode: 'richText', confine: true }, extra);
  }

  /**
   * Lines over time. `spec.series`: [{name, points: [[ts, value], ...], step}]; `spec.yName`,
   * optional `spec.yMax`.
   */
  function timeSeries(el, spec) {
    return start(el, {
      animation: false,
      color: PALETTE,
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      legend: { type: 'scroll', top: 0, formatter: plain },
      tooltip: tooltip({
        trigger: 'axis',
        formatter: function (items) {
          var list = Array.isArray(items) ? items : [items];
          if (!list.length) { return ''; }
          return [timeLabel(list[0].value[0])].concat(list.map(function (p) {
            return plain(p.seriesName) + ': ' + number(p.value[1]);
          })).join('\n');
        }
      }),
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: plain(spec.yName), max: spec.yMax, min: 0 },
      series: spec.series.map(function (s) {
        return {
          name: plain(s.name),
          type: 'line',
          step: s.step ? 'end' : false,
          showSymbol: true,
          symbolSize: 6,
          connectNulls: false,
          data: s.points
        };
      })
    });
  }

  /** Bars per category, stacked by severity. `spec.categories`, `spec.series`: [{name, data}]. */
  function severityBars(el, spec) {
    return start(el, {
      animation: false,
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      legend: { top: 0, formatter: plain },
      tooltip: tooltip({
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: function (items) {
          var list = Array.isArray(items) ? items : [items];
          if (!list.length) { return ''; }
          return [plain(list[0].axisValue)].concat(list.map(function (p) {
            return plain(p.seriesName) + ': ' + number(p.value);
          })).join('\n');
        }
      }),
      xAxis: { type: 'category', data: spec.categories, axisLabel: { formatter: plain } },
      yAxis: { type: 'value', minInterval: 1, name: plain(spec.yName) },
      series: spec.series.map(function (s) {
        return {
          name: plain(s.name),
          type: 'bar',
          stack: 'severity',
          itemStyle: { color: SEVERITY_COLORS[s.name] || '#64748b' },
          data: s.data
        };
      })
    });
  }

  /**
   * A node-link graph with positions given. `spec.nodes`: [{id, name, category, x, y, size}],
   * `spec.links`: [{source, target}], `spec.categories`: [names]; `onClick(node)` for a node.
   */
  function graph(el, spec, onClick) {
    var showLabels = spec.nodes.length <= 60;
    var chart = start(el, {
      animation: false,
      color: ['#1e293b', '#2563eb', '#d97706'],
      legend: { top: 0, data: spec.categories, formatter: plain },
      tooltip: tooltip({
        trigger: 'item',
        formatter: function (p) {
          if (p.dataType === 'edge') { return ''; }
          var category = spec.categories[p.data.category] || '';
          return plain(category) + ': ' + plain(p.data.name);
        }
      }),
      series: [{
        type: 'graph',
        layout: 'none',
        roam: true,
        categories: spec.categories.map(function (c) { return { name: plain(c) }; }),
        label: {
          show: showLabels,
          position: 'right',
          fontSize: 11,
          formatter: function (p) { return plain(p.data.name); }
        },
        lineStyle: { color: '#94a3b8', width: 1, opacity: 0.8 },
        emphasis: { focus: 'adjacency' },
        data: spec.nodes.map(function (n) {
          return { id: n.id, name: plain(n.name), category: n.category, x: n.x, y: n.y,
            symbolSize: n.size || 10, value: n.value };
        }),
        links: spec.links
      }]
    });
    if (chart && onClick) {
      chart.on('click', function (p) {
        if (p.dataType === 'node') { onClick(p.data); }
      });
    }
    return chart;
  }

  function disposeIn(root) {
    if (!available()) { return; }
    Array.prototype.forEach.call(root.querySelectorAll('[data-chart]'), function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (chart) { chart.dispose(); }
    });
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } });
  });

  window.QuarryCharts = {
    available: available,
    timeSeries: timeSeries,
    severityBars: severityBars,
    graph: graph,
    disposeIn: disposeIn,
    SEVERITY_COLORS: SEVERITY_COLORS
  };
}());
