// Every page: marks the current menu entry, wires sign-out, and renders the page's module.
import { signOut } from './api.js';
import { errorBox, show } from './ui.js';

const page = document.body.dataset.page;
for (const link of document.querySelectorAll('nav a')) {
  if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
}
document.getElementById('sign-out').addEventListener('click', () => signOut());

const content = document.getElementById('content');
try {
  const module = await import('./pages/' + page + '.js');
  await module.render(content);
  document.body.dataset.loaded = 'true';
} catch (e) {
  show(content, errorBox(e));
  document.body.dataset.loaded = 'failed';
}
