/* global document, window, fetch, URL */
// Signs in from GraphiQL's sign-in page with the API's `login` mutation: the answer sets the session cookie, and the
// page is asked for again, now as a signed-in browser. Only `expiresAt` is asked for, so the session secret never
// reaches the page's script. A file rather than an inline script: the page's Content-Security-Policy refuses those.

const LOGIN = 'mutation SignIn($username: String!, $password: String!) { login(username: $username, password: $password) { expiresAt } }';

const form = document.getElementById('sign-in');
const message = document.getElementById('sign-in-message');
const button = form.querySelector('button[type="submit"]');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  button.disabled = true;
  message.textContent = 'Signing in…';
  try {
    const response = await fetch(new URL('/graphql', window.location.href).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ query: LOGIN, variables: { username: form.elements.username.value, password: form.elements.password.value } }),
    });
    const body = await response.json();
    if (body.data && body.data.login) {
      form.elements.password.value = '';
      window.location.reload();
      return;
    }
    message.textContent = (body.errors && body.errors[0] && body.errors[0].message) || 'Sign-in failed.';
  } catch {
    message.textContent = 'The hub could not be reached; try again.';
  }
  button.disabled = false;
});
