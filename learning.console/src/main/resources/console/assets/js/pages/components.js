// Components: which implementation serves each swappable role, switching a role's target, and
// uploading a bundle jar into deploy/.
import { canOperate, get, optional, post, put } from '../api.js';
import { action, badge, el, muted, notAvailable, panel, section, show, status, table } from '../ui.js';

export async function render(content) {
  const roles = el('div');
  const bundles = el('div');
  const upload = el('div');
  show(content, panel('Swappable roles', roles), panel('Deploy a bundle', upload), panel('Learning bundles', bundles));
  const refresh = () => render(content);
  let components;
  await section(roles, async () => {
    components = await get('/components');
    const targets = await optional('/components/targets');
    return renderRoles(components.roles, targets.data || [], targets.missing, refresh);
  });
  await section(bundles, async () => renderBundles((components || await get('/components')).bundles));
  show(upload, renderUpload(refresh));
}

function renderRoles(roles, targets, targetsMissing, refresh) {
  return el('div', {}, roles.map((role) => {
    const target = targets.find((t) => t.role === role.role);
    return el('article', { class: 'role', 'data-testid': 'role-' + role.role },
      el('h3', {}, role.role, ' ', el('code', { class: 'muted' }, role.interface)),
      table([
        { label: 'implementation', value: (p) => p.implementation || '–' },
        { label: 'bundle', value: (p) => p.bundle },
        { label: 'version', value: (p) => p.version },
        { label: 'ranking', class: 'num', value: (p) => p.ranking },
        { label: 'serving', value: (p) => p.active ? badge('active', 'ok') : badge('standby', 'muted') },
        { label: 'in use', value: (p) => p.in_use ? 'yes' : 'no' },
      ], role.providers, { empty: 'No provider installed.' }),
      target ? renderTarget(role, target, refresh)
        : role.role === 'PriceSource' ? muted('A chain: every source serves, best-ranked first.')
          : targetsMissing ? notAvailable('Target', targetsMissing) : null);
  }));
}

function renderTarget(role, target, refresh) {
  const current = target.target ? el('code', {}, target.target) : el('span', {}, 'the best-ranked provider (default)');
  const line = el('p', {}, 'Target (', el('code', {}, target.property), ' of ', el('code', {}, target.pid), '): ', current);
  if (!canOperate) return line;
  const id = 'target-' + role.role;
  const implementations = [...new Set(role.providers.map((p) => p.implementation).filter((x) => x))];
  if (target.implementation && !implementations.includes(target.implementation)) implementations.push(target.implementation);
  const select = el('select', { id },
    el('option', { value: '' }, 'best-ranked (default)'),
    implementations.map((i) => el('option', { value: i, selected: i === target.implementation }, i)));
  return el('div', {}, line, el('p', { class: 'inline-form' }, el('label', { for: id }, 'Serve ' + role.role + ' with '), select, ' ',
    action('Apply', {
      testid: 'apply-' + role.role,
      title: 'Switch the ' + role.role + '?',
      detail: 'Sets ' + target.property + ' in the configuration ' + target.pid + '; the consumer switches at once, without a restart.',
      run: () => put('/components/' + role.role + '/target', { implementation: select.value || null }),
      after: refresh,
    })));
}

function renderBundles(bundles) {
  return table([
    { label: 'bundle', value: (b) => b.symbolic_name },
    { label: 'version', value: (b) => b.version },
    { label: 'state', value: (b) => badge(b.state, b.state === 'ACTIVE' ? 'ok' : 'failed') },
  ], bundles, { testid: 'bundles' });
}

function renderUpload(refresh) {
  const intro = muted('A bundle jar written to deploy/ is installed (or updated, same file name) by File Install within a second; removing the file from deploy/ uninstalls it.');
  if (!canOperate) return el('div', {}, intro);
  const file = el('input', { type: 'file', id: 'bundle-file', accept: '.jar,application/java-archive' });
  return el('div', {}, intro, el('p', { class: 'inline-form' }, el('label', { for: 'bundle-file' }, 'Bundle jar '), file, ' ',
    action('Upload', {
      testid: 'upload-bundle',
      title: 'Deploy this bundle?',
      detail: 'It is written to deploy/ and started in the running engine.',
      run: async () => {
        const chosen = file.files[0];
        if (!chosen) throw new Error('choose a .jar file first');
        return post('/deploy?name=' + encodeURIComponent(chosen.name), chosen);
      },
      // File Install polls deploy/ every second: show the bundle list after it had a look.
      after: async (answer) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await refresh();
        status('Uploaded ' + answer.file + ' (' + answer.bundle_symbolic_name + ' ' + (answer.bundle_version || '') + ')', 'ok');
      },
    })));
}
