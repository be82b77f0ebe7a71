/**
 * Served as /assets/session-watch.js (same origin, no CDN). Polls /me; on 401 the page says the
 * session was logged out, without a reload.
 */
export const SESSION_WATCH_SCRIPT = `(function () {
  var status = document.getElementById('session-status');
  if (!status) return;
  var interval = Number(status.getAttribute('data-poll-ms')) || 500;
  var timer = setInterval(check, interval);
  function check() {
    fetch('/me', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status !== 401) return;
        clearInterval(timer);
        status.textContent = 'You have been logged out: the identity provider ended this session (back-channel logout).';
        status.className = 'status logged-out';
        document.body.setAttribute('data-session', 'logged-out');
        var heading = document.querySelector('h1');
        if (heading) heading.textContent = 'Logged out';
        var logout = document.getElementById('logout-link');
        if (logout) logout.hidden = true;
        var login = document.getElementById('login-link');
        if (login) login.hidden = false;
      })
      .catch(function () { /* the RP is restarting: keep polling */ });
  }
})();
`;
