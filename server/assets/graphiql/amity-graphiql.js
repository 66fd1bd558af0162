/* global React, ReactDOM, GraphiQL, document, window, URL, fetch */
// Starts GraphiQL (loaded by the page from the hub's own copy of the npm packages) against this hub's API, with
// the documentation explorer open. It is a file rather than an inline script so that the page's
// Content-Security-Policy can refuse inline scripts.

const DEFAULT_QUERY = `# Amity's GraphQL API: the Docs panel describes every type and field.
# This page uses your session (from its sign-in page or the admin);
# to act as someone else, put { "Authorization": "Bearer <access token>" } under Headers.
# Run with Ctrl-Enter. For example, the sister cities in order of signing:

{
  partnerships(filter: { level: [SISTER_CITY] }, sort: [{ field: signedOn }], perPage: 50) {
    total
    items {
      names { zh en }
      signedOn
      partnerCity { names { zh en local } country { names { en } continent } }
    }
  }
}
`;

const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: 'headers',
    visiblePlugin: GraphiQL.React.DOC_EXPLORER_PLUGIN,
    shouldPersistHeaders: false,
  }),
);

// Signing out ends the session on the hub (not only in this browser) and goes back to the sign-in page.
document.getElementById('sign-out').addEventListener('click', async () => {
  await fetch(new URL('/graphql', window.location.href).href, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ query: 'mutation SignOut { logout }' }),
  }).catch(() => undefined);
  window.location.reload();
});
