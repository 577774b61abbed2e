/**
 * The sandbox's home page: one plain HTML page to act as any seeded user. It only calls the
 * site's public REST API (as the chosen user, through `X-Sandbox-User`) and the control API.
 */
import type { UiModule } from '../forge/manifest-model';
import type { DemoUser } from './demo-seed';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders the page; data is embedded as JSON for the small inline script. */
export function renderHomePage(input: { users: DemoUser[]; requestTypeIds: Record<string, string>; uiModules: UiModule[] }): string {
  const options = input.users.map((u) => `<option value="${escapeHtml(u.accountId)}">${escapeHtml(u.displayName)} (${escapeHtml(u.role)}${u.groups.length ? `: ${escapeHtml(u.groups.join(', '))}` : ''})</option>`).join('');
  const modules = input.uiModules.map((m) => `<option value="${escapeHtml(m.key)}">${escapeHtml(m.type)}: ${escapeHtml(m.key)}</option>`).join('');
  const data = JSON.stringify({ requestTypeIds: input.requestTypeIds }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Approval Router sandbox</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#172b4d}
section{border:1px solid #dfe1e6;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin:.2rem 0 .6rem}
label{display:block;margin:.3rem 0}input,select,textarea{font:inherit;padding:.2rem;min-width:18rem}
button{font:inherit;padding:.25rem .7rem;margin:.2rem .2rem .2rem 0;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.25rem;text-align:left;vertical-align:top}
pre{background:#f4f5f7;padding:.5rem;overflow:auto;max-height:18rem}.error{color:#ae2a19}
</style></head><body>
<h1>Approval Router sandbox</h1>
<section><h2>Act as</h2><label>User <select id="who">${options}</select></label>
<p>Clock: <span id="clock"></span> <button data-adv="300000">+5 min</button><button data-adv="3600000">+1 h</button><button data-adv="86400000">+1 day</button></p></section>
<section><h2>Customer: submit a request</h2>
<label>Request type <select id="rt"></select></label><div id="rtfields"></div>
<button id="submit">Submit request</button> <span id="submitted"></span></section>
<section><h2>Agent: requests</h2><button id="list">List requests</button><table id="requests"></table></section>
<section><h2>Request</h2><label>Key <input id="key" placeholder="DESK-1"></label><button id="open">Open</button><div id="request"></div></section>
<section><h2>Admin settings and the app's pages</h2>
<p>The app's Custom UI pages run here through the local bridge. Call a resolver as the chosen user:</p>
<label>Module <select id="module">${modules}</select></label>
<label>Resolver key <input id="fkey" placeholder="policy/get"></label>
<label>Payload (JSON) <textarea id="payload" rows="3">{}</textarea></label>
<button id="invoke">Invoke</button><pre id="invoked"></pre></section>
<section><h2>Deliveries</h2><button id="deliveries">Refresh</button><pre id="delivered"></pre></section>
<script>
const DATA = ${data};
const $ = (id) => document.getElementById(id);
const who = () => $('who').value;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
async function api(method, path, body) {
  const r = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-sandbox-user': who() }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json; try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  if (!r.ok) throw new Error(r.status + ' ' + (json && (json.errorMessage || (json.errorMessages || []).join(' ') || (json.error && json.error.message)) || text));
  return json;
}
const show = (el, e) => { el.innerHTML = '<span class="error">' + esc(e.message) + '</span>'; };
async function clock() { const c = await api('GET', '/_sandbox/clock'); $('clock').textContent = c.iso; }
document.querySelectorAll('[data-adv]').forEach((b) => b.onclick = async () => { await api('POST', '/_sandbox/clock/advance', { ms: Number(b.dataset.adv) }); clock(); });
async function loadTypes() {
  try {
    const types = await api('GET', '/rest/servicedeskapi/servicedesk/1/requesttype');
    $('rt').innerHTML = types.values.map((t) => '<option value="' + esc(t.id) + '">' + esc(t.name) + '</option>').join('');
    loadFields();
  } catch (e) { show($('rtfields'), e); }
}
async function loadFields() {
  try {
    const f = await api('GET', '/rest/servicedeskapi/servicedesk/1/requesttype/' + $('rt').value + '/field');
    $('rtfields').innerHTML = f.requestTypeFields.map((x) => '<label>' + esc(x.name) + (x.required ? ' *' : '') + ' <input data-field="' + esc(x.fieldId) + '"></label>').join('');
  } catch (e) { show($('rtfields'), e); }
}
$('rt').onchange = loadFields;
$('who').onchange = loadTypes;
$('submit').onclick = async () => {
  const values = {};
  document.querySelectorAll('[data-field]').forEach((i) => { if (i.value !== '') { let v = i.value; try { v = JSON.parse(v); } catch {} values[i.dataset.field] = typeof v === 'number' || Array.isArray(v) || typeof v === 'boolean' ? v : i.value; } });
  try {
    const r = await api('POST', '/rest/servicedeskapi/request', { serviceDeskId: '1', requestTypeId: $('rt').value, requestFieldValues: values });
    $('submitted').textContent = 'Created ' + r.issueKey; $('key').value = r.issueKey;
  } catch (e) { show($('submitted'), e); }
};
$('list').onclick = async () => {
  try {
    const r = await api('POST', '/rest/api/3/search/jql', { jql: 'project = DESK ORDER BY created DESC', fields: ['summary', 'status', 'reporter'], maxResults: 50 });
    $('requests').innerHTML = '<tr><th>Key</th><th>Summary</th><th>Status</th><th>Reporter</th></tr>' + r.issues.map((i) => '<tr><td><a href="#" data-open="' + esc(i.key) + '">' + esc(i.key) + '</a></td><td>' + esc(i.fields.summary) + '</td><td>' + esc(i.fields.status && i.fields.status.name) + '</td><td>' + esc(i.fields.reporter && i.fields.reporter.displayName) + '</td></tr>').join('');
    document.querySelectorAll('[data-open]').forEach((a) => a.onclick = (ev) => { ev.preventDefault(); $('key').value = a.dataset.open; openRequest(); });
  } catch (e) { show($('requests'), e); }
};
async function openRequest() {
  const key = $('key').value.trim();
  try {
    const r = await api('GET', '/rest/servicedeskapi/request/' + encodeURIComponent(key));
    const approvals = await api('GET', '/rest/servicedeskapi/request/' + encodeURIComponent(key) + '/approval');
    const comments = await api('GET', '/rest/servicedeskapi/request/' + encodeURIComponent(key) + '/comment');
    let html = '<p><b>' + esc(r.issueKey) + '</b> ' + esc((r.currentStatus || {}).status) + ' (reporter ' + esc((r.reporter || {}).displayName) + ')</p>';
    html += '<table>' + (r.requestFieldValues || []).map((f) => '<tr><th>' + esc(f.label) + '</th><td>' + esc(typeof f.value === 'object' ? JSON.stringify(f.value) : f.value) + '</td></tr>').join('') + '</table>';
    html += '<h3>Approvals</h3>' + (approvals.values.length ? approvals.values.map((a) => '<div>' + esc(a.name) + ': ' + esc(a.finalDecision) + ' — ' + a.approvers.map((x) => esc(x.approver.displayName) + ' (' + esc(x.approverDecision) + ')').join(', ') + (a.canAnswerApproval ? ' <button data-dec="approve" data-id="' + esc(a.id) + '">Approve</button><button data-dec="decline" data-id="' + esc(a.id) + '">Decline</button>' : '') + '</div>').join('') : '<p>None</p>');
    html += '<h3>Comments</h3>' + comments.values.map((c) => '<pre>' + esc(c.author && c.author.displayName) + (c.public ? '' : ' (internal)') + ': ' + esc(c.body) + '</pre>').join('');
    $('request').innerHTML = html;
    document.querySelectorAll('[data-dec]').forEach((b) => b.onclick = async () => {
      try { await api('POST', '/rest/servicedeskapi/request/' + encodeURIComponent(key) + '/approval/' + b.dataset.id, { decision: b.dataset.dec }); await api('POST', '/_sandbox/settle'); openRequest(); } catch (e) { show($('request'), e); }
    });
  } catch (e) { show($('request'), e); }
}
$('open').onclick = openRequest;
$('invoke').onclick = async () => {
  try {
    const r = await api('POST', '/_sandbox/bridge/invoke', { functionKey: $('fkey').value, payload: JSON.parse($('payload').value || '{}'), accountId: who(), moduleKey: $('module').value || undefined });
    $('invoked').textContent = JSON.stringify(r.result, null, 2);
  } catch (e) { $('invoked').textContent = e.message; }
};
$('deliveries').onclick = async () => { $('delivered').textContent = JSON.stringify(await api('GET', '/_sandbox/deliveries'), null, 2); };
clock(); loadTypes();
</script></body></html>`;
}
