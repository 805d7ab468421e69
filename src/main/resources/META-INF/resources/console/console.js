import { api, el, attempt, showError, download, fmt } from '/assets/api.js';
import { Auth } from '/console/auth.js';
import { barChart, lineChart } from '/console/charts.js';

const METRICS = { POINTS: '积分', PARTICIPANTS: '参与人数', ATTEMPTS: '参与人次', RATE: '参与率（每百万人）' };
const view = document.getElementById('view');
let auth;
let admin;
let campaigns = [];
// trail: the regions from the admin's own down to the one shown; empty for the country.
const state = { campaign: null, metric: 'POINTS', day: '', trail: [] };

const call = (path, options = {}) => api(path, { ...options, token: () => auth.token() });

async function boot() {
  const config = await api('/console/config.json');
  if (!config.realmUrl) throw new Error('管理员登录尚未配置（没有统一身份认证服务），请联系系统管理员。');
  auth = new Auth(config);
  await auth.completeLogin();
  if (!auth.signedIn()) {
    view.replaceChildren(el('div', { class: 'card' },
      el('h2', {}, '请登录'),
      el('p', { class: 'muted' }, '管理台供各级安委办、隐患核查人员和活动组织者使用，使用统一身份认证登录。'),
      el('button', { id: 'login', onclick: () => auth.login() }, '登录')));
    return;
  }
  admin = await call('/api/v1/admin/me');
  const place = admin.national ? '全国' : admin.regionPath.map((r) => r.name).join(' / ');
  document.getElementById('who').textContent = `${admin.username} · ${place}`;
  const logout = document.getElementById('logout');
  logout.hidden = false;
  logout.onclick = () => auth.logout();
  document.getElementById('nav').hidden = false;
  campaigns = await loadCampaigns();
  state.campaign = (campaigns.find((c) => c.status === 'ACTIVE') || campaigns[0] || {}).id || null;
  state.trail = admin.national ? [] : [ownRegion()];
  window.addEventListener('hashchange', route);
  await route();
}

/** Regional admins list campaigns; officers and organizers see the running one. */
async function loadCampaigns() {
  try {
    return (await call('/api/v1/admin/campaigns')).items;
  } catch (e) {
    if (e.status !== 403) throw e;
    return [await api('/api/v1/campaigns/current')];
  }
}

function ownRegion() {
  return admin.national ? null : admin.regionPath[admin.regionPath.length - 1];
}

async function route() {
  const page = (location.hash.replace('#/', '') || 'boards').split('?')[0];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === page));
  await attempt(() => (page === 'report' ? reportPage() : boardsPage()));
}

function campaignSelect(onChange) {
  return el('select', { id: 'campaign', onchange: (e) => { state.campaign = Number(e.target.value); onChange(); } },
    campaigns.map((c) => el('option', { value: c.id, selected: c.id === state.campaign }, `${c.name}（${c.startDate} 至 ${c.endDate}）`)));
}

/** The way back up from a drilled-down region to the admin's own (the country for national admins). */
function breadcrumb(onChange) {
  const items = [...(admin.national ? [{ code: null, name: '全国' }] : []), ...state.trail];
  return el('div', { class: 'row', id: 'breadcrumb' }, items.map((r, i) => [
    i > 0 ? el('span', { class: 'muted' }, '›') : null,
    i === items.length - 1 ? el('strong', {}, r.name)
      : el('a', { href: 'javascript:void 0', onclick: () => { state.trail = state.trail.slice(0, admin.national ? i : i + 1); onChange(); } }, r.name),
  ]));
}

function drillInto(r, onChange) {
  if (r.level === 'TOWN') return;
  state.trail = [...state.trail, { code: r.code, name: r.name, level: r.level }];
  onChange();
}

/** The region shown: the last of the trail, or null for the country. */
function current() {
  return state.trail.length ? state.trail[state.trail.length - 1] : null;
}

async function boardsPage() {
  const render = () => attempt(boardsPage);
  const controls = el('div', { class: 'row card' },
    el('label', {}, '活动 ', campaignSelect(render)),
    el('label', {}, '指标 ', el('select', { id: 'metric', onchange: (e) => { state.metric = e.target.value; render(); } },
      Object.entries(METRICS).map(([k, v]) => el('option', { value: k, selected: k === state.metric }, v)))),
    el('label', {}, '日期 ', el('input', { id: 'day', type: 'date', value: state.day, onchange: (e) => { state.day = e.target.value; render(); } })),
    el('button', { class: 'secondary', onclick: () => { state.day = ''; render(); } }, '全程'));
  view.replaceChildren(el('h2', {}, '排行榜'), controls, breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
  if (!state.campaign) throw new Error('还没有竞赛活动');
  const q = new URLSearchParams({ metric: state.metric, limit: 50 });
  if (state.day) q.set('day', state.day);
  const region = current();
  if (region) q.set('parent', region.code);
  const regionCode = region ? region.code : 'CN';
  const [regions, units, report] = await Promise.all([
    region && region.level === 'TOWN' ? null
      : api(`/api/v1/campaigns/${state.campaign}/leaderboards/regions?${q}`),
    api(`/api/v1/campaigns/${state.campaign}/leaderboards/units?${new URLSearchParams({ region: regionCode, metric: state.metric === 'RATE' ? 'POINTS' : state.metric, limit: 20, ...(state.day ? { day: state.day } : {}) })}`),
    call(`/api/v1/admin/statistics?${new URLSearchParams({ campaign: state.campaign, ...(region ? { region: region.code } : {}) })}`),
  ]);
  const regionChart = el('div', { class: 'chart', id: 'region-chart' });
  const trendChart = el('div', { class: 'chart', id: 'trend-chart' });
  const regionTable = regions ? el('table', { id: 'region-board' },
    el('tr', {}, el('th', {}, '名次'), el('th', {}, '地区'), el('th', { class: 'num' }, METRICS[state.metric])),
    regions.items.map((r) => el('tr', {},
      el('td', {}, r.rank),
      el('td', {}, r.level === 'TOWN' ? r.name : el('a', { href: 'javascript:void 0', onclick: () => drillInto(r, render) }, r.name)),
      el('td', { class: 'num' }, fmt.format(r.value))))) : el('p', { class: 'muted' }, '乡镇（街道）以下不再分区排名。');
  const unitTable = el('table', { id: 'unit-board' },
    el('tr', {}, el('th', {}, '名次'), el('th', {}, '单位'), el('th', { class: 'num' }, METRICS[state.metric === 'RATE' ? 'POINTS' : state.metric])),
    units.items.length ? units.items.map((u) => el('tr', {}, el('td', {}, u.rank), el('td', {}, u.name), el('td', { class: 'num' }, fmt.format(u.value))))
      : el('tr', {}, el('td', { colspan: 3, class: 'muted' }, '暂无单位上榜')));
  view.replaceChildren(el('h2', {}, '排行榜'), controls, breadcrumb(render),
    el('div', { class: 'grid' },
      el('div', { class: 'card' }, el('h3', {}, `下级地区 · ${METRICS[state.metric]}`), regionChart, regionTable),
      el('div', { class: 'card' }, el('h3', {}, '单位排行'), unitTable)),
    el('div', { class: 'card' }, el('h3', {}, '每日趋势'), trendChart));
  if (regions) barChart(regionChart, regions.items.slice(0, 20).map((r) => r.name), regions.items.slice(0, 20).map((r) => r.value), METRICS[state.metric]);
  const competition = report.sections.find((s) => s.key === 'competition') || report.sections[0];
  if (competition) {
    const series = competition.columns.filter((c) => ['participants', 'attempts'].includes(c.key))
      .map((c) => ({ name: c.title, values: competition.daily.map((d) => d.values[c.key] || 0) }));
    lineChart(trendChart, competition.daily.map((d) => d.day), series);
  }
}

async function reportPage() {
  const render = () => attempt(reportPage);
  const regionParam = () => (current() ? { region: current().code } : {});
  const controls = el('div', { class: 'row card' },
    el('label', {}, '活动 ', campaignSelect(render)),
    el('button', { id: 'download-xlsx', onclick: () => attempt(() => download(`/api/v1/admin/statistics/export?${new URLSearchParams({ campaign: state.campaign, format: 'xlsx', ...regionParam() })}`, () => auth.token(), 'report.xlsx')) }, '下载 Excel'),
    el('button', { id: 'download-csv', class: 'secondary', onclick: () => attempt(() => download(`/api/v1/admin/statistics/export?${new URLSearchParams({ campaign: state.campaign, format: 'csv', ...regionParam() })}`, () => auth.token(), 'report.csv')) }, '下载 CSV'));
  view.replaceChildren(el('h2', {}, '进展情况统计'), controls, breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
  const report = await call(`/api/v1/admin/statistics?${new URLSearchParams({ campaign: state.campaign, ...regionParam() })}`);
  const sections = report.sections.map((s) => el('div', { class: 'card', 'data-section': s.key },
    el('h3', {}, s.title),
    el('table', {},
      el('tr', {}, el('th', {}, '地区'), s.columns.map((c) => el('th', { class: 'num' }, c.title))),
      el('tr', { class: 'total' }, el('td', {}, el('strong', {}, '合计')), s.columns.map((c) => el('td', { class: 'num' }, fmt.format(s.total[c.key] || 0)))),
      s.rows.map((r) => el('tr', {},
        el('td', {}, r.region && r.region.level !== 'TOWN' ? el('a', { href: 'javascript:void 0', onclick: () => drillInto(r.region, render) }, r.label) : r.label),
        s.columns.map((c) => el('td', { class: 'num' }, fmt.format(r.values[c.key] || 0))))))));
  view.replaceChildren(el('h2', {}, `进展情况统计 · ${report.campaignName}`), controls, breadcrumb(render),
    el('p', { class: 'muted' }, `统计区间：${report.from} 至 ${report.to}`), ...sections);
}

boot().catch((e) => { console.error(e); showError(e); });
