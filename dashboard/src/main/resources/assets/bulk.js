/*
 * Quarry analyst page: selecting alerts in the list to triage them together (POST
 * api/alerts/triage, one status and an optional note for all), and the export links, which carry
 * the list's filters to GET api/alerts/export. Analysts and admins get the checkboxes; the export
 * is for every reader.
 */
(function () {
  'use strict';

  var CAN_TRIAGE = { analyst: true, admin: true };
  var state = { selected: new Set(), onSaved: null };

  var $ = function (id) { return document.getElementById(id); };

  function canTriage() {
    var who = window.QuarrySession.user();
    return !!(who && CAN_TRIAGE[who.role]);
  }

  function refresh() {
    var n = state.selected.size;
    $('bulk').hidden = n === 0 || !canTriage();
    $('bulk-count').textContent = n + (n === 1 ? ' alert selected' : ' alerts selected');
    var boxes = document.querySelectorAll('table#alerts tbody input.select');
    var all = boxes.length > 0;
    Array.prototype.forEach.call(boxes, function (box) { all = all && box.checked; });
    $('select-all').checked = all;
  }

  /** The first cell of a row: a checkbox that selects the alert without opening it. */
  function cell(alertId) {
    var td = document.createElement('td');
    td.className = 'select';
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'select';
    box.checked = state.selected.has(alertId);
    box.disabled = !canTriage();
    box.setAttribute('aria-label', 'Select alert ' + alertId);
    box.addEventListener('click', function (e) { e.stopPropagation(); });
    box.addEventListener('change', function () {
      if (box.checked) { state.selected.add(alertId); } else { state.selected.delete(alertId); }
      refresh();
    });
    td.addEventListener('click', function (e) { e.stopPropagation(); });
    td.appendChild(box);
    return td;
  }

  /** The list now shows these alert ids: a selection of alerts no longer listed is dropped. */
  function listed(ids) {
    var shown = new Set(ids);
    state.selected.forEach(function (id) { if (!shown.has(id)) { state.selected.delete(id); } });
    $('select-all').disabled = !canTriage();
    refresh();
  }

  /** The list's filters changed: the export links take them (without paging). */
  function filtersChanged(params) {
    ['csv', 'json'].forEach(function (format) {
      var p = new URLSearchParams(params);
      p.delete('limit');
      p.delete('offset');
      p.set('format', format);
      $('export-' + format).href = 'api/alerts/export?' + p.toString();
    });
  }

  function apply(e) {
    e.preventDefault();
    var ids = Array.from(state.selected);
    if (!ids.length) { return; }
    var button = $('bulk-apply');
    var error = $('bulk-error');
    button.disabled = true;
    error.hidden = true;
    var body = { alert_ids: ids, status: $('bulk-status').value };
    var note = $('bulk-note').value;
    if (note.trim()) { body.note = note; }
    window.QuarrySession.fetchJson('api/alerts/triage', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (result) {
      $('bulk-note').value = '';
      clear();
      (result.items || []).forEach(function (t) { if (state.onSaved) { state.onSaved(t.alert_id, t); } });
    }).catch(function (err) {
      error.textContent = err.message;
      error.hidden = false;
    }).then(function () {
      button.disabled = false;
    });
  }

  function clear() {
    state.selected.clear();
    Array.prototype.forEach.call(document.querySelectorAll('table#alerts tbody input.select'), function (box) {
      box.checked = false;
    });
    $('bulk-error').hidden = true;
    refresh();
  }

  function init(onSaved) {
    state.onSaved = onSaved;
    $('bulk').addEventListener('submit', apply);
    $('bulk-clear').addEventListener('click', clear);
    $('select-all').addEventListener('change', function () {
      var on = $('select-all').checked;
      Array.prototype.forEach.call(document.querySelectorAll('table#alerts tbody tr'), function (tr) {
        var box = tr.querySelector('input.select');
        if (!box) { return; }
        box.checked = on;
        if (on) { state.selected.add(tr.dataset.alertId); } else { state.selected.delete(tr.dataset.alertId); }
      });
      refresh();
    });
  }

  window.QuarryBulk = { init: init, cell: cell, listed: listed, filtersChanged: filtersChanged, clear: clear };
}());
