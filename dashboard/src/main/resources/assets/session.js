/*
 * Quarry analyst page: signing in and out, and the API calls that need the session.
 *
 * The page holds no data and no token. Signing in posts the token once to api/session, which
 * answers with an HttpOnly session cookie (invisible to script) and a CSRF token, kept here in
 * memory only. Every write sends the CSRF token in X-CSRF-Token; reads and the live feed
 * (EventSource cannot send headers) go with the cookie alone. A reload asks api/session who is
 * signed in and gets the CSRF token again.
 */
(function () {
  'use strict';

  var CSRF_HEADER = 'X-CSRF-Token';
  var SAFE = { GET: true, HEAD: true, OPTIONS: true };
  var state = { who: null, csrf: null, onSignedIn: null, onSignedOut: null };

  var $ = function (id) { return document.getElementById(id); };

  function remember(session) {
    state.who = session ? { name: String(session.name), role: String(session.role) } : null;
    state.csrf = session && session.csrf_token ? String(session.csrf_token) : null;
  }

  function errorOf(response, body) {
    return new Error(body && body.message ? String(body.message) : 'HTTP ' + response.status);
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; });
  }

  /** fetch for the API: the CSRF header on writes; a 401 means the session is over. */
  function request(url, options) {
    var opts = Object.assign({ credentials: 'same-origin' }, options || {});
    var headers = new Headers(opts.headers || {});
    if (!headers.has('Accept')) { headers.set('Accept', 'application/json'); }
    var method = (opts.method || 'GET').toUpperCase();
    if (!SAFE[method] && state.csrf) { headers.set(CSRF_HEADER, state.csrf); }
    opts.headers = headers;
    return fetch(url, opts).then(function (response) {
      if (response.status === 401 && state.who) { ended(); }
      return response;
    });
  }

  function requestJson(url, options) {
    return request(url, options).then(function (response) {
      return readJson(response).then(function (body) {
        if (!response.ok) { throw errorOf(response, body); }
        return body;
      });
    });
  }

  function showSignIn(message) {
    $('app').hidden = true;
    $('account').hidden = true;
    $('status').hidden = true;
    $('counts').hidden = true;
    $('sign-in').hidden = false;
    var error = $('sign-in-error');
    error.textContent = message || '';
    error.hidden = !message;
    $('token').focus();
  }

  function showApp() {
    $('sign-in').hidden = true;
    $('sign-in-error').hidden = true;
    $('app').hidden = false;
    $('account').hidden = false;
    $('status').hidden = false;
    $('counts').hidden = false;
    $('account-name').textContent = state.who.name;
    $('account-role').textContent = state.who.role;
  }

  function signedIn() {
    showApp();
    if (state.onSignedIn) { state.onSignedIn(state.who); }
  }

  function ended(message) {
    var was = state.who;
    remember(null);
    if (was && state.onSignedOut) { state.onSignedOut(); }
    showSignIn(message || (was ? 'Your session has ended. Sign in again.' : ''));
  }

  function signIn(token) {
    return fetch('api/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ token: token })
    }).then(function (response) {
      return readJson(response).then(function (body) {
        if (!response.ok) { throw errorOf(response, body); }
        remember(body);
        signedIn();
      });
    });
  }

  function signOut() {
    var done = function () { ended('Signed out.'); };
    return request('api/session', { method: 'DELETE' }).then(done, done);
  }

  /** Shows the page if a session is live, else the sign-in form; then wires both. */
  function start(onSignedIn, onSignedOut) {
    state.onSignedIn = onSignedIn;
    state.onSignedOut = onSignedOut;
    $('sign-in-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var input = $('token');
      var token = input.value.trim();
      if (!token) { return; }
      $('sign-in-submit').disabled = true;
      signIn(token).then(function () {
        input.value = '';
      }).catch(function (err) {
        showSignIn(err.message === 'unknown token' ? 'That token is not known here.' : err.message);
      }).then(function () {
        $('sign-in-submit').disabled = false;
      });
    });
    $('sign-out').addEventListener('click', signOut);
    fetch('api/session', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        return readJson(response).then(function (body) {
          if (response.ok) {
            remember(body);
            signedIn();
          } else {
            showSignIn();
          }
        });
      })
      .catch(function (err) { showSignIn('Cannot reach the service: ' + err.message); });
  }

  /** Whether the live session is still there (after the feed was refused, say). */
  function check() {
    return fetch('api/session', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (response.status === 401) {
          if (state.who) { ended(); }
          return false;
        }
        return true;
      }, function () { return true; });
  }

  window.QuarrySession = {
    start: start,
    check: check,
    fetchJson: requestJson,
    user: function () { return state.who; }
  };
}());
