/*
 * Quarry analyst page: the suppressions (#/suppressions). The list from GET api/suppressions, a
 * Delete button per row and a form that posts a new one to api/suppressions. Viewers see the list
 * only. Who may delete which suppression is the service's to decide (an analyst its own, an admin
 * any): every row offers Delete to analysts and admins, and a refusal is shown as the service worded
 * it. Scope ids and reasons are typed by people and may hold anything: they are shown with
 * textContent only, and a client id links to its page through an encoded hash.
 */
(function () {
  'use strict';

  var V = window.QuarryViews;
  var h = V.h;
  var CAN_EDIT = { analyst: true, admin: true };
  var MAX_ID = 256;
  var MAX_REASON = 1000;
  var state = { seq: 0 };

  function root() {
    return document.getElementById('view-suppressions');
  }

  function canEdit() {
    var who = window.QuarrySession.user();
    return Boolean(who && CAN_EDIT[who.role]);
  }

  function utc(millis) {
    return millis === undefined || millis === null ? '' : V.formatTs(millis);
  }

  /** Comma-separated detector names as a list; none means every detector. */
  function detectorNames(text) {
    return String(text).split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s.length > 0; });
  }

  /**
   * A datetime-local value (the browser's local time, no offset) as RFC 3339 in UTC, or null when
   * empty or not a time. Date parses an ISO date-time without an offset as local time.
   */
  function expiryOf(value) {
    if (!value) { return null; }
    var d = new Date(value);
    return isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
  }

  function labelled(text, control, className) {
    var l = h('label', 'filter' + (className ? ' ' + className : ''));
    l.appendChild(h('span', null, text));
    l.appendChild(control);
    return l;
  }

  function input(id, type, maxLength, placeholder) {
    var i = h('input');
    i.id = id;
    i.type = type;
    if (maxLength) { i.maxLength = maxLength; }
    if (placeholder) { i.placeholder = placeholder; }
    i.spellcheck = false;
    i.autocomplete = 'off';
    return i;
  }

  function form(onCreated) {
    var f = h('form', 'suppression-form');
    f.id = 'suppression-form';
    f.autocomplete = 'off';
    f.noValidate = true; // the service checks every field and says which one is wrong

    var scope = h('select');
    scope.id = 'suppression-scope';
    [['client', 'client'], ['org', 'organisation']].forEach(function (pair) {
      var o = h('option', null, pair[1]);
      o.value = pair[0];
      scope.appendChild(o);
    });
    var scopeId = input('suppression-scope-id', 'text', MAX_ID, 'client id');
    scopeId.required = true;
    function showScope() {
      scopeId.placeholder = scope.value === 'org' ? 'org_id' : 'client id';
    }
    scope.addEventListener('change', showScope);
    var detectors = input('suppression-detectors', 'text', 4000, 'all detectors');
    var reason = input('suppression-reason', 'text', MAX_REASON, 'why (shown to other analysts)');
    var expires = input('suppression-expires', 'datetime-local');
    var expiresUtc = h('span', 'muted suppression-expires-utc', 'never expires');
    expiresUtc.id = 'suppression-expires-utc';
    function showExpiry() {
      var at = expiryOf(expires.value);
      expiresUtc.textContent = at ? 'sent as ' + at : 'never expires';
    }
    expires.addEventListener('input', showExpiry);
    expires.addEventListener('change', showExpiry);

    var save = h('button', null, 'Suppress');
    save.type = 'submit';
    save.id = 'suppression-save';
    var result = h('p', 'muted');
    result.id = 'suppression-result';
    result.hidden = true;
    var error = h('p', 'error');
    error.id = 'suppression-error';
    error.hidden = true;

    var row = h('div', 'suppression-fields');
    row.appendChild(labelled('Scope', scope));
    row.appendChild(labelled('Id', scopeId, 'filter-wide'));
    row.appendChild(labelled('Detectors (comma-separated; empty: all)', detectors, 'filter-wide'));
    var row2 = h('div', 'suppression-fields');
    row2.appendChild(labelled('Reason', reason, 'filter-wide'));
    var expiry = labelled('Expires (your local time; compared with event time)', expires);
    expiry.appendChild(expiresUtc);
    row2.appendChild(expiry);
    row2.appendChild(save);

    f.appendChild(h('h2', null, 'New suppression'));
    f.appendChild(V.note('Findings of these detectors about the client, or about every client of the organisation, '
      + 'will no longer raise alerts at medium or above; other detectors still can. It applies to traffic '
      + 'from a few seconds after it is made.'));
    f.appendChild(row);
    f.appendChild(row2);
    f.appendChild(result);
    f.appendChild(error);

    f.addEventListener('submit', function (e) {
      e.preventDefault();
      error.hidden = true;
      result.hidden = true;
      var body = {};
      body[scope.value === 'org' ? 'org_id' : 'client_id'] = scopeId.value;
      var names = detectorNames(detectors.value);
      if (names.length) { body.detectors = names; }
      if (reason.value.trim()) { body.reason = reason.value.trim(); }
      if (expires.value) {
        var at = expiryOf(expires.value);
        if (!at) {
          error.textContent = 'expires: not a date and time';
          error.hidden = false;
          return;
        }
        body.expires_at = at;
      }
      save.disabled = true;
      window.QuarrySession.fetchJson('api/suppressions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).then(function (made) {
        f.reset();
        showScope();
        showExpiry();
        result.textContent = 'Suppressed as ' + String(made.id) + '.';
        result.hidden = false;
        f.dataset.suppressionId = String(made.id);
        onCreated(made);
      }).catch(function (err) {
        error.textContent = err.message;
        error.hidden = false;
      }).then(function () {
        save.disabled = false;
      });
    });
    return f;
  }

  function scopeCell(s) {
    var box = h('span', 'suppression-scope');
    if (s.client_id !== undefined && s.client_id !== null) {
      box.appendChild(h('span', 'chip', 'client'));
      box.appendChild(V.link(V.clientHash(s.client_id), s.client_id, 'mono client-link'));
    } else {
      box.appendChild(h('span', 'chip', 'org'));
      box.appendChild(h('span', 'mono', s.org_id));
    }
    return box;
  }

  function detectorsCell(s) {
    var box = h('span', 'suppression-detectors');
    if (!Array.isArray(s.detectors) || s.detectors.length === 0) {
      box.appendChild(h('span', 'muted', 'all'));
      return box;
    }
    s.detectors.forEach(function (d) { box.appendChild(h('span', 'chip', d)); });
    return box;
  }

  function deleteButton(s, onDeleted, error) {
    var b = h('button', 'delete', 'Delete');
    b.type = 'button';
    b.addEventListener('click', function () {
      b.disabled = true;
      error.hidden = true;
      window.QuarrySession.fetchJson('api/suppressions/' + encodeURIComponent(String(s.id)), { method: 'DELETE' })
        .then(function () {
          onDeleted(s);
        }).catch(function (err) {
          error.textContent = 'Cannot delete ' + String(s.id) + ': ' + err.message;
          error.hidden = false;
          b.disabled = false;
        });
    });
    return b;
  }

  function listSection(list, edit, reload) {
    var s = V.section('Suppressions', 'suppressions-list');
    var error = h('p', 'error');
    error.id = 'suppressions-error';
    error.setAttribute('role', 'alert');
    error.hidden = true;
    s.appendChild(error);
    if (!list.length) {
      var none = V.note('No suppressions.');
      none.id = 'suppressions-none';
      s.appendChild(none);
      return s;
    }
    var headers = ['Scope', 'Detectors', 'Reason', 'Expires (UTC, event time)', 'Created by', 'Created (UTC)'];
    if (edit) { headers.push(''); }
    var rows = list.map(function (sup) {
      var cells = [scopeCell(sup), detectorsCell(sup), V.expandable(sup.reason || '', 200, 'suppression-reason'),
        sup.expires_at == null ? h('span', 'muted', 'never') : utc(sup.expires_at),
        sup.created_by, utc(sup.created_at)];
      if (edit) {
        cells.push(deleteButton(sup, function (gone) {
          var result = h('p', 'muted', 'Deleted ' + String(gone.id) + '.');
          reload(result);
        }, error));
      }
      return cells;
    });
    var t = V.table(headers, rows, 'suppression-grid');
    t.id = 'suppressions';
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr, i) {
      tr.dataset.suppressionId = String(list[i].id);
    });
    s.appendChild(t);
    return s;
  }

  function render(list, edit, made, notice) {
    var parts = [h('h1', 'page-title', 'Suppressions')];
    parts.push(V.note('A suppression holds back some detectors\' findings about a client or an organisation: '
      + 'they cannot lift its alerts to medium or above. Alerts it held back list it under "suppressed".'));
    if (notice) { parts.push(notice); }
    if (edit) { parts.push(made); }
    parts.push(listSection(list, edit, function (n) { show(null, n); }));
    root().replaceChildren.apply(root(), parts);
  }

  /** Shows the list, fetched afresh; `notice` is a line to show above it (a deletion done). */
  function show(id, notice) {
    var seq = ++state.seq;
    var edit = canEdit();
    // The form survives a reload of the list, so what was typed and the last result stay.
    var existing = document.getElementById('suppression-form');
    var made = edit ? (existing || form(function () { show(null); })) : null;
    if (!root().firstChild) { root().replaceChildren(h('p', 'muted', 'loading…')); }
    window.QuarrySession.fetchJson('api/suppressions').then(function (list) {
      if (seq === state.seq) { render(Array.isArray(list) ? list : [], edit, made, notice); }
    }).catch(function (err) {
      if (seq === state.seq) { root().replaceChildren(h('p', 'error', 'Suppressions unavailable: ' + err.message)); }
    });
  }

  function clear() {
    state.seq++;
    root().replaceChildren();
  }

  window.QuarryPages = window.QuarryPages || {};
  window.QuarryPages.suppressions = { show: function (id) { show(id); }, clear: clear };
}());
