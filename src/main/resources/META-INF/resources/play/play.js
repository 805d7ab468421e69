import { api, el, attempt, showError, fmt, fill } from '/assets/api.js';

// The H5 play page: phone login, profile, the daily challenge against the server's clock, practice (练功房) and
// my ranks. Tokens are kept in localStorage as the app keeps them; the access token is refreshed when it runs out.

const STORE = 'anquanli.play.tokens';
const view = document.getElementById('view');
const IDENTITIES = { CADRE: '干部', EMPLOYEE: '职工', PUBLIC: '社会公众' };
const TYPES = { SINGLE: '单选题', MULTIPLE: '多选题', TRUE_FALSE: '判断题' };
let tokens = JSON.parse(localStorage.getItem(STORE) || 'null');
let me;
let campaign;
let ticker;

function keep(t) {
  tokens = t ? { access: t.accessToken, refresh: t.refreshToken, expiresAt: Date.now() + t.expiresIn * 1000 } : null;
  if (tokens) localStorage.setItem(STORE, JSON.stringify(tokens));
  else localStorage.removeItem(STORE);
}

async function token() {
  if (tokens && Date.now() > tokens.expiresAt - 20000) {
    try {
      keep(await api('/api/v1/auth/tokens/refresh', { method: 'POST', body: { refreshToken: tokens.refresh } }));
    } catch (e) {
      keep(null);
      throw e;
    }
  }
  return tokens && tokens.access;
}

// A 401 means the sign-in is gone (refresh token expired or revoked): back to the login form.
const call = (path, options = {}) => api(path, { ...options, token })
  .catch((e) => { if (e.status === 401) { keep(null); show(login); } throw e; });

function show(page, ...args) {
  clearInterval(ticker);
  showError(null);
  window.scrollTo(0, 0);
  return attempt(() => page(...args));
}

function field(label, input) {
  return el('label', { class: 'field' }, el('span', {}, label), input);
}

// ------------------------------------------------------------------ sign-in and profile

async function login() {
  document.getElementById('home').hidden = true;
  const phone = el('input', { id: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 11, placeholder: '11位手机号' });
  const code = el('input', { id: 'code', inputmode: 'numeric', maxlength: 6, placeholder: '6位验证码' });
  const send = el('button', { id: 'send-code', class: 'secondary', onclick: () => attempt(async () => {
    await api('/api/v1/auth/sms-codes', { method: 'POST', body: { phone: phone.value.trim() } });
    send.disabled = true;
    let left = 60;
    send.textContent = `${left}秒后可重发`;
    const t = setInterval(() => {
      left -= 1;
      send.textContent = left > 0 ? `${left}秒后可重发` : '重新获取';
      if (left <= 0) { clearInterval(t); send.disabled = false; }
    }, 1000);
    code.focus();
  }) }, '获取验证码');
  const submit = el('button', { id: 'login', class: 'big', onclick: () => attempt(async () => {
    keep(await api('/api/v1/auth/tokens', { method: 'POST', body: { phone: phone.value.trim(), code: code.value.trim() } }));
    await start();
  }) }, '登录');
  fill(view, el('div', { class: 'card' }, el('h2', {}, '手机号登录'),
    field('手机号', phone), el('div', { class: 'row' }, field('验证码', code), send), submit,
    el('p', { class: 'muted' }, '登录即参加安全生产月知识竞赛，手机号仅用于登录和领奖联系，不会公开。')));
}

async function regionSelect(id, parentCode, selected, onChange) {
  const list = await api(parentCode ? `/api/v1/regions/${parentCode}/children` : '/api/v1/regions');
  return el('select', { id, onchange: onChange }, el('option', { value: '' }, '请选择'),
    list.items.map((r) => el('option', { value: r.code, selected: r.code === selected }, r.name)));
}

/**
 * Province → city → county → town pickers, each choice loading the next level (a town is optional). chosen: the
 * codes picked so far, province first (changed in place); prefix: of the selects' ids; onChange: after each choice.
 */
function regionPicker(chosen, prefix = '', onChange = () => undefined) {
  const ids = ['province', 'city', 'county', 'town'];
  const node = el('div', { class: 'regions' });
  async function cascade(depth, parentCode) {
    while (node.children.length > depth) node.lastChild.remove();
    if (depth >= ids.length) return;
    const select = await regionSelect(prefix + ids[depth], parentCode, chosen[depth], (e) => {
      chosen.length = depth;
      if (e.target.value) chosen[depth] = e.target.value;
      attempt(() => cascade(depth + 1, e.target.value || null).then(onChange));
    });
    if (select.options.length <= 1) return;
    node.append(field(['省', '市', '区县', '乡镇街道（可不选）'][depth], select));
    if (chosen[depth]) await cascade(depth + 1, chosen[depth]);
  }
  return { node, load: () => cascade(0, null), code: () => chosen[3] || chosen[2] || null };
}

async function profile() {
  const chosen = (me.regionPath || []).map((r) => r.code);
  const name = el('input', { id: 'display-name', maxlength: 20, value: me.displayName || '' });
  const identity = el('select', { id: 'identity' }, Object.entries(IDENTITIES).map(([k, v]) =>
    el('option', { value: k, selected: k === me.identityType }, v)));
  const unitBox = el('div', { id: 'unit-box' });
  let unitId = me.unit ? me.unit.id : null;
  const regions = regionPicker(chosen, '', () => units());

  async function units() {
    const county = chosen[2];
    fill(unitBox);
    if (!county) return;
    const q = el('input', { id: 'unit-search', placeholder: '输入单位名称搜索（可不填）' });
    const results = el('div', { class: 'options', id: 'unit-results' });
    const current = el('p', { class: 'muted', id: 'unit-chosen' }, unitId && me.unit ? `已选：${me.unit.name}` : '未选单位');
    q.oninput = () => attempt(async () => {
      if (q.value.trim().length < 1) { fill(results); return; }
      const page = await api(`/api/v1/units?${new URLSearchParams({ region: county, q: q.value.trim(), limit: 10 })}`);
      fill(results, ...page.items.map((u) => el('button', { class: 'option', onclick: () => {
        unitId = u.id;
        current.textContent = `已选：${u.name}`;
        fill(results);
      } }, `${u.name}（${u.regionName}）`)));
    });
    unitBox.append(field('单位', q), results, current,
      el('button', { class: 'secondary', onclick: () => { unitId = null; current.textContent = '未选单位'; } }, '不选单位'));
  }

  fill(view, el('div', { class: 'card' }, el('h2', {}, '完善资料'),
    el('p', { class: 'muted' }, '参赛积分计入所选地区和单位的排名。'),
    field('姓名（排行榜中显示为 张*三）', name), field('身份', identity), regions.node, unitBox,
    el('button', { id: 'save-profile', class: 'big', onclick: () => attempt(async () => {
      const regionCode = regions.code();
      if (!regionCode) throw new Error('请选择所在区县');
      me = await call('/api/v1/me', { method: 'PUT', body: { displayName: name.value, regionCode, unitId, identityType: identity.value } });
      await start();
    }) }, '保存')));
  await regions.load();
  await units();
}

// ------------------------------------------------------------------ home

async function home() {
  document.getElementById('home').hidden = false;
  campaign = await api('/api/v1/campaigns/current').catch((e) => (e.status === 404 ? null : Promise.reject(e)));
  fill(view, 
    el('div', { class: 'card' }, el('h2', {}, campaign ? campaign.name : '当前没有进行中的竞赛'),
      campaign ? el('p', { class: 'muted' }, `${campaign.startDate} 至 ${campaign.endDate} · 每天 ${campaign.rules.attemptsPerDay} 次挑战，每次 ${campaign.rules.questionsPerAttempt} 题，每题 ${campaign.rules.secondsPerQuestion} 秒；每答对 ${campaign.rules.correctPerChance} 题获得 1 次抽奖机会`) : null,
      el('p', {}, `${me.displayName}（${me.regionPath.map((r) => r.name).join(' ')}${me.unit ? ' · ' + me.unit.name : ''}）`)),
    el('div', { class: 'menu' },
      el('button', { id: 'daily', disabled: !campaign, onclick: () => show(daily) }, '每日挑战'),
      el('button', { id: 'practice', class: 'secondary', onclick: () => show(practiceMenu) }, '练功房'),
      el('button', { id: 'ranks', class: 'secondary', disabled: !campaign, onclick: () => show(ranks) }, '我的排名'),
      el('button', { id: 'lottery', class: 'secondary', disabled: !campaign, onclick: () => show(lottery) }, '抽奖与奖品'),
      el('button', { id: 'hazard', class: 'secondary', onclick: () => show(hazard) }, '隐患随手拍'),
      el('button', { id: 'my-hazards', class: 'secondary', onclick: () => show(myHazards) }, '我的举报'),
      el('button', { id: 'check-in', class: 'secondary', onclick: () => show(checkIn, null) }, '活动签到'),
      el('button', { id: 'edit-profile', class: 'secondary', onclick: () => show(profile) }, '修改资料')),
    el('p', {}, el('a', { href: 'javascript:void 0', id: 'logout', onclick: () => { keep(null); show(login); } }, '退出登录')));
}

// ------------------------------------------------------------------ questions (challenge and practice alike)

/**
 * Shows a question; answer(optionIds) grades it and returns {correct, correctOptionIds, explanation, reference};
 * then next() moves on. With a deadline the clock runs from the server's time, corrected for this phone's clock.
 */
function question(q, { deadline, serverTime, answer, next, label }) {
  const selected = new Set();
  const buttons = q.options.map((o) => el('button', { class: 'option', 'data-id': o.id, onclick: () => {
    if (done) return;
    if (q.type !== 'MULTIPLE') selected.clear();
    if (selected.has(o.id)) selected.delete(o.id); else selected.add(o.id);
    buttons.forEach((b) => b.classList.toggle('selected', selected.has(b.dataset.id)));
    submit.disabled = selected.size === 0;
  } }, o.text));
  let done = false;
  const feedback = el('div', { id: 'feedback' });
  const clock = el('span', { class: 'clock', id: 'clock' });
  const submit = el('button', { id: 'submit', class: 'big', disabled: true, onclick: () => attempt(async () => {
    submit.disabled = true;
    const r = await answer([...selected]);
    done = true;
    clearInterval(ticker);
    const right = new Set(r.correctOptionIds);
    buttons.forEach((b) => {
      if (right.has(b.dataset.id)) b.classList.add('right');
      else if (selected.has(b.dataset.id)) b.classList.add('wrong');
    });
    submit.hidden = true;
    const ref = r.reference ? [r.reference.law, r.reference.article, r.reference.edition && `（${r.reference.edition}）`].filter(Boolean).join(' ') : null;
    fill(feedback, 
      el('p', { class: `verdict ${r.correct ? 'ok' : 'bad'}`, id: 'verdict' }, r.timedOut ? '超时，本题未得分' : r.correct ? '回答正确' : '回答错误'),
      el('p', {}, el('strong', {}, '解析：'), r.explanation),
      ref ? el('p', { class: 'muted' }, `依据：${ref}`) : null,
      el('button', { id: 'next', class: 'big', onclick: () => show(next) }, '继续'));
  }) }, '提交');
  if (deadline) {
    const skew = Date.now() - Date.parse(serverTime);
    const end = Date.parse(deadline) + skew;
    const tick = () => {
      const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      clock.textContent = `${left} 秒`;
      clock.classList.toggle('low', left <= 5);
      if (left === 0 && !done) {
        done = true;
        clearInterval(ticker);
        submit.hidden = true;
        fill(feedback, el('p', { class: 'verdict bad', id: 'verdict' }, '时间到，本题按超时计'),
          el('button', { id: 'next', class: 'big', onclick: () => show(next) }, '继续'));
      }
    };
    tick();
    ticker = setInterval(tick, 250);
  }
  fill(view, el('div', { class: 'card' },
    deadline ? clock : null,
    el('span', { class: 'tag' }, label), ' ', el('span', { class: 'tag' }, TYPES[q.type]), ' ',
    q.categoryName ? el('span', { class: 'tag' }, q.categoryName) : null,
    el('p', { class: 'stem', id: 'stem' }, q.stem),
    el('div', { class: 'options' }, buttons), submit, feedback));
}

// ------------------------------------------------------------------ the daily challenge

async function daily() {
  // An attempt left open (the page was closed mid-challenge) goes on where it was.
  const mine = await call(`/api/v1/me/attempts?${new URLSearchParams({ campaign: campaign.id, limit: 5 })}`);
  const open = mine.items.find((a) => a.status === 'IN_PROGRESS');
  if (open) return current(open.id);
  let started;
  try {
    started = await call(`/api/v1/campaigns/${campaign.id}/attempts`, { method: 'POST' });
  } catch (e) {
    if (e.code === 'daily-limit-reached' && mine.items.length) {
      await summary(mine.items[0].id);
      showError(e);
      return undefined;
    }
    throw e;
  }
  return current(started.id);
}

async function current(attemptId) {
  let q;
  try {
    q = await call(`/api/v1/attempts/${attemptId}/questions/current`);
  } catch (e) {
    if (e.code === 'attempt-finished') return summary(attemptId);
    throw e;
  }
  question(q, {
    deadline: q.deadline, serverTime: q.serverTime, label: `第 ${q.index}/${q.total} 题`,
    answer: (optionIds) => call(`/api/v1/attempts/${attemptId}/answers`, { method: 'POST', body: { index: q.index, optionIds } }),
    next: () => current(attemptId),
  });
}

async function summary(attemptId) {
  const a = await call(`/api/v1/attempts/${attemptId}`);
  fill(view, el('div', { class: 'card', id: 'summary' }, el('h2', {}, a.perfect ? '满分！' : '挑战完成'),
    el('p', {}, `答对 ${a.correctCount} / ${a.questionCount} 题，得 ${a.points} 分，获得 ${a.lotteryChances} 次抽奖机会。`),
    el('button', { id: 'review', class: 'big', onclick: () => show(review, attemptId) }, '查看答题解析'),
    el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页')));
}

async function review(attemptId) {
  const r = await call(`/api/v1/attempts/${attemptId}/review`);
  fill(view, el('h2', {}, '答题解析'), ...r.items.map((item) => {
    const right = new Set(item.correctOptionIds);
    const mine = new Set(item.selectedOptionIds);
    return el('div', { class: 'card review-item' },
      el('span', { class: 'tag' }, `第 ${item.index} 题`), ' ',
      el('span', { class: `verdict ${item.correct ? 'ok' : 'bad'}` }, item.correct ? '答对' : item.timedOut ? '超时' : '答错'),
      el('p', { class: 'stem' }, item.stem),
      el('div', { class: 'options' }, item.options.map((o) => el('div', {
        class: `option ${right.has(o.id) ? 'right' : mine.has(o.id) ? 'wrong' : ''}` }, o.text))),
      el('p', {}, el('strong', {}, '解析：'), item.explanation));
  }), el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页'));
}

// ------------------------------------------------------------------ practice

async function practiceMenu() {
  const categories = await call('/api/v1/practice-categories');
  fill(view, el('div', { class: 'card' }, el('h2', {}, '练功房'),
    el('p', { class: 'muted' }, '按类别练习，答完即看解析；不限次数，不计积分和排名。')),
    el('div', { class: 'menu', id: 'categories' }, categories.map((c) => el('button', { class: 'secondary', 'data-category': c.code,
      onclick: () => show(async () => practiceQuestion(await call('/api/v1/practice-sessions', { method: 'POST', body: { category: c.code, size: 10 } }))) },
    `${c.name || c.code}（${c.questions}题）`))));
}

function practiceQuestion(session) {
  if (session.finished) {
    fill(view, el('div', { class: 'card', id: 'practice-summary' }, el('h2', {}, '本轮练习完成'),
      el('p', {}, `答对 ${session.correct} / ${session.total} 题。`),
      el('button', { class: 'big', onclick: () => show(practiceMenu) }, '再练一轮'),
      el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页')));
    return;
  }
  const q = session.question;
  let after = session;
  question(q, {
    label: `练习 ${q.index}/${q.total}`,
    answer: async (optionIds) => {
      const r = await call(`/api/v1/practice-sessions/${session.id}/answers`, { method: 'POST', body: { index: q.index, optionIds } });
      after = r.session;
      return r;
    },
    next: () => practiceQuestion(after),
  });
}

// ------------------------------------------------------------------ the prize wheel and my prizes

/** A request id per spin, sent again on a retry (crypto.randomUUID needs HTTPS; this works on plain HTTP too). */
function requestId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function lottery() {
  const mine = await call(`/api/v1/me/lottery?campaign=${campaign.id}`);
  const wheel = el('div', { class: 'wheel', id: 'wheel' }, el('span', {}, '安全'));
  const result = el('p', { id: 'draw-result', class: 'verdict' });
  const left = el('strong', { id: 'chances-left' }, mine.chancesLeft);
  const spin = el('button', { id: 'draw', class: 'big', disabled: mine.chancesLeft <= 0, onclick: () => attempt(async () => {
    spin.disabled = true;
    wheel.classList.remove('spinning');
    void wheel.offsetWidth;
    wheel.classList.add('spinning');
    const id = requestId();
    let d;
    try {
      d = await call(`/api/v1/campaigns/${campaign.id}/draws`, { method: 'POST', body: { requestId: id } });
    } catch (e) {
      // A lost answer is asked again with the same id: the draw it made (or nothing) comes back, never a second one.
      if (e.status !== 0 && e.status !== 503) throw e;
      d = await call(`/api/v1/campaigns/${campaign.id}/draws`, { method: 'POST', body: { requestId: id } });
    }
    await new Promise((r) => setTimeout(r, 600));
    result.className = `verdict ${d.prize.kind === 'THANKS' ? 'bad' : 'ok'}`;
    result.textContent = d.prize.kind === 'THANKS' ? d.prize.name : `恭喜获得：${d.prize.name}`;
    left.textContent = d.chancesLeft;
    spin.disabled = d.chancesLeft <= 0;
    fill(prizes, ...prizeRows((await call(`/api/v1/me/lottery?campaign=${campaign.id}`)).draws));
  }) }, '转动转盘');
  const prizes = el('div', { id: 'my-prizes' }, prizeRows(mine.draws));
  fill(view, el('div', { class: 'card' }, el('h2', {}, '幸运转盘'),
    el('p', {}, '剩余抽奖机会：', left, ' 次（每答对 ', String(campaign.rules.correctPerChance), ' 题获得 1 次）'),
    mine.drawDeadline ? el('p', { class: 'muted' }, `抽奖截止：${new Date(mine.drawDeadline).toLocaleString('zh-CN')}`)
      : el('p', { class: 'muted' }, '本次竞赛暂未设置奖品。'),
    wheel, spin, result),
  el('div', { class: 'card' }, el('h2', {}, '我的奖品'), prizes),
  el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页'));
}

function prizeRows(draws) {
  const won = draws.filter((d) => d.prize.kind !== 'THANKS');
  if (!won.length) return [el('p', { class: 'muted' }, '还没有奖品。')];
  return won.map((d) => el('div', { class: 'prize', 'data-draw': d.id },
    el('strong', {}, d.prize.name), ' ',
    el('span', { class: 'muted' }, new Date(d.drawnAt).toLocaleString('zh-CN')), ' ',
    d.claimed ? el('span', { class: 'tag' }, '已提交领奖信息')
      : d.claimable ? el('button', { class: 'secondary claim', onclick: () => show(claim, d) }, '填写领奖信息')
        : el('span', { class: 'tag' }, d.prize.kind === 'POINTS' ? '积分已到账' : '无需领取')));
}

async function claim(d) {
  const physical = d.prize.kind === 'PHYSICAL';
  const name = el('input', { id: 'claim-name', maxlength: 40 });
  const phone = el('input', { id: 'claim-phone', type: 'tel', maxlength: 11 });
  const address = el('input', { id: 'claim-address', maxlength: 200 });
  fill(view, el('div', { class: 'card' }, el('h2', {}, `领取：${d.prize.name}`),
    el('p', { class: 'muted' }, '领奖信息加密保存，仅用于发放奖品。'
      + (d.claimDeadline ? `请在 ${new Date(d.claimDeadline).toLocaleString('zh-CN')} 前提交。` : '')),
    field('收件人姓名', name), field(physical ? '手机号' : '充值手机号', phone),
    physical ? field('收货地址', address) : null,
    el('button', { id: 'submit-claim', class: 'big', onclick: () => attempt(async () => {
      await call(`/api/v1/draws/${d.id}/claim`, { method: 'PUT', body: { name: name.value.trim(), phone: phone.value.trim(),
        address: physical ? address.value.trim() : null } });
      await show(lottery);
    }) }, '提交'),
    el('button', { class: 'big secondary', onclick: () => show(lottery) }, '返回')));
}

// ------------------------------------------------------------------ hazard snapshots (随手拍)

const HAZARDS = { HAZCHEM: '危险化学品', MINING: '矿山', INDUSTRY_TRADE: '工贸', ROAD_TRAFFIC: '道路交通',
  CONSTRUCTION: '建筑施工', FISHING_VESSEL: '渔业船舶', FIRE: '消防', GAS: '燃气', SPECIAL_EQUIPMENT: '特种设备', OTHER: '其他' };
const HAZARD_STATUS = { SUBMITTED: '已提交', ACCEPTED: '已受理', VERIFYING: '核查中', RECTIFYING: '整改中', CLOSED: '已办结',
  REJECTED: '经核查不属实', DUPLICATE: '重复举报', TRANSFERRED: '已移交' };

async function hazard() {
  const chosen = (me.regionPath || []).map((r) => r.code);
  const regions = regionPicker(chosen, 'hz-');
  const category = el('select', { id: 'hz-category' }, Object.entries(HAZARDS).map(([k, v]) => el('option', { value: k }, v)));
  const description = el('textarea', { id: 'hz-description', rows: 4, maxlength: 2000, placeholder: '隐患或违法行为是什么、在哪里（至少5个字）' });
  const address = el('input', { id: 'hz-address', maxlength: 200, placeholder: '详细地址（可不填）' });
  const unitName = el('input', { id: 'hz-unit', maxlength: 200, placeholder: '涉及单位名称（可不填）' });
  // capture: phones open the camera; a file from the album works too.
  const photos = el('input', { id: 'hz-photos', type: 'file', accept: 'image/jpeg,image/png,image/webp', capture: 'environment', multiple: true });
  const anonymous = el('input', { id: 'hz-anonymous', type: 'checkbox' });
  const reporter = el('input', { id: 'hz-reporter', maxlength: 40, value: me.displayName || '', placeholder: '实名举报人姓名' });
  let location = null;
  const where = el('span', { class: 'muted', id: 'hz-where' }, '未定位');
  const locate = el('button', { class: 'secondary', onclick: () => {
    if (!navigator.geolocation) { where.textContent = '此设备不支持定位'; return; }
    navigator.geolocation.getCurrentPosition((p) => {
      location = { lat: p.coords.latitude, lng: p.coords.longitude };
      where.textContent = `已定位（精度约 ${Math.round(p.coords.accuracy)} 米）`;
    }, () => { where.textContent = '定位失败，可填写地址'; }, { enableHighAccuracy: true, timeout: 10000 });
  } }, '使用当前位置');
  fill(view, el('div', { class: 'card' }, el('h2', {}, '隐患随手拍'),
    el('p', { class: 'muted' }, '发现事故隐患或安全生产违法行为，拍照举报。经核查属实的，可按规定获得奖励。'),
    field('类别', category), field('描述', description), regions.node, field('地址', address),
    el('div', { class: 'row' }, locate, where), field('涉及单位', unitName),
    field('照片（1-9张，单张不超过10MB）', photos),
    el('label', { class: 'row' }, anonymous, '匿名举报（不保存举报人信息，凭查询码和密钥查询进度）'),
    field('举报人姓名', reporter),
    el('button', { id: 'hz-submit', class: 'big', onclick: () => attempt(async () => {
      const files = [...photos.files];
      if (!files.length) throw new Error('请至少拍摄或选择一张照片');
      if (!regions.code()) throw new Error('请选择隐患所在区县');
      const report = { category: category.value, description: description.value.trim(), regionCode: regions.code(),
        address: address.value.trim() || null, unitName: unitName.value.trim() || null, anonymous: anonymous.checked,
        reporterName: anonymous.checked ? null : reporter.value.trim(), gpsConsent: false,
        ...(location ? { lat: location.lat, lng: location.lng, coordinateSystem: 'WGS84' } : {}) };
      const form = new FormData();
      form.append('report', new Blob([JSON.stringify(report)], { type: 'application/json' }));
      files.forEach((f) => form.append('photos', f, f.name));
      const done = await api('/api/v1/hazard-reports', { method: 'POST', body: form, token: anonymous.checked ? undefined : token });
      submitted(done);
    }) }, '提交举报')));
  await regions.load();
}

function submitted(done) {
  fill(view, el('div', { class: 'card', id: 'hz-done' }, el('h2', {}, '举报已提交'),
    el('p', {}, '查询码：', el('strong', { id: 'hz-code' }, done.trackingCode)),
    done.trackingSecret ? [el('p', {}, '查询密钥：', el('strong', { id: 'hz-secret' }, done.trackingSecret)),
      el('p', { class: 'error' }, '密钥只显示这一次，请截图或抄下保存；凭查询码和密钥可查询处理进度。')]
      : el('p', { class: 'muted' }, '可在“我的举报”中查看处理进度。'),
    el('button', { class: 'big secondary', onclick: () => show(track, done.trackingCode, done.trackingSecret || '') }, '查询进度'),
    el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页')));
}

async function track(code = '', secret = '') {
  const codeInput = el('input', { id: 'track-code', value: code, maxlength: 20 });
  const secretInput = el('input', { id: 'track-secret', value: secret, maxlength: 64 });
  const out = el('div', { id: 'track-result' });
  const look = () => attempt(async () => {
    const r = await api(`/api/v1/hazard-reports/track/${encodeURIComponent(codeInput.value.trim())}`,
      { headers: { 'X-Tracking-Secret': secretInput.value.trim() } });
    fill(out, el('p', {}, '状态：', el('strong', { id: 'track-status' }, HAZARD_STATUS[r.status] || r.status)),
      ...(r.timeline || []).map((t) => el('p', { class: 'muted' }, `${new Date(t.at).toLocaleString('zh-CN')} ${HAZARD_STATUS[t.status] || t.status}${t.note ? '：' + t.note : ''}`)));
  });
  fill(view, el('div', { class: 'card' }, el('h2', {}, '查询举报进度'), field('查询码', codeInput),
    field('查询密钥（匿名举报）', secretInput), el('button', { id: 'track-go', class: 'big', onclick: look }, '查询'), out));
  if (code && secret) await look();
}

async function myHazards() {
  const page = await call('/api/v1/me/hazard-reports');
  fill(view, el('div', { class: 'card', id: 'my-hazard-list' }, el('h2', {}, '我的举报'),
    page.items.length ? page.items.map((r) => el('div', { class: 'prize' }, el('strong', {}, HAZARDS[r.category] || r.category), ' ',
      el('span', { class: 'tag' }, HAZARD_STATUS[r.status] || r.status), ' ',
      el('span', { class: 'muted' }, `${new Date(r.submittedAt).toLocaleString('zh-CN')} · 查询码 ${r.trackingCode}`)))
      : el('p', { class: 'muted' }, '还没有实名举报。匿名举报请凭查询码和密钥查询。'),
    el('button', { class: 'big secondary', onclick: () => show(track) }, '凭查询码查询')));
}

// ------------------------------------------------------------------ check-in at an activity (扫码签到)

/** The code from what a poster's QR holds: the check-in link (…?checkin=<code>) or the code alone. */
function codeOf(text) {
  const t = (text || '').trim();
  const at = t.indexOf('checkin=');
  return at >= 0 ? decodeURIComponent(t.slice(at + 8).split('&')[0]) : t;
}

async function checkIn(code) {
  const manual = el('input', { id: 'checkin-code', placeholder: '扫不了码时，输入海报上的签到码', value: code || '' });
  const out = el('div', { id: 'checkin-result' });
  const send = (text) => attempt(async () => {
    const nonce = requestId().replace(/-/g, '');
    const r = await call('/api/v1/check-ins', { method: 'POST', body: { code: codeOf(text), nonce } });
    fill(out, el('p', { class: 'verdict ok', id: 'checkin-verdict' },
      r.result === 'ALREADY_CHECKED_IN' ? '已签到过，无需重复签到' : '签到成功'),
    el('p', {}, r.event ? `${r.event.kindTitle} · ${r.event.name}` : ''),
    r.bonusChances > 0 ? el('p', {}, `签到奖励：${r.bonusChances} 次抽奖机会`) : null);
  });
  const scanner = el('div', {});
  // Where the browser can read QR codes itself (BarcodeDetector), the camera scans; elsewhere the code is typed, or
  // the phone's own scanner opens this page with ?checkin=.
  if ('BarcodeDetector' in window && navigator.mediaDevices) {
    scanner.append(el('button', { class: 'big', id: 'scan', onclick: () => attempt(async () => {
      const video = el('video', { playsinline: true, muted: true, style: 'width:100%' });
      fill(scanner, video);
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.srcObject = stream;
      await video.play();
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      const look = async () => {
        const found = await detector.detect(video).catch(() => []);
        if (found.length) {
          stream.getTracks().forEach((t) => t.stop());
          fill(scanner);
          await send(found[0].rawValue);
        } else if (stream.active) {
          requestAnimationFrame(look);
        }
      };
      look();
    }) }, '打开相机扫码'));
  }
  fill(view, el('div', { class: 'card' }, el('h2', {}, '活动签到'), scanner, field('签到码', manual),
    el('button', { id: 'checkin-submit', class: 'big', onclick: () => send(manual.value) }, '签到'), out));
  if (code) await send(code);
}

// ------------------------------------------------------------------ ranks

async function ranks() {
  const r = await call(`/api/v1/me/ranks?campaign=${campaign.id}`);
  const row = (label, rank) => el('tr', {}, el('td', {}, label), el('td', { class: 'num' }, rank.rank ? `第 ${fmt.format(rank.rank)} 名` : '未上榜'),
    el('td', { class: 'num' }, `${fmt.format(rank.points)} 分`), el('td', { class: 'num muted' }, `共 ${fmt.format(rank.of)}`));
  fill(view, el('div', { class: 'card' }, el('h2', {}, '我的排名'),
    el('table', { id: 'my-ranks' }, row('全国', r.national), r.regions.map((x) => row(x.scope ? x.scope.name : '', x)),
      r.unit ? [row(`${r.unit.name}（全国）`, r.unit.national), row(`${r.unit.name}（区县内）`, r.unit.county)] : null)),
  el('button', { class: 'big secondary', onclick: () => show(home) }, '返回首页'));
}

async function start() {
  if (!tokens) return show(login);
  me = await call('/api/v1/me');
  document.getElementById('home').hidden = !me.profileComplete;
  // Opened from a poster's QR code (…/play?checkin=<code>): check in once signed in.
  const pending = new URLSearchParams(location.search).get('checkin');
  if (pending && me.profileComplete) {
    history.replaceState(null, '', location.pathname);
    return show(checkIn, pending);
  }
  return show(me.profileComplete ? home : profile);
}

document.getElementById('home').onclick = () => show(home);
start().catch((e) => { console.error(e); showError(e); });
