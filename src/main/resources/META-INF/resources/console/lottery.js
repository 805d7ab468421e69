// The prize pool (national office: tiers, stock, reconcile) and the prizes issued with their claims and delivery.
import { el, attempt, download, fmt, fill } from '/assets/api.js';

const KINDS = { PHYSICAL: '实物', PHONE_CREDIT: '话费', POINTS: '积分', THANKS: '谢谢参与' };
const CLAIM = { UNCLAIMED: '未领取', EXPIRED: '逾期未领', CLAIMED: '已登记', SHIPPED: '已发货', DELIVERED: '已签收', FULFILLED: '已发放' };
const PAGE = 50;
const claimsState = { offset: 0 };

export async function lotteryPage(ctx) {
  const { view, call, state, admin } = ctx;
  const render = () => attempt(() => lotteryPage(ctx));
  if (!state.campaign) throw new Error('还没有竞赛活动');
  const controls = el('div', { class: 'row card' }, el('label', {}, '活动 ', ctx.campaignSelect(() => { claimsState.offset = 0; render(); })));
  fill(view, el('h2', {}, '抽奖与兑奖'), controls, el('p', { class: 'muted' }, '加载中…'));
  // A campaign without a prize pool answers 404 to both: the office sets one up, regions see that there is none.
  const orNone = (promise) => promise.catch((e) => { if (e.status === 404) return null; throw e; });
  const [pool, claims] = await Promise.all([
    admin.national ? orNone(call(`/api/v1/admin/campaigns/${state.campaign}/lottery`)) : null,
    orNone(call(`/api/v1/admin/campaigns/${state.campaign}/lottery/claims?${new URLSearchParams({ offset: claimsState.offset, limit: PAGE })}`)),
  ]);
  fill(view, el('h2', {}, '抽奖与兑奖'), controls,
    admin.national ? (pool ? poolCard(ctx, pool) : poolForm(ctx)) : null,
    claims ? claimsCard(ctx, claims, render) : el('p', { class: 'card muted' }, '本活动还没有设置奖池。'));
  return undefined;
}

function poolCard(ctx, pool) {
  const base = `/api/v1/admin/campaigns/${pool.campaignId}/lottery`;
  const report = el('div', { id: 'reconcile-result' });
  const addStock = (tier) => attempt(async () => {
    const units = Number(window.prompt(`给“${tier.name}”增加库存（件）：`, '100'));
    if (!units) return;
    await ctx.call(`${base}/tiers/${tier.id}/stock`, { method: 'POST', body: { units } });
    await lotteryPage(ctx);
  });
  return el('div', { class: 'card', id: 'pool' },
    el('h3', {}, '奖池'),
    el('p', { class: 'muted' }, `抽奖截止 ${new Date(pool.drawDeadline).toLocaleString('zh-CN')} · 兑奖截止 ${new Date(pool.claimDeadline).toLocaleString('zh-CN')} · 已抽 ${fmt.format(pool.draws)} 次`),
    el('p', { class: 'muted', style: 'word-break:break-all' }, `公平性承诺（种子哈希）：${pool.commitment}`),
    el('table', { id: 'tiers' },
      el('tr', {}, el('th', {}, '奖项'), el('th', {}, '类型'), el('th', { class: 'num' }, '概率'), el('th', { class: 'num' }, '总库存'),
        el('th', { class: 'num' }, '已投放'), el('th', { class: 'num' }, '已中出'), el('th', { class: 'num' }, '剩余（缓存）'),
        el('th', { class: 'num' }, '已登记'), el('th', {}, '')),
      pool.tiers.map((t) => el('tr', { 'data-tier': t.id },
        el('td', {}, `${t.rank}. ${t.name}`, t.dailyRelease ? el('div', { class: 'muted' }, `每日投放 ${t.dailyRelease}`) : null),
        el('td', {}, KINDS[t.kind] || t.kind, t.amount ? ` ${t.amount}` : ''),
        el('td', { class: 'num' }, `${((t.weight / pool.totalWeight) * 100).toPrecision(3)}%`),
        el('td', { class: 'num' }, fmt.format(t.stock)), el('td', { class: 'num' }, fmt.format(t.released)),
        el('td', { class: 'num' }, fmt.format(t.issued)),
        el('td', { class: 'num' }, t.redisStock == null ? '—' : fmt.format(t.redisStock)),
        el('td', { class: 'num' }, fmt.format(t.claimed)),
        el('td', {}, el('button', { class: 'secondary add-stock', onclick: () => addStock(t) }, '加库存'))))),
    el('div', { class: 'row' },
      el('button', { class: 'secondary', id: 'reconcile', onclick: () => attempt(async () => {
        const r = await ctx.call(`${base}/reconcile`, { method: 'POST' });
        await lotteryPage(ctx);
        document.getElementById('reconcile-result').textContent = r.repaired
          ? '缓存库存与数据库不一致，已按数据库修复。' : '缓存库存与数据库一致。';
      }) }, '核对库存'), report));
}

/** No pool yet: tiers in rank order, each with its weight out of the total (the rest is "thanks"). */
function poolForm(ctx) {
  const rows = el('tbody');
  const addRow = (name = '', kind = 'PHYSICAL', amount = '', weight = '', stock = '') => rows.append(el('tr', {},
    el('td', {}, el('input', { name: 'name', value: name, maxlength: 100 })),
    el('td', {}, el('select', { name: 'kind' }, ['PHYSICAL', 'PHONE_CREDIT', 'POINTS'].map((k) => el('option', { value: k, selected: k === kind }, KINDS[k])))),
    el('td', {}, el('input', { name: 'amount', type: 'number', min: 0, value: amount, style: 'width:6em' })),
    el('td', {}, el('input', { name: 'weight', type: 'number', min: 0, value: weight, style: 'width:8em' })),
    el('td', {}, el('input', { name: 'stock', type: 'number', min: 0, value: stock, style: 'width:7em' }))));
  addRow('安全应急包', 'PHYSICAL', '', 2000, 500);
  addRow('10元话费', 'PHONE_CREDIT', 10, 20000, 5000);
  const total = el('input', { type: 'number', value: 1000000, min: 1 });
  const thanks = el('input', { value: '谢谢参与', maxlength: 40 });
  const drawBy = el('input', { type: 'datetime-local' });
  const claimBy = el('input', { type: 'datetime-local' });
  const create = () => attempt(async () => {
    if (!drawBy.value || !claimBy.value) throw new Error('请填写抽奖截止和兑奖截止时间');
    const tiers = [...rows.children].map((tr) => {
      const v = (n) => tr.querySelector(`[name=${n}]`).value;
      return { name: v('name').trim(), kind: v('kind'), amount: v('amount') === '' ? null : Number(v('amount')), weight: Number(v('weight')), stock: Number(v('stock')) };
    }).filter((t) => t.name);
    await ctx.call(`/api/v1/admin/campaigns/${ctx.state.campaign}/lottery`, { method: 'POST', body: {
      drawDeadline: new Date(drawBy.value).toISOString(), claimDeadline: new Date(claimBy.value).toISOString(),
      totalWeight: Number(total.value), thanksName: thanks.value.trim(), tiers } });
    await lotteryPage(ctx);
  });
  return el('div', { class: 'card', id: 'pool-form' }, el('h3', {}, '设置奖池'),
    el('p', { class: 'muted' }, '奖项按名次排列（第一行为最高奖）。每项的权重除以总权重即中奖概率，剩余权重为“谢谢参与”。奖池建立后只能追加库存。'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '奖项名称'), el('th', {}, '类型'), el('th', {}, '面额/积分'), el('th', {}, '权重'), el('th', {}, '库存'))), rows),
    el('div', { class: 'row' }, el('button', { class: 'secondary', onclick: () => addRow() }, '＋ 奖项'),
      el('label', {}, '总权重 ', total), el('label', {}, '未中奖显示 ', thanks)),
    el('div', { class: 'row' }, el('label', {}, '抽奖截止 ', drawBy), el('label', {}, '兑奖截止 ', claimBy),
      el('button', { id: 'create-pool', onclick: create }, '建立奖池')));
}

function claimsCard(ctx, page, render) {
  const { admin, state } = ctx;
  const base = `/api/v1/admin/campaigns/${state.campaign}/lottery/claims`;
  const fulfil = (row, status) => attempt(async () => {
    const body = { status };
    if (status === 'SHIPPED') {
      body.carrier = window.prompt('快递公司：', row.carrier || '');
      if (body.carrier === null) return;
      body.tracking = window.prompt('运单号：', row.tracking || '');
      if (body.tracking === null) return;
    }
    await ctx.call(`${base}/${row.drawId}/fulfilment`, { method: 'PUT', body });
    await render();
  });
  const next = (row) => {
    if (!admin.national) return null;
    const steps = { PHYSICAL: { CLAIMED: ['SHIPPED'], SHIPPED: ['SHIPPED', 'DELIVERED'] }, PHONE_CREDIT: { CLAIMED: ['FULFILLED'] } };
    const labels = { SHIPPED: row.status === 'SHIPPED' ? '改运单' : '发货', DELIVERED: '已签收', FULFILLED: '已充值' };
    return ((steps[row.prize.kind] || {})[row.status] || []).map((s) => el('button', { class: 'secondary fulfil', 'data-step': s, onclick: () => fulfil(row, s) }, labels[s]));
  };
  return el('div', { class: 'card' },
    el('div', { class: 'row' }, el('h3', {}, `中奖与兑奖（共 ${fmt.format(page.total)} 件）`),
      admin.national ? el('button', { class: 'secondary', id: 'claims-xlsx', onclick: () => attempt(() => download(`${base}/export?format=xlsx`, ctx.token, 'claims.xlsx')) }, '导出 Excel') : null,
      admin.national ? null : el('span', { class: 'muted' }, '仅显示本地区中奖者，姓名和手机号已脱敏。')),
    el('table', { id: 'claims' },
      el('tr', {}, el('th', {}, '序号'), el('th', {}, '时间'), el('th', {}, '奖品'), el('th', {}, '状态'), el('th', {}, '领奖人'), el('th', {}, '物流'), el('th', {}, '')),
      page.items.length ? page.items.map((c) => el('tr', { 'data-draw': c.drawId },
        el('td', {}, c.seq), el('td', {}, new Date(c.drawnAt).toLocaleString('zh-CN')),
        el('td', {}, c.prize.name), el('td', { class: 'claim-status' }, CLAIM[c.status] || c.status),
        el('td', {}, [c.name, c.phone].filter(Boolean).join(' '), c.address ? el('div', { class: 'muted' }, c.address) : null),
        el('td', {}, [c.carrier, c.tracking].filter(Boolean).join(' ')),
        el('td', {}, next(c))))
        : el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '还没有中出奖品。'))),
    el('div', { class: 'row' },
      el('button', { class: 'secondary', disabled: claimsState.offset === 0, onclick: () => { claimsState.offset = Math.max(0, claimsState.offset - PAGE); render(); } }, '上一页'),
      el('button', { class: 'secondary', disabled: claimsState.offset + PAGE >= page.total, onclick: () => { claimsState.offset += PAGE; render(); } }, '下一页')));
}
