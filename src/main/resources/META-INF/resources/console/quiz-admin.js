// Campaign set-up and the question bank: the national office edits, region admins read the campaigns.
import { el, attempt, showError, download, fmt, fill } from '/assets/api.js';

const STATUS = { DRAFT: '草稿', ACTIVE: '进行中', CLOSED: '已结束' };
const TYPES = { SINGLE: '单选', MULTIPLE: '多选', TRUE_FALSE: '判断' };
const RULES = [
  ['attemptsPerDay', '每天可挑战次数', 1],
  ['questionsPerAttempt', '每次题数', 15],
  ['secondsPerQuestion', '每题限时（秒）', 30],
  ['correctPerChance', '答对几题得一次抽奖', 5],
  ['chancesPerDayCap', '每天最多抽奖机会', 3],
  ['pointsPerCorrect', '每题积分', 10],
  ['perfectBonus', '全对奖励积分', 0],
];

export async function campaignsPage(ctx) {
  const { view, call, admin } = ctx;
  const edit = ctx.params().get('edit');
  if (edit) return campaignForm(ctx, edit === 'new' ? null : Number(edit));
  const list = (await call('/api/v1/admin/campaigns')).items;
  ctx.campaigns = list;
  const national = admin.national;
  fill(view, el('h2', {}, '竞赛活动'),
    national ? el('div', { class: 'row card' }, el('a', { href: '#/campaigns?edit=new', id: 'new-campaign' }, '＋ 新建竞赛活动'),
      el('span', { class: 'muted' }, '新建的活动是草稿，启用后参与者才能答题。')) : null,
    el('div', { id: 'campaign-blocked' }),
    el('div', { class: 'card' }, el('table', { id: 'campaigns' },
      el('tr', {}, el('th', {}, '活动'), el('th', {}, '日期'), el('th', {}, '状态'), el('th', { class: 'num' }, '已答人次'),
        el('th', {}, '规则'), national ? el('th', {}, '操作') : null),
      list.length ? list.map((c) => el('tr', { 'data-campaign': c.id },
        el('td', {}, national ? el('a', { href: `#/campaigns?edit=${c.id}` }, c.name) : c.name, el('div', { class: 'muted' }, c.code)),
        el('td', {}, `${c.startDate} 至 ${c.endDate}`),
        el('td', { class: 'status' }, STATUS[c.status] || c.status),
        el('td', { class: 'num' }, fmt.format(c.attempts)),
        el('td', {}, `每天${c.rules.attemptsPerDay}次 · ${c.rules.questionsPerAttempt}题 · 每题${c.rules.secondsPerQuestion}秒`,
          c.rulesLocked ? el('div', { class: 'muted' }, '已有人参与，计分规则已锁定') : null),
        national ? el('td', {}, statusButtons(ctx, c)) : null))
        : el('tr', {}, el('td', { colspan: 6, class: 'muted' }, '还没有竞赛活动。')))));
  return undefined;
}

function statusButtons(ctx, c) {
  const move = (status, question) => attempt(async () => {
    if (!window.confirm(question)) return;
    try {
      await ctx.call(`/api/v1/admin/campaigns/${c.id}/status`, { method: 'POST', body: { status } });
    } catch (e) {
      if (e.code !== 'questions-cite-laws-not-in-force') throw e;
      blocked(ctx, c, e);
      throw e;
    }
    await campaignsPage(ctx);
  });
  return [
    c.status === 'DRAFT' ? el('button', { class: 'activate', onclick: () => move('ACTIVE', `启用“${c.name}”后参与者即可答题，确定启用？`) }, '启用') : null,
    ' ',
    c.status !== 'CLOSED' ? el('button', { class: 'secondary close', onclick: () => move('CLOSED', `结束“${c.name}”后不能再答题，也不能重新启用，确定结束？`) }, '结束') : null,
  ];
}

/** Activation refused for questions whose basis is not in force on the campaign's days: which, and where to fix. */
function blocked(ctx, c, e) {
  const box = document.getElementById('campaign-blocked');
  if (!box) return;
  fill(box, el('div', { class: 'card' },
    el('p', {}, `“${c.name}”有 ${e.problem.count} 道启用的题目，其依据在活动期间不在施行期（或未登记），请修订或停用后再启用：`),
    el('table', {}, el('tr', {}, el('th', {}, '题目'), el('th', {}, '依据'), el('th', {}, '状态')),
      e.problem.questions.map((q) => el('tr', {}, el('td', {}, q.id), el('td', {}, `${q.law}（${q.edition}）`),
        el('td', {}, LAW_STATUS[q.status] || q.status)))),
    el('a', { href: '#/questions', onclick: () => { ctx.state.campaign = c.id; Object.assign(filters, { notInForce: true, law: '', q: '', offset: 0 }); } },
      '在题库中查看这些题目')));
}

/** Create (id null) or edit a campaign; the category mix must add up to the questions per attempt. */
async function campaignForm(ctx, id) {
  const { view, call } = ctx;
  const [campaign, categories] = await Promise.all([
    id ? call(`/api/v1/admin/campaigns/${id}`) : null,
    call('/api/v1/admin/question-categories'),
  ]);
  const rules = campaign ? campaign.rules : { ...Object.fromEntries(RULES.map(([k, , d]) => [k, d])), categoryMix: {} };
  const field = (name, attrs) => el('input', { name, ...attrs });
  const code = field('code', { value: campaign ? campaign.code : '', disabled: Boolean(campaign), placeholder: 'safety-month-2027', pattern: '[a-z0-9-]{3,60}' });
  const name = field('name', { value: campaign ? campaign.name : '', maxlength: 200, style: 'width:24em' });
  const start = field('startDate', { type: 'date', value: campaign ? campaign.startDate : '' });
  const end = field('endDate', { type: 'date', value: campaign ? campaign.endDate : '' });
  const ruleInputs = RULES.map(([k, label]) => [k, label, field(k, { type: 'number', min: 0, value: rules[k] })]);
  const mixInputs = categories.map((c) => [c, field(`mix-${c.code}`, { type: 'number', min: 0, value: rules.categoryMix[c.code] || 0, style: 'width:5em' })]);
  const sum = el('strong', { id: 'mix-sum' });
  const perAttempt = ruleInputs.find(([k]) => k === 'questionsPerAttempt')[2];
  const recount = () => {
    const total = mixInputs.reduce((n, [, i]) => n + (Number(i.value) || 0), 0);
    sum.textContent = `${total} / ${perAttempt.value}`;
    sum.className = total === Number(perAttempt.value) ? '' : 'verdict bad';
  };
  [...mixInputs.map(([, i]) => i), perAttempt].forEach((i) => i.addEventListener('input', recount));
  recount();
  const save = () => attempt(async () => {
    const body = {
      code: code.value.trim(), name: name.value.trim(), startDate: start.value, endDate: end.value,
      rules: {
        ...Object.fromEntries(ruleInputs.map(([k, , i]) => [k, Number(i.value)])),
        categoryMix: Object.fromEntries(mixInputs.filter(([, i]) => Number(i.value) > 0).map(([c, i]) => [c.code, Number(i.value)])),
      },
    };
    if (campaign) await call(`/api/v1/admin/campaigns/${campaign.id}`, { method: 'PUT', body });
    else await call('/api/v1/admin/campaigns', { method: 'POST', body });
    location.hash = '#/campaigns';
  });
  fill(view, el('h2', {}, campaign ? `编辑：${campaign.name}` : '新建竞赛活动'),
    el('div', { class: 'card form', id: 'campaign-form' },
      el('label', {}, '代码（创建后不可修改） ', code),
      el('label', {}, '名称 ', name),
      el('div', { class: 'row' }, el('label', {}, '开始 ', start), el('label', {}, '结束 ', end)),
      campaign && campaign.rulesLocked ? el('p', { class: 'muted' }, '已有人参与：计分和节奏规则只能放宽（数值只增不减），已答过的日期必须保留。') : null,
      el('h3', {}, '规则'),
      el('div', { class: 'row' }, ruleInputs.map(([, label, i]) => el('label', {}, `${label} `, i))),
      el('h3', {}, '题目分类组合 ', sum),
      el('table', {}, el('tr', {}, el('th', {}, '分类'), el('th', { class: 'num' }, '可用题目'), el('th', {}, '每次抽取')),
        mixInputs.map(([c, i]) => el('tr', {}, el('td', {}, c.name, el('span', { class: 'muted' }, ` ${c.code}`)),
          el('td', { class: 'num' }, fmt.format(c.enabledQuestions)), el('td', {}, i)))),
      el('div', { class: 'row' }, el('button', { id: 'save-campaign', onclick: save }, '保存'), el('a', { href: '#/campaigns' }, '返回'))));
}

// ------------------------------------------------------------------ question bank

const filters = { category: '', enabled: '', q: '', sort: 'id', law: '', notInForce: false, offset: 0 };
const LAW_STATUS = { IN_FORCE: '现行有效', NOT_YET_IN_FORCE: '尚未施行', SUPERSEDED: '已被替代', UNREGISTERED: '未登记', NO_REFERENCE: '无依据' };
const PAGE = 50;

export async function questionsPage(ctx) {
  const { view, call } = ctx;
  const render = () => attempt(() => questionsPage(ctx));
  const q = new URLSearchParams({ sort: filters.sort, offset: filters.offset, limit: PAGE });
  for (const k of ['category', 'enabled', 'q', 'law']) if (filters[k]) q.set(k, filters[k]);
  if (filters.notInForce) q.set('notInForce', 'true');
  // References are judged on the days of the campaign chosen above (today without one).
  if (ctx.state.campaign) q.set('campaign', ctx.state.campaign);
  const [categories, laws, page] = await Promise.all([call('/api/v1/admin/question-categories'),
    call('/api/v1/admin/laws'), call(`/api/v1/admin/questions?${q}`)]);
  const names = Object.fromEntries(categories.map((c) => [c.code, c.name]));
  const titles = [...new Set(laws.map((l) => l.title))].sort();
  const set = (k) => (e) => { filters[k] = e.target.type === 'checkbox' ? e.target.checked : e.target.value; filters.offset = 0; render(); };
  const detail = el('div', { id: 'question-detail' });
  const table = el('table', { id: 'questions' },
    el('tr', {}, el('th', {}, '编号'), el('th', {}, '分类'), el('th', {}, '题型'), el('th', {}, '题干'),
      el('th', { class: 'num' }, '抽中'), el('th', { class: 'num' }, '正确率'), el('th', { class: 'num' }, '超时'), el('th', {}, '状态')),
    page.items.length ? page.items.map((item) => el('tr', { 'data-question': item.id },
      el('td', {}, el('a', { href: 'javascript:void 0', onclick: () => attempt(() => showQuestion(ctx, item.id, detail)) }, item.id),
        el('div', { class: 'muted' }, `第${item.currentVersion}版 · 难度${item.difficulty}`)),
      el('td', {}, names[item.category] || item.category),
      el('td', {}, TYPES[item.type] || item.type),
      el('td', {}, item.stem, item.reference ? el('div', { class: 'muted' }, `${item.reference.law}（${item.reference.edition || '版本未注明'}）${item.reference.article || ''}`) : null,
        item.lawStatus !== 'IN_FORCE' ? el('span', { class: item.lawStatus === 'NO_REFERENCE' ? 'muted law-status' : 'verdict bad law-status' }, LAW_STATUS[item.lawStatus] || item.lawStatus,
          item.supersededBy ? `：${item.supersededBy.from} 起由${item.supersededBy.title}（${item.supersededBy.edition}）替代` : '') : null),
      el('td', { class: 'num' }, fmt.format(item.stats.timesDrawn)),
      el('td', { class: 'num' }, item.stats.correctRate == null ? '—' : `${Math.round(item.stats.correctRate * 100)}%`),
      el('td', { class: 'num' }, fmt.format(item.stats.timeouts)),
      el('td', {}, el('button', { class: item.enabled ? 'secondary toggle' : 'toggle', onclick: () => attempt(async () => {
        await call(`/api/v1/admin/questions/${encodeURIComponent(item.id)}/enabled`, { method: 'PUT', body: { enabled: !item.enabled } });
        await questionsPage(ctx);
      }) }, item.enabled ? '停用' : '启用'), item.enabled ? null : el('div', { class: 'muted' }, '已停用'))))
      : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, '没有符合条件的题目。')));
  fill(view, el('h2', {}, '题库'), uploadCard(ctx),
    el('div', { class: 'row card' },
      el('label', {}, '分类 ', el('select', { id: 'filter-category', onchange: set('category') }, el('option', { value: '' }, '全部'),
        categories.map((c) => el('option', { value: c.code, selected: c.code === filters.category }, `${c.name}（${c.enabledQuestions}）`)))),
      el('label', {}, '状态 ', el('select', { onchange: set('enabled') }, [['', '全部'], ['true', '启用'], ['false', '停用']]
        .map(([v, t]) => el('option', { value: v, selected: v === filters.enabled }, t)))),
      el('label', {}, '排序 ', el('select', { onchange: set('sort') }, [['id', '编号'], ['correctRate', '正确率（低在前）'], ['timesDrawn', '抽中次数']]
        .map(([v, t]) => el('option', { value: v, selected: v === filters.sort }, t)))),
      el('input', { id: 'filter-q', placeholder: '题干文字或编号前缀', value: filters.q, onchange: set('q') }),
      el('label', {}, '依据 ', el('select', { id: 'filter-law', onchange: set('law'), style: 'max-width:16em' }, el('option', { value: '' }, '全部法规标准'),
        titles.map((t) => el('option', { value: t, selected: t === filters.law }, t)))),
      el('label', {}, '按活动日期判断 ', ctx.campaignSelect(() => { filters.offset = 0; render(); })),
      el('label', {}, el('input', { type: 'checkbox', id: 'filter-not-in-force', checked: filters.notInForce, onchange: set('notInForce') }),
        ` 只看活动期间（${page.lawWindow.from} 至 ${page.lawWindow.to}）依据不在施行期的题目`)),
    detail,
    el('details', { class: 'card', id: 'law-register' }, el('summary', {}, `法规登记册（${laws.length} 个版本）：上传题目的依据须填写此处已登记的名称和版本`),
      el('table', {}, el('tr', {}, el('th', {}, '名称'), el('th', {}, '版本'), el('th', {}, '效力层级'), el('th', {}, '施行'),
        el('th', {}, '替代'), el('th', { class: 'num' }, '引用题目')),
      laws.map((l) => el('tr', {}, el('td', {}, el('a', { href: 'javascript:void 0', onclick: () => { filters.law = l.title; filters.offset = 0; render(); } }, l.title)),
        el('td', {}, l.edition), el('td', {}, l.level), el('td', {}, l.inForce),
        el('td', {}, l.supersededBy ? `${l.supersededBy.from} 起：${l.supersededBy.title}（${l.supersededBy.edition}）` : ''),
        el('td', { class: 'num' }, fmt.format(l.enabledQuestions)))))),
    el('div', { class: 'card' }, table, el('div', { class: 'row' },
      el('button', { class: 'secondary', disabled: filters.offset === 0, onclick: () => { filters.offset = Math.max(0, filters.offset - PAGE); render(); } }, '上一页'),
      el('span', { class: 'muted' }, `第 ${filters.offset + 1}–${filters.offset + page.items.length} 题`),
      el('button', { class: 'secondary', disabled: page.items.length < PAGE, onclick: () => { filters.offset += PAGE; render(); } }, '下一页'))));
}

async function showQuestion(ctx, id, into) {
  const detail = await ctx.call(`/api/v1/admin/questions/${encodeURIComponent(id)}`);
  const c = detail.versions.map((v) => v.content).sort((a, b) => b.version - a.version)[0];
  const answer = c.type === 'TRUE_FALSE' ? (c.answer[0] === 'TRUE' ? '正确' : '错误') : c.answer.join('、');
  fill(into, el('div', { class: 'card' },
    el('h3', {}, `${id} · 第${c.version}版（共${detail.versions.length}版）`),
    el('p', {}, c.stem),
    c.type !== 'TRUE_FALSE' && c.options.length > 0 ? el('ul', {}, c.options.map((o) => el('li', {}, `${o.key}. ${o.text}`))) : null,
    el('p', {}, '答案：', el('strong', {}, answer)),
    el('p', { class: 'muted' }, c.explanation),
    c.reference ? el('p', { class: 'muted' }, '依据：', [c.reference.law, c.reference.edition && `（${c.reference.edition}）`, c.reference.article].filter(Boolean).join('')) : null));
}

/** Upload a YAML file or an Excel workbook; a refused upload lists every defect by file and line (or row). */
function uploadCard(ctx) {
  const file = el('input', { type: 'file', id: 'bank-file', accept: '.yaml,.yml,.xlsx' });
  const dryRun = el('input', { type: 'checkbox', id: 'bank-dry-run' });
  const result = el('div', { id: 'bank-result' });
  const upload = () => attempt(async () => {
    const f = file.files[0];
    if (!f) throw new Error('请先选择题库文件（YAML 或 Excel）');
    const xlsx = /\.xlsx$/i.test(f.name);
    const q = new URLSearchParams({ file: f.name, dryRun: dryRun.checked });
    fill(result, el('p', { class: 'muted' }, '正在校验…'));
    try {
      const report = await ctx.call(`/api/v1/admin/question-bank/imports?${q}`, {
        method: 'POST', body: f, contentType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/yaml',
      });
      fill(result, el('p', { class: 'verdict good' }, dryRun.checked ? '校验通过，未写入。' : '已导入。'),
        el('table', {}, el('tr', {}, el('th', {}, '文件'), el('th', { class: 'num' }, '新增'), el('th', { class: 'num' }, '更新'), el('th', { class: 'num' }, '未变')),
          report.files.map((r) => el('tr', {}, el('td', {}, r.file), el('td', { class: 'num' }, r.created), el('td', { class: 'num' }, r.updated), el('td', { class: 'num' }, r.unchanged)))));
    } catch (e) {
      const defects = (e.problem && e.problem.defects) || [];
      fill(result);
      if (!defects.length) throw e;
      showError(e);
      fill(result, el('p', { class: 'verdict bad' }, `有 ${defects.length} 处问题，整份文件未导入：`),
        el('table', { id: 'bank-defects' }, el('tr', {}, el('th', {}, '位置'), el('th', {}, '问题')),
          defects.map((d) => {
            const m = /^(.*?:\d+|questions:\d+):\s*(.*)$/.exec(d);
            return el('tr', {}, el('td', {}, m ? m[1] : ''), el('td', {}, m ? m[2] : d));
          })));
    }
  });
  return el('div', { class: 'card' }, el('h3', {}, '上传题目'),
    el('div', { class: 'row' }, file, el('label', {}, dryRun, ' 仅校验，不写入'),
      el('button', { id: 'bank-upload', onclick: upload }, '上传'),
      el('button', { class: 'secondary', onclick: () => attempt(() => download('/api/v1/admin/question-bank/template.xlsx', ctx.token, 'questions-template.xlsx')) }, '下载 Excel 模板')),
    el('p', { class: 'muted' }, '整份文件逐题校验：有任何问题都不会写入；同一编号再次上传内容有变化时生成新版本。'), result);
}
