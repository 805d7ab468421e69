// Hazard-report triage: the list and the located reports of the admin's region, and one report with its photos,
// timeline, next steps, deadline extension, duplicates, reward decisions and the audited look at the reporter.
import { api, el, attempt, download, fmt, fill } from '/assets/api.js';
import { scatterChart } from '/console/charts.js';

const STATUS = { SUBMITTED: '待受理', ACCEPTED: '已受理', VERIFYING: '核查中', RECTIFYING: '整改中', CLOSED: '已办结（属实）',
  REJECTED: '不属实', DUPLICATE: '重复', TRANSFERRED: '已移交' };
const STEP = { ACCEPTED: '受理', VERIFYING: '开始核查', RECTIFYING: '责令整改', CLOSED: '办结（属实）', REJECTED: '不属实',
  DUPLICATE: '标记重复', TRANSFERRED: '移交' };
const CATEGORIES = { HAZCHEM: '危险化学品', MINING: '矿山', INDUSTRY_TRADE: '工贸', ROAD_TRAFFIC: '道路交通', CONSTRUCTION: '建筑施工',
  FISHING_VESSEL: '渔业船舶', FIRE: '消防', GAS: '燃气', SPECIAL_EQUIPMENT: '特种设备', OTHER: '其他' };
const REWARD = { GRANTED: '已核定', DENIED: '不予奖励', CLAIMED: '已申领', PAID: '已发放' };
const filters = { status: '', category: '', from: '', to: '', overdue: false };
const time = (t) => (t ? new Date(t).toLocaleString('zh-CN') : '');

function query(ctx, extra = {}) {
  const q = new URLSearchParams(extra);
  const region = ctx.current();
  if (region) q.set('region', region.code);
  for (const k of ['status', 'category', 'from', 'to']) if (filters[k]) q.set(k, filters[k]);
  if (filters.overdue) q.set('overdue', 'true');
  return q;
}

export async function hazardsPage(ctx) {
  const id = ctx.params().get('id');
  if (id) return reportPage(ctx, id);
  const { view, call } = ctx;
  const render = () => attempt(() => hazardsPage(ctx));
  const set = (k) => (e) => { filters[k] = e.target.type === 'checkbox' ? e.target.checked : e.target.value; render(); };
  const controls = el('div', { class: 'row card' },
    el('label', {}, '状态 ', el('select', { id: 'hazard-status', onchange: set('status') }, el('option', { value: '' }, '全部'),
      Object.entries(STATUS).map(([k, v]) => el('option', { value: k, selected: k === filters.status }, v)))),
    el('label', {}, '类别 ', el('select', { onchange: set('category') }, el('option', { value: '' }, '全部'),
      Object.entries(CATEGORIES).map(([k, v]) => el('option', { value: k, selected: k === filters.category }, v)))),
    el('label', {}, '自 ', el('input', { type: 'date', value: filters.from, onchange: set('from') })),
    el('label', {}, '至 ', el('input', { type: 'date', value: filters.to, onchange: set('to') })),
    el('label', {}, el('input', { type: 'checkbox', checked: filters.overdue, onchange: set('overdue') }), ' 只看超期'),
    el('button', { class: 'secondary', id: 'hazards-xlsx', onclick: () => attempt(() => download(`/api/v1/admin/hazard-reports/export?${query(ctx, { format: 'xlsx' })}`, ctx.token, 'hazards.xlsx')) }, '导出 Excel'));
  fill(view, el('h2', {}, '隐患举报'), controls, ctx.breadcrumb(render), el('p', { class: 'muted' }, '加载中…'));
  const [page, map] = await Promise.all([
    call(`/api/v1/admin/hazard-reports?${query(ctx, { limit: 100 })}`),
    call(`/api/v1/admin/hazard-reports/map?${query(ctx)}`, { headers: { Accept: 'application/geo+json' } }),
  ]);
  const chart = el('div', { class: 'chart', id: 'hazard-map' });
  fill(view, el('h2', {}, '隐患举报'), controls, ctx.breadcrumb(render),
    el('div', { class: 'card' }, el('h3', {}, `位置分布（${fmt.format(map.features.length)} 处有定位${map.truncated ? '，仅显示前 5,000 处' : ''}）`),
      el('p', { class: 'muted' }, '按经纬度（GCJ-02）绘制的散点，不含底图：对外展示的中国地图须使用经审核（有审图号）的地图服务。'),
      map.features.length ? chart : el('p', { class: 'muted' }, '暂无带定位的举报。')),
    el('div', { class: 'card' }, el('table', { id: 'hazards' },
      el('tr', {}, el('th', {}, '编号'), el('th', {}, '类别'), el('th', {}, '描述'), el('th', {}, '承办地区'), el('th', {}, '状态'), el('th', {}, '提交'), el('th', {}, '办理期限')),
      page.items.length ? page.items.map((r) => el('tr', { 'data-report': r.id },
        el('td', {}, el('a', { href: `#/hazards?id=${r.id}` }, r.trackingCode)),
        el('td', {}, r.categoryTitle), el('td', {}, r.description.length > 60 ? `${r.description.slice(0, 60)}…` : r.description),
        el('td', {}, r.handlingRegion ? r.handlingRegion.name : ''), el('td', {}, STATUS[r.status] || r.status),
        el('td', {}, time(r.submittedAt)),
        el('td', {}, r.dueAt ? new Date(r.dueAt).toLocaleDateString('zh-CN') : '', r.overdue ? el('span', { class: 'verdict bad' }, ' 超期') : null)))
        : el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '没有符合条件的举报。'))),
      page.nextCursor ? el('p', { class: 'muted' }, '仅显示最新 100 件，完整清单请导出。') : null),
    ctx.admin.national ? await revealsCard(ctx) : null);
  if (map.features.length) {
    scatterChart(chart, map.features.map((f) => ({ value: f.geometry.coordinates, name: `${f.properties.trackingCode} ${f.properties.categoryTitle}`, id: f.id })),
      (id) => { location.hash = `#/hazards?id=${id}`; });
  }
  return undefined;
}

/** National admins audit every look at a reporter's identity. */
async function revealsCard(ctx) {
  const page = await ctx.call('/api/v1/admin/hazard-reports/identity-reveals?limit=20');
  return el('div', { class: 'card' }, el('h3', {}, '举报人身份查看记录（最近 20 次）'), el('table', { id: 'reveals' },
    el('tr', {}, el('th', {}, '时间'), el('th', {}, '人员'), el('th', {}, '举报'), el('th', {}, '理由')),
    page.items.length ? page.items.map((x) => el('tr', {}, el('td', {}, time(x.at)), el('td', {}, x.officer),
      el('td', {}, el('a', { href: `#/hazards?id=${x.reportId}` }, x.trackingCode)), el('td', {}, x.reason)))
      : el('tr', {}, el('td', { colspan: 4, class: 'muted' }, '没有查看记录。'))));
}

/** The admin photo endpoints need the token, so photos come as blobs shown through object URLs. */
async function photo(ctx, url) {
  const res = await api(url, { token: ctx.token, raw: true, headers: { Accept: 'image/jpeg' } });
  return URL.createObjectURL(await res.blob());
}

async function reportPage(ctx, id) {
  const { view, call, has } = ctx;
  const base = `/api/v1/admin/hazard-reports/${id}`;
  const d = await call(base);
  const r = d.report;
  const reload = () => attempt(() => reportPage(ctx, id));
  const officer = has('hazard-officer');
  const photos = el('div', { class: 'row', id: 'hazard-photos' });
  fill(view, el('h2', {}, `举报 ${r.trackingCode}`),
    el('div', { class: 'row' }, el('a', { href: '#/hazards' }, '返回列表')),
    el('div', { class: 'card', id: 'hazard-summary' },
      el('p', {}, el('strong', { id: 'hazard-state' }, STATUS[r.status] || r.status), ' · ', r.categoryTitle,
        r.anonymous ? el('span', { class: 'muted' }, ' · 匿名举报') : null,
        d.reporterKnown ? el('span', { class: 'muted' }, ' · 举报人可联系') : null),
      el('p', {}, r.description),
      el('p', { class: 'muted' }, [r.region && r.region.name, r.address, r.unitName].filter(Boolean).join(' · ')),
      el('p', { class: 'muted' }, `提交 ${time(r.submittedAt)}`, r.acceptedAt ? ` · 受理 ${time(r.acceptedAt)}` : '',
        r.dueAt ? ` · 办理期限 ${new Date(r.dueAt).toLocaleDateString('zh-CN')}` : '', r.overdue ? '（已超期）' : '',
        d.extensionReason ? ` · 已延期：${d.extensionReason}` : ''),
      d.duplicateOf ? el('p', {}, '重复于 ', el('a', { href: `#/hazards?id=${d.duplicateOf}` }, '原举报')) : null,
      d.transferredToAgency ? el('p', {}, `已移交：${d.transferredToAgency}`) : null,
      d.fineAmount != null ? el('p', {}, `罚款 ${fmt.format(d.fineAmount)} 元`) : null,
      photos),
    officer && d.nextStatuses.length ? transitionCard(ctx, d, base, reload) : null,
    el('div', { class: 'card' }, el('h3', {}, '办理经过'), el('ol', { id: 'hazard-timeline' }, d.timeline.map((e) => el('li', {},
      el('strong', {}, e.kind === 'EXTENDED' ? '延期' : e.kind === 'IDENTIFIED' ? '举报人表明身份' : STATUS[e.toStatus] || e.toStatus),
      ` · ${e.actor} · ${time(e.at)}`,
      e.publicNote ? el('div', {}, `告知举报人：${e.publicNote}`) : null,
      e.note ? el('div', { class: 'muted' }, `内部记录：${e.note}`) : null,
      el('div', { class: 'row' }, d.photos.filter((p) => p.eventId === e.id).map((p) => el('img', { 'data-photo': p.id, class: 'thumb', alt: '整改照片' }))))))),
    officer && d.timeline.some((e) => e.toStatus === 'ACCEPTED') && !d.extendedAt && ['ACCEPTED', 'VERIFYING', 'RECTIFYING'].includes(r.status)
      ? extensionCard(ctx, base, reload) : null,
    ['SUBMITTED', 'ACCEPTED', 'TRANSFERRED'].includes(r.status) ? await duplicatesCard(ctx, base) : null,
    rewardCard(ctx, d, base, reload),
    officer ? revealCard(ctx, base) : null);
  // Thumbnails load after the page shows; each opens the full photo in a new tab.
  for (const p of d.photos) {
    const img = p.eventId == null ? photos.appendChild(el('img', { class: 'thumb', alt: '举报照片', 'data-photo': p.id }))
      : view.querySelector(`img[data-photo="${p.id}"]`);
    if (!img) continue;
    attempt(async () => {
      img.src = await photo(ctx, p.thumbnailUrl);
      img.onclick = () => attempt(async () => window.open(await photo(ctx, p.url), '_blank'));
    });
  }
  return undefined;
}

function transitionCard(ctx, d, base, reload) {
  const to = el('select', { id: 'transition-to' }, d.nextStatuses.map((s) => el('option', { value: s }, STEP[s] || s)));
  const note = el('textarea', { id: 'transition-note', rows: 2, maxlength: 1000, placeholder: '内部记录（举报人看不到）' });
  const publicNote = el('textarea', { id: 'transition-public', rows: 2, maxlength: 500, placeholder: '告知举报人的话（可不填）' });
  const extra = el('div', { class: 'row' });
  const inputs = {};
  const showExtra = () => {
    fill(extra);
    if (to.value === 'DUPLICATE') extra.append(el('label', {}, '原举报编号（ID） ', inputs.duplicateOf = el('input', { id: 'duplicate-of', style: 'width:24em' })));
    if (to.value === 'TRANSFERRED') extra.append(el('label', {}, '移交地区代码 ', inputs.transferToRegionCode = el('input', { maxlength: 12 })),
      el('label', {}, '或移交部门 ', inputs.transferToAgency = el('input', { maxlength: 100 })));
    if (to.value === 'CLOSED') extra.append(el('label', {}, '罚款（元，可不填） ', inputs.fineAmount = el('input', { type: 'number', min: 0, step: '0.01' })));
  };
  to.addEventListener('change', showExtra);
  showExtra();
  const files = el('input', { type: 'file', accept: 'image/*', multiple: true, id: 'transition-photos' });
  const go = () => attempt(async () => {
    const t = { to: to.value, note: note.value.trim() || null, publicNote: publicNote.value.trim() || null };
    for (const [k, input] of Object.entries(inputs)) {
      if (!input.isConnected || input.value.trim() === '') continue;
      t[k] = k === 'fineAmount' ? Number(input.value) : input.value.trim();
    }
    const form = new FormData();
    form.append('transition', new Blob([JSON.stringify(t)], { type: 'application/json' }));
    for (const f of files.files) form.append('photos', f, f.name);
    await ctx.call(`${base}/transitions`, { method: 'POST', body: form });
    await reload();
  });
  return el('div', { class: 'card', id: 'transition' }, el('h3', {}, '下一步'),
    el('div', { class: 'row' }, to, el('label', {}, '证明照片 ', files)), extra, note, publicNote,
    el('div', {}, el('button', { id: 'transition-go', onclick: go }, '提交')));
}

function extensionCard(ctx, base, reload) {
  const days = el('input', { type: 'number', min: 1, max: 30, value: 15, style: 'width:5em' });
  const reason = el('input', { maxlength: 200, placeholder: '延期理由', style: 'width:24em' });
  return el('div', { class: 'card row' }, el('strong', {}, '延长办理期限（限一次）'), el('label', {}, '天数 ', days), reason,
    el('button', { class: 'secondary', onclick: () => attempt(async () => {
      await ctx.call(`${base}/extension`, { method: 'POST', body: { days: Number(days.value), reason: reason.value.trim() } });
      await reload();
    }) }, '延期'));
}

async function duplicatesCard(ctx, base) {
  const candidates = await ctx.call(`${base}/duplicate-candidates`);
  if (!candidates.length) return null;
  return el('div', { class: 'card' }, el('h3', {}, '可能重复的举报'), el('table', {},
    candidates.map((c) => el('tr', {}, el('td', {}, el('a', { href: `#/hazards?id=${c.report.id}` }, c.report.trackingCode)),
      el('td', {}, c.report.description.slice(0, 40)), el('td', {}, STATUS[c.report.status]),
      el('td', {}, c.sameUnit ? '同一单位' : c.distanceMeters != null ? `相距 ${Math.round(c.distanceMeters)} 米` : ''),
      el('td', { class: 'muted' }, c.report.id)))));
}

function rewardCard(ctx, d, base, reload) {
  const current = d.reward.current;
  const officer = ctx.has('hazard-officer');
  const decision = el('select', {}, [['GRANT', '核定奖励'], ['DENY', '不予奖励'], ['PAY', '登记已发放']].map(([v, t]) => el('option', { value: v }, t)));
  const basis = el('select', {}, el('option', { value: '' }, '—'), [['MAJOR_HAZARD', '重大事故隐患'], ['ILLEGAL_ACTIVITY', '非法违法行为'], ['CONCEALED_ACCIDENT', '瞒报谎报事故']]
    .map(([v, t]) => el('option', { value: v }, t)));
  const deaths = el('input', { type: 'number', min: 1, placeholder: '瞒报死亡人数', style: 'width:8em' });
  const grade = el('select', {}, el('option', { value: '' }, '事故等级'), [['ORDINARY', '一般'], ['LARGER', '较大'], ['MAJOR', '重大'], ['ESPECIALLY_MAJOR', '特别重大']]
    .map(([v, t]) => el('option', { value: v }, t)));
  const reason = el('input', { maxlength: 500, placeholder: '理由', style: 'width:20em' });
  const decide = () => attempt(async () => {
    const body = { decision: decision.value, reason: reason.value.trim(), basis: basis.value || null,
      deaths: deaths.value ? Number(deaths.value) : null, accidentGrade: grade.value || null };
    await ctx.call(`${base}/reward-decisions`, { method: 'POST', body });
    await reload();
  });
  return el('div', { class: 'card', id: 'reward' }, el('h3', {}, '举报奖励'),
    el('p', {}, current ? `${REWARD[current.status] || current.status}${current.amount != null ? `，${fmt.format(current.amount)} 元` : ''}` : '尚未决定'),
    d.reward.decisions.length ? el('ul', {}, d.reward.decisions.map((x) => el('li', {}, `${time(x.decidedAt)} ${x.decidedBy}：${x.decision}${x.amount != null ? ` ${fmt.format(x.amount)} 元` : ''} — ${x.reason}`))) : null,
    officer ? el('div', { class: 'row' }, decision, basis, deaths, grade, reason, el('button', { class: 'secondary', onclick: decide }, '记录决定')) : null,
    officer ? el('p', { class: 'muted' }, '金额按《安全生产领域举报奖励办法》由系统计算；只奖励同一事项首位实名举报人。') : null);
}

/** Need-to-know: the officer gives a reason, which is recorded before the identity is shown. */
function revealCard(ctx, base) {
  const reason = el('input', { id: 'reveal-reason', minlength: 5, maxlength: 500, placeholder: '查看理由（至少5个字，将被记录）', style: 'width:24em' });
  const out = el('div', { id: 'reveal-result' });
  return el('div', { class: 'card' }, el('h3', {}, '举报人身份'),
    el('p', { class: 'muted' }, '举报人信息依法保密。确需联系举报人时填写理由后查看，每次查看都会留痕并由上级审计。'),
    el('div', { class: 'row' }, reason, el('button', { class: 'secondary', id: 'reveal', onclick: () => attempt(async () => {
      const who = await ctx.call(`${base}/reporter-identity`, { method: 'POST', body: { reason: reason.value.trim() } });
      fill(out, el('p', {}, `${who.name} ${who.phone}`));
    }) }, '查看')), out);
}
