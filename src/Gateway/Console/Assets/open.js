// Exchanges the single-use token in the URL fragment for a session cookie, then enters the console.
// The fragment never reaches a server, and is removed from the address bar at once. The exchange is a same-origin
// fetch, so the SameSite=Strict cookie it sets is sent on the next page even when the link was clicked on another site.
const message = document.getElementById('message');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);

function refuse(text) {
  document.title = 'Console link refused';
  document.getElementById('heading').textContent = 'This console link cannot be used';
  message.textContent = text;
  document.getElementById('help').hidden = false;
}

if (!token) {
  refuse('The link has no token. Open the full link you were given.');
} else {
  fetch('/console/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }), credentials: 'same-origin' })
    .then(async response => {
      if (response.ok) {
        location.replace('/console/#/overview');
        return;
      }
      const problem = await response.json().catch(() => null);
      refuse((problem && problem.detail) || 'The link was refused.');
    })
    .catch(() => refuse('The gateway could not be reached.'));
}
