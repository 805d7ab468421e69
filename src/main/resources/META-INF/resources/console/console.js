import { api, el, attempt, showError, download, fmt, fill } from '/assets/api.js';
import { Auth } from '/console/auth.js';
import { barChart, lineChart } from '/console/charts.js';
import { campaignsPage, questionsPage } from '/console/quiz-admin.js';
import { lotteryPage } from '/console/lottery.js';
import { hazardsPage } from '/console/hazards.js';

const METRICS = { POINTS: '积分', PARTICIPANTS: '参与人数', ATTEMPTS: '参与人次', RATE: '参与率（每百万人）' };
// Each route gets a fresh container: a slow page finishing after the admin moved on fills a detached one.
let shown = document.getElementById('view');
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
    fill(shown, el('div', { class: 'card' },
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
  const nav = document.getElementById('nav');
  nav.querySelectorAll('a[data-roles]').forEach((a) => {
    a.hidden = !a.dataset.roles.split(' ').some((r) => admin.roles.includes(r));
  });
  nav.hidden = false;
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
    // Hazard reports come in all year: no running campaign leaves the campaign pages empty, not the console dead.
    try {
      return [await api('/api/v1/campaigns/current')];
    } catch (none) {
      if (none.status === 404) return [];
      throw none;
    }
  }
}

/** Where an admin starts: the boards for regional admins, the reports for hazard officers, events for organizers. */
function homePage() {
  if (admin.roles.includes('national-admin') || admin.roles.includes('region-admin')) return 'boards';
  return admin.roles.includes('hazard-officer') ? 'hazards' : 'activities';
}

function ownRegion() {
  return admin.national ? null : admin.regionPath[admin.regionPath.length - 1];
}

async function route() {
  const page = (location.hash.replace('#/', '') || homePage()).split('?')[0];
  const fresh = el('section', { id: 'view' });
  shown.replaceWith(fresh);
  shown = fresh;
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === page));
  const pages = { report: reportPage, activities: activitiesPage, rounds: roundsPage, campaigns: campaignsPage,
    questions: questionsPage, lottery: lotteryPage, hazards: hazardsPage };
  await attempt(() => (pages[page] || boardsPage)(ctx));
}

/** What the page modules share: the signed-in admin, the authorised call, the page's element and the selection. */
const ctx = {
  get admin() { return admin; },
  get campaigns() { return campaigns; },
  set campaigns(list) { campaigns = list; },
  state,
  get view() { return shown; },
  call,
  token: () => auth.token(),
  campaignSelect,
  breadcrumb,
  current,
  drillInto,
  params: () => new URLSearchParams(location.hash.split('?')[1] || ''),
  has: (role) => admin.roles.includes(role),
};

function campaignSelect(onChange) {
  if (!campaigns.length) return el('span', { class: 'muted' }, '还没有竞赛活动');
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
  const view = shown;
  const render = () => attempt(boardsPage);
  const controls = el('div', { class: 'row card' },
    el('label', {}, '活动 ', campaignSelect(render)),
    el('label', {}, '指标 ', el('select', { id: 'metric', onchange: (e) => { state.metric = e.target.value; render(); } },
      Object.entries(METRICS).map(([k, v]) => el('option', { value: k, selected: k === state.metric }, v)))),
    el('label', {}, '日期 ', el('input', { id: 'day', type: 'date', value: state.day, onchange: (e) => { state.day = e.target.value; render(); } })),
    el('button', { class: 'secondary', onclick: () => { state.day = ''; render(); } }, '全程'));
  fill(view, el('h2', {}, '排行榜'), controls, breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
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
    regions.items.length ? null : el('tr', {}, el('td', { colspan: 3, class: 'muted' }, '下级地区暂无成绩')),
    regions.items.map((r) => el('tr', {},
      el('td', {}, r.rank),
      el('td', {}, r.level === 'TOWN' ? r.name : el('a', { href: 'javascript:void 0', onclick: () => drillInto(r, render) }, r.name)),
      el('td', { class: 'num' }, fmt.format(r.value))))) : el('p', { class: 'muted' }, '乡镇（街道）以下不再分区排名。');
  const unitTable = el('table', { id: 'unit-board' },
    el('tr', {}, el('th', {}, '名次'), el('th', {}, '单位'), el('th', { class: 'num' }, METRICS[state.metric === 'RATE' ? 'POINTS' : state.metric])),
    units.items.length ? units.items.map((u) => el('tr', {}, el('td', {}, u.rank), el('td', {}, u.name), el('td', { class: 'num' }, fmt.format(u.value))))
      : el('tr', {}, el('td', { colspan: 3, class: 'muted' }, '暂无单位上榜')));
  fill(view, el('h2', {}, '排行榜'), controls, breadcrumb(render),
    el('div', { class: 'grid' },
      el('div', { class: 'card' }, el('h3', {}, `下级地区 · ${METRICS[state.metric]}`), regionChart, regionTable),
      el('div', { class: 'card' }, el('h3', {}, '单位排行'), unitTable)),
    el('div', { class: 'card' }, el('h3', {}, '每日趋势'), trendChart));
  if (regions && !regions.items.length) regionChart.remove();
  if (regions && regions.items.length) barChart(regionChart, regions.items.slice(0, 20).map((r) => r.name), regions.items.slice(0, 20).map((r) => r.value), METRICS[state.metric]);
  const competition = report.sections.find((s) => s.key === 'competition') || report.sections[0];
  if (competition) {
    const series = competition.columns.filter((c) => ['participants', 'attempts'].includes(c.key))
      .map((c) => ({ name: c.title, values: competition.daily.map((d) => d.values[c.key] || 0) }));
    lineChart(trendChart, competition.daily.map((d) => d.day), series);
  }
}

async function reportPage() {
  const view = shown;
  const render = () => attempt(reportPage);
  const regionParam = () => (current() ? { region: current().code } : {});
  const controls = el('div', { class: 'row card' },
    el('label', {}, '活动 ', campaignSelect(render)),
    el('button', { id: 'download-xlsx', onclick: () => attempt(() => download(`/api/v1/admin/statistics/export?${new URLSearchParams({ campaign: state.campaign, format: 'xlsx', ...regionParam() })}`, () => auth.token(), 'report.xlsx')) }, '下载 Excel'),
    el('button', { id: 'download-csv', class: 'secondary', onclick: () => attempt(() => download(`/api/v1/admin/statistics/export?${new URLSearchParams({ campaign: state.campaign, format: 'csv', ...regionParam() })}`, () => auth.token(), 'report.csv')) }, '下载 CSV'));
  fill(view, el('h2', {}, '进展情况统计'), controls, breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
  const report = await call(`/api/v1/admin/statistics?${new URLSearchParams({ campaign: state.campaign, ...regionParam() })}`);
  const sections = report.sections.map((s) => el('div', { class: 'card', 'data-section': s.key },
    el('h3', {}, s.title),
    el('table', {},
      el('tr', {}, el('th', {}, '地区'), s.columns.map((c) => el('th', { class: 'num' }, c.title))),
      el('tr', { class: 'total' }, el('td', {}, el('strong', {}, '合计')), s.columns.map((c) => el('td', { class: 'num' }, fmt.format(s.total[c.key] || 0)))),
      s.rows.map((r) => el('tr', {},
        el('td', {}, r.region && r.region.level !== 'TOWN' ? el('a', { href: 'javascript:void 0', onclick: () => drillInto(r.region, render) }, r.label) : r.label),
        s.columns.map((c) => el('td', { class: 'num' }, fmt.format(r.values[c.key] || 0))))))));
  fill(view, el('h2', {}, `进展情况统计 · ${report.campaignName}`), controls, breadcrumb(render),
    el('p', { class: 'muted' }, `统计区间：${report.from} 至 ${report.to}`), ...sections);
}

async function activitiesPage() {
  const view = shown;
  const render = () => attempt(activitiesPage);
  const region = current();
  const controls = el('div', { class: 'row card' }, el('label', {}, '活动 ', campaignSelect(render)),
    el('button', { id: 'activities-xlsx', class: 'secondary', onclick: () => attempt(() => download(`/api/v1/admin/activities/export?${new URLSearchParams({ campaignId: state.campaign, format: 'xlsx', ...(region ? { region: region.code } : {}) })}`, () => auth.token(), 'activities.xlsx')) }, '导出 Excel'));
  fill(view, el('h2', {}, '宣传活动'), controls, breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
  const q = new URLSearchParams({ campaignId: state.campaign, limit: 100 });
  if (region) q.set('region', region.code);
  const page = await call(`/api/v1/admin/activities?${q}`);
  const time = (t) => new Date(t).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const table = el('table', { id: 'activities' },
    el('tr', {}, el('th', {}, '活动'), el('th', {}, '类型'), el('th', {}, '地区'), el('th', {}, '时间'),
      el('th', { class: 'num' }, '扫码签到'), el('th', { class: 'num' }, '现场登记'), el('th', { class: 'num' }, '参与人次'), el('th', {}, '海报')),
    page.items.length ? page.items.map((a) => el('tr', { 'data-activity': a.id },
      el('td', {}, a.name, a.status === 'CANCELLED' ? el('span', { class: 'muted' }, '（已取消）') : null),
      el('td', {}, a.kindTitle), el('td', {}, a.region.name), el('td', {}, `${time(a.startsAt)} – ${time(a.endsAt)}`),
      el('td', { class: 'num' }, fmt.format(a.counts.checkIns)), el('td', { class: 'num' }, fmt.format(a.counts.headCount)),
      el('td', { class: 'num' }, fmt.format(a.counts.participants)),
      el('td', {}, el('button', { class: 'secondary poster', onclick: () => attempt(() => download(`/api/v1/admin/activities/${a.id}/poster.pdf`, () => auth.token(), `poster-${a.id}.pdf`)) }, 'PDF'), ' ',
        el('button', { class: 'secondary', onclick: () => attempt(() => download(`/api/v1/admin/activities/${a.id}/poster.png`, () => auth.token(), `poster-${a.id}.png`)) }, 'PNG'))))
      : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, '本地区还没有登记活动。')));
  fill(view, el('h2', {}, '宣传活动'), controls, breadcrumb(render),
    el('div', { class: 'card' }, table, page.nextCursor ? el('p', { class: 'muted' }, '仅显示前 100 场，完整清单请导出。') : null));
}

// ------------------------------------------------------------------ reporting rounds (进展情况统计表)

const ROUND_STATUS = { NOT_STARTED: '未填报', DRAFT: '草稿', SUBMITTED: '已报送', REOPENED: '已退回修改' };

async function roundsPage() {
  const view = shown;
  const render = () => attempt(roundsPage);
  const roundId = new URLSearchParams(location.hash.split('?')[1] || '').get('round');
  if (roundId) return roundTable(roundId);
  const rounds = await call(`/api/v1/admin/report-rounds?${new URLSearchParams({ campaignId: state.campaign })}`);
  const canOpen = admin.national || (ownRegion() && ownRegion().level === 'PROVINCE');
  const title = el('input', { id: 'round-title', placeholder: '如：6月8日进展情况', maxlength: 100 });
  const deadline = el('input', { id: 'round-deadline', type: 'datetime-local' });
  fill(view, el('h2', {}, '进展情况统计表'), el('div', { class: 'row card' }, el('label', {}, '活动 ', campaignSelect(render))),
    canOpen ? el('div', { class: 'row card' }, el('strong', {}, '发起报送：'), title, el('label', {}, '截止 ', deadline),
      el('button', { id: 'open-round', onclick: () => attempt(async () => {
        if (!deadline.value) throw new Error('请填写截止时间');
        const r = await call('/api/v1/admin/report-rounds', { method: 'POST', body: { campaignId: state.campaign,
          title: title.value.trim(), deadline: new Date(deadline.value).toISOString() } });
        location.hash = `#/rounds?round=${r.id}`;
      }) }, '发起')) : null,
    el('div', { class: 'card' }, el('table', { id: 'rounds' },
      el('tr', {}, el('th', {}, '报送'), el('th', {}, '范围'), el('th', {}, '截止'), el('th', {}, '统计区间')),
      rounds.length ? rounds.map((r) => el('tr', {},
        el('td', {}, el('a', { href: `#/rounds?round=${r.id}` }, r.title)), el('td', {}, r.scope === 'CN' ? '全国' : r.scope),
        el('td', {}, new Date(r.deadline).toLocaleString('zh-CN')), el('td', {}, `${r.periodFrom} 至 ${r.periodTo}`)))
        : el('tr', {}, el('td', { colspan: 4, class: 'muted' }, '还没有报送轮次。')))));
  return undefined;
}

/** The admin's own table in a round: fill in, save, submit; the regions below with their status. */
async function roundTable(roundId) {
  const view = shown;
  const region = admin.national ? 'CN' : ownRegion().code;
  const t = await call(`/api/v1/admin/report-rounds/${roundId}/submissions/${region}`);
  const locked = t.status.status === 'SUBMITTED';
  const inputs = new Map();
  const input = (f) => {
    if (f.source) return el('span', { class: 'muted', title: '由系统统计，不可填写' }, `${fmt.format(f.total || 0)}（系统统计）`);
    let node;
    if (f.type === 'COUNT') node = el('input', { type: 'number', min: 0, step: 1, value: f.own ?? '', disabled: locked, 'data-field': f.id, style: 'width:8em' });
    else if (f.type === 'YES_NO') node = el('select', { disabled: locked, 'data-field': f.id }, el('option', { value: '' }, '未填'),
      el('option', { value: 'true', selected: f.own === true }, '是'), el('option', { value: 'false', selected: f.own === false }, '否'));
    else node = el('input', { maxlength: 200, value: f.own ?? '', disabled: locked, 'data-field': f.id, style: 'width:20em' });
    inputs.set(f.id, { node, type: f.type });
    return el('span', {}, node, f.unit ? ` ${f.unit}` : '', f.total != null && f.total !== f.own ? el('span', { class: 'muted' }, `（含下级 ${fmt.format(f.total)}）`) : null);
  };
  const entries = () => {
    const out = {};
    for (const [id, { node, type }] of inputs) {
      const v = node.value.trim();
      out[id] = v === '' ? null : type === 'COUNT' ? Number(v) : type === 'YES_NO' ? v === 'true' : v;
    }
    return out;
  };
  const save = (submit) => attempt(async () => {
    if (submit && !window.confirm('提交后只能由上级退回修改，确定提交？')) return;
    await call(`/api/v1/admin/report-rounds/${roundId}/submissions/${region}`, { method: 'PUT', body: { entries: entries(), submit } });
    await roundTable(roundId);
  });
  fill(view, el('h2', {}, `${t.round.title} · ${t.templateTitle}`),
    el('div', { class: 'row card' },
      el('span', {}, '状态：', el('strong', { id: 'round-status' }, ROUND_STATUS[t.status.status] || t.status.status)),
      el('span', { class: 'muted' }, `截止 ${new Date(t.round.deadline).toLocaleString('zh-CN')}`),
      el('button', { id: 'save-round', class: 'secondary', disabled: locked, onclick: () => save(false) }, '保存草稿'),
      el('button', { id: 'submit-round', disabled: locked, onclick: () => save(true) }, '提交'),
      el('button', { class: 'secondary', onclick: () => attempt(() => download(`/api/v1/admin/report-rounds/${roundId}/submissions/${region}/export?format=xlsx`, () => auth.token(), 'progress.xlsx')) }, '下载 Excel'),
      el('a', { href: '#/rounds' }, '返回列表')),
    ...t.sections.map((sec) => el('div', { class: 'card' }, el('h3', {}, sec.title),
      el('table', {}, el('tr', {}, el('th', {}, '活动项目'), el('th', {}, '内容要求'), el('th', {}, '填报')),
        sec.lines.map((line) => el('tr', { 'data-line': line.id }, el('td', {}, line.item), el('td', {}, line.requirement),
          el('td', {}, line.fields.map((f) => el('div', {}, input(f))))))))),
    t.children.length ? el('div', { class: 'card' }, el('h3', {}, '下级报送情况'), el('table', { id: 'round-children' },
      el('tr', {}, el('th', {}, '地区'), el('th', {}, '状态'), el('th', {}, '报送时间'), el('th', {}, '联络员')),
      t.children.map((c) => el('tr', {}, el('td', {}, c.region ? c.region.name : ''),
        el('td', {}, ROUND_STATUS[c.status] || c.status, c.late ? el('span', { class: 'verdict bad' }, ' 逾期') : null),
        el('td', {}, c.submittedAt ? new Date(c.submittedAt).toLocaleString('zh-CN') : ''),
        el('td', {}, c.contact ? `${c.contact.name} ${c.contact.mobile}` : '未登记'))))) : null);
}

boot().catch((e) => { console.error(e); showError(e); });
