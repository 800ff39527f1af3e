/*
 * Quarry analyst page: the triage section of the alert detail (status, assignee, notes) and the
 * form that changes it. Analysts and admins get the form; viewers see the state only. Notes and
 * assignees are typed by people and shown with textContent only, like everything else.
 */
(function () {
  'use strict';

  var STATUSES = ['new', 'acknowledged', 'investigating', 'resolved', 'false_positive'];
  var CAN_TRIAGE = { analyst: true, admin: true };

  function h(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function statusOf(triage) {
    var s = triage && triage.status;
    return STATUSES.indexOf(s) >= 0 ? s : 'new';
  }

  function label(status) {
    return status.replace('_', ' ');
  }

  function formatTs(ts) {
    var d = new Date(Number(ts));
    return isNaN(d.getTime()) ? String(ts) : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  /** A status chip, for the list and the detail. */
  function chip(triage) {
    var s = statusOf(triage);
    var node = h('span', 'triage-chip triage-' + s, label(s));
    node.dataset.triage = s;
    return node;
  }

  function stateView(triage) {
    var box = h('div', 'triage-state');
    box.id = 'triage-state';
    var line = h('div', 'triage-line');
    line.appendChild(chip(triage));
    line.appendChild(h('span', 'triage-assignee', triage && triage.assignee ? 'assigned to ' + triage.assignee : 'unassigned'));
    if (triage && triage.updated_by) {
      line.appendChild(h('span', 'muted', 'by ' + triage.updated_by + ', ' + formatTs(triage.updated_at)));
    }
    box.appendChild(line);
    var notes = h('ol', 'triage-notes');
    notes.id = 'triage-notes';
    ((triage && Array.isArray(triage.notes)) ? triage.notes : []).forEach(function (n) {
      var li = h('li', 'triage-note');
      li.appendChild(h('div', 'triage-note-head', String(n.actor) + ' · ' + formatTs(n.ts)));
      li.appendChild(h('div', 'triage-note-text', n.text));
      notes.appendChild(li);
    });
    box.appendChild(notes);
    return box;
  }

  function form(alertId, triage, onSaved) {
    var f = h('form', 'triage-form');
    f.id = 'triage-form';
    f.autocomplete = 'off';
    var status = h('select');
    status.id = 'triage-status';
    STATUSES.forEach(function (s) {
      var o = h('option', null, label(s));
      o.value = s;
      status.appendChild(o);
    });
    status.value = statusOf(triage);
    var assignee = h('input');
    assignee.id = 'triage-assignee';
    assignee.type = 'text';
    assignee.maxLength = 128;
    assignee.placeholder = 'nobody';
    assignee.spellcheck = false;
    assignee.value = triage && triage.assignee ? String(triage.assignee) : '';
    var note = h('textarea');
    note.id = 'triage-note';
    note.rows = 3;
    note.maxLength = 4000;
    note.placeholder = 'note (optional)';
    var save = h('button', null, 'Save');
    save.type = 'submit';
    save.id = 'triage-save';
    var error = h('p', 'error');
    error.id = 'triage-error';
    error.hidden = true;

    [['Status', status], ['Assignee', assignee], ['Note', note]].forEach(function (pair) {
      var l = h('label', 'filter');
      l.appendChild(h('span', null, pair[0]));
      l.appendChild(pair[1]);
      f.appendChild(l);
    });
    f.appendChild(save);
    f.appendChild(error);

    f.addEventListener('submit', function (e) {
      e.preventDefault();
      save.disabled = true;
      error.hidden = true;
      window.QuarrySession.fetchJson('api/alerts/' + encodeURIComponent(alertId) + '/triage', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: status.value, assignee: assignee.value.trim(), note: note.value })
      }).then(function (saved) {
        note.value = '';
        onSaved(saved);
      }).catch(function (err) {
        error.textContent = err.message;
        error.hidden = false;
      }).then(function () {
        save.disabled = false;
      });
    });
    return f;
  }

  /**
   * Fills `section` with the alert's triage, as known (`triage`, may be null), then as the service
   * has it now; `onChange(state)` hears of every state shown.
   */
  function render(alertId, section, triage, onChange) {
    var holder = h('div', 'triage');
    holder.id = 'detail-triage';
    holder.dataset.alertId = String(alertId);
    section.appendChild(holder);
    function show(state) {
      var who = window.QuarrySession.user();
      var parts = [stateView(state)];
      if (who && CAN_TRIAGE[who.role]) {
        parts.push(form(alertId, state, function (saved) { show(saved); }));
      }
      holder.replaceChildren.apply(holder, parts);
      holder.dataset.triage = statusOf(state);
      onChange(state || { status: 'new' });
    }
    show(triage);
    window.QuarrySession.fetchJson('api/alerts/' + encodeURIComponent(alertId) + '/triage')
      .then(show)
      .catch(function () { /* the known state stays */ });
  }

  window.QuarryTriage = { render: render, chip: chip, statusOf: statusOf, STATUSES: STATUSES };
}());
