// Sign-in page: trades a token for a session cookie (HttpOnly, SameSite=Strict), then goes on.
const form = document.getElementById('sign-in');
const error = document.getElementById('error');
const PAGES = ['overview', 'weights', 'producers', 'meta', 'outcomes', 'corpus', 'components'];

function nextPage() {
  const wanted = new URLSearchParams(location.search).get('next');
  return PAGES.includes(wanted) ? wanted : 'overview';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const token = document.getElementById('token').value.trim();
  if (!token) {
    error.textContent = 'Enter a token.';
    return;
  }
  try {
    const res = await fetch('/console/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    });
    if (res.status === 201) {
      location.assign('/console/' + nextPage());
      return;
    }
    const body = await res.json().catch(() => ({}));
    error.textContent = res.status === 401 ? 'This token is not accepted.' : (body.error || 'Sign-in failed (' + res.status + ').');
  } catch (e) {
    error.textContent = 'The engine did not answer: ' + e.message;
  }
});
document.getElementById('token').focus();
