/*
 * Quarry analyst page: the triage section of the alert detail (status, assignee, notes) and the
 * form that changes it. Analysts and admins get the form; viewers see the state only. An alert
 * about one client marked false_positive also offers to suppress that client: a form prefilled
 * with the client and the alert's detectors that posts to api/suppressions. Notes, assignees and
 * reasons are typed by people and shown with textContent only, like everything else.
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
   * "Suppress this client": the alert's client and detectors (each a checkbox, all ticked), a
   * reason and an optional expiry (event time, RFC 3339), posted to api/suppressions.
   */
  function suppressForm(alert) {
    var f = h('form', 'suppress-form');
    f.id = 'suppress-form';
    f.autocomplete = 'off';
    var clientId = String(alert.subject.client_id);
    f.appendChild(h('h4', null, 'Suppress this client'));
    f.appendChild(h('p', 'muted', 'Findings of the ticked detectors about ' + clientId +
      ' will no longer raise alerts at medium or above; other detectors still can.'));
    var boxes = h('fieldset', 'suppress-detectors');
    boxes.appendChild(h('legend', null, 'Detectors'));
    var names = [];
    (Array.isArray(alert.detectors) ? alert.detectors : []).forEach(function (d) {
      var name = String(d.name);
      if (names.indexOf(name) >= 0) { return; }
      names.push(name);
      var l = h('label', 'suppress-detector');
      var box = h('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = name;
      l.appendChild(box);
      l.appendChild(h('span', null, name));
      boxes.appendChild(l);
    });
    var reason = h('input');
    reason.id = 'suppress-reason';
    reason.type = 'text';
    reason.maxLength = 1000;
    reason.value = 'false positive: alert ' + String(alert.alert_id);
    var expires = h('input');
    expires.id = 'suppress-expires';
    expires.type = 'text';
    expires.placeholder = 'never (or e.g. 2026-12-31T00:00:00Z)';
    expires.spellcheck = false;
    var save = h('button', null, 'Suppress');
    save.type = 'submit';
    save.id = 'suppress-save';
    var result = h('p', 'muted');
    result.id = 'suppress-result';
    result.hidden = true;
    var error = h('p', 'error');
    error.id = 'suppress-error';
    error.hidden = true;

    f.appendChild(boxes);
    [['Reason', reason], ['Expires (event time)', expires]].forEach(function (pair) {
      var l = h('label', 'filter');
      l.appendChild(h('span', null, pair[0]));
      l.appendChild(pair[1]);
      f.appendChild(l);
    });
    f.appendChild(save);
    f.appendChild(result);
    f.appendChild(error);

    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var ticked = Array.prototype.filter.call(boxes.querySelectorAll('input[type=checkbox]'),
        function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (ticked.length === 0) {
        error.textContent = 'tick at least one detector';
        error.hidden = false;
        return;
      }
      var body = { client_id: clientId, reason: reason.value.trim() };
      // Every detector ticked: leave them out, so the suppression also covers detectors that fire later.
      if (ticked.length < names.length) { body.detectors = ticked; }
      if (expires.value.trim()) { body.expires_at = expires.value.trim(); }
      save.disabled = true;
      error.hidden = true;
      window.QuarrySession.fetchJson('api/suppressions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).then(function (made) {
        result.textContent = 'Suppressed as ' + String(made.id) + ' by ' + String(made.created_by) + '.';
        result.hidden = false;
        f.dataset.suppressionId = String(made.id);
      }).catch(function (err) {
        error.textContent = err.message;
        error.hidden = false;
        save.disabled = false;
      });
    });
    return f;
  }

  /** A holder filled with the suppression form once the alert is read, when it is about one client. */
  function suppressOffer(alertId) {
    var holder = h('div', 'suppress');
    holder.id = 'detail-suppress';
    window.QuarrySession.fetchJson('api/alerts/' + encodeURIComponent(alertId))
      .then(function (alert) {
        if (alert && alert.subject && alert.subject.kind === 'client') {
          holder.replaceChildren(suppressForm(alert));
        }
      })
      .catch(function () { /* no offer without the alert */ });
    return holder;
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
        if (statusOf(state) === 'false_positive') {
          parts.push(suppressOffer(alertId));
        }
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
